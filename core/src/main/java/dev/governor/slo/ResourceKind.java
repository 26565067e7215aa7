package dev.governor.slo;

/** The kinds of OpenSLO v1 document Governor stores. */
public enum ResourceKind {
  SERVICE("Service"),
  SLI("SLI"),
  SLO("SLO"),
  DATA_SOURCE("DataSource"),
  ALERT_POLICY("AlertPolicy"),
  ALERT_CONDITION("AlertCondition"),
  ALERT_NOTIFICATION_TARGET("AlertNotificationTarget");

  private final String openSloKind;

  ResourceKind(String openSloKind) {
    this.openSloKind = openSloKind;
  }

  /** The {@code kind} field as OpenSLO writes it. */
  public String openSloKind() {
    return openSloKind;
  }

  public static java.util.Optional<ResourceKind> fromOpenSlo(String kind) {
    for (ResourceKind k : values()) {
      if (k.openSloKind.equals(kind)) return java.util.Optional.of(k);
    }
    return java.util.Optional.empty();
  }
}
