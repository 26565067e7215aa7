package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.IncidentId;
import dev.governor.oncall.Escalation;
import dev.governor.oncall.UserName;
import dev.governor.slo.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Users, schedules and escalation policies over real HTTP, with the demo team of examples/oncall.
 * The clock stands at Monday 2 March 2026, 11:00 in Berlin: alice's week, carol's override tomorrow.
 */
class OnCallApiTest {

  static final Path EXAMPLES = Path.of("../examples/oncall");
  static final String TOKEN = "writer-token";

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("auth.tokens", TOKEN)).withToken(TOKEN);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static List<Path> examples() {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TestServer.Response apply(String file, String yaml) {
    return api.post("/api/v1/oncall?file=" + file, "application/yaml", yaml);
  }

  void applyExamples() throws IOException {
    for (Path file : examples()) {
      TestServer.Response r = apply(file.getFileName().toString(), Files.readString(file));
      assertThat(r.status()).as(file + ": " + r.body()).isEqualTo(200);
    }
  }

  @Test
  void theExamples_apply_andApplyingAgainChangesNothing() throws IOException {
    TestServer.Response users = apply("01-users.yaml", Files.readString(EXAMPLES.resolve("01-users.yaml")));
    assertThat(users.json().path("applied")).extracting(a -> a.path("kind").asString() + " " + a.path("name").asString()
        + " " + a.path("result").asString()).containsExactly("User alice created", "User bob created", "User carol created");
    for (Path file : examples().subList(1, examples().size())) apply(file.getFileName().toString(), Files.readString(file));

    for (Path file : examples()) {
      JsonNode again = apply(file.getFileName().toString(), Files.readString(file)).json();
      assertThat(again.path("applied")).allSatisfy(a -> assertThat(a.path("result").asString()).isEqualTo("unchanged"));
    }
    assertThat(api.get("/api/v1/users").json().path("users")).hasSize(3);
    assertThat(api.get("/api/v1/escalation-policies/shop-team").json().path("levels").get(1).path("after").asString()).isEqualTo("5m");
  }

  @Test
  void whoIsOnCall_nowAndAtAnInstant_andUntilWhen() throws IOException {
    applyExamples();

    JsonNode now = api.get("/api/v1/oncall").json();
    assertThat(now.path("at").asString()).isEqualTo("2026-03-02T10:00:30Z");
    assertThat(now.path("schedules")).singleElement().satisfies(s -> {
      assertThat(s.path("schedule").asString()).isEqualTo("primary");
      assertThat(s.path("user").asString()).isEqualTo("alice");
      assertThat(s.path("displayName").asString()).isEqualTo("Alice Andersen");
      // Until carol's override, 09:00 Berlin on Tuesday.
      assertThat(s.path("until").asString()).isEqualTo("2026-03-03T08:00:00Z");
    });
    JsonNode tuesday = api.get("/api/v1/schedules/primary/oncall?at=2026-03-03T12:00:00%2B01:00").json();
    assertThat(tuesday.path("user").asString()).isEqualTo("carol");
    assertThat(tuesday.path("sources").get(0).asString()).isEqualTo("overrides[0]");
    // An unencoded '+' arrives as a space and is read as the offset it was.
    assertThat(api.get("/api/v1/schedules/primary/oncall?at=2026-03-09T10:00:00+01:00").json().path("user").asString())
        .isEqualTo("bob");
    assertThat(api.get("/api/v1/schedules/primary/oncall?at=2025-12-01T00:00:00Z").json().path("user").isNull()).isTrue();
    assertThat(api.get("/api/v1/schedules").json().path("schedules").get(0).path("onCallNow").path("user").asString())
        .isEqualTo("alice");
  }

  @Test
  void aSchedule_showsItsFinalSchedule_forTheNextTwoWeeksOrARange() throws IOException {
    applyExamples();

    JsonNode schedule = api.get("/api/v1/schedules/primary").json();
    assertThat(schedule.path("timeZone").asString()).isEqualTo("Europe/Berlin");
    assertThat(schedule.path("layers").get(0).path("handoffTime").asString()).isEqualTo("09:00");
    assertThat(schedule.path("finalSchedule").path("shifts")).extracting(s -> s.path("user").asString() + " "
        + s.path("start").asString() + ".." + s.path("end").asString()).containsExactly(
        "alice 2026-03-02T10:00:30Z..2026-03-03T08:00:00Z",
        "carol 2026-03-03T08:00:00Z..2026-03-04T08:00:00Z",
        "alice 2026-03-04T08:00:00Z..2026-03-09T08:00:00Z",
        "bob 2026-03-09T08:00:00Z..2026-03-16T08:00:00Z",
        "alice 2026-03-16T08:00:00Z..2026-03-16T10:00:30Z");
    assertThat(schedule.path("source").asString()).contains("kind: Schedule");

    // Across the spring change: the hand-off on 30 March is at 09:00 CEST, 07:00 UTC.
    JsonNode spring = api.get("/api/v1/schedules/primary?from=2026-03-25T00:00:00Z&to=2026-04-01T00:00:00Z").json();
    assertThat(spring.path("finalSchedule").path("shifts").get(1).path("start").asString()).isEqualTo("2026-03-30T07:00:00Z");
  }

  @Test
  void theCalendarFeed_takesItsTokenInTheUrl_asACalendarAppCannotSendAHeader_andIsRfc5545() throws IOException {
    applyExamples();

    TestServer anonymous = api.withToken(null);
    assertThat(anonymous.get("/api/v1/schedules/primary/ical").status()).isEqualTo(401);
    assertThat(anonymous.get("/api/v1/schedules/primary/ical?token=wrong").status()).isEqualTo(401);
    assertThat(anonymous.get("/api/v1/schedules/primary?token=" + TOKEN).status()).as("only the feeds take it").isEqualTo(401);
    TestServer.Response feed = anonymous.get("/api/v1/schedules/primary/ical?token=" + TOKEN);
    TestServer.Response alice = anonymous.get("/api/v1/users/alice/ical?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&token=" + TOKEN);

    assertThat(feed.status()).isEqualTo(200);
    assertThat(feed.contentType()).startsWith("text/calendar");
    assertThat(feed.body()).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").endsWith("END:VCALENDAR\r\n")
        .contains("SUMMARY:On call: Carol Costa (primary)\r\n").contains("DTSTAMP:20260302T100030Z\r\n");
    assertThat(alice.body()).contains("SUMMARY:On call: Alice Andersen (primary)").doesNotContain("Bob Brandt");
    assertThat(anonymous.get("/api/v1/schedules/nothing/ical?token=" + TOKEN).status()).isEqualTo(404);
  }

  @Test
  void secrets_neverAppearInAnyResponse() throws IOException {
    applyExamples();
    String secret = "demo-only-use-secretFromEnv";

    List<String> bodies = Stream.of("/api/v1/users", "/api/v1/users/bob", "/api/v1/schedules", "/api/v1/schedules/primary",
        "/api/v1/escalation-policies", "/api/v1/oncall", "/api/v1/users/bob/ical").map(p -> api.get(p).body()).toList();

    assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain(secret));
    JsonNode bob = api.get("/api/v1/users/bob").json();
    assertThat(bob.path("contacts").get(0).path("signed").asBoolean()).isTrue();
    assertThat(bob.path("contacts").get(0).path("target").asString()).isEqualTo("http://127.0.0.1:9099/bob");
    // A refused document does not echo a secret either.
    TestServer.Response refused = apply("u.yaml", """
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: dave}
        spec:
          contacts:
            - email: dave@example.com
              secret: very-secret-indeed
        """);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).doesNotContain("very-secret-indeed");
  }

  @Test
  void aBadDocument_isA422NamingFileDocumentFieldAndLine_andNothingIsApplied() throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve("01-users.yaml")) + """
        ---
        apiVersion: governor.dev/v1
        kind: Schedule
        metadata: {name: nights}
        spec:
          timeZone: Europe/Berlin
          layers:
            - name: nights
              users: [alice, dave]
              start: 2026-03-02T22:00
              turn: 1x
        """;

    TestServer.Response r = apply("team.yaml", yaml);

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("problems")).singleElement().satisfies(p -> {
      assertThat(p.path("file").asString()).isEqualTo("team.yaml");
      assertThat(p.path("document").asInt()).isEqualTo(4);
      assertThat(p.path("path").asString()).isEqualTo("spec.layers[0].turn");
      // 01-users.yaml has 40 lines; "---" is line 41 and the turn of the Schedule after it line 51.
      assertThat(p.path("line").asInt()).isEqualTo(51);
      assertThat(p.path("message").asString()).contains("12h, 1d or 1w");
    });
    assertThat(api.get("/api/v1/users").json().path("users")).isEmpty();

    // Fixed, the unknown user is what is left, and still nothing is applied.
    TestServer.Response unknown = apply("team.yaml", yaml.replace("turn: 1x", "turn: 1d"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().path("problems").get(0).path("path").asString()).isEqualTo("spec.layers[0].users[1]");
    assertThat(unknown.json().path("problems").get(0).path("message").asString()).contains("no User named 'dave'");
    assertThat(api.get("/api/v1/users").json().path("users")).isEmpty();
  }

  @Test
  void deletingWhatIsStillNamed_isA409NamingTheReferrer_andInTheRightOrderItWorks() throws IOException {
    applyExamples();

    TestServer.Response user = api.delete("/api/v1/users/carol");
    assertThat(user.status()).isEqualTo(409);
    assertThat(user.json().path("detail").asString())
        .contains("schedule primary (overrides[0])").contains("escalation policy shop-team (level 2)");
    TestServer.Response schedule = api.delete("/api/v1/schedules/primary");
    assertThat(schedule.status()).isEqualTo(409);
    assertThat(schedule.json().path("detail").asString()).contains("escalation policy shop-team (level 1)");

    assertThat(api.delete("/api/v1/escalation-policies/shop-team").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/schedules/primary").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/users/carol").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/users/carol").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/users/carol").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/escalation-policies").json().path("policies")).isEmpty();
    assertThat(api.withToken(null).delete("/api/v1/users/alice").status()).isEqualTo(401);
  }

  @Test
  void badParameters_areA400NamingTheParameter() throws IOException {
    applyExamples();

    TestServer.Response at = api.get("/api/v1/oncall?at=tomorrow");
    TestServer.Response range = api.get("/api/v1/schedules/primary?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z");
    TestServer.Response backwards = api.get("/api/v1/schedules/primary?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z");
    TestServer.Response farAway = api.get("/api/v1/schedules/primary/oncall?at=9999-01-01T00:00:00Z");

    assertThat(at.status()).isEqualTo(400);
    assertThat(at.json().path("parameter").asString()).isEqualTo("at");
    assertThat(range.status()).isEqualTo(400);
    assertThat(range.json().path("detail").asString()).contains("400 days");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(farAway.status()).isEqualTo(400);
    assertThat(api.post("/api/v1/oncall", "application/json", "{}").status()).isEqualTo(415);
  }

  @Test
  void theServersOnCallDirectory_givesTheIntegratorThePagesDue() throws IOException {
    applyExamples();
    var oncall = api.server.onCall().snapshot();
    Escalation.Incident incident = new Escalation.Incident(new IncidentId(7), TestServer.NOW, Optional.empty(), Optional.empty());

    Escalation.Result result = oncall.escalation(ServiceName.of("checkout"), incident, TestServer.NOW.plus(Duration.ofMinutes(6)))
        .orElseThrow();

    assertThat(result.pages()).extracting(Escalation.Page::key)
        .containsExactly("incident-7/round-1/level-1/alice", "incident-7/round-1/level-2/carol");
    assertThat(oncall.user(UserName.of("carol")).orElseThrow().contacts()).hasSize(1);
    assertThat(api.server.onCall().policyFor(ServiceName.of("search"))).isEmpty();
  }

  @Test
  void whileTheDatabaseIsDown_readsAndWrites_are503_notBugs() throws IOException {
    applyExamples();
    api.server.database().close();

    for (TestServer.Response r : List.of(api.get("/api/v1/oncall"), api.get("/api/v1/schedules/primary/ical"),
        api.delete("/api/v1/users/alice"), apply("01-users.yaml", Files.readString(EXAMPLES.resolve("01-users.yaml"))))) {
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("5");
    }
  }
}
