package dev.governor.cli;

import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.slo.Catalog;
import dev.governor.basics.EventCounts;
import dev.governor.sli.SliSink;
import dev.governor.slo.Objective;
import dev.governor.basics.Operator;
import dev.governor.slo.Ratio;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.basics.Threshold;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Made-up but plausible traffic for the demo's SLIs, written straight into the evaluator.
 *
 * <p>The model is deliberately simple. Each Governor-fed SLI sees about {@link #BASE_PER_MINUTE}
 * events a minute, more by day than by night (a sine over the UTC day), less at weekends, growing a
 * little each day ({@link #load}), with Poisson-like noise. In
 * quiet times its error ratio is a fixed share ({@link #quietShare}, mostly
 * {@link #QUIET_BUDGET_SHARE}) of its strictest objective's error budget, so status pages show
 * budgets at several levels that still move. A threshold SLI
 * gets two values a minute: one that every objective counts as good, one that none does, in the
 * same proportion.
 *
 * <p>The burns are the point of the demo. Every {@code burnEvery} one SLI (the burn target) fails
 * at a ratio high enough that the page rule fires: the page rule needs the error ratio over the last
 * hour above 14.4 times the budget, and a burn of length d at ratio e, with quiet traffic around it,
 * gives an hourly ratio of about e*d/60min. {@link #burnErrorRatio} solves that for e with 50 %
 * headroom (the low-traffic guard, the noise and window scaling differ per SLO), capped at 90 %. When
 * the burn ends, the 5-minute window of the rule drops under the threshold within five minutes and
 * the alert resolves. A 99.9 % SLO burns at about 32 % errors for 4 minutes; an SLO with a looser
 * target may need a longer {@code --burn-for} to page. (An OpenSLO AlertCondition with only a 1-hour
 * lookback, as in examples/checkout.yaml, stays firing until the burns leave that hour.)
 *
 * <p>The backfill writes the same model for past minutes, plus one incident a day ago, so charts
 * and budgets have something to show on first start. Each live burn spends about 2 % of a 28-day
 * budget (that is what a page means), so with the default 28 days of history the budget reads
 * sensibly for hours of demo; with a short history the same burns eat it much faster.
 */
final class DemoTraffic {

  static final int BASE_PER_MINUTE = 600;
  static final double QUIET_BUDGET_SHARE = 0.2;
  static final double INCIDENT_BUDGET_SHARE = 0.15;
  static final double PAGE_FACTOR = 14.4;
  private static final int BATCH = 5_000;

  /** One Governor-fed SLI and what its objectives need to tell good from bad. */
  record Feed(SliName sli, double budget, Optional<Operator> op, List<BigDecimal> thresholds, List<String> groupBy) {

    Feed(SliName sli, double budget, Optional<Operator> op, List<BigDecimal> thresholds) {
      this(sli, budget, op, thresholds, List.of());
    }

    /** A value every objective counts as good, and one none does. */
    BigDecimal goodValue() {
      return lowerIsBetter() ? below(thresholds.getFirst()) : above(thresholds.getLast());
    }

    BigDecimal badValue() {
      return lowerIsBetter() ? above(thresholds.getLast()) : below(thresholds.getFirst());
    }

    private boolean lowerIsBetter() {
      return op.map(o -> o == Operator.LT || o == Operator.LTE).orElse(true);
    }

    private static BigDecimal below(BigDecimal t) {
      return t.signum() > 0 ? t.divide(BigDecimal.TWO) : t.subtract(BigDecimal.ONE);
    }

    private static BigDecimal above(BigDecimal t) {
      return t.signum() > 0 ? t.multiply(BigDecimal.TWO) : t.add(BigDecimal.ONE);
    }
  }

  private final SliSink sink;
  private final List<Feed> feeds;
  private final Optional<SliName> burnTarget;
  private final Instant firstBurn;
  private final Duration burnEvery;
  private final Duration burnFor;
  private final Random random;
  private final PrintWriter log;
  private boolean wasBurning;

  DemoTraffic(SliSink sink, List<Feed> feeds, Optional<SliName> burnTarget, Instant firstBurn,
      Duration burnEvery, Duration burnFor, Random random, PrintWriter log) {
    if (!burnEvery.isPositive() || burnFor.isNegative() || burnFor.compareTo(burnEvery) >= 0) {
      throw new IllegalArgumentException(
          "need 0 <= burn-for < burn-every, got burn-for=" + burnFor + " burn-every=" + burnEvery);
    }
    this.sink = sink;
    this.feeds = List.copyOf(feeds);
    this.burnTarget = burnTarget;
    this.firstBurn = firstBurn;
    this.burnEvery = burnEvery;
    this.burnFor = burnFor;
    this.random = random;
    this.log = log;
  }

  /**
   * The SLIs fed through Governor's own events API, each with the smallest error budget among the
   * objectives that use it; SLIs pulled from elsewhere (Prometheus) are left alone.
   */
  static List<Feed> feedsOf(Catalog catalog) {
    Map<SliName, List<Objective>> objectives = new LinkedHashMap<>();
    Map<SliName, List<String>> groupBy = new LinkedHashMap<>();
    for (Slo slo : catalog.slos()) {
      if (slo.indicator().isPushedToGovernor()) {
        objectives.computeIfAbsent(slo.indicator().name(), k -> new ArrayList<>()).addAll(slo.objectives());
        List<String> labels = groupBy.computeIfAbsent(slo.indicator().name(), k -> new ArrayList<>());
        slo.groupBy().stream().filter(l -> !labels.contains(l)).forEach(labels::add);
      }
    }
    List<Feed> feeds = new ArrayList<>();
    objectives.forEach((sli, os) -> {
      double budget = os.stream().mapToDouble(o -> o.errorBudget().toDouble()).min().orElse(0.001);
      List<Threshold> thresholds = os.stream().flatMap(o -> o.threshold().stream()).toList();
      feeds.add(new Feed(sli, budget,
          thresholds.stream().findFirst().map(Threshold::op),
          thresholds.stream().map(Threshold::value).sorted().toList(), List.copyOf(groupBy.get(sli))));
    });
    return feeds;
  }

  /** The SLI of {@code slo}, or of the first Governor-fed SLO with the strictest target. */
  static Optional<SliName> burnTarget(Catalog catalog, Optional<SloName> slo) {
    if (slo.isPresent()) {
      return catalog.slo(slo.get()).map(s -> s.indicator().name());
    }
    return catalog.slos().stream()
        .filter(s -> s.indicator().isPushedToGovernor())
        .min(Comparator.comparing((Slo s) -> s.objectives().stream()
            .map(Objective::errorBudget).min(Comparator.naturalOrder()).orElse(Ratio.ONE)))
        .map(s -> s.indicator().name());
  }

  /** The error ratio that makes a burn of {@code burnFor} page a target with {@code budget}. */
  static double burnErrorRatio(double budget, Duration burnFor) {
    double minutes = Math.max(1, burnFor.toSeconds() / 60.0);
    return Math.min(0.9, 1.5 * PAGE_FACTOR * budget * 60 / minutes);
  }

  boolean burning(Instant at) {
    if (at.isBefore(firstBurn) || burnFor.isZero()) {
      return false;
    }
    long intoCycle = Duration.between(firstBurn, at).toMillis() % burnEvery.toMillis();
    return intoCycle < burnFor.toMillis();
  }

  /** When the next burn starts, at or after {@code at}; empty when nothing burns. */
  Optional<Instant> nextBurn(Instant at) {
    if (burnTarget.isEmpty() || burnFor.isZero()) return Optional.empty();
    if (!at.isAfter(firstBurn)) return Optional.of(firstBurn);
    long every = burnEvery.toMillis();
    long cycles = (Duration.between(firstBurn, at).toMillis() + every - 1) / every;
    return Optional.of(firstBurn.plusMillis(cycles * every));
  }

  /**
   * Writes one event per SLI and minute in [from, to), in batches; returns the events written. The
   * burn target gets a 20-minute incident 26 hours before {@code to}, sized to spend about
   * {@link #INCIDENT_BUDGET_SHARE} of the budget the backfilled history allows.
   */
  long backfill(Instant from, Instant to) {
    Instant incident = to.minus(Duration.ofHours(26)).truncatedTo(ChronoUnit.HOURS);
    Duration incidentLength = Duration.ofMinutes(20);
    dev.governor.basics.TimeRange maintenance = maintenanceLastWeek(to);
    double historyMinutes = Duration.between(from, to).toMinutes();
    List<SliEvent> batch = new ArrayList<>();
    long written = 0;
    for (Instant minute = from.truncatedTo(ChronoUnit.MINUTES); minute.isBefore(to);
        minute = minute.plus(Duration.ofMinutes(1))) {
      boolean inIncident = !minute.isBefore(incident) && minute.isBefore(incident.plus(incidentLength));
      boolean inMaintenance = maintenance.contains(minute);
      for (Feed f : feeds) {
        boolean target = burnTarget.filter(f.sli()::equals).isPresent();
        double errorRatio = inIncident && target
            ? Math.min(0.9, f.budget() * INCIDENT_BUDGET_SHARE * historyMinutes / incidentLength.toMinutes())
            : inMaintenance && target ? MAINTENANCE_ERROR_RATIO
            : quietErrorRatio(f);
        add(batch, f, minute.plusSeconds(30), Duration.ofMinutes(1), errorRatio);
      }
      if (batch.size() >= BATCH) {
        written += ingest(batch);
        batch.clear();
      }
    }
    return written + ingest(batch);
  }

  /** The share of the burn target's requests that fail while last week's maintenance page is up. */
  static final double MAINTENANCE_ERROR_RATIO = 0.4;

  /**
   * The planned maintenance the backfill puts a week before {@code to}: 02:00-02:45 UTC, when the
   * burn target serves its maintenance page. The demo applies a budget adjustment over it, so its
   * errors spend no budget and the SLO page shades it.
   */
  static dev.governor.basics.TimeRange maintenanceLastWeek(Instant to) {
    Instant start = to.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(2));
    return new dev.governor.basics.TimeRange(start, start.plus(Duration.ofMinutes(45)));
  }

  /** The events of the {@code interval} that ends at {@code now}. */
  void step(Instant now, Duration interval) {
    boolean burning = burning(now) && burnTarget.isPresent();
    if (burning != wasBurning && burnTarget.isPresent()) {
      Feed target = feeds.stream().filter(f -> f.sli().equals(burnTarget.get())).findFirst().orElseThrow();
      log.println(now.truncatedTo(ChronoUnit.SECONDS) + " demo: " + (burning
          ? String.format("fast burn on %s starts: %.1f %% errors for %s, a page alert should fire within minutes",
              target.sli(), 100 * burnErrorRatio(target.budget(), burnFor), human(burnFor))
          : "fast burn on " + target.sli() + " is over; the page alert resolves within about 5 minutes"));
      log.flush();
      wasBurning = burning;
    }
    List<SliEvent> events = new ArrayList<>();
    for (Feed f : feeds) {
      add(events, f, now, interval, burning && burnTarget.get().equals(f.sli())
          ? burnErrorRatio(f.budget(), burnFor)
          : quietErrorRatio(f));
    }
    ingest(events);
  }

  private double quietErrorRatio(Feed f) {
    return f.budget() * quietShare(f.sli()) * Math.max(0, 1 + 0.5 * random.nextGaussian());
  }

  /**
   * How much of its budget an SLI burns in quiet times: {@link #QUIET_BUDGET_SHARE} for most, but
   * a few SLIs (picked by name, so the same ones on every run) run hotter or cooler, so the
   * dashboard shows budgets at every level instead of a dozen identical bars.
   */
  static double quietShare(SliName sli) {
    double[] shares = {QUIET_BUDGET_SHARE, 0.05, 0.6, QUIET_BUDGET_SHARE, 0.9, 0.35};
    return shares[Math.floorMod(sli.value().hashCode(), shares.length)];
  }

  /** How much traffic grows a day: enough that the capacity page has a limit to cross within weeks. */
  static final double GROWTH_PER_DAY = 0.004;

  /**
   * The traffic at {@code at} as a share of {@link #BASE_PER_MINUTE}: more by day than by night (a
   * sine over the UTC day), a fifth less at weekends, and growing {@link #GROWTH_PER_DAY} a day
   * from {@code anchor} (the demo's start), so a capacity forecast has trend, daily and weekly
   * seasonality to find.
   */
  static double load(Instant at, Instant anchor) {
    java.time.OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
    double hour = utc.getHour() + utc.getMinute() / 60.0;
    double daily = 1 + 0.4 * Math.sin(2 * Math.PI * (hour - 9) / 24);
    double weekly = utc.getDayOfWeek().getValue() >= 6 ? 0.8 : 1.0;
    double days = Duration.between(anchor, at).toMinutes() / 1440.0;
    return daily * weekly * (1 + GROWTH_PER_DAY * days);
  }

  /**
   * The label values a grouped SLO's traffic is spread over, each with its share of the requests and
   * how its errors compare with the SLI's: /search fails most, so its instance leads the list.
   */
  static final List<String> ENDPOINTS = List.of("/checkout", "/cart", "/search", "/product", "/login");
  private static final double[] ENDPOINT_SHARE = {0.3, 0.2, 0.25, 0.15, 0.1};
  private static final double[] ENDPOINT_ERRORS = {0.5, 0.8, 2.4, 0.6, 1.0};

  private void add(List<SliEvent> events, Feed f, Instant at, Duration interval, double errorRatio) {
    if (f.groupBy().isEmpty()) {
      add(events, f, at, interval, errorRatio, 1.0, Map.of());
      return;
    }
    for (int i = 0; i < ENDPOINTS.size(); i++) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (String label : f.groupBy()) labels.put(label, ENDPOINTS.get(i));
      add(events, f, at, interval, Math.min(0.95, errorRatio * ENDPOINT_ERRORS[i]), ENDPOINT_SHARE[i], labels);
    }
  }

  private void add(List<SliEvent> events, Feed f, Instant at, Duration interval, double errorRatio, double share,
      Map<String, String> labels) {
    double mean = share * BASE_PER_MINUTE * load(at, firstBurn) * interval.toMillis() / 60_000.0;
    long total = Math.max(1, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
    double expectedBad = total * errorRatio;
    long bad = Math.round(expectedBad + random.nextGaussian() * Math.sqrt(expectedBad * (1 - errorRatio)));
    bad = Math.clamp(bad, 0, total);
    if (f.thresholds().isEmpty()) {
      events.add(new SliEvent.Counts(f.sli(), at, new EventCounts(total - bad, total), Optional.empty(), labels));
      return;
    }
    if (total - bad > 0) {
      events.add(new SliEvent.Value(f.sli(), at, f.goodValue(), total - bad, Optional.empty(), labels));
    }
    if (bad > 0) {
      events.add(new SliEvent.Value(f.sli(), at, f.badValue(), bad, Optional.empty(), labels));
    }
  }

  private long ingest(List<SliEvent> events) {
    if (events.isEmpty()) {
      return 0;
    }
    IngestOutcome outcome = sink.ingest(List.copyOf(events), SliSink.Source.EVENTS_API);
    switch (outcome) {
      case IngestOutcome.Accepted a -> {
        return a.events();
      }
      case IngestOutcome.Rejected r -> {
        // A rejected batch is a bug of this class (or a changed rule); say so once per batch.
        log.println("demo: the evaluator refused " + events.size() + " simulated events: "
            + r.problems().stream().limit(3).map(p -> "event " + p.index() + " " + p.field() + ": " + p.message())
                .toList());
        log.flush();
        return 0;
      }
    }
  }

  static String human(Duration d) {
    return dev.governor.text.Durations.format(d);
  }
}
