package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory store with its reads of one minute across series counted, and optionally slowed
 * as SQLite's are under load, so tests can see when the engine reads and what races its reads.
 */
final class WatchedBucketStore implements BucketStore {

  private final InMemoryBucketStore store = new InMemoryBucketStore();
  private final Duration minuteReadDelay;
  final AtomicLong minuteReads = new AtomicLong();
  /**
   * When set, runs once right after the next range read, with the range's first minute: a write
   * that lands between a tick's read ahead and its move.
   */
  volatile java.util.function.Consumer<Instant> afterRangeRead;
  /** Reads of a range of minutes across series. */
  final AtomicLong rangeReads = new AtomicLong();
  /** The minute of every read of one minute across series, and the first of every range read, in order. */
  final List<Instant> minutesRead = new java.util.concurrent.CopyOnWriteArrayList<>();

  WatchedBucketStore(Duration minuteReadDelay) {
    this.minuteReadDelay = minuteReadDelay;
  }

  /** When set, every add waits (up to 10 s) until it is counted down: an ingest held in its commit. */
  volatile java.util.concurrent.CountDownLatch addsHeld;

  @Override
  public void add(List<BucketIncrement> increments, List<dev.governor.sli.SourceMarks> marks) {
    java.util.concurrent.CountDownLatch held = addsHeld;
    if (held != null) {
      try {
        held.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    store.add(increments, marks);
  }

  @Override
  public Map<String, String> marks(String source) {
    return store.marks(source);
  }

  @Override
  public void replace(SeriesKey series, java.util.Map<Instant, EventCounts> minutes) {
    store.replace(series, minutes);
  }

  @Override
  public EventCounts sum(SeriesKey series, Instant from, Instant to) {
    return store.sum(series, from, to);
  }

  @Override
  public List<Bucket> range(SeriesKey series, Instant from, Instant to) {
    return store.range(series, from, to);
  }

  @Override
  public Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series) {
    minuteReads.incrementAndGet();
    minutesRead.add(minute);
    Map<SeriesKey, EventCounts> counts = store.at(minute, series);
    slowRead();
    return counts;
  }

  /** Counted as reads of their first minute: a tick reads a span of the minutes leaving a long window this way. */
  @Override
  public Map<SeriesKey, List<Bucket>> ranges(Collection<SeriesKey> series, Instant from, Instant to) {
    rangeReads.incrementAndGet();
    minutesRead.add(from);
    Map<SeriesKey, List<Bucket>> rows = store.ranges(series, from, to);
    java.util.function.Consumer<Instant> after = afterRangeRead;
    if (after != null) {
      afterRangeRead = null;
      after.accept(from);
    }
    slowRead();
    return rows;
  }

  /** Takes as long as a read under load, when the store was made slow. */
  private void slowRead() {
    if (minuteReadDelay.isZero()) return;
    try {
      Thread.sleep(minuteReadDelay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public long deleteBefore(Instant cutoff) {
    return store.deleteBefore(cutoff);
  }
}
