package dev.governor.server.adjustments;

import dev.governor.adjustment.BudgetAdjustment;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.text.Durations;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON of budget adjustments. */
public final class AdjustmentViews {

  private AdjustmentViews() {}

  /** One occurrence, as RFC 3339 instants. */
  public record Occurrence(String from, String to) {
    static Occurrence of(TimeRange r) {
      return new Occurrence(r.start().toString(), r.end().toString());
    }
  }

  /**
   * @param slos the applied SLOs it covers now (named ones and those its selector matches)
   * @param activeNow whether an occurrence holds the current minute
   * @param next the occurrences to come, or in progress, at most five
   * @param ends when the last occurrence ends; null when it repeats for ever
   */
  public record View(String name, String reason, List<String> slos, Map<String, String> matchLabels,
      List<String> namedSlos, String start, String timeZone, String duration, String rrule, boolean activeNow,
      List<Occurrence> next, String ends, String appliedAt, String appliedBy, String source) {}

  static View view(AdjustmentCatalog.Applied applied, List<SloName> covered, Instant now) {
    BudgetAdjustment a = applied.adjustment();
    List<TimeRange> next = a.next(now, 5);
    boolean active = !next.isEmpty() && next.getFirst().contains(now);
    return new View(a.name(), a.reason(), covered.stream().map(SloName::value).toList(), a.matchLabels(),
        a.slos().stream().map(SloName::value).toList(), a.start().toString(), a.zone().getId(),
        Durations.format(a.duration()), a.recurrence().map(Object::toString).orElse(null), active,
        next.stream().map(Occurrence::of).toList(), a.lastEnd().map(Instant::toString).orElse(null),
        applied.stored().appliedAt().toString(), applied.stored().appliedBy(), applied.stored().source());
  }
}
