package dev.governor.basics;

/** The `metadata.name` of an SLO: a DNS-label-like name (RFC 1123), as OpenSLO asks. */
public record SloName(String value) implements Comparable<SloName> {

  public SloName {
    Names.check(value, "an SLO name");
  }

  public static SloName of(String value) {
    return new SloName(value);
  }

  // equals and hashCode written out, for the reason SliName gives.
  @Override
  public boolean equals(Object other) {
    return other instanceof SloName name && value.equals(name.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
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
