package dev.governor.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployments the demo records, so that its DORA page shows real numbers: the {@link #DAYS}
 * whole UTC days before today, for three of the demo's services, on a schedule that repeats every
 * {@link #CYCLE_DAYS} days (by the day's number since 1970, so a restart on a later day records the
 * same ids for the days it shares with the earlier run, and recording is idempotent by id).
 *
 * <p>Over any {@link #DAYS} days (two whole cycles) the numbers are the same, worked out in
 * {@code DemoDeploymentsIT}. In each cycle, with {@code c} the day's place in it (0-13):
 *
 * <ul>
 *   <li><b>checkout</b> deploys every day at 10:00, live at 10:15, with two commits: one from the
 *       day before at 16:00 and one at 09:00. On {@code c = 7} the deploy fails (it never reaches
 *       production); on {@code c = 4} it is rolled back at 10:45; on {@code c = 11} a hotfix follows
 *       at 13:00 (live 13:05, one commit of 12:30), which makes the 10:00 deploy a failed one.
 *   <li><b>catalog</b> deploys every other day ({@code c} even) at 14:00, live at 14:20, with one
 *       pull request whose first commit was three days before at 15:00; on {@code c = 6} it is
 *       rolled back at 15:20.
 *   <li><b>identity</b> deploys on {@code c = 1} and {@code c = 8} at 09:00, live at 09:30, with one
 *       commit of five days before at 09:00.
 * </ul>
 *
 * <p>Every failure recovers the same day, so no window of whole days cuts a recovery in two.
 */
final class DemoDeployments {

  static final int DAYS = 28;
  static final int CYCLE_DAYS = 14;

  private DemoDeployments() {}

  /** A change as the deployments API takes it: a commit or a pull request. */
  sealed interface Change {
    record Commit(String sha, Instant committedAt) implements Change {}

    record PullRequest(long number, Instant openedAt, Instant mergedAt, Instant firstCommitAt) implements Change {}
  }

  /**
   * One deployment to record. {@code failed}: the deploy itself failed, it never went live;
   * {@code rolledBackAt}: it went live and was rolled back then.
   */
  record Planned(String id, String service, String version, String commit, Instant startedAt, Instant finishedAt,
      boolean failed, List<Change> changes, Map<String, String> labels, Optional<Instant> rolledBackAt) {}

  /** The deployments of the {@link #DAYS} days before {@code today}, oldest first. */
  static List<Planned> plan(LocalDate today) {
    List<Planned> plan = new ArrayList<>();
    for (LocalDate day = today.minusDays(DAYS); day.isBefore(today); day = day.plusDays(1)) {
      int c = (int) Math.floorMod(day.toEpochDay(), CYCLE_DAYS);
      if (c == 1 || c == 8) plan.add(identity(day));
      plan.add(checkout(day, c));
      if (c == 11) plan.add(checkoutHotfix(day));
      if (c % 2 == 0) plan.add(catalog(day, c));
    }
    return plan;
  }

  private static Planned checkout(LocalDate day, int c) {
    String id = "demo-checkout-" + day;
    List<Change> changes = List.of(
        new Change.Commit(sha(id + "/1"), at(day.minusDays(1), 16, 0)),
        new Change.Commit(sha(id + "/2"), at(day, 9, 0)));
    return new Planned(id, "checkout", day + ".1", sha(id + "/2"), at(day, 10, 0), at(day, 10, 15), c == 7,
        changes, Map.of(), c == 4 ? Optional.of(at(day, 10, 45)) : Optional.empty());
  }

  private static Planned checkoutHotfix(LocalDate day) {
    String id = "demo-checkout-" + day + "-hotfix";
    return new Planned(id, "checkout", day + ".2", sha(id), at(day, 13, 0), at(day, 13, 5), false,
        List.of(new Change.Commit(sha(id), at(day, 12, 30))), Map.of("hotfix", "true"), Optional.empty());
  }

  private static Planned catalog(LocalDate day, int c) {
    String id = "demo-catalog-" + day;
    long number = 100 + day.toEpochDay() % 1000;
    List<Change> changes = List.of(new Change.PullRequest(number, at(day.minusDays(2), 11, 0), at(day, 13, 0),
        at(day.minusDays(3), 15, 0)));
    return new Planned(id, "catalog", "3." + day.toEpochDay(), sha(id), at(day, 14, 0), at(day, 14, 20), false,
        changes, Map.of(), c == 6 ? Optional.of(at(day, 15, 20)) : Optional.empty());
  }

  private static Planned identity(LocalDate day) {
    String id = "demo-identity-" + day;
    return new Planned(id, "identity", "v" + day, sha(id), at(day, 9, 0), at(day, 9, 30), false,
        List.of(new Change.Commit(sha(id), at(day.minusDays(5), 9, 0))), Map.of(), Optional.empty());
  }

  private static Instant at(LocalDate day, int hour, int minute) {
    return day.atTime(LocalTime.of(hour, minute)).toInstant(ZoneOffset.UTC);
  }

  /** A made-up but stable commit SHA. */
  static String sha(String seed) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }

  /** What recording did: how many deployments were new, and how many were there already. */
  record Recorded(int created, int existing) {}

  /**
   * Records the plan through the HTTP API, as a pipeline would: each deployment, then its rollback
   * when it had one. A deployment that is already stored (a restart) is left as it is.
   */
  static Recorded record(ApiClient client, LocalDate today) {
    int created = 0;
    int existing = 0;
    for (Planned p : plan(today)) {
      ApiResponse r = client.post("/api/v1/deployments", "application/json", ApiClient.JSON.writeValueAsString(body(p)));
      if (!r.ok()) {
        throw new CliFailure("the demo could not record deployment " + p.id() + ": HTTP " + r.status() + " " + r.body());
      }
      if (r.status() == 200) {
        existing++;
        continue;
      }
      created++;
      if (p.rolledBackAt().isPresent()) {
        ObjectNode outcome = ApiClient.JSON.createObjectNode()
            .put("outcome", "rolled_back").put("finishedAt", p.rolledBackAt().get().toString());
        ApiResponse rolledBack = client.post("/api/v1/deployments/" + UrlPath.segment(p.id()) + "/outcome",
            "application/json", ApiClient.JSON.writeValueAsString(outcome));
        if (!rolledBack.ok()) {
          throw new CliFailure("the demo could not roll back deployment " + p.id() + ": HTTP " + rolledBack.status());
        }
      }
    }
    return new Recorded(created, existing);
  }

  static ObjectNode body(Planned p) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("id", p.id());
    body.put("service", p.service());
    body.put("environment", "production");
    body.put("version", p.version());
    body.put("commit", p.commit());
    body.put("outcome", p.failed() ? "failed" : "succeeded");
    body.put("startedAt", p.startedAt().toString());
    body.put("finishedAt", p.finishedAt().toString());
    body.put("trigger", "governor-demo");
    ArrayNode changes = body.putArray("changes");
    for (Change change : p.changes()) {
      ObjectNode c = changes.addObject();
      switch (change) {
        case Change.Commit commit -> {
          c.put("commit", commit.sha());
          c.put("committedAt", commit.committedAt().toString());
        }
        case Change.PullRequest pr -> {
          c.put("pullRequest", pr.number());
          c.put("openedAt", pr.openedAt().toString());
          c.put("mergedAt", pr.mergedAt().toString());
          c.put("firstCommitAt", pr.firstCommitAt().toString());
        }
      }
    }
    ObjectNode labels = body.putObject("labels");
    p.labels().forEach(labels::put);
    return body;
  }
}
