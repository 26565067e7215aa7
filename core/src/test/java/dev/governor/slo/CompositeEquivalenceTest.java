package dev.governor.slo;

import static dev.governor.slo.Slos.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Composite SLOs against a straight recomputation, for both methods: for random member events
 * (late data included), ticks, clock jumps, restarts and a composite applied after the fact, the
 * journey's live status equals that of a plain SLO fed, minute by minute, the journey's value worked
 * out here from the events sent: the weighted average of the members' good ratios (to 10^-9), or
 * whether every member with events met its target.
 */
class CompositeEquivalenceTest {

  static Stream<Long> seeds() {
    return IntStream.range(0, 12).mapToObj(i -> 20261207L + i * 6151L);
  }

  static final Slo BROWSE = rolling("browse", ratioSli("browse-ok"), Duration.ofDays(1), BudgetingMethod.OCCURRENCES,
      objective("main", "99"));
  static final Slo PAY = rolling("pay", ratioSli("pay-ok"), Duration.ofHours(12), BudgetingMethod.OCCURRENCES,
      objective("main", "95"));
  static final Slo SEARCH = rolling("search", thresholdSli("search-latency"), Duration.ofDays(1),
      BudgetingMethod.OCCURRENCES, below("fast", "90", "0.3"));

  static CompositeSlo journey(CompositeSlo.Method method) {
    return new CompositeSlo(SloName.of("checkout-journey"), "Checkout journey", "", BROWSE.service(), method,
        List.of(new CompositeSlo.Member(BROWSE.name(), "main", new BigDecimal("2")),
            new CompositeSlo.Member(PAY.name(), "main", BigDecimal.ONE),
            new CompositeSlo.Member(SEARCH.name(), "fast", new BigDecimal("0.5"))),
        new SloWindow.Rolling(Duration.ofHours(6)), "journey", Ratio.parsePercent("98"), Map.of());
  }

