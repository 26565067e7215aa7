package dev.governor.server.capacity;

import dev.governor.basics.SliName;
import dev.governor.capacity.CapacitySignal;
import dev.governor.capacity.CapacitySignalStore;
import dev.governor.capacity.StoredCapacitySignal;
import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalIntake;
import dev.governor.incident.SignalSource;
import dev.governor.ingest.capacity.CapacitySignalReader;
import dev.governor.prometheus.promql.Connection;
import dev.governor.prometheus.promql.PrometheusClient;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.Catalog;
import dev.governor.slo.DataSource;
import dev.governor.slo.Slo;
import dev.governor.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out every capacity signal's outlook: reads its hourly history (an SLI's buckets, or PromQL),
 * forecasts it, finds when it crosses its limit, and opens a capacity ticket while that crossing is
 * within the signal's {@code ticketWithin} (resolving it when it no longer is). The outlooks are
 * kept until the next refresh, so a page or an API read costs no fit. An SLI's traffic on its own is
 * forecast when asked, and kept for an hour.
 */
public final class CapacityPlanner {

  private static final Logger log = LoggerFactory.getLogger(CapacityPlanner.class);

  /** The integration capacity tickets come from. */
  public static final String INTEGRATION = "governor-capacity";

  /** How much history a forecast reads: five weeks, enough for weekly seasonality and a backtest. */
  static final Duration HISTORY = Duration.ofDays(35);

  /** How long an SLI's traffic outlook asked for on its own is kept. */
  private static final Duration SLI_OUTLOOK_KEPT = Duration.ofHours(1);

  private final CapacitySignalStore store;
  private final BucketStore buckets;
  private final Supplier<Catalog> catalog;
  private final InstantSource clock;
  private final ForecastModel model;
  private final PrometheusClient prometheus;
  private final Function<String, String> env;
  private final Supplier<SignalIntake> incidents;
  private volatile Map<String, CapacityOutlook> outlooks = Map.of();
  private final Map<SliName, CapacityOutlook> sliOutlooks = new ConcurrentHashMap<>();

  public CapacityPlanner(CapacitySignalStore store, BucketStore buckets, Supplier<Catalog> catalog, InstantSource clock,
      ForecastModel model, PrometheusClient prometheus, Function<String, String> env, Supplier<SignalIntake> incidents) {
    this.store = store;
    this.buckets = buckets;
    this.catalog = catalog;
    this.clock = clock;
    this.model = model;
    this.prometheus = prometheus;
    this.env = env;
    this.incidents = incidents;
  }

  /** The applied signals, parsed from what is stored. */
  public List<CapacitySignal> signals() {
    List<CapacitySignal> signals = new ArrayList<>();
    for (StoredCapacitySignal stored : store.all()) {
      CapacitySignalReader.Parsed parsed = CapacitySignalReader.parse("capacity signal " + stored.name(), stored.source());
      if (parsed.isValid() && parsed.documents().size() == 1) {
        signals.add(parsed.documents().getFirst().signal());
      } else {
        // Only documents that parsed are stored; one that no longer does is a bug to report, not hide.
        log.error("the stored capacity signal {} no longer parses: {}", stored.name(), parsed.problems());
      }
    }
    return signals;
  }

  /** The outlooks of the last refresh, by signal name. */
  public Map<String, CapacityOutlook> outlooks() {
    return outlooks;
  }

  /**
   * Works out every signal's outlook again and opens or resolves its ticket. Runs on the
   * planner's own thread: a fit and a PromQL range query are too slow for a request or a tick.
   */
  public synchronized Map<String, CapacityOutlook> refresh() {
    Map<String, CapacityOutlook> next = new LinkedHashMap<>();
    List<Signal> tickets = new ArrayList<>();
    Instant now = clock.instant();
    for (CapacitySignal signal : signals()) {
      CapacityOutlook outlook = outlook(signal, now);
      next.put(signal.name(), outlook);
      ticket(signal, outlook, now).ifPresent(tickets::add);
    }
    outlooks = Map.copyOf(next);
    if (!tickets.isEmpty()) incidents.get().accept(tickets);
    return outlooks;
  }

  /** The outlook of one SLI's traffic, without a limit: forecast now, or kept from the last hour. */
  public CapacityOutlook sliTraffic(SliName sli) {
    Instant now = clock.instant();
    CapacityOutlook kept = sliOutlooks.get(sli);
    if (kept != null && kept.computedAt().plus(SLI_OUTLOOK_KEPT).isAfter(now)) return kept;
    CapacityOutlook fresh = outlookOf("sli:" + sli.value(), "Total events per minute of SLI " + sli.value(),
        "events/min", Optional.empty(), Optional.empty(), new CapacitySignal.SliTraffic(sli), true, now);
    sliOutlooks.put(sli, fresh);
    return fresh;
  }

  CapacityOutlook outlook(CapacitySignal signal, Instant now) {
    return outlookOf(signal.name(), signal.description(), signal.unit(), Optional.of(signal.limit()),
        Optional.of(Durations.format(signal.ticketWithin())), signal.source(), signal.nonNegative(), now);
  }

