package dev.governor.slo;

import dev.governor.basics.Minutes;
import dev.governor.alert.AlertCondition;
import dev.governor.alert.AlertPolicy;
import dev.governor.alert.BurnRateWindow;
import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Decides, from an objective's running sums, which of its alert rules hold right now: the built-in
 * multiwindow multi-burn-rate page and ticket rules, the SLO's OpenSLO burn-rate conditions, and
 * the no-data rule.
 */
final class AlertJudge {

  /**
   * Whether one rule holds, and a sentence a person paged at night can act on. The sentence is
   * written only when asked for, which is when an alert opens: every ingest judges the rules of the
   * objectives it touched, and formatting the rates and windows of a rule that keeps firing was a
   * tenth of the ingest path's own CPU.
   */
  record Verdict(String rule, Severity severity, boolean firing, Supplier<String> describe) {
    static final Supplier<String> NO_TEXT = () -> "";

    Verdict(String rule, Severity severity, boolean firing) {
      this(rule, severity, firing, NO_TEXT);
    }

    /**
     * The verdicts of the built-in rules that do not fire, made once: a tick at a minute boundary
     * judges every rule of every objective, and most verdicts are these.
     */
    static final Verdict PAGE_QUIET = new Verdict(Severity.PAGE.label(), Severity.PAGE, false);
    static final Verdict TICKET_QUIET = new Verdict(Severity.TICKET.label(), Severity.TICKET, false);
    static final Verdict NO_DATA_QUIET = new Verdict(NO_DATA, Severity.TICKET, false);
    static final Verdict NO_DATA_FIRING = new Verdict(NO_DATA, Severity.TICKET, true);

    private static Verdict quiet(Severity severity) {
      return switch (severity) {
        case PAGE -> PAGE_QUIET;
        case TICKET -> TICKET_QUIET;
      };
    }

    String summary() {
      return describe.get();
    }
  }

  private AlertJudge() {}

  /** The alert-key rule of the no-data alert. */
  static final String NO_DATA = "nodata";

  /** An SLI counts as sending when it had events within this window (a burn window, so always kept). */
  static final Duration HAD_DATA_WINDOW = Duration.ofDays(1);

  /** Every look-back window the rules of {@code slo} read, so the tracker keeps a sum for each. */
  static List<Duration> lookbacks(Slo slo, Duration noDataAfter) {
    Stream<Duration> burn = StatusCalculator.BURN_WINDOWS.stream();
    Stream<Duration> conditions = slo.alertPolicies().stream()
        .flatMap(p -> p.conditions().stream())
        .map(AlertCondition::lookbackWindow);
    Stream<Duration> quiet = noDataAfter.isZero() ? Stream.empty() : Stream.of(quietWindow(noDataAfter));
    return Stream.of(burn, conditions, quiet).flatMap(s -> s).distinct().sorted().toList();
  }

  /**
   * The window that must hold no events for the no-data rule: one minute longer than the quiet
   * period, because a window counts the current minute whole. With events last in the minute
   * 10:00, the 16-minute window first comes up empty at 10:16, so the alert never fires before
   * {@code noDataAfter} has passed since the last event, and at most a minute (and a tick) after.
   */
  static Duration quietWindow(Duration noDataAfter) {
    return noDataAfter.plus(Minutes.ONE);
  }

