package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome.EventProblem;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SliSink.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an event batch into bucket increments, once, against one catalog snapshot: every event
 * names an applied SLI of the right source and kind, lies within the history kept and not too far
 * ahead, and keeps its minute under {@link Bucket#MAX_TOTAL}. A batch with any problem becomes a
 * refusal listing them all. Admission holds no state of its own and takes no lock.
 */
final class Admission {

  /**
   * What admission checks against; swapped whole when a catalog is loaded. {@code bySli} holds,
   * per SLI, what every event of it is checked against, worked out once here: an event costs one
   * hashed lookup (a sorted map's string comparisons were once a fifth of the ingest path's CPU).
   */
  record Rules(Map<SliName, Indicator> bySli, Map<SliName, List<SeriesKey>> seriesBySli, Duration retention,
      Map<SloName, Map<Map<String, String>, SliName>> instances) {

    /**
     * One SLI as an event meets it: the SLI itself (null for an instance's SLI, which takes no
     * events of its own), whether the events API feeds it, its own series and the grouped SLOs over it.
     */
    record Indicator(Sli sli, boolean pushed, SeriesKey series, List<Slo> groups) {}

    static Rules of(Map<SliName, Sli> indicators, Map<SliName, List<SeriesKey>> seriesBySli, Duration retention) {
      return of(indicators, seriesBySli, retention, Map.of(), Map.of());
    }

    /**
     * @param groupsBySli the grouped SLOs over each SLI, whose events also feed an instance each
     * @param instances the instances made so far: per group, the SLI of each label value set
     */
    static Rules of(Map<SliName, Sli> indicators, Map<SliName, List<SeriesKey>> seriesBySli, Duration retention,
        Map<SliName, List<Slo>> groupsBySli, Map<SloName, Map<Map<String, String>, SliName>> instances) {
      Map<SliName, Indicator> bySli = new HashMap<>();
      indicators.forEach((name, sli) -> bySli.put(name, new Indicator(sli, sli.isPushedToGovernor(),
          SeriesKey.of(name), List.copyOf(groupsBySli.getOrDefault(name, List.of())))));
      // An instance's SLI last: it takes no events of its own, whatever else names it.
      instances.values().forEach(bySet -> bySet.values().forEach(instanceSli ->
          bySli.put(instanceSli, new Indicator(null, false, null, List.of()))));
      return new Rules(Map.copyOf(bySli), Map.copyOf(seriesBySli), retention, instances);
    }
  }

  /** An instance of a grouped SLO that events asked for and that does not exist yet. */
  record NewInstance(SloName group, Map<String, String> labels) {}

  sealed interface Result {}

  /**
   * The increments to store; {@code sliBuckets} counts the SLIs' own minute buckets it touches.
   * {@code unknown} are the instances the events asked for that do not exist: their increments are
   * not in the list, {@code unknownEvents} counts them per group.
   */
  record Admitted(List<BucketIncrement> increments, int events, int sliBuckets, Set<NewInstance> unknown,
      Map<SloName, Long> unknownEvents) implements Result {}

  record Refused(List<EventProblem> problems) implements Result {}

  /**
   * At least as many events as the store holds for a series in a minute, known without reading it
   * (the running sum of a window that holds the minute), or -1 when nothing in memory says.
   */
  interface HeldAtMost {
    long of(SeriesKey series, Instant minute);
  }

  private final BucketStore buckets;
  private final Duration maxFutureSkew;

  Admission(BucketStore buckets, Duration maxFutureSkew) {
    this.buckets = buckets;
    this.maxFutureSkew = maxFutureSkew;
  }

  /** @param heldAtMost spares the store read for minutes whose bound leaves room for the batch */
  Result admit(List<SliEvent> events, Source source, Rules rules, Instant now, HeldAtMost heldAtMost) {
    List<EventProblem> problems = new ArrayList<>();
    List<BucketIncrement> increments = new ArrayList<>(events.size() + 8);
    int[] eventOf = new int[16]; // the event index of each increment
    Instant oldest = now.minus(rules.retention());
    Instant newest = now.plus(maxFutureSkew);
    Set<NewInstance> unknown = new HashSet<>();
    Map<SloName, Long> unknownEvents = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      int before = increments.size();
      SliEvent event = events.get(i);
      Rules.Indicator indicator = rules.bySli().get(event.sli());
      toIncrements(i, event, indicator, source, rules, now, oldest, newest, problems, increments);
      if (increments.size() > before) {
        instanceIncrements(i, event, source, rules, indicator.groups(), increments.subList(before, increments.size()),
            problems, unknown, unknownEvents);
      }
      if (increments.size() > eventOf.length) eventOf = java.util.Arrays.copyOf(eventOf, increments.size() * 2);
      for (int k = before; k < increments.size(); k++) eventOf[k] = i;
    }
    if (!problems.isEmpty()) return new Refused(problems);
    // One increment per bucket from here on: the cap check, the store and the sums all work per
    // bucket, and a batch of a busy service's requests holds many events per bucket.
    Map<Cell, long[]> byBucket = new LinkedHashMap<>();
    for (BucketIncrement inc : increments) {
      long[] sum = byBucket.computeIfAbsent(new Cell(inc.series(), inc.minute()), c -> new long[2]);
      // Saturating: a sum past the cap is refused below, whatever it is.
      sum[0] = saturatedAdd(sum[0], inc.counts().good());
      sum[1] = saturatedAdd(sum[1], inc.counts().total());
    }
    checkBucketCap(events, increments, eventOf, byBucket, heldAtMost, problems);
    if (!problems.isEmpty()) return new Refused(problems);
    List<BucketIncrement> merged = new ArrayList<>(byBucket.size());
    int sliBuckets = 0;
    for (Map.Entry<Cell, long[]> e : byBucket.entrySet()) {
      Cell cell = e.getKey();
      merged.add(new BucketIncrement(cell.series(), cell.minute(), new EventCounts(e.getValue()[0], e.getValue()[1])));
      // The SLIs' own minute buckets; the per-version copies of the same events are not counted twice.
      if (cell.series().version().isEmpty()) sliBuckets++;
    }
    return new Admitted(merged, events.size(), sliBuckets, Set.copyOf(unknown), Map.copyOf(unknownEvents));
  }

  /**
   * Adds, for each grouped SLO over the event's SLI, the event's increments once more in the series
   * of the instance its labels pick; {@code own} are the increments of the SLI's own series. An
   * instance that does not exist yet is noted in {@code unknown} instead. Events through the events
   * API must carry every groupBy label; an adapter's series without one takes the empty value, as
   * PromQL's {@code by} does.
   */
  private static void instanceIncrements(int index, SliEvent event, Source source, Rules rules, List<Slo> groups,
      List<BucketIncrement> own, List<EventProblem> problems, Set<NewInstance> unknown, Map<SloName, Long> unknownEvents) {
    if (groups.isEmpty()) return;
    List<BucketIncrement> added = new ArrayList<>();
    // Groups over one SLI with the same labels share the instance's series (its name comes from the
    // SLI and the values): each event goes into it once.
    Set<SliName> fed = new HashSet<>();
    for (Slo group : groups) {
      Optional<Map<String, String>> labels = Groups.instanceLabels(group, event.labels(), source == Source.ADAPTER);
      if (labels.isEmpty()) {
        String missing = group.groupBy().stream().filter(k -> !event.labels().containsKey(k)).findFirst().orElse(null);
        problems.add(new EventProblem(index, "labels", missing != null
            ? "SLI '" + event.sli() + "' feeds SLO " + group.name() + ", which is grouped by " + group.groupBy()
                + ": give labels." + missing + " (e.g. \"labels\": {\"" + missing + "\": \"/checkout\"})"
            : "a label of SLO " + group.name() + "'s groupBy " + group.groupBy() + " is longer than "
                + Groups.MAX_VALUE_LENGTH + " characters; label values name instances, keep them short"));
        return;
      }
      SliName instanceSli = rules.instances().getOrDefault(group.name(), Map.of()).get(labels.get());
      if (instanceSli == null) {
        unknown.add(new NewInstance(group.name(), labels.get()));
        unknownEvents.merge(group.name(), 1L, Long::sum);
        continue;
      }
      if (!fed.add(instanceSli)) continue;
      for (BucketIncrement inc : own) {
        if (inc.series().version().isPresent()) continue;
        added.add(new BucketIncrement(new SeriesKey(instanceSli, inc.series().threshold()), inc.minute(), inc.counts()));
      }
    }
    own.addAll(added);
  }

  private record Cell(SeriesKey series, Instant minute) {}

  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }

  /**
   * Refuses every event that would take a minute bucket past {@link Bucket#MAX_TOTAL} events,
   * counting what the store holds and the batch's earlier events. With every bucket under the cap,
   * no window sum, running or read from the store, can overflow a long. (Two batches racing for the
   * same minute can each pass and together exceed the cap by one batch; sums still fit a long by a
   * factor of thousands.) The store is read only for minutes whose in-memory bound does not already
   * leave room for the whole batch, which in practice is none: a window's events are far below 10^12.
   */
  private void checkBucketCap(List<SliEvent> events, List<BucketIncrement> increments, int[] eventOf,
      Map<Cell, long[]> byBucket, HeldAtMost heldAtMost, List<EventProblem> problems) {
    Map<Instant, Set<SeriesKey>> unsure = new HashMap<>();
    byBucket.forEach((cell, sum) -> {
      long bound = heldAtMost.of(cell.series(), cell.minute());
      if (bound < 0 || sum[1] > Bucket.MAX_TOTAL - bound) {
        unsure.computeIfAbsent(cell.minute(), k -> new HashSet<>()).add(cell.series());
      }
    });
    if (unsure.isEmpty()) return;
    Map<Cell, Long> held = new HashMap<>();
    unsure.forEach((minute, series) ->
        buckets.at(minute, series).forEach((key, counts) -> held.put(new Cell(key, minute), counts.total())));
    Set<Integer> refused = new HashSet<>();
    for (int k = 0; k < increments.size(); k++) {
      BucketIncrement inc = increments.get(k);
      Cell cell = new Cell(inc.series(), inc.minute());
      if (!unsure.getOrDefault(inc.minute(), Set.of()).contains(inc.series())) continue;
      long before = held.getOrDefault(cell, 0L);
      long adding = inc.counts().total();
      if (adding <= Bucket.MAX_TOTAL - before) {
        held.put(cell, before + adding);
        continue;
      }
      int index = eventOf[k];
      if (!refused.add(index)) continue;
      SliEvent event = events.get(index);
      String field = event instanceof SliEvent.Value ? "count" : "total";
      problems.add(new EventProblem(index, field, field + " " + adding + " would take the events of SLI '"
          + event.sli() + "'" + event.version().map(v -> " (version " + v + ")").orElse("") + " in the minute "
          + inc.minute() + " past " + Bucket.MAX_TOTAL + " (10^12), the most one minute may hold; it holds "
          + before + " with this batch's earlier events. Nothing was stored; check the sender's counts"));
    }
  }

  /** @param indicator what {@code rules} say about the event's SLI; null when nothing */
  private void toIncrements(int index, SliEvent event, Rules.Indicator indicator, Source source, Rules rules,
      Instant now, Instant oldest, Instant newest, List<EventProblem> problems, List<BucketIncrement> out) {
    if (indicator == null) {
      problems.add(new EventProblem(index, "sli", "no SLI named '" + event.sli()
          + "' is applied; apply an SLO whose indicator has metadata.name " + event.sli() + " first"));
      return;
    }
    Sli sli = indicator.sli();
    if (sli == null) {
      problems.add(new EventProblem(index, "sli", "'" + event.sli() + "' is the SLI of one instance of a grouped"
          + " SLO; send the events to the group's SLI with the instance's labels"));
      return;
    }
    boolean pushed = indicator.pushed();
    if (source == Source.ADAPTER && pushed) {
      problems.add(new EventProblem(index, "sli", "SLI '" + event.sli()
          + "' is fed by Governor's events API, not by an adapter"));
      return;
    }
    if (source == Source.EVENTS_API && !pushed) {
      problems.add(new EventProblem(index, "sli", "SLI '" + event.sli() + "' reads its data from "
          + sli.metric().sources().getFirst().type() + ", not from Governor's events API;"
          + " set its metricSource type to Governor to push events"));
      return;
    }
    if (event.time().isAfter(newest)) {
      problems.add(new EventProblem(index, "time", "time " + event.time() + " is more than "
          + AlertJudge.text(maxFutureSkew) + " ahead of Governor's clock (" + now
          + "); check the sender's clock or raise ingest.maxFutureSkew"));
      return;
    }
    if (event.time().isBefore(oldest)) {
      problems.add(new EventProblem(index, "time", "time " + event.time()
          + " is older than the history Governor keeps (since " + oldest + ")"));
      return;
    }
    Instant minute = Minutes.floor(event.time());
    switch (event) {
      case SliEvent.Counts c -> {
        if (sli.isThreshold()) {
          problems.add(new EventProblem(index, "value", "SLI '" + event.sli()
              + "' is a threshold metric: send a measured value (\"value\": 0.25), not good/total"));
          return;
        }
        SeriesKey key = indicator.series();
        out.add(new BucketIncrement(key, minute, c.counts()));
        // Counted again for its version alone, for canary verification; no SLO reads that series.
        event.version().ifPresent(v -> out.add(new BucketIncrement(key.ofVersion(v), minute, c.counts())));
      }
      case SliEvent.Value v -> {
        if (!sli.isThreshold()) {
          problems.add(new EventProblem(index, "good", "SLI '" + event.sli()
              + "' is a ratio metric: send good (or bad) and total counts, not a value"));
          return;
        }
        List<SeriesKey> series = rules.seriesBySli().getOrDefault(sli.name(), List.of());
        if (series.isEmpty()) {
          problems.add(new EventProblem(index, "sli", "no SLO uses the threshold SLI '" + event.sli()
              + "' yet, so there is no threshold to compare the value with; apply an SLO that uses it"));
          return;
        }
        for (SeriesKey key : series) {
          boolean good = key.threshold().orElseThrow().isGood(v.value());
          EventCounts counts = new EventCounts(good ? v.count() : 0, v.count());
          out.add(new BucketIncrement(key, minute, counts));
          event.version().ifPresent(version -> out.add(new BucketIncrement(key.ofVersion(version), minute, counts)));
        }
      }
    }
  }
}
