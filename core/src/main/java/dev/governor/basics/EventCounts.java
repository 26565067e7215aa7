package dev.governor.basics;

/** Good and total events; the unit every SLI series is stored and summed in. */
public record EventCounts(long good, long total) {

  public static final EventCounts NONE = new EventCounts(0, 0);

  public EventCounts {
    if (good < 0 || total < good) {
      throw new IllegalArgumentException(
          "counts need 0 <= good <= total, got good=" + good + " total=" + total);
    }
  }

  public static EventCounts ofBad(long bad, long total) {
    return new EventCounts(total - bad, total);
  }

  public long bad() {
    return total - good;
  }

  /** 1 when there were no events: no events, no errors. */
  public double attainment() {
    return total == 0 ? 1 : (double) good / total;
  }

  /** 0 when there were no events. */
  public double errorRatio() {
    return total == 0 ? 0 : (double) (total - good) / total;
  }

  public EventCounts plus(EventCounts other) {
    return new EventCounts(
        Math.addExact(good, other.good), Math.addExact(total, other.total));
  }

  public EventCounts minus(EventCounts other) {
    return new EventCounts(good - other.good, total - other.total);
  }

  public boolean isEmpty() {
    return total == 0;
  }
}
