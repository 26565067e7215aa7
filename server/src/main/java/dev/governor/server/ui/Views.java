package dev.governor.server.ui;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertState;
import dev.governor.alert.BurnRateWindow;
import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.BurnRate;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.Slo;
import dev.governor.slo.SloStatus;
import dev.governor.slo.SloWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the templates show, computed here so the templates only lay it out. Every string a user
 * wrote (names, labels, descriptions, the source) goes to the templates as it is: they escape it.
 */
public final class Views {

  private Views() {}

  /** How an objective is doing, worst first: drives the badge and the default order. */
  public enum Health {
    PAGE("page", "Paging"), TICKET("ticket", "Ticket"), NO_DATA("nodata", "No data"), OK("ok", "OK");

    private final String css;
    private final String label;

    Health(String css, String label) {
      this.css = css;
      this.label = label;
    }

    public String css() {
      return css;
    }

    public String label() {
      return label;
    }
  }

  /** A share of the budget as the bar draws it: width 0..100 and a colour class. */
  public record Budget(String text, double width, String level) {
    static Budget of(double remaining) {
      double width = Double.isFinite(remaining) ? Math.clamp(remaining * 100, 0, 100) : 0;
      String level = !(remaining > 0.2) ? "bad" : remaining <= 0.5 ? "warn" : "ok";
      return new Budget(Format.percent(remaining), Math.round(width * 10) / 10.0, level);
    }
  }

  public record Time(String iso, String utc) {
    public static Time of(Instant instant) {
      return new Time(instant.toString(), Format.utc(instant));
    }
  }

  public record AlertRow(
      String slo, String objective, String rule, String severity, boolean firing,
      Time started, Time ended, String lasted, String summary) {

    static AlertRow of(Alert a, Instant now) {
      return new AlertRow(a.key().slo().value(), a.key().objective(), ruleText(a.key().rule()),
          a.severity().label(), a.state() == AlertState.FIRING, Time.of(a.startedAt()),
          a.resolvedAt().map(Time::of).orElse(null),
          Format.elapsed(Duration.between(a.startedAt(), a.resolvedAt().orElse(now))), a.summary());
    }
  }

  static String ruleText(String rule) {
    if (rule.startsWith("condition:")) return rule.substring("condition:".length());
    if (rule.equals("nodata")) return "nodata (no events)";
    return rule + " (multi-burn-rate)";
  }

  // ---- overview ----

  public record Row(
      String slo, String displayName, String service, String objective, String objectiveName,
      String target, String attainment, boolean noData, Budget budget, double budgetRemaining,
      String burn1h, Health health, List<String> labels, String instances) {}

  public record Summary(int slos, int objectives, long paging, long ticket, long exhausted, long noData) {}

  public record Filter(String service, String label, String sort) {
    public String query() {
      StringBuilder q = new StringBuilder();
      if (!service.isEmpty()) q.append("&service=").append(UiRoutes.encode(service));
      if (!label.isEmpty()) q.append("&label=").append(UiRoutes.encode(label));
      if (!sort.equals("budget")) q.append("&sort=").append(UiRoutes.encode(sort));
      return q.isEmpty() ? "" : "?" + q.substring(1);
    }

    public boolean active() {
      return !service.isEmpty() || !label.isEmpty();
    }
  }

  public record Overview(
      boolean empty, Summary summary, List<Row> rows, List<AlertRow> firing, List<String> services,
      List<String> labels, Filter filter, Time at) {}

  static Overview overview(List<SloStatus> statuses, Filter filter, Instant now) {
    return overview(statuses, filter, now, name -> List.of());
  }

