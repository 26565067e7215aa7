package dev.governor.ingest.alerting;

import dev.governor.ingest.internal.json.JsonTree;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What both decoders need to read values of a {@link JsonTree}: names of JSON types, times, URLs. */
final class Fields {

  private Fields() {}

  /** "a string", "an object", ...: how a problem names what it got instead. */
  static String describe(Object value) {
    return JsonTree.describe(value);
  }

  /** Absent and JSON null are the same for optional fields: senders write either. */
  static boolean absent(Object value) {
    return value == null || value == JsonTree.NULL;
  }

  /** An RFC 3339 date-time such as 2026-11-21T10:00:30Z or 2026-11-21T11:00:30.25+01:00; null otherwise. */
  static Instant rfc3339(String text) {
    try {
      return storable(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Null for an instant beyond the years 0001 to 9999, which RFC 3339 and the stores can hold. */
  private static Instant storable(Instant instant) {
    return dev.governor.incident.Instants.inRange(instant) ? instant : null;
  }

  private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("(.*T.*[+-])(\\d\\d)(\\d\\d)");
  private static final Pattern OFFSET_HOURS_ONLY = Pattern.compile("(.*T.*[+-])(\\d\\d)");

  /**
   * An ISO 8601 date-time as PagerDuty senders write them: RFC 3339, or with a basic offset
   * ({@code 2015-07-17T08:42:58.315+0000}, PagerDuty's own example) or an hours-only one
   * ({@code +01}). Without any offset it is read as UTC, the only reading a server can defend.
   * Null when it is none of these.
   */
  static Instant iso8601(String text) {
    String t = text.trim();
    Matcher basic = OFFSET_WITHOUT_COLON.matcher(t);
    if (basic.matches()) {
      t = basic.group(1) + basic.group(2) + ":" + basic.group(3);
    } else {
      Matcher hours = OFFSET_HOURS_ONLY.matcher(t);
      if (hours.matches()) t = hours.group(1) + hours.group(2) + ":00";
    }
    Instant offset = rfc3339(t);
    if (offset != null) return offset;
    try {
      return storable(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * An absolute http or https URL; null otherwise. Other schemes are refused because links end up
   * as {@code href}s in front of the on-call engineer, where {@code javascript:} has no business.
   */
  static URI httpUrl(String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      // The authority, not the host: java.net.URI leaves the host null for names with '_'.
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null) return null;
      return uri;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
