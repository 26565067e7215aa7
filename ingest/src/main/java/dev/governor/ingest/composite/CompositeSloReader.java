package dev.governor.ingest.composite;

import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.slo.CalendarUnit;
import dev.governor.slo.CompositeSlo;
import dev.governor.slo.Ratio;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SloWindow;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses {@code apiVersion: governor.dev/v1, kind: CompositeSLO} documents, reporting every problem
 * with its file, document, field path and line, as the other governor.dev readers do. Whether the
 * members exist and share the journey's window kind is checked against the applied SLOs when the
 * document is applied.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: CompositeSLO
 * metadata:
 *   name: checkout-journey
 * spec:
 *   displayName: Checkout journey
 *   description: Browse, add to cart, pay
 *   service: checkout
 *   labels: {team: payments}
 *   method: weightedAverage        # or allGood: a minute is good when every step met its target
 *   window: 28d                    # rolling; or {calendar: month, timeZone: Europe/Berlin}
 *   objective: {name: journey-succeeds, target: 0.99}
 *   members:
 *     - slo: catalog-api-availability
 *       weight: 1                  # weightedAverage only; default 1
 *     - slo: checkout-availability
 *       objective: checkouts-succeed   # needed when the SLO has several objectives
 *       weight: 2
 * </pre>
 */
public final class CompositeSloReader {

  public static final String KIND = "CompositeSLO";

  private CompositeSloReader() {}

  /** One composite read from a document, with the document's own text (what is stored). */
  public record CompositeDocument(CompositeSlo composite, String source, int document, int line) {}

  public record Parsed(List<CompositeDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<CompositeSlo> parsed = GovernorDocuments.parse(file, text, KIND, "composite SLO",
        "checkout-journey", "service, method, window, objective, members", CompositeSloReader::read,
        c -> c.name().value());
    return new Parsed(parsed.documents().stream()
        .map(d -> new CompositeDocument(d.value(), d.source(), d.document(), d.line())).toList(), parsed.problems());
  }

