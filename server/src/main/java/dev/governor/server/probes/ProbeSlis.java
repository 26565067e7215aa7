package dev.governor.server.probes;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.probe.ProbeResult;
import dev.governor.sli.SliEvent;
import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Sli;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which SLIs each probe feeds, from one catalog: an immutable index, built when a catalog loads and
 * read without a lock. A ratio SLI over a probe counts each run (passed runs good); a threshold SLI
 * gets each run's latency in seconds, failed runs included, since a failure that took the whole
 * timeout is as slow as the user saw it.
 */
final class ProbeSlis {

  static final ProbeSlis NONE = new ProbeSlis(Map.of());

  private record Feed(SliName sli, boolean latency) {}

  private final Map<String, List<Feed>> byProbe;

  private ProbeSlis(Map<String, List<Feed>> byProbe) {
    this.byProbe = byProbe;
  }

  static ProbeSlis of(Catalog catalog) {
    Map<String, List<Feed>> byProbe = new HashMap<>();
    for (Sli sli : catalog.indicators().values()) {
      probeOf(sli).ifPresent(probe ->
          byProbe.computeIfAbsent(probe, p -> new ArrayList<>()).add(new Feed(sli.name(), sli.isThreshold())));
    }
    byProbe.replaceAll((probe, feeds) -> List.copyOf(feeds));
    return new ProbeSlis(Map.copyOf(byProbe));
  }

  /** The probe an SLI counts, when its sources are of type Probe (the reader made them all name one). */
  static Optional<String> probeOf(Sli sli) {
    List<MetricSource> sources = sli.metric().sources();
    if (sources.isEmpty() || !sources.stream().allMatch(s -> s.type().equalsIgnoreCase("Probe"))) return Optional.empty();
    return Optional.ofNullable(sources.getFirst().spec().get("probe")).map(Object::toString);
  }

  /** The SLIs a probe feeds, by name. */
  List<SliName> slisOf(String probe) {
    return byProbe.getOrDefault(probe, List.of()).stream().map(Feed::sli).toList();
  }

  /** The SLI events one run makes. */
  List<SliEvent> events(ProbeResult result) {
    List<Feed> feeds = byProbe.get(result.probe());
    if (feeds == null) return List.of();
    List<SliEvent> events = new ArrayList<>(feeds.size());
    for (Feed feed : feeds) {
      if (feed.latency()) {
        BigDecimal seconds = BigDecimal.valueOf(result.latency().toNanos(), 9).stripTrailingZeros();
        events.add(new SliEvent.Value(feed.sli(), result.startedAt(), seconds, 1));
      } else {
        events.add(new SliEvent.Counts(feed.sli(), result.startedAt(),
            new EventCounts(result.outcome().passed() ? 1 : 0, 1)));
      }
    }
    return events;
  }
}
