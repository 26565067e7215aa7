package dev.governor.testing;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentStore;
import dev.governor.incident.MaintenanceWindow;
import dev.governor.incident.Silence;
import dev.governor.incident.SilenceId;
import dev.governor.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An incident store in maps, for the engine's unit tests. A write works on a copy that replaces
 * the maps only when the work returns, so a failing batch leaves nothing behind, as a database
 * transaction does; the JDBC stores pass the same contract.
 */
public final class InMemoryIncidentStore implements IncidentStore {

  private Data data = new Data();
  private Predicate<IncidentAlert> failOnAlertSave = a -> false;

  /** Makes saving an alert that {@code when} selects throw, to test that a batch is atomic. */
  public synchronized void failOnAlertSave(Predicate<IncidentAlert> when) {
    this.failOnAlertSave = when;
  }

  @Override
  public synchronized <T> T write(Function<Tx, T> work) {
    Data copy = data.copy();
    T result = work.apply(new MemoryTx(copy, true));
    data = copy;
    return result;
  }

  @Override
  public synchronized <T> T read(Function<Tx, T> work) {
    return work.apply(new MemoryTx(data, false));
  }

  private static final class Data {
    final TreeMap<Long, Incident> incidents = new TreeMap<>();
    final TreeMap<Long, IncidentAlert> alerts = new TreeMap<>();
    final Map<Long, List<TimelineEntry>> timelines = new HashMap<>();
    final Map<SilenceId, Silence> silences = new LinkedHashMap<>();
    final TreeMap<String, MaintenanceWindow> windows = new TreeMap<>();

    Data copy() {
      Data d = new Data();
      d.incidents.putAll(incidents);
      d.alerts.putAll(alerts);
      timelines.forEach((k, v) -> d.timelines.put(k, new ArrayList<>(v)));
      d.silences.putAll(silences);
      d.windows.putAll(windows);
      return d;
    }
  }

  private final class MemoryTx implements Tx {
    private final Data d;
    private final boolean writable;

    MemoryTx(Data d, boolean writable) {
      this.d = d;
      this.writable = writable;
    }

    private void requireWritable() {
      if (!writable) throw new IllegalStateException("a read transaction must not write");
    }

    @Override
    public IncidentId nextIncidentId() {
      return new IncidentId(d.incidents.isEmpty() ? 1 : d.incidents.lastKey() + 1);
    }

    @Override
    public void saveIncident(Incident incident) {
      requireWritable();
      d.incidents.put(incident.id().number(), incident);
    }

    @Override
    public Optional<Incident> incident(IncidentId id) {
      return Optional.ofNullable(d.incidents.get(id.number()));
    }

    @Override
    public Optional<Incident> openIncidentInGroup(String groupKey) {
      return d.incidents.descendingMap().values().stream()
          .filter(i -> i.isOpen() && i.groupKey().equals(groupKey)).findFirst();
    }

    @Override
    public Optional<Incident> lastResolvedInGroup(String groupKey) {
      return d.incidents.values().stream()
          .filter(i -> !i.isOpen() && i.groupKey().equals(groupKey))
          .max(Comparator.comparing((Incident i) -> i.resolvedAt().orElseThrow()).thenComparing(Incident::id));
    }

    @Override
    public List<Incident> incidents(IncidentQuery query) {
      return d.incidents.descendingMap().values().stream().filter(query::includes).limit(query.limit()).toList();
    }

    @Override
    public long nextAlertId() {
      return d.alerts.isEmpty() ? 1 : d.alerts.lastKey() + 1;
    }

    @Override
    public void saveAlert(IncidentAlert alert) {
      requireWritable();
      if (failOnAlertSave.test(alert)) throw new IllegalStateException("saving alert " + alert.ref() + " fails (test)");
      alert.incident().ifPresent(i -> {
        if (!d.incidents.containsKey(i.number())) throw new IllegalStateException("no incident " + i);
      });
      if (alert.isOpen()) {
        openAlert(alert.integration(), alert.dedupKey()).filter(o -> o.id() != alert.id()).ifPresent(o -> {
          throw new IllegalStateException("a second open alert for " + alert.ref());
        });
      }
      d.alerts.put(alert.id(), alert);
    }

    @Override
    public Optional<IncidentAlert> openAlert(String integration, String dedupKey) {
      return d.alerts.values().stream()
          .filter(a -> a.isOpen() && a.integration().equals(integration) && a.dedupKey().equals(dedupKey))
          .findFirst();
    }

    @Override
    public List<IncidentAlert> openAlerts() {
      return d.alerts.values().stream().filter(IncidentAlert::isOpen).toList();
    }

    @Override
    public List<IncidentAlert> alertsOf(IncidentId incident) {
      return d.alerts.values().stream().filter(a -> a.incident().equals(Optional.of(incident))).toList();
    }

    @Override
    public Set<String> knownDedupKeys(String integration, Collection<String> keys) {
      return d.alerts.values().stream()
          .filter(a -> a.integration().equals(integration) && keys.contains(a.dedupKey()))
          .map(IncidentAlert::dedupKey)
          .collect(Collectors.toSet());
    }

    @Override
    public void appendTimeline(IncidentId incident, TimelineEntry entry) {
      requireWritable();
      if (!d.incidents.containsKey(incident.number())) throw new IllegalStateException("no incident " + incident);
      d.timelines.computeIfAbsent(incident.number(), k -> new ArrayList<>()).add(entry);
    }

    @Override
    public List<TimelineEntry> timeline(IncidentId incident) {
      return List.copyOf(d.timelines.getOrDefault(incident.number(), List.of()));
    }

    @Override
    public void saveSilence(Silence silence) {
      requireWritable();
      d.silences.put(silence.id(), silence);
    }

    @Override
    public Optional<Silence> silence(SilenceId id) {
      return Optional.ofNullable(d.silences.get(id));
    }

    @Override
    public List<Silence> silences(Optional<Instant> endingAfter, int limit) {
      return d.silences.values().stream()
          .filter(s -> endingAfter.map(t -> s.endsAt().isAfter(t)).orElse(true))
          // Latest start first, and those that start together by id, as the databases order them.
          .sorted(Comparator.comparing(Silence::startsAt).reversed().thenComparing(s -> s.id().value()))
          .limit(limit)
          .toList();
    }

    @Override
    public boolean saveMaintenanceWindow(MaintenanceWindow window) {
      requireWritable();
      return d.windows.put(window.name(), window) == null;
    }

    @Override
    public boolean deleteMaintenanceWindow(String name) {
      requireWritable();
      return d.windows.remove(name) != null;
    }

    @Override
    public List<MaintenanceWindow> maintenanceWindows() {
      return List.copyOf(d.windows.values());
    }
  }
}
