package dev.governor.slo;

import dev.governor.basics.SloName;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instances of grouped SLOs: which exist (kept in the {@link InstanceStore} so that a restart
 * knows them and the limit still holds), which a batch may make within each group's limit, and the
 * events refused because their instance would pass it. The engine loads the instances as SLOs of
 * their own; making them is the engine's, under its load lock.
 */
final class GroupInstances {

  /** How many refused label value sets a group keeps to show. */
  static final int REFUSED_SAMPLES = 5;

  private final InstanceStore store;
  private final int defaultLimit;
  /** The instances of each grouped SLO, by their label values; swapped whole with the trackers. */
  private volatile Map<SloName, Map<Map<String, String>, Slo>> loaded = Map.of();
  /** Per grouped SLO, events refused because their instance would pass the SLO's instance limit. */
  private final Map<SloName, AtomicLong> refusedEvents = new ConcurrentHashMap<>();
  /** Per grouped SLO, a few of the label value sets refused last, for the SLO's page. */
  private final Map<SloName, Deque<Map<String, String>>> refusedSamples = new ConcurrentHashMap<>();

  GroupInstances(InstanceStore store, int defaultLimit) {
    this.store = store;
    this.defaultLimit = defaultLimit;
  }

  /**
   * The instances of every grouped SLO of {@code catalog}, from the store: those whose labels are
   * still the SLO's groupBy labels, the oldest first, up to its limit.
   */
  Map<SloName, Map<Map<String, String>, Slo>> of(Catalog catalog) {
    Map<SloName, Slo> grouped = new HashMap<>();
    for (Slo slo : catalog.slos()) if (slo.isGrouped()) grouped.put(slo.name(), slo);
    if (grouped.isEmpty()) return Map.of();
    Map<SloName, Map<Map<String, String>, Slo>> out = new HashMap<>();
    for (InstanceStore.StoredInstance stored : store.all()) {
      Slo group = grouped.get(stored.group());
      if (group == null || !stored.labels().keySet().equals(Set.copyOf(group.groupBy()))) continue;
      Map<Map<String, String>, Slo> mine = out.computeIfAbsent(group.name(), k -> new LinkedHashMap<>());
      if (mine.size() < limitOf(group)) mine.putIfAbsent(stored.labels(), Groups.instance(group, stored.labels()));
    }
    return out;
  }

  /** The instances the engine runs now; set once their trackers are in place. */
  void loaded(Map<SloName, Map<Map<String, String>, Slo>> next) {
    loaded = next;
  }

  Map<Map<String, String>, Slo> loadedOf(SloName group) {
    return loaded.getOrDefault(group, Map.of());
  }

  /**
   * Stores the instances {@code wanted} asks for, as far as each group of {@code catalog} allows,
   * and returns how many it stored; the engine then loads them. Called under the engine's load
   * lock, so a limit is never passed by two at a time.
   */
  int make(Set<Admission.NewInstance> wanted, Catalog catalog, Instant now) {
    Map<SloName, Map<Map<String, String>, Slo>> known = loaded;
    List<InstanceStore.StoredInstance> made = new ArrayList<>();
    Map<SloName, Integer> counts = new HashMap<>();
    List<Admission.NewInstance> ordered = new ArrayList<>(wanted);
    ordered.sort(Comparator.comparing((Admission.NewInstance n) -> n.group()).thenComparing(n -> n.labels().toString()));
    for (Admission.NewInstance n : ordered) {
      Slo group = catalog.slo(n.group()).filter(Slo::isGrouped).orElse(null);
      if (group == null) continue;
      Map<Map<String, String>, Slo> mine = known.getOrDefault(n.group(), Map.of());
      if (mine.containsKey(n.labels())) continue;
      int count = counts.computeIfAbsent(n.group(), g -> mine.size());
      if (count >= limitOf(group)) continue;
      counts.put(n.group(), count + 1);
      made.add(new InstanceStore.StoredInstance(n.group(), n.labels(), now));
    }
    if (!made.isEmpty()) store.add(made);
    return made.size();
  }

  /** Whether any of {@code wanted} is loaded: another batch made it since this one was admitted. */
  boolean anyLoaded(Set<Admission.NewInstance> wanted) {
    Map<SloName, Map<Map<String, String>, Slo>> known = loaded;
    return wanted.stream().anyMatch(n -> known.getOrDefault(n.group(), Map.of()).containsKey(n.labels()));
  }

  /** Counts what an admitted batch could not give an instance: past its group's limit, never merged. */
  void refused(Admission.Admitted admitted) {
    for (Admission.NewInstance n : admitted.unknown()) {
      Deque<Map<String, String>> samples = refusedSamples.computeIfAbsent(n.group(), g -> new ConcurrentLinkedDeque<>());
      samples.addFirst(n.labels());
      while (samples.size() > REFUSED_SAMPLES) samples.pollLast();
    }
    admitted.unknownEvents().forEach((group, count) ->
        refusedEvents.computeIfAbsent(group, g -> new AtomicLong()).addAndGet(count));
  }

  int limitOf(Slo group) {
    return Groups.limitOf(group, defaultLimit);
  }

  long refusedEventsOf(SloName group) {
    AtomicLong count = refusedEvents.get(group);
    return count == null ? 0 : count.get();
  }

  List<Map<String, String>> refusedSamplesOf(SloName group) {
    return List.copyOf(refusedSamples.getOrDefault(group, new ArrayDeque<>()));
  }

  Map<SloName, Long> refusedEvents() {
    Map<SloName, Long> out = new TreeMap<>();
    refusedEvents.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
