package dev.governor.report;

import dev.governor.access.TeamName;
import dev.governor.access.Teams;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.TimeRange;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.attribution.BudgetAttribution;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentStore;
import dev.governor.report.SloReport.Day;
import dev.governor.report.SloReport.DayState;
import dev.governor.report.SloReport.ObjectiveReport;
import dev.governor.report.SloReport.Outcome;
import dev.governor.report.SloReport.Rollup;
import dev.governor.report.SloReport.Units;
import dev.governor.sli.Bucket;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.Catalog;
import dev.governor.slo.Objective;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Slo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Makes {@link SloReport}s: reads each objective's days through {@link ReportCounts}, the
 * incidents and deployments of the period from their stores, and does the arithmetic of
 * {@link ReportMath}.
 *
 * <p>A day is read at the finest resolution kept: minutes where the evaluator still keeps them,
 * hourly sums before that. A day whose bounds are not whole hours (a zone such as Asia/Kolkata), or
 * a timeslice objective whose slices are not whole hours, cannot be recomputed from hourly sums:
 * such days are "not kept" rather than a wrong number. A slice belongs to the day it starts in.
 */
public final class SloReports {

  /** The earlier periods a trend compares with. */
  public static final int TREND_PERIODS = 3;

  /** The deployments a report names per objective: those that spent the most. */
  public static final int TOP_DEPLOYMENTS = 3;

  static final int MAX_INCIDENTS = 500;
  static final int MAX_DEPLOYMENTS = 1000;
  /** How long before a period an incident that is still open in it may have opened. */
  static final Duration INCIDENT_LOOK_BACK = Duration.ofDays(90);
  private static final Duration HOUR = Duration.ofHours(1);

  private final ReportCounts counts;
  private final IncidentStore incidents;
  private final DeploymentStore deployments;
  private final InstantSource clock;

  public SloReports(ReportCounts counts, IncidentStore incidents, DeploymentStore deployments, InstantSource clock) {
    this.counts = counts;
    this.incidents = incidents;
    this.deployments = deployments;
    this.clock = clock;
  }

  /**
   * The report of {@code period} for every objective of {@code catalog}, or those of one service or
   * one team. A service's team is the team that owns it, else its {@code team} label.
   */
  public SloReport report(Catalog catalog, Teams teams, ReportPeriod period, Optional<ServiceName> service,
      Optional<String> team) {
    Instant now = clock.instant();
    ReportCounts.Kept kept = counts.kept();
    List<ObjectiveReport> objectives = new ArrayList<>();
    List<Slo> slos = catalog.slos().stream()
        .filter(s -> service.map(s.service()::equals).orElse(true))
        .filter(s -> team.map(t -> t.equals(teamOf(catalog, teams, s.service()))).orElse(true))
        .sorted(Comparator.comparing((Slo s) -> teamOf(catalog, teams, s.service()))
            .thenComparing(Slo::service).thenComparing(s -> s.name().value()))
        .toList();
    for (Slo slo : slos) {
      List<SloReport.IncidentRef> touched = incidentsOf(slo, period.range(), now);
      Map<String, List<Deployment>> byEnvironment = deploymentsOf(slo, period.range(), now);
      for (Objective objective : slo.objectives()) {
        objectives.add(objective(slo, objective, teamOf(catalog, teams, slo.service()), period, now, kept, touched,
            byEnvironment));
      }
    }
    return new SloReport(period, now, !period.range().end().isAfter(now), kept, objectives,
        rollups(objectives, o -> o.service().value()), rollups(objectives, ObjectiveReport::team));
  }

  static String teamOf(Catalog catalog, Teams teams, ServiceName service) {
    return teams.ownerOf(service).map(TeamName::value)
        .or(() -> Optional.ofNullable(catalog.servicesByName().get(service)).map(s -> s.labels().get("team")))
        .orElse(SloReport.NO_TEAM);
  }

