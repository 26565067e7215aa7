package dev.governor.ingest.policy;

import dev.governor.delivery.gate.BudgetRule;
import dev.governor.delivery.gate.ErrorBudgetPolicy;
import dev.governor.delivery.gate.FreezeWindow;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.Nodes;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;
import dev.governor.slo.SpecProblem;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses {@code apiVersion: governor.dev/v1, kind: ErrorBudgetPolicy} documents, reporting every
 * problem with its file, document, field path and line, as {@code SpecParser} does for OpenSLO.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: ErrorBudgetPolicy
 * metadata:
 *   name: checkout-policy
 * spec:
 *   service: checkout            # or slo: checkout-availability
 *   environments: [production]   # optional; every environment when left out
 *   rules:
 *     - name: exhausted
 *       whenBudgetRemainingBelow: 0%
 *       action: block             # block, requireApproval or warn
 *   freezes:
 *     - name: weekends
 *       days: [saturday, sunday]
 *       timeZone: Europe/Berlin
 *     - name: year-end
 *       from: 2026-12-20T00:00
 *       to: 2027-01-04T00:00
 *       timeZone: Europe/Berlin
 *   allowRollbacks: true          # default true
 *   allowHotfixes: true           # default true; a hotfix must give a reason
 * </pre>
 */
public final class PolicyReader {

  public static final String API_VERSION = "governor.dev/v1";
  public static final String KIND = "ErrorBudgetPolicy";

  private PolicyReader() {}

  /** One policy read from a document, with the document's own text (what is stored). */
  public record PolicyDocument(ErrorBudgetPolicy policy, String source, int document, int line) {}

  public record Parsed(List<PolicyDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<ErrorBudgetPolicy> parsed = GovernorDocuments.parse(file, text, KIND, "policy",
        "checkout-policy", "service: checkout, rules: [...]", PolicyReader::read, ErrorBudgetPolicy::name);
    return new Parsed(parsed.documents().stream()
        .map(d -> new PolicyDocument(d.value(), d.source(), d.document(), d.line())).toList(), parsed.problems());
  }

  static Optional<ErrorBudgetPolicy> read(DocContext ctx, GovernorDocuments.Named named) {
    Optional<String> name = named.name();
    YamlMap s = named.spec();

    Optional<String> service = s.string("service");
    Optional<String> slo = s.string("slo");
    ErrorBudgetPolicy.Scope scope = null;
    if (service.isPresent() == slo.isPresent()) {
      ctx.problem("spec", s.line(), "name exactly one of service (every SLO of the service) or slo (one SLO), e.g. service: checkout");
    } else if (service.isPresent()) {
      if (validName(ctx, s, "service", service.get())) scope = new ErrorBudgetPolicy.Scope.ForService(ServiceName.of(service.get()));
    } else if (validName(ctx, s, "slo", slo.get())) {
      scope = new ErrorBudgetPolicy.Scope.ForSlo(SloName.of(slo.get()));
    }

    Set<String> environments = new LinkedHashSet<>();
    s.list("environments", "[production]").ifPresent(items -> {
      for (YamlMap.Item item : items) {
        if (item.node() instanceof ScalarNode sc && !Nodes.isNull(sc) && !sc.getValue().isBlank()) environments.add(sc.getValue());
        else ctx.problem(item.path(), item.node(), "an environment is a name such as production, got " + Nodes.describe(item.node()));
      }
    });

    List<BudgetRule> rules = new ArrayList<>();
    s.list("rules", "- {name: exhausted, whenBudgetRemainingBelow: 0%, action: block}").ifPresent(items -> {
      for (YamlMap.Item item : items) {
        YamlMap.of(ctx, item.path(), item.node(), "name: exhausted, whenBudgetRemainingBelow: 0%, action: block")
            .flatMap(r -> rule(ctx, r)).ifPresent(rules::add);
      }
    });

    List<FreezeWindow> freezes = new ArrayList<>();
    s.list("freezes", "- {name: weekends, days: [saturday, sunday], timeZone: UTC}").ifPresent(items -> {
      for (YamlMap.Item item : items) {
        YamlMap.of(ctx, item.path(), item.node(), "name: weekends, days: [saturday, sunday], timeZone: UTC")
            .flatMap(f -> freeze(ctx, f)).ifPresent(freezes::add);
      }
    });
    if (rules.isEmpty() && freezes.isEmpty() && !ctx.hasProblems()) {
      ctx.problem("spec.rules", s.lineOf("rules"), "a policy needs at least one rule or freeze,"
          + " e.g. rules: [{name: exhausted, whenBudgetRemainingBelow: 0%, action: block}]");
    }
    boolean rollbacks = s.bool("allowRollbacks").orElse(true);
    boolean hotfixes = s.bool("allowHotfixes").orElse(true);
    s.allow(List.of("description"));
    s.rejectUnknownKeys();
    if (ctx.hasProblems() || name.isEmpty() || scope == null) return Optional.empty();
    return Optional.of(new ErrorBudgetPolicy(name.get(), scope, environments, rules, freezes, rollbacks, hotfixes));
  }

  private static boolean validName(DocContext ctx, YamlMap s, String key, String value) {
    if (Names.isValid(value)) return true;
    ctx.problem(s.child(key), s.lineOf(key), key + " must be lowercase letters, digits, '-', '_', '.', got '" + value + "'");
    return false;
  }

