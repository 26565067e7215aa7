package dev.governor.slo;

import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.alert.AlertCondition;
import dev.governor.alert.AlertPolicy;
import dev.governor.alert.NotificationTarget;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every applied resource, resolved: SLOs hold their SLIs and alert policies inline. A catalog is
 * immutable; applying documents makes a new one.
 */
public record Catalog(
    List<Service> services,
    List<Slo> slos,
    List<Sli> slis,
    List<DataSource> dataSources,
    List<AlertPolicy> alertPolicies,
    List<AlertCondition> alertConditions,
    List<NotificationTarget> notificationTargets) {

  public static final Catalog EMPTY = new Catalog(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  public Catalog {
    services = List.copyOf(services);
    slos = slos.stream().sorted(Comparator.comparing(Slo::name)).toList();
    slis = List.copyOf(slis);
    dataSources = List.copyOf(dataSources);
    alertPolicies = List.copyOf(alertPolicies);
    alertConditions = List.copyOf(alertConditions);
    notificationTargets = List.copyOf(notificationTargets);
  }

  public Optional<Slo> slo(SloName name) {
    return slos.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * Every SLI the SLOs use, by name: standalone SLI documents and inline indicators alike. An
   * inline indicator's name is its {@code metadata.name}, so events can address it.
   */
  public Map<SliName, Sli> indicators() {
    Map<SliName, Sli> byName = new java.util.TreeMap<>();
    slis.forEach(s -> byName.put(s.name(), s));
    slos.forEach(s -> byName.putIfAbsent(s.indicator().name(), s.indicator()));
    return byName;
  }

  /**
   * The names of each service's SLOs, ordered by name; a service without SLOs is absent. Built on
   * each call, O(SLOs): a caller on a hot path keeps it as long as it holds the same catalog.
   */
  public Map<ServiceName, List<SloName>> sloNamesByService() {
    return slos.stream().collect(Collectors.groupingBy(Slo::service,
        Collectors.mapping(Slo::name, Collectors.toUnmodifiableList())));
  }

  public Map<ServiceName, Service> servicesByName() {
    return services.stream().collect(Collectors.toMap(Service::name, Function.identity()));
  }
}
