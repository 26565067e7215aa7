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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grouped SLOs against a straight recomputation: for random labelled event streams, ticks, clock
 * jumps and restarts, each instance's live status equals that of a plain SLO fed only its events,
 * the group's own status equals one fed every event, at most the limit of instances exist, and the
 * events of value sets past the limit are counted as refused, never merged into an instance.
 */
class GroupedEquivalenceTest {

  static final List<String> ENDPOINTS = List.of("/checkout", "/cart", "/search", "/login", "/pay");
  static final int LIMIT = 3;

  static Stream<Long> seeds() {
    return IntStream.range(0, 15).mapToObj(i -> 20261206L + i * 7907L);
  }

  static Slo grouped(Slo s) {
    return new Slo(s.name(), s.displayName(), s.description(), s.service(), s.indicator(), s.window(),
        s.budgetingMethod(), s.objectives(), s.alertPolicies(), s.labels(), s.annotations(), List.of("endpoint"),
        LIMIT, Optional.empty());
  }

  static final Slo AVAILABILITY = grouped(rolling("availability", ratioSli("api-ok"), Duration.ofDays(1),
      BudgetingMethod.OCCURRENCES, objective("main", "99")));
  static final Slo SLICES = grouped(calendarMonth("slices", ratioSli("api-ok"), "Europe/Berlin",
      BudgetingMethod.TIMESLICES, timeslice("main", "95", "0.9", Duration.ofMinutes(5))));
  static final Slo LATENCY = grouped(rolling("latency", thresholdSli("api-latency"), Duration.ofHours(6),
      BudgetingMethod.OCCURRENCES, below("fast", "90", "0.3")));

  /** One event as sent, kept for the reference. */
  record Sent(String endpoint, SliEvent event) {}

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void instances_equal_plain_slos_fed_their_own_events(long seed) {
    Random random = new Random(seed);
    FakeClock clock = FakeClock.at("2026-11-30T22:00:00Z");
    InMemoryBucketStore buckets = new InMemoryBucketStore();
    InMemoryAlertStore alerts = new InMemoryAlertStore();
    InstanceStore instances = InstanceStore.inMemory();
    Evaluator evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS, instances);
    Catalog catalog = catalog(AVAILABILITY, SLICES, LATENCY);
    evaluator.load(catalog);
    List<Sent> sent = new ArrayList<>();
    for (int step = 0; step < 40; step++) {
      int what = random.nextInt(100);
      if (what < 55) {
        List<Sent> batch = batch(random, clock.instant());
        assertThat(evaluator.ingest(batch.stream().map(Sent::event).toList())).isInstanceOf(IngestOutcome.Accepted.class);
        sent.addAll(batch);
      } else if (what < 75) {
        clock.advance(Duration.ofSeconds(random.nextInt(random.nextInt(8) == 0 ? 3 * 3600 : 600)));
      } else if (what < 88) {
        evaluator.tick();
      } else {
        evaluator = new Evaluator(buckets, alerts, clock, EvaluatorSettings.DEFAULTS, instances);
        evaluator.load(catalog);
      }
      Instant lastInstant = Minutes.floor(clock.instant()).plus(Minutes.ONE).minusMillis(1);
      for (Slo group : catalog.slos()) {
        List<SloStatus> live = evaluator.instanceStatuses(group.name());
        assertThat(live.size()).as("instances of %s", group.name()).isLessThanOrEqualTo(LIMIT);
        List<String> made = new ArrayList<>();
        for (SloStatus instance : live) {
          String endpoint = instance.slo().instance().orElseThrow().labels().get("endpoint");
          made.add(endpoint);
          SloStatus reference = reference(group, sent, List.of(endpoint), clock).statusAt(group.name(), lastInstant).orElseThrow();
          assertThat(instance.objectives()).as("seed %d step %d %s %s", seed, step, group.name(), endpoint)
              .usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
              .isEqualTo(reference.objectives());
        }
        long seen = sent.stream().filter(s -> s.event().sli().equals(group.indicator().name()))
            .map(Sent::endpoint).distinct().count();
        assertThat(live).as("every value set up to the limit has its instance").hasSize((int) Math.min(seen, LIMIT));
        long refused = sent.stream().filter(s -> s.event().sli().equals(group.indicator().name()))
            .filter(s -> !made.contains(s.endpoint())).count();
        // Counted by this engine since it started; the events before a restart were counted by the last one.
        assertThat(evaluator.instanceCount(group.name()).orElseThrow().refusedEvents()).isLessThanOrEqualTo(refused);
        SloStatus whole = reference(group, sent, ENDPOINTS, clock).statusAt(group.name(), lastInstant).orElseThrow();
        assertThat(evaluator.status(group.name()).orElseThrow().objectives()).as("the group as a whole")
            .usingRecursiveComparison().ignoringFields("window", "budgetExhaustedAt")
            .isEqualTo(whole.objectives());
      }
    }
  }

  /** A plain SLO like {@code group}, fed only the events sent for {@code endpoints}. */
  private static Evaluator reference(Slo group, List<Sent> sent, List<String> endpoints, FakeClock clock) {
    Slo plain = new Slo(group.name(), group.displayName(), group.description(), group.service(), group.indicator(),
        group.window(), group.budgetingMethod(), group.objectives(), group.alertPolicies(), group.labels(),
        group.annotations());
    InMemoryBucketStore store = new InMemoryBucketStore();
    Evaluator reference = new Evaluator(store, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    reference.load(catalog(plain));
    List<SliEvent> mine = sent.stream().filter(s -> endpoints.contains(s.endpoint()))
        .filter(s -> s.event().sli().equals(group.indicator().name())).map(Sent::event).toList();
    // Sent in slices: the reference refuses nothing, its history is the events' own.
    for (int i = 0; i < mine.size(); i += 500) {
      assertThat(reference.ingest(mine.subList(i, Math.min(mine.size(), i + 500)))).isInstanceOf(IngestOutcome.Accepted.class);
    }
    return reference;
  }

  private static List<Sent> batch(Random random, Instant now) {
    List<Sent> events = new ArrayList<>();
    int size = 1 + random.nextInt(25);
    for (int i = 0; i < size; i++) {
      Instant time = now.minusSeconds(random.nextInt(random.nextInt(3) == 0 ? 7200 : 120));
      String endpoint = ENDPOINTS.get(random.nextInt(random.nextInt(3) == 0 ? ENDPOINTS.size() : 2));
      Map<String, String> labels = new HashMap<>();
      labels.put("endpoint", endpoint);
      if (random.nextBoolean()) labels.put("pod", "pod-" + random.nextInt(3)); // not grouped by: ignored
      if (random.nextBoolean()) {
        long total = 1 + random.nextInt(20);
        events.add(new Sent(endpoint, new SliEvent.Counts(SliName.of("api-ok"), time,
            new EventCounts(total - (random.nextInt(3) == 0 ? random.nextInt((int) total + 1) : 0), total),
            Optional.empty(), labels)));
      } else {
        events.add(new Sent(endpoint, new SliEvent.Value(SliName.of("api-latency"), time,
            new BigDecimal(random.nextInt(1000)).movePointLeft(3), 1 + random.nextInt(3), Optional.empty(), labels)));
      }
    }
    return events;
  }
}