  private ObjectiveReport objective(Slo slo, Objective objective, String team, ReportPeriod period, Instant now,
      ReportCounts.Kept kept, List<SloReport.IncidentRef> touched, Map<String, List<Deployment>> byEnvironment) {
    List<Day> days = days(slo, objective, period, now, kept);
    Units units = ReportMath.total(days);
    double attainment = units.attainment();
    Duration slice = objective.sliceLength();
    double spent = ReportMath.budgetSpent(slo.budgetingMethod(), objective.target(), slice, period.range().length(), units);
    Outcome outcome = ReportMath.outcome(slo.budgetingMethod(), objective.target(), units);

    List<SloReport.TrendPoint> trend = new ArrayList<>();
    ReportPeriod earlier = period;
    for (int k = 0; k < TREND_PERIODS; k++) {
      earlier = earlier.previous();
      List<Day> earlierDays = days(slo, objective, earlier, now, kept);
      Units u = ReportMath.total(earlierDays);
      trend.addFirst(new SloReport.TrendPoint(earlier.key(), u, u.attainment(), u.units() > 0,
          (int) ReportMath.count(earlierDays, DayState.NOT_KEPT)));
    }
    SloReport.TrendPoint before = trend.getLast();
    Optional<Double> change = units.units() > 0 && before.hasData()
        ? Optional.of(attainment - before.attainment()) : Optional.empty();
    Optional<Double> margin = objective.sla() && units.units() > 0
        ? Optional.of(attainment - objective.target().toDouble()) : Optional.empty();

    return new ObjectiveReport(slo.name(), slo.displayName(), slo.service(), team, objective.name(),
        objective.displayName(), objective.target(), slo.budgetingMethod(),
        slo.budgetingMethod() == BudgetingMethod.OCCURRENCES ? Optional.empty() : Optional.of(slice),
        objective.sla(), units, attainment, spent, outcome, days, ReportMath.worstDay(days),
        (int) ReportMath.count(days, DayState.NO_DATA), (int) ReportMath.count(days, DayState.NOT_KEPT), trend, change,
        margin, touched, burns(slo, objective, period, now, kept, units, byEnvironment));
  }

  /** How a day can be read: from minutes, from hourly sums, or not at all. */
  private enum Read { MINUTES, HOURS, NOT_KEPT, NOT_YET }

  private static Read readOf(Slo slo, Objective objective, ReportPeriod.Day day, Instant now, ReportCounts.Kept kept) {
    if (!day.range().start().isBefore(now)) return Read.NOT_YET;
    if (!day.range().start().isBefore(kept.minutesFrom())) return Read.MINUTES;
    boolean wholeHours = StoredReportCounts.isWholeHour(day.range().start())
        && StoredReportCounts.isWholeHour(day.range().end());
    boolean slicesOfHours = slo.budgetingMethod() == BudgetingMethod.OCCURRENCES
        || objective.sliceLength().toMinutes() % 60 == 0;
    if (day.range().start().isBefore(kept.hoursFrom()) || !wholeHours || !slicesOfHours) return Read.NOT_KEPT;
    return Read.HOURS;
  }

  /** The objective's days of {@code period}, each counted or marked. */
  List<Day> days(Slo slo, Objective objective, ReportPeriod period, Instant now, ReportCounts.Kept kept) {
    List<ReportPeriod.Day> all = period.days();
    Map<ReportPeriod.Day, Read> reads = new LinkedHashMap<>();
    for (ReportPeriod.Day d : all) reads.put(d, readOf(slo, objective, d, now, kept));
    Map<ReportPeriod.Day, Units> counted = slo.budgetingMethod() == BudgetingMethod.OCCURRENCES
        ? occurrences(slo, objective, reads, now)
        : slices(slo, objective, reads, now);
    List<Day> days = new ArrayList<>(all.size());
    for (ReportPeriod.Day d : all) {
      days.add(switch (reads.get(d)) {
        case NOT_KEPT -> ReportMath.without(d, DayState.NOT_KEPT);
        case NOT_YET -> ReportMath.without(d, DayState.NOT_YET);
        case MINUTES, HOURS -> ReportMath.day(d, counted.getOrDefault(d, Units.NONE));
      });
    }
    return days;
  }

