package dev.governor.cli;

import dev.governor.basics.EventCounts;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.Catalog;
import dev.governor.slo.Objective;
import dev.governor.slo.Slo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History for the demo's SLO reports older than the minutes Governor keeps: one count per hour and
 * series, written straight to the bucket store (the events API refuses events older than the
 * retention, by design). Retention deletes those minutes within the hour and keeps their hourly
 * sums, which is what the reports read that far back; so the demo's report of last month, and the
 * trend of the three months before, have numbers, at the resolution real history would have.
 *
 * <p>The model: {@link DemoTraffic#BASE_PER_MINUTE} events a minute times {@link DemoTraffic#load}, an error ratio of a fifth of the
 * strictest budget on the series, and two bad afternoons a month (the 9th and the 23rd, 14:00 to
 * 16:00 UTC, at 30 times the budget), so each month has a worst day and spends budget.
 */
final class DemoReportHistory {

  /** How many whole months before the current one get history: last month and the three before it. */
  static final int MONTHS = 4;

  private DemoReportHistory() {}

  /** Writes [first day of the month {@link #MONTHS} ago, {@code until}); returns the hours written. */
  static long write(BucketStore store, Catalog catalog, Instant now, Instant until) {
    Map<SeriesKey, Double> budgets = new LinkedHashMap<>();
    for (Slo slo : catalog.slos()) {
      if (!slo.indicator().isPushedToGovernor()) continue;
      for (Objective o : slo.objectives()) {
        budgets.merge(slo.seriesOf(o), o.errorBudget().toDouble(), Math::min);
      }
    }
    Instant from = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).minusMonths(MONTHS)
        .atStartOfDay(ZoneOffset.UTC).toInstant();
    long hours = 0;
    List<BucketIncrement> batch = new ArrayList<>();
    for (Instant hour = from; hour.isBefore(until.truncatedTo(ChronoUnit.HOURS)); hour = hour.plus(Duration.ofHours(1))) {
      var at = hour.atZone(ZoneOffset.UTC);
      boolean bad = (at.getDayOfMonth() == 9 || at.getDayOfMonth() == 23) && at.getHour() >= 14 && at.getHour() < 16;
      // The same daily, weekly and growth curve the live traffic and its backfill follow, so the
      // capacity forecast, which reads these hours too, sees one history and not two.
      long total = Math.round(DemoTraffic.BASE_PER_MINUTE * 60 * DemoTraffic.load(hour.plus(Duration.ofMinutes(30)), now));
      for (Map.Entry<SeriesKey, Double> e : budgets.entrySet()) {
        double ratio = Math.min(0.9, e.getValue() * (bad ? 30 : DemoTraffic.QUIET_BUDGET_SHARE));
        batch.add(new BucketIncrement(e.getKey(), hour, EventCounts.ofBad(Math.round(total * ratio), total)));
      }
      hours++;
      if (batch.size() >= 5_000) {
        store.add(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.add(batch);
    return hours;
  }
}
