package dev.governor.ingest.sloth;

import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.ingest.internal.yaml.YamlWriter;
import dev.governor.basics.Names;
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
 * an SLO with its SLI inline.
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
 *   <li>{@code alerting} becomes no OpenSLO alert policy. Sloth's page and ticket alerts are the
 *       multiwindow burn-rate alerts Governor's evaluator runs for every SLO anyway (page 14.4x over
 *       1h and 5m or 6x over 6h and 30m, ticket 3x over 1d and 2h or 1x over 3d and 6h). Written as
 *       OpenSLO conditions, which have a single window, they would alert a second time for every
 *       incident, and the 1x/3d ticket would fire for days after a burn ends. What the section says
 *       about the alerts Prometheus runs (name, labels, annotations, {@code disable}) is kept, as
 *       {@link SlothAlerting} annotations on the SLO, for {@code governor rules prometheus}, which
 *       honours it as Sloth does. As in Sloth, a section with an alert left enabled needs a
 *       {@code name}; a spec with no section at all, which Sloth refuses, gets Governor's names.</li>
 *   <li>Sloth plugins are refused, as plugins and not as unknown fields: {@code sli.plugin},
 *       {@code slo_plugins} ({@code sloPlugins}) and an SLO's {@code plugins}. Governor cannot run
 *       them; its rules are those of Sloth's default plugins.</li>
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
  private record Keys(String errorQuery, String totalQuery, String errorRatioQuery, String pageAlert, String ticketAlert,
      String sloPlugins) {
    static final Keys PLAIN = new Keys("error_query", "total_query", "error_ratio_query", "page_alert", "ticket_alert", "slo_plugins");
    static final Keys KUBERNETES = new Keys("errorQuery", "totalQuery", "errorRatioQuery", "pageAlert", "ticketAlert", "sloPlugins");
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
    refusePlugins(spec, keys.sloPlugins);
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
    Map<String, Object> serviceDoc = header("Service", service.get(), service.get(), labels, generatedFrom, Map.of());
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
    Optional<SlothAlerting> alerting = slo.has("alerting")
        ? slo.map("alerting", "name: MyServiceHighErrorRate").flatMap(a -> alerting(a, keys))
        : Optional.of(SlothAlerting.NONE);
    refusePlugins(slo, "plugins");
    slo.rejectUnknownKeys();
    if (name.isEmpty() || objective.isEmpty() || ratioMetric.isEmpty() || alerting.isEmpty()) return Optional.empty();

    String fullName = service + "-" + name.get();
    Map<String, Object> doc = header("SLO", fullName, name.get(), labels, generatedFrom, alerting.get().toAnnotations());
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!description.isEmpty()) spec.put("description", description);
    spec.put("service", service);
    spec.put("indicator", ordered(
        "metadata", ordered("name", fullName),
        "spec", ordered("ratioMetric", ratioMetric.get())));
    spec.put("timeWindow", List.of(ordered("duration", WINDOW.toDays() + "d", "isRolling", true)));
    spec.put("budgetingMethod", "Occurrences");
    spec.put("objectives", List.of(ordered("displayName", name.get(), "targetPercent", new YamlWriter.Number(objective.get().toPlainString()))));
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

  /** The section, or empty after reporting its problems; see the class comment for what it becomes. */
  private static Optional<SlothAlerting> alerting(YamlMap a, Keys keys) {
    Optional<String> name = a.string("name").filter(n -> !n.isBlank());
    Optional<Map<String, String>> labels = prometheusNames(a, "labels");
    Optional<Map<String, String>> annotations = prometheusNames(a, "annotations");
    Optional<SlothAlerting.Alert> page = a.has(keys.pageAlert)
        ? a.map(keys.pageAlert, "disable: false").flatMap(SlothTranslator::alert) : Optional.of(SlothAlerting.Alert.ENABLED);
    Optional<SlothAlerting.Alert> ticket = a.has(keys.ticketAlert)
        ? a.map(keys.ticketAlert, "disable: true").flatMap(SlothTranslator::alert) : Optional.of(SlothAlerting.Alert.ENABLED);
    a.rejectUnknownKeys();
    if (labels.isEmpty() || annotations.isEmpty() || page.isEmpty() || ticket.isEmpty()) return Optional.empty();
    if (name.isEmpty() && !(page.get().disable() && ticket.get().disable())) {
      a.ctx().problem(a.child("name"), a.lineOf("name"), "name is required unless both " + keys.pageAlert + " and "
          + keys.ticketAlert + " are disabled: Sloth names both alerts after it, e.g. name: MyServiceHighErrorRate");
      return Optional.empty();
    }
    return Optional.of(new SlothAlerting(name, labels.get(), annotations.get(), page.get(), ticket.get()));
  }

  private static Optional<SlothAlerting.Alert> alert(YamlMap a) {
    Optional<Boolean> disable = a.has("disable") ? a.bool("disable") : Optional.of(false);
    Optional<Map<String, String>> labels = prometheusNames(a, "labels");
    Optional<Map<String, String>> annotations = prometheusNames(a, "annotations");
    a.rejectUnknownKeys();
    if (disable.isEmpty() || labels.isEmpty() || annotations.isEmpty()) return Optional.empty();
    return Optional.of(new SlothAlerting.Alert(disable.get(), labels.get(), annotations.get()));
  }

  /**
   * Alert labels or annotations: Prometheus label names with values that are not empty, as Sloth
   * checks them; empty after reporting each entry that is not.
   */
  private static Optional<Map<String, String>> prometheusNames(YamlMap parent, String key) {
    if (!parent.has(key)) return Optional.of(Map.of());
    Optional<YamlMap> map = parent.map(key, "team: payments");
    if (map.isEmpty()) return Optional.empty();
    YamlMap m = map.get();
    String what = key.equals("labels") ? "label" : "annotation";
    Map<String, String> out = new LinkedHashMap<>();
    boolean sound = true;
    for (String name : m.keys()) {
      Optional<String> invalid = SlothAlerting.checkName(name);
      Optional<String> value = m.get(name).isPresent() ? m.string(name) : Optional.of("");
      if (invalid.isPresent()) {
        m.ctx().problem(m.child(name), m.lineOf(name), "the alert " + what + " " + invalid.get());
        sound = false;
      } else if (value.isEmpty()) {
        sound = false;
      } else if (value.get().isEmpty()) {
        m.ctx().problem(m.child(name), m.lineOf(name), "the alert " + what + " " + SlothAlerting.quote(name) + " is empty; give it a value or remove it");
        sound = false;
      } else {
        out.put(name, value.get());
      }
    }
    return sound ? Optional.of(out) : Optional.empty();
  }

  /** Sloth's SLO plugins, at the spec's level or an SLO's, refused as what they are. */
  private static void refusePlugins(YamlMap map, String key) {
    if (!map.has(key)) return;
    map.get(key);
    map.ctx().problem(map.child(key), map.lineOf(key), "Sloth SLO plugins are not supported: Governor cannot run"
        + " them, and writes the rules of Sloth's default plugins itself (SLI, metadata and alert rules); remove "
        + key + ", and put what a plugin added into the spec (labels, alerting) or into rules of your own");
  }

  private static boolean validName(YamlMap map, String key, String name, String written) {
    if (Names.isValid(name)) return true;
    map.ctx().problem(map.child(key), map.lineOf(key), "'" + written + "' makes the Governor name '" + name
        + "', which is not valid: use lowercase letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    return false;
  }

  private static Map<String, Object> header(String kind, String name, String displayName,
      Map<String, String> labels, String generatedFrom, Map<String, String> annotations) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    if (!displayName.equals(name)) meta.put("displayName", displayName);
    if (!labels.isEmpty()) meta.put("labels", new LinkedHashMap<>(labels));
    Map<String, Object> notes = ordered("governor.dev/generated-from", generatedFrom);
    notes.putAll(annotations);
    meta.put("annotations", notes);
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
