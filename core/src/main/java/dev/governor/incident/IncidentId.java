package dev.governor.incident;

/** An incident's number, given by the store in the order incidents open: #1, #2, … */
public record IncidentId(long number) implements Comparable<IncidentId> {

  public IncidentId {
    if (number < 1) throw new IllegalArgumentException("an incident number is 1 or more, got " + number);
  }

  /** Parses "42" or "#42". */
  public static IncidentId parse(String text) {
    String digits = text.startsWith("#") ? text.substring(1) : text;
    try {
      return new IncidentId(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an incident id is a number such as 42 or #42, got '" + text + "'", e);
    }
  }

  @Override
  public int compareTo(IncidentId other) {
    return Long.compare(number, other.number);
  }

  @Override
  public String toString() {
    return "#" + number;
  }
}
