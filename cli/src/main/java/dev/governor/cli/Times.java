package dev.governor.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** RFC 3339 times given as options, and durations as a person reads them. */
final class Times {

  private Times() {}

  /** The instant {@code text} names; a usage error (exit 2) naming {@code option} when it is not one. */
  static Instant instant(CommandSpec spec, String option, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(),
          option + " must be an RFC 3339 time such as 2026-11-21T10:00:30Z, got '" + text + "'");
    }
  }

  /** "45s", "12m", "3h 20m", "2d 4h": the two largest units, rounded down. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    if (s < 86_400) return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + "m");
    return (s / 86_400) + "d" + (s % 86_400 / 3600 == 0 ? "" : " " + (s % 86_400 / 3600) + "h");
  }
}