  private Map<ReportPeriod.Day, Units> occurrences(Slo slo, Objective objective, Map<ReportPeriod.Day, Read> reads,
      Instant now) {
    List<ReportPeriod.Day> read = new ArrayList<>();
    List<TimeRange> ranges = new ArrayList<>();
    reads.forEach((d, r) -> {
      if (r == Read.MINUTES || r == Read.HOURS) {
        read.add(d);
        // Today counts until the minute in progress, as the live status does.
        Instant end = d.range().end().isAfter(now) ? Minutes.ceil(now) : d.range().end();
        if (r == Read.HOURS && end != d.range().end()) end = ceilHour(end);
        ranges.add(new TimeRange(d.range().start(), end));
      }
    });
    Map<ReportPeriod.Day, Units> out = new LinkedHashMap<>();
    if (ranges.isEmpty()) return out;
    List<EventCounts> sums = counts.sums(slo.name(), slo.seriesOf(objective), ranges);
    for (int i = 0; i < read.size(); i++) {
      out.put(read.get(i), ReportMath.units(BudgetingMethod.OCCURRENCES, Optional.empty(), sums.get(i)));
    }
    return out;
  }

  /**
   * Timeslice days: the minutes (or hours) of each run of days read once, summed per slice, each
   * slice given to the day it starts in; a slice that starts in a day runs to its end, even past it.
   */
  private Map<ReportPeriod.Day, Units> slices(Slo slo, Objective objective, Map<ReportPeriod.Day, Read> reads,
      Instant now) {
    Map<ReportPeriod.Day, Units> out = new LinkedHashMap<>();
    Duration slice = objective.sliceLength();
    for (Read resolution : List.of(Read.HOURS, Read.MINUTES)) {
      List<ReportPeriod.Day> days = reads.entrySet().stream().filter(e -> e.getValue() == resolution)
          .map(Map.Entry::getKey).toList();
      if (days.isEmpty()) continue;
      Instant from = days.getFirst().range().start();
      Instant lastEnd = days.getLast().range().end();
      Instant to = Minutes.floor(lastEnd.minusMillis(1), slice).plus(slice);
      TimeRange span = new TimeRange(from, to);
      List<Bucket> buckets = resolution == Read.MINUTES
          ? counts.minutes(slo.name(), slo.seriesOf(objective), span)
          : counts.hours(slo.name(), slo.seriesOf(objective), span);
      TreeMap<Instant, EventCounts> bySlice = new TreeMap<>();
      for (Bucket b : buckets) bySlice.merge(Minutes.floor(b.minute(), slice), b.counts(), EventCounts::plus);
      int k = 0;
      for (Map.Entry<Instant, EventCounts> e : bySlice.entrySet()) {
        Instant start = e.getKey();
        if (!start.isBefore(now)) break;
        while (k < days.size() && !days.get(k).range().end().isAfter(start)) k++;
        if (k == days.size()) break;
        if (!days.get(k).range().contains(start)) continue; // began in an earlier day, not read here
        Units u = ReportMath.units(slo.budgetingMethod(), objective.timeSliceTarget(), e.getValue());
        out.merge(days.get(k), u, Units::plus);
      }
    }
    return out;
  }

  private List<SloReport.IncidentRef> incidentsOf(Slo slo, TimeRange period, Instant now) {
    IncidentQuery query = new IncidentQuery(Set.of(), Optional.of(slo.service().value()),
        Optional.of(new TimeRange(period.start().minus(INCIDENT_LOOK_BACK), period.end())), MAX_INCIDENTS);
    List<Incident> found = incidents.read(tx -> tx.incidents(query));
    return found.stream()
        .filter(i -> i.openedAt().isBefore(period.end()) && i.resolvedAt().map(r -> r.isAfter(period.start())).orElse(true))
        .filter(i -> i.slos().isEmpty() || i.slos().contains(slo.name().value()))
        .sorted(Comparator.comparing(Incident::openedAt).thenComparing(Incident::id))
        .map(i -> new SloReport.IncidentRef(i.id().number(), i.title(), i.severity().label(), i.state().label(),
            i.openedAt(), i.resolvedAt()))
        .toList();
  }

  private Map<String, List<Deployment>> deploymentsOf(Slo slo, TimeRange period, Instant now) {
    if (!period.start().isBefore(now)) return Map.of();
    Map<String, List<Deployment>> byEnvironment = new TreeMap<>();
    deployments.list(new DeploymentQuery(Set.of(slo.service()), Optional.empty(), Optional.of(period), MAX_DEPLOYMENTS))
        .forEach(d -> byEnvironment.computeIfAbsent(d.environment(), e -> new ArrayList<>()).add(d));
    return byEnvironment;
  }