  /** What was sent per member and minute: good and total, or for the threshold member, fast and all. */
  record Key(String member, Instant minute) {}

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void the_journey_equals_a_plain_slo_fed_its_minutes(long seed) {
    Random random = new Random(seed);
    CompositeSlo.Method method = random.nextBoolean() ? CompositeSlo.Method.WEIGHTED_AVERAGE : CompositeSlo.Method.ALL_GOOD;
    CompositeSlo composite = journey(method);
    FakeClock clock = FakeClock.at("2026-11-30T20:00:00Z");
    InMemoryBucketStore buckets = new InMemoryBucketStore();
    InMemoryAlertStore alerts = new InMemoryAlertStore();
    Catalog catalog = catalog(BROWSE, PAY, SEARCH);
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
    evaluator.load(catalog);
    boolean applied = false;
    Map<Key, long[]> sent = new HashMap<>();
    for (int step = 0; step < 45; step++) {
      int what = random.nextInt(100);
      if (!applied && (what < 8 || step == 20)) {
        evaluator.composites(List.of(composite)); // after the fact: the history is worked out too
        applied = true;
      } else if (what < 55) {
        List<SliEvent> batch = batch(random, clock.instant(), sent);
        assertThat(evaluator.ingest(batch)).isInstanceOf(IngestOutcome.Accepted.class);
      } else if (what < 75) {
        clock.advance(Duration.ofSeconds(random.nextInt(random.nextInt(8) == 0 ? 3 * 3600 : 600)));
      } else if (what < 88) {
        evaluator.tick();
      } else {
        evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS);
        if (applied) evaluator.composites(List.of(composite));
        evaluator.load(catalog);
      }
      if (!applied) continue;
      assertThat(evaluator.compositeProblems()).isEmpty();
      SloStatus live = evaluator.status(composite.name()).orElseThrow();
      Instant lastInstant = Minutes.floor(clock.instant()).plus(Minutes.ONE).minusMillis(1);
      SloStatus reference = reference(composite, sent, clock).statusAt(composite.name(), lastInstant).orElseThrow();
      assertThat(live.objectives()).as("seed %d step %d %s at %s", seed, step, method, clock.instant())
          .usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
          .isEqualTo(reference.objectives());
    }
  }

  /** A plain SLO shaped as the composite runs, fed the journey's minutes as worked out here. */
  private static Evaluator reference(CompositeSlo composite, Map<Key, long[]> sent, FakeClock clock) {
    Slo plain = composite.asSlo();
    InMemoryBucketStore store = new InMemoryBucketStore();
    Evaluator reference = new Evaluator(store, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    reference.load(catalog(new Slo(plain.name(), plain.displayName(), plain.description(), plain.service(),
        new Sli(SliName.of("journey-ref"), "", "", ratioSli("journey-ref").metric()), plain.window(),
        plain.budgetingMethod(), plain.objectives(), plain.alertPolicies(), plain.labels(), plain.annotations())));
    TreeMap<Instant, Map<String, long[]>> byMinute = new TreeMap<>();
    sent.forEach((k, v) -> byMinute.computeIfAbsent(k.minute(), m -> new HashMap<>()).put(k.member(), v));
    List<SliEvent> events = new ArrayList<>();
    Map<String, BigDecimal> weights = Map.of("browse", new BigDecimal("2"), "pay", BigDecimal.ONE, "search", new BigDecimal("0.5"));
    Map<String, BigDecimal> targets = Map.of("browse", new BigDecimal("0.99"), "pay", new BigDecimal("0.95"),
        "search", new BigDecimal("0.90"));
    byMinute.forEach((minute, members) -> {
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal weight = BigDecimal.ZERO;
      boolean allMet = true;
      for (var e : members.entrySet()) {
        long good = e.getValue()[0];
        long total = e.getValue()[1];
        if (total == 0) continue;
        BigDecimal ratio = new BigDecimal(good).divide(new BigDecimal(total), 40, RoundingMode.HALF_EVEN);
        sum = sum.add(weights.get(e.getKey()).multiply(ratio));
        weight = weight.add(weights.get(e.getKey()));
        allMet &= new BigDecimal(good).compareTo(targets.get(e.getKey()).multiply(new BigDecimal(total))) >= 0;
      }
      if (weight.signum() == 0) return;
      EventCounts counts = composite.method() == CompositeSlo.Method.ALL_GOOD ? new EventCounts(allMet ? 1 : 0, 1)
          : new EventCounts(sum.multiply(new BigDecimal(1_000_000_000L)).divide(weight, 0, RoundingMode.HALF_EVEN)
              .longValueExact(), 1_000_000_000L);
      events.add(new SliEvent.Counts(SliName.of("journey-ref"), minute, counts));
    });
    for (int i = 0; i < events.size(); i += 500) {
      assertThat(reference.ingest(events.subList(i, Math.min(events.size(), i + 500))))
          .isInstanceOf(IngestOutcome.Accepted.class);
    }
    return reference;
  }

  private static List<SliEvent> batch(Random random, Instant now, Map<Key, long[]> sent) {
    List<SliEvent> events = new ArrayList<>();
    int size = 1 + random.nextInt(20);
    for (int i = 0; i < size; i++) {
      Instant time = now.minusSeconds(random.nextInt(random.nextInt(3) == 0 ? 7200 : 180));
      Instant minute = Minutes.floor(time);
      long total = 1 + random.nextInt(40);
      long good = total - (random.nextInt(3) == 0 ? random.nextInt((int) total + 1) : 0);
      switch (random.nextInt(3)) {
        case 0 -> {
          events.add(new SliEvent.Counts(SliName.of("browse-ok"), time, new EventCounts(good, total)));
          add(sent, "browse", minute, good, total);
        }
        case 1 -> {
          events.add(new SliEvent.Counts(SliName.of("pay-ok"), time, new EventCounts(good, total)));
          add(sent, "pay", minute, good, total);
        }
        default -> {
          boolean fast = random.nextInt(4) != 0;
          long count = 1 + random.nextInt(5);
          events.add(new SliEvent.Value(SliName.of("search-latency"), time, new BigDecimal(fast ? "0.1" : "0.9"), count));
          add(sent, "search", minute, fast ? count : 0, count);
        }
      }
    }
    return events;
  }

  private static void add(Map<Key, long[]> sent, String member, Instant minute, long good, long total) {
    long[] counts = sent.computeIfAbsent(new Key(member, minute), k -> new long[2]);
    counts[0] += good;
    counts[1] += total;
  }
}
