package dev.governor.oncall;

/** The `metadata.name` of a Schedule. */
public record ScheduleName(String value) implements Comparable<ScheduleName> {

  public ScheduleName {
    OnCallNames.check(value, "a schedule name");
  }

  public static ScheduleName of(String value) {
    return new ScheduleName(value);
  }

  @Override
  public int compareTo(ScheduleName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
