package dev.governor.adjustment;

import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import dev.governor.basics.TimeRange;
import dev.governor.slo.Exclusions;
import dev.governor.slo.Slo;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Time that should not count against the error budget of some SLOs: a planned maintenance, an
 * upstream provider's outage, bad data from a broken exporter. One-off, or recurring by an RRULE
 * (a weekly maintenance window), in a time zone.
 *
 * <p>Every minute of an occurrence counts, for each SLO it applies to, as if it held no events
 * (see {@link Exclusions}): budget, attainment and burn rates leave it out, and the burn-rate
 * alerts that its events would have caused do not fire. That is the one default, chosen because an
 * adjustment says "this time is not the service's fault"; an alert about it would page someone for
 * time that does not count.
 *
 * @param name a DNS-label-like name, as other documents have
 * @param reason why the time does not count; shown wherever the adjustment is
 * @param slos the SLOs it applies to by name
 * @param matchLabels and those whose labels include all of these; either may be empty, not both
 * @param start the local start of the first occurrence, whole minutes, in {@code zone}
 * @param duration the length of each occurrence, whole minutes, at most {@link #LONGEST}
 */
public record BudgetAdjustment(String name, String reason, List<SloName> slos, Map<String, String> matchLabels,
    LocalDateTime start, ZoneId zone, Duration duration, Optional<Recurrence> recurrence)
    implements Exclusions.Source {

  public static final Duration LONGEST = Duration.ofDays(400);

  public BudgetAdjustment {
    Names.check(name, "a budget adjustment's name");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a budget adjustment needs a reason: say why this time does not count");
    }
    slos = List.copyOf(slos);
    matchLabels = Map.copyOf(matchLabels);
    if (slos.isEmpty() && matchLabels.isEmpty()) {
      throw new IllegalArgumentException("a budget adjustment needs slos (names) or selector.matchLabels");
    }
    if (start.getSecond() != 0 || start.getNano() != 0) {
      throw new IllegalArgumentException("start must be a whole minute, got " + start);
    }
    if (duration.isNegative() || duration.isZero() || duration.toSeconds() % 60 != 0 || duration.getNano() != 0) {
      throw new IllegalArgumentException("duration must be a positive whole number of minutes, got " + duration);
    }
    if (duration.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("duration may be at most " + LONGEST.toDays() + " days, got " + duration);
    }
  }

  /** Whether it applies to {@code slo}: named, or carrying every label of the selector. */
  public boolean appliesTo(Slo slo) {
    if (slos.contains(slo.name())) return true;
    return !matchLabels.isEmpty() && slo.labels().entrySet().containsAll(matchLabels.entrySet());
  }

  /** The first occurrence's start. */
  public Instant firstStart() {
    return ZonedDateTime.of(start, zone).toInstant();
  }

  @Override
  public List<TimeRange> within(Instant from, Instant to) {
    List<TimeRange> out = new ArrayList<>();
    // An occurrence that started up to a duration before `from` still overlaps it.
    forEachStart(from.minus(duration), to, s -> {
      Instant end = s.plus(duration);
      if (end.isAfter(from)) out.add(new TimeRange(s, end));
      return true;
    });
    return out;
  }

  /** Up to {@code limit} occurrences that end after {@code after}, oldest first: what is coming. */
  public List<TimeRange> next(Instant after, int limit) {
    List<TimeRange> out = new ArrayList<>();
    forEachStart(after.minus(duration), Instant.MAX, s -> {
      Instant end = s.plus(duration);
      if (end.isAfter(after)) out.add(new TimeRange(s, end));
      return out.size() < limit;
    });
    return out;
  }

  /** The last occurrence's end, or empty when it repeats for ever. */
  public Optional<Instant> lastEnd() {
    if (recurrence.isEmpty()) return Optional.of(firstStart().plus(duration));
    Recurrence r = recurrence.get();
    if (r.count().isEmpty() && r.until().isEmpty()) return Optional.empty();
    Instant[] last = {null};
    forEachStart(Instant.MIN, Instant.MAX, s -> {
      last[0] = s;
      return true;
    });
    return Optional.ofNullable(last[0]).map(s -> s.plus(duration));
  }

  /**
   * Walks the occurrences' starts in order, from the first that may start at or after {@code from}
   * (a few earlier ones may come too) until one starts at or after {@code to}, or {@code visit}
   * says stop. Occurrences are worked out in local time and then placed in the zone: a start in a
   * DST gap moves forward by the gap, one in an overlap takes the earlier offset.
   */
  private void forEachStart(Instant from, Instant to, Predicate<Instant> visit) {
    if (recurrence.isEmpty()) {
      Instant s = firstStart();
      if (s.isBefore(to)) visit.test(s);
      return;
    }
    Recurrence r = recurrence.get();
    long period = skipTo(r, from);
    int emitted = 0;
    for (long k = period; ; k++) {
      for (LocalDateTime local : startsInPeriod(r, k)) {
        if (local.isBefore(start)) continue;
        if (r.until().isPresent() && local.isAfter(r.until().get())) return;
        if (r.count().isPresent() && emitted >= r.count().getAsInt()) return;
        emitted++;
        Instant s = ZonedDateTime.of(local, zone).toInstant();
        if (!s.isBefore(to)) return;
        if (!s.isBefore(from) && !visit.test(s)) return;
      }
      if (k - period > Recurrence.MOST_OCCURRENCES * 31L) return; // never runs away
    }
  }

  /** The period to start walking from: 0 with a COUNT (every occurrence counts), else shortly before {@code from}. */
  private long skipTo(Recurrence r, Instant from) {
    if (r.count().isPresent() || !from.isAfter(firstStart())) return 0;
    long days = Duration.between(firstStart(), from).toDays();
    long perPeriod = switch (r.frequency()) {
      case DAILY -> r.interval();
      case WEEKLY -> 7L * r.interval();
      case MONTHLY -> 31L * r.interval();
    };
    return Math.max(0, days / perPeriod - 2);
  }

  /** The local starts of the {@code k}-th period, in order; none for a month without that day. */
  private List<LocalDateTime> startsInPeriod(Recurrence r, long k) {
    long n = k * r.interval();
    return switch (r.frequency()) {
      case DAILY -> List.of(start.plusDays(n));
      case MONTHLY -> {
        LocalDateTime s = start.plusMonths(n);
        // RFC 5545: a date that does not exist (the 31st of April) is skipped, not moved.
        yield s.getDayOfMonth() == start.getDayOfMonth() ? List.of(s) : List.of();
      }
      case WEEKLY -> {
        if (r.byDay().isEmpty()) yield List.of(start.plusWeeks(n));
        LocalDate monday = start.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(n);
        List<LocalDateTime> out = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
          if (r.byDay().contains(day)) out.add(monday.plusDays(day.ordinal()).atTime(start.toLocalTime()));
        }
        yield out;
      }
    };
  }
}
