package dev.governor.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.sli.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentMinutesTest {

  private static final SeriesKey API = SeriesKey.of(dev.governor.basics.SliName.of("api-ok"));
  private static final SeriesKey WEB = SeriesKey.of(dev.governor.basics.SliName.of("web-ok"));
  private static final Instant SINCE = Instant.parse("2026-12-06T10:00:00Z");
  private static final long SPAN_MINUTES = RecentMinutes.SPAN.toMinutes();

  private final RecentMinutes recent = new RecentMinutes();

  /** Keeps {@code series} (and only them), each read from the store as empty from {@code since} on. */
  private void keepEmptyFrom(Instant since, SeriesKey... series) {
    recent.keepOnly(Set.of(series));
    for (SeriesKey s : series) recent.filled(s, since, Map.of());
  }

  private static Instant minute(long afterSince) {
    return SINCE.plus(Duration.ofMinutes(afterSince));
  }

  @Test
  void a_series_it_starts_keeping_is_known_nowhere_until_filled() {
    recent.keepOnly(Set.of(API));
    recent.added(API, minute(3), new EventCounts(1, 1));

    assertThat(recent.anyUnfilled()).isTrue();
    assertThat(recent.unfilled(10)).containsExactly(API);
    assertThat(recent.known(API, minute(3))).isNull();
    assertThat(recent.known(API, minute(900))).isNull();
  }

  @Test
  void a_fill_makes_what_the_store_holds_known_from_its_start_however_far_ahead() {
    recent.keepOnly(Set.of(API));
    recent.filled(API, SINCE, Map.of(minute(2), new EventCounts(1, 2), minute(SPAN_MINUTES + 50), new EventCounts(3, 4)));

    // The minute far ahead (a clock that stepped back) is the newest: what lies a span before it is not known.
    assertThat(recent.known(API, minute(SPAN_MINUTES + 50))).isEqualTo(new EventCounts(3, 4));
    assertThat(recent.known(API, minute(SPAN_MINUTES + 49))).isEqualTo(EventCounts.NONE);
    assertThat(recent.known(API, minute(2))).isNull();
    assertThat(recent.known(API, minute(60))).isEqualTo(EventCounts.NONE);
    assertThat(recent.anyUnfilled()).isFalse();
    assertThat(recent.unfilled(10)).isEmpty();
  }

  @Test
  void a_read_corrected_by_what_ingests_changed_since_is_installed_as_the_store_now_holds_it() {
    recent.keepOnly(Set.of(API));
    RecentMinutes.Read read = RecentMinutes.read(SINCE, Map.of(minute(2), new EventCounts(1, 2)));
    // An ingest added to minute 2 and wrote minute 5 after the read; its writes are ignored until the fill.
    recent.added(API, minute(5), new EventCounts(1, 1));
    read.readAgain(minute(2), new EventCounts(1, 2), new EventCounts(3, 5));
    read.readAgain(minute(5), EventCounts.NONE, new EventCounts(1, 1));

    assertThat(recent.known(API, minute(2))).as("not installed yet").isNull();
    recent.filled(API, read);

    assertThat(recent.known(API, minute(2))).isEqualTo(new EventCounts(3, 5));
    assertThat(recent.known(API, minute(5))).isEqualTo(new EventCounts(1, 1));
    assertThat(recent.known(API, minute(4))).isEqualTo(EventCounts.NONE);
    assertThat(recent.anyUnfilled()).isFalse();
    recent.added(API, minute(5), new EventCounts(0, 1));
    assertThat(recent.known(API, minute(5))).isEqualTo(new EventCounts(1, 2));
  }

  @Test
  void a_series_filled_once_is_never_filled_again() {
    keepEmptyFrom(minute(100), API);

    recent.filled(API, minute(0), Map.of(minute(10), new EventCounts(1, 1)));

    assertThat(recent.known(API, minute(10))).isNull();
    assertThat(recent.known(API, minute(100))).isEqualTo(EventCounts.NONE);
    recent.keepOnly(Set.of(API, WEB));
    assertThat(recent.unfilled(10)).containsExactly(WEB);
  }

  @Test
  void a_series_it_keeps_is_empty_from_since_on_and_unknown_before() {
    keepEmptyFrom(SINCE, API);

    assertThat(recent.known(API, minute(0))).isEqualTo(EventCounts.NONE);
    assertThat(recent.known(API, minute(500))).isEqualTo(EventCounts.NONE);
    assertThat(recent.known(API, minute(-1))).isNull();
    assertThat(recent.known(WEB, minute(0))).as("a series it does not keep").isNull();
  }

  @Test
  void writes_add_up_and_a_write_before_since_is_left_to_the_store() {
    keepEmptyFrom(SINCE, API);

    recent.added(API, minute(3), new EventCounts(9, 10));
    recent.added(API, minute(3), new EventCounts(1, 5));
    recent.added(API, minute(-2), new EventCounts(1, 1));
    recent.added(WEB, minute(3), new EventCounts(1, 1));

    assertThat(recent.known(API, minute(3))).isEqualTo(new EventCounts(10, 15));
    assertThat(recent.known(API, minute(2))).isEqualTo(EventCounts.NONE);
    assertThat(recent.known(API, minute(-2))).isNull();
    assertThat(recent.known(WEB, minute(3))).isNull();
  }

  @Test
  void it_knows_the_span_up_to_the_newest_write_and_forgets_what_falls_out() {
    keepEmptyFrom(SINCE, API);
    recent.added(API, minute(10), new EventCounts(1, 2));
    recent.added(API, minute(11), new EventCounts(3, 4));

    // The newest write moves the span: minute 10 falls out, 11 is the oldest it still knows.
    recent.added(API, minute(10 + SPAN_MINUTES), new EventCounts(5, 6));

    assertThat(recent.known(API, minute(10))).isNull();
    assertThat(recent.known(API, minute(11))).isEqualTo(new EventCounts(3, 4));
    assertThat(recent.known(API, minute(12))).isEqualTo(EventCounts.NONE);
    assertThat(recent.known(API, minute(10 + SPAN_MINUTES))).isEqualTo(new EventCounts(5, 6));
    // A write too old for the span changes nothing it answers.
    recent.added(API, minute(10), new EventCounts(7, 7));
    assertThat(recent.known(API, minute(10))).isNull();
    assertThat(recent.known(API, minute(10 + SPAN_MINUTES))).isEqualTo(new EventCounts(5, 6));
  }

  @Test
  void a_jump_past_the_whole_span_leaves_no_stale_slot_behind() {
    keepEmptyFrom(SINCE, API);
    for (int m = 0; m < SPAN_MINUTES; m++) recent.added(API, minute(m), new EventCounts(1, 1));

    long far = 3 * SPAN_MINUTES + 7;
    recent.added(API, minute(far), new EventCounts(2, 2));

    for (long m = far - SPAN_MINUTES + 1; m < far; m++) {
      assertThat(recent.known(API, minute(m))).as("minute %d", m).isEqualTo(EventCounts.NONE);
    }
    assertThat(recent.known(API, minute(far))).isEqualTo(new EventCounts(2, 2));
  }

  @Test
  void a_minute_past_what_a_slot_holds_is_left_to_the_store() {
    keepEmptyFrom(SINCE, API);
    recent.added(API, minute(1), new EventCounts(5, Integer.MAX_VALUE - 1));
    recent.added(API, minute(2), new EventCounts(7, 7));

    recent.added(API, minute(1), new EventCounts(1, 2));
    recent.replaced(API, minute(1), new EventCounts(1, 1));

    assertThat(recent.known(API, minute(1))).isNull();
    assertThat(recent.known(API, minute(2))).isEqualTo(new EventCounts(7, 7));
    // Once the ring has moved a whole span on, the slot holds a new minute again.
    recent.added(API, minute(1 + SPAN_MINUTES), new EventCounts(3, 3));
    assertThat(recent.known(API, minute(1 + SPAN_MINUTES))).isEqualTo(new EventCounts(3, 3));
  }

  @Test
  void a_replaced_minute_holds_the_new_counts() {
    keepEmptyFrom(SINCE, API);
    recent.added(API, minute(5), new EventCounts(8, 10));

    recent.replaced(API, minute(5), new EventCounts(2, 3));
    recent.replaced(API, minute(6), new EventCounts(1, 1));
    recent.replaced(API, minute(-1), new EventCounts(1, 1));

    assertThat(recent.known(API, minute(5))).isEqualTo(new EventCounts(2, 3));
    assertThat(recent.known(API, minute(6))).isEqualTo(new EventCounts(1, 1));
    assertThat(recent.known(API, minute(-1))).isNull();
  }

  @Test
  void a_series_dropped_and_kept_again_is_known_only_from_its_new_since() {
    keepEmptyFrom(SINCE, API, WEB);
    recent.added(API, minute(5), new EventCounts(1, 1));

    keepEmptyFrom(minute(20), WEB);
    keepEmptyFrom(minute(40), API, WEB);

    assertThat(recent.known(API, minute(5))).isNull();
    assertThat(recent.known(API, minute(39))).isNull();
    assertThat(recent.known(API, minute(40))).isEqualTo(EventCounts.NONE);
    assertThat(recent.known(WEB, minute(0))).as("kept all along").isEqualTo(EventCounts.NONE);
  }
}
