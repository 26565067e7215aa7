package dev.governor.delivery.attribution;

import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.sli.Bucket;
import dev.governor.basics.EventCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Which deployment burned how much error budget: each deployment owns the minutes from its start
 * until the next deployment of the same service and environment starts (or the end of the range),
 * and whether the burn rate rose is the burn over {@link #COMPARE_WINDOW} (or the live span, if
 * shorter) after the start against the same length before it.
 *
 * <p>Failed deployments never went live, so they own no minutes and do not end their predecessor's
 * span. A burn rate over minutes without events is 0: no events, no errors.
 */
public final class BudgetAttribution {

  public static final Duration COMPARE_WINDOW = Duration.ofHours(1);

  private BudgetAttribution() {}

  /**
   * @param budgetTotal the whole error budget, in the unit {@code spentOf} counts (events or minutes)
   * @param spentOf the budget one minute's counts spend: its bad events for Occurrences, the bad
   *     share of the minute for the timeslice methods
   */
  public record Budget(double allowedErrorRatio, double budgetTotal, ToDoubleFunction<EventCounts> spentOf) {
    public Budget {
      if (!(allowedErrorRatio > 0 && allowedErrorRatio < 1)) {
        throw new IllegalArgumentException("an allowed error ratio is in (0, 1), got " + allowedErrorRatio);
      }
      if (!(budgetTotal >= 0)) throw new IllegalArgumentException("a budget is at least 0, got " + budgetTotal);
    }
  }

  /**
   * One deployment's share.
   *
   * @param counts the events while it was live
   * @param spent the budget spent while it was live, in the budget's unit
   * @param budgetShare {@code spent} over the whole budget; 0 when the budget is 0
   * @param burnRateBefore error ratio over the allowed one, over {@code compared} before the start
   * @param burnRateAfter likewise after the start
   */
  public record Share(
      Deployment deployment, Instant liveFrom, Instant liveUntil, EventCounts counts, double spent,
      double budgetShare, Duration compared, double burnRateBefore, double burnRateAfter) {

    public boolean burnRateRose() {
      return burnRateAfter > burnRateBefore;
    }
  }

  /**
   * @param deployments of one service and environment, any order; failed ones are skipped
   * @param buckets the SLI's minutes, covering at least {@link #COMPARE_WINDOW} before the first
   *     start until {@code liveUntil}
   * @param liveUntil when the last deployment's span ends (the end of the range, or now)
   */
  public static List<Share> attribute(List<Deployment> deployments, List<Bucket> buckets, Budget budget, Instant liveUntil) {
    List<Deployment> live = deployments.stream()
        .filter(d -> d.outcome() != DeploymentOutcome.FAILED && d.startedAt().isBefore(liveUntil))
        .sorted(Comparator.comparing(Deployment::startedAt))
        .toList();
    List<Share> shares = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      Deployment d = live.get(i);
      Instant from = d.startedAt();
      Instant until = i + 1 < live.size() ? live.get(i + 1).startedAt() : liveUntil;
      EventCounts counts = EventCounts.NONE;
      double spent = 0;
      for (Bucket b : buckets) {
        if (!b.minute().isBefore(from) && b.minute().isBefore(until)) {
          counts = counts.plus(b.counts());
          spent += budget.spentOf().applyAsDouble(b.counts());
        }
      }
      Duration span = Duration.between(from, until);
      Duration compared = span.compareTo(COMPARE_WINDOW) < 0 ? span : COMPARE_WINDOW;
      double before = sum(buckets, from.minus(compared), from).errorRatio() / budget.allowedErrorRatio();
      double after = sum(buckets, from, from.plus(compared)).errorRatio() / budget.allowedErrorRatio();
      shares.add(new Share(d, from, until, counts, spent, budget.budgetTotal() == 0 ? 0 : spent / budget.budgetTotal(),
          compared, before, after));
    }
    return shares;
  }

  private static EventCounts sum(List<Bucket> buckets, Instant from, Instant to) {
    EventCounts sum = EventCounts.NONE;
    for (Bucket b : buckets) {
      if (!b.minute().isBefore(from) && b.minute().isBefore(to)) sum = sum.plus(b.counts());
    }
    return sum;
  }
}
