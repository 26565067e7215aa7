package dev.governor.basics;

/** The `metadata.name` of an SLI: a DNS-label-like name (RFC 1123), as OpenSLO asks. */
public record SliName(String value) implements Comparable<SliName> {

  public SliName {
    Names.check(value, "an SLI name");
  }

  public static SliName of(String value) {
    return new SliName(value);
  }

  @Override
  public int compareTo(SliName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
