package dev.governor.server.status;

import dev.governor.status.ComponentState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The public status page at one moment, with nothing internal in it: public names, states, day
 * bars, public incident updates and maintenance. Built in the background and served as it is, so
 * the page answers at once whatever the database is doing.
 *
 * @param html the page, rendered once per snapshot
 */
public record StatusSnapshot(String title, String description, Instant builtAt, ComponentState overall,
    List<Component> components, List<PublicIncident> incidents, List<PlannedWork> maintenance, String html) {

  /** One component and its last 90 days. */
  public record Component(String key, String name, String description, ComponentState state, List<Day> days,
      String uptime) {}

  /**
   * One day's bar: the share of good (runs that passed, SLI events that were good), NaN without
   * data. {@code band} is the colour class, {@code text} says the same in words.
   */
  public record Day(LocalDate date, double uptime, String band, String text) {}

  /** An incident the public was told of, with its updates newest first. */
  public record PublicIncident(long id, String title, String phase, String impact, List<String> components,
      List<Update> updates, boolean resolved, Instant lastUpdate) {}

  public record Update(Instant at, String phase, String message) {}

  public record PlannedWork(long id, String title, String message, List<String> components, Instant start, Instant end,
      boolean inProgress) {}
}
