package dev.governor.slo;

import dev.governor.basics.EventCounts;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The burn rate over one look-back window: the error ratio over it divided by the error budget
 * ratio (1 - target). 1 spends the budget exactly over the SLO window; 14.4 spends 2 % of a 30-day
 * budget in an hour.
 *
 * <p>The counts it was computed from are kept as numbers and made into values when asked for: a
 * status refresh of 100,000 SLOs builds 800,000 of these and keeps them until it answers, and the
 * pages and alert checks that read them want the rate.
 *
 * @param good the good events (or slices) over the window; see {@link #counts()}
 * @param total the events (or slices) over the window
 * @param ratioSum for RatioTimeslices, the sum of the slices' good/total ratios in whole 10^-9;
 *     {@link #NOT_RATIO} for the other methods, whose good units are {@code good}
 */
public record BurnRate(Duration window, double rate, long good, long total, long ratioSum) {

  /** {@link #ratioSum} of a method whose good units are its good events or slices. */
  public static final long NOT_RATIO = -1;

  public BurnRate {
    if (good < 0 || total < good) {
      throw new IllegalArgumentException("a burn rate's counts need 0 <= good <= total, got " + good + "/" + total);
    }
    if (ratioSum < NOT_RATIO) throw new IllegalArgumentException("a ratio sum is never negative, got " + ratioSum);
  }

  /** The events (or slices) the rate was computed from. */
  public EventCounts counts() {
    return new EventCounts(good, total);
  }

  /** The good units among {@link #counts()}, as {@link ObjectiveStatus#goodUnits()} counts them. */
  public BigDecimal goodUnits() {
    return ratioSum == NOT_RATIO ? BigDecimal.valueOf(good) : StatusCalculator.exactRatioSum(ratioSum);
  }
}
