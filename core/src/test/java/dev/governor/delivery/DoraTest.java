package dev.governor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.DoraReport.Direction;
import dev.governor.slo.Ratio;
import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoraTest {

  static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  static final TimeRange TEN_DAYS = new TimeRange(T0, T0.plus(Duration.ofDays(10)));

  static Deployment deploy(String id, Duration at, DeploymentOutcome outcome) {
    Instant start = T0.plus(at);
    return new Deployment(DeploymentId.of(id), ServiceName.of("checkout"), "production", "v-" + id, "abcdef1",
        List.of(), start, Optional.of(start.plus(Duration.ofMinutes(10))), outcome, Optional.empty(),
        Optional.empty(), List.of(), "ci", Map.of(), Map.of());
  }

  static Deployment ok(String id, Duration at) {
    return deploy(id, at, DeploymentOutcome.SUCCEEDED);
  }

  static Deployment hotfix(String id, Duration at) {
    Deployment d = ok(id, at);
    return new Deployment(d.id(), d.service(), d.environment(), d.version(), d.commitSha(), d.changes(),
        d.startedAt(), d.finishedAt(), d.outcome(), Optional.empty(), Optional.empty(), List.of(), "ci",
        Map.of(), Map.of("hotfix", "true"));
  }

  static Duration days(double d) {
    return Duration.ofMinutes((long) (d * 24 * 60));
  }

  @Test
  void five_deployments_of_which_two_caused_incidents_is_a_40_percent_change_fail_rate() {
    List<Deployment> deployments = List.of(
        ok("d1", days(1)),
        ok("d2", days(2)).withIncident("inc-1"),
        ok("d3", days(3)),
        ok("d4", days(4)).withIncident("inc-2"),
        ok("d5", days(5)));

    DoraReport report = Dora.report(TEN_DAYS, deployments, List.of());

    assertThat(report.changeFailRate().count()).isEqualTo(2);
    assertThat(report.changeFailRate().of()).isEqualTo(5);
    assertThat(report.changeFailRate().rate()).contains(Ratio.of(40, 100));
    assertThat(report.changeFailRate().band()).isEqualTo(DoraBand.LOW);
  }

  @Test
  void rolled_back_marked_failed_after_success_and_followed_by_a_hotfix_all_count_as_failed() {
    List<Deployment> deployments = List.of(
        deploy("d1", days(1), DeploymentOutcome.ROLLED_BACK),
        ok("d2", days(2)).withFailedAfterSuccess(T0.plus(days(2.5))),
        ok("d3", days(3)),
        hotfix("d4", days(3.1)),
        ok("d5", days(4)),
        ok("d6", days(5)),
        ok("d7", days(6)),
        ok("d8", days(7)),
        ok("d9", days(8)),
        ok("d10", days(9)),
        deploy("never-went-out", days(9.5), DeploymentOutcome.FAILED));

    DoraReport report = Dora.report(TEN_DAYS, deployments, List.of());

    // d1 rolled back, d2 failed after success, d3 followed by hotfix d4: 3 of 10 production deploys
    assertThat(report.changeFailRate().rate()).contains(Ratio.of(3, 10));
    // the hotfix is rework: 1 of 10, and DORA publishes no bands for rework
    assertThat(report.deploymentRework().rate()).contains(Ratio.of(1, 10));
    assertThat(report.deploymentRework().band()).isEqualTo(DoraBand.NOT_BANDED);
  }

  @Test
  void ten_deployments_in_ten_days_is_one_a_day_which_is_elite_and_the_gaps_are_the_distribution() {
    List<Deployment> deployments = new ArrayList<>();
    for (int i = 0; i < 10; i++) deployments.add(ok("d" + i, days(i)));
    // the previous ten days had two deployments
    deployments.add(ok("old1", days(-9)));
    deployments.add(ok("old2", days(-1)));

    DoraReport report = Dora.report(TEN_DAYS, deployments, List.of());

    assertThat(report.deploymentFrequency().deployments()).isEqualTo(10);
    assertThat(report.deploymentFrequency().perDay()).isEqualTo(1.0);
    assertThat(report.deploymentFrequency().band()).isEqualTo(DoraBand.ELITE);
    assertThat(report.deploymentFrequency().medianInterval()).contains(Duration.ofDays(1));
    assertThat(report.deploymentFrequency().trend().direction()).isEqualTo(Direction.IMPROVED);
    assertThat(report.deploymentFrequency().trend().previous()).contains(0.2);
  }

  @Test
  void frequency_bands_follow_the_dora_clusters() {
    assertThat(Dora.frequencyBand(3)).isEqualTo(DoraBand.ELITE);
    assertThat(Dora.frequencyBand(2.0 / 7)).isEqualTo(DoraBand.HIGH);
    assertThat(Dora.frequencyBand(2.0 / 30)).isEqualTo(DoraBand.MEDIUM);
    assertThat(Dora.frequencyBand(1.0 / 90)).isEqualTo(DoraBand.LOW);
  }

  @Test
  void lead_time_is_the_median_from_commit_to_live_and_a_squash_merge_counts_the_first_commit() {
    Deployment d = ok("d1", days(5)); // live at day 5 + 10 minutes
    Instant live = d.liveAt();
    List<Change> changes = List.of(
        new Change.Commit("aaaaaaa", live.minus(Duration.ofHours(2)), live.minus(Duration.ofHours(2))),
        new Change.Commit("bbbbbbb", live.minus(Duration.ofHours(6)), live.minus(Duration.ofHours(4))),
        // squash-merged PR: opened 3 days before live, merged 1 hour before, first commit 4 days before
        new Change.PullRequest(42, live.minus(Duration.ofDays(3)), Optional.of(live.minus(Duration.ofHours(1))),
            Optional.of(live.minus(Duration.ofDays(4)))));

    DoraReport report = Dora.report(TEN_DAYS, List.of(d.withChanges(changes)), List.of());

    // lead times: 2 h, 4 h (commit time, not author time), 96 h -> median 4 h, p90 96 h
    assertThat(report.changeLeadTime().samples()).isEqualTo(3);
    assertThat(report.changeLeadTime().median()).contains(Duration.ofHours(4));
    assertThat(report.changeLeadTime().p90()).contains(Duration.ofDays(4));
    assertThat(report.changeLeadTime().band()).isEqualTo(DoraBand.ELITE);
  }

  @Test
  void lead_time_bands() {
    assertThat(Dora.leadTimeBand(Duration.ofHours(23))).isEqualTo(DoraBand.ELITE);
    assertThat(Dora.leadTimeBand(Duration.ofDays(3))).isEqualTo(DoraBand.HIGH);
    assertThat(Dora.leadTimeBand(Duration.ofDays(20))).isEqualTo(DoraBand.MEDIUM);
    assertThat(Dora.leadTimeBand(Duration.ofDays(60))).isEqualTo(DoraBand.LOW);
  }

  @Test
  void recovery_ends_at_incident_resolution_rollback_or_the_next_good_deployment() {
    Deployment withIncident = ok("d1", days(1)).withIncident("inc-1"); // live day1+10m, resolved 30m later
    Deployment rolledBack = ok("d2", days(2)).withRolledBack(T0.plus(days(2)).plus(Duration.ofHours(2)));
    Deployment failedLater = ok("d3", days(3)).withFailedAfterSuccess(T0.plus(days(3.5)));
    Deployment fix = ok("d4", days(3).plusHours(5));
    Deployment unrecovered = ok("d5", days(6)).withIncident("inc-open");
    List<IncidentTimes> incidents = List.of(
        new IncidentTimes("inc-1", T0.plus(days(1)), Optional.of(withIncident.liveAt().plus(Duration.ofMinutes(30)))),
        new IncidentTimes("inc-open", T0.plus(days(6)), Optional.empty()));

    DoraReport report = Dora.report(TEN_DAYS,
        List.of(withIncident, rolledBack, failedLater, fix, unrecovered), incidents);

    // d1: 30 min (incident resolved); d2: 1 h 50 min (rollback at +2 h, live at +10 min);
    // d3: 5 h (next good deployment d4 went live 5 h after d3); d5: not recovered yet
    assertThat(report.failedDeploymentRecoveryTime().samples()).isEqualTo(3);
    assertThat(report.failedDeploymentRecoveryTime().pending()).isEqualTo(1);
    assertThat(report.failedDeploymentRecoveryTime().median()).contains(Duration.ofMinutes(110));
    assertThat(report.failedDeploymentRecoveryTime().p90()).contains(Duration.ofHours(5));
    assertThat(report.failedDeploymentRecoveryTime().band()).isEqualTo(DoraBand.HIGH);
  }

  @Test
  void recovery_bands() {
    assertThat(Dora.recoveryBand(Duration.ofMinutes(59))).isEqualTo(DoraBand.ELITE);
    assertThat(Dora.recoveryBand(Duration.ofHours(5))).isEqualTo(DoraBand.HIGH);
    assertThat(Dora.recoveryBand(Duration.ofDays(3))).isEqualTo(DoraBand.MEDIUM);
    assertThat(Dora.recoveryBand(Duration.ofDays(30))).isEqualTo(DoraBand.LOW);
  }

  @Test
  void change_fail_bands_and_the_trend_is_better_when_the_rate_falls() {
    assertThat(Dora.changeFailBand(Ratio.of(1, 20))).isEqualTo(DoraBand.ELITE);
    assertThat(Dora.changeFailBand(Ratio.of(1, 10))).isEqualTo(DoraBand.HIGH);
    assertThat(Dora.changeFailBand(Ratio.of(3, 20))).isEqualTo(DoraBand.MEDIUM);
    assertThat(Dora.changeFailBand(Ratio.of(1, 5))).isEqualTo(DoraBand.LOW);

    List<Deployment> deployments = List.of(
        ok("old1", days(-5)).withIncident("i"), ok("old2", days(-4)), // previous: 1 of 2
        ok("d1", days(1)).withIncident("j"), ok("d2", days(2)), ok("d3", days(3)), ok("d4", days(4)));
    DoraReport report = Dora.report(TEN_DAYS, deployments, List.of());
    assertThat(report.changeFailRate().rate()).contains(Ratio.of(1, 4));
    assertThat(report.changeFailRate().trend().direction()).isEqualTo(Direction.IMPROVED);
    assertThat(report.changeFailRate().trend().previous()).contains(0.5);
  }

  @Test
  void an_empty_period_has_no_data_rather_than_zero() {
    DoraReport report = Dora.report(TEN_DAYS, List.of(), List.of());
    assertThat(report.deploymentFrequency().band()).isEqualTo(DoraBand.NO_DATA);
    assertThat(report.changeLeadTime().median()).isEmpty();
    assertThat(report.changeFailRate().rate()).isEmpty();
    assertThat(report.changeFailRate().band()).isEqualTo(DoraBand.NO_DATA);
    assertThat(report.failedDeploymentRecoveryTime().band()).isEqualTo(DoraBand.NO_DATA);
  }

  @Test
  void median_of_an_even_count_is_the_mean_of_the_middle_two_and_p90_is_nearest_rank() {
    List<Duration> values = List.of(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5),
        Duration.ofMinutes(7));
    assertThat(Dora.median(values)).contains(Duration.ofMinutes(4));
    assertThat(Dora.p90(values)).contains(Duration.ofMinutes(7));
  }
}
