package dev.governor.ingest.status;

import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.slo.SpecProblem;
import dev.governor.status.StatusPage;
import dev.governor.text.Quoted;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses the {@code apiVersion: governor.dev/v1, kind: StatusPage} document, reporting every problem
 * with its field path and line.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: StatusPage
 * metadata:
 *   name: public
 * spec:
 *   title: Example Shop status
 *   description: How our shop is doing right now
 *   timeZone: Europe/Berlin          # the day bars' days; default UTC
 *   components:
 *     - key: shop                    # its name in URLs and the API
 *       name: Shop                   # what the public reads
 *       description: The shop front
 *       probes: [shop-home]          # state and day bars from these probes
 *       slos: [shop-availability]    # firing alerts, spent budget, daily attainment
 *       service: shop                # its open incidents count
 * </pre>
 */
public final class StatusPageReader {

  public static final String KIND = "StatusPage";

  private StatusPageReader() {}

  /** The page read from a document, with the document's own text (what is stored). */
  public record PageDocument(StatusPage page, String source) {}

  public record Parsed(List<PageDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }
  }

  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<StatusPage> parsed = GovernorDocuments.parse(file, text, KIND, "status page", "public",
        "title: Example status, components: [{key: shop, name: Shop, probes: [shop-home]}]", StatusPageReader::read,
        StatusPage::name);
    List<SpecProblem> problems = new ArrayList<>(parsed.problems());
    if (parsed.documents().size() > 1) {
      problems.add(new SpecProblem(file, parsed.documents().get(1).document(), "metadata.name",
          parsed.documents().get(1).line(), "Governor serves one status page; give one StatusPage document"));
    }
    return new Parsed(parsed.documents().stream().map(d -> new PageDocument(d.value(), d.source())).toList(), problems);
  }

  static Optional<StatusPage> read(DocContext ctx, GovernorDocuments.Named named) {
    YamlMap s = named.spec();
    Optional<String> title = s.requiredString("title", "Example Shop status");
    String description = s.string("description").orElse("");
    ZoneId zone = s.string("timeZone").flatMap(text -> {
      try {
        return Optional.of(ZoneId.of(text.strip()));
      } catch (DateTimeException e) {
        ctx.problem(s.child("timeZone"), s.lineOf("timeZone"), "timeZone must be a zone such as UTC or Europe/Berlin,"
            + " got " + Quoted.bounded(text));
        return Optional.empty();
      }
    }).orElse(ZoneOffset.UTC);
    List<StatusPage.Component> components = new ArrayList<>();
    Optional<List<YamlMap.Item>> items = s.list("components", "[{key: shop, name: Shop, probes: [shop-home]}]");
    if (!s.has("components")) {
      ctx.problem(s.child("components"), s.line(), "components is required: the services the page shows, e.g."
          + " [{key: shop, name: Shop, probes: [shop-home]}]");
    }
    for (YamlMap.Item item : items.orElse(List.of())) {
      YamlMap.of(ctx, item.path(), item.node(), "{key: shop, name: Shop, probes: [shop-home]}")
          .flatMap(c -> component(ctx, c)).ifPresent(components::add);
    }
    s.rejectUnknownKeys();
    if (named.name().isEmpty() || title.isEmpty() || ctx.hasProblems()) return Optional.empty();
    try {
      return Optional.of(new StatusPage(named.name().get(), title.get(), description, zone, components));
    } catch (IllegalArgumentException e) {
      ctx.problem("spec", s.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<StatusPage.Component> component(DocContext ctx, YamlMap c) {
    Optional<String> key = c.requiredString("key", "shop");
    Optional<String> name = c.requiredString("name", "Shop");
    String description = c.string("description").orElse("");
    List<String> probes = names(ctx, c, "probes", "a probe");
    List<SloName> slos = names(ctx, c, "slos", "an SLO").stream().map(SloName::of).toList();
    Optional<String> service = c.string("service");
    c.rejectUnknownKeys();
    if (key.isPresent() && !Names.isValid(key.get())) {
      ctx.problem(c.child("key"), c.lineOf("key"), "key must be lowercase letters, digits, '-', '_', '.', got "
          + Quoted.bounded(key.get()));
      return Optional.empty();
    }
    if (key.isEmpty() || name.isEmpty() || ctx.hasProblems()) return Optional.empty();
    try {
      return Optional.of(new StatusPage.Component(key.get(), name.get().strip(), description, probes, slos, service));
    } catch (IllegalArgumentException e) {
      ctx.problem(c.path(), c.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static List<String> names(DocContext ctx, YamlMap c, String key, String what) {
    List<String> out = new ArrayList<>();
    for (YamlMap.Item item : c.list(key, "[name-one, name-two]").orElse(List.of())) {
      if (item.node() instanceof ScalarNode scalar && Names.isValid(scalar.getValue())) {
        out.add(scalar.getValue());
      } else {
        ctx.problem(item.path(), item.node(), "each entry names " + what + " (lowercase letters, digits, '-', '_', '.')");
      }
    }
    return out;
  }
}
