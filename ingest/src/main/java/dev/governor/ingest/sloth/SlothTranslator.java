package dev.governor.ingest.sloth;

import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.ingest.internal.yaml.YamlWriter;
import dev.governor.slo.Names;
import dev.governor.slo.ResourceKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates a Sloth spec into the OpenSLO documents Governor stores: a Service, and per Sloth SLO
 * an SLO with its SLI inline and, when alerting is on, an inline AlertPolicy.
 *
 * <p>Both forms of the spec are read: the plain file ({@code version: prometheus/v1}, snake_case
 * keys such as {@code error_query}) and the Kubernetes resource ({@code apiVersion:
 * sloth.slok.dev/v1}, {@code kind: PrometheusServiceLevel}, camelCase keys such as
 * {@code errorQuery} under {@code spec}).
 *
 * <p>What the translation decides:
 * <ul>
 *   <li>the SLO and its SLI are both named {@code <service>-<slo name>}, since Governor's names are
 *       global and Sloth's are per service;</li>
 *   <li>the window is Sloth's default, 30 days rolling, budgeted by Occurrences;</li>
 *   <li>the objective is written as {@code targetPercent} with the digits of the Sloth file, so
 *       99.9 is exactly 999/1000;</li>
 *   <li>{@code events} becomes a ratioMetric of bad ({@code errorQuery}) over total, {@code raw}
 *       a ratioMetric with rawType failure, each a metric source of type Prometheus whose
 *       {@code spec.query} is the query as written, {@code {{.window}}} included;</li>
 *   <li>alerting becomes one AlertPolicy with a burn-rate condition per Sloth alert window
 *       (page 14.4x over 1h and 6x over 6h, ticket 3x over 1d and 1x over 3d, Sloth's defaults for
 *       30 days); OpenSLO v1 asks for one condition per policy, Governor's model holds several and
 *       Sloth's two severities need them. A disabled page or ticket alert leaves its conditions out.</li>
 *   <li>{@code sli.plugin} is refused: Governor cannot run Sloth plugins.</li>
 * </ul>
 */
public final class SlothTranslator {

  public static final String API_VERSION = "sloth.slok.dev/v1";
  public static final String KIND = "PrometheusServiceLevel";
  public static final String VERSION = "prometheus/v1";

  static final Duration WINDOW = Duration.ofDays(30);

  private SlothTranslator() {}

  /** One OpenSLO document made from the spec. */
  public record Generated(ResourceKind kind, String name, String yaml) {}

  /** The spelling of the keys that differ between the two forms. */
  private record Keys(String errorQuery, String totalQuery, String errorRatioQuery, String pageAlert, String ticketAlert) {
    static final Keys PLAIN = new Keys("error_query", "total_query", "error_ratio_query", "page_alert", "ticket_alert");
    static final Keys KUBERNETES = new Keys("errorQuery", "totalQuery", "errorRatioQuery", "pageAlert", "ticketAlert");
  }

  /** Whether {@code root} is a Sloth spec in either form. */
  public static boolean isSloth(YamlMap root) {
    Optional<String> apiVersion = root.string("apiVersion");
    return apiVersion.map(API_VERSION::equals).orElse(false)
        || (apiVersion.isEmpty() && root.string("version").isPresent());
  }

  /**
   * The OpenSLO documents for the Sloth spec at {@code root}, or an empty list when it has problems,
   * all of which are reported to {@code root}'s context with the Sloth file's paths and lines.
   *
   * @param generatedFrom a note kept in every generated document's annotations (file and document)
   */
  public static List<Generated> translate(YamlMap root, String generatedFrom) {
    DocContext ctx = root.ctx();
    Keys keys;
    YamlMap spec;
    if (root.string("apiVersion").isPresent()) {
      keys = Keys.KUBERNETES;
      root.requiredString("kind", KIND).ifPresent(k -> {
        if (!KIND.equals(k)) ctx.problem("kind", root.lineOf("kind"), "a " + API_VERSION + " document must be of kind " + KIND + ", got '" + k + "'");
      });
      root.map("metadata", "name: my-service").ifPresent(m -> m.allow(m.keys()));
      Optional<YamlMap> s = root.requiredMap("spec", "service: checkout");
      root.rejectUnknownKeys();
      if (s.isEmpty()) return List.of();
      spec = s.get();
    } else {
      keys = Keys.PLAIN;
      root.string("version").ifPresent(v -> {
        if (!VERSION.equals(v)) ctx.problem("version", root.lineOf("version"), "Sloth specs must be version " + VERSION + ", got '" + v + "'");
      });
      spec = root;
    }

    Optional<String> service = spec.requiredString("service", "checkout").filter(s -> validName(spec, "service", s, s));
    Map<String, String> labels = spec.labels("labels").orElse(Map.of());
    List<Map<String, Object>> slos = new ArrayList<>();
    Optional<List<YamlMap.Item>> items = spec.list("slos", "- name: requests-availability");
    if (items.isEmpty() || items.get().isEmpty()) {
      ctx.problem(spec.child("slos"), spec.lineOf("slos"), "a Sloth spec needs at least one SLO under slos");
    }
    spec.rejectUnknownKeys();
    Set<String> names = new HashSet<>();
    for (YamlMap.Item item : items.orElse(List.of())) {
      YamlMap.of(ctx, item.path(), item.node(), "name: requests-availability").ifPresent(slo ->
          slo(slo, keys, service.orElse("service"), labels, generatedFrom).ifPresent(doc -> {
            String name = name(doc);
            if (!names.add(name)) {
              ctx.problem(slo.child("name"), slo.lineOf("name"), "two SLOs are named '" + name + "'; give each a distinct name");
            }
            slos.add(doc);
          }));
    }
    if (ctx.hasProblems() || service.isEmpty()) return List.of();

    List<Generated> out = new ArrayList<>();
    Map<String, Object> serviceDoc = header("Service", service.get(), service.get(), labels, generatedFrom);
    out.add(new Generated(ResourceKind.SERVICE, service.get(), YamlWriter.write(serviceDoc)));
    for (Map<String, Object> slo : slos) out.add(new Generated(ResourceKind.SLO, name(slo), YamlWriter.write(slo)));
    return out;
  }

