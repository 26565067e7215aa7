package dev.governor.probe;

import dev.governor.basics.Names;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A synthetic check Governor runs on its own schedule: an HTTP request, a TCP connect, a DNS lookup
 * or a TLS certificate's expiry. Each run yields a {@link ProbeResult}; an SLI whose metric source is
 * of type {@code Probe} counts those results, and {@code failuresToOpen} failures in a row open an
 * incident without waiting for the burn-rate arithmetic.
 *
 * @param name the probe's name, as names go elsewhere
 * @param description what it checks, for people
 * @param check what a run does
 * @param interval how often it runs, 10 s to 1 h
 * @param timeout how long one run may take before it counts as failed; at most the interval
 * @param failuresToOpen failures in a row that open an incident; 0 never opens one
 * @param service the service an incident it opens belongs to (for routing and escalation); may be empty
 * @param labels extra labels its incidents carry, for grouping, silences and routing
 */
public record Probe(
    String name,
    String description,
    ProbeCheck check,
    Duration interval,
    Duration timeout,
    int failuresToOpen,
    Optional<String> service,
    Map<String, String> labels) {

  public static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(10);
  public static final Duration LONGEST_INTERVAL = Duration.ofHours(1);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_FAILURES_TO_OPEN = 3;

  public Probe {
    Names.check(name, "a probe's name");
    if (description == null) description = "";
    if (check == null) throw new IllegalArgumentException("probe " + name + " needs a check");
    if (interval.compareTo(SHORTEST_INTERVAL) < 0 || interval.compareTo(LONGEST_INTERVAL) > 0) {
      throw new IllegalArgumentException("probe " + name + " needs an interval from 10s to 1h, got " + interval);
    }
    if (!timeout.isPositive() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "probe " + name + " needs a timeout above 0 and at most its interval (" + interval + "), got " + timeout);
    }
    if (failuresToOpen < 0) {
      throw new IllegalArgumentException("probe " + name + " needs failuresToOpen of 0 (never) or more, got " + failuresToOpen);
    }
    service.ifPresent(s -> Names.check(s, "probe " + name + "'s service"));
    labels = Map.copyOf(labels);
  }
}
