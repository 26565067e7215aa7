package dev.governor.oncall;

/** The `metadata.name` of a User: how schedules and escalation policies name a person. */
public record UserName(String value) implements Comparable<UserName> {

  public UserName {
    OnCallNames.check(value, "a user name");
  }

  public static UserName of(String value) {
    return new UserName(value);
  }

  @Override
  public int compareTo(UserName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
