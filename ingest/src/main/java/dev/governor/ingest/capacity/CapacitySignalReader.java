package dev.governor.ingest.capacity;

import dev.governor.basics.Names;
import dev.governor.basics.SliName;
import dev.governor.capacity.CapacitySignal;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code apiVersion: governor.dev/v1, kind: CapacitySignal} documents, reporting every
 * problem with its file, document, field path and line, as the policy and OpenSLO readers do.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: CapacitySignal
 * metadata:
 *   name: checkout-traffic
 * spec:
 *   description: Checkout requests per minute against what the payment provider accepts
 *   sli: checkout-availability        # its total events per minute; or:
 *   # prometheus:
 *   #   dataSource: prometheus         # an applied OpenSLO DataSource of type Prometheus
 *   #   query: sum(rate(http_requests_total{job="checkout"}[5m]))
 *   unit: requests/min
 *   limit:
 *     max: 1200                       # a ceiling; or min: for a floor, such as free disk
 *   ticketWithin: 30d                 # a capacity ticket while the forecast crosses within this
 *   nonNegative: true                 # default true: the forecast band stops at zero
 * </pre>
 */
public final class CapacitySignalReader {

  public static final String API_VERSION = "governor.dev/v1";
  public static final String KIND = "CapacitySignal";

  /** How far ahead a ticket is opened when the document does not say. */
  public static final Duration DEFAULT_TICKET_WITHIN = Duration.ofDays(30);

  private CapacitySignalReader() {}

  /** One signal read from a document, with the document's own text (what is stored). */
  public record SignalDocument(CapacitySignal signal, String source, int document, int line) {}

  public record Parsed(List<SignalDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<CapacitySignal> parsed = GovernorDocuments.parse(file, text, KIND, "capacity signal",
        "checkout-traffic", "sli: checkout-availability, limit: {max: 1200}", CapacitySignalReader::read,
        CapacitySignal::name);
    return new Parsed(parsed.documents().stream()
        .map(d -> new SignalDocument(d.value(), d.source(), d.document(), d.line())).toList(), parsed.problems());
  }

  static Optional<CapacitySignal> read(DocContext ctx, GovernorDocuments.Named named) {
    Optional<String> name = named.name();
    YamlMap s = named.spec();

    String description = s.string("description").orElse("");
    String unit = s.string("unit").orElse("");
    Optional<CapacitySignal.Source> source = source(ctx, s);
    Optional<CapacitySignal.Limit> limit = s.requiredMap("limit", "max: 1200").flatMap(l -> limit(ctx, l));
    Duration ticketWithin = s.string("ticketWithin").flatMap(text -> {
      try {
        Duration d = Durations.parse(text, s.child("ticketWithin"));
        if (d.isNegative()) throw new IllegalArgumentException("may not be negative");
        return Optional.of(d);
      } catch (IllegalArgumentException e) {
        ctx.problem(s.child("ticketWithin"), s.lineOf("ticketWithin"), "ticketWithin must be a duration such as 30d"
            + " (how far ahead a crossing opens a ticket; 0s never does): " + e.getMessage());
        return Optional.empty();
      }
    }).orElse(DEFAULT_TICKET_WITHIN);
    boolean nonNegative = s.bool("nonNegative").orElse(true);
    s.rejectUnknownKeys();
    if (name.isEmpty() || source.isEmpty() || limit.isEmpty() || ctx.hasProblems()) return Optional.empty();
    try {
      return Optional.of(new CapacitySignal(name.get(), description, source.get(), unit, limit.get(), ticketWithin,
          nonNegative));
    } catch (IllegalArgumentException e) {
      ctx.problem("spec", s.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<CapacitySignal.Source> source(DocContext ctx, YamlMap s) {
    Optional<String> sli = s.string("sli");
    Optional<YamlMap> prometheus = s.map("prometheus", "dataSource: prometheus, query: sum(rate(...[5m]))");
    if (sli.isPresent() == s.has("prometheus")) {
      ctx.problem("spec", s.line(), "name exactly one source: sli (an SLI's total events per minute), e.g."
          + " sli: checkout-availability, or prometheus (dataSource and query)");
      return Optional.empty();
    }
    if (sli.isPresent()) {
      if (!Names.isValid(sli.get())) {
        ctx.problem(s.child("sli"), s.lineOf("sli"), "sli must name an SLI (lowercase letters, digits, '-', '_', '.'),"
            + " got '" + sli.get() + "'");
        return Optional.empty();
      }
      return Optional.of(new CapacitySignal.SliTraffic(SliName.of(sli.get())));
    }
    if (prometheus.isEmpty()) return Optional.empty();
    YamlMap p = prometheus.get();
    Optional<String> dataSource = p.requiredString("dataSource", "prometheus");
    Optional<String> query = p.requiredString("query", "sum(rate(http_requests_total[5m]))");
    p.rejectUnknownKeys();
    if (dataSource.isEmpty() || query.isEmpty()) return Optional.empty();
    if (query.get().isBlank()) {
      ctx.problem(p.child("query"), p.lineOf("query"), "query must be a PromQL expression, got an empty one");
      return Optional.empty();
    }
    return Optional.of(new CapacitySignal.PromQuery(dataSource.get(), query.get()));
  }

  private static Optional<CapacitySignal.Limit> limit(DocContext ctx, YamlMap l) {
    Optional<BigDecimal> max = l.decimal("max", "1200");
    Optional<BigDecimal> min = l.decimal("min", "10");
    boolean hasMax = l.has("max");
    boolean hasMin = l.has("min");
    l.rejectUnknownKeys();
    if (hasMax == hasMin) {
      ctx.problem(l.path(), l.line(), "a limit is exactly one of max (a ceiling, such as max: 1200) or min (a floor,"
          + " such as min: 10 for free disk)");
      return Optional.empty();
    }
    return hasMax
        ? max.map(v -> new CapacitySignal.Limit(v.doubleValue(), true))
        : min.map(v -> new CapacitySignal.Limit(v.doubleValue(), false));
  }
}
