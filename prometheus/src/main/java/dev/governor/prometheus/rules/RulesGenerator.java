package dev.governor.prometheus.rules;

import dev.governor.alert.BurnRateWindow;
import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
import dev.governor.ingest.sloth.SlothAlerting;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Objective;
import dev.governor.slo.Ratio;
import dev.governor.slo.Slo;
import dev.governor.slo.SloWindow;
import dev.governor.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes Prometheus recording and alerting rules for SLOs whose SLI data lives in Prometheus, with
 * Sloth's names and labels so that Sloth's dashboards and alert routes work on them unchanged.
 *
 * <p>Per objective, three groups as Sloth makes them:
 * <ol>
 *   <li>{@code sloth-slo-sli-recordings-<id>}: the error ratio {@code slo:sli_error:ratio_rate<w>}
 *       for 5m, 30m, 1h, 2h, 6h, 1d and 3d (those not longer than the SLO window), and for the SLO
 *       window itself as Sloth computes it: the mean of the 5m ratios over the window;</li>
 *   <li>{@code sloth-slo-meta-recordings-<id>}: objective, error budget, period in days, current
 *       (5m) and period burn rates, budget remaining, and {@code sloth_slo_info};</li>
 *   <li>{@code sloth-slo-alerts-<id>}: a page and a ticket alert with the multiwindow multi-burn-rate
 *       conditions of {@link MultiBurnRateRule#defaultsFor}, so they fire on the same burn as
 *       Governor's own alerts: a condition holds when the error ratio reaches factor x budget
 *       ({@code >=}, as Governor compares) over both its long and its short window.</li>
 * </ol>
 *
 * <p>The alerts are named, labelled and annotated as Sloth does it, from the SLO's
 * {@link SlothAlerting} (a Sloth spec's {@code alerting} section): both alerts take its
 * {@code name}; an alert's labels are {@code sloth_severity} ({@code page} or {@code ticket}), then
 * the section's labels, then the alert's own, each over the one before; its annotations are
 * Sloth's {@code title} and {@code summary} and Governor's {@code description} (which burn rates
 * over which windows), then the section's, then the alert's own. A disabled alert is not written,
 * and with both disabled neither is the alerts group. Like Sloth, the alerts have no {@code for}:
 * the short window already keeps a brief spike from firing them. Without a name (an OpenSLO SLO,
 * or a Sloth spec with no alerting section) an alert is named after the id:
 * {@code web-availability} gives {@code WebAvailabilityErrorBudgetBurn}.
 * Every series carries {@code sloth_id}, {@code sloth_service} and {@code sloth_slo} (and the SLI
 * ratios {@code sloth_window}), plus the SLO's labels made into valid label names.
 *
 * <p>Numbers are written from exact values: a 99.9 % objective is {@code 0.999} and its budget
 * {@code 0.001} (never {@code 1-0.999} or {@code 0.0009999999999999432}); factors are the shortest
 * decimals of Governor's ({@code 14.4}, {@code 6}, {@code 13.44} for 28 days).
 *
 * <p>What is refused, with the reason: SLIs that are not all Prometheus metric sources (events
 * pushed to Governor, other backends), threshold SLIs, Timeslices and RatioTimeslices budgeting
 * (these rules count events), calendar windows (Prometheus has no calendar), windows under one
 * hour, and queries that cannot be windowed (see {@link ErrorRatioQuery}).
 */
public final class RulesGenerator {

  static final String SLI_ERROR = "slo:sli_error:ratio_rate";
  private static final String ID = "sloth_id";
  private static final String SERVICE = "sloth_service";
  private static final String SLO = "sloth_slo";
  private static final String WINDOW = "sloth_window";
  private static final String PROMETHEUS = "Prometheus";

  /** The windows Governor reports burn rates for; the alert windows are among them. */
  private static final List<Duration> SLI_WINDOWS = List.of(
      Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
      Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));
  private static final Duration CURRENT = Duration.ofMinutes(5);
  private static final Duration SHORTEST_WINDOW = Duration.ofHours(1);

  private final String version;

  /** @param version written to {@code sloth_slo_info}'s {@code sloth_version} label */
  public RulesGenerator(String version) {
    this.version = version;
  }

  /** A generator that names this build of Governor in {@code sloth_slo_info}. */
  public static RulesGenerator ofThisBuild() {
    Properties p = new Properties();
    try (InputStream in = RulesGenerator.class.getResourceAsStream("version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the build's version.properties", e);
    }
    return new RulesGenerator("governor-" + p.getProperty("version", "unknown"));
  }

  /** The rules of each SLO, in the order given, or the reasons some SLOs have none. */
  public List<Export> export(Collection<Slo> slos) {
    return slos.stream().map(this::export).toList();
  }

  /** The rules of {@code slo}, or why Prometheus cannot compute them. */
  public Export export(Slo slo) {
    List<String> types = slo.indicator().metric().sources().stream().map(MetricSource::type).distinct().toList();
    if (slo.indicator().isPushedToGovernor()) {
      return refuse(slo, "its SLI " + slo.indicator().name() + " is fed through Governor's events API, so"
          + " Prometheus has no series to compute it from; only SLIs whose metric sources are of type"
          + " Prometheus can be exported");
    }
    if (types.stream().anyMatch(t -> !t.equalsIgnoreCase(PROMETHEUS))) {
      return refuse(slo, "its SLI " + slo.indicator().name() + " reads metric sources of type "
          + String.join(", ", types) + "; only SLIs whose metric sources are all of type Prometheus can be exported");
    }
    ErrorRatioQuery query;
    switch (ErrorRatioQuery.of(slo.indicator(), slo.groupBy())) {
      case ErrorRatioQuery.NotFound no -> { return refuse(slo, no.reason()); }
      case ErrorRatioQuery.Found found -> query = found.query();
    }
    if (slo.budgetingMethod() != BudgetingMethod.OCCURRENCES) {
      return refuse(slo, "it budgets by " + (slo.budgetingMethod() == BudgetingMethod.TIMESLICES ? "Timeslices" : "RatioTimeslices")
          + ", and these rules count events: Prometheus would alert on a different burn than Governor;"
          + " only budgetingMethod Occurrences can be exported");
    }
    if (!(slo.window() instanceof SloWindow.Rolling rolling)) {
      return refuse(slo, "its time window is calendar-aligned, and Prometheus rules can only look back a fixed"
          + " length; only rolling windows (isRolling: true) can be exported");
    }
    Duration window = rolling.length();
    if (window.compareTo(SHORTEST_WINDOW) < 0) {
      return refuse(slo, "its window of " + Durations.formatForPrometheus(window) + " is shorter than the shortest"
          + " page alert window (1h); give it a window of at least 1h");
    }
    SlothAlerting alerting;
    switch (SlothAlerting.fromAnnotations(slo.annotations())) {
      case SlothAlerting.Invalid invalid -> { return refuse(slo, "its alert settings are wrong: " + String.join("; ", invalid.problems())); }
      case SlothAlerting.Found found -> alerting = found.alerting();
    }
    List<String> warnings = new ArrayList<>();
    PromLabels.sanitize(slo.labels(), warnings);
    List<RuleGroup> groups = new ArrayList<>();
    for (Objective objective : slo.objectives()) {
      groups.addAll(new ObjectiveRules(slo, objective, window, query, alerting).groups());
    }
    return new Export.Exported(slo.name(), groups, warnings.stream().map(w -> "SLO " + slo.name() + ": " + w).toList());
  }

  private static Export refuse(Slo slo, String reason) {
    return new Export.Refused(slo.name(), reason);
  }

  /** The three groups of one objective. */
  private final class ObjectiveRules {
    private final Slo slo;
    private final Objective objective;
    private final Duration window;
    private final ErrorRatioQuery query;
    private final SlothAlerting alerting;
    private final String id;
    private final Map<String, String> idLabels = new TreeMap<>();
    private final Map<String, String> labels;
    private final String filter;

    ObjectiveRules(Slo slo, Objective objective, Duration window, ErrorRatioQuery query, SlothAlerting alerting) {
      this.slo = slo;
      this.objective = objective;
      this.window = window;
      this.query = query;
      this.alerting = alerting;
      // Sloth's id is <service>-<slo>; a Sloth spec's SLO arrives named exactly so, and an OpenSLO
      // name that starts with its service reads the same way. Several objectives are several SLOs.
      String service = slo.service().value();
      String name = slo.name().value();
      String sloName = name.startsWith(service + "-") && name.length() > service.length() + 1
          ? name.substring(service.length() + 1) : name;
      String suffix = slo.objectives().size() > 1 ? "-" + objective.name() : "";
      this.id = name + suffix;
      idLabels.put(ID, id);
      idLabels.put(SERVICE, service);
      idLabels.put(SLO, sloName + suffix);
      Map<String, String> all = new TreeMap<>(PromLabels.sanitize(slo.labels()));
      all.putAll(idLabels);
      this.labels = all;
      this.filter = idLabels.entrySet().stream()
          .map(e -> e.getKey() + "=" + PromLabels.quote(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }

    List<RuleGroup> groups() {
      List<RuleGroup> groups = new ArrayList<>(List.of(
          new RuleGroup("sloth-slo-sli-recordings-" + id, sliRecordings()),
          new RuleGroup("sloth-slo-meta-recordings-" + id, metaRecordings())));
      List<Rule> alerts = alerts();
      if (!alerts.isEmpty()) groups.add(new RuleGroup("sloth-slo-alerts-" + id, alerts));
      return groups;
    }

    private List<Rule> sliRecordings() {
      List<Rule> rules = new ArrayList<>();
      for (Duration w : SLI_WINDOWS) {
        if (w.compareTo(window) > 0) continue;
        rules.add(new Rule.Recording(sliError(w), query.at(Durations.formatForPrometheus(w)), with(WINDOW, Durations.formatForPrometheus(w))));
      }
      if (!SLI_WINDOWS.contains(window)) {
        // As Sloth: the window's ratio is the mean of the 5m ratios, which Prometheus keeps anyway,
        // instead of the query over 30 days of raw samples at every evaluation. The mean weights
        // every 5 minutes alike, busy or quiet, so it drifts from Governor's event-exact ratio.
        String w = Durations.formatForPrometheus(window);
        String five = sliError(CURRENT) + filter;
        rules.add(new Rule.Recording(sliError(window),
            "sum_over_time(" + five + "[" + w + "])\n/ ignoring (" + WINDOW + ")\ncount_over_time(" + five + "[" + w + "])\n",
            with(WINDOW, w)));
      }
      return rules;
    }

    private List<Rule> metaRecordings() {
      String budget = "slo:error_budget:ratio";
      String on = "/ on(" + ID + ", " + SLO + ", " + SERVICE + ") group_left\n";
      Map<String, String> info = new TreeMap<>(labels);
      info.put("sloth_mode", "governor");
      info.put("sloth_objective", percent(objective.target()));
      info.put("sloth_spec", "openslo/v1");
      info.put("sloth_version", version);
      return List.of(
          new Rule.Recording("slo:objective:ratio", "vector(" + objective.target().toDecimalString() + ")", labels),
          new Rule.Recording(budget, "vector(" + objective.errorBudget().toDecimalString() + ")", labels),
          new Rule.Recording("slo:time_period:days", "vector(" + days(window) + ")", labels),
          new Rule.Recording("slo:current_burn_rate:ratio",
              sliError(CURRENT) + filter + "\n" + on + budget + filter + "\n", labels),
          new Rule.Recording("slo:period_burn_rate:ratio",
              sliError(window) + filter + "\n" + on + budget + filter + "\n", labels),
          new Rule.Recording("slo:period_error_budget_remaining:ratio",
              "1 - slo:period_burn_rate:ratio" + filter, labels),
          new Rule.Recording("sloth_slo_info", "vector(1)", info));
    }

    private List<Rule> alerts() {
      List<Rule> rules = new ArrayList<>();
      String budget = objective.errorBudget().toDecimalString();
      for (MultiBurnRateRule rule : MultiBurnRateRule.defaultsFor(window)) {
        SlothAlerting.Alert alert = rule.severity() == Severity.PAGE ? alerting.page() : alerting.ticket();
        if (rule.windows().isEmpty() || alert.disable()) continue;
        List<String> conditions = new ArrayList<>();
        List<String> prose = new ArrayList<>();
        for (BurnRateWindow w : rule.windows()) {
          String threshold = "(" + decimal(w.factor()) + " * " + budget + ")";
          conditions.add("(\n"
              + "    max(" + sliError(w.shortWindow()) + filter + " >= " + threshold + ") without (" + WINDOW + ")\n"
              + "    and\n"
              + "    max(" + sliError(w.longWindow()) + filter + " >= " + threshold + ") without (" + WINDOW + ")\n"
              + ")\n");
          prose.add(decimal(w.factor()) + "x over " + Durations.formatForPrometheus(w.longWindow()) + " and "
              + Durations.formatForPrometheus(w.shortWindow()));
        }
        String severity = rule.severity().label();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sloth_severity", severity);
        labels.putAll(alerting.labels());
        labels.putAll(alert.labels());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("title", "(" + severity + ") {{$labels." + SERVICE + "}} {{$labels." + SLO + "}} SLO error budget burn rate is too fast.");
        annotations.put("summary", "{{$labels." + SERVICE + "}} {{$labels." + SLO + "}} SLO error budget burn rate is over expected.");
        annotations.put("description", "(" + severity + ") The error budget burns at " + String.join(", or ", prose)
            + " (objective " + percent(objective.target()) + " % over " + Durations.formatForPrometheus(window) + ").");
        annotations.putAll(alerting.annotations());
        annotations.putAll(alert.annotations());
        rules.add(new Rule.Alerting(alerting.name().orElseGet(this::alertName), String.join("or\n", conditions),
            labels, annotations));
      }
      return rules;
    }

    private Map<String, String> with(String key, String value) {
      Map<String, String> m = new TreeMap<>(labels);
      m.put(key, value);
      return m;
    }

    /** {@code web-availability} becomes {@code WebAvailabilityErrorBudgetBurn}. */
    private String alertName() {
      StringBuilder out = new StringBuilder();
      for (String part : id.split("[^a-zA-Z0-9]+")) {
        if (part.isEmpty()) continue;
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      if (!Character.isLetter(out.charAt(0))) out.insert(0, "Slo");
      return out.append("ErrorBudgetBurn").toString();
    }
  }

  static String sliError(Duration window) {
    return SLI_ERROR + Durations.formatForPrometheus(window);
  }

  /** 999/1000 as "99.9". */
  static String percent(Ratio ratio) {
    BigDecimal numerator = BigDecimal.valueOf(ratio.numerator()).movePointRight(2);
    BigDecimal denominator = BigDecimal.valueOf(ratio.denominator());
    try {
      return numerator.divide(denominator).stripTrailingZeros().toPlainString();
    } catch (ArithmeticException nonTerminating) {
      return numerator.divide(denominator, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }
  }

  private static String days(Duration window) {
    BigDecimal minutes = BigDecimal.valueOf(window.toMinutes());
    BigDecimal perDay = BigDecimal.valueOf(24 * 60);
    try {
      return minutes.divide(perDay).stripTrailingZeros().toPlainString();
    } catch (ArithmeticException nonTerminating) {
      return minutes.divide(perDay, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }
  }

  /** The shortest decimal that reads back as {@code value}: 14.4, 6, 0.9333333333. */
  static String decimal(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
