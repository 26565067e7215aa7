package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SloName;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The composite SLOs the engine runs, and their minutes: each composite is an SLO of its own over a
 * derived series whose minutes are worked out from its members' stored minutes. This part owns
 * which composites run over the loaded catalog (and why the others do not), and keeps their stored
 * minutes right: all of them after an apply or a start ({@link #repair}), the changed ones after
 * every ingest into a member ({@link #recompute}). The sums themselves live with every other
 * objective's in {@link SumShards}.
 */
final class CompositeMinutes {

  /** A composite that runs, with its members' series, weights and targets worked out once per load. */
  record Running(CompositeSlo slo, SeriesKey series, List<SeriesKey> members, List<MemberRule> rules) {}

  /** How one member's minute counts in the composite's. */
  record MemberRule(BigDecimal weight, Ratio target) {}

  /** Which composites run over a catalog, by member series, and why the others cannot. */
  record Plan(List<Running> running, Map<SeriesKey, List<Running>> byMember, Map<SloName, List<String>> problems) {

    /** The SLOs the running composites are evaluated as. */
    List<Slo> slos() {
      return running.stream().map(r -> r.slo().asSlo()).toList();
    }
  }

  private final BucketStore buckets;
  private final SumShards shards;
  private final Duration maxFutureSkew;
  /** The composite SLOs given, whether or not they can run. */
  private volatile List<CompositeSlo> given = List.of();
  /** Per member series, the running composites whose minutes it decides; swapped whole by a load. */
  private volatile Map<SeriesKey, List<Running>> byMember = Map.of();
  /** Per composite that cannot run over the loaded catalog, why. */
  private volatile Map<SloName, List<String>> problems = Map.of();

  CompositeMinutes(BucketStore buckets, SumShards shards, Duration maxFutureSkew) {
    this.buckets = buckets;
    this.shards = shards;
    this.maxFutureSkew = maxFutureSkew;
  }

  void give(List<CompositeSlo> next) {
    given = List.copyOf(next);
  }

  List<CompositeSlo> given() {
    return given;
  }

  Map<SloName, List<String>> problems() {
    return problems;
  }

  /** Which of the given composites can run over {@code catalog}; changes nothing. */
  Plan plan(Catalog catalog) {
    Map<SeriesKey, List<Running>> members = new HashMap<>();
    Map<SloName, List<String>> wrong = new TreeMap<>();
    List<Running> running = new ArrayList<>();
    for (CompositeSlo c : given) {
      List<String> why = c.problemsWith(catalog);
      if (catalog.slo(c.name()).isPresent()) why = List.of("an applied SLO is named " + c.name() + " too; rename one");
      if (!why.isEmpty()) {
        wrong.put(c.name(), why);
        continue;
      }
      Running r = running(c, catalog);
      running.add(r);
      for (SeriesKey member : r.members()) members.computeIfAbsent(member, k -> new ArrayList<>()).add(r);
    }
    return new Plan(List.copyOf(running), members, wrong);
  }

  /** From here on ingests recompute the plan's composites' minutes. */
  void start(Plan plan) {
    byMember = plan.byMember();
    problems = plan.problems();
  }

  /** Whether any composite runs, so that an ingest has minutes to work out. */
  boolean anyRunning() {
    return !byMember.isEmpty();
  }

  private static Running running(CompositeSlo c, Catalog catalog) {
    List<SeriesKey> members = new ArrayList<>();
    List<MemberRule> rules = new ArrayList<>();
    for (CompositeSlo.Member m : c.members()) {
      Slo slo = catalog.slo(m.slo()).orElseThrow();
      Objective objective = m.objectiveOf(slo).orElseThrow();
      members.add(slo.seriesOf(objective));
      rules.add(new MemberRule(m.weight(), objective.target()));
    }
    return new Running(c, SeriesKey.of(c.sliName()), List.copyOf(members), List.copyOf(rules));
  }

  /** The composite's counts at a minute from the members' stored ones, or none. */
  private static EventCounts minute(Running c, Map<SeriesKey, EventCounts> members) {
    List<CompositeSlo.MemberMinute> minutes = new ArrayList<>(c.members().size());
    for (int i = 0; i < c.members().size(); i++) {
      minutes.add(new CompositeSlo.MemberMinute(c.rules().get(i).weight(), c.rules().get(i).target(),
          members.getOrDefault(c.members().get(i), EventCounts.NONE)));
    }
    return CompositeSlo.minute(c.slo().method(), minutes).orElse(EventCounts.NONE);
  }

  /**
   * Works out every minute of a composite that its windows can reach from its members' stored minutes
   * and stores those that differ: after it is applied or changed, and at a start, so minutes a crash
   * left behind are right again. Holds the composite shard's intake, as an ingest's recompute does.
   */
  void repair(Running c, Instant minute, Duration longest) {
    Instant from = minute.plus(Minutes.ONE).minus(longest).minus(Minutes.ONE);
    Instant to = minute.plus(maxFutureSkew).plus(Minutes.ONE);
    SumShards.Shard shard = shards.of(c.series());
    shards.lockExclusive(shard);
    try {
      Map<Instant, Map<SeriesKey, EventCounts>> byMinute = new TreeMap<>();
      for (SeriesKey member : c.members()) {
        for (var b : buckets.range(member, from, to)) {
          byMinute.computeIfAbsent(b.minute(), k -> new HashMap<>()).put(member, b.counts());
        }
      }
      Map<Instant, EventCounts> stored = new HashMap<>();
      for (var b : buckets.range(c.series(), from, to)) stored.put(b.minute(), b.counts());
      Map<Instant, EventCounts> changed = new HashMap<>();
      byMinute.forEach((m, members) -> {
        EventCounts next = minute(c, members);
        if (!next.equals(stored.getOrDefault(m, EventCounts.NONE))) changed.put(m, next);
      });
      stored.forEach((m, counts) -> {
        if (!byMinute.containsKey(m)) changed.put(m, EventCounts.NONE);
      });
      if (!changed.isEmpty()) {
        buckets.replace(c.series(), changed);
        synchronized (shard.sums) {
          changed.forEach((m, counts) -> SumShards.replaced(shard, c.series(), m, counts));
        }
      }
    } finally {
      shards.unlockExclusive(shard, "a composite's repair");
    }
  }

  /**
   * Works out the given minutes of the composites whose members an ingest changed, stores those that
   * differ and moves the composites' sums by the difference, adding each tracker it moved to
   * {@code touched}. The members' minutes are read under the composite shard's intake, so of two
   * ingests into different members the later one reads both.
   */
  void recompute(Map<SeriesKey, Set<Instant>> changed, List<ObjectiveTracker> touched) {
    Map<SeriesKey, List<Running>> index = byMember;
    if (index.isEmpty()) return;
    Map<Running, Set<Instant>> due = new HashMap<>();
    changed.forEach((series, minutes) -> {
      for (Running c : index.getOrDefault(series, List.of())) {
        due.computeIfAbsent(c, k -> new TreeSet<>()).addAll(minutes);
      }
    });
    due.forEach((c, minutes) -> {
      SumShards.Shard shard = shards.of(c.series());
      shards.lockExclusive(shard);
      try {
        Map<Instant, EventCounts> before = new HashMap<>();
        Map<Instant, EventCounts> after = new HashMap<>();
        List<SeriesKey> read = new ArrayList<>(c.members());
        read.add(c.series());
        for (Instant m : minutes) {
          // One read per minute: the members' counts and the journey's own.
          Map<SeriesKey, EventCounts> stored = buckets.at(m, read);
          EventCounts next = minute(c, stored);
          EventCounts old = stored.getOrDefault(c.series(), EventCounts.NONE);
          if (next.equals(old)) continue;
          before.put(m, old);
          after.put(m, next);
        }
        if (after.isEmpty()) return;
        buckets.replace(c.series(), after);
        synchronized (shard.sums) {
          after.forEach((m, next) -> {
            SumShards.replaced(shard, c.series(), m, next);
            for (ObjectiveTracker t : shard.bySeries.getOrDefault(c.series(), List.of())) {
              if (!t.units.counts(m)) continue;
              t.unitChanged(m, before.get(m), next);
              touched.add(t);
            }
          });
        }
      } finally {
        shards.unlockExclusive(shard, "a composite's recompute");
      }
    });
  }
}