  /** The rules judged for every objective of {@code slo}, as alert keys name them. */
  static java.util.Set<String> ruleNames(Slo slo, boolean noDataAlerts) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Severity s : Severity.values()) names.add(s.label());
    slo.alertPolicies().forEach(p -> p.conditions().forEach(c -> names.add(conditionRule(c))));
    if (noDataAlerts) names.add(NO_DATA);
    return names;
  }

  /** The alert-key rule of an OpenSLO condition; built-in rules are plain "page" and "ticket". */
  static String conditionRule(AlertCondition condition) {
    return "condition:" + condition.name();
  }

  /**
   * Adds the verdicts of the objective's burn-rate rules and OpenSLO conditions to {@code verdicts}.
   *
   * @param trueSince when each condition rule (by alert key) became true; judging updates it, and
   *     it lives in the evaluator so that re-applying an SLO does not restart alertAfter
   * @param verdicts where the verdicts go, after what it holds already (the caller empties it)
   */
  static void judge(ObjectiveTracker t, Instant now, long minEvents,
      java.util.Map<dev.governor.alert.AlertKey, Instant> trueSince, List<Verdict> verdicts) {
    Duration sloWindow = t.slo.window().lengthAt(now);
    for (MultiBurnRateRule rule : MultiBurnRateRule.defaultsFor(sloWindow)) {
      Supplier<String> reason = null;
      for (BurnRateWindow w : rule.windows()) {
        WindowSum longSum = t.rolling(w.longWindow());
        double longRate = t.burnRate(longSum);
        double shortRate = t.burnRate(t.rolling(w.shortWindow()));
        if (longRate >= w.factor() && shortRate >= w.factor() && longSum.events >= minEvents) {
          reason = () -> String.format(Locale.ROOT,
              "%s %s is burning its error budget at %.1fx over %s and %.1fx over %s (%s threshold %sx)",
              t.slo.name(), t.objective.name(), longRate, text(w.longWindow()), shortRate,
              text(w.shortWindow()), rule.severity().label(), trim(w.factor()));
          break;
        }
      }
      verdicts.add(reason != null
          ? new Verdict(rule.severity().label(), rule.severity(), true, reason)
          : Verdict.quiet(rule.severity()));
    }
    for (AlertPolicy policy : t.slo.alertPolicies()) {
      for (AlertCondition c : policy.conditions()) {
        WindowSum sum = t.rolling(c.lookbackWindow());
        double rate = t.burnRate(sum);
        boolean holds = sum.events >= minEvents && c.op().holds(rate, c.threshold());
        var key = t.alertKey(conditionRule(c));
        boolean firing = false;
        if (holds) {
          Instant since = trueSince.computeIfAbsent(key, k -> now);
          firing = !since.plus(c.alertAfter()).isAfter(now);
        } else {
          trueSince.remove(key);
        }
        verdicts.add(!firing ? new Verdict(conditionRule(c), c.severity(), false)
            : new Verdict(conditionRule(c), c.severity(), true, () -> String.format(Locale.ROOT,
                "%s %s: burn rate %.2fx over %s is %s %s (AlertCondition %s of policy %s)",
                t.slo.name(), t.objective.name(), rate, text(c.lookbackWindow()), c.op().symbol(),
                trim(c.threshold()), c.name(), policy.name())));
      }
    }
  }

  /**
   * The no-data rule: the SLI had events in the last day, none in the quiet period, and Governor
   * itself has been listening for at least that long. Once firing, it holds until events arrive
   * (not until the day runs out: an SLI silent for two days is no better than one silent for an
   * hour). Judged on the SLO's first objective only: every objective reads the same SLI, so one
   * alert per SLO says it all; the others answer "not firing", which resolves an alert left on an
   * objective that is no longer first.
   *
   * @param open whether this objective's no-data alert is firing already
   * @param listeningSince when the evaluator started taking data: a quiet period that began while
   *     Governor was down says nothing about the sender
   * @param lastData the end of the last minute with events of the tracker's series as of now, asked
   *     only when the alert opens
   */
  static Verdict noData(ObjectiveTracker t, Instant now, Duration noDataAfter, boolean open,
      Instant listeningSince, java.util.function.BiFunction<ObjectiveTracker, Instant, Optional<Instant>> lastData) {
    boolean first = t.slo.objectives().getFirst().name().equals(t.objective.name());
    boolean quiet = t.rolling(quietWindow(noDataAfter)).events == 0;
    if (!first || !quiet) return Verdict.NO_DATA_QUIET;
    Instant end = Minutes.floor(now).plus(Minutes.ONE);
    if (!t.units.excluded().excluded(end.minus(quietWindow(noDataAfter)), end).isEmpty()) {
      // Adjusted minutes count as empty, so a quiet period that holds one says nothing about the sender.
      return open ? Verdict.NO_DATA_FIRING : Verdict.NO_DATA_QUIET;
    }
    if (open) return Verdict.NO_DATA_FIRING;
    boolean hadData = t.rolling(HAD_DATA_WINDOW).events > 0;
    boolean listened = !listeningSince.plus(noDataAfter).isAfter(now);
    if (!hadData || !listened) return Verdict.NO_DATA_QUIET;
    Instant since = lastData.apply(t, now).orElse(Minutes.floor(now).plus(Minutes.ONE).minus(quietWindow(noDataAfter)));
    String summary = String.format(Locale.ROOT,
        "%s has had no events for its SLI %s since %s (%s ago; alerts.noDataAfter is %s): check that"
            + " its source still sends them", t.slo.name(), t.slo.indicator().name(), since,
        text(Duration.between(since, Minutes.floor(now))), text(noDataAfter));
    return new Verdict(NO_DATA, Severity.TICKET, true, () -> summary);
  }

  /** 1h, 30m, 3d: the way SREs write windows, in the one text form. */
  static String text(Duration d) {
    return dev.governor.text.Durations.format(Duration.ofMinutes(Math.max(0, d.toMinutes())));
  }

  private static String trim(double value) {
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
