package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against a straight recomputation: for random event streams, random applies and
 * deletes, ticks, clock jumps and restarts at random moments, every live status (running sums,
 * kept across loads, rebuilt on restart) equals the status summed afresh from the stored minutes,
 * to the event. Every budgeting method, rolling and calendar windows, ratio and threshold SLIs.
 */
class EngineEquivalenceTest {

  static Stream<Long> seeds() {
    return IntStream.range(0, 25).mapToObj(i -> 20261204L + i * 7919L);
  }

  static final Slo OCCURRENCES = rolling("occurrences", ratioSli("api-ok"), Duration.ofDays(1),
      BudgetingMethod.OCCURRENCES, objective("main", "99"));
  static final Slo SLICES = rolling("slices", ratioSli("api-ok"), Duration.ofHours(12),
      BudgetingMethod.TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(5)));
  static final Slo RATIO_SLICES = calendarMonth("ratio-slices", ratioSli("web-ok"), "Europe/Berlin",
      BudgetingMethod.RATIO_TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(2)));
  static final Slo CALENDAR = calendarMonth("calendar", ratioSli("web-ok"), "UTC",
      BudgetingMethod.OCCURRENCES, objective("main", "99.5"));
  static final Slo LATENCY = rolling("latency", thresholdSli("api-latency"), Duration.ofHours(6),
      BudgetingMethod.OCCURRENCES, below("fast", "90", "0.3"), below("ok", "99", "1.2"));
  static final Slo LATENCY_STRICTER = rolling("latency", thresholdSli("api-latency"), Duration.ofHours(6),
      BudgetingMethod.OCCURRENCES, below("fast", "95", "0.3"), below("ok", "99", "1.2"));

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void the_live_status_equals_a_recomputation_from_the_stored_minutes(long seed) {
    Random random = new Random(seed);
    // The last days of a month, so calendar periods roll over during the run.
    FakeClock clock = FakeClock.at("2026-11-30T20:00:00Z");
    InMemoryBucketStore buckets = new InMemoryBucketStore();
    InMemoryAlertStore alerts = new InMemoryAlertStore();
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    List<Slo> all = List.of(OCCURRENCES, SLICES, RATIO_SLICES, CALENDAR, LATENCY);
    Catalog catalog = catalog(all.toArray(Slo[]::new));
    evaluator.load(catalog);
    for (int step = 0; step < 60; step++) {
      int what = random.nextInt(100);
      if (what < 50) {
        assertThat(evaluator.ingest(batch(random, clock.instant()))).isInstanceOf(IngestOutcome.Accepted.class);
      } else if (what < 70) {
        // Mostly a few minutes, sometimes past the step a tracker takes before it rebuilds.
        clock.advance(Duration.ofSeconds(random.nextInt(random.nextInt(10) == 0 ? 3 * 3600 : 600)));
      } else if (what < 78) {
        evaluator.tick();
      } else if (what < 88) {
        List<Slo> chosen = new ArrayList<>();
        for (Slo slo : all) if (random.nextInt(4) != 0) chosen.add(slo);
        if (random.nextBoolean()) chosen.replaceAll(s -> s == LATENCY ? LATENCY_STRICTER : s);
        if (!chosen.contains(OCCURRENCES)) chosen.add(OCCURRENCES); // keeps api-ok applied for its events
        if (chosen.stream().noneMatch(s -> s.indicator().name().value().equals("web-ok"))) chosen.add(CALENDAR);
        if (chosen.stream().noneMatch(s -> s.name().value().equals("latency"))) chosen.add(LATENCY);
        catalog = catalog(chosen.toArray(Slo[]::new));
        evaluator.load(catalog);
      } else {
        evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
        evaluator.load(catalog);
      }
      for (Slo slo : catalog.slos()) {
        SloStatus live = evaluator.status(slo.name()).orElseThrow();
        // The live status counts the minute in progress whole; so does the status at its last instant.
        Instant lastInstant = Minutes.floor(clock.instant()).plus(Minutes.ONE).minusMillis(1);
        SloStatus recomputed = evaluator.statusAt(slo.name(), lastInstant).orElseThrow();
        assertThat(live.objectives()).as("seed %d step %d %s at %s", seed, step, slo.name(), clock.instant())
            .usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
            .isEqualTo(recomputed.objectives());
      }
    }
  }

  /** Events of the last two hours (late data included), none after now. */
  private static List<SliEvent> batch(Random random, Instant now) {
    List<SliEvent> events = new ArrayList<>();
    int size = 1 + random.nextInt(30);
    for (int i = 0; i < size; i++) {
      Instant time = now.minusSeconds(random.nextInt(random.nextInt(3) == 0 ? 7200 : 120));
      switch (random.nextInt(3)) {
        case 0 -> {
          long total = 1 + random.nextInt(20);
          events.add(new SliEvent.Counts(SliName.of("api-ok"), time,
              new EventCounts(total - (random.nextInt(4) == 0 ? random.nextInt((int) total + 1) : 0), total)));
        }
        case 1 -> {
          long total = 1 + random.nextInt(20);
          events.add(new SliEvent.Counts(SliName.of("web-ok"), time,
              new EventCounts(total - random.nextInt(2), total)));
        }
        default -> events.add(new SliEvent.Value(SliName.of("api-latency"), time,
            new java.math.BigDecimal(random.nextInt(2000)).movePointLeft(3), 1 + random.nextInt(3)));
      }
    }
    return events;
  }
}
