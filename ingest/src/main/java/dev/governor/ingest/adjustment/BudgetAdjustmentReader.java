package dev.governor.ingest.adjustment;

import dev.governor.adjustment.BudgetAdjustment;
import dev.governor.adjustment.Recurrence;
import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses {@code apiVersion: governor.dev/v1, kind: BudgetAdjustment} documents, reporting every
 * problem with its file, document, field path and line, as the other governor.dev readers do.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: BudgetAdjustment
 * metadata:
 *   name: weekly-db-maintenance
 * spec:
 *   reason: Weekly database maintenance; the shop shows its maintenance page
 *   slos: [checkout-availability]       # by name, and/or
 *   selector:
 *     matchLabels: {team: payments}     # every SLO with these labels
 *   start: 2026-11-29T02:00             # local time in timeZone (or with an offset: 2026-11-29T01:00Z)
 *   duration: 2h
 *   timeZone: Europe/Berlin             # default UTC
 *   rrule: FREQ=WEEKLY;BYDAY=SU         # optional: repeats (RFC 5545: FREQ, INTERVAL, BYDAY, COUNT, UNTIL)
 * </pre>
 */
public final class BudgetAdjustmentReader {

  public static final String KIND = "BudgetAdjustment";

  private BudgetAdjustmentReader() {}

  /** One adjustment read from a document, with the document's own text (what is stored). */
  public record AdjustmentDocument(BudgetAdjustment adjustment, String source, int document, int line) {}

  public record Parsed(List<AdjustmentDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<BudgetAdjustment> parsed = GovernorDocuments.parse(file, text, KIND, "budget adjustment",
        "weekly-db-maintenance", "reason, slos, start, duration", BudgetAdjustmentReader::read, BudgetAdjustment::name);
    return new Parsed(parsed.documents().stream()
        .map(d -> new AdjustmentDocument(d.value(), d.source(), d.document(), d.line())).toList(), parsed.problems());
  }

  static Optional<BudgetAdjustment> read(DocContext ctx, GovernorDocuments.Named named) {
    YamlMap s = named.spec();
    Optional<String> reason = s.requiredString("reason", "Planned database maintenance (CHG-1234)");
    reason.filter(String::isBlank).ifPresent(r -> ctx.problem(s.child("reason"), s.lineOf("reason"),
        "reason must say why this time does not count, e.g. 'Planned database maintenance (CHG-1234)'"));
    List<SloName> slos = slos(ctx, s);
    Map<String, String> matchLabels = s.map("selector", "matchLabels: {team: payments}").map(sel -> {
      Map<String, String> labels = sel.labels("matchLabels").orElse(Map.of());
      sel.rejectUnknownKeys();
      return labels;
    }).orElse(Map.of());
    if (slos.isEmpty() && matchLabels.isEmpty() && !ctx.hasProblems()) {
      ctx.problem("spec", s.line(), "say which SLOs the adjustment applies to: slos (a list of SLO names) or"
          + " selector.matchLabels (SLO labels), or both");
    }
    Optional<ZoneId> zone = zone(ctx, s);
    Optional<LocalDateTime> start = start(ctx, s, zone.orElse(ZoneId.of("UTC")));
    Optional<Duration> duration = s.requiredString("duration", "2h").flatMap(text -> {
      try {
        Duration d = Durations.parse(text, s.child("duration"));
        if (!d.isPositive() || d.toSeconds() % 60 != 0 || d.getNano() != 0) {
          throw new IllegalArgumentException("must be a positive whole number of minutes");
        }
        if (d.compareTo(BudgetAdjustment.LONGEST) > 0) {
          throw new IllegalArgumentException("may be at most " + BudgetAdjustment.LONGEST.toDays() + "d");
        }
        return Optional.of(d);
      } catch (IllegalArgumentException e) {
        ctx.problem(s.child("duration"), s.lineOf("duration"), "duration " + e.getMessage() + ", such as 2h or 90m");
        return Optional.empty();
      }
    });
    Optional<Recurrence> recurrence = s.string("rrule").flatMap(text -> {
      try {
        return Optional.of(Recurrence.parse(text));
      } catch (IllegalArgumentException e) {
        ctx.problem(s.child("rrule"), s.lineOf("rrule"), "rrule " + Quoted.bounded(text) + ": " + e.getMessage()
            + "; e.g. FREQ=WEEKLY;BYDAY=SU");
        return Optional.empty();
      }
    });
    s.rejectUnknownKeys();
    if (named.name().isEmpty() || reason.isEmpty() || start.isEmpty() || duration.isEmpty() || ctx.hasProblems()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BudgetAdjustment(named.name().get(), reason.get().strip(), slos, matchLabels, start.get(),
          zone.orElse(ZoneId.of("UTC")), duration.get(), recurrence));
    } catch (IllegalArgumentException e) {
      ctx.problem("spec", s.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static List<SloName> slos(DocContext ctx, YamlMap s) {
    Set<SloName> out = new LinkedHashSet<>();
    for (YamlMap.Item item : s.list("slos", "[checkout-availability]").orElse(List.of())) {
      if (item.node() instanceof ScalarNode scalar && Names.isValid(scalar.getValue())) {
        if (!out.add(SloName.of(scalar.getValue()))) {
          ctx.problem(item.path(), item.node(), "SLO " + scalar.getValue() + " is listed twice; keep one");
        }
      } else {
        ctx.problem(item.path(), item.node(), "each item of slos is an SLO's metadata.name, such as checkout-availability");
      }
    }
    return new ArrayList<>(out);
  }

  private static Optional<ZoneId> zone(DocContext ctx, YamlMap s) {
    return s.string("timeZone").flatMap(text -> {
      try {
        return Optional.of(ZoneId.of(text));
      } catch (DateTimeException e) {
        ctx.problem(s.child("timeZone"), s.lineOf("timeZone"), "timeZone must be an IANA time zone such as"
            + " Europe/Berlin or UTC, got " + Quoted.bounded(text));
        return Optional.empty();
      }
    });
  }

  /** The start in the adjustment's zone: a local date-time as written, or an instant with an offset moved into it. */
  private static Optional<LocalDateTime> start(DocContext ctx, YamlMap s, ZoneId zone) {
    return s.requiredString("start", "2026-11-29T02:00").flatMap(text -> {
      String t = text.strip();
      try {
        LocalDateTime local;
        try {
          local = LocalDateTime.parse(t);
        } catch (DateTimeException notLocal) {
          local = OffsetDateTime.parse(t).atZoneSameInstant(zone).toLocalDateTime();
        }
        if (local.getSecond() != 0 || local.getNano() != 0) {
          ctx.problem(s.child("start"), s.lineOf("start"), "start must be a whole minute (seconds 00), got " + Quoted.bounded(t));
          return Optional.empty();
        }
        return Optional.of(local);
      } catch (DateTimeException e) {
        ctx.problem(s.child("start"), s.lineOf("start"), "start must be a date-time such as 2026-11-29T02:00 (local"
            + " time in timeZone) or 2026-11-29T01:00:00Z, got " + Quoted.bounded(t));
        return Optional.empty();
      }
    });
  }
}
