package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.Change;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.Dora;
import dev.governor.delivery.DoraBand;
import dev.governor.delivery.DoraReport;
import dev.governor.slo.Ratio;
import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DORA numbers of the demo's deployments, by hand, checked with the calculator over the 28 days
 * before each of 14 consecutive days (every place the cycle can start at). The schedule is in
 * {@link DemoDeployments}; per 14-day cycle, with c the day's place in it:
 *
 * <pre>
 * checkout, every day 10:00 (live 10:15), commits of the day before 16:00 and of 09:00
 *   c=7  the deploy fails: not a production deployment
 *   c=4  rolled back at 10:45
 *   c=11 a hotfix at 13:00 (live 13:05, a commit of 12:30) follows, so the 10:00 deploy failed
 *   production deployments per cycle: 14 - 1 (c=7) + 1 (hotfix) = 14; over 28 days 28, 1.0 a day: elite
 *   gaps between starts per cycle: 11 x 24 h, 48 h (c=6 to c=8), 3 h and 21 h (around the hotfix);
 *     28 deployments in the window have 27 of the 28 gaps of two cycles, the one left out being
 *     where the window cuts the cycle: sorted 3,3,21,21,24 x 21 or 22,48,48 (less the one left out);
 *     the median (14th) and the p90 (nearest rank: the 25th) are 24 h whichever gap is left out
 *   lead times: 13 regular deploys a cycle with 2 commits each, 18 h 15 min (16:00 the day before to
 *     10:15) and 1 h 15 min (09:00 to 10:15), and the hotfix's 35 min (12:30 to 13:05): 54 over 28 days;
 *     sorted 35 min x 2, 1 h 15 x 26, 18 h 15 x 26: median (27th and 28th) 1 h 15, p90 (49th) 18 h 15; elite
 *   failed: c=4 (rolled back) and c=11 (hotfix after it): 4 of 28 = 1/7 = 14.3 %: medium (at most 15 %)
 *   recovery: 30 min (10:15 to the rollback at 10:45) and 2 h 50 (10:15 to the hotfix live at 13:05),
 *     twice each: median (30 min + 2 h 50) / 2 = 1 h 40, p90 (4th) 2 h 50; high (under a day)
 *   rework: the 2 hotfixes of 28
 * catalog, c even 14:00 (live 14:20), a pull request whose first commit was 3 days before at 15:00:
 *   7 a cycle, 14 in 28 days, lead time 71 h 20 each; c=6 rolled back at 15:20: recovery 1 h, twice
 * identity, c=1 and c=8 09:00 (live 09:30), a commit of 5 days before at 09:00: 4, lead 120 h 30 each
 * all three:
 *   46 production deployments (28 + 14 + 4), 46/28 = 1.64 a day: elite
 *   72 lead times: 35 min x 2, 1 h 15 x 26, 18 h 15 x 26, 71 h 20 x 14, 120 h 30 x 4: median (36th and
 *     37th) 18 h 15: elite; p90 (65th) 71 h 20
 *   failed 6 of 46 (13.0 %): medium; recovery 30 min x 2, 1 h x 2, 2 h 50 x 2: median 1 h (high: not
 *     under an hour), p90 (6th) 2 h 50; rework 2 of 46
 * </pre>
 */
class DemoDeploymentsTest {

  static List<Deployment> deployments(LocalDate today) {
    return DemoDeployments.plan(today).stream().map(DemoDeploymentsTest::deployment).toList();
  }

  static Deployment deployment(DemoDeployments.Planned p) {
    List<Change> changes = p.changes().stream().<Change>map(c -> switch (c) {
      case DemoDeployments.Change.Commit commit ->
          new Change.Commit(commit.sha(), commit.committedAt(), commit.committedAt());
      case DemoDeployments.Change.PullRequest pr ->
          new Change.PullRequest(pr.number(), pr.openedAt(), Optional.of(pr.mergedAt()), Optional.of(pr.firstCommitAt()));
    }).toList();
    Deployment d = new Deployment(DeploymentId.of(p.id()), ServiceName.of(p.service()), "production", p.version(),
        p.commit(), changes, p.startedAt(), Optional.of(p.finishedAt()),
        p.failed() ? DeploymentOutcome.FAILED : DeploymentOutcome.SUCCEEDED, Optional.empty(), Optional.empty(),
        List.of(), "governor-demo", Map.of(), p.labels());
    return p.rolledBackAt().map(d::withRolledBack).orElse(d);
  }

