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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * After a load, a series the store holds nothing for past the load's minute is known to the recent
 * minutes from the next minute on, before any fill: the minutes that enter its windows at the next
 * ticks are not read from the store under the shard's exclusive intake (at 100,000 series such a read
 * first folded the journal, and held ingestion for up to 51 ms). A series with minutes stored ahead
 * is known only once filled.
 */
class RecentMinutesAtLoadTest {

  /** The in-memory store, noting each series' minute it was asked for by {@code at}, {@code ranges} or {@code sum}. */
  private static final class Noting implements BucketStore {
    final InMemoryBucketStore store = new InMemoryBucketStore();
    final List<Map.Entry<SeriesKey, Instant>> asked = new CopyOnWriteArrayList<>();

    @Override public void add(List<BucketIncrement> increments, List<dev.governor.sli.SourceMarks> marks) { store.add(increments, marks); }
    @Override public Map<String, String> marks(String source) { return store.marks(source); }
    @Override public void replace(SeriesKey series, Map<Instant, EventCounts> minutes) { store.replace(series, minutes); }
    @Override public List<Bucket> range(SeriesKey series, Instant from, Instant to) { return store.range(series, from, to); }
    @Override public long deleteBefore(Instant cutoff) { return store.deleteBefore(cutoff); }

    @Override
    public Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series) {
      for (SeriesKey key : series) asked.add(Map.entry(key, minute));
      return store.at(minute, series);
    }

    /** A tick reads the minutes it must from their first on, a span at a time. */
    @Override
    public Map<SeriesKey, List<Bucket>> ranges(Collection<SeriesKey> series, Instant from, Instant to) {
      for (SeriesKey key : series) asked.add(Map.entry(key, from));
      return store.ranges(series, from, to);
    }

    @Override
    public EventCounts sum(SeriesKey series, Instant from, Instant to) {
      if (to.equals(from.plus(Minutes.ONE))) asked.add(Map.entry(series, from));
      return store.sum(series, from, to);
    }
  }

  private final FakeClock clock = FakeClock.at("2026-12-05T10:00:30Z");
  private final Noting buckets = new Noting();
  private final Catalog catalog = catalog(
      rolling("api", ratioSli("api-ok"), Duration.ofDays(7), BudgetingMethod.OCCURRENCES, objective("main", "99")),
      rolling("web", ratioSli("web-ok"), Duration.ofDays(7), BudgetingMethod.OCCURRENCES, objective("main", "99")));

  @Test
  void a_quiet_series_is_known_from_the_minute_after_its_load_and_an_entering_minute_is_not_read() {
    Instant loadMinute = Minutes.floor(clock.instant());
    SeriesKey api = SeriesKey.of(SliName.of("api-ok"));
    SeriesKey web = SeriesKey.of(SliName.of("web-ok"));
    // Before the load: the load's own minute of both, and a minute ahead of the clock for web.
    buckets.add(List.of(new BucketIncrement(api, loadMinute, new EventCounts(5, 5)),
        new BucketIncrement(web, loadMinute, new EventCounts(5, 5)),
        new BucketIncrement(web, loadMinute.plus(Duration.ofMinutes(2)), new EventCounts(1, 1))));
    Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog);

    clock.advance(Duration.ofMinutes(1));
    Instant next = Minutes.floor(clock.instant());
    assertThat(evaluator.ingest(List.of(counts("api-ok", clock.instant(), 9, 10), counts("web-ok", clock.instant(), 9, 10))))
        .isEqualTo(new Accepted(2, 2));
    SumShards.Shard apiShard = evaluator.shards().of(api);
    synchronized (apiShard.sums) {
      assertThat(apiShard.recent.known(api, next)).isEqualTo(new EventCounts(9, 10));
      assertThat(apiShard.recent.known(api, next.plus(Minutes.ONE))).isEqualTo(EventCounts.NONE);
      assertThat(apiShard.recent.known(api, loadMinute)).as("held before the load").isNull();
    }
    SumShards.Shard webShard = evaluator.shards().of(web);
    synchronized (webShard.sums) {
      assertThat(webShard.recent.known(web, next)).as("a minute ahead was stored before the load").isNull();
    }

    buckets.asked.clear();
    clock.advance(Duration.ofMinutes(1));
    evaluator.tick();
    // The minute that entered api's windows came from memory; web's was read from the store.
    assertThat(buckets.asked).contains(Map.entry(web, next)).doesNotContain(Map.entry(api, next));
    Evaluator fresh = new Evaluator(buckets.store, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    fresh.load(catalog);
    for (String slo : List.of("api", "web")) {
      assertThat(evaluator.status(SloName.of(slo)).orElseThrow().objectives())
          .isEqualTo(fresh.status(SloName.of(slo)).orElseThrow().objectives());
    }
  }
}
