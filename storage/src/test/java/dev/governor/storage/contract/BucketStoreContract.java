package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SourceMarks;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Operator;
import dev.governor.basics.SliName;
import dev.governor.basics.Threshold;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link BucketStore} must do: the per-minute good/total counts of each series. */
public abstract class BucketStoreContract extends PortContract<BucketStore> {

  protected static final SeriesKey CHECKOUT = SeriesKey.of(SliName.of("checkout-availability"));
  protected static final SeriesKey SEARCH = SeriesKey.of(SliName.of("search-availability"));
  protected static final SeriesKey LATENCY_300MS = new SeriesKey(
      SliName.of("checkout-latency"), Optional.of(new Threshold(Operator.LT, new BigDecimal("0.3"))));

  protected static BucketIncrement increment(SeriesKey series, Instant minute, long good, long total) {
    return new BucketIncrement(series, minute, new EventCounts(good, total));
  }

  @Test
  void incrementsToTheSameBucket_addUp_withinABatchAndAcrossBatches() {
    store.add(List.of(increment(CHECKOUT, minute(0), 9, 10), increment(CHECKOUT, minute(0), 5, 7)));
    store.add(List.of(increment(CHECKOUT, minute(0), 1, 3)));

    assertThat(store.at(minute(0), List.of(CHECKOUT)))
        .containsExactly(Map.entry(CHECKOUT, new EventCounts(15, 20)));
  }

  @Test
  void replace_setsMinutesWhateverTheyHeld_movesTheRollups_andNoneRemovesAMinute() {
    Instant t = Instant.parse("2026-03-02T10:00:00Z");
    store.add(List.of(increment(CHECKOUT, t, 9, 10), increment(CHECKOUT, t.plusSeconds(60), 5, 5),
        increment(CHECKOUT, t.plusSeconds(120), 7, 8)));
    store.replace(CHECKOUT, Map.of(t, new EventCounts(0, 1), t.plusSeconds(60), EventCounts.NONE,
        t.plusSeconds(180), new EventCounts(3, 3)));

    assertThat(reopen().range(CHECKOUT, t, t.plusSeconds(3600))).extracting(Bucket::counts).containsExactly(
        new EventCounts(0, 1), new EventCounts(7, 8), new EventCounts(3, 3));
    // Hourly and daily rollups moved by the difference: a 30-day sum reads them.
    assertThat(store.sum(CHECKOUT, t.minus(java.time.Duration.ofDays(30)), t.plus(java.time.Duration.ofDays(2))))
        .isEqualTo(new EventCounts(10, 12));
    assertThat(store.hourly(CHECKOUT, t, t.plusSeconds(3600))).extracting(Bucket::counts)
        .containsExactly(new EventCounts(10, 12));
    store.replace(CHECKOUT, Map.of(t, EventCounts.NONE, t.plusSeconds(120), EventCounts.NONE, t.plusSeconds(180),
        EventCounts.NONE));
    assertThat(store.hourly(CHECKOUT, t, t.plusSeconds(3600))).isEmpty();
    assertThat(store.sum(CHECKOUT, t.minus(java.time.Duration.ofDays(30)), t.plus(java.time.Duration.ofDays(2))))
        .isEqualTo(EventCounts.NONE);
  }

  @Test
  void sum_coversTheHalfOpenInterval_fromIncludedToExcluded() {
    store.add(List.of(
        increment(CHECKOUT, minute(0), 1, 1),
        increment(CHECKOUT, minute(1), 10, 20),
        increment(CHECKOUT, minute(2), 100, 300),
        increment(CHECKOUT, minute(3), 1000, 4000)));

    assertThat(store.sum(CHECKOUT, minute(1), minute(3))).isEqualTo(new EventCounts(110, 320));
    assertThat(store.sum(CHECKOUT, minute(0), minute(4))).isEqualTo(new EventCounts(1111, 4321));
    assertThat(store.sum(CHECKOUT, minute(1), minute(1))).isEqualTo(EventCounts.NONE);
  }

