package dev.governor.slo;

import dev.governor.basics.Minutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Time passing: moves every shard's windows to the clock's minute and judges the rules that time
 * alone can change. It owns one fact, the minute it last settled (every shard moved and judged), so
 * that the ticks between two minute boundaries cost next to nothing.
 */
final class Ticker {

  private static final System.Logger LOG = System.getLogger(Ticker.class.getName());

  private final SumShards shards;
  private final AlertRules alertRules;
  /**
   * The minute at which a tick last moved every shard and judged its rules; null after a load or a
   * failed judgement, so that the next tick judges again.
   */
  private volatile Instant settledAt;

  Ticker(SumShards shards, AlertRules alertRules) {
    this.shards = shards;
    this.alertRules = alertRules;
  }

  /** The next tick judges every rule again: the trackers changed, or a judgement failed. */
  void unsettle() {
    settledAt = null;
  }

  /**
   * Advances the running windows to {@code now} and judges every alert rule, shard by shard. A
   * shard's leaving minutes are read before its intake is locked, so ingestion into it waits only
   * for the subtraction in memory (and a re-read of any minute an ingest changed meanwhile).
   */
  void tick(Instant now) {
    Instant minute = Minutes.floor(now);
    // Trackers an ingest could not add its stored batch to are read again first, and judged below.
    if (shards.rebuildMissed()) settledAt = null;
    // A verdict changes only when the sums move or time runs out on a rule (alertAfter, the no-data
    // listening period), and an ingest judges what it touched. So within a minute that a tick has
    // settled, a tick judges only rules that wait on time, and at rest costs next to nothing.
    if (minute.equals(settledAt)) {
      Predicate<ObjectiveTracker> waiting = alertRules.waitingOnTime(now);
      if (waiting != AlertRules.NOBODY) {
        for (int i = 0; i < SumShards.COUNT; i++) judgeWaiting(shards.shard(i), waiting, now);
      }
      fillRecent(now);
      return;
    }
    // First the shards no ingest is writing into, then, once, the rest: a tick waits for a batch's
    // commit only where it must, and never parks ingestion behind it for long.
    List<SumShards.Shard> all = new ArrayList<>(SumShards.COUNT);
    for (int i = 0; i < SumShards.COUNT; i++) all.add(shards.shard(i));
    shards.readAhead(all, now);
    Predicate<ObjectiveTracker> waiting = alertRules.waitingOnTime(now);
    List<SumShards.Shard> busy = new ArrayList<>();
    for (SumShards.Shard shard : all) {
      if (!shards.advance(shard, now, false)) busy.add(shard);
    }
    // The busy ones tried again between ingests, all of them at each try, before the tick queues
    // for any (see SumShards.POLITE_TRIES).
    for (int i = 0; i < SumShards.POLITE_TRIES && !busy.isEmpty(); i++) {
      LockSupport.parkNanos(SumShards.POLITE_PAUSE_NANOS);
      busy.removeIf(shard -> shards.advance(shard, now, false));
    }
    for (SumShards.Shard shard : busy) shards.advance(shard, now);
    // A reader may have moved a shard before this tick did: what counts is whether its rules were
    // judged at the minute it stands at.
    for (int i = 0; i < SumShards.COUNT; i++) {
      SumShards.Shard shard = shards.shard(i);
      Instant at = shard.minute;
      if (at == null) continue;
      if (!at.equals(shard.judgedAt)) {
        alertRules.judge(shard.trackers, now, shards::guardOf);
        shard.judgedAt = at;
      } else {
        judgeWaiting(shard, waiting, now);
      }
    }
    settledAt = minute;
    fillRecent(now);
  }

  private void judgeWaiting(SumShards.Shard shard, Predicate<ObjectiveTracker> waiting, Instant now) {
    List<ObjectiveTracker> due = new ArrayList<>();
    for (ObjectiveTracker t : shard.trackers) if (waiting.test(t)) due.add(t);
    if (!due.isEmpty()) alertRules.judge(due, now, shards::guardOf);
  }

  /**
   * At most this many series have their recent minutes read from the store in one tick: a start
   * with many series spreads that reading over the ticks of a few minutes.
   */
  static final int FILL_PER_TICK = 4096;

  /**
   * Fills the shards' recent minutes from the store where a start or an apply left them short. They
   * only spare store reads: a shard whose read fails stays as it was, and the next tick tries again.
   */
  private void fillRecent(Instant now) {
    int left = FILL_PER_TICK;
    for (int i = 0; i < SumShards.COUNT && left > 0; i++) {
      try {
        left -= shards.fillRecent(shards.shard(i), now, left);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "shard " + i + "'s recent minutes could not be read from the store ("
            + e + "); its ticks read the store until the next tick tries again");
      }
    }
  }
}
