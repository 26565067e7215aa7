package dev.governor.slo;

import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.adjustment.Adjustments;
import dev.governor.adjustment.BudgetAdjustment;
import dev.governor.adjustment.Recurrence;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Budget adjustments against a straight recomputation: for random event streams, random
 * adjustments applied and removed after the fact (one-off and recurring, across the night the
 * clocks go back in Europe/Berlin), ticks, clock jumps and restarts, every live status equals the
 * status of an engine without adjustments over a copy of the store that lacks the adjusted
 * minutes. Which minutes are adjusted is worked out here by walking local days one by one, not by
 * the code under test.
 */
class AdjustedEquivalenceTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static Stream<Long> seeds() {
    return IntStream.range(0, 20).mapToObj(i -> 20261205L + i * 104729L);
  }

  static final Slo OCCURRENCES = labelled(rolling("occurrences", ratioSli("api-ok"), Duration.ofDays(1),
      BudgetingMethod.OCCURRENCES, objective("main", "99")), Map.of("team", "payments"));
  static final Slo SLICES = rolling("slices", ratioSli("api-ok"), Duration.ofHours(12),
      BudgetingMethod.TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(5)));
  static final Slo RATIO_SLICES = calendarMonth("ratio-slices", ratioSli("web-ok"), "Europe/Berlin",
      BudgetingMethod.RATIO_TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(2)));
  static final Slo CALENDAR = labelled(calendarMonth("calendar", ratioSli("web-ok"), "UTC",
      BudgetingMethod.OCCURRENCES, objective("main", "99.5")), Map.of("team", "payments"));
  static final Slo LATENCY = rolling("latency", thresholdSli("api-latency"), Duration.ofHours(6),
      BudgetingMethod.OCCURRENCES, below("fast", "90", "0.3"), below("ok", "99", "1.2"));

  static Slo labelled(Slo s, Map<String, String> labels) {
    return new Slo(s.name(), s.displayName(), s.description(), s.service(), s.indicator(), s.window(),
        s.budgetingMethod(), s.objectives(), s.alertPolicies(), labels, s.annotations());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void adjusted_statuses_equal_a_recomputation_without_the_adjusted_minutes(long seed) {
    Random random = new Random(seed);
    // Europe/Berlin leaves summer time at 2026-10-25 03:00 local (01:00 UTC): 02:00-03:00 comes twice.
    FakeClock clock = FakeClock.at("2026-10-24T22:00:00Z");
    InMemoryBucketStore buckets = new InMemoryBucketStore();
    InMemoryAlertStore alerts = new InMemoryAlertStore();
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    Catalog catalog = catalog(OCCURRENCES, SLICES, RATIO_SLICES, CALENDAR, LATENCY);
    evaluator.load(catalog);
    List<BudgetAdjustment> applied = new ArrayList<>();
    for (int step = 0; step < 50; step++) {
      int what = random.nextInt(100);
      if (what < 45) {
        assertThat(evaluator.ingest(batch(random, clock.instant()))).isInstanceOf(IngestOutcome.Accepted.class);
      } else if (what < 62) {
        clock.advance(Duration.ofSeconds(random.nextInt(random.nextInt(8) == 0 ? 3 * 3600 : 900)));
      } else if (what < 70) {
        evaluator.tick();
      } else if (what < 90) {
        // Applied after the fact: most adjustments cover minutes that already hold events.
        if (applied.isEmpty() || random.nextInt(3) != 0) applied.add(randomAdjustment(random, clock.instant(), step));
        else applied.remove(random.nextInt(applied.size()));
        evaluator.adjust(new Adjustments(applied));
      } else {
        evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
        evaluator.adjust(new Adjustments(applied));
        evaluator.load(catalog);
      }
      Evaluator reference = reference(buckets, catalog, applied, clock);
      Instant lastInstant = Minutes.floor(clock.instant()).plus(Minutes.ONE).minusMillis(1);
      for (Slo slo : catalog.slos()) {
        SloStatus live = evaluator.status(slo.name()).orElseThrow();
        SloStatus recomputed = reference.statusAt(slo.name(), lastInstant).orElseThrow();
        assertThat(live.objectives()).as("seed %d step %d %s at %s, adjustments %s", seed, step, slo.name(),
                clock.instant(), applied)
            .usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
            .isEqualTo(recomputed.objectives());
        SloStatus past = evaluator.statusAt(slo.name(), lastInstant).orElseThrow();
        assertThat(past.objectives()).as("history, seed %d step %d %s", seed, step, slo.name())
            .usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
            .isEqualTo(recomputed.objectives());
      }
    }
  }

  private static BudgetAdjustment randomAdjustment(Random random, Instant now, int step) {
    String name = "adj-" + step;
    LocalDateTime localNow = now.atZone(BERLIN).toLocalDateTime().withSecond(0).withNano(0);
    LocalDateTime start = localNow.minusMinutes(random.nextInt(36 * 60));
    Duration duration = Duration.ofMinutes(1 + random.nextInt(random.nextBoolean() ? 30 : 300));
    Optional<Recurrence> rrule = switch (random.nextInt(4)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(new Recurrence(Recurrence.Frequency.DAILY, 1, Set.of(), OptionalInt.empty(), Optional.empty()));
      case 2 -> Optional.of(new Recurrence(Recurrence.Frequency.WEEKLY, 1,
          Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY), OptionalInt.of(2 + random.nextInt(4)),
          Optional.empty()));
      default -> Optional.of(new Recurrence(Recurrence.Frequency.DAILY, 1, Set.of(), OptionalInt.empty(),
          Optional.of(start.plusDays(1 + random.nextInt(3)))));
    };
    if (random.nextInt(4) == 0) {
      // Around 02:00 local on the night the clocks go back, when 02:00-03:00 happens twice.
      start = LocalDateTime.of(2026, 10, 24, 2, random.nextInt(60));
    }
    List<SloName> slos = random.nextBoolean() ? List.of(SloName.of(pick(random))) : List.of();
    Map<String, String> labels = slos.isEmpty() || random.nextBoolean() ? Map.of("team", "payments") : Map.of();
    return new BudgetAdjustment(name, "test", slos, labels, start, BERLIN, duration, rrule);
  }

  private static String pick(Random random) {
    return List.of("occurrences", "slices", "ratio-slices", "calendar", "latency").get(random.nextInt(5));
  }

  /**
   * An engine without adjustments over a copy of the store holding, per SLO, only the minutes no
   * adjustment of it covers. Every SLO here has series of its own name, so one copy serves all.
   */
  private static Evaluator reference(InMemoryBucketStore buckets, Catalog catalog, List<BudgetAdjustment> applied,
      FakeClock clock) {
    InMemoryBucketStore copy = new InMemoryBucketStore();
    List<BucketIncrement> kept = new ArrayList<>();
    List<Slo> renamed = new ArrayList<>();
    Instant from = clock.instant().minus(Duration.ofDays(45));
    Instant to = clock.instant().plus(Duration.ofDays(1));
    for (Slo slo : catalog.slos()) {
      Set<Instant> excluded = excludedMinutes(slo, applied, from, to);
      // The SLO reads an SLI of its own in the copy, so SLOs that share an SLI keep their own minutes.
      Sli own = new Sli(SliName.of(slo.name().value() + "-ref"), "", "", slo.indicator().metric());
      Slo mine = new Slo(slo.name(), slo.displayName(), slo.description(), slo.service(), own, slo.window(),
          slo.budgetingMethod(), slo.objectives(), slo.alertPolicies(), slo.labels(), slo.annotations());
      renamed.add(mine);
      Set<SeriesKey> seen = new HashSet<>();
      for (Objective o : slo.objectives()) {
        SeriesKey series = slo.seriesOf(o);
        if (!seen.add(series)) continue;
        for (Bucket b : buckets.range(series, from, to)) {
          if (!excluded.contains(b.minute())) kept.add(new BucketIncrement(mine.seriesOf(o), b.minute(), b.counts()));
        }
      }
    }
    copy.add(kept);
    Evaluator reference = new Evaluator(copy, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    reference.load(catalog(renamed.toArray(Slo[]::new)));
    return reference;
  }

  /** The adjusted minutes of {@code slo} in [from, to), by walking every local day of each adjustment. */
  static Set<Instant> excludedMinutes(Slo slo, List<BudgetAdjustment> applied, Instant from, Instant to) {
    Set<Instant> out = new HashSet<>();
    for (BudgetAdjustment a : applied) {
      boolean applies = a.slos().contains(slo.name())
          || (!a.matchLabels().isEmpty() && slo.labels().entrySet().containsAll(a.matchLabels().entrySet()));
      if (!applies) continue;
      for (Instant s : startsByWalkingDays(a, to)) {
        for (Instant m = s; m.isBefore(s.plus(a.duration())); m = m.plus(Minutes.ONE)) {
          if (!m.isBefore(from) && m.isBefore(to)) out.add(m);
        }
      }
    }
    return out;
  }

  private static List<Instant> startsByWalkingDays(BudgetAdjustment a, Instant to) {
    List<Instant> starts = new ArrayList<>();
    if (a.recurrence().isEmpty()) {
      starts.add(ZonedDateTime.of(a.start(), a.zone()).toInstant());
      return starts;
    }
    Recurrence r = a.recurrence().get();
    int count = 0;
    for (LocalDate day = a.start().toLocalDate(); ; day = day.plusDays(1)) {
      LocalDateTime local = day.atTime(a.start().toLocalTime());
      boolean onDay = switch (r.frequency()) {
        case DAILY -> true;
        case WEEKLY -> r.byDay().isEmpty() ? day.getDayOfWeek() == a.start().getDayOfWeek() : r.byDay().contains(day.getDayOfWeek());
        case MONTHLY -> day.getDayOfMonth() == a.start().getDayOfMonth();
      };
      if (!onDay) continue;
      if (r.until().isPresent() && local.isAfter(r.until().get())) break;
      if (r.count().isPresent() && count >= r.count().getAsInt()) break;
      count++;
      Instant s = ZonedDateTime.of(local, a.zone()).toInstant();
      if (!s.isBefore(to)) break;
      starts.add(s);
    }
    return starts;
  }

  /** Events of the last day and a half (late data included), none after now. */
  private static List<SliEvent> batch(Random random, Instant now) {
    List<SliEvent> events = new ArrayList<>();
    int size = 1 + random.nextInt(30);
    for (int i = 0; i < size; i++) {
      Instant time = now.minusSeconds(random.nextInt(random.nextInt(3) == 0 ? 36 * 3600 : 120));
      switch (random.nextInt(3)) {
        case 0 -> {
          long total = 1 + random.nextInt(20);
          events.add(new SliEvent.Counts(SliName.of("api-ok"), time,
              new EventCounts(total - (random.nextInt(3) == 0 ? random.nextInt((int) total + 1) : 0), total)));
        }
        case 1 -> {
          long total = 1 + random.nextInt(20);
          events.add(new SliEvent.Counts(SliName.of("web-ok"), time, new EventCounts(total - random.nextInt(2), total)));
        }
        default -> events.add(new SliEvent.Value(SliName.of("api-latency"), time,
            new java.math.BigDecimal(random.nextInt(2000)).movePointLeft(3), 1 + random.nextInt(3)));
      }
    }
    return events;
  }
}
