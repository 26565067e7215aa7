package dev.governor.delivery;

import dev.governor.slo.ServiceName;
import dev.governor.basics.TimeRange;
import java.util.Optional;
import java.util.Set;

/**
 * Which deployments to list: optionally of some services, of one environment, started within a
 * range; newest first, at most {@code limit}. An empty {@code services} set means every service.
 */
public record DeploymentQuery(
    Set<ServiceName> services, Optional<String> environment, Optional<TimeRange> startedWithin, int limit) {

  public DeploymentQuery {
    services = Set.copyOf(services);
    if (limit < 1) throw new IllegalArgumentException("a limit must be at least 1, got " + limit);
  }

  public static DeploymentQuery all(int limit) {
    return new DeploymentQuery(Set.of(), Optional.empty(), Optional.empty(), limit);
  }

  public static DeploymentQuery of(ServiceName service, String environment, int limit) {
    return new DeploymentQuery(Set.of(service), Optional.of(environment), Optional.empty(), limit);
  }

  public DeploymentQuery within(TimeRange range) {
    return new DeploymentQuery(services, environment, Optional.of(range), limit);
  }
}
