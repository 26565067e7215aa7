package dev.governor.access;

import dev.governor.basics.Names;

/** The {@code metadata.name} of a Team. */
public record TeamName(String value) implements Comparable<TeamName> {

  public TeamName {
    Names.check(value, "a team name");
  }

  public static TeamName of(String value) {
    return new TeamName(value);
  }

  @Override
  public int compareTo(TeamName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
