package dev.governor.slo;

import dev.governor.basics.Names;

/** The `metadata.name` of a service: a DNS-label-like name (RFC 1123), as OpenSLO asks. */
public record ServiceName(String value) implements Comparable<ServiceName> {

  public ServiceName {
    Names.check(value, "a service name");
  }

  public static ServiceName of(String value) {
    return new ServiceName(value);
  }

  @Override
  public int compareTo(ServiceName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
