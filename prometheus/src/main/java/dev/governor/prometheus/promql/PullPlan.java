package dev.governor.prometheus.promql;

import dev.governor.slo.Catalog;
import dev.governor.slo.DataSource;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which SLIs of a catalog Governor pulls from Prometheus, and with which queries.
 *
 * <p>An SLI is pulled when an SLO uses it and every one of its metric sources is of type
 * Prometheus with a url, given by the DataSource it names ({@code metricSourceRef}) or inline in
 * its {@code spec}. An SLI whose Prometheus sources have no url is not pulled at all: it is read by
 * the rules export or fed by remote-write. One that cannot be pulled honestly is {@link Refused},
 * with the reason, so that the sources API shows why it has no data.
 */
public final class PullPlan {

  private PullPlan() {}

  /** What the plan says about one SLI. */
  public sealed interface Entry permits Target, Refused {
    SliName sli();
  }

  /** Whether {@code first} counts good events (good/total) or bad ones (bad/total). */
  public enum Shape { GOOD, BAD }

  /** One query of a target: its per-minute PromQL and where it runs. */
  public record Part(String role, String promql, Connection connection) {}

  /**
   * An SLI to pull: {@code first} (good or bad) and {@code total}, for the SLOs that use it.
   *
   * @param slos the SLOs that use the SLI; history is caught up over the longest of their windows
   */
  public record Target(SliName sli, Shape shape, Part first, Part total, List<Slo> slos) implements Entry {
    public Target {
      slos = List.copyOf(slos);
    }

    /** The start of the oldest window any of the SLOs holds at {@code now}. */
    Instant oldestNeeded(Instant now) {
      Instant oldest = now;
      for (Slo slo : slos) {
        Instant start = slo.window().rangeAt(now).start();
        if (start.isBefore(oldest)) oldest = start;
      }
      return oldest;
    }

    /** The names of the connections, for the status. */
    String dataSource() {
      return first.connection().name().equals(total.connection().name())
          ? total.connection().name()
          : first.connection().name() + ", " + total.connection().name();
    }

    /** Equal queries against equal backends: a re-plan keeps the progress of such a target. */
    boolean sameQueries(Target other) {
      return shape == other.shape && first.equals(other.first) && total.equals(other.total);
    }
  }

  /** An SLI that reads Prometheus but that Governor does not pull, and why. */
  public record Refused(SliName sli, String dataSource, String reason) implements Entry {}

  public static List<Entry> of(Catalog catalog) {
    return of(catalog, System::getenv);
  }

  /**
   * The SLIs of {@code catalog} that name a Prometheus to pull from but that Governor would refuse
   * to pull (a query it cannot turn into per-minute counts, such as {@code sum(x)} or
   * {@code irate}), with the reason and the forms it accepts. Applying them would only show "no
   * data" at 100 %, so {@code slo validate} and the apply route refuse them. An SLI without a url
   * is not in here: its queries are for the rules export or remote-write.
   */
  public static List<Refused> refusals(Catalog catalog) {
    return refusals(catalog, System::getenv);
  }

  /**
   * {@link #refusals(Catalog)} away from the server, as {@code slo validate} runs: every
   * {@code ${NAME}} of a connection counts as set, since only the server's environment can say.
   */
  public static List<Refused> refusalsWithoutTheServersEnvironment(Catalog catalog) {
    return refusals(catalog, name -> "${" + name + "}");
  }

  private static List<Refused> refusals(Catalog catalog, java.util.function.Function<String, String> env) {
    return of(catalog, env).stream().filter(e -> e instanceof Refused).map(e -> (Refused) e).toList();
  }

  /** @param env where {@code ${NAME}} in a connection's secrets is looked up */
  static List<Entry> of(Catalog catalog, java.util.function.Function<String, String> env) {
    Map<SliName, List<Slo>> slosBySli = new LinkedHashMap<>();
    for (Slo slo : catalog.slos()) {
      slosBySli.computeIfAbsent(slo.indicator().name(), k -> new ArrayList<>()).add(slo);
    }
    Map<String, DataSource> dataSources = new LinkedHashMap<>();
    catalog.dataSources().forEach(d -> dataSources.put(d.name(), d));
    List<Entry> entries = new ArrayList<>();
    slosBySli.forEach((name, slos) -> entry(slos.getFirst().indicator(), slos, dataSources, env)
        .ifPresent(entries::add));
    return entries;
  }

