package dev.governor.server.ui;

import dev.governor.server.status.StatusSnapshot;
import dev.governor.status.ComponentState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The public status page as HTML: rendered once per snapshot, served as it is. */
public final class StatusPageHtml {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  private StatusPageHtml() {}

  public static String render(StatusSnapshot snapshot, String base) {
    return UiRoutes.renderToString("status.jte", Map.of("page", snapshot, "base", base));
  }

  public static String time(Instant at) {
    return TIME.format(at);
  }

  /** The headline: "All systems operational", or what the worst component has. */
  public static String overall(StatusSnapshot page) {
    if (page.components().isEmpty()) return "No status to show yet";
    return switch (page.overall()) {
      case OPERATIONAL -> "All systems operational";
      case UNDER_MAINTENANCE -> "Maintenance in progress";
      case DEGRADED -> "Some systems are degraded";
      case PARTIAL_OUTAGE -> "Partial outage";
      case MAJOR_OUTAGE -> "Major outage";
    };
  }

}
