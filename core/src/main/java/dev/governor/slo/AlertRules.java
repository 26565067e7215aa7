package dev.governor.slo;

import dev.governor.basics.Minutes;
import dev.governor.basics.SloName;
import dev.governor.alert.Alert;
import dev.governor.alert.AlertKey;
import dev.governor.alert.AlertListener;
import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Judges the alert rules of objectives from their running sums, stores each alert that opens or
 * resolves, and hands it to the listeners right after it is stored (the incident engine hears of a
 * burn within the request that proved it).
 *
 * <p>Rules of one objective may be judged by two threads at once (an ingest and the tick). An
 * alert key's transition is decided and stored under that key's stripe lock, so an alert opens
 * once and resolves once; the lock is one of many and covers a rare write, never ingestion. The
 * alerts that change in one judgement are stored in one commit.
 */
final class AlertRules {

  private static final System.Logger LOG = System.getLogger(AlertRules.class.getName());
  private static final int STRIPES = 64;

  private final AlertStore alerts;
  private final BucketStore buckets;
  private final EvaluatorSettings settings;
  private final Instant listeningSince;
  private final Map<AlertKey, Alert> firing = new ConcurrentHashMap<>();
  /**
   * The same alerts by SLO, for one SLO's status without a pass over every firing alert (a gate
   * asks for a few SLOs at every decision). Each value is replaced whole, never changed, so a
   * reader holds a consistent list; changes are rare, one per alert transition.
   */
  private final Map<SloName, List<Alert>> firingBySlo = new ConcurrentHashMap<>();
  /** When each OpenSLO condition became true, for alertAfter; kept across re-applies of its SLO. */
  private final Map<AlertKey, Instant> conditionTrueSince = new ConcurrentHashMap<>();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
  /** {@link #lastData} as one reference for every judgement, not a lambda made per tracker judged. */
  private final java.util.function.BiFunction<ObjectiveTracker, Instant, Optional<Instant>> lastDataReader =
      this::lastData;

  AlertRules(AlertStore alerts, BucketStore buckets, EvaluatorSettings settings, Instant listeningSince) {
    this.alerts = alerts;
    this.buckets = buckets;
    this.settings = settings;
    this.listeningSince = listeningSince;
    for (int i = 0; i < STRIPES; i++) stripes[i] = new ReentrantLock();
    for (Alert alert : alerts.firing()) fire(alert);
  }

  void addListener(AlertListener listener) {
    listeners.add(listener);
  }

  /**
   * The objectives with a rule that may change its verdict with time alone, their sums standing
   * still: an OpenSLO condition that holds and waits out its alertAfter, or, in the minute after
   * Governor has listened for noDataAfter, a no-data rule. Every other verdict follows from the
   * sums, so a tick need not judge an objective whose sums have not moved since it was last judged.
   * Worked out once per tick: the conditions that wait are few, the objectives may be many.
   */
  Predicate<ObjectiveTracker> waitingOnTime(Instant now) {
    if (listening(now)) return t -> true;
    record Waiting(SloName slo, String objective) {}
    Set<Waiting> objectives = new HashSet<>();
    for (AlertKey key : conditionTrueSince.keySet()) {
      if (!firing.containsKey(key)) objectives.add(new Waiting(key.slo(), key.objective()));
    }
    if (objectives.isEmpty()) return NOBODY;
    return t -> objectives.contains(new Waiting(t.slo.name(), t.objective.name()));
  }

  static final Predicate<ObjectiveTracker> NOBODY = t -> false;

  /**
   * No-data verdicts wait on time once: at the moment Governor has listened for noDataAfter. They
   * are judged in the minute that follows it; the next minute boundary judges every rule anyway.
   */
  private boolean listening(Instant now) {
    if (!settings.noDataAlerts()) return false;
    Instant listened = listeningSince.plus(settings.noDataAfter());
    return !now.isBefore(listened) && now.isBefore(listened.plus(Minutes.ONE));
  }

  /** The firing alerts, in no order. */
  Collection<Alert> firing() {
    return firing.values();
  }

  /** The firing alerts of {@code slo}, in no order. */
  List<Alert> firingOf(SloName slo) {
    return firingBySlo.getOrDefault(slo, List.of());
  }

  private void fire(Alert alert) {
    firing.put(alert.key(), alert);
    firingBySlo.compute(alert.key().slo(), (slo, known) -> {
      List<Alert> changed = new ArrayList<>(known == null ? List.of() : known);
      changed.removeIf(a -> a.key().equals(alert.key()));
      changed.add(alert);
      return List.copyOf(changed);
    });
  }

  private void stopFiring(AlertKey key) {
    firing.remove(key);
    firingBySlo.computeIfPresent(key.slo(), (slo, known) -> {
      List<Alert> left = known.stream().filter(a -> !a.key().equals(key)).toList();
      return left.isEmpty() ? null : left;
    });
  }