  static Optional<CompositeSlo> read(DocContext ctx, GovernorDocuments.Named named) {
    YamlMap s = named.spec();
    String displayName = s.string("displayName").orElse(named.name().orElse(""));
    String description = s.string("description").orElse("");
    Optional<String> service = s.requiredString("service", "checkout");
    service.filter(v -> !Names.isValid(v)).ifPresent(v -> ctx.problem(s.child("service"), s.lineOf("service"),
        "service must be a service's name (lowercase letters, digits, '-', '_', '.'), got " + Quoted.bounded(v)));
    Map<String, String> labels = s.labels("labels").orElse(Map.of());
    Optional<CompositeSlo.Method> method = s.requiredString("method", "weightedAverage").flatMap(m -> {
      for (CompositeSlo.Method known : CompositeSlo.Method.values()) if (known.text().equals(m)) return Optional.of(known);
      ctx.problem(s.child("method"), s.lineOf("method"), "method must be weightedAverage (the weighted average of the"
          + " members' good ratios per minute) or allGood (a minute is good when every member met its target), got "
          + Quoted.bounded(m));
      return Optional.empty();
    });
    Optional<SloWindow> window = window(ctx, s);
    String objectiveName = "journey";
    Optional<Ratio> target = Optional.empty();
    Optional<YamlMap> objective = s.requiredMap("objective", "{name: journey-succeeds, target: 0.99}");
    if (objective.isPresent()) {
      YamlMap o = objective.get();
      objectiveName = o.string("name").orElse("journey");
      if (!Names.isValid(objectiveName)) {
        ctx.problem(o.child("name"), o.lineOf("name"), "the objective's name must be a name such as journey-succeeds");
      }
      target = o.decimal("target", "0.99").flatMap(t -> {
        if (t.signum() <= 0 || t.compareTo(BigDecimal.ONE) >= 0) {
          ctx.problem(o.child("target"), o.lineOf("target"), "target must lie between 0 and 1 (0.99 is 99 %), got " + t);
          return Optional.empty();
        }
        return Optional.of(Ratio.fromDecimal(t));
      });
      if (!o.has("target")) ctx.problem(o.child("target"), o.line(), "target is required, e.g. 0.99");
      o.rejectUnknownKeys();
    }
    List<CompositeSlo.Member> members = members(ctx, s);
    s.rejectUnknownKeys();
    if (named.name().isEmpty() || service.isEmpty() || method.isEmpty() || window.isEmpty() || target.isEmpty()
        || ctx.hasProblems()) {
      return Optional.empty();
    }
    if (named.name().get().length() > 240) {
      ctx.problem("metadata.name", s.line(), "a composite SLO's name may be at most 240 characters (its SLI is"
          + " composite.<name>)");
      return Optional.empty();
    }
    try {
      return Optional.of(new CompositeSlo(SloName.of(named.name().get()), displayName, description,
          ServiceName.of(service.get()), method.get(), members, window.get(), objectiveName, target.get(), labels));
    } catch (IllegalArgumentException e) {
      ctx.problem("spec", s.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static List<CompositeSlo.Member> members(DocContext ctx, YamlMap s) {
    List<CompositeSlo.Member> out = new ArrayList<>();
    List<YamlMap.Item> items = s.list("members", "[{slo: checkout-availability}, {slo: payments-api-availability}]")
        .orElse(List.of());
    if (!s.has("members")) {
      ctx.problem("spec.members", s.line(), "members is required: the SLOs of the journey, e.g. [{slo: browse}, {slo: pay}]");
    } else if (items.size() < 2) {
      ctx.problem("spec.members", s.lineOf("members"), "a composite SLO needs at least two members, got " + items.size());
    }
    for (YamlMap.Item item : items) {
      Optional<YamlMap> m = YamlMap.of(ctx, item.path(), item.node(), "{slo: checkout-availability, weight: 1}");
      if (m.isEmpty()) continue;
      YamlMap member = m.get();
      Optional<String> slo = member.requiredString("slo", "checkout-availability");
      slo.filter(v -> !Names.isValid(v)).ifPresent(v -> ctx.problem(member.child("slo"), member.lineOf("slo"),
          "slo must be an SLO's metadata.name, got " + Quoted.bounded(v)));
      String objective = member.string("objective").orElse("");
      BigDecimal weight = member.decimal("weight", "1").orElse(BigDecimal.ONE);
      if (weight.signum() <= 0 || weight.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
        ctx.problem(member.child("weight"), member.lineOf("weight"), "weight must be above 0 and at most 1000000, got " + weight);
      }
      member.rejectUnknownKeys();
      if (slo.isPresent() && Names.isValid(slo.get()) && weight.signum() > 0) {
        if (out.stream().anyMatch(x -> x.slo().value().equals(slo.get()) && x.objective().equals(objective))) {
          ctx.problem(item.path(), member.line(), "member " + slo.get() + " is listed twice; keep one");
        } else {
          out.add(new CompositeSlo.Member(SloName.of(slo.get()), objective, weight));
        }
      }
    }
    return out;
  }

  private static Optional<SloWindow> window(DocContext ctx, YamlMap s) {
    Optional<Node> node = s.required("window", "28d");
    if (node.isEmpty()) return Optional.empty();
    Optional<String> text = node.get() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode ? s.string("window") : Optional.empty();
    if (text.isPresent()) {
      try {
        Duration d = Durations.parse(text.get(), s.child("window"));
        if (!d.isPositive() || d.toSeconds() % 60 != 0 || d.compareTo(Duration.ofDays(366)) > 0) {
          throw new IllegalArgumentException("must be whole minutes, above 0 and at most 366d");
        }
        return Optional.of(new SloWindow.Rolling(d));
      } catch (IllegalArgumentException e) {
        ctx.problem(s.child("window"), s.lineOf("window"), "window " + Quoted.bounded(text.get()) + ": " + e.getMessage()
            + "; give a rolling window such as 28d, or {calendar: month, timeZone: Europe/Berlin}");
        return Optional.empty();
      }
    }
    return s.map("window", "{calendar: month, timeZone: UTC}").flatMap(w -> {
      Optional<String> unit = w.requiredString("calendar", "month");
      String zone = w.string("timeZone").orElse("UTC");
      w.rejectUnknownKeys();
      Optional<CalendarUnit> calendar = unit.flatMap(u -> {
        try {
          return Optional.of(CalendarUnit.valueOf(u.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          ctx.problem(w.child("calendar"), w.lineOf("calendar"), "calendar must be week, month, quarter or year, got "
              + Quoted.bounded(u));
          return Optional.empty();
        }
      });
      try {
        ZoneId id = ZoneId.of(zone);
        return calendar.map(c -> new SloWindow.Calendar(c, id));
      } catch (DateTimeException e) {
        ctx.problem(w.child("timeZone"), w.lineOf("timeZone"), "timeZone must be an IANA time zone such as Europe/Berlin,"
            + " got " + Quoted.bounded(zone));
        return Optional.empty();
      }
    });
  }
}