  /**
   * @param instancesOf the instances of a grouped SLO, the least budget left first: its row names the
   *     worst of them and takes the health of the worst, since instances alert and the group does not
   */
  static Overview overview(List<SloStatus> statuses, Filter filter, Instant now,
      java.util.function.Function<dev.governor.basics.SloName, List<SloStatus>> instancesOf) {
    List<Row> rows = new ArrayList<>();
    TreeSet<String> services = new TreeSet<>();
    TreeSet<String> labels = new TreeSet<>();
    List<AlertRow> firing = new ArrayList<>();
    for (SloStatus s : statuses) {
      Slo slo = s.slo();
      services.add(slo.service().value());
      slo.labels().forEach((k, v) -> labels.add(k + "=" + v));
      if (!filter.service().isEmpty() && !filter.service().equals(slo.service().value())) continue;
      if (!filter.label().isEmpty() && !labelTexts(slo).contains(filter.label())) continue;
      s.firingAlerts().forEach(a -> firing.add(AlertRow.of(a, now)));
      List<SloStatus> instances = slo.isGrouped() ? instancesOf.apply(slo.name()) : List.of();
      instances.forEach(i -> i.firingAlerts().forEach(a -> firing.add(AlertRow.of(a, now))));
      String instanceText = !slo.isGrouped() ? ""
          : instances.isEmpty() ? "grouped by " + String.join(", ", slo.groupBy()) + ", no instance yet"
          : instances.size() + " instances by " + String.join(", ", slo.groupBy()) + "; least budget left: "
              + instances.stream().limit(3).map(i -> i.slo().instance().map(dev.governor.slo.SloInstance::text).orElse("")
                  + " " + Format.percent(i.objectives().stream().mapToDouble(o -> o.budget().remaining()).min().orElse(1)))
                  .collect(java.util.stream.Collectors.joining(", "));
      for (ObjectiveStatus o : s.objectives()) {
        Health health = health(o, s.firingAlerts());
        for (SloStatus i : instances) {
          for (ObjectiveStatus io : i.objectives()) {
            if (!io.objective().equals(o.objective())) continue;
            Health ih = health(io, i.firingAlerts());
            if ((ih == Health.PAGE || ih == Health.TICKET) && ih.ordinal() < health.ordinal()) health = ih;
          }
        }
        rows.add(new Row(slo.name().value(), display(slo.displayName(), slo.name().value()),
            slo.service().value(), objectiveText(slo, o), o.objective(), Format.target(o.target()),
            o.noData() ? "–" : Format.attainment(o.attainment(), o.target()), o.noData(),
            Budget.of(o.budget().remaining()), o.budget().remaining(),
            o.burnRate(Duration.ofHours(1)).map(b -> Format.burnRate(b.rate())).orElse("–"),
            health, labelTexts(slo), instanceText));
      }
    }
    Comparator<Row> byName = Comparator.comparing(Row::slo).thenComparing(Row::objectiveName);
    rows.sort(switch (filter.sort()) {
      case "name" -> byName;
      case "service" -> Comparator.comparing(Row::service).thenComparing(byName);
      default -> Comparator.comparingDouble((Row r) -> r.noData() ? Double.MAX_VALUE : r.budgetRemaining())
          .thenComparing(byName);
    });
    firing.sort(Comparator.comparing((AlertRow a) -> !a.severity().equals("page"))
        .thenComparing(a -> a.started().iso(), Comparator.reverseOrder()));
    Summary summary = new Summary(
        (int) rows.stream().map(Row::slo).distinct().count(), rows.size(),
        rows.stream().filter(r -> r.health() == Health.PAGE).count(),
        rows.stream().filter(r -> r.health() == Health.TICKET).count(),
        rows.stream().filter(r -> !r.noData() && r.budgetRemaining() <= 0).count(),
        rows.stream().filter(Row::noData).count());
    return new Overview(statuses.isEmpty(), summary, rows, firing, List.copyOf(services), List.copyOf(labels),
        filter, Time.of(now));
  }

  private static List<String> labelTexts(Slo slo) {
    return slo.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }

