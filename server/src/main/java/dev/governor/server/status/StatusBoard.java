package dev.governor.server.status;

import dev.governor.alert.Alert;
import dev.governor.alert.Severity;
import dev.governor.basics.SloName;
import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentQuery;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeResultStore;
import dev.governor.slo.Evaluator;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.SloStatus;
import dev.governor.slo.SloTimeseries;
import dev.governor.status.ComponentOverride;
import dev.governor.status.ComponentState;
import dev.governor.status.Maintenance;
import dev.governor.status.StatusEvent;
import dev.governor.status.StatusPage;
import dev.governor.status.StatusRules;
import dev.governor.status.StatusStore;
import dev.governor.status.StatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Works out the public page from what Governor knows: each component's state by {@link
 * StatusRules}, its 90 day bars, the incidents the public was told of and the planned work; and
 * which components changed state since it last looked, which it records as events.
 */
final class StatusBoard {

  static final int DAYS = 90;
  /**
   * A probe whose last run is older than this says nothing about now (its server was down, or
   * probes are off here): it neither fails nor passes the component. Longer than the longest interval.
   */
  static final Duration STALE = Duration.ofHours(2);
  /** Resolved incidents stay on the page this long, under "Past incidents". */
  static final Duration RESOLVED_SHOWN = Duration.ofDays(7);

  private final StatusStore store;
  private final ProbeResultStore probes;
  private final Evaluator evaluator;
  private final Supplier<IncidentEngine> incidents;
  private final InstantSource clock;

  StatusBoard(StatusStore store, ProbeResultStore probes, Evaluator evaluator, Supplier<IncidentEngine> incidents,
      InstantSource clock) {
    this.store = store;
    this.probes = probes;
    this.evaluator = evaluator;
    this.incidents = incidents;
    this.clock = clock;
  }

  /** The page as it stands, and the state changes to announce (already recorded). */
  record Built(StatusSnapshot snapshot, List<StatusEvent> changes) {}

