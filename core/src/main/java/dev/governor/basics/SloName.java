package dev.governor.basics;

/** The `metadata.name` of an SLO: a DNS-label-like name (RFC 1123), as OpenSLO asks. */
public record SloName(String value) implements Comparable<SloName> {

  public SloName {
    Names.check(value, "an SLO name");
  }

  public static SloName of(String value) {
    return new SloName(value);
  }

  @Override
  public int compareTo(SloName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