  static DoraReport report(LocalDate today, Optional<String> service) {
    TimeRange period = new TimeRange(today.minusDays(28).atStartOfDay().toInstant(ZoneOffset.UTC),
        today.atStartOfDay().toInstant(ZoneOffset.UTC));
    List<Deployment> of = deployments(today).stream()
        .filter(d -> service.map(s -> d.service().value().equals(s)).orElse(true)).toList();
    return Dora.report(period, of, List.of());
  }

  static Duration hm(int hours, int minutes) {
    return Duration.ofHours(hours).plusMinutes(minutes);
  }

  @ParameterizedTest(name = "today {0} + 2026-03-01")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
  void checkout_hasTheHandCheckedNumbers_whereverTheWindowCutsTheCycle(int offset) {
    DoraReport r = report(LocalDate.parse("2026-03-01").plusDays(offset), Optional.of("checkout"));

    assertThat(r.deploymentFrequency().deployments()).isEqualTo(28);
    assertThat(r.deploymentFrequency().perDay()).isEqualTo(1.0);
    assertThat(r.deploymentFrequency().band()).isEqualTo(DoraBand.ELITE);
    assertThat(r.deploymentFrequency().medianInterval()).contains(Duration.ofHours(24));
    assertThat(r.deploymentFrequency().p90Interval()).contains(Duration.ofHours(24));
    assertThat(r.changeLeadTime().samples()).isEqualTo(54);
    assertThat(r.changeLeadTime().median()).contains(hm(1, 15));
    assertThat(r.changeLeadTime().p90()).contains(hm(18, 15));
    assertThat(r.changeLeadTime().band()).isEqualTo(DoraBand.ELITE);
    assertThat(r.changeFailRate().count()).isEqualTo(4);
    assertThat(r.changeFailRate().of()).isEqualTo(28);
    assertThat(r.changeFailRate().rate()).contains(Ratio.of(1, 7));
    assertThat(r.changeFailRate().band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(r.failedDeploymentRecoveryTime().samples()).isEqualTo(4);
    assertThat(r.failedDeploymentRecoveryTime().pending()).isZero();
    assertThat(r.failedDeploymentRecoveryTime().median()).contains(hm(1, 40));
    assertThat(r.failedDeploymentRecoveryTime().p90()).contains(hm(2, 50));
    assertThat(r.failedDeploymentRecoveryTime().band()).isEqualTo(DoraBand.HIGH);
    assertThat(r.deploymentRework().count()).isEqualTo(2);
    assertThat(r.deploymentRework().of()).isEqualTo(28);
  }

  @ParameterizedTest(name = "today {0} + 2026-03-01")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
  void allThreeServices_haveTheHandCheckedNumbers_whereverTheWindowCutsTheCycle(int offset) {
    DoraReport r = report(LocalDate.parse("2026-03-01").plusDays(offset), Optional.empty());

    assertThat(r.deploymentFrequency().deployments()).isEqualTo(46);
    assertThat(r.deploymentFrequency().perDay()).isEqualTo(46 / 28.0);
    assertThat(r.deploymentFrequency().band()).isEqualTo(DoraBand.ELITE);
    assertThat(r.changeLeadTime().samples()).isEqualTo(72);
    assertThat(r.changeLeadTime().median()).contains(hm(18, 15));
    assertThat(r.changeLeadTime().p90()).contains(hm(71, 20));
    assertThat(r.changeLeadTime().band()).isEqualTo(DoraBand.ELITE);
    assertThat(r.changeFailRate().rate()).contains(Ratio.of(6, 46));
    assertThat(r.changeFailRate().band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(r.failedDeploymentRecoveryTime().samples()).isEqualTo(6);
    assertThat(r.failedDeploymentRecoveryTime().median()).contains(Duration.ofHours(1));
    assertThat(r.failedDeploymentRecoveryTime().p90()).contains(hm(2, 50));
    assertThat(r.failedDeploymentRecoveryTime().band()).isEqualTo(DoraBand.HIGH);
    assertThat(r.deploymentRework().count()).isEqualTo(2);
    assertThat(r.deploymentRework().of()).isEqualTo(46);
  }
}