  private CapacityOutlook outlookOf(String name, String description, String unit, Optional<CapacitySignal.Limit> limit,
      Optional<String> ticketWithin, CapacitySignal.Source source, boolean nonNegative, Instant now) {
    Instant end = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), 3600) * 3600);
    Instant start = end.minus(HISTORY);
    CapacityOutlook.Hourly history;
    try {
      history = switch (source) {
        case CapacitySignal.SliTraffic traffic -> sliHistory(traffic.sli(), start, end);
        case CapacitySignal.PromQuery query -> promHistory(query, start, end);
      };
    } catch (HistoryUnavailable e) {
      return new CapacityOutlook(name, description, unit, limit, ticketWithin, now,
          new CapacityOutlook.Hourly(start, new double[0]), new CapacityOutlook.Failed(e.getMessage()));
    }
    CapacityOutlook.Outcome outcome = model.forecast(history, limit, nonNegative);
    return new CapacityOutlook(name, description, unit, limit, ticketWithin, now, history, outcome);
  }

  /** Why a series' history could not be read. */
  static final class HistoryUnavailable extends Exception {
    HistoryUnavailable(String message) {
      super(message);
    }
  }

  /**
   * Total events per minute, averaged over each hour. Hours before the first one with events are
   * cut; an hour without events after it is unknown (NaN), not zero: Governor may have been down.
   */
  private CapacityOutlook.Hourly sliHistory(SliName sli, Instant start, Instant end) throws HistoryUnavailable {
    SeriesKey series = seriesOf(sli).orElseThrow(() -> new HistoryUnavailable("no SLO measures an SLI named '"
        + sli.value() + "'; GET /api/v1/slos lists them"));
    List<Bucket> hours = buckets.hourly(series, start, end);
    if (hours.isEmpty()) return new CapacityOutlook.Hourly(end, new double[0]);
    Instant first = hours.getFirst().minute();
    int length = (int) Duration.between(first, end).toHours();
    double[] values = new double[length];
    Arrays.fill(values, Double.NaN);
    for (Bucket hour : hours) {
      values[(int) Duration.between(first, hour.minute()).toHours()] = hour.counts().total() / 60.0;
    }
    return new CapacityOutlook.Hourly(first, values);
  }

  private Optional<SeriesKey> seriesOf(SliName sli) {
    for (Slo slo : catalog.get().slos()) {
      if (slo.indicator().name().equals(sli) && !slo.objectives().isEmpty()) {
        // Every objective of one SLI counts the same total; the first one's series is as good as any.
        return Optional.of(slo.seriesOf(slo.objectives().getFirst()));
      }
    }
    return Optional.empty();
  }

  private CapacityOutlook.Hourly promHistory(CapacitySignal.PromQuery query, Instant start, Instant end)
      throws HistoryUnavailable {
    DataSource dataSource = catalog.get().dataSources().stream()
        .filter(d -> d.name().equals(query.dataSource())).findFirst()
        .orElseThrow(() -> new HistoryUnavailable("no DataSource named '" + query.dataSource()
            + "' is applied; apply an OpenSLO DataSource of type Prometheus with its url"));
    Connection connection;
    try {
      connection = Connection.ofDataSource(dataSource, env);
    } catch (IllegalArgumentException e) {
      throw new HistoryUnavailable("DataSource " + dataSource.name() + ": " + e.getMessage());
    }
    Map<Instant, Double> samples;
    try {
      samples = prometheus.queryRange(connection, query.query(), start, end.minusSeconds(3600), Duration.ofHours(1));
    } catch (PrometheusClient.QueryFailed e) {
      throw new HistoryUnavailable("the query to " + dataSource.name() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HistoryUnavailable("interrupted while querying " + dataSource.name());
    }
    Instant first = samples.keySet().stream().min(Instant::compareTo).orElse(end);
    int length = (int) Duration.between(first, end).toHours();
    double[] values = new double[Math.max(0, length)];
    Arrays.fill(values, Double.NaN);
    samples.forEach((at, value) -> {
      int index = (int) Duration.between(first, at).toHours();
      if (index >= 0 && index < values.length) values[index] = value;
    });
    return new CapacityOutlook.Hourly(first, values);
  }

  /**
   * A capacity ticket while the limit is crossed, or the forecast crosses it within
   * {@code ticketWithin}; a resolve otherwise. Info severity, the lowest: it pages only where
   * incidents.pageFrom is info, which pages everything.
   */
  private static Optional<Signal> ticket(CapacitySignal signal, CapacityOutlook outlook, Instant now) {
    if (outlook.outcome() instanceof CapacityOutlook.Failed) return Optional.empty();
    Optional<Instant> crossing = outlook.outcome() instanceof CapacityOutlook.Forecasted f
        ? f.crossing().map(CapacityOutlook.Crossing::at)
        : Optional.empty();
    boolean due = !signal.ticketWithin().isZero()
        && crossing.map(at -> !at.isAfter(now.plus(signal.ticketWithin()))).orElse(false);
    String summary = crossing.map(at -> "Capacity: " + signal.name() + " is forecast to cross its limit at " + at)
        .orElse("Capacity: " + signal.name() + " is not forecast to cross its limit within " + Durations.format(signal.ticketWithin()));
    Map<String, String> details = new LinkedHashMap<>();
    crossing.ifPresent(at -> details.put("crossing", at.toString()));
    details.put("limit", (signal.limit().ceiling() ? "max " : "min ") + signal.limit().value());
    return Optional.of(new Signal(SignalSource.GOVERNOR, INTEGRATION, due ? SignalAction.TRIGGER : SignalAction.RESOLVE,
        Optional.of(signal.name()), summary, AlertSeverity.INFO,
        Map.of("alertname", "CapacityLimitAhead", "service", "capacity", "signal", signal.name(), "severity", "info"),
        details, List.of(), now));
  }
}
