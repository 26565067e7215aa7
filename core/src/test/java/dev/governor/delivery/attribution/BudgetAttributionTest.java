package dev.governor.delivery.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.sli.Bucket;
import dev.governor.basics.EventCounts;
import dev.governor.slo.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetAttributionTest {

  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  /** 100 events a minute; {@code bad} of them fail in [from, to) minutes after T0, none elsewhere. */
  static List<Bucket> minutes(int count, int... badRanges) {
    List<Bucket> buckets = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      long bad = 0;
      for (int i = 0; i < badRanges.length; i += 3) {
        if (m >= badRanges[i] && m < badRanges[i + 1]) bad = badRanges[i + 2];
      }
      buckets.add(new Bucket(T0.plus(Duration.ofMinutes(m)), EventCounts.ofBad(bad, 100)));
    }
    return buckets;
  }

  static Deployment deploy(String id, String version, int minute, DeploymentOutcome outcome) {
    Instant at = T0.plus(Duration.ofMinutes(minute));
    return Deployment.started(DeploymentId.of(id), ServiceName.of("checkout"), "production", version, "3f2a9c1", at)
        .withOutcome(outcome, Optional.of(at));
  }

  @Test
  void eachDeploymentOwnsTheMinutesUntilTheNextOneAndTheBurnComparedAroundItsStart() {
    // 4 hours of 100 events a minute; 1.3.0 goes live at 60, 1.4.0 at 120 and burns 5 bad a minute
    // for its first 30 minutes; 1.4.1 at 180 cures it. Allowed error ratio 1 %; budget 1000 events.
    List<Bucket> buckets = minutes(240, 120, 150, 5);
    var budget = new BudgetAttribution.Budget(0.01, 1000, EventCounts::bad);
    var shares = BudgetAttribution.attribute(List.of(
            deploy("d3", "1.4.1", 180, DeploymentOutcome.SUCCEEDED),
            deploy("d1", "1.3.0", 60, DeploymentOutcome.SUCCEEDED),
            deploy("d2", "1.4.0", 120, DeploymentOutcome.SUCCEEDED)),
        buckets, budget, T0.plus(Duration.ofMinutes(240)));

    assertThat(shares).extracting(s -> s.deployment().version()).containsExactly("1.3.0", "1.4.0", "1.4.1");
    var d2 = shares.get(1);
    assertThat(d2.liveFrom()).isEqualTo(T0.plus(Duration.ofMinutes(120)));
    assertThat(d2.liveUntil()).isEqualTo(T0.plus(Duration.ofMinutes(180)));
    // 60 minutes x 100 events, 30 x 5 bad = 150 bad events: 15 % of a 1000-event budget.
    assertThat(d2.counts()).isEqualTo(new EventCounts(6000 - 150, 6000));
    assertThat(d2.spent()).isEqualTo(150);
    assertThat(d2.budgetShare()).isCloseTo(0.15, within(1e-12));
    // The hour after: 150 bad of 6000 = 2.5 % error ratio, 2.5x the allowed 1 %; the hour before: 0.
    assertThat(d2.burnRateAfter()).isCloseTo(2.5, within(1e-12));
    assertThat(d2.burnRateBefore()).isZero();
    assertThat(d2.burnRateRose()).isTrue();
    // 1.4.1 replaced a burning version: its hour after is clean, the hour before burned 2.5x.
    var d3 = shares.get(2);
    assertThat(d3.spent()).isZero();
    assertThat(d3.burnRateBefore()).isCloseTo(2.5, within(1e-12));
    assertThat(d3.burnRateRose()).isFalse();
    assertThat(shares.getFirst().spent()).isZero();
  }

  @Test
  void aShortLiveSpanComparesOnlyThatLongAndAFailedDeploymentOwnsNothing() {
    // 1.4.0 at 60 lives 10 minutes (1.4.1 at 70), 2 bad a minute; a failed 1.4.2 at 65 is skipped.
    List<Bucket> buckets = minutes(120, 60, 70, 2, 50, 60, 1);
    var shares = BudgetAttribution.attribute(List.of(
            deploy("a", "1.4.0", 60, DeploymentOutcome.SUCCEEDED),
            deploy("b", "1.4.2", 65, DeploymentOutcome.FAILED),
            deploy("c", "1.4.1", 70, DeploymentOutcome.SUCCEEDED)),
        buckets, new BudgetAttribution.Budget(0.01, 400, EventCounts::bad), T0.plus(Duration.ofMinutes(120)));

    assertThat(shares).extracting(s -> s.deployment().version()).containsExactly("1.4.0", "1.4.1");
    var a = shares.getFirst();
    assertThat(a.compared()).isEqualTo(Duration.ofMinutes(10));
    assertThat(a.spent()).isEqualTo(20); // 10 minutes x 2 bad
    assertThat(a.budgetShare()).isCloseTo(0.05, within(1e-12)); // 20 of 400
    assertThat(a.burnRateBefore()).isCloseTo(1.0, within(1e-12)); // 1 % over the 10 minutes before
    assertThat(a.burnRateAfter()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void aZeroBudgetGivesAShareOfZeroNotNaN() {
    var shares = BudgetAttribution.attribute(List.of(deploy("a", "1", 0, DeploymentOutcome.SUCCEEDED)),
        List.of(), new BudgetAttribution.Budget(0.01, 0, EventCounts::bad), T0.plus(Duration.ofMinutes(5)));
    assertThat(shares.getFirst().budgetShare()).isZero();
    assertThat(shares.getFirst().burnRateAfter()).isZero();
  }
}
