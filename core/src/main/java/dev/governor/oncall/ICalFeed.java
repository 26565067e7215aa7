package dev.governor.oncall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Shifts as an RFC 5545 calendar a calendar app can subscribe to: one VEVENT per shift, in UTC,
 * lines ended with CRLF and folded at 75 octets, text escaped.
 *
 * <p>A subscribed calendar fetches the feed again and again over a moving range, and must see the
 * same shift as the same event each time. So an event's UID is derived from the schedule, the
 * person and the shift's real start, and shifts are computed from {@link #LOOKBACK} before the
 * range, so that a shift already running when the range begins keeps its real start (and UID)
 * rather than one cut at the range's edge. Only a shift longer than that keeps changing its start.
 */
public final class ICalFeed {

  /** How far before the range shifts are looked for, so that a running shift shows its real start. */
  public static final Duration LOOKBACK = Duration.ofDays(31);

  static final int MAX_OCTETS = 75;
  private static final String CRLF = "\r\n";
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ICalFeed() {}

  /** One shift of one schedule. */
  public record Event(ScheduleName schedule, Shift shift) {}

  /** The shifts of {@code schedule} that overlap [from, to); {@code label} names a user ("Alice Example"). */
  public static String forSchedule(Schedule schedule, Instant from, Instant to, Function<UserName, String> label,
      Instant stamp) {
    return render("On call: " + schedule.name(), events(List.of(schedule), from, to, u -> true), label, stamp);
  }

  /** The shifts of {@code user} in every one of {@code schedules} that overlap [from, to). */
  public static String forUser(User user, Collection<Schedule> schedules, Instant from, Instant to, Instant stamp) {
    return render("On call: " + user.label(), events(schedules, from, to, u -> u.equals(user.name())),
        u -> u.equals(user.name()) ? user.label() : u.value(), stamp);
  }

  private static List<Event> events(Collection<Schedule> schedules, Instant from, Instant to,
      java.util.function.Predicate<UserName> whose) {
    List<Event> events = new ArrayList<>();
    for (Schedule schedule : schedules) {
      for (Shift shift : schedule.shifts(from.minus(LOOKBACK), to).shifts()) {
        if (shift.end().isAfter(from) && whose.test(shift.user())) events.add(new Event(schedule.name(), shift));
      }
    }
    events.sort(Comparator.comparing((Event e) -> e.shift().start()).thenComparing(e -> e.schedule().value()));
    return events;
  }

  static String render(String calendarName, List<Event> events, Function<UserName, String> label, Instant stamp) {
    StringBuilder out = new StringBuilder();
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//Governor//On-call schedules//EN");
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    line(out, "X-WR-CALNAME:" + text(calendarName));
    for (Event e : events) {
      Shift s = e.shift();
      line(out, "BEGIN:VEVENT");
      line(out, "UID:" + uid(e));
      line(out, "DTSTAMP:" + utc(stamp));
      line(out, "DTSTART:" + utc(s.start()));
      line(out, "DTEND:" + utc(s.end()));
      line(out, "SUMMARY:" + text("On call: " + label.apply(s.user()) + " (" + e.schedule() + ")"));
      line(out, "DESCRIPTION:" + text(s.user() + " is on call in schedule " + e.schedule() + " ("
          + String.join(", ", s.sources().stream().map(ShiftSource::label).toList()) + ")."));
      // Being on call does not make a person busy for meetings.
      line(out, "TRANSP:TRANSPARENT");
      line(out, "END:VEVENT");
    }
    line(out, "END:VCALENDAR");
    return out.toString();
  }

  /** Stable for the same schedule, person and start, whatever range the feed was asked for. */
  static String uid(Event e) {
    String identity = e.schedule().value() + "\n" + e.shift().user().value() + "\n" + e.shift().start();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16) + "@governor";
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("every Java runtime has SHA-256", ex);
    }
  }

  /** A DATE-TIME in UTC; seconds are the finest unit of iCalendar, so less is cut. */
  private static String utc(Instant instant) {
    return UTC.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A TEXT value: backslash, semicolon, comma and newline escaped, other control characters dropped. */
  static String text(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case ';' -> sb.append("\\;");
        case ',' -> sb.append("\\,");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c == '\t' || c >= 0x20 && c != 0x7f) sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  /**
   * Appends {@code content} folded into lines of at most 75 octets of UTF-8, each continuation
   * starting with a space, never splitting a character's bytes.
   */
  static void line(StringBuilder out, String content) {
    int octets = 0;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (octets + size > MAX_OCTETS) {
        out.append(CRLF).append(' ');
        octets = 1;
      }
      out.appendCodePoint(cp);
      octets += size;
      i += Character.charCount(cp);
    }
    out.append(CRLF);
  }
}