  private static Health health(ObjectiveStatus o, List<Alert> firing) {
    List<Alert> mine = firing.stream().filter(a -> a.key().objective().equals(o.objective())).toList();
    if (mine.stream().anyMatch(a -> a.severity() == Severity.PAGE)) return Health.PAGE;
    if (!mine.isEmpty()) return Health.TICKET;
    return o.noData() ? Health.NO_DATA : Health.OK;
  }

  private static String objectiveText(Slo slo, ObjectiveStatus o) {
    String name = slo.objectives().stream().filter(x -> x.name().equals(o.objective())).findFirst()
        .map(x -> display(x.displayName(), x.name())).orElse(o.objective());
    return o.threshold().map(t -> name + " (" + Format.threshold(t) + ")").orElse(name);
  }

  private static String display(String displayName, String name) {
    return displayName == null || displayName.isBlank() ? name : displayName;
  }

  // ---- SLO detail ----

  public record Range(String key, String label, boolean selected) {}

  public record BurnRow(
      String severity, String longWindow, String longRate, String shortWindow, String shortRate,
      String threshold, boolean over) {}

  public record Card(
      String name, String title, String target, String attainment, boolean noData, String counts,
      String unit, Budget budget, String budgetDetail, Health health, String forecast, Time exhaustion,
      List<BurnRow> burnRows, String burnWindow) {}

  public record Detail(
      String name, String displayName, String description, String service, String window,
      String budgeting, List<String> labels, List<Card> cards, List<AlertRow> alerts, String source,
      List<Range> ranges, String range, String timeseriesUrl, Time at, List<AdjustmentLine> adjustments,
      InstanceOf instanceOf, Group group) {}

  /** A composite SLO's members, each with its weight and its part in the journey's errors. */
  public record Journey(String method, List<JourneyMember> members) {}

  public record JourneyMember(String slo, String objective, String weight, String attainment, String share, double shareValue) {}

  @SuppressWarnings("unchecked")
  static Journey journey(java.util.Map<String, Object> view) {
    List<JourneyMember> members = new ArrayList<>();
    for (java.util.Map<String, Object> m : (List<java.util.Map<String, Object>>) view.getOrDefault("members", List.of())) {
      Object good = m.get("good");
      Object total = m.get("total");
      String attainment = total instanceof Long t && t > 0 && good instanceof Long g
          ? Format.percent((double) g / t) : "no data";
      double share = m.get("shareOfErrors") instanceof Double d ? d : 0;
      members.add(new JourneyMember(String.valueOf(m.get("slo")), m.get("objective") == null ? "" : String.valueOf(m.get("objective")),
          String.valueOf(m.get("weight")), attainment, Format.percent(share), share));
    }
    String method = "allGood".equals(view.get("method"))
        ? "a minute is good when every step with events met its own target"
        : "each minute is the weighted average of the steps' good ratios";
    return new Journey(method, members);
  }

  /** The group an instance belongs to and the labels that pick it, for the page's heading. */
  public record InstanceOf(String group, String labels) {}

  /** A grouped SLO's instances, the least budget left first, for its page. */
  public record Group(String groupBy, int count, int limit, long refusedEvents, List<String> refusedLabels,
      List<InstanceLine> instances) {}

  /** One instance in a group's table. */
  public record InstanceLine(String name, String labels, String attainment, String budget, double budgetShare,
      String health, int firing) {}

  static Group group(dev.governor.slo.Slo slo, dev.governor.slo.Evaluator.InstanceCount count, List<SloStatus> instances) {
    List<InstanceLine> lines = new ArrayList<>();
    for (SloStatus s : instances) {
      ObjectiveStatus worst = s.objectives().stream().min(java.util.Comparator.comparingDouble(o -> o.budget().remaining()))
          .orElseThrow();
      lines.add(new InstanceLine(s.slo().name().value(), s.slo().instance().map(dev.governor.slo.SloInstance::text).orElse(""),
          Format.attainment(worst.attainment(), worst.target()), Format.percent(worst.budget().remaining()),
          Math.max(0, Math.min(1, worst.budget().remaining())),
          worst.noData() ? "nodata" : worst.budget().remaining() <= 0 ? "page" : worst.budget().remaining() < 0.25 ? "ticket" : "ok",
          s.firingAlerts().size()));
    }
    return new Group(String.join(", ", slo.groupBy()), count.count(), count.limit(), count.refusedEvents(),
        count.refusedSamples().stream().map(l -> new dev.governor.slo.SloInstance(slo.name(), l).text()).toList(), lines);
  }

