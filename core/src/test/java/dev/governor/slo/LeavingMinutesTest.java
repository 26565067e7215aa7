package dev.governor.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.sli.Bucket;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LeavingMinutesTest {

  private static final SeriesKey API = SeriesKey.of(SliName.of("api-ok"));
  /** A minute on API's phase boundary: a span read from it is a whole one. */
  private static final Instant FROM = LeavingMinutes.spanEnd(API, Instant.parse("2026-12-04T10:00:00Z"));
  private static final Instant NOW = FROM.plus(Duration.ofDays(1));
  private static final long DAY = Duration.ofDays(1).toMinutes();

  private final LeavingMinutes leaving = new LeavingMinutes();

  @Test
  void a_span_knows_every_minute_up_to_its_series_phase_boundary_and_nothing_after() {
    Instant end = LeavingMinutes.spanEnd(API, FROM);
    leaving.install(API, LeavingMinutes.span(API, FROM, DAY, List.of(bucket(0, 3, 4))), Set.of(), NOW);

    assertThat(leaving.known(API, FROM)).isEqualTo(new EventCounts(3, 4));
    assertThat(leaving.known(API, end.minus(Duration.ofMinutes(1)))).isEqualTo(EventCounts.NONE);
    assertThat(leaving.known(API, end)).isNull();
    assertThat(leaving.known(API, FROM.minus(Duration.ofMinutes(1)))).isNull();
    assertThat(end).isEqualTo(FROM.plus(LeavingMinutes.SPAN_LENGTH));
    // Read from within the span, a span ends at the same boundary.
    assertThat(LeavingMinutes.spanEnd(API, FROM.plus(Duration.ofMinutes(5)))).isEqualTo(end);
  }

  @Test
  void series_end_their_spans_at_different_minutes_so_a_tick_reads_few_of_them() {
    long distinctEnds = IntStream.range(0, 1_000)
        .mapToObj(i -> LeavingMinutes.spanEnd(SeriesKey.of(SliName.of("sli-" + i)), FROM)).distinct().count();

    assertThat(distinctEnds).isEqualTo(LeavingMinutes.SPAN);
  }

  @Test
  void writes_told_after_the_install_move_the_span_and_minutes_changed_before_it_are_not_known() {
    Instant second = FROM.plus(Duration.ofMinutes(1));
    leaving.install(API, LeavingMinutes.span(API, FROM, DAY, List.of(bucket(0, 3, 4), bucket(1, 1, 1))), Set.of(second), NOW);
    leaving.added(API, FROM, new EventCounts(1, 2));
    leaving.added(API, second, new EventCounts(1, 2));

    assertThat(leaving.known(API, FROM)).isEqualTo(new EventCounts(4, 6));
    assertThat(leaving.known(API, second)).isNull();

    leaving.replaced(API, FROM, new EventCounts(0, 9));
    assertThat(leaving.known(API, FROM)).isEqualTo(new EventCounts(0, 9));
  }

  @Test
  void a_minute_past_two_to_the_31_events_is_left_to_the_store() {
    leaving.install(API, LeavingMinutes.span(API, FROM, DAY, List.of(bucket(0, 1, Integer.MAX_VALUE))), Set.of(), NOW);
    assertThat(leaving.known(API, FROM)).isEqualTo(new EventCounts(1, Integer.MAX_VALUE));

    leaving.added(API, FROM, new EventCounts(0, 1));

    assertThat(leaving.known(API, FROM)).isNull();
  }

  @Test
  void a_new_span_replaces_the_one_for_its_window_and_drops_those_the_clock_has_passed() {
    Instant end = LeavingMinutes.spanEnd(API, FROM);
    leaving.install(API, LeavingMinutes.span(API, FROM, DAY, List.of()), Set.of(), NOW);
    leaving.install(API, LeavingMinutes.span(API, FROM, 3 * DAY, List.of()), Set.of(), NOW);
    assertThat(leaving.spans()).isEqualTo(2);

    // The 1-day window's next span, once the clock has moved its leaving minute past the first.
    Instant later = NOW.plus(Duration.between(FROM, end));
    leaving.install(API, LeavingMinutes.span(API, end, DAY, List.of()), Set.of(), later);
    assertThat(leaving.spans()).isEqualTo(2);
    // The 3-day span is passed once its own leaving minute is beyond it.
    leaving.install(API, LeavingMinutes.span(API, end, DAY, List.of()), Set.of(), later.plus(Duration.ofDays(2)));
    assertThat(leaving.spans()).isEqualTo(1);

    leaving.keepOnly(Set.of(API), Set.of());
    assertThat(leaving.spans()).isEqualTo(1);
    leaving.keepOnly(Set.of(API), Set.of(API));
    assertThat(leaving.spans()).isZero();
  }

  private static Bucket bucket(int minute, long good, long total) {
    return new Bucket(FROM.plus(Duration.ofMinutes(minute)), new EventCounts(good, total));
  }
}
