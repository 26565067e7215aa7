package dev.governor.incident;

import dev.governor.basics.Names;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A recurring weekly maintenance window: on each of {@code days}, from {@code start} on the wall
 * clock of {@code zone}, for {@code length}, alerts its matchers select are silenced. "Every
 * Sunday 23:00 Europe/Berlin for 3h" silences until 02:00 on Monday: a window may run past
 * midnight and past the end of the week. Across a daylight-saving change the start follows the
 * wall clock and the length is real time.
 *
 * <p>One-off windows (a planned migration next Tuesday) are silences with a start and an end.
 */
public record MaintenanceWindow(
    String name,
    List<LabelMatcher> matchers,
    Set<DayOfWeek> days,
    LocalTime start,
    Duration length,
    ZoneId zone,
    String createdBy,
    String comment) {

  public static final Duration LONGEST = Duration.ofDays(7);

  public MaintenanceWindow {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException(
          "a maintenance window's name needs lowercase letters, digits, '-', '_', '.', got '" + name + "'");
    }
    matchers = LabelMatcher.requireSelective(matchers, "maintenance window " + name);
    if (days == null || days.isEmpty()) {
      throw new IllegalArgumentException("maintenance window " + name + " needs at least one day, such as sunday");
    }
    days = Set.copyOf(days);
    if (start == null) throw new IllegalArgumentException("maintenance window " + name + " needs a start time such as 02:00");
    if (length == null || !length.isPositive() || length.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "maintenance window " + name + " needs a length above 0 and at most 7 days, got " + length);
    }
    if (zone == null) throw new IllegalArgumentException("maintenance window " + name + " needs a time zone such as Europe/Berlin");
    if (createdBy == null || createdBy.isBlank()) {
      throw new IllegalArgumentException("maintenance window " + name + " needs createdBy: who set it up");
    }
    if (comment == null) comment = "";
  }

  /** Whether {@code at} falls in one of the window's occurrences. */
  public boolean activeAt(Instant at) {
    return currentStart(at).isPresent();
  }

  /** Whether it silences an alert with {@code labels} that arrives at {@code at}. */
  public boolean silences(Map<String, String> labels, Instant at) {
    return activeAt(at) && LabelMatcher.all(matchers, labels);
  }

  /** The start of the occurrence that holds {@code at}, if one does. */
  public Optional<Instant> currentStart(Instant at) {
    LocalDate today = at.atZone(zone).toLocalDate();
    // An occurrence that holds `at` started at most `length` (7 days) before it.
    for (int back = 0; back <= length.toDays() + 1; back++) {
      LocalDate day = today.minusDays(back);
      if (!days.contains(day.getDayOfWeek())) continue;
      Instant begins = day.atTime(start).atZone(zone).toInstant();
      if (!at.isBefore(begins) && at.isBefore(begins.plus(length))) return Optional.of(begins);
    }
    return Optional.empty();
  }

  /** The first occurrence that starts after {@code at}. */
  public Instant nextStart(Instant at) {
    LocalDate today = at.atZone(zone).toLocalDate();
    for (int ahead = 0; ; ahead++) {
      LocalDate day = today.plusDays(ahead);
      if (!days.contains(day.getDayOfWeek())) continue;
      Instant begins = day.atTime(start).atZone(zone).toInstant();
      if (begins.isAfter(at)) return begins;
    }
  }

  /** "sunday, wednesday 23:00 for PT3H (Europe/Berlin)". */
  public String describe() {
    return days.stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
        + " " + start + " for " + length + " (" + zone + ")";
  }
}