  Built build(StatusPage page, java.util.function.Function<StatusSnapshot, String> render) {
    Instant now = clock.instant();
    List<StatusUpdate> updates = store.updates();
    List<Maintenance> maintenance = store.maintenances(now.minus(Duration.ofDays(1)));
    Map<String, ComponentOverride> overrides = new HashMap<>();
    for (ComponentOverride o : store.overrides()) if (o.activeAt(now)) overrides.put(o.component(), o);
    Map<String, String> publicNames = new HashMap<>();
    page.components().forEach(c -> publicNames.put(c.key(), c.name()));

    List<StatusSnapshot.PublicIncident> told = publicIncidents(updates, publicNames, now);
    Map<String, ComponentState> declared = new HashMap<>();
    for (var entry : latestByIncident(updates).entrySet()) {
      StatusUpdate last = entry.getValue().getLast();
      if (last.phase() == StatusUpdate.Phase.RESOLVED) continue;
      Optional<ComponentState> impact = entry.getValue().reversed().stream().map(StatusUpdate::impact)
          .flatMap(Optional::stream).findFirst();
      for (StatusUpdate u : entry.getValue()) {
        for (String key : u.components()) impact.ifPresent(i -> declared.merge(key, i, ComponentState::worse));
      }
    }

    List<Incident> open = incidents.get().openIncidents();
    ZoneId zone = page.zone();
    LocalDate today = LocalDate.ofInstant(now, zone);
    LocalDate first = today.minusDays(DAYS - 1);
    List<StatusSnapshot.Component> components = new ArrayList<>();
    Map<String, ComponentState> states = new LinkedHashMap<>();
    for (StatusPage.Component c : page.components()) {
      List<ProbeOutcome> latest = new ArrayList<>();
      for (String probe : c.probes()) {
        probes.latest(probe, 1).stream().findFirst().filter(r -> r.startedAt().isAfter(now.minus(STALE)))
            .map(ProbeResult::outcome).ifPresent(latest::add);
      }
      boolean pageAlert = false;
      boolean ticketAlert = false;
      boolean spent = false;
      for (SloName slo : c.slos()) {
        Optional<SloStatus> status = evaluator.status(slo);
        if (status.isEmpty()) continue;
        for (Alert a : status.get().firingAlerts()) {
          if (a.severity() == Severity.PAGE) pageAlert = true;
          else ticketAlert = true;
        }
        for (ObjectiveStatus o : status.get().objectives()) if (!o.noData() && o.budget().remaining() <= 0) spent = true;
      }
      List<AlertSeverity> severities = c.service().map(s -> open.stream().filter(i -> i.services().contains(s))
          .map(Incident::severity).toList()).orElse(List.of());
      boolean maintained = maintenance.stream().anyMatch(m -> m.inProgress(now) && m.components().contains(c.key()));
      ComponentState state = StatusRules.state(new StatusRules.Facts(latest, pageAlert, ticketAlert, spent, severities,
          Optional.ofNullable(declared.get(c.key())), maintained,
          Optional.ofNullable(overrides.get(c.key())).map(ComponentOverride::state)));
      states.put(c.key(), state);
      Days days = days(c, first, today, zone);
      components.add(new StatusSnapshot.Component(c.key(), c.name(), c.description(), state, days.bars(), days.uptime()));
    }
    ComponentState overall = states.values().stream().reduce(ComponentState.OPERATIONAL, ComponentState::worse);

    List<StatusSnapshot.PlannedWork> planned = maintenance.stream().filter(m -> !m.cancelled() && m.end().isAfter(now))
        .map(m -> new StatusSnapshot.PlannedWork(m.id(), m.title(), m.message(),
            m.components().stream().map(k -> publicNames.getOrDefault(k, k)).toList(), m.start(), m.end(), m.inProgress(now)))
        .toList();
    StatusSnapshot draft = new StatusSnapshot(page.title(), page.description(), now, overall, components, told, planned, "");
    StatusSnapshot snapshot = new StatusSnapshot(draft.title(), draft.description(), now, overall, components, told,
        planned, render.apply(draft));
    return new Built(snapshot, recordChanges(states, publicNames, now));
  }

  /** Records the states that changed since last time, one event each; the first look announces nothing. */
  private List<StatusEvent> recordChanges(Map<String, ComponentState> states, Map<String, String> names, Instant now) {
    Map<String, ComponentState> before = store.lastStates();
    List<StatusEvent> events = new ArrayList<>();
    Map<String, ComponentState> changed = new LinkedHashMap<>();
    for (var e : states.entrySet()) {
      ComponentState was = before.get(e.getKey());
      if (was == e.getValue()) continue;
      changed.put(e.getKey(), e.getValue());
      if (was == null) continue;
      String name = names.get(e.getKey());
      events.add(new StatusEvent(0, now, "component", e.getKey(), name + ": " + e.getValue().words(),
          name + " is " + e.getValue().words().toLowerCase(Locale.ROOT) + " (was " + was.words().toLowerCase(Locale.ROOT) + ")."));
    }
    if (changed.isEmpty()) return List.of();
    return store.recordStates(changed, events);
  }

  private record Days(List<StatusSnapshot.Day> bars, String uptime) {}

