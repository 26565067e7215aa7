package dev.governor.basics;

/** The `metadata.name` of an SLI: a DNS-label-like name (RFC 1123), as OpenSLO asks. */
public record SliName(String value) implements Comparable<SliName> {

  public SliName {
    Names.check(value, "an SLI name");
  }

  public static SliName of(String value) {
    return new SliName(value);
  }

  // equals and hashCode written out: SLI names are hashed for every event, and the generated ones go
  // through a method handle that is cheap only once the optimizing compiler has inlined it, which at
  // a few requests a minute it never does.
  @Override
  public boolean equals(Object other) {
    return other instanceof SliName name && value.equals(name.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
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
