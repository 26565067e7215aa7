package dev.governor.ingest.openslo;

import dev.governor.alert.AlertCondition;
import dev.governor.alert.NotificationTarget;
import dev.governor.alert.Severity;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.Nodes;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.ingest.openslo.Definition.MetricDraft;
import dev.governor.ingest.openslo.Definition.PolicyDraft;
import dev.governor.ingest.openslo.Definition.Ref;
import dev.governor.ingest.openslo.Definition.SliDraft;
import dev.governor.ingest.openslo.Definition.SloDraft;
import dev.governor.ingest.openslo.Definition.SourceDraft;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.DataSource;
import dev.governor.basics.Names;
import dev.governor.slo.Objective;
import dev.governor.basics.Operator;
import dev.governor.slo.Ratio;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.Service;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.slo.SloWindow;
import dev.governor.basics.Threshold;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads one OpenSLO v1 document into a {@link Definition}, reporting every problem it finds.
 *
 * <p><b>Objective names.</b> OpenSLO v1 objectives have no name, but Governor needs a stable one
 * (alerts, series and reports are keyed by it). The rule, first that applies:
 * <ol>
 *   <li>the objective's {@code name}, a Governor extension, when given;</li>
 *   <li>its {@code displayName} as a slug: lowercased, every run of other characters than
 *       {@code a-z 0-9 . _ -} turned into one {@code -} ("Fast enough (p95)" → {@code fast-enough-p95});</li>
 *   <li>for a threshold objective its op and value ({@code lt-0.3}), otherwise its target as a
 *       percentage ({@code target-99.9}).</li>
 * </ol>
 * None of these depends on the order of the objectives, so reordering them keeps every name.
 *
 * <p><b>Defaults</b> where OpenSLO leaves a field optional: a missing {@code displayName} is the
 * name, a missing description is empty, {@code alertWhenBreaching} is true (an alert policy that
 * never fires is never what was meant), {@code alertWhenNoData} and {@code alertWhenResolved} are
 * false, {@code alertAfter} is {@code 0m}, {@code counter} is false.
 */
final class OpenSloReader {

  static final String API_VERSION = "openslo/v1";

  /** Annotation that marks YAML Governor generated (from Sloth): its lines are not the user's. */
  static final String GENERATED_FROM = "governor.dev/generated-from";

  private static final List<String> KINDS =
      Arrays.stream(ResourceKind.values()).map(ResourceKind::openSloKind).toList();

  private OpenSloReader() {}

  /** What was read: kind and name as soon as they are known, the definition only if the document is sound. */
  record Read(Optional<ResourceKind> kind, Optional<String> name, int nameLine, Optional<Definition> definition) {}

  private record Meta(String name, String displayName, Map<String, String> labels, Map<String, String> annotations, int nameLine) {}

  static Read read(DocContext ctx, YamlMap root) {
    root.requiredString("apiVersion", API_VERSION).ifPresent(v -> {
      if (!API_VERSION.equals(v)) {
        ctx.problem("apiVersion", root.lineOf("apiVersion"),
            "apiVersion must be " + API_VERSION + ", got '" + v + "'");
      }
    });
    Optional<ResourceKind> kind = root.requiredString("kind", "SLO").flatMap(k -> {
      Optional<ResourceKind> known = ResourceKind.fromOpenSlo(k);
      if (known.isEmpty()) {
        ctx.problem("kind", root.lineOf("kind"), "kind must be one of " + String.join(", ", KINDS)
            + Nodes.nearest(k, KINDS).map(n -> " (did you mean " + n + "?)").orElse("") + ", got '" + k + "'");
      }
      return known;
    });
    Optional<Meta> meta = root.requiredMap("metadata", "name: checkout-availability").flatMap(OpenSloReader::meta);
    // A Service has nothing but a description, so its spec may be left out.
    Optional<YamlMap> spec = kind.orElse(null) == ResourceKind.SERVICE
        ? root.map("spec", "description: ...")
        : root.requiredMap("spec", "the fields of a " + kind.map(ResourceKind::openSloKind).orElse("document"));
    root.rejectUnknownKeys();

    Optional<Definition> definition = Optional.empty();
    if (kind.isPresent() && meta.isPresent() && (spec.isPresent() || kind.get() == ResourceKind.SERVICE)) {
      Meta m = meta.get();
      definition = switch (kind.get()) {
        case SERVICE -> Optional.of(service(m, spec));
        case SLI -> sli(m, spec.get()).map(Definition.SliDef::new);
        case SLO -> slo(m, spec.get(), root.line()).map(Definition.SloDef::new);
        case DATA_SOURCE -> dataSource(m, spec.get());
        case ALERT_POLICY -> policy(m, spec.get()).map(Definition.AlertPolicyDef::new);
        case ALERT_CONDITION -> condition(m, spec.get()).map(Definition.AlertConditionDef::new);
        case ALERT_NOTIFICATION_TARGET -> target(m, spec.get()).map(Definition.NotificationTargetDef::new);
      };
    }
    return new Read(kind, meta.map(Meta::name), meta.map(Meta::nameLine).orElse(root.line()),
        ctx.hasProblems() ? Optional.empty() : definition);
  }

  // ---------------------------------------------------------------- metadata

  private static Optional<Meta> meta(YamlMap metadata) {
    Optional<String> name = metadata.requiredString("name", "checkout-availability");
    name.ifPresent(n -> checkName(metadata, "name", n));
    String displayName = metadata.string("displayName").orElse(null);
    Map<String, String> labels = metadata.labels("labels").orElse(Map.of());
    Map<String, String> annotations = metadata.get("annotations").map(OpenSloReader::annotations).orElse(Map.of());
    metadata.allow(List.of("annotations", "namespace"));
    metadata.rejectUnknownKeys();
    return name.map(n -> new Meta(n, displayName == null ? n : displayName, labels, annotations, metadata.lineOf("name")));
  }