  /** The worst source each day (a probe's pass share, an SLO's first objective), and over the 90 days. */
  private Days days(StatusPage.Component c, LocalDate first, LocalDate today, ZoneId zone) {
    int n = DAYS;
    double[] worst = new double[n];
    java.util.Arrays.fill(worst, Double.NaN);
    double worstOverall = Double.NaN;
    for (String probe : c.probes()) {
      long good = 0;
      long total = 0;
      for (var day : probes.daily(probe, first, today, zone).entrySet()) {
        int i = (int) (day.getKey().toEpochDay() - first.toEpochDay());
        if (i < 0 || i >= n || day.getValue().runs() == 0) continue;
        worst[i] = min(worst[i], day.getValue().uptime());
        good += day.getValue().up() + day.getValue().degraded();
        total += day.getValue().runs();
      }
      if (total > 0) worstOverall = min(worstOverall, (double) good / total);
    }
    Instant start = first.atStartOfDay(zone).toInstant();
    Instant end = today.plusDays(1).atStartOfDay(zone).toInstant();
    for (SloName slo : c.slos()) {
      Optional<SloTimeseries> series;
      try {
        series = evaluator.timeseries(slo, start, end, Duration.ofDays(1));
      } catch (IllegalArgumentException e) {
        series = Optional.empty();
      }
      if (series.isEmpty() || series.get().objectives().isEmpty()) continue;
      double good = 0;
      long total = 0;
      List<SloTimeseries.Point> points = series.get().objectives().getFirst().points();
      for (int i = 0; i < points.size() && i < n; i++) {
        SloTimeseries.Point p = points.get(i);
        if (p.counts().total() == 0 || Double.isNaN(p.attainment())) continue;
        worst[i] = min(worst[i], p.attainment());
        good += p.goodUnits().doubleValue();
        total += p.counts().total();
      }
      if (total > 0) worstOverall = min(worstOverall, good / total);
    }
    List<StatusSnapshot.Day> bars = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LocalDate date = first.plusDays(i);
      double u = worst[i];
      bars.add(new StatusSnapshot.Day(date, u, band(u), Double.isNaN(u) ? date + ": no data" : date + ": " + percent(u) + " up"));
    }
    return new Days(bars, Double.isNaN(worstOverall) ? "no data yet" : percent(worstOverall) + " uptime");
  }

  private static double min(double a, double b) {
    return Double.isNaN(a) ? b : Math.min(a, b);
  }

  static String band(double uptime) {
    if (Double.isNaN(uptime)) return "nodata";
    if (uptime >= 0.999) return "ok";
    if (uptime >= 0.99) return "minor";
    if (uptime >= 0.95) return "partial";
    return "major";
  }

  static String percent(double share) {
    double p = share * 100;
    if (p >= 99.995 && share < 1) return "99.99 %";
    return String.format(Locale.ROOT, p == 100 ? "%.0f %%" : "%.2f %%", p);
  }

  private static Map<Long, List<StatusUpdate>> latestByIncident(List<StatusUpdate> updates) {
    Map<Long, List<StatusUpdate>> by = new LinkedHashMap<>();
    for (StatusUpdate u : updates) by.computeIfAbsent(u.incident().number(), k -> new ArrayList<>()).add(u);
    return by;
  }

  private static List<StatusSnapshot.PublicIncident> publicIncidents(List<StatusUpdate> updates, Map<String, String> names,
      Instant now) {
    List<StatusSnapshot.PublicIncident> out = new ArrayList<>();
    for (var entry : latestByIncident(updates).entrySet()) {
      List<StatusUpdate> all = entry.getValue();
      StatusUpdate last = all.getLast();
      boolean resolved = last.phase() == StatusUpdate.Phase.RESOLVED;
      if (resolved && last.at().isBefore(now.minus(RESOLVED_SHOWN))) continue;
      String title = all.reversed().stream().map(StatusUpdate::title).flatMap(Optional::stream).findFirst().orElse("Incident");
      String impact = all.reversed().stream().map(StatusUpdate::impact).flatMap(Optional::stream).findFirst()
          .map(ComponentState::words).orElse("");
      List<String> components = all.stream().flatMap(u -> u.components().stream()).distinct()
          .map(k -> names.getOrDefault(k, null)).filter(java.util.Objects::nonNull).toList();
      List<StatusSnapshot.Update> told = all.reversed().stream()
          .map(u -> new StatusSnapshot.Update(u.at(), u.phase().words(), u.message())).toList();
      out.add(new StatusSnapshot.PublicIncident(entry.getKey(), title, last.phase().words(), impact, components, told,
          resolved, last.at()));
    }
    out.sort(Comparator.comparing(StatusSnapshot.PublicIncident::resolved)
        .thenComparing(StatusSnapshot.PublicIncident::lastUpdate, Comparator.reverseOrder()));
    return out;
  }
}
