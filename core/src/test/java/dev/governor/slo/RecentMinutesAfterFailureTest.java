package dev.governor.slo;

import static dev.governor.slo.EvaluatorTest.counts;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.sli.SeriesKey;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch is stored, then a timeslice objective fails to read its slice back: the batch is accepted
 * (a client told otherwise would send it again and count it twice), the recent minutes and the sums
 * of every other series hold what the store holds, whichever shard failed first, and the next tick
 * reads the failed objective again from the store.
 */
class RecentMinutesAfterFailureTest {

  /** The in-memory store whose next sum fails once armed, as a SQLite read fails that cannot fold its journal. */
  private static final class FailingSum implements BucketStore {
    final InMemoryBucketStore store = new InMemoryBucketStore();
    volatile boolean failNextSum;

    @Override public void add(List<BucketIncrement> increments, List<dev.governor.sli.SourceMarks> marks) { store.add(increments, marks); }
    @Override public Map<String, String> marks(String source) { return store.marks(source); }
    @Override public void replace(SeriesKey series, Map<Instant, EventCounts> minutes) { store.replace(series, minutes); }
    @Override public List<Bucket> range(SeriesKey series, Instant from, Instant to) { return store.range(series, from, to); }
    @Override public Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series) { return store.at(minute, series); }
    @Override public long deleteBefore(Instant cutoff) { return store.deleteBefore(cutoff); }

    @Override
    public EventCounts sum(SeriesKey series, Instant from, Instant to) {
      if (failNextSum) {
        failNextSum = false;
        throw new IllegalStateException("the store could not be read");
      }
      return store.sum(series, from, to);
    }
  }

  private Catalog catalog;

  @Test
  void a_failed_apply_is_accepted_leaves_later_shards_as_stored_and_is_read_again_at_the_next_tick() {
    // The timeslice SLI in a shard before the occurrences one, so it fails first.
    String sliced = firstSliInShards(0, 100);
    String plain = firstSliInShards(200, SumShards.COUNT);
    FakeClock clock = FakeClock.at("2026-12-05T10:00:30Z");
    FailingSum buckets = new FailingSum();
    Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    catalog = catalog(
        rolling("slices", ratioSli(sliced), Duration.ofDays(30), BudgetingMethod.TIMESLICES,
            timeslice("main", "95", "0.9", Duration.ofMinutes(1))),
        rolling("api", ratioSli(plain), Duration.ofDays(30), BudgetingMethod.OCCURRENCES, objective("main", "99")));
    evaluator.load(catalog);
    clock.advance(Duration.ofMinutes(10));
    evaluator.tick();
    Instant now = clock.instant();

    buckets.failNextSum = true;
    assertThat(evaluator.ingest(List.of(counts(sliced, now, 90, 100), counts(plain, now, 0, 100))))
        .isEqualTo(new Accepted(2, 2));

    SeriesKey series = SeriesKey.of(SliName.of(plain));
    SumShards.Shard shard = evaluator.shards().of(series);
    synchronized (shard.sums) {
      assertThat(shard.recent.known(series, Minutes.floor(now))).isEqualTo(new EventCounts(0, 100));
    }
    assertThat(objectives(evaluator, "api")).isEqualTo(objectives(recomputed(buckets, clock), "api"));
    // Short by the batch until a tick reads it again.
    assertThat(objectives(evaluator, "slices")).isNotEqualTo(objectives(recomputed(buckets, clock), "slices"));

    // A later batch for the short objective is stored and counted once, by the rebuild.
    assertThat(evaluator.ingest(List.of(counts(sliced, now, 50, 100)))).isEqualTo(new Accepted(1, 1));

    evaluator.tick();
    assertThat(objectives(evaluator, "slices")).isEqualTo(objectives(recomputed(buckets, clock), "slices"));
    assertThat(objectives(evaluator, "api")).isEqualTo(objectives(recomputed(buckets, clock), "api"));
  }

  /** A fresh engine over what the store holds: the straight recomputation. */
  private Evaluator recomputed(FailingSum buckets, FakeClock clock) {
    Evaluator fresh = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    fresh.load(catalog);
    return fresh;
  }

  private static List<ObjectiveStatus> objectives(Evaluator evaluator, String slo) {
    return evaluator.status(SloName.of(slo)).orElseThrow().objectives();
  }

  private static String firstSliInShards(int from, int to) {
    for (int i = 0; ; i++) {
      int index = SumShards.indexOf(SliName.of("sli-" + i));
      if (index >= from && index < to) return "sli-" + i;
    }
  }
}
