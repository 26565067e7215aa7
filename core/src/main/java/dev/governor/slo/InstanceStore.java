package dev.governor.slo;

import dev.governor.basics.SloName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Durable record of the instances grouped SLOs have made, so a restart knows them (and their cap
 * holds) before the first event arrives. An instance is made once and kept: its history is its own.
 */
public interface InstanceStore {

  /** One instance: its group and label values, and when its first event arrived. */
  record StoredInstance(SloName group, Map<String, String> labels, Instant createdAt) {
    public StoredInstance {
      labels = Map.copyOf(labels);
    }
  }

  /** Adds the instances, all or nothing; one stored already (same group and labels) is left as it is. */
  void add(List<StoredInstance> instances);

  /** Every stored instance, oldest first. */
  List<StoredInstance> all();

  /** A store in memory: for tests, and for engines that are never restarted. */
  static InstanceStore inMemory() {
    List<StoredInstance> kept = new CopyOnWriteArrayList<>();
    return new InstanceStore() {
      @Override
      public synchronized void add(List<StoredInstance> instances) {
        for (StoredInstance i : instances) {
          if (kept.stream().noneMatch(k -> k.group().equals(i.group()) && k.labels().equals(i.labels()))) kept.add(i);
        }
      }

      @Override
      public List<StoredInstance> all() {
        return new ArrayList<>(kept);
      }
    };
  }
}
