package dev.governor.alert;

/** How loudly an alert calls: a page wakes someone, a ticket waits for working hours. */
public enum Severity {
  PAGE("page"), TICKET("ticket");

  // Kept, not lower-cased per call: every judgement of a burn-rate rule names its severity.
  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public static Severity parse(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "page", "critical", "high" -> PAGE;
      case "ticket", "warning", "low", "info" -> TICKET;
      default -> throw new IllegalArgumentException(
          "severity must be page or ticket (or critical/high, warning/low/info), got '" + text + "'");
    };
  }

  public String label() {
    return label;
  }
}