  private static Optional<Map<String, Object>> slo(YamlMap slo, Keys keys, String service,
      Map<String, String> serviceLabels, String generatedFrom) {
    DocContext ctx = slo.ctx();
    Optional<String> name = slo.requiredString("name", "requests-availability")
        .filter(n -> validName(slo, "name", service + "-" + n, n));
    Optional<BigDecimal> objective = slo.required("objective", "99.9").flatMap(n -> slo.decimal("objective", "99.9"));
    objective = objective.filter(o -> {
      if (o.signum() > 0 && o.compareTo(BigDecimal.valueOf(100)) < 0) return true;
      ctx.problem(slo.child("objective"), slo.lineOf("objective"), "objective must be a percentage in (0, 100) such as 99.9, got "
          + o.toPlainString() + (o.compareTo(BigDecimal.valueOf(100)) == 0 ? " (a 100 % objective leaves no error budget)" : ""));
      return false;
    });
    String description = slo.string("description").orElse("");
    Map<String, String> labels = new LinkedHashMap<>(serviceLabels);
    slo.labels("labels").ifPresent(labels::putAll);
    Optional<Map<String, Object>> ratioMetric = slo.requiredMap("sli", "events: {" + keys.errorQuery + ": ..., " + keys.totalQuery + ": ...}")
        .flatMap(sli -> sli(sli, keys));
    Optional<Map<String, Object>> policy = slo.map("alerting", "name: MyServiceHighErrorRate")
        .flatMap(a -> alerting(a, keys, service + "-" + name.orElse("slo"), generatedFrom));
    slo.rejectUnknownKeys();
    if (name.isEmpty() || objective.isEmpty() || ratioMetric.isEmpty()) return Optional.empty();

    String fullName = service + "-" + name.get();
    Map<String, Object> doc = header("SLO", fullName, name.get(), labels, generatedFrom);
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!description.isEmpty()) spec.put("description", description);
    spec.put("service", service);
    spec.put("indicator", ordered(
        "metadata", ordered("name", fullName),
        "spec", ordered("ratioMetric", ratioMetric.get())));
    spec.put("timeWindow", List.of(ordered("duration", WINDOW.toDays() + "d", "isRolling", true)));
    spec.put("budgetingMethod", "Occurrences");
    spec.put("objectives", List.of(ordered("displayName", name.get(), "targetPercent", new YamlWriter.Number(objective.get().toPlainString()))));
    policy.ifPresent(p -> spec.put("alertPolicies", List.of(p)));
    doc.put("spec", spec);
    return Optional.of(doc);
  }

  private static Optional<Map<String, Object>> sli(YamlMap sli, Keys keys) {
    DocContext ctx = sli.ctx();
    List<String> kinds = List.of("events", "raw", "plugin").stream().filter(sli::has).toList();
    Optional<YamlMap> events = sli.map("events", "{" + keys.errorQuery + ": ..., " + keys.totalQuery + ": ...}");
    Optional<YamlMap> raw = sli.map("raw", "{" + keys.errorRatioQuery + ": ...}");
    sli.get("plugin");
    sli.rejectUnknownKeys();
    if (kinds.size() != 1) {
      ctx.problem(sli.path(), sli.line(), kinds.isEmpty()
          ? "an SLI needs events {" + keys.errorQuery + ", " + keys.totalQuery + "} or raw {" + keys.errorRatioQuery + "}"
          : "give one of events, raw or plugin, not " + String.join(" and ", kinds));
      return Optional.empty();
    }
    if (kinds.get(0).equals("plugin")) {
      ctx.problem(sli.child("plugin"), sli.lineOf("plugin"), "Sloth SLI plugins are not supported: Governor cannot run them;"
          + " write the plugin's queries as events {" + keys.errorQuery + ", " + keys.totalQuery + "}");
      return Optional.empty();
    }
    Map<String, Object> metric = new LinkedHashMap<>();
    // Sloth's queries are already rates over {{.window}}, not raw counters.
    metric.put("counter", false);
    if (events.isPresent()) {
      Optional<String> error = events.get().requiredString(keys.errorQuery, "sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))");
      Optional<String> total = events.get().requiredString(keys.totalQuery, "sum(rate(http_requests_total[{{.window}}]))");
      events.get().rejectUnknownKeys();
      if (error.isEmpty() || total.isEmpty()) return Optional.empty();
      metric.put("bad", prometheus(error.get()));
      metric.put("total", prometheus(total.get()));
    } else if (raw.isPresent()) {
      Optional<String> ratio = raw.get().requiredString(keys.errorRatioQuery, "slo:error_ratio:rate{{.window}}");
      raw.get().rejectUnknownKeys();
      if (ratio.isEmpty()) return Optional.empty();
      metric.put("rawType", "failure");
      metric.put("raw", prometheus(ratio.get()));
    } else {
      return Optional.empty();
    }
    return Optional.of(metric);
  }

  private static Map<String, Object> prometheus(String query) {
    return ordered("metricSource", ordered("type", "Prometheus", "spec", ordered("query", query)));
  }

  private static Optional<Map<String, Object>> alerting(YamlMap a, Keys keys, String sloName, String generatedFrom) {
    Optional<String> alertName = a.string("name");
    Map<String, String> labels = a.labels("labels").orElse(Map.of());
    Map<String, String> annotations = a.labels("annotations").orElse(Map.of());
    Optional<Alert> page = a.map(keys.pageAlert, "disable: false").map(SlothTranslator::alert);
    Optional<Alert> ticket = a.map(keys.ticketAlert, "disable: true").map(SlothTranslator::alert);
    a.rejectUnknownKeys();

    List<Map<String, Object>> conditions = new ArrayList<>();
    for (MultiBurnRateRule rule : MultiBurnRateRule.defaultsFor(WINDOW)) {
      Optional<Alert> alert = rule.severity() == Severity.PAGE ? page : ticket;
      if (alert.map(Alert::disabled).orElse(false)) continue;
      for (var window : rule.windows()) {
        String length = shorthand(window.longWindow());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", sloName + "-" + rule.severity().label() + "-" + length);
        alert.ifPresent(al -> {
          if (!al.labels().isEmpty()) meta.put("labels", al.labels());
          if (!al.annotations().isEmpty()) meta.put("annotations", al.annotations());
        });
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("kind", "AlertCondition");
        condition.put("metadata", meta);
        condition.put("spec", ordered(
            "severity", rule.severity().label(),
            "condition", ordered("kind", "burnrate", "op", "gte",
                "threshold", new YamlWriter.Number(BigDecimal.valueOf(window.factor()).stripTrailingZeros().toPlainString()),
                "lookbackWindow", length, "alertAfter", "0m")));
        conditions.add(condition);
      }
    }
    if (conditions.isEmpty()) return Optional.empty();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", sloName + "-alerts");
    alertName.ifPresent(n -> meta.put("displayName", n));
    if (!labels.isEmpty()) meta.put("labels", labels);
    Map<String, String> notes = new LinkedHashMap<>(annotations);
    notes.put("governor.dev/generated-from", generatedFrom);
    meta.put("annotations", notes);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("kind", "AlertPolicy");
    policy.put("metadata", meta);
    policy.put("spec", ordered(
        "description", "Sloth's multiwindow burn-rate alerts" + alertName.map(n -> " (" + n + ")").orElse(""),
        "alertWhenBreaching", true,
        "alertWhenResolved", true,
        "alertWhenNoData", false,
        "conditions", conditions));
    return Optional.of(policy);
  }

  private record Alert(boolean disabled, Map<String, String> labels, Map<String, String> annotations) {}

  private static Alert alert(YamlMap a) {
    boolean disabled = a.bool("disable").orElse(false);
    Map<String, String> labels = a.labels("labels").orElse(Map.of());
    Map<String, String> annotations = a.labels("annotations").orElse(Map.of());
    a.rejectUnknownKeys();
    return new Alert(disabled, labels, annotations);
  }

  private static String shorthand(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) return d.toDays() + "d";
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) return d.toHours() + "h";
    return d.toMinutes() + "m";
  }

  private static boolean validName(YamlMap map, String key, String name, String written) {
    if (Names.isValid(name)) return true;
    map.ctx().problem(map.child(key), map.lineOf(key), "'" + written + "' makes the Governor name '" + name
        + "', which is not valid: use lowercase letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    return false;
  }

  private static Map<String, Object> header(String kind, String name, String displayName,
      Map<String, String> labels, String generatedFrom) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    if (!displayName.equals(name)) meta.put("displayName", displayName);
    if (!labels.isEmpty()) meta.put("labels", new LinkedHashMap<>(labels));
    meta.put("annotations", ordered("governor.dev/generated-from", generatedFrom));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "openslo/v1");
    doc.put("kind", kind);
    doc.put("metadata", meta);
    return doc;
  }

  private static String name(Map<String, Object> doc) {
    return (String) ((Map<?, ?>) doc.get("metadata")).get("name");
  }

  /** A map that keeps the order it was written in, so generated YAML reads like hand-written YAML. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }
}