  @Test
  void sum_ofASeriesWithoutData_isNone() {
    store.add(List.of(increment(SEARCH, minute(0), 1, 1)));

    assertThat(store.sum(CHECKOUT, minute(-10), minute(10))).isEqualTo(EventCounts.NONE);
  }

  @Test
  void sum_whenFromIsAfterTo_throws() {
    assertThatThrownBy(() -> store.sum(CHECKOUT, minute(2), minute(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(minute(2).toString());
  }

  @Test
  void range_returnsTheBucketsOfTheHalfOpenInterval_oldestFirst() {
    store.add(List.of(
        increment(CHECKOUT, minute(5), 5, 5),
        increment(CHECKOUT, minute(3), 3, 3),
        increment(CHECKOUT, minute(4), 4, 4),
        increment(CHECKOUT, minute(6), 6, 6),
        increment(SEARCH, minute(4), 1, 1)));

    assertThat(store.range(CHECKOUT, minute(3), minute(6))).containsExactly(
        new Bucket(minute(3), new EventCounts(3, 3)),
        new Bucket(minute(4), new EventCounts(4, 4)),
        new Bucket(minute(5), new EventCounts(5, 5)));
  }

  @Test
  void range_leavesOutMinutesWhoseIncrementsHadNoEvents() {
    store.add(List.of(increment(CHECKOUT, minute(0), 0, 0), increment(CHECKOUT, minute(1), 0, 2)));

    assertThat(store.range(CHECKOUT, minute(0), minute(2)))
        .containsExactly(new Bucket(minute(1), new EventCounts(0, 2)));
  }

  @Test
  void aThresholdSeries_isDistinctFromTheRatioSeriesOfAnotherSli() {
    SeriesKey latency500 = new SeriesKey(
        SliName.of("checkout-latency"), Optional.of(new Threshold(Operator.LT, new BigDecimal("0.5"))));
    store.add(List.of(increment(LATENCY_300MS, minute(0), 7, 10), increment(latency500, minute(0), 9, 10)));

    assertThat(store.at(minute(0), List.of(LATENCY_300MS, latency500, CHECKOUT)))
        .containsOnly(
            Map.entry(LATENCY_300MS, new EventCounts(7, 10)),
            Map.entry(latency500, new EventCounts(9, 10)));
  }

  @Test
  void theSeriesOfAVersion_isDistinctFromItsSlisSeries_andSurvivesAReopen() {
    SeriesKey canary = LATENCY_300MS.ofVersion("1.4.2");
    SeriesKey baseline = LATENCY_300MS.ofVersion("1.4.1");
    store.add(List.of(increment(LATENCY_300MS, minute(0), 17, 20), increment(canary, minute(0), 7, 10),
        increment(baseline, minute(0), 10, 10)));

    reopen();
    assertThat(store.range(canary, minute(0), minute(1)))
        .containsExactly(new Bucket(minute(0), new EventCounts(7, 10)));
    assertThat(store.at(minute(0), List.of(LATENCY_300MS, canary, baseline, CHECKOUT.ofVersion("1.4.2"))))
        .containsOnly(
            Map.entry(LATENCY_300MS, new EventCounts(17, 20)),
            Map.entry(canary, new EventCounts(7, 10)),
            Map.entry(baseline, new EventCounts(10, 10)));
  }

  @Test
  void at_returnsTheMinuteOfEachSeriesThatHasOne_andLeavesOutTheOthers() {
    store.add(List.of(
        increment(CHECKOUT, minute(0), 1, 2),
        increment(CHECKOUT, minute(1), 3, 4),
        increment(SEARCH, minute(0), 5, 6)));

    assertThat(store.at(minute(1), List.of(CHECKOUT, SEARCH, LATENCY_300MS)))
        .containsOnly(Map.entry(CHECKOUT, new EventCounts(3, 4)));
    assertThat(store.at(minute(2), List.of(CHECKOUT))).isEmpty();
    assertThat(store.at(minute(0), List.of())).isEmpty();
  }

  @Test
  void at_answersForMoreSeriesThanOneQueryTakes() {
    List<SeriesKey> many = IntStream.range(0, 1_200)
        .mapToObj(i -> SeriesKey.of(SliName.of("sli-" + i))).toList();
    List<BucketIncrement> increments = new ArrayList<>();
    for (int i = 0; i < many.size(); i += 2) increments.add(increment(many.get(i), minute(0), i, i + 1));
    store.add(increments);

    Map<SeriesKey, EventCounts> found = store.at(minute(0), many);

    assertThat(found).hasSize(600);
    assertThat(found.get(many.get(1198))).isEqualTo(new EventCounts(1198, 1199));
    assertThat(found).doesNotContainKey(many.get(1199));
  }

  @Test
  void minutesFrom_namesEveryMinuteWithDataFromItsStart_howeverFarAhead_oldestFirst() {
    Instant farAhead = minute(0).plus(java.time.Duration.ofDays(400));
    store.add(List.of(
        increment(CHECKOUT, minute(-1), 1, 1),
        increment(CHECKOUT, minute(0), 1, 2),
        increment(CHECKOUT, farAhead, 3, 4),
        increment(CHECKOUT, minute(5), 0, 0),
        increment(SEARCH, minute(-3), 5, 6)));
    List<SeriesKey> many = IntStream.range(0, 1_200).mapToObj(i -> SeriesKey.of(SliName.of("sli-" + i))).toList();
    store.add(List.of(increment(many.get(1_150), minute(2), 1, 1)));
    List<SeriesKey> asked = new ArrayList<>(many);
    asked.addAll(List.of(CHECKOUT, SEARCH, LATENCY_300MS));

    Map<SeriesKey, List<Instant>> found = reopen().minutesFrom(asked, minute(0));

    assertThat(found).containsOnlyKeys(CHECKOUT, many.get(1_150));
    assertThat(found.get(CHECKOUT)).containsExactly(minute(0), farAhead);
    assertThat(found.get(many.get(1_150))).containsExactly(minute(2));
    assertThat(store.minutesFrom(List.of(), minute(0))).isEmpty();
  }

  @Test
  void ranges_giveEachSeriesItsNonEmptyBucketsInTheHalfOpenInterval_oldestFirst_acrossManySeries() {
    store.add(List.of(
        increment(CHECKOUT, minute(-1), 1, 1),
        increment(CHECKOUT, minute(2), 3, 4),
        increment(CHECKOUT, minute(0), 1, 2),
        increment(CHECKOUT, minute(3), 9, 9),
        increment(SEARCH, minute(1), 0, 0),
        increment(LATENCY_300MS, minute(1), 5, 6)));
    List<SeriesKey> many = IntStream.range(0, 1_200).mapToObj(i -> SeriesKey.of(SliName.of("sli-" + i))).toList();
    // More stored series than one query's list of them holds (500 in the JDBC stores).
    store.add(IntStream.range(0, 1_200).filter(i -> i % 2 == 0)
        .mapToObj(i -> increment(many.get(i), minute(1), i, i + 1)).toList());
    store.add(List.of(increment(many.get(1_151), minute(2), 1, 1), increment(many.get(3), minute(0), 2, 2)));
    // The increments after the first batch stay in a journal until a read needs them.
    store.add(List.of(increment(CHECKOUT, minute(2), 1, 1)));
    List<SeriesKey> asked = new ArrayList<>(many);
    asked.addAll(List.of(CHECKOUT, SEARCH, LATENCY_300MS));

    Map<SeriesKey, List<Bucket>> found = store.ranges(asked, minute(0), minute(3));

    assertThat(found).hasSize(4 + 600);
    assertThat(found).containsKeys(CHECKOUT, LATENCY_300MS, many.get(3), many.get(1_151)).doesNotContainKey(SEARCH);
    assertThat(found.get(many.get(1_198))).containsExactly(new Bucket(minute(1), new EventCounts(1_198, 1_199)));
    assertThat(found.get(CHECKOUT)).containsExactly(
        new Bucket(minute(0), new EventCounts(1, 2)), new Bucket(minute(2), new EventCounts(4, 5)));
    assertThat(found.get(LATENCY_300MS)).containsExactly(new Bucket(minute(1), new EventCounts(5, 6)));
    assertThat(found.get(many.get(1_151))).containsExactly(new Bucket(minute(2), new EventCounts(1, 1)));
    assertThat(reopen().ranges(List.of(CHECKOUT), minute(0), minute(3))).isEqualTo(Map.of(CHECKOUT, found.get(CHECKOUT)));
    assertThat(store.ranges(List.of(), minute(0), minute(3))).isEmpty();
  }

  @Test
  void at_whenTheMinuteIsNotWhole_throws() {
    assertThatThrownBy(() -> store.at(minute(0).plusSeconds(1), List.of(CHECKOUT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12:00:01");
  }

  @Test
  void add_whenABucketWouldOverflow_storesNoneOfTheBatch() {
    long nearMax = Long.MAX_VALUE - 10;
    store.add(List.of(increment(CHECKOUT, minute(0), nearMax, nearMax)));

    assertThatThrownBy(() -> store.add(List.of(
            increment(SEARCH, minute(0), 1, 1),
            increment(CHECKOUT, minute(1), 1, 1),
            increment(CHECKOUT, minute(0), 20, 20))))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("nothing was added");

    assertThat(store.at(minute(0), List.of(CHECKOUT, SEARCH)))
        .containsExactly(Map.entry(CHECKOUT, new EventCounts(nearMax, nearMax)));
    assertThat(store.range(CHECKOUT, minute(1), minute(2))).isEmpty();
    // The failed batch named SEARCH for the first time; the store must still take it afterwards.
    store.add(List.of(increment(SEARCH, minute(0), 2, 2)));
    assertThat(store.sum(SEARCH, minute(0), minute(1))).isEqualTo(new EventCounts(2, 2));
  }

  @Test
  void marks_areWrittenWithTheirBuckets_laterOnesWin_andEachSourceReadsItsOwn() {
    store.add(List.of(increment(CHECKOUT, minute(0), 9, 10)), List.of(
        new SourceMarks("push", Map.of("s:a", "1", "s:b", "x"), Set.of()),
        new SourceMarks("kafka/events", Map.of("0", "17"), Set.of()),
        new SourceMarks("push", Map.of("s:a", "2"), Set.of("s:b"))));
    // Marks alone, with no bucket to add, are written all the same.
    store.add(List.of(), List.of(new SourceMarks("push", Map.of("k:checkout", "pending"), Set.of())));

    BucketStore reopened = reopen();
    assertThat(reopened.marks("push")).isEqualTo(Map.of("s:a", "2", "k:checkout", "pending"));
    assertThat(reopened.marks("kafka/events")).isEqualTo(Map.of("0", "17"));
    assertThat(reopened.marks("nobody")).isEmpty();
    assertThat(reopened.sum(CHECKOUT, minute(0), minute(1))).isEqualTo(new EventCounts(9, 10));
  }

  @Test
  void marks_ofABatchThatFails_areNotWritten() {
    long nearMax = Long.MAX_VALUE - 10;
    store.add(List.of(increment(CHECKOUT, minute(0), nearMax, nearMax)), List.of(
        new SourceMarks("push", Map.of("s:a", "before"), Set.of())));

    assertThatThrownBy(() -> store.add(List.of(increment(CHECKOUT, minute(0), 20, 20)), List.of(
            new SourceMarks("push", Map.of("s:a", "after", "s:b", "new"), Set.of()))))
        .isInstanceOf(ArithmeticException.class);

    assertThat(reopen().marks("push")).isEqualTo(Map.of("s:a", "before"));
  }

  @Test
  void add_whenIncrementsInOneBatchOverflowTogether_storesNoneOfTheBatch() {
    long half = Long.MAX_VALUE / 2 + 1;

    assertThatThrownBy(() -> store.add(List.of(
            increment(SEARCH, minute(0), 1, 1),
            increment(CHECKOUT, minute(0), half, half),
            increment(CHECKOUT, minute(0), half, half))))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("checkout-availability");

    assertThat(store.at(minute(0), List.of(CHECKOUT, SEARCH))).isEmpty();
  }

  @Test
  void add_fromManyThreadsAtOnce_losesNoIncrement() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> adds = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        adds.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            store.add(List.of(increment(CHECKOUT, minute(0), 1, 2), increment(SEARCH, minute(i), 1, 1)));
          }
        }));
      }
      for (Future<?> add : adds) add.get();
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.sum(CHECKOUT, minute(0), minute(1))).isEqualTo(new EventCounts(100, 200));
    assertThat(store.sum(SEARCH, minute(0), minute(25))).isEqualTo(new EventCounts(100, 100));
  }

  @Test
  void deleteBefore_dropsTheOlderMinutesOfEverySeries_andCountsThem() {
    store.add(List.of(
        increment(CHECKOUT, minute(0), 1, 1),
        increment(CHECKOUT, minute(1), 1, 1),
        increment(CHECKOUT, minute(2), 1, 1),
        increment(SEARCH, minute(0), 1, 1),
        increment(SEARCH, minute(5), 1, 1)));

    assertThat(store.deleteBefore(minute(2))).isEqualTo(3);

    assertThat(store.range(CHECKOUT, minute(0), minute(10)))
        .extracting(Bucket::minute).containsExactly(minute(2));
    assertThat(store.range(SEARCH, minute(0), minute(10)))
        .extracting(Bucket::minute).containsExactly(minute(5));
    assertThat(store.deleteBefore(minute(2))).isZero();
  }

  @Test
  void add_ofNothing_changesNothing() {
    store.add(List.of());

    assertThat(store.sum(CHECKOUT, minute(0), minute(1))).isEqualTo(EventCounts.NONE);
  }

  @Test
  void buckets_survive_closingAndReopening() {
    store.add(List.of(increment(LATENCY_300MS, minute(7), 2, 3)));

    reopen();

    assertThat(store.range(LATENCY_300MS, minute(0), minute(10)))
        .containsExactly(new Bucket(minute(7), new EventCounts(2, 3)));
    store.add(List.of(increment(LATENCY_300MS, minute(7), 1, 1), increment(CHECKOUT, minute(7), 1, 1)));
    assertThat(store.at(minute(7), List.of(LATENCY_300MS, CHECKOUT))).containsOnly(
        Map.entry(LATENCY_300MS, new EventCounts(3, 4)), Map.entry(CHECKOUT, new EventCounts(1, 1)));
  }

  /**
   * Sums are read from hourly and daily rollups where whole hours and days fit: for random
   * buckets over four days, random ranges and a retention cut, every sum equals the sum of the
   * minutes the store still holds, one range at a time and many at once.
   */
  @Test
  void sums_fromRollups_equalTheSumOfTheRemainingMinutes_forRandomHistoriesRangesAndCuts() {
    java.util.Random random = new java.util.Random(20261204);
    Instant start = Instant.parse("2025-03-01T00:00:00Z").minus(java.time.Duration.ofHours(7));
    int span = 4 * 24 * 60;
    for (int batch = 0; batch < 20; batch++) {
      List<BucketIncrement> increments = new java.util.ArrayList<>();
      for (int k = 0; k < 200; k++) {
        SeriesKey series = random.nextBoolean() ? CHECKOUT : SEARCH;
        long total = 1 + random.nextInt(50);
        increments.add(increment(series, start.plus(java.time.Duration.ofMinutes(random.nextInt(span))),
            random.nextInt((int) total + 1), total));
      }
      store.add(increments);
    }
    Instant cut = start.plus(java.time.Duration.ofMinutes(random.nextInt(span / 2)));
    for (int round = 0; round < 2; round++) {
      List<dev.governor.basics.TimeRange> ranges = new java.util.ArrayList<>();
      for (int k = 0; k < 60; k++) {
        long a = random.nextInt(span + 120) - 60;
        long b = a + random.nextInt(span);
        Instant from = start.plus(java.time.Duration.ofMinutes(a));
        if (round == 1 && from.isBefore(cut)) from = cut;
        Instant to = start.plus(java.time.Duration.ofMinutes(Math.max(b, a)));
        if (to.isBefore(from)) to = from;
        ranges.add(new dev.governor.basics.TimeRange(from, to));
      }
      var all = store.sums(List.of(CHECKOUT, SEARCH, LATENCY_300MS), ranges);
      for (SeriesKey series : List.of(CHECKOUT, SEARCH, LATENCY_300MS)) {
        for (int k = 0; k < ranges.size(); k++) {
          var range = ranges.get(k);
          long good = 0;
          long total = 0;
          for (Bucket b : store.range(series, range.start(), range.end())) {
            good += b.counts().good();
            total += b.counts().total();
          }
          EventCounts minutes = total == 0 ? EventCounts.NONE : new EventCounts(good, total);
          assertThat(all.get(series).get(k)).as("%s over %s", series.id(), range).isEqualTo(minutes);
          assertThat(store.sum(series, range.start(), range.end())).as("%s over %s", series.id(), range)
              .isEqualTo(minutes);
        }
      }
      store.deleteBefore(cut);
    }
  }

  @Test
  void hourly_sums_are_the_minutes_of_each_hour_oldest_first() {
    Instant hour = Instant.parse("2026-03-02T08:00:00Z");
    store.add(List.of(
        increment(CHECKOUT, hour.plusSeconds(60), 9, 10),
        increment(CHECKOUT, hour.plusSeconds(59 * 60), 1, 5),
        increment(CHECKOUT, hour.plusSeconds(3600), 7, 7),
        increment(CHECKOUT, hour.plusSeconds(3 * 3600 + 120), 2, 3),
        increment(SEARCH, hour.plusSeconds(60), 100, 100)));

    assertThat(store.hourly(CHECKOUT, hour, hour.plusSeconds(4 * 3600))).containsExactly(
        new Bucket(hour, new EventCounts(10, 15)),
        new Bucket(hour.plusSeconds(3600), new EventCounts(7, 7)),
        new Bucket(hour.plusSeconds(3 * 3600), new EventCounts(2, 3)));
    assertThat(store.hourly(CHECKOUT, hour.plusSeconds(3600), hour.plusSeconds(2 * 3600)))
        .containsExactly(new Bucket(hour.plusSeconds(3600), new EventCounts(7, 7)));
    assertThatThrownBy(() -> store.hourly(CHECKOUT, hour.plusSeconds(60), hour.plusSeconds(3600)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole hours");
  }

  @Test
  void hourlySums_outliveTheMinutesTheySum_untilDeleteHourlyBefore() {
    Instant hour = Instant.parse("2026-03-02T08:00:00Z");
    store.add(List.of(
        increment(CHECKOUT, hour.plusSeconds(60), 9, 10),
        increment(CHECKOUT, hour.plusSeconds(3600 + 120), 7, 7),
        increment(CHECKOUT, hour.plusSeconds(2 * 3600 + 60), 2, 3)));

    store.deleteBefore(hour.plusSeconds(2 * 3600 + 30 * 60));

    assertThat(store.range(CHECKOUT, hour, hour.plusSeconds(2 * 3600))).isEmpty();
    assertThat(store.hourly(CHECKOUT, hour, hour.plusSeconds(3 * 3600))).containsExactly(
        new Bucket(hour, new EventCounts(9, 10)),
        new Bucket(hour.plusSeconds(3600), new EventCounts(7, 7)),
        new Bucket(hour.plusSeconds(2 * 3600), new EventCounts(2, 3)));

    assertThat(store.deleteHourlyBefore(hour.plusSeconds(3600))).isEqualTo(1);

    assertThat(store.hourly(CHECKOUT, hour, hour.plusSeconds(3 * 3600))).containsExactly(
        new Bucket(hour.plusSeconds(3600), new EventCounts(7, 7)),
        new Bucket(hour.plusSeconds(2 * 3600), new EventCounts(2, 3)));
    // The sums of windows still count only the minutes that are left.
    assertThat(store.sum(CHECKOUT, hour, hour.plusSeconds(3 * 3600))).isEqualTo(EventCounts.NONE);
  }
}