  /**
   * The deployments that spent the most of the period's budget (see {@link BudgetAttribution}: a
   * deployment owns the minutes until the next one of its environment). Minutes where they are kept;
   * before that hourly sums, where a deployment's span is counted from its first whole hour.
   */
  private List<SloReport.DeploymentBurn> burns(Slo slo, Objective objective, ReportPeriod period, Instant now,
      ReportCounts.Kept kept, Units units, Map<String, List<Deployment>> byEnvironment) {
    if (byEnvironment.isEmpty()) return List.of();
    Instant until = period.range().end().isAfter(now) ? now : period.range().end();
    double allowed = objective.errorBudget().toDouble();
    double budgetTotal = slo.budgetingMethod() == BudgetingMethod.OCCURRENCES
        ? allowed * units.events()
        : allowed * period.range().length().toMinutes();
    var budget = new BudgetAttribution.Budget(allowed, budgetTotal, spentOf(slo, objective));
    List<BudgetAttribution.Share> shares = new ArrayList<>();
    for (List<Deployment> inEnvironment : byEnvironment.values()) {
      Instant first = inEnvironment.stream().map(Deployment::startedAt).min(Instant::compareTo).orElseThrow();
      Instant from = first.minus(BudgetAttribution.COMPARE_WINDOW);
      List<Bucket> buckets;
      if (!from.isBefore(kept.minutesFrom())) {
        buckets = counts.minutes(slo.name(), slo.seriesOf(objective), new TimeRange(from, until));
      } else {
        Instant hoursFrom = floorHour(from).isBefore(kept.hoursFrom()) ? kept.hoursFrom() : floorHour(from);
        Instant hoursTo = ceilHour(until);
        if (!hoursTo.isAfter(hoursFrom)) continue;
        buckets = counts.hours(slo.name(), slo.seriesOf(objective), new TimeRange(hoursFrom, hoursTo));
      }
      shares.addAll(BudgetAttribution.attribute(inEnvironment, buckets, budget, until));
    }
    return shares.stream().filter(s -> s.spent() > 0)
        .sorted(Comparator.comparingDouble(BudgetAttribution.Share::spent).reversed()
            .thenComparing(s -> s.deployment().startedAt()))
        .limit(TOP_DEPLOYMENTS)
        .map(s -> new SloReport.DeploymentBurn(s.deployment().id().value(), s.deployment().version(),
            s.deployment().environment(), s.liveFrom(), s.liveUntil(), s.budgetShare(), s.burnRateBefore(),
            s.burnRateAfter()))
        .toList();
  }

  /** What one bucket spends: bad events, or the bad share of its time for the timeslice methods. */
  private static ToDoubleFunction<EventCounts> spentOf(Slo slo, Objective o) {
    return switch (slo.budgetingMethod()) {
      case OCCURRENCES -> EventCounts::bad;
      case TIMESLICES -> c -> c.total() > 0 && !o.timeSliceTarget().orElseThrow().isMetBy(c.good(), c.total()) ? 1 : 0;
      case RATIO_TIMESLICES -> c -> c.total() == 0 ? 0 : c.errorRatio();
    };
  }

  static List<Rollup> rollups(List<ObjectiveReport> objectives, java.util.function.Function<ObjectiveReport, String> key) {
    Map<String, List<ObjectiveReport>> groups = new TreeMap<>();
    for (ObjectiveReport o : objectives) groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
    List<Rollup> out = new ArrayList<>();
    groups.forEach((name, os) -> out.add(new Rollup(name, os.size(),
        (int) os.stream().filter(o -> o.outcome() == Outcome.MET).count(),
        (int) os.stream().filter(o -> o.outcome() == Outcome.MISSED).count(),
        (int) os.stream().filter(o -> o.outcome() == Outcome.NO_DATA).count(),
        (int) os.stream().filter(ObjectiveReport::sla).count(),
        (int) os.stream().filter(o -> o.sla() && o.outcome() == Outcome.MISSED).count(),
        os.stream().filter(o -> o.outcome() != Outcome.NO_DATA)
            .min(Comparator.comparingDouble(ObjectiveReport::attainment))
            .map(o -> new SloReport.Worst(o.slo(), o.objective(), o.attainment(), o.target())))));
    return out;
  }

  private static Instant floorHour(Instant t) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 3600) * 3600);
  }

  private static Instant ceilHour(Instant t) {
    Instant f = floorHour(t);
    return f.equals(t) ? t : f.plus(HOUR);
  }
}
