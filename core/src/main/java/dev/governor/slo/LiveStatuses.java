package dev.governor.slo;

import dev.governor.alert.Alert;
import dev.governor.basics.SloName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Statuses from the running sums: each read moves its shard to the clock's minute first (a tick
 * may be late), then computes under the shard's sums lock, O(objectives x windows) per SLO.
 */
final class LiveStatuses {

  private final Supplier<Map<SloName, Map<String, ObjectiveTracker>>> trackers;
  private final SumShards shards;
  private final AlertRules alertRules;

  /** @param trackers the trackers loaded now, by SLO and then objective; swapped whole by a load */
  LiveStatuses(Supplier<Map<SloName, Map<String, ObjectiveTracker>>> trackers, SumShards shards, AlertRules alertRules) {
    this.trackers = trackers;
    this.shards = shards;
    this.alertRules = alertRules;
  }

  Optional<SloStatus> of(SloName slo, Instant now) {
    Map<String, ObjectiveTracker> objectives = trackers.get().get(slo);
    if (objectives == null) return Optional.empty();
    SumShards.Shard shard = shards.of(objectives.values().iterator().next().series);
    shards.advance(shard, now);
    return Optional.of(status(shard, objectives, now, alertRules.firingOf(slo)));
  }

  /** Every applied SLO's status (instances are asked for by their group), in the catalog's order. */
  List<SloStatus> all(Instant now) {
    for (int i = 0; i < SumShards.COUNT; i++) shards.advance(shards.shard(i), now);
    Map<SloName, List<Alert>> firing = firingBySlo();
    Map<SloName, Map<String, ObjectiveTracker>> all = trackers.get();
    List<SloStatus> statuses = new ArrayList<>(all.size());
    all.forEach((name, objectives) -> {
      if (objectives.values().iterator().next().slo.instance().isPresent()) return;
      statuses.add(status(shards.of(objectives.values().iterator().next().series), objectives, now,
          firing.getOrDefault(name, List.of())));
    });
    return statuses;
  }

  /** The statuses of {@code instances}, the most budget spent first (then by name). */
  List<SloStatus> ofInstances(Iterable<Slo> instances, Instant now) {
    Map<SloName, List<Alert>> firing = firingBySlo();
    Map<SloName, Map<String, ObjectiveTracker>> all = trackers.get();
    List<SloStatus> out = new ArrayList<>();
    for (Slo instance : instances) {
      Map<String, ObjectiveTracker> objectives = all.get(instance.name());
      if (objectives == null) continue;
      SumShards.Shard shard = shards.of(objectives.values().iterator().next().series);
      shards.advance(shard, now);
      out.add(status(shard, objectives, now, firing.getOrDefault(instance.name(), List.of())));
    }
    out.sort(Comparator.comparingDouble((SloStatus st) -> st.objectives().stream()
            .mapToDouble(o -> o.budget().remaining()).min().orElse(1))
        .thenComparing(st -> st.slo().name()));
    return out;
  }

  private Map<SloName, List<Alert>> firingBySlo() {
    Map<SloName, List<Alert>> firing = new HashMap<>();
    alertRules.firing().forEach(a -> firing.computeIfAbsent(a.key().slo(), k -> new ArrayList<>()).add(a));
    return firing;
  }

  private static SloStatus status(SumShards.Shard shard, Map<String, ObjectiveTracker> objectives, Instant now,
      List<Alert> open) {
    ObjectiveStatus[] statuses = new ObjectiveStatus[objectives.size()];
    Slo slo = null;
    int i = 0;
    synchronized (shard.sums) {
      for (ObjectiveTracker t : objectives.values()) {
        slo = t.slo;
        statuses[i++] = StatusCalculator.status(t.slo, t.objective, t.units, now, t.sloWindow(), t::rolling);
      }
    }
    // Most SLOs have one objective, which List.of keeps without an array.
    return new SloStatus(slo, now, List.of(statuses), open);
  }
}
