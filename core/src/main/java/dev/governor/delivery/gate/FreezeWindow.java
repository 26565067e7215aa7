package dev.governor.delivery.gate;

import dev.governor.basics.Names;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;

/** A time when deploys are frozen whatever the budget: a weekly calendar (weekends) or a date range. */
public sealed interface FreezeWindow {

  String name();

  boolean covers(Instant instant);

  /** Human text of the window, for the reasons of a decision. */
  String describe();

  /** Every week on {@code days}, as the calendar of {@code zone} has them. */
  record Weekly(String name, Set<DayOfWeek> days, ZoneId zone) implements FreezeWindow {
    public Weekly {
      requireName(name);
      days = Set.copyOf(days);
      if (days.isEmpty()) throw new IllegalArgumentException("freeze " + name + " needs at least one day");
    }

    @Override
    public boolean covers(Instant instant) {
      return days.contains(instant.atZone(zone).getDayOfWeek());
    }

    @Override
    public String describe() {
      return "every " + days.stream().sorted().map(d -> d.name().toLowerCase(java.util.Locale.ROOT))
          .reduce((a, b) -> a + ", " + b).orElse("") + " (" + zone + ")";
    }
  }

  /** From {@code from} (included) to {@code to} (excluded), wall-clock times in {@code zone}. */
  record Range(String name, LocalDateTime from, LocalDateTime to, ZoneId zone) implements FreezeWindow {
    public Range {
      requireName(name);
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("freeze " + name + " must end after it starts, got " + from + " .. " + to);
      }
    }

    @Override
    public boolean covers(Instant instant) {
      return !instant.isBefore(from.atZone(zone).toInstant()) && instant.isBefore(to.atZone(zone).toInstant());
    }

    @Override
    public String describe() {
      return from + " .. " + to + " (" + zone + ")";
    }
  }

  private static void requireName(String name) {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException("a freeze name needs lowercase letters, digits, '-', '_', '.', got '" + name + "'");
    }
  }
}
