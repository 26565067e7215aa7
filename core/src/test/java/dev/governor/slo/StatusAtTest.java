package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.sli.IngestOutcome.Accepted;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status at an instant T counts the events before T: every count here is checked against the
 * raw events sent, summed with plain loops, not with the evaluator's windows or units.
 */
class StatusAtTest {

  final FakeClock clock = FakeClock.at("2026-11-03T00:00:30Z");
  final InMemoryBucketStore buckets = new InMemoryBucketStore();
  final Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);

  record Sent(Instant time, long good, long total) {}

  /** Events at random seconds from 30 October to now, across the month boundary of 1 November. */
  private List<Sent> sendRandomEvents() {
    Random random = new Random(7);
    Instant from = Instant.parse("2026-10-30T06:00:00Z");
    long span = Duration.between(from, clock.instant()).toMillis();
    List<Sent> sent = new ArrayList<>();
    List<SliEvent> batch = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      Instant time = from.plusMillis((long) (random.nextDouble() * span));
      long total = 1 + random.nextInt(50);
      long good = total - (random.nextInt(4) == 0 ? random.nextInt((int) total + 1) : 0);
      sent.add(new Sent(time, good, total));
      batch.add(new SliEvent.Counts(SliName.of("x-ok"), time, new EventCounts(good, total)));
    }
    // Events right at and around the minute boundaries the test asks about.
    for (String t : List.of("2026-11-01T00:00:00Z", "2026-11-01T00:00:30Z", "2026-10-31T23:59:59.999Z",
        "2026-11-02T13:37:00Z", "2026-11-02T13:37:00.001Z", "2026-11-02T13:36:59Z", "2026-11-02T13:37:45Z")) {
      sent.add(new Sent(Instant.parse(t), 3, 7));
      batch.add(new SliEvent.Counts(SliName.of("x-ok"), Instant.parse(t), new EventCounts(3, 7)));
    }
    assertThat(evaluator.ingest(batch)).isInstanceOf(Accepted.class);
    return sent;
  }

  /** The end of what the status at {@code at} counts: {@code at} itself on a minute boundary, else the minute's end. */
  private static long endMillis(Instant at) {
    long ms = at.toEpochMilli();
    return ms % 60_000 == 0 ? ms : (ms / 60_000 + 1) * 60_000;
  }

  private static EventCounts sum(List<Sent> sent, long fromMillis, long toMillis) {
    long good = 0;
    long total = 0;
    for (Sent s : sent) {
      long t = s.time().toEpochMilli();
      if (t >= fromMillis && t < toMillis) {
        good += s.good();
        total += s.total();
      }
    }
    return new EventCounts(good, total);
  }

  private static final List<Instant> TIMES = List.of(
      Instant.parse("2026-11-01T00:00:00Z"), // a minute boundary that is also the month's first instant
      Instant.parse("2026-11-01T00:01:00Z"),
      Instant.parse("2026-11-02T13:37:00Z"),
      Instant.parse("2026-11-01T00:00:30Z"), // inside minutes: the minute counts whole
      Instant.parse("2026-10-31T23:59:59.999Z"),
      Instant.parse("2026-11-02T13:37:00.001Z"),
      Instant.parse("2026-11-02T13:36:59Z"));

  @Test
  void a_rolling_window_at_T_counts_the_events_before_T_and_a_minute_in_progress_whole() {
    evaluator.load(catalog(rolling("r", ratioSli("x-ok"), Duration.ofDays(1), BudgetingMethod.OCCURRENCES,
        objective("main", "99"))));
    List<Sent> sent = sendRandomEvents();

    for (Instant at : TIMES) {
      long end = endMillis(at);
      ObjectiveStatus s = evaluator.statusAt(SloName.of("r"), at).orElseThrow().objectives().getFirst();
      assertThat(s.counts()).as("window at %s", at).isEqualTo(sum(sent, end - Duration.ofDays(1).toMillis(), end));
      assertThat(s.window()).isEqualTo(new TimeRange(Instant.ofEpochMilli(end).minus(Duration.ofDays(1)),
          Instant.ofEpochMilli(end)));
      assertBurnWindows(s, sent, end, at);
    }
  }

  @Test
  void a_calendar_window_at_T_counts_the_events_of_its_period_before_T() {
    evaluator.load(catalog(calendarMonth("c", ratioSli("x-ok"), "UTC", BudgetingMethod.OCCURRENCES,
        objective("main", "99"))));
    List<Sent> sent = sendRandomEvents();

    for (Instant at : TIMES) {
      long end = endMillis(at);
      // The month of the last millisecond counted: at 1 November 00:00 that is October, complete.
      long monthStart = ZonedDateTime.ofInstant(Instant.ofEpochMilli(end - 1), ZoneOffset.UTC)
          .withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
      ObjectiveStatus s = evaluator.statusAt(SloName.of("c"), at).orElseThrow().objectives().getFirst();
      assertThat(s.counts()).as("window at %s", at).isEqualTo(sum(sent, monthStart, end));
      assertThat(s.window().end()).isEqualTo(Instant.ofEpochMilli(end));
      assertBurnWindows(s, sent, end, at);
    }
    ObjectiveStatus october = evaluator.statusAt(SloName.of("c"), Instant.parse("2026-11-01T00:00:00Z"))
        .orElseThrow().objectives().getFirst();
    assertThat(october.window()).isEqualTo(new TimeRange(
        Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")));
  }

  private static void assertBurnWindows(ObjectiveStatus s, List<Sent> sent, long end, Instant at) {
    for (Duration d : List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
        Duration.ofHours(2), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3))) {
      assertThat(s.burnRate(d).orElseThrow().counts()).as("burn window %s at %s", d, at)
          .isEqualTo(sum(sent, end - d.toMillis(), end));
    }
  }

  /** A slice in progress at a past T holds only its minutes before T, not the events that came after. */
  @ParameterizedTest
  @ValueSource(strings = {"TIMESLICES", "RATIO_TIMESLICES"})
  void a_slice_in_progress_at_T_holds_only_its_minutes_before_T(String method) {
    evaluator.load(catalog(rolling("h", ratioSli("x-ok"), Duration.ofDays(1), BudgetingMethod.valueOf(method),
        timeslice("hours", "99", "0.9", Duration.ofHours(1)))));
    assertThat(evaluator.ingest(List.of(
        new SliEvent.Counts(SliName.of("x-ok"), Instant.parse("2026-11-02T13:10:00Z"), new EventCounts(100, 100)),
        new SliEvent.Counts(SliName.of("x-ok"), Instant.parse("2026-11-02T13:40:00Z"), new EventCounts(0, 100)))))
        .isInstanceOf(Accepted.class);

    ObjectiveStatus before = evaluator.statusAt(SloName.of("h"), Instant.parse("2026-11-02T13:40:00Z"))
        .orElseThrow().objectives().getFirst();
    ObjectiveStatus after = evaluator.statusAt(SloName.of("h"), Instant.parse("2026-11-02T13:41:00Z"))
        .orElseThrow().objectives().getFirst();

    assertThat(before.counts()).isEqualTo(new EventCounts(1, 1)); // the slice was good until 13:40
    assertThat(before.attainment()).isEqualTo(1);
    assertThat(after.counts()).isEqualTo(new EventCounts(0, 1));
    assertThat(after.attainment()).isLessThan(1);
  }
}
