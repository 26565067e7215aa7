package dev.governor.cli;

import dev.governor.text.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Durations in options, in Governor's one grammar ({@link Durations}): 90s, 10m, 1h30m, 3d; ISO-8601
 * (PT10M) also works. picocli puts the option's name in front of the message.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
