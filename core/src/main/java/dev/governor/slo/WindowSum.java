package dev.governor.slo;

import dev.governor.basics.EventCounts;

/**
 * The running sum of one look-back window of one objective, in units: minutes for Occurrences
 * (where a unit's good/total are its events), slices for the timeslice methods (where a unit is 1
 * slice, good or not, and {@code ratioSum} adds up the slices' own good/total ratios, each in whole
 * 10^-9: exact, so adding and removing a slice leaves no rounding residue, and the sum can be shown
 * as the exact decimal it is).
 * Mutable and confined to the evaluator's lock.
 */
final class WindowSum {
  long good;
  long total;
  long ratioSum;
  /** The raw events behind the units; the low-traffic guard counts these, not slices. */
  long events;

  void add(Contribution c, int sign) {
    good += sign * c.good();
    total += sign * c.total();
    ratioSum += sign * c.ratio();
    events += sign * c.events();
  }

  void set(WindowSum other) {
    good = other.good;
    total = other.total;
    ratioSum = other.ratioSum;
    events = other.events;
  }

  EventCounts counts() {
    return new EventCounts(good, total);
  }

  /** What one unit adds to a window sum. */
  record Contribution(long good, long total, long ratio, long events) {
    static final Contribution NONE = new Contribution(0, 0, 0, 0);
  }
}
