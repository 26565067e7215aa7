package dev.governor.oncall;

/** The `metadata.name` of an EscalationPolicy. */
public record EscalationPolicyName(String value) implements Comparable<EscalationPolicyName> {

  public EscalationPolicyName {
    OnCallNames.check(value, "an escalation policy name");
  }

  public static EscalationPolicyName of(String value) {
    return new EscalationPolicyName(value);
  }

  @Override
  public int compareTo(EscalationPolicyName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