  private static Optional<Entry> entry(Sli sli, List<Slo> slos, Map<String, DataSource> dataSources,
      java.util.function.Function<String, String> env) {
    List<MetricSource> sources = sli.metric().sources();
    boolean prometheus = sources.stream().allMatch(s -> s.type().equalsIgnoreCase("Prometheus"));
    long withUrl = sources.stream().filter(s -> details(s, dataSources).map(Connection::hasUrl).orElse(false)).count();
    if (!prometheus || withUrl == 0) return Optional.empty();
    String dsName = sources.stream().map(s -> s.dataSourceRef().orElse("inline")).distinct()
        .reduce((a, b) -> a + ", " + b).orElse("inline");
    if (withUrl < sources.size()) {
      return refused(sli, dsName, "some of its metric sources have a Prometheus url and some do not;"
          + " give every source of the SLI a url (or a metricSourceRef to a DataSource with one)");
    }
    if (!(sli.metric() instanceof SliMetric.RatioMetric m)) {
      return refused(sli, dsName, "it is a thresholdMetric: a pulled value carries no count of requests,"
          + " so it cannot be compared per event; measure it as a ratioMetric of good and total counters"
          + " (for a latency, the histogram bucket le=\"0.3\" over its _count)");
    }
    if (m.raw().isPresent()) {
      return refused(sli, dsName, "it is a raw ratio: a ratio per minute says nothing about how many events"
          + " it covers, so minutes cannot be summed into a budget; give good (or bad) and total counters instead");
    }
    Shape shape = m.good().isPresent() ? Shape.GOOD : Shape.BAD;
    MetricSource firstSource = m.good().or(m::bad).orElseThrow();
    String role = shape == Shape.GOOD ? "good" : "bad";
    List<String> reasons = new ArrayList<>();
    List<String> groupBy = slos.stream().flatMap(s -> s.groupBy().stream()).distinct().sorted().toList();
    Optional<Part> first = part(firstSource, role, m.counter(), dataSources, env, reasons, groupBy);
    Optional<Part> total = part(m.total().orElseThrow(), "total", m.counter(), dataSources, env, reasons, groupBy);
    if (!reasons.isEmpty()) return refused(sli, dsName, String.join("; ", reasons));
    return Optional.of(new Target(sli.name(), shape, first.orElseThrow(), total.orElseThrow(), slos));
  }

  private static Optional<Part> part(MetricSource source, String role, boolean counter,
      Map<String, DataSource> dataSources, java.util.function.Function<String, String> env, List<String> reasons,
      List<String> groupBy) {
    Connection connection;
    try {
      connection = Connection.of(source.dataSourceRef().orElse("inline"), details(source, dataSources).orElseThrow(), env);
    } catch (IllegalArgumentException e) {
      reasons.add("the " + role + " source's connection: " + e.getMessage());
      return Optional.empty();
    }
    return switch (PerMinuteQuery.of(source.spec().get("query"), role, counter, groupBy)) {
      case PerMinuteQuery.Query q -> Optional.of(new Part(role, q.promql(), connection));
      case PerMinuteQuery.Refused r -> {
        reasons.add(r.reason());
        yield Optional.empty();
      }
    };
  }

  /** The connection keys: the DataSource's connectionDetails, or the source's own spec. */
  private static Optional<Map<String, Object>> details(MetricSource source, Map<String, DataSource> dataSources) {
    if (source.dataSourceRef().isPresent()) {
      return Optional.ofNullable(dataSources.get(source.dataSourceRef().get())).map(DataSource::connectionDetails);
    }
    return Optional.of(source.spec());
  }

  private static Optional<Entry> refused(Sli sli, String dataSource, String reason) {
    return Optional.of(new Refused(sli.name(), dataSource, "SLI " + sli.name() + " is not pulled from Prometheus: " + reason));
  }

}
