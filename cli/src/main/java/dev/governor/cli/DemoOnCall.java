package dev.governor.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo's on-call team, so that a fast burn pages someone: three users whose webhooks point at
 * the {@link DemoPager} of this run, a schedule in which dave and erin take 12-hour turns (someone is
 * always on call, and which of them depends on the time of day), and an escalation policy for the
 * burning SLO's service that pages whoever is on call at once and frank, the team lead, after
 * {@link #ESCALATE_AFTER} when nobody acknowledged.
 *
 * <p>The documents are written here rather than read from examples/oncall because the pager's port
 * and secret are only known at run time; their names differ from the example's (alice, bob, carol,
 * primary, shop-team), so applying examples/oncall to the demo server as docs/oncall.md shows adds
 * a team instead of pointing the demo's pages at a port nothing listens on.
 */
final class DemoOnCall {

  static final String SCHEDULE = "demo-oncall";
  static final String POLICY = "demo-team";
  static final List<String> ROTATION = List.of("dave", "erin");
  static final String LEAD = "frank";

  /**
   * The wait before level 2. A burn's page alert fires about two thirds into the burn (the burn
   * ratio has 50 % headroom over the page threshold, see {@link DemoTraffic#burnErrorRatio}) and
   * resolves about 5 minutes after it ends, when the rule's 5-minute window is quiet again, so an
   * incident stays open some 5-6 minutes whatever --burn-for is. Two minutes after the first page
   * leaves time to acknowledge before the escalation and still escalates well before it resolves.
   */
  static final Duration ESCALATE_AFTER = Duration.ofMinutes(2);

  private DemoOnCall() {}

  /** Users, schedule and policy as one YAML stream, the way {@code governor oncall apply} sends a file. */
  static String documents(DemoPager pager, String service, Duration escalateAfter) {
    StringBuilder yaml = new StringBuilder();
    user(yaml, "dave", "Dave Doe", pager);
    user(yaml, "erin", "Erin Eriksen", pager);
    user(yaml, LEAD, "Frank Fischer (team lead)", pager);
    yaml.append("""
        apiVersion: governor.dev/v1
        kind: Schedule
        metadata:
          name: %s
        spec:
          timeZone: UTC
          layers:
            - name: twelve-hours
              users: [%s]
              start: 2020-01-06T08:00
              turn: 12h
        ---
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata:
          name: %s
        spec:
          services: [%s]
          levels:
            - after: 0m
              notify:
                - schedule: %s
            - after: %s
              notify:
                - user: %s
        """.formatted(SCHEDULE, String.join(", ", ROTATION), POLICY, service, SCHEDULE,
        DemoTraffic.human(escalateAfter), LEAD));
    return yaml.toString();
  }

  private static void user(StringBuilder yaml, String name, String displayName, DemoPager pager) {
    // An inline secret is acceptable here only because it is made up per run and never leaves 127.0.0.1.
    yaml.append("""
        apiVersion: governor.dev/v1
        kind: User
        metadata:
          name: %s
        spec:
          displayName: %s
          contacts:
            - webhook: %s
              secret: %s
        ---
        """.formatted(name, displayName, pager.url(name), pager.secret()));
  }

  /**
   * Applies the team for {@code service} and returns who is on call now, as the server computes it
   * from the schedule; a refusal is a bug of {@link #documents} and fails the demo.
   */
  static Optional<String> apply(ApiClient client, DemoPager pager, String service) {
    return apply(client, pager, service, ESCALATE_AFTER);
  }

  /** As {@link #apply(ApiClient, DemoPager, String)}, escalating to the lead after {@code escalateAfter}. */
  static Optional<String> apply(ApiClient client, DemoPager pager, String service, Duration escalateAfter) {
    ApiResponse r = client.post("/api/v1/oncall?file=" + UrlPath.query("(demo) on-call team"), "application/yaml",
        documents(pager, service, escalateAfter));
    if (!r.ok()) {
      throw new CliFailure("the demo could not apply its on-call team: HTTP " + r.status() + " "
          + String.join("; ", Problems.describe(r, "(demo) on-call team")));
    }
    ApiResponse now = client.get("/api/v1/schedules/" + UrlPath.segment(SCHEDULE) + "/oncall");
    return now.ok() ? Json.text(now.body(), "user") : Optional.empty();
  }
}
