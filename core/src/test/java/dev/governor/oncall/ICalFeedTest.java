package dev.governor.oncall;

import static dev.governor.oncall.Schedules.ALICE;
import static dev.governor.oncall.Schedules.BERLIN;
import static dev.governor.oncall.Schedules.CAROL;
import static dev.governor.oncall.Schedules.at;
import static dev.governor.oncall.Schedules.layer;
import static dev.governor.oncall.Schedules.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The iCalendar feed: a golden file, and the RFC 5545 rules it must keep whatever the names. */
class ICalFeedTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final Instant STAMP = at("2026-03-02T10:00:30Z");

  static final Schedule PRIMARY = new Schedule(ScheduleName.of("primary"), BERLIN,
      List.of(layer("weekly", "2026-01-05T09:00", TurnLength.weeks(1), users("alice", "bob", "carol"))),
      List.of(new ScheduleOverride(CAROL, at("2026-03-10T08:00:00Z"), at("2026-03-11T08:00:00Z"))));

  static final Map<UserName, User> PEOPLE = Map.of(
      ALICE, new User(ALICE, Optional.of("Alice Liddell, SRE; on call"), Optional.empty(), List.of()),
      CAROL, new User(CAROL, Optional.of("Carol Ünïcödé-Ströḿ with a rather long name that must fold"),
          Optional.empty(), List.of()));

  static final Function<UserName, String> LABEL = u -> PEOPLE.containsKey(u) ? PEOPLE.get(u).label() : u.value();

  @Test
  void theFeedOfASchedule_matchesTheGoldenFile() throws IOException {
    String feed = ICalFeed.forSchedule(PRIMARY, at("2026-03-02T00:00:00Z"), at("2026-03-17T00:00:00Z"), LABEL, STAMP);

    check("out-primary.ics", feed);
  }

  @Test
  void everyLine_endsWithCrlf_andIsAtMost75Octets_andUnfoldsToTheText() {
    String feed = ICalFeed.forSchedule(PRIMARY, at("2026-03-02T00:00:00Z"), at("2026-03-17T00:00:00Z"), LABEL, STAMP);

    assertThat(feed).endsWith("END:VCALENDAR\r\n");
    assertThat(feed.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    for (String line : feed.split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
    }
    String unfolded = feed.replace("\r\n ", "");
    assertThat(unfolded).contains("SUMMARY:On call: Carol Ünïcödé-Ströḿ with a rather long name that must fold (primary)");
    assertThat(unfolded).contains("SUMMARY:On call: Alice Liddell\\, SRE\\; on call (primary)");
  }

  @Test
  void folding_neverSplitsACharacter() {
    StringBuilder out = new StringBuilder();
    ICalFeed.line(out, "SUMMARY:" + "€".repeat(60));

    for (String line : out.toString().split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
      assertThat(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(line);
    }
    assertThat(out.toString().replace("\r\n ", "")).isEqualTo("SUMMARY:" + "€".repeat(60) + "\r\n");
  }

  @Test
  void text_escapesBackslashSemicolonCommaAndNewline_andDropsControlCharacters() {
    assertThat(ICalFeed.text("a\\b;c,d\ne\rf\u0007g")).isEqualTo("a\\\\b\\;c\\,d\\nefg");
  }

  @Test
  void aShiftKeepsItsUid_whenTheRangeMoves() {
    String monday = ICalFeed.forSchedule(PRIMARY, at("2026-03-02T00:00:00Z"), at("2026-03-09T00:00:00Z"), LABEL, STAMP);
    String thursday = ICalFeed.forSchedule(PRIMARY, at("2026-03-05T00:00:00Z"), at("2026-03-12T00:00:00Z"), LABEL, STAMP);

    // Carol's week from 2 March, cut by neither range's start: the same start and UID in both feeds.
    String carolsWeek = "DTSTART:20260302T080000Z";
    assertThat(monday).contains(carolsWeek);
    assertThat(thursday).contains(carolsWeek);
    assertThat(uidBefore(monday, carolsWeek)).isEqualTo(uidBefore(thursday, carolsWeek));
  }

  @Test
  void theFeedOfAUser_holdsOnlyTheirShifts() {
    User carol = PEOPLE.get(CAROL);
    String feed = ICalFeed.forUser(carol, List.of(PRIMARY), at("2026-03-02T00:00:00Z"), at("2026-03-17T00:00:00Z"), STAMP);

    assertThat(feed.split("BEGIN:VEVENT", -1)).hasSize(3);
    assertThat(feed.replace("\r\n ", "")).doesNotContain("alice").contains("X-WR-CALNAME:On call: Carol");
  }

  private static String uidBefore(String feed, String dtstart) {
    String event = feed.substring(feed.lastIndexOf("BEGIN:VEVENT", feed.indexOf(dtstart)), feed.indexOf(dtstart));
    return event.lines().filter(l -> l.startsWith("UID:")).findFirst().orElseThrow();
  }

  static void check(String name, String actual) throws IOException {
    Path expected = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update") || !Files.exists(expected)) {
      Files.createDirectories(GOLDEN);
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      assertThat(Boolean.getBoolean("golden.update")).as("wrote missing golden file %s; review it and run again", expected).isTrue();
    }
    assertThat(actual).as("golden file %s", expected).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