  private static Optional<BudgetRule> rule(DocContext ctx, YamlMap r) {
    Optional<String> name = r.requiredString("name", "exhausted");
    Optional<Double> below = r.required("whenBudgetRemainingBelow", "25%").flatMap(n -> percent(ctx, r.child("whenBudgetRemainingBelow"), n));
    Optional<BudgetRule.Action> action = r.requiredString("action", "block").flatMap(a -> switch (a) {
      case "block" -> Optional.of(BudgetRule.Action.BLOCK);
      case "requireApproval" -> Optional.of(BudgetRule.Action.REQUIRE_APPROVAL);
      case "warn" -> Optional.of(BudgetRule.Action.WARN);
      default -> {
        ctx.problem(r.child("action"), r.lineOf("action"), "action must be block, requireApproval or warn, got '" + a + "'"
            + Nodes.nearest(a, List.of("block", "requireApproval", "warn")).map(k -> "; did you mean " + k + "?").orElse(""));
        yield Optional.empty();
      }
    });
    r.rejectUnknownKeys();
    if (name.isPresent() && !Names.isValid(name.get())) {
      ctx.problem(r.child("name"), r.lineOf("name"), "a rule name is lowercase letters, digits, '-', '_', '.', got '" + name.get() + "'");
      return Optional.empty();
    }
    if (below.isPresent() && below.get() > 1) {
      ctx.problem(r.child("whenBudgetRemainingBelow"), r.lineOf("whenBudgetRemainingBelow"),
          "whenBudgetRemainingBelow is a share of the budget, at most 100%, got " + Math.round(below.get() * 100) + "%");
      return Optional.empty();
    }
    if (name.isEmpty() || below.isEmpty() || action.isEmpty()) return Optional.empty();
    return Optional.of(new BudgetRule(name.get(), below.get(), action.get()));
  }

  /** "25%", "25 %", "-10%" or a plain number of percent, as a share (0.25). */
  private static Optional<Double> percent(DocContext ctx, String path, Node node) {
    if (node instanceof ScalarNode s) {
      String text = s.getValue().strip();
      if (text.endsWith("%")) text = text.substring(0, text.length() - 1).strip();
      try {
        return Optional.of(new BigDecimal(text).movePointLeft(2).doubleValue());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    ctx.problem(path, node, "must be a percentage of the error budget such as 25%, got " + Nodes.describe(node));
    return Optional.empty();
  }

  private static Optional<FreezeWindow> freeze(DocContext ctx, YamlMap f) {
    Optional<String> name = f.requiredString("name", "weekends");
    Optional<ZoneId> zone = f.string("timeZone").flatMap(z -> {
      try {
        return Optional.of(ZoneId.of(z));
      } catch (DateTimeException e) {
        ctx.problem(f.child("timeZone"), f.lineOf("timeZone"), "timeZone must be an IANA zone such as Europe/Berlin or UTC, got '" + z + "'");
        return Optional.empty();
      }
    });
    boolean weekly = f.has("days");
    boolean range = f.has("from") || f.has("to");
    Optional<FreezeWindow> window = Optional.empty();
    if (weekly == range) {
      ctx.problem(f.path(), f.line(), "a freeze is either weekly (days: [saturday, sunday]) or a range (from: 2026-12-20T00:00, to: 2027-01-04T00:00)");
    } else if (weekly) {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      f.list("days", "[saturday, sunday]").ifPresent(items -> {
        for (YamlMap.Item item : items) {
          String text = item.node() instanceof ScalarNode s ? s.getValue().strip().toUpperCase(Locale.ROOT) : "";
          try {
            days.add(DayOfWeek.valueOf(text));
          } catch (IllegalArgumentException e) {
            ctx.problem(item.path(), item.node(), "a day is monday ... sunday, got " + Nodes.describe(item.node()));
          }
        }
      });
      if (days.isEmpty() && !ctx.hasProblems()) ctx.problem(f.child("days"), f.lineOf("days"), "days needs at least one day, e.g. [saturday, sunday]");
      if (name.isPresent() && Names.isValid(name.get()) && !days.isEmpty()) {
        window = Optional.of(new FreezeWindow.Weekly(name.get(), days, zone.orElse(ZoneId.of("UTC"))));
      }
    } else {
      Optional<LocalDateTime> from = f.requiredString("from", "2026-12-20T00:00").flatMap(t -> dateTime(ctx, f, "from", t));
      Optional<LocalDateTime> to = f.requiredString("to", "2027-01-04T00:00").flatMap(t -> dateTime(ctx, f, "to", t));
      if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
        ctx.problem(f.child("to"), f.lineOf("to"), "to must be after from, got " + from.get() + " .. " + to.get());
      } else if (from.isPresent() && to.isPresent() && name.isPresent() && Names.isValid(name.get())) {
        window = Optional.of(new FreezeWindow.Range(name.get(), from.get(), to.get(), zone.orElse(ZoneId.of("UTC"))));
      }
    }
    if (name.isPresent() && !Names.isValid(name.get())) {
      ctx.problem(f.child("name"), f.lineOf("name"), "a freeze name is lowercase letters, digits, '-', '_', '.', got '" + name.get() + "'");
    }
    f.allow(List.of("description"));
    f.rejectUnknownKeys();
    return window;
  }

  private static Optional<LocalDateTime> dateTime(DocContext ctx, YamlMap f, String key, String text) {
    try {
      return Optional.of(text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text));
    } catch (DateTimeParseException e) {
      ctx.problem(f.child(key), f.lineOf(key), key + " must be a date or a local date-time such as 2026-12-20 or"
          + " 2026-12-20T00:00 (the zone is timeZone), got '" + text + "'");
      return Optional.empty();
    }
  }
}