  /**
   * Judges every rule of {@code trackers} as of {@code now}. The verdicts are read under each
   * tracker's sums lock ({@code guard}); the alerts are stored after it is let go, those that change
   * together in one commit (see {@link #transition}).
   */
  void judge(Collection<ObjectiveTracker> trackers, Instant now, Function<ObjectiveTracker, Object> guard) {
    // One verdict per key: a key judged twice in one call (a composite's tracker, touched by two
    // members) opens once.
    Map<AlertKey, AlertJudge.Verdict> changing = new LinkedHashMap<>();
    // One list for every tracker's verdicts, emptied before each: a tick judges them all.
    List<AlertJudge.Verdict> verdicts = new ArrayList<>();
    int judged = 0;
    for (ObjectiveTracker t : trackers) {
      // Stored soon after they were judged: a verdict kept while thousands more are judged could
      // undo a newer one that an ingest stored meanwhile.
      if (++judged % JUDGED_PER_COMMIT == 0) {
        transition(List.copyOf(changing.entrySet()), now);
        changing.clear();
      }
      // A grouped SLO's own sums are every instance's together: its instances alert, it does not.
      if (t.slo.isGrouped()) continue;
      verdicts.clear();
      synchronized (guard.apply(t)) {
        // Its sums lack a stored batch until the next tick reads them again, and judges it then.
        if (t.missedDeltas) continue;
        AlertJudge.judge(t, now, settings.minEventsToPage(), conditionTrueSince, verdicts);
        if (settings.noDataAlerts()) {
          boolean open = firing.containsKey(t.alertKey(AlertJudge.NO_DATA));
          verdicts.add(AlertJudge.noData(t, now, settings.noDataAfter(), open, listeningSince, lastDataReader));
        }
      }
      for (AlertJudge.Verdict v : verdicts) {
        AlertKey key = t.alertKey(v.rule());
        // Most verdicts change nothing: decide that without a lock.
        if (v.firing() != firing.containsKey(key)) changing.put(key, v);
        else changing.remove(key);
      }
    }
    transition(List.copyOf(changing.entrySet()), now);
  }

  /**
   * The alerts of at most this many trackers are stored in one commit. A tick after a fleet-wide gap
   * in the data opens or resolves an alert for every SLO at once: one commit each, 100,000 of them
   * took 30 s.
   */
  static final int JUDGED_PER_COMMIT = 64;

  /**
   * Opens or resolves the alerts of {@code due} that still need it, stored in one commit, under the
   * stripe locks of their keys (taken in index order, so two judges never wait on each other), then
   * tells the listeners.
   */
  private void transition(List<Map.Entry<AlertKey, AlertJudge.Verdict>> due, Instant now) {
    if (due.isEmpty()) return;
    int[] locked = due.stream().mapToInt(e -> Math.floorMod(e.getKey().hashCode(), STRIPES)).distinct().sorted().toArray();
    List<Alert> changed = new ArrayList<>();
    for (int i : locked) stripes[i].lock();
    try {
      for (Map.Entry<AlertKey, AlertJudge.Verdict> e : due) {
        Alert open = firing.get(e.getKey());
        AlertJudge.Verdict verdict = e.getValue();
        if (verdict.firing() && open == null) {
          changed.add(new Alert(UUID.randomUUID().toString(), e.getKey(), verdict.severity(), AlertState.FIRING,
              now, Optional.empty(), verdict.summary()));
        } else if (!verdict.firing() && open != null) {
          changed.add(open.resolved(now));
        }
      }
      if (changed.isEmpty()) return;
      alerts.saveAll(changed);
      for (Alert alert : changed) {
        if (alert.state() == AlertState.FIRING) fire(alert);
        else stopFiring(alert.key());
      }
    } finally {
      for (int k = locked.length - 1; k >= 0; k--) stripes[locked[k]].unlock();
    }
    for (Alert alert : changed) tell(alert);
  }

  /** Resolves the alerts {@code gone} says can never be judged again (their SLO, objective or rule went). */
  void resolveWhere(java.util.function.Predicate<AlertKey> gone, Instant now) {
    for (Alert alert : List.copyOf(firing.values())) {
      if (!gone.test(alert.key())) continue;
      Alert resolved = null;
      ReentrantLock stripe = stripes[Math.floorMod(alert.key().hashCode(), STRIPES)];
      stripe.lock();
      try {
        if (firing.get(alert.key()) == alert) {
          resolved = alert.resolved(now);
          alerts.save(resolved);
          stopFiring(alert.key());
        }
        conditionTrueSince.remove(alert.key());
      } finally {
        stripe.unlock();
      }
      if (resolved != null) tell(resolved);
    }
  }

  private void tell(Alert alert) {
    for (AlertListener listener : listeners) {
      try {
        listener.changed(alert);
      } catch (RuntimeException e) {
        // The alert is stored; the incident engine's sweep finds it if this hand-over failed.
        LOG.log(System.Logger.Level.WARNING, "a listener failed on alert " + alert.id() + "; the next sweep retries", e);
      }
    }
  }

  /**
   * The end of the last minute in the past day that holds events of {@code t}'s series. Read from
   * the store only when a no-data alert opens, so the running sums need not track it.
   */
  private Optional<Instant> lastData(ObjectiveTracker t, Instant now) {
    Instant end = Minutes.floor(now).plus(Minutes.ONE);
    List<Bucket> recent = buckets.range(t.series, end.minus(AlertJudge.HAD_DATA_WINDOW), end);
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i).counts().total() > 0) return Optional.of(recent.get(i).minute().plus(Minutes.ONE));
    }
    return Optional.empty();
  }
}
