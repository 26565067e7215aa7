package dev.governor.slo;

/** What an error budget is counted in: events for Occurrences, minutes of bad slices for timeslices. */
public enum BudgetUnit {
  EVENTS, MINUTES;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