  /** A budget adjustment that covers the SLO: what, why, when, and whether it holds now. */
  public record AdjustmentLine(String name, String reason, String when, boolean activeNow, Time next) {
    static AdjustmentLine of(dev.governor.adjustment.BudgetAdjustment a, Instant now) {
      List<dev.governor.basics.TimeRange> next = a.next(now, 1);
      String when = a.start().toString().replace('T', ' ') + " " + a.zone().getId() + " for "
          + dev.governor.text.Durations.format(a.duration()) + a.recurrence().map(r -> ", " + r.text()).orElse("");
      boolean active = !next.isEmpty() && next.getFirst().contains(now);
      return new AdjustmentLine(a.name(), a.reason(), when, active, next.isEmpty() ? null : Time.of(next.getFirst().start()));
    }
  }

  static final List<Range> RANGES = List.of(
      new Range("1h", "1 hour", false), new Range("6h", "6 hours", false), new Range("1d", "1 day", false),
      new Range("7d", "7 days", false), new Range("window", "Whole window", false));

  static Detail detail(SloStatus status, Optional<String> source, List<Alert> history, String range,
      String timeseriesUrl, String windowText, Instant now, List<AdjustmentLine> adjustments, Group group) {
    Slo slo = status.slo();
    List<Card> cards = new ArrayList<>();
    Duration windowLength = slo.window().lengthAt(now);
    for (ObjectiveStatus o : status.objectives()) {
      List<BurnRow> burnRows = new ArrayList<>();
      for (MultiBurnRateRule rule : MultiBurnRateRule.defaultsFor(windowLength)) {
        for (BurnRateWindow w : rule.windows()) {
          double longRate = o.burnRate(w.longWindow()).map(BurnRate::rate).orElse(Double.NaN);
          double shortRate = o.burnRate(w.shortWindow()).map(BurnRate::rate).orElse(Double.NaN);
          burnRows.add(new BurnRow(rule.severity().label(), Format.duration(w.longWindow()),
              Format.burnRate(longRate), Format.duration(w.shortWindow()), Format.burnRate(shortRate),
              Format.factor(w.factor()), longRate >= w.factor() && shortRate >= w.factor()));
        }
      }
      boolean minutes = slo.budgetingMethod() != BudgetingMethod.OCCURRENCES;
      String unit = minutes ? "slices" : "events";
      String budgetDetail = minutes
          ? String.format(Locale.ROOT, "%.0f of %.0f bad minutes allowed this window are spent",
              o.budget().spent(), o.budget().total())
          : String.format(Locale.ROOT, "%s of %s allowed bad events are spent",
              Format.count(Math.round(o.budget().spent())), Format.count(Math.round(o.budget().total())));
      Health health = health(o, status.firingAlerts());
      String forecast;
      Time exhaustion = null;
      if (o.budget().remaining() <= 0) {
        forecast = "The error budget is spent.";
      } else if (o.budgetExhaustedAt().filter(at -> at.isAfter(forecastHorizon(slo, now))).isPresent()) {
        forecast = "Not exhausted within the window at the current burn rate.";
      } else if (o.budgetExhaustedAt().isPresent()) {
        exhaustion = Time.of(o.budgetExhaustedAt().get());
        forecast = "At the last hour's burn rate the budget runs out ";
      } else {
        forecast = "Not burning: the budget lasts at the last hour's rate.";
      }
      String title = slo.objectives().stream().filter(x -> x.name().equals(o.objective())).findFirst()
          .map(x -> display(x.displayName(), x.name())).orElse(o.objective());
      cards.add(new Card(o.objective(), title + o.threshold().map(t -> " (" + Format.threshold(t) + ")").orElse(""),
          Format.target(o.target()), o.noData() ? "no data" : Format.attainment(o.attainment(), o.target()),
          o.noData(), goodOfTotal(slo.budgetingMethod(), o, unit),
          unit, Budget.of(o.budget().remaining()), budgetDetail, health, forecast, exhaustion, burnRows,
          o.burnRate(windowLength).map(b -> Format.burnRate(b.rate())).orElse("–")));
    }
    List<Range> ranges = RANGES.stream().map(r -> new Range(r.key(), r.label(), r.key().equals(range))).toList();
    return new Detail(slo.name().value(), display(slo.displayName(), slo.name().value()),
        slo.description() == null ? "" : slo.description(), slo.service().value(), windowText,
        budgeting(slo.budgetingMethod()), labelTexts(slo), cards,
        history.stream().map(a -> AlertRow.of(a, now)).toList(), source.orElse(""), ranges, range,
        timeseriesUrl, Time.of(now), adjustments,
        slo.instance().map(i -> new InstanceOf(i.group().value(), i.text())).orElse(null), group);
  }

