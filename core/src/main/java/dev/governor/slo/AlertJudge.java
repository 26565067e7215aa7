package dev.governor.slo;

import dev.governor.alert.AlertCondition;
import dev.governor.alert.AlertPolicy;
import dev.governor.alert.BurnRateWindow;
import dev.governor.alert.MultiBurnRateRule;
import dev.governor.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decides, from an objective's running sums, which of its alert rules hold right now: the built-in
 * multiwindow multi-burn-rate page and ticket rules, and the SLO's OpenSLO burn-rate conditions.
 */
final class AlertJudge {

  /** Whether one rule holds, and a sentence a person paged at night can act on. */
  record Verdict(String rule, Severity severity, boolean firing, String summary) {}

  private AlertJudge() {}

  /** Every look-back window the rules of {@code slo} read, so the tracker keeps a sum for each. */
  static List<Duration> lookbacks(Slo slo) {
    Stream<Duration> burn = StatusCalculator.BURN_WINDOWS.stream();
    Stream<Duration> conditions = slo.alertPolicies().stream()
        .flatMap(p -> p.conditions().stream())
        .map(AlertCondition::lookbackWindow);
    return Stream.concat(burn, conditions).distinct().sorted().toList();
  }

  /** The rules judged for every objective of {@code slo}, as alert keys name them. */
  static java.util.Set<String> ruleNames(Slo slo) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Severity s : Severity.values()) names.add(s.label());
    slo.alertPolicies().forEach(p -> p.conditions().forEach(c -> names.add(conditionRule(c))));
    return names;
  }

  /** The alert-key rule of an OpenSLO condition; built-in rules are plain "page" and "ticket". */
  static String conditionRule(AlertCondition condition) {
    return "condition:" + condition.name();
  }

  /**
   * @param trueSince when each condition rule (by alert key) became true; judging updates it, and
   *     it lives in the evaluator so that re-applying an SLO does not restart alertAfter
   */
  static List<Verdict> judge(
      ObjectiveTracker t, Instant now, long minEvents, java.util.Map<dev.governor.alert.AlertKey, Instant> trueSince) {
    List<Verdict> verdicts = new ArrayList<>();
    Duration sloWindow = t.slo.window().lengthAt(now);
    for (MultiBurnRateRule rule : MultiBurnRateRule.defaultsFor(sloWindow)) {
      String reason = null;
      for (BurnRateWindow w : rule.windows()) {
        WindowSum longSum = t.rolling(w.longWindow());
        double longRate = StatusCalculator.burnRate(t.units, t.objective, longSum);
        double shortRate = StatusCalculator.burnRate(t.units, t.objective, t.rolling(w.shortWindow()));
        if (longRate >= w.factor() && shortRate >= w.factor() && longSum.events >= minEvents) {
          reason = String.format(Locale.ROOT,
              "%s %s is burning its error budget at %.1fx over %s and %.1fx over %s (%s threshold %sx)",
              t.slo.name(), t.objective.name(), longRate, text(w.longWindow()), shortRate,
              text(w.shortWindow()), rule.severity().label(), trim(w.factor()));
          break;
        }
      }
      verdicts.add(new Verdict(rule.severity().label(), rule.severity(), reason != null,
          reason != null ? reason : ""));
    }
    for (AlertPolicy policy : t.slo.alertPolicies()) {
      for (AlertCondition c : policy.conditions()) {
        WindowSum sum = t.rolling(c.lookbackWindow());
        double rate = StatusCalculator.burnRate(t.units, t.objective, sum);
        boolean holds = sum.events >= minEvents && c.op().holds(rate, c.threshold());
        var key = new dev.governor.alert.AlertKey(t.slo.name(), t.objective.name(), conditionRule(c));
        boolean firing = false;
        if (holds) {
          Instant since = trueSince.computeIfAbsent(key, k -> now);
          firing = !since.plus(c.alertAfter()).isAfter(now);
        } else {
          trueSince.remove(key);
        }
        String summary = String.format(Locale.ROOT,
            "%s %s: burn rate %.2fx over %s is %s %s (AlertCondition %s of policy %s)",
            t.slo.name(), t.objective.name(), rate, text(c.lookbackWindow()), c.op().symbol(),
            trim(c.threshold()), c.name(), policy.name());
        verdicts.add(new Verdict(conditionRule(c), c.severity(), firing, firing ? summary : ""));
      }
    }
    return verdicts;
  }

  /** 1h, 30m, 3d: the way SREs write windows. */
  static String text(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % (24 * 60 * 7) == 0) return minutes / (24 * 60 * 7) + "w";
    if (minutes % (24 * 60) == 0) return minutes / (24 * 60) + "d";
    if (minutes % 60 == 0) return minutes / 60 + "h";
    return minutes + "m";
  }

  private static String trim(double value) {
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
