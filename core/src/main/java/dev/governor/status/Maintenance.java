package dev.governor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Planned work the public is told of ahead: its components are under maintenance from start to end. */
public record Maintenance(long id, String title, String message, List<String> components, Instant start, Instant end,
    boolean cancelled) {

  public static final Duration LONGEST = Duration.ofDays(7);

  public Maintenance {
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("a maintenance needs a title of 1-200 characters");
    }
    if (message == null) message = "";
    if (message.length() > StatusUpdate.LONGEST_MESSAGE) {
      throw new IllegalArgumentException("a maintenance message is at most " + StatusUpdate.LONGEST_MESSAGE + " characters");
    }
    components = List.copyOf(components);
    if (components.isEmpty()) throw new IllegalArgumentException("a maintenance names at least one component");
    if (!end.isAfter(start) || Duration.between(start, end).compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("a maintenance ends after it starts and lasts at most 7 days, got "
          + start + " to " + end);
    }
  }

  public boolean inProgress(Instant now) {
    return !cancelled && !now.isBefore(start) && now.isBefore(end);
  }
}