  /**
   * "2,988 good of 3,000 events"; for RatioTimeslices the good share of the slices, each slice
   * counting its own ratio, since the slices without a single bad event are often none at all.
   */
  static String goodOfTotal(BudgetingMethod method, ObjectiveStatus o, String unit) {
    String good = method == BudgetingMethod.RATIO_TIMESLICES
        ? Format.slices(o.goodUnits()) : Format.count(o.counts().good());
    String text = good + " good of " + Format.count(o.counts().total()) + " " + unit;
    return method == BudgetingMethod.RATIO_TIMESLICES ? text + " (each slice counts its share of good events)" : text;
  }

  private static String budgeting(BudgetingMethod m) {
    return switch (m) {
      case OCCURRENCES -> "Occurrences (events)";
      case TIMESLICES -> "Timeslices (good minutes)";
      case RATIO_TIMESLICES -> "RatioTimeslices";
    };
  }

  /**
   * How far a forecast may look: a budget that lasts longer than a rolling window outlives the
   * window's memory of today's errors, and a calendar period's budget starts afresh at its end, so
   * "runs out in 200 days" against a 28-day window means nothing.
   */
  static Instant forecastHorizon(Slo slo, Instant now) {
    return switch (slo.window()) {
      case SloWindow.Rolling r -> now.plus(r.length());
      case SloWindow.Calendar c -> c.periodAt(now).end();
    };
  }

  /** Where the chart for {@code range} starts: a span back from now, or the SLO window's start. */
  static Instant rangeStart(Slo slo, String range, Instant now) {
    return switch (range) {
      case "1h" -> now.minus(Duration.ofHours(1));
      case "6h" -> now.minus(Duration.ofHours(6));
      case "7d" -> now.minus(Duration.ofDays(7));
      case "window" -> switch (slo.window()) {
        case SloWindow.Rolling r -> now.minus(r.length()).plus(Duration.ofMinutes(1));
        case SloWindow.Calendar c -> c.periodAt(now).start();
      };
      default -> now.minus(Duration.ofDays(1));
    };
  }

  // ---- alerts ----

  public record AlertsPage(String state, List<AlertRow> alerts, long firing, Time at) {}

  static AlertsPage alerts(List<Alert> alerts, String state, Instant now) {
    List<AlertRow> rows = alerts.stream()
        .sorted(Comparator.comparing((Alert a) -> a.state() != AlertState.FIRING)
            .thenComparing(Alert::startedAt, Comparator.reverseOrder()))
        .map(a -> AlertRow.of(a, now)).toList();
    return new AlertsPage(state, rows, rows.stream().filter(AlertRow::firing).count(), Time.of(now));
  }

}