  /**
   * The annotations whose values are text, for the adapters that own some of their keys (see
   * {@link dev.governor.slo.Slo#annotations}). Anything else is kept in the stored source unread,
   * as before annotations were read at all: Governor's own keys are checked by their readers.
   */
  private static Map<String, String> annotations(Node node) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (node instanceof org.snakeyaml.engine.v2.nodes.MappingNode map) {
      for (var tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && tuple.getValueNode() instanceof ScalarNode v && !Nodes.isNull(v)) {
          out.put(k.getValue(), v.getValue());
        }
      }
    }
    return out;
  }

  private static boolean checkName(YamlMap map, String key, String name) {
    if (Names.isValid(name)) return true;
    map.ctx().problem(map.child(key), map.lineOf(key), "'" + name + "' is not a valid name: use 1-253 lowercase"
        + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit, such as '"
        + suggestName(name) + "'");
    return false;
  }

  static String suggestName(String text) {
    String slug = slug(text);
    return Names.isValid(slug) ? slug : "checkout-availability";
  }

  /** Lowercase, runs of anything but a-z 0-9 . _ - made one '-', trimmed to letters and digits at both ends. */
  static String slug(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    return s.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
  }

  /** An inline object: {@code kind} (optional, must match), {@code metadata}, {@code spec}. */
  private static Optional<Meta> inlineHeader(YamlMap item, ResourceKind kind) {
    item.string("kind").ifPresent(k -> {
      if (!k.equals(kind.openSloKind())) {
        item.ctx().problem(item.child("kind"), item.lineOf("kind"),
            "an inline object here must be of kind " + kind.openSloKind() + ", got '" + k + "'");
      }
    });
    item.string("apiVersion").ifPresent(v -> {
      if (!API_VERSION.equals(v)) {
        item.ctx().problem(item.child("apiVersion"), item.lineOf("apiVersion"),
            "apiVersion must be " + API_VERSION + ", got '" + v + "'");
      }
    });
    return item.requiredMap("metadata", "name: " + kind.openSloKind().toLowerCase(Locale.ROOT) + "-1")
        .flatMap(OpenSloReader::meta);
  }

  // ---------------------------------------------------------------- Service, DataSource, targets

  private static Definition service(Meta m, Optional<YamlMap> spec) {
    String description = spec.flatMap(s -> s.string("description")).orElse("");
    spec.ifPresent(YamlMap::rejectUnknownKeys);
    return new Definition.ServiceDef(new Service(validOr(m.name), m.displayName, description, m.labels));
  }

  // The name was checked and reported already; a placeholder lets reading go on to find more problems.
  private static ServiceName validOr(String name) {
    return ServiceName.of(Names.isValid(name) ? name : "invalid");
  }

  private static Optional<Definition> dataSource(Meta m, YamlMap spec) {
    Optional<String> type = spec.requiredString("type", "Prometheus").filter(t -> {
      if (!t.isBlank()) return true;
      spec.ctx().problem(spec.child("type"), spec.lineOf("type"), "type must not be blank, e.g. type: Prometheus");
      return false;
    });
    // The spec allows any value here; Governor reads the connection of the sources it pulls from
    // (Prometheus) and keeps the others' as written, checking nothing it will never use.
    Map<String, Object> details = spec.get("connectionDetails")
        .map(n -> Nodes.toPlain(n) instanceof Map<?, ?> map ? stringKeys(map) : Map.<String, Object>of())
        .orElse(Map.of());
    if (type.filter(PROMETHEUS::equalsIgnoreCase).isPresent()) {
      Optional<YamlMap> connection = spec.requiredMap("connectionDetails", "{url: http://prometheus:9090}");
      connection.ifPresent(c -> {
        prometheusConnection(c, true);
        c.rejectUnknownKeys();
      });
    }
    spec.string("description");
    spec.rejectUnknownKeys();
    return type.map(t -> new Definition.DataSourceDef(new DataSource(m.name, t, details)));
  }

  private static Optional<NotificationTarget> target(Meta m, YamlMap spec) {
    Optional<String> target = spec.requiredString("target", "slack");
    String description = spec.string("description").orElse("");
    spec.rejectUnknownKeys();
    return target.map(t -> new NotificationTarget(m.name, t, description));
  }

  // ---------------------------------------------------------------- alerting

  private static Optional<AlertCondition> condition(Meta m, YamlMap spec) {
    String description = spec.string("description").orElse("");
    Optional<Severity> severity = spec.requiredString("severity", "page").flatMap(s -> {
      try {
        return Optional.of(Severity.parse(s));
      } catch (IllegalArgumentException e) {
        spec.ctx().problem(spec.child("severity"), spec.lineOf("severity"), e.getMessage());
        return Optional.empty();
      }
    });
    Optional<YamlMap> condition = spec.requiredMap("condition",
        "{kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h, alertAfter: 5m}");
    spec.rejectUnknownKeys();
    if (condition.isEmpty()) return Optional.empty();
    YamlMap c = condition.get();
    c.string("kind").ifPresent(k -> {
      if (!k.equals("burnrate")) {
        c.ctx().problem(c.child("kind"), c.lineOf("kind"), "Governor supports condition kind burnrate only, got '" + k + "'");
      }
    });
    Optional<Operator> op = c.requiredString("op", "gte").flatMap(o -> operator(c, "op", o));
    Optional<BigDecimal> threshold = c.required("threshold", "14.4").flatMap(n -> c.decimal("threshold", "14.4"));
    threshold.ifPresent(t -> {
      if (t.signum() < 0) c.ctx().problem(c.child("threshold"), c.lineOf("threshold"), "threshold is a burn rate and must be >= 0, got " + t.toPlainString());
    });
    Optional<Duration> lookback = c.requiredString("lookbackWindow", "1h")
        .flatMap(t -> fixed(c, "lookbackWindow", t, true));
    Duration alertAfter = c.string("alertAfter").flatMap(t -> fixed(c, "alertAfter", t, false)).orElse(Duration.ZERO);
    c.rejectUnknownKeys();
    if (severity.isEmpty() || op.isEmpty() || threshold.isEmpty() || lookback.isEmpty() || threshold.get().signum() < 0) {
      return Optional.empty();
    }
    return Optional.of(new AlertCondition(m.name, description, severity.get(), op.get(),
        threshold.get().doubleValue(), lookback.get(), alertAfter));
  }

  private static Optional<PolicyDraft> policy(Meta m, YamlMap spec) {
    String description = spec.string("description").orElse("");
    boolean noData = spec.bool("alertWhenNoData").orElse(false);
    boolean resolved = spec.bool("alertWhenResolved").orElse(false);
    boolean breaching = spec.bool("alertWhenBreaching").orElse(true);
    List<Ref<AlertCondition>> conditions = new ArrayList<>();
    Optional<List<YamlMap.Item>> items = spec.list("conditions", "- conditionRef: checkout-fast-burn");
    if (items.isEmpty() || items.get().isEmpty()) {
      spec.ctx().problem(spec.child("conditions"), spec.lineOf("conditions"),
          "an alert policy needs at least one condition, e.g. conditions: [{conditionRef: checkout-fast-burn}]");
    }
    for (YamlMap.Item item : items.orElse(List.of())) {
      YamlMap.of(spec.ctx(), item.path(), item.node(), "conditionRef: checkout-fast-burn").ifPresent(c -> {
        if (c.has("conditionRef")) {
          c.string("conditionRef").ifPresent(r -> conditions.add(new Ref.Named<>(r, c.child("conditionRef"), c.lineOf("conditionRef"))));
          c.rejectUnknownKeys();
        } else {
          Optional<Meta> cm = inlineHeader(c, ResourceKind.ALERT_CONDITION);
          Optional<YamlMap> cs = c.requiredMap("spec", "severity: page");
          c.rejectUnknownKeys();
          if (cm.isPresent() && cs.isPresent()) condition(cm.get(), cs.get()).ifPresent(v -> conditions.add(new Ref.Inline<>(v)));
        }
      });
    }
    List<Ref<NotificationTarget>> targets = new ArrayList<>();
    for (YamlMap.Item item : spec.list("notificationTargets", "- targetRef: on-call-slack").orElse(List.of())) {
      YamlMap.of(spec.ctx(), item.path(), item.node(), "targetRef: on-call-slack").ifPresent(t -> {
        if (t.has("targetRef")) {
          t.string("targetRef").ifPresent(r -> targets.add(new Ref.Named<>(r, t.child("targetRef"), t.lineOf("targetRef"))));
          t.rejectUnknownKeys();
        } else {
          Optional<Meta> tm = inlineHeader(t, ResourceKind.ALERT_NOTIFICATION_TARGET);
          Optional<YamlMap> ts = t.requiredMap("spec", "target: slack");
          t.rejectUnknownKeys();
          if (tm.isPresent() && ts.isPresent()) target(tm.get(), ts.get()).ifPresent(v -> targets.add(new Ref.Inline<>(v)));
        }
      });
    }
    spec.rejectUnknownKeys();
    return Optional.of(new PolicyDraft(m.name, description, noData, resolved, breaching, conditions, targets));
  }

  // ---------------------------------------------------------------- SLI

  private static Optional<SliDraft> sli(Meta m, YamlMap spec) {
    String description = spec.string("description").orElse("");
    Optional<YamlMap> ratio = spec.map("ratioMetric", "{good: ..., total: ...}");
    Optional<YamlMap> threshold = spec.map("thresholdMetric", "{metricSource: {type: Governor}}");
    spec.rejectUnknownKeys();
    Optional<MetricDraft> metric = Optional.empty();
    if (ratio.isPresent() == threshold.isPresent()) {
      spec.ctx().problem(spec.child(ratio.isPresent() ? "thresholdMetric" : "ratioMetric"), spec.line(),
          ratio.isPresent()
              ? "give ratioMetric or thresholdMetric, not both"
              : "an SLI needs ratioMetric (good or bad events over total) or thresholdMetric (a measured value)");
    } else if (ratio.isPresent()) {
      metric = ratioMetric(ratio.get());
    } else {
      YamlMap t = threshold.get();
      Optional<SourceDraft> source = metricSource(t);
      t.rejectUnknownKeys();
      metric = source.map(MetricDraft.Threshold::new);
    }
    return metric.map(mt -> new SliDraft(SliName.of(Names.isValid(m.name) ? m.name : "invalid"),
        m.displayName, description, mt, spec.path(), spec.line()));
  }

  private static Optional<MetricDraft> ratioMetric(YamlMap r) {
    boolean counter = r.bool("counter").orElse(false);
    Optional<SourceDraft> good = r.map("good", "{metricSource: {type: Governor}}").flatMap(OpenSloReader::wrappedSource);
    Optional<SourceDraft> bad = r.map("bad", "{metricSource: {type: Governor}}").flatMap(OpenSloReader::wrappedSource);
    Optional<SourceDraft> total = r.map("total", "{metricSource: {type: Governor}}").flatMap(OpenSloReader::wrappedSource);
    Optional<SourceDraft> raw = r.map("raw", "{metricSource: {type: Prometheus, spec: {query: ...}}}").flatMap(OpenSloReader::wrappedSource);
    Optional<SliMetric.RawType> rawType = r.string("rawType").flatMap(t -> switch (t) {
      case "success" -> Optional.of(SliMetric.RawType.SUCCESS);
      case "failure" -> Optional.of(SliMetric.RawType.FAILURE);
      default -> {
        r.ctx().problem(r.child("rawType"), r.lineOf("rawType"), "rawType must be success or failure, got '" + t + "'");
        yield Optional.empty();
      }
    });
    r.rejectUnknownKeys();
    boolean hasGood = r.has("good"), hasBad = r.has("bad"), hasTotal = r.has("total"), hasRaw = r.has("raw");
    if (hasRaw) {
      if (hasGood || hasBad || hasTotal) {
        r.ctx().problem(r.child("raw"), r.lineOf("raw"), "raw cannot be used with good, bad or total: keep raw with rawType, or drop raw");
      } else if (!r.has("rawType")) {
        r.ctx().problem(r.child("rawType"), r.lineOf("raw"), "raw needs rawType: success (the raw ratio is good/total) or failure (bad/total)");
      }
    } else {
      if (hasGood && hasBad) {
        r.ctx().problem(r.child("bad"), r.lineOf("bad"), "give good or bad, not both: the other follows from total");
      } else if (!hasGood && !hasBad) {
        r.ctx().problem(r.path(), r.line(), "a ratio metric needs good (or bad) and total, or raw with rawType");
      }
      if (!hasTotal && (hasGood || hasBad)) {
        r.ctx().problem(r.child("total"), r.line(), "total is required with " + (hasGood ? "good" : "bad") + ", e.g. total: {metricSource: {type: Governor}}");
      }
      if (r.has("rawType")) {
        r.ctx().problem(r.child("rawType"), r.lineOf("rawType"), "rawType goes with raw only; remove it");
      }
    }
    probeRatio(r, Stream.of(good, bad, total, raw).flatMap(Optional::stream).toList());
    if (r.ctx().hasProblems()) return Optional.empty();
    return Optional.of(new MetricDraft.Ratio(counter, good, bad, total, raw, rawType));
  }

  /** A probe's runs are one count: its passed runs good (or its failed ones bad) of all its runs, none from elsewhere. */
  private static void probeRatio(YamlMap r, List<SourceDraft> sources) {
    List<SourceDraft> probes = sources.stream().filter(d -> d.type().filter(PROBE::equalsIgnoreCase).isPresent()).toList();
    if (probes.isEmpty()) return;
    if (r.has("raw")) {
      r.ctx().problem(r.child("raw"), r.lineOf("raw"), "a Probe source counts runs: use good (or bad) and total,"
          + " each {metricSource: {type: Probe, spec: {probe: NAME}}}, not raw");
    } else if (probes.size() != sources.size()
        || probes.stream().map(d -> d.spec().get("probe")).distinct().count() != 1) {
      r.ctx().problem(r.path(), r.line(), "a ratio over a probe takes good (or bad) and total from the same probe:"
          + " give both as {metricSource: {type: Probe, spec: {probe: NAME}}} with one NAME");
    }
  }

  /** {@code good: {metricSource: {...}}}. */
  private static Optional<SourceDraft> wrappedSource(YamlMap holder) {
    Optional<SourceDraft> source = metricSource(holder);
    holder.rejectUnknownKeys();
    return source;
  }

  private static Optional<SourceDraft> metricSource(YamlMap holder) {
    return holder.requiredMap("metricSource", "{type: Governor}").flatMap(ms -> {
      Optional<String> ref = ms.string("metricSourceRef");
      Optional<String> type = ms.string("type");
      Map<String, Object> spec = ms.get("spec").map(n -> {
        if (Nodes.toPlain(n) instanceof Map<?, ?> map) return stringKeys(map);
        ms.ctx().problem(ms.child("spec"), n, "must be a mapping of the fields the source needs (query: ...)");
        return Map.<String, Object>of();
      }).orElse(Map.of());
      ms.rejectUnknownKeys();
      if (type.isEmpty() && ref.isEmpty()) {
        ms.ctx().problem(ms.child("type"), ms.line(),
            "a metric source needs a type (Governor for events pushed to Governor, Prometheus, ...) or a metricSourceRef to a DataSource");
        return Optional.empty();
      }
      if (type.isPresent() && type.get().isBlank()) {
        ms.ctx().problem(ms.child("type"), ms.lineOf("type"), "type must not be blank, e.g. type: Governor");
        return Optional.empty();
      }
      if (type.filter(PROMETHEUS::equalsIgnoreCase).isPresent() && ref.isEmpty()) {
        ms.get("spec").filter(n -> n instanceof org.snakeyaml.engine.v2.nodes.MappingNode)
            .flatMap(n -> YamlMap.of(ms.ctx(), ms.child("spec"), n, "{query: ...}"))
            .ifPresent(s -> prometheusConnection(s, false));
      }
      if (type.filter(PROBE::equalsIgnoreCase).isPresent()) {
        Optional<YamlMap> probeSpec = ms.requiredMap("spec", "{probe: shop-home}");
        if (probeSpec.isEmpty()) return Optional.empty();
        Optional<String> probe = probeSpec.get().requiredString("probe", "shop-home");
        probeSpec.get().rejectUnknownKeys();
        if (probe.isEmpty()) return Optional.empty();
        if (!Names.isValid(probe.get())) {
          ms.ctx().problem(probeSpec.get().child("probe"), probeSpec.get().lineOf("probe"), "probe must name a Probe"
              + " (lowercase letters, digits, '-', '_', '.'), got " + dev.governor.text.Quoted.bounded(probe.get()));
          return Optional.empty();
        }
      }
      return Optional.of(new SourceDraft(type, ref, spec, ms.path(), ms.line()));
    });
  }

  static final String PROMETHEUS = "Prometheus";

  /**
   * Synthetic probes run by Governor: {@code spec: {probe: NAME}}. In a ratio metric every source
   * names the same probe (its runs are the total, the passed ones good); in a threshold metric the
   * value is each run's latency in seconds.
   */
  static final String PROBE = "Probe";

  /**
   * The keys of a Prometheus connection, in a DataSource's {@code connectionDetails} (where url is
   * required) or inline in a metric source's {@code spec} (where a source without url is not
   * pulled, only exported as rules or fed by remote-write). The PromQL puller reads the same keys.
   */
  private static void prometheusConnection(YamlMap c, boolean urlRequired) {
    Optional<String> url = urlRequired ? c.requiredString("url", "http://prometheus:9090") : c.string("url");
    url.ifPresent(u -> {
      java.net.URI uri = null;
      try {
        uri = new java.net.URI(u.strip());
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        c.ctx().problem(c.child("url"), c.lineOf("url"),
            "url must be an http or https URL such as http://prometheus:9090, got '" + withoutUserInfo(u) + "'");
      } else if (uri.getRawUserInfo() != null) {
        c.ctx().problem(c.child("url"), c.lineOf("url"), "url must not hold a user or password (it is shown"
            + " wherever the url is): give username and password (or passwordFile, or password: ${ENV_NAME}) instead");
      }
    });
    Optional<String> token = secret(c, "token");
    Optional<String> tokenFile = secretFile(c, "tokenFile");
    Optional<String> username = secret(c, "username");
    Optional<String> password = secret(c, "password");
    Optional<String> passwordFile = secretFile(c, "passwordFile");
    if (token.isPresent() && tokenFile.isPresent()) {
      c.ctx().problem(c.child("tokenFile"), c.lineOf("tokenFile"), "give token or tokenFile, not both");
    }
    if (password.isPresent() && passwordFile.isPresent()) {
      c.ctx().problem(c.child("passwordFile"), c.lineOf("passwordFile"), "give password or passwordFile, not both");
    }
    boolean bearer = token.isPresent() || tokenFile.isPresent();
    boolean basic = username.isPresent() || password.isPresent() || passwordFile.isPresent();
    if (bearer && basic) {
      String key = token.isPresent() ? "token" : "tokenFile";
      c.ctx().problem(c.child(key), c.lineOf(key),
          "give token (bearer) or username and password (basic auth), not both");
    }
    if ((password.isPresent() || passwordFile.isPresent()) && username.isEmpty()) {
      String key = password.isPresent() ? "password" : "passwordFile";
      c.ctx().problem(c.child("username"), c.lineOf(key), key + " needs username for basic auth");
    }
    c.string("tenant");
    for (String key : List.of("timeout", "delay")) {
      c.string(key).ifPresent(t -> {
        try {
          // The same grammar, and the same rule for timeout, as the puller's Connection that reads it later.
          if (dev.governor.text.Durations.parse(t, key).isZero() && key.equals("timeout")) {
            c.ctx().problem(c.child(key), c.lineOf(key), "timeout must be longer than zero, such as 30s");
          }
        } catch (IllegalArgumentException e) {
          c.ctx().problem(c.child(key), c.lineOf(key), e.getMessage());
        }
      });
    }
  }

  private static final java.util.regex.Pattern ENV_REFERENCE =
      java.util.regex.Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");

  /**
   * A secret given inline or as {@code ${NAME}}, read from the Governor server's environment; the
   * reader cannot check that the variable is set (it may run elsewhere), the server says so.
   */
  private static Optional<String> secret(YamlMap c, String key) {
    Optional<String> value = c.string(key);
    value.filter(v -> v.contains("${") && !ENV_REFERENCE.matcher(v.strip()).matches()).ifPresent(v ->
        c.ctx().problem(c.child(key), c.lineOf(key), key + " may be ${NAME} alone, read from the server's environment"
            + " (NAME of letters, digits and _), or a literal without ${; got a value mixing both"));
    return value;
  }

  /** A file the server reads the secret from at every pull, so that rotating it needs no reload. */
  private static Optional<String> secretFile(YamlMap c, String key) {
    Optional<String> value = c.string(key);
    value.filter(v -> v.isBlank() || v.contains("${")).ifPresent(v ->
        c.ctx().problem(c.child(key), c.lineOf(key), key + " must be the path of a file, such as"
            + " /var/run/secrets/prometheus/" + (key.startsWith("token") ? "token" : "password") + ", got '" + v + "'"));
    return value;
  }

  /** {@code http://user:pass@host} → {@code http://***@host}: a problem message must not repeat a password. */
  private static String withoutUserInfo(String url) {
    return url.replaceAll("(?<=//)[^/@]*@", "***@");
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    return map.entrySet().stream().collect(Collectors.toUnmodifiableMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue));
  }

  // ---------------------------------------------------------------- SLO

  private static Optional<SloDraft> slo(Meta m, YamlMap spec, int line) {
    DocContext ctx = spec.ctx();
    String description = spec.string("description").orElse("");
    Optional<ServiceName> service = spec.requiredString("service", "checkout")
        .filter(s -> checkName(spec, "service", s)).map(ServiceName::of);

    Optional<Ref<SliDraft>> indicator = Optional.empty();
    boolean inline = spec.has("indicator"), byRef = spec.has("indicatorRef");
    if (inline && byRef) {
      ctx.problem(spec.child("indicatorRef"), spec.lineOf("indicatorRef"), "give indicator or indicatorRef, not both");
    } else if (byRef) {
      indicator = spec.string("indicatorRef").map(r -> new Ref.Named<>(r, spec.child("indicatorRef"), spec.lineOf("indicatorRef")));
    } else if (inline) {
      indicator = spec.map("indicator", "{metadata: {name: ...}, spec: {ratioMetric: ...}}").flatMap(ind -> {
        Optional<Meta> im = ind.requiredMap("metadata", "name: checkout-availability (events name the SLI by it)")
            .flatMap(OpenSloReader::meta);
        Optional<YamlMap> is = ind.requiredMap("spec", "ratioMetric: ...");
        ind.allow(List.of("kind", "apiVersion"));
        ind.rejectUnknownKeys();
        if (im.isEmpty() || is.isEmpty()) return Optional.empty();
        return sli(im.get(), is.get()).map(Ref.Inline::new);
      });
    } else {
      ctx.problem(spec.child("indicator"), spec.line(),
          "an SLO needs indicator (an inline SLI with metadata.name and spec) or indicatorRef (the name of an SLI)");
    }

    Optional<SloWindow> window = window(spec);
    Optional<BudgetingMethod> method = spec.requiredString("budgetingMethod", "Occurrences").flatMap(b -> switch (b) {
      case "Occurrences" -> Optional.of(BudgetingMethod.OCCURRENCES);
      case "Timeslices" -> Optional.of(BudgetingMethod.TIMESLICES);
      case "RatioTimeslices" -> Optional.of(BudgetingMethod.RATIO_TIMESLICES);
      default -> {
        ctx.problem(spec.child("budgetingMethod"), spec.lineOf("budgetingMethod"),
            "budgetingMethod must be Occurrences, Timeslices or RatioTimeslices, got '" + b + "'");
        yield Optional.empty();
      }
    });

    List<Objective> objectives = new ArrayList<>();
    List<Integer> objectiveLines = new ArrayList<>();
    List<String> objectivePaths = new ArrayList<>();
    Optional<List<YamlMap.Item>> items = spec.list("objectives", "- targetPercent: 99.9");
    if (items.isEmpty() || items.get().isEmpty()) {
      ctx.problem(spec.child("objectives"), spec.lineOf("objectives"), "an SLO needs at least one objective, e.g. objectives: [{targetPercent: 99.9}]");
    }
    // Alerts, series and reports are keyed by objective name, so the core Slo refuses two alike.
    Map<String, String> firstNamed = new HashMap<>();
    for (YamlMap.Item item : items.orElse(List.of())) {
      YamlMap.of(ctx, item.path(), item.node(), "targetPercent: 99.9").ifPresent(o -> {
        objective(o, method).ifPresent(obj -> {
          String first = firstNamed.putIfAbsent(obj.name(), o.path());
          if (first != null) duplicateObjective(o, obj.name(), first);
          objectives.add(obj);
          objectiveLines.add(o.line());
          objectivePaths.add(o.path());
        });
      });
    }

    List<Ref<PolicyDraft>> policies = new ArrayList<>();
    for (YamlMap.Item item : spec.list("alertPolicies", "- alertPolicyRef: checkout-burn-rate").orElse(List.of())) {
      YamlMap.of(ctx, item.path(), item.node(), "alertPolicyRef: checkout-burn-rate").ifPresent(p -> {
        if (p.has("alertPolicyRef")) {
          p.string("alertPolicyRef").ifPresent(r -> policies.add(new Ref.Named<>(r, p.child("alertPolicyRef"), p.lineOf("alertPolicyRef"))));
          p.rejectUnknownKeys();
        } else {
          Optional<Meta> pm = inlineHeader(p, ResourceKind.ALERT_POLICY);
          Optional<YamlMap> ps = p.requiredMap("spec", "conditions: [...]");
          p.rejectUnknownKeys();
          if (pm.isPresent() && ps.isPresent()) policy(pm.get(), ps.get()).ifPresent(v -> policies.add(new Ref.Inline<>(v)));
        }
      });
    }
    List<String> groupBy = groupBy(spec, m.name);
    int instanceLimit = spec.decimal("instanceLimit", "1000").map(d -> {
      if (d.stripTrailingZeros().scale() > 0 || d.compareTo(java.math.BigDecimal.ONE) < 0
          || d.compareTo(java.math.BigDecimal.valueOf(100_000)) > 0) {
        ctx.problem(spec.child("instanceLimit"), spec.lineOf("instanceLimit"),
            "instanceLimit must be a whole number from 1 to 100000 (the most instances a grouped SLO makes), got " + d);
        return 0;
      }
      return d.intValue();
    }).orElse(0);
    if (instanceLimit > 0 && groupBy.isEmpty()) {
      ctx.problem(spec.child("instanceLimit"), spec.lineOf("instanceLimit"),
          "instanceLimit only means something with groupBy: give groupBy (e.g. [endpoint]) or leave instanceLimit out");
    }
    spec.rejectUnknownKeys();

    if (indicator.orElse(null) instanceof Ref.Inline<SliDraft> in && method.isPresent()) {
      checkObjectives(ctx, in.value(), objectives, objectivePaths, objectiveLines);
    }
    if (service.isEmpty() || indicator.isEmpty() || window.isEmpty() || method.isEmpty() || objectives.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SloDraft(SloName.of(Names.isValid(m.name) ? m.name : "invalid"), m.displayName, description,
        service.get(), spec.lineOf("service"), indicator.get(), window.get(), method.get(), objectives,
        List.copyOf(objectivePaths), List.copyOf(objectiveLines), policies, m.labels, m.annotations, line, groupBy,
        instanceLimit));
  }

  /** The label names of {@code groupBy}: Prometheus label names, each once. */
  private static List<String> groupBy(YamlMap spec, String sloName) {
    List<String> out = new ArrayList<>();
    for (YamlMap.Item item : spec.list("groupBy", "[endpoint]").orElse(List.of())) {
      if (!(item.node() instanceof ScalarNode scalar) || !scalar.getValue().matches("[a-zA-Z_][a-zA-Z0-9_]{0,99}")) {
        spec.ctx().problem(item.path(), item.node(), "each groupBy item is a label name (letters, digits and _,"
            + " not starting with a digit), such as endpoint or customer");
      } else if (out.contains(scalar.getValue())) {
        spec.ctx().problem(item.path(), item.node(), "label " + scalar.getValue() + " is in groupBy twice; keep one");
      } else {
        out.add(scalar.getValue());
      }
    }
    if (!out.isEmpty() && sloName.length() > 180) {
      spec.ctx().problem("metadata.name", spec.line(), "a grouped SLO's name may be at most 180 characters, so that"
          + " its instances' names (the name, the label values and a hash) fit in 253");
    }
    return List.copyOf(out);
  }

  /** Reports {@code o}, named {@code name} like the objective at {@code firstPath}, at the field its name came from. */
  private static void duplicateObjective(YamlMap o, String name, String firstPath) {
    // Read the nodes, not o.string(...): that would report a malformed field a second time.
    String field = name.equals(scalar(o, "name")) ? "name"
        : name.equals(Optional.ofNullable(scalar(o, "displayName")).map(OpenSloReader::slug).orElse(null)) ? "displayName"
        : null;
    String from = switch (field) {
      case "name" -> "its name";
      case "displayName" -> "its displayName";
      case null -> o.has("op") ? "its op and value" : "its target";
      default -> throw new AssertionError(field);
    };
    o.ctx().problem(field == null ? o.path() : o.child(field), field == null ? o.line() : o.lineOf(field),
        "this objective and " + firstPath + " are both named '" + name + "' (this one by " + from + "), but alerts"
            + " and reports need one name per objective; give the objectives distinct name or displayName");
  }

  private static String scalar(YamlMap map, String key) {
    return map.get(key).orElse(null) instanceof ScalarNode n ? n.getValue() : null;
  }

  /**
   * What an SLO's objectives must agree on with its indicator; run here for an
   * inline indicator and by the resolver once an indicatorRef is resolved.
   */
  static void checkObjectives(DocContext ctx, SliDraft indicator, List<Objective> objectives,
      List<String> paths, List<Integer> lines) {
    for (int i = 0; i < objectives.size(); i++) {
      Objective o = objectives.get(i);
      if (indicator.isThreshold() && o.threshold().isEmpty()) {
        ctx.problem(paths.get(i), lines.get(i), "SLI " + indicator.name()
            + " is a thresholdMetric: this objective needs op and value, e.g. op: lt, value: 0.3");
      } else if (!indicator.isThreshold() && o.threshold().isPresent()) {
        ctx.problem(paths.get(i) + ".op", lines.get(i), "SLI " + indicator.name()
            + " is a ratioMetric: op and value apply to thresholdMetric SLIs only; remove them");
      }
    }
  }

  private static Optional<Objective> objective(YamlMap o, Optional<BudgetingMethod> method) {
    DocContext ctx = o.ctx();
    Optional<String> displayName = o.string("displayName");
    Optional<String> explicitName = o.string("name");
    explicitName.ifPresent(n -> checkName(o, "name", n));
    if (o.has("indicator") || o.has("indicatorRef")) {
      String key = o.has("indicator") ? "indicator" : "indicatorRef";
      ctx.problem(o.child(key), o.lineOf(key), "Governor takes one indicator per SLO: move it to spec."
          + key + " or make this objective an SLO of its own");
    }

    Optional<Ratio> target = Optional.empty();
    boolean hasTarget = o.has("target"), hasPercent = o.has("targetPercent");
    if (hasTarget && hasPercent) {
      ctx.problem(o.child("targetPercent"), o.lineOf("targetPercent"), "give target or targetPercent, not both");
    } else if (hasTarget) {
      target = o.decimal("target", "0.999").flatMap(t -> {
        if (t.signum() > 0 && t.compareTo(BigDecimal.ONE) < 0) return ratio(o, "target", t.toPlainString(), false);
        ctx.problem(o.child("target"), o.lineOf("target"), "target must be a fraction in (0, 1) such as 0.999, got "
            + t.toPlainString() + "; for a percentage use targetPercent: "
            + (t.compareTo(BigDecimal.ONE) > 0 && t.compareTo(BigDecimal.valueOf(100)) < 0 ? t.toPlainString() : "99.9"));
        return Optional.empty();
      });
    } else if (hasPercent) {
      target = o.decimal("targetPercent", "99.9").flatMap(t -> {
        if (t.signum() > 0 && t.compareTo(BigDecimal.valueOf(100)) < 0) return ratio(o, "targetPercent", t.toPlainString(), true);
        ctx.problem(o.child("targetPercent"), o.lineOf("targetPercent"), "targetPercent must be a percentage in (0, 100)"
            + " such as 99.9, got " + t.toPlainString() + "; for a fraction use target: 0.999");
        return Optional.empty();
      });
    } else {
      ctx.problem(o.child("target"), o.line(), "an objective needs target (a fraction such as 0.999) or targetPercent (such as 99.9)");
    }

    Optional<Threshold> threshold = Optional.empty();
    boolean hasOp = o.has("op"), hasValue = o.has("value");
    Optional<Operator> op = o.string("op").flatMap(t -> operator(o, "op", t));
    Optional<BigDecimal> value = o.decimal("value", "0.3");
    if (hasOp != hasValue) {
      String missing = hasOp ? "value" : "op";
      ctx.problem(o.child(missing), o.line(), hasOp
          ? "op and value go together, for a thresholdMetric SLI: add value, e.g. value: 0.3; for a ratioMetric"
              + " SLI, which has no threshold, remove op"
          : "op and value go together: add op, e.g. op: lt");
    } else if (op.isPresent() && value.isPresent()) {
      threshold = Optional.of(new Threshold(op.get(), value.get()));
    }

    Optional<Ratio> sliceTarget = o.decimal("timeSliceTarget", "0.95").flatMap(t -> {
      if (t.signum() > 0 && t.compareTo(BigDecimal.ONE) <= 0) return ratio(o, "timeSliceTarget", t.toPlainString(), false);
      ctx.problem(o.child("timeSliceTarget"), o.lineOf("timeSliceTarget"),
          "timeSliceTarget must be a fraction in (0, 1] such as 0.95, got " + t.toPlainString());
      return Optional.empty();
    });
    Optional<Duration> sliceWindow = o.get("timeSliceWindow").flatMap(n -> sliceWindow(o, n));
    // Governor's own key, beside OpenSLO's: reports judge an SLA objective against its target.
    boolean sla = o.bool("sla").orElse(false);
    method.ifPresent(mt -> {
      if (mt == BudgetingMethod.OCCURRENCES || mt == BudgetingMethod.RATIO_TIMESLICES) {
        if (o.has("timeSliceTarget")) {
          ctx.problem(o.child("timeSliceTarget"), o.lineOf("timeSliceTarget"),
              "timeSliceTarget applies to budgetingMethod Timeslices only; remove it or change the method");
        }
      }
      if (mt == BudgetingMethod.OCCURRENCES && o.has("timeSliceWindow")) {
        ctx.problem(o.child("timeSliceWindow"), o.lineOf("timeSliceWindow"),
            "timeSliceWindow applies to Timeslices and RatioTimeslices only; remove it or change budgetingMethod");
      }
      if (mt == BudgetingMethod.TIMESLICES && !o.has("timeSliceTarget")) {
        ctx.problem(o.child("timeSliceTarget"), o.line(),
            "budgetingMethod Timeslices needs timeSliceTarget, the share of good events that makes a slice good, e.g. 0.95");
      }
      if (mt != BudgetingMethod.OCCURRENCES && !o.has("timeSliceWindow")) {
        ctx.problem(o.child("timeSliceWindow"), o.line(), "budgetingMethod " + (mt == BudgetingMethod.TIMESLICES
            ? "Timeslices" : "RatioTimeslices") + " needs timeSliceWindow, the length of a slice, e.g. 1m");
      }
    });
    o.rejectUnknownKeys();
    if (target.isEmpty() || (hasOp && threshold.isEmpty())) return Optional.empty();

    Optional<Threshold> th = threshold;
    Ratio goal = target.get();
    String name = explicitName.filter(Names::isValid)
        .or(() -> displayName.map(OpenSloReader::slug).filter(Names::isValid))
        .orElseGet(() -> derivedName(th, goal));
    return Optional.of(new Objective(name, displayName.orElse(name), goal, th, sliceTarget, sliceWindow, sla));
  }

  private static String derivedName(Optional<Threshold> threshold, Ratio target) {
    if (threshold.isPresent()) return threshold.get().op().symbol() + "-" + threshold.get().value().toPlainString();
    // From the exact ratio, not the text: target: 0.999 and targetPercent: 99.90 both name target-99.9.
    return "target-" + new BigDecimal(target.numerator()).multiply(BigDecimal.valueOf(100))
        .divide(new BigDecimal(target.denominator()), java.math.MathContext.DECIMAL64)
        .stripTrailingZeros().toPlainString();
  }

  private static Optional<Ratio> ratio(YamlMap o, String key, String text, boolean percent) {
    try {
      return Optional.of(percent ? Ratio.parsePercent(text) : Ratio.parseFraction(text));
    } catch (IllegalArgumentException | ArithmeticException e) {
      o.ctx().problem(o.child(key), o.lineOf(key), key + " " + e.getMessage() + "; write at most 18 decimal places");
      return Optional.empty();
    }
  }

  private static Optional<Duration> sliceWindow(YamlMap o, Node n) {
    // OpenSLO allows a bare number here, meaning minutes.
    if (n instanceof ScalarNode s && s.getValue().chars().allMatch(Character::isDigit) && !s.getValue().isEmpty()) {
      long minutes = Long.parseLong(s.getValue());
      if (minutes > 0 && minutes <= 24 * 60) return Optional.of(Duration.ofMinutes(minutes));
      o.ctx().problem(o.child("timeSliceWindow"), n, "timeSliceWindow must be 1 to 1440 minutes, got " + minutes);
      return Optional.empty();
    }
    return o.string("timeSliceWindow").flatMap(t -> fixed(o, "timeSliceWindow", t, true));
  }

  private static Optional<Duration> fixed(YamlMap m, String key, String text, boolean positive) {
    try {
      Duration d = Durations.parseFixed(text, key);
      if (positive && d.isZero()) {
        m.ctx().problem(m.child(key), m.lineOf(key), key + " must be longer than zero, e.g. 1h");
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      m.ctx().problem(m.child(key), m.lineOf(key), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Operator> operator(YamlMap m, String key, String text) {
    try {
      return Optional.of(Operator.parse(text));
    } catch (IllegalArgumentException e) {
      m.ctx().problem(m.child(key), m.lineOf(key), e.getMessage());
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- time window

  /** The window of an SLO that names none (OpenSLO v1 makes timeWindow optional): 28 days, rolling. */
  public static final SloWindow DEFAULT_WINDOW = new SloWindow.Rolling(Duration.ofDays(28));

  static final String DEFAULT_WINDOW_TEXT = "28 days, rolling";

  private static final DateTimeFormatter START_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

  private static Optional<SloWindow> window(YamlMap spec) {
    DocContext ctx = spec.ctx();
    String rollingExample = "[{duration: 28d, isRolling: true}]";
    Optional<List<YamlMap.Item>> items = spec.list("timeWindow", rollingExample);
    if (!spec.has("timeWindow")) {
      // OpenSLO v1 makes timeWindow optional without saying what it then is; 28 days rolling is the
      // window Governor's own examples and the burn-rate alert windows are written for.
      ctx.warning(spec.child("timeWindow"), spec.line(), "no timeWindow: Governor uses the default, "
          + DEFAULT_WINDOW_TEXT + "; write timeWindow: " + rollingExample + " to say so");
      return Optional.of(DEFAULT_WINDOW);
    }
    if (items.isEmpty()) return Optional.empty();
    if (items.get().size() != 1) {
      ctx.problem(spec.child("timeWindow"), spec.lineOf("timeWindow"),
          "timeWindow must hold exactly one window, got " + items.get().size());
      return Optional.empty();
    }
    YamlMap.Item item = items.get().get(0);
    return YamlMap.of(ctx, item.path(), item.node(), "duration: 28d, isRolling: true").flatMap(w -> {
      Optional<Durations.Shorthand> duration = w.requiredString("duration", "28d").flatMap(t -> {
        try {
          return Optional.of(Durations.parse(t));
        } catch (IllegalArgumentException e) {
          ctx.problem(w.child("duration"), w.lineOf("duration"), e.getMessage());
          return Optional.empty();
        }
      });
      Optional<Boolean> rolling = w.bool("isRolling");
      Optional<YamlMap> calendar = w.map("calendar", "{startTime: \"2026-01-01 00:00:00\", timeZone: UTC}");
      w.rejectUnknownKeys();
      if (calendar.isPresent() || w.has("calendar")) {
        if (rolling.orElse(false)) {
          ctx.problem(w.child("isRolling"), w.lineOf("isRolling"), "a window with calendar is not rolling: set isRolling: false or remove calendar");
          return Optional.empty();
        }
        return calendar.flatMap(c -> calendarWindow(w, c, duration));
      }
      if (rolling.isPresent() && !rolling.get()) {
        ctx.problem(w.child("calendar"), w.line(), "a calendar window (isRolling: false) needs calendar:"
            + " {startTime: \"2026-01-01 00:00:00\", timeZone: UTC}");
        return Optional.empty();
      }
      return duration.flatMap(d -> {
        Optional<Duration> length = d.fixedLength().filter(l -> !l.isZero());
        if (length.isEmpty()) {
          ctx.problem(w.child("duration"), w.lineOf("duration"), d.count() == 0
              ? "a window must be longer than zero, e.g. 28d"
              : "a rolling window needs a fixed length in m, h, d or w; " + d + " is a calendar period: use e.g. 30d,"
                  + " or make it a calendar window with isRolling: false and calendar: {startTime: ..., timeZone: UTC}");
        }
        return length.map(SloWindow.Rolling::new);
      });
    });
  }

  private static Optional<SloWindow> calendarWindow(YamlMap w, YamlMap c, Optional<Durations.Shorthand> duration) {
    DocContext ctx = w.ctx();
    Optional<ZoneId> zone = c.requiredString("timeZone", "Europe/Berlin").flatMap(z -> {
      try {
        return Optional.of(ZoneId.of(z));
      } catch (DateTimeException e) {
        ctx.problem(c.child("timeZone"), c.lineOf("timeZone"), "timeZone must be an IANA time zone such as Europe/Berlin or UTC, got '" + z + "'");
        return Optional.empty();
      }
    });
    Optional<LocalDateTime> start = c.string("startTime").flatMap(t -> {
      try {
        return Optional.of(LocalDateTime.parse(t.strip(), START_TIME));
      } catch (DateTimeParseException e) {
        ctx.problem(c.child("startTime"), c.lineOf("startTime"),
            "startTime must be a date and time without zone, such as \"2026-01-01 00:00:00\", got '" + t + "'");
        return Optional.empty();
      }
    });
    c.rejectUnknownKeys();
    Optional<Durations.Shorthand> period = duration.filter(d -> {
      if (d.calendarUnit().isPresent() && d.count() > 0) return true;
      ctx.problem(w.child("duration"), w.lineOf("duration"), d.count() == 0
          ? "a window must be longer than zero, e.g. 1M"
          : "a calendar window is whole weeks, months, quarters or years (1w, 1M, 1Q, 1Y), got " + d
              + "; for a window in " + (d.unit() == Durations.Unit.DAY ? "days" : "hours or minutes") + " use a rolling window");
      return false;
    });
    if (zone.isEmpty() || period.isEmpty() || (c.has("startTime") && start.isEmpty())) return Optional.empty();
    Optional<Instant> anchor = start.map(s -> s.atZone(zone.get()).toInstant());
    return Optional.of(new SloWindow.Calendar(period.get().calendarUnit().get(), (int) period.get().count(), zone.get(), anchor));
  }
}
