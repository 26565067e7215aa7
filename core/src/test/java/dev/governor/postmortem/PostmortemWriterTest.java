package dev.governor.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.Change;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.basics.EventCounts;
import dev.governor.slo.Ratio;
import dev.governor.slo.ServiceName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostmortemWriterTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/postmortem-checkout.md");
  private static final Instant OPENED = Instant.parse("2026-11-20T10:02:00Z");

  private static Deployment deployment(String id, String service, Instant liveAt) {
    return new Deployment(DeploymentId.of(id), new ServiceName(service), "production", "2.4.1", "abc1234def5678",
        List.of(new Change.Commit("abc1234def5678", liveAt.minus(Duration.ofHours(3)), liveAt.minus(Duration.ofHours(2))),
            new Change.PullRequest(481, liveAt.minus(Duration.ofDays(1)), Optional.of(liveAt.minus(Duration.ofHours(1))),
                Optional.empty())),
        liveAt.minus(Duration.ofMinutes(4)), Optional.of(liveAt), DeploymentOutcome.SUCCEEDED, Optional.empty(),
        Optional.empty(), List.of(), "github", Map.of("pipeline", "https://ci.example.com/runs/77"), Map.of());
  }

  private static Postmortem checkoutOutage() {
    // 99.9 % over a window of 2,000,000 events allows 2,000 failures; 500 failed during the
    // incident, so it spent 25 % of the budget.
    SloImpact availability = new SloImpact("checkout-availability", "availability", Ratio.parsePercent("99.9"),
        new EventCounts(39_500, 40_000), new EventCounts(1_998_000, 2_000_000), 0.631);
    return new Postmortem("#12", "Checkout is burning its error budget", "critical", Set.of("checkout"),
        OPENED, Optional.of(OPENED.plus(Duration.ofMinutes(4))), Optional.of("alice"),
        Optional.of(OPENED.plus(Duration.ofMinutes(37))), Optional.of("alice"), Optional.empty(),
        List.of(availability), Optional.of(deployment("deploy-123", "checkout", OPENED.minus(Duration.ofMinutes(4)))),
        List.of(
            new Postmortem.Event(OPENED.plus(Duration.ofMinutes(4)), "alice", "acknowledged"),
            new Postmortem.Event(OPENED, "governor", "alert page | checkout-availability fired"),
            new Postmortem.Event(OPENED.plus(Duration.ofMinutes(37)), "alice", "resolved\nafter rollback")),
        OPENED.plus(Duration.ofHours(1)));
  }

  @Test
  void aResolvedIncidentWithASuspectDeploymentReadsAsTheGoldenDraft() throws IOException {
    String markdown = PostmortemWriter.markdown(checkoutOutage());
    if (Boolean.getBoolean("golden.update")) Files.writeString(GOLDEN, markdown, StandardCharsets.UTF_8);
    assertThat(markdown).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void budgetConsumedIsTheIncidentsFailuresOverTheWindowsAllowedFailures() {
    SloImpact impact = checkoutOutage().impacts().get(0);
    assertThat(impact.badEvents()).isEqualTo(500);
    assertThat(impact.budgetConsumed()).isEqualTo(0.25);
  }

  @Test
  void aWindowWithoutEventsHasSpentNoBudget() {
    SloImpact quiet = new SloImpact("s", "o", Ratio.parsePercent("99"), EventCounts.NONE, EventCounts.NONE, 1);
    assertThat(quiet.budgetConsumed()).isZero();
  }

  @Test
  void theSuspectIsTheLastDeploymentOfAnAffectedServiceBeforeTheIncident() {
    List<Deployment> deployments = List.of(
        deployment("older", "checkout", OPENED.minus(Duration.ofHours(5))),
        deployment("latest-before", "checkout", OPENED.minus(Duration.ofMinutes(30))),
        deployment("after-opening", "checkout", OPENED.plus(Duration.ofMinutes(1))),
        deployment("other-service", "search", OPENED.minus(Duration.ofMinutes(1))),
        deployment("too-old", "checkout", OPENED.minus(Duration.ofDays(3))));
    assertThat(Postmortem.suspect(deployments, Set.of("checkout"), OPENED, Duration.ofHours(24)))
        .map(d -> d.id().value()).contains("latest-before");
    assertThat(Postmortem.suspect(deployments, Set.of("payments"), OPENED, Duration.ofHours(24))).isEmpty();
  }

  @Test
  void anOpenIncidentSaysSoAndCountsItsDurationToTheDraft() {
    Postmortem open = new Postmortem("#13", "Search is slow", "warning", Set.of("search"), OPENED, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(1200L), List.of(), Optional.empty(),
        List.of(), OPENED.plus(Duration.ofMinutes(90)));
    String markdown = PostmortemWriter.markdown(open);
    assertThat(markdown)
        .contains("still open after 1 h 30 min")
        .contains("| Time to acknowledge | not acknowledged |")
        .contains("| Users affected | 1,200 |")
        .contains("No SLO that Governor evaluates was affected.")
        .contains("No deployment of an affected service went live shortly before the incident.");
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(PostmortemWriter.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
    assertThat(PostmortemWriter.duration(Duration.ofMinutes(37))).isEqualTo("37 min");
    assertThat(PostmortemWriter.duration(Duration.ofMinutes(125))).isEqualTo("2 h 05 min");
    assertThat(PostmortemWriter.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
  }
}
