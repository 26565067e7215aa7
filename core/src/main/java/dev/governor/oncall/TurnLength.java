package dev.governor.oncall;

import java.time.Duration;

/**
 * How long each person's turn in a rotation lasts: hours, days or weeks. Hours are exact durations;
 * days and weeks are calendar days of the schedule's zone, so that a daily 09:00 hand-off stays at
 * 09:00 on the wall clock across daylight-saving changes (the turn that spans the change lasts 23
 * or 25 hours).
 */
public record TurnLength(int count, Unit unit) {

  /** A year of hours: a longer turn is a mistake, and every computation stays far from overflow. */
  static final int MAX_HOURS = 366 * 24;

  public enum Unit {
    HOURS('h'), DAYS('d'), WEEKS('w');

    private final char symbol;

    Unit(char symbol) {
      this.symbol = symbol;
    }

    public char symbol() {
      return symbol;
    }
  }

  public TurnLength {
    if (unit == null) throw new IllegalArgumentException("a turn length needs a unit: hours, days or weeks");
    long hours = switch (unit) {
      case HOURS -> count;
      case DAYS -> count * 24L;
      case WEEKS -> count * 168L;
    };
    if (count < 1 || hours > MAX_HOURS) {
      throw new IllegalArgumentException("a turn lasts from 1h to a year (52w, 366d), got " + count + unit.symbol());
    }
  }

  public static TurnLength hours(int count) {
    return new TurnLength(count, Unit.HOURS);
  }

  public static TurnLength days(int count) {
    return new TurnLength(count, Unit.DAYS);
  }

  public static TurnLength weeks(int count) {
    return new TurnLength(count, Unit.WEEKS);
  }

  /** True for days and weeks: turns end at the same wall-clock time as they started. */
  public boolean followsWallClock() {
    return unit != Unit.HOURS;
  }

  /** The calendar days of a day- or week-based turn. */
  long days() {
    return unit == Unit.WEEKS ? 7L * count : count;
  }

  /** The exact length of an hour-based turn. */
  Duration exact() {
    return Duration.ofHours(count);
  }

  @Override
  public String toString() {
    return count + String.valueOf(unit.symbol);
  }
}
