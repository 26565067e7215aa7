package dev.governor.slo;

import static dev.governor.slo.EvaluatorTest.counts;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.sli.Bucket;
import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.sli.IngestOutcome.Rejected;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Admission keeps every minute under 10^12 events without a store read per batch: the running
 * window that holds a minute bounds what the store holds for it, and only a batch that bound leaves
 * no room for is checked against the store.
 */
class AdmissionReadsTest {

  private final FakeClock clock = FakeClock.at("2026-12-05T10:00:30Z");
  private final WatchedBucketStore buckets = new WatchedBucketStore(Duration.ZERO);
  private final Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);

  @Test
  void a_batch_for_minutes_in_the_windows_reads_nothing_back_from_the_store() {
    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(7),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    Instant now = clock.instant();
    long before = buckets.minuteReads.get();

    for (int i = 0; i < 10; i++) {
      assertThat(evaluator.ingest(List.of(counts("api-ok", now, 999, 1000),
          counts("api-ok", now.minus(Duration.ofHours(2)), 5, 5)))).isInstanceOf(Accepted.class);
    }

    assertThat(buckets.minuteReads.get()).isEqualTo(before);
  }

  @Test
  void a_batch_the_bound_leaves_no_room_for_is_checked_against_the_store() {
    evaluator.load(catalog(rolling("api", ratioSli("api-ok"), Duration.ofDays(7),
        BudgetingMethod.OCCURRENCES, objective("main", "99"))));
    Instant now = clock.instant();
    long cap = Bucket.MAX_TOTAL;
    // Most of the cap an hour ago: the window's bound for this minute is now near the cap too.
    assertThat(evaluator.ingest(List.of(counts("api-ok", now.minus(Duration.ofHours(1)), cap - 5, cap - 5))))
        .isInstanceOf(Accepted.class);
    long before = buckets.minuteReads.get();

    // This minute holds nothing, so the store says there is room, though the bound did not.
    assertThat(evaluator.ingest(List.of(counts("api-ok", now, 10, 10)))).isInstanceOf(Accepted.class);
    assertThat(buckets.minuteReads.get()).isGreaterThan(before);
    // The hour-old minute is full: refused, with nothing stored.
    assertThat(evaluator.ingest(List.of(counts("api-ok", now.minus(Duration.ofHours(1)), 6, 6))))
        .isInstanceOf(Rejected.class);
  }
}
