package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor incident ...} against the real server (in this JVM, random port, temporary
 * SQLite, a token), fed by a PagerDuty Events v2 sender through {@code /v2/enqueue} with its
 * integration key. Each test opens its own incident, for its own service, so the tests do not
 * depend on their order. The clock is moved by hand, so the times to acknowledge and resolve are
 * known.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentCommandsIT {

  static final String TOKEN = "it-token";
  static final String KEY = "pd-test-key";

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));
  final HttpClient http = HttpClient.newHttpClient();
  GovernorServer server;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1",
        "server.port", "0",
        "storage.dataDir", dataDir.toString(),
        "storage.jdbcUrl", "",
        "auth.tokens", TOKEN,
        "incidents.integrations", "pagerduty:test:" + KEY)), now::get);
  }

  @AfterAll
  void stop() {
    server.close();
    http.close();
  }

  Cli.Run cli(String... args) {
    return Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString(), "GOVERNOR_TOKEN", TOKEN), "", args);
  }

  /** Triggers a PagerDuty event for {@code service} and returns the number of the incident it opened. */
  long trigger(String service, String dedupKey, String summary) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/enqueue"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
             "payload": {"summary": "%s", "source": "%s-1", "severity": "critical",
                         "custom_details": {"service": "%s"}}}""".formatted(KEY, dedupKey, summary, service, service)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    Cli.Run list = cli("incident", "list", "--service", service, "-o", "json");
    assertThat(list.exit()).as(list.toString()).isZero();
    JsonNode incidents = ApiClient.JSON.readTree(list.out()).path("incidents");
    assertThat(incidents.size()).as(list.out()).isEqualTo(1);
    return incidents.get(0).path("id").asLong();
  }

  void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  @Test
  void anIncident_isListed_acknowledged_noted_resolved_andShownWithItsAlertsAndTimeline() throws Exception {
    long id = trigger("checkout", "checkout-5xx", "Checkout answers 5xx");

    Cli.Run open = cli("incident", "list", "--state", "open");
    assertThat(open.exit()).as(open.toString()).isZero();
    assertThat(open.out()).contains("ID  STATE", "TO ACK")
        .containsPattern("#" + id + " +triggered +critical +checkout +\\S+ +- +- +Checkout answers 5xx");

    advance(Duration.ofMinutes(4));
    Cli.Run ack = cli("incident", "ack", String.valueOf(id), "--by", "alice");
    assertThat(ack.exit()).as(ack.toString()).isZero();
    assertThat(ack.out()).isEqualTo("incident #" + id + " acknowledged by alice\n");

    Cli.Run again = cli("incident", "ack", "#" + id, "--by", "bob");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("was already acknowledged by alice");

    Cli.Run note = cli("incident", "note", String.valueOf(id), "rolled back 1.4.2\nerrors falling", "--by", "carol");
    assertThat(note.exit()).as(note.toString()).isZero();
    assertThat(note.out()).contains("note added to incident #" + id + " by carol");

    advance(Duration.ofMinutes(21));
    Cli.Run resolve = cli("incident", "resolve", String.valueOf(id), "--by", "alice");
    assertThat(resolve.exit()).as(resolve.toString()).isZero();
    assertThat(resolve.out()).isEqualTo("incident #" + id + " resolved by alice after 25m\n");

    Cli.Run show = cli("incident", "show", String.valueOf(id));
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.out()).startsWith("#" + id + " Checkout answers 5xx\n")
        .containsPattern("state +resolved")
        .containsPattern("services +checkout")
        .contains("2026-03-02T10:04:00Z by alice (after 4m)", "2026-03-02T10:25:00Z by alice (after 25m)")
        .containsPattern("resolved +critical +test +checkout-5xx +2026-03-02T10:00:00Z")
        .containsPattern("comment +carol +rolled back 1.4.2 / errors falling")
        .containsPattern("state +alice +.*acknowledged");

    Cli.Run resolved = cli("incident", "list", "--state", "resolved", "--service", "checkout", "-o", "json");
    JsonNode listed = ApiClient.JSON.readTree(resolved.out()).path("incidents").get(0);
    assertThat(listed.path("timeToAcknowledgeSeconds").asLong()).isEqualTo(240);
    assertThat(listed.path("timeToResolveSeconds").asLong()).isEqualTo(1500);

    Cli.Run postmortem = cli("incident", "postmortem", String.valueOf(id));
    assertThat(postmortem.exit()).as(postmortem.toString()).isZero();
    assertThat(postmortem.out()).startsWith("# Postmortem: Checkout answers 5xx (incident #" + id + ")")
        .contains("| Time to acknowledge | 4 min |", "| Time to resolve | 25 min |", "## Root cause")
        .contains("rolled back 1.4.2 errors falling");
  }

  @Test
  void acknowledgingAResolvedIncident_isRefused_exits1_withTheServersReason() throws Exception {
    long id = trigger("payments", "payments-latency", "Payments are slow");
    assertThat(cli("incident", "resolve", String.valueOf(id), "--by", "alice").exit()).isZero();

    Cli.Run ack = cli("incident", "ack", String.valueOf(id), "--by", "bob");

    assertThat(ack.exit()).as(ack.toString()).isEqualTo(1);
    assertThat(ack.err()).contains("HTTP 409").contains("resolved");
  }

  @Test
  void byDefaultsToTheOsUserName_andShowAsJsonCarriesTheTimeline() throws Exception {
    long id = trigger("search", "search-down", "Search is down");

    Cli.Run ack = cli("incident", "ack", String.valueOf(id));
    Cli.Run show = cli("incident", "show", String.valueOf(id), "-o", "json");

    assertThat(ack.exit()).as(ack.toString()).isZero();
    String me = System.getProperty("user.name");
    assertThat(ack.out()).isEqualTo("incident #" + id + " acknowledged by " + me + "\n");
    JsonNode json = ApiClient.JSON.readTree(show.out());
    assertThat(json.path("acknowledgedBy").asString()).isEqualTo(me);
    assertThat(json.path("alerts").get(0).path("integration").asString()).isEqualTo("test");
    assertThat(json.path("timeline").size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anUnknownIncident_exits1_andABadIdIsAUsageError_exits2() {
    Cli.Run unknown = cli("incident", "show", "999999");
    Cli.Run note = cli("incident", "note", "999999", "hello", "--by", "alice");
    Cli.Run bad = cli("incident", "ack", "checkout");
    // 404 whether or not the server has postmortem drafts, since there is no such incident either way.
    Cli.Run postmortem = cli("incident", "postmortem", "999999");

    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).contains("HTTP 404").contains("no incident #999999");
    assertThat(note.exit()).as(note.toString()).isEqualTo(1);
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("ID must be an incident number such as 42, got 'checkout'");
    assertThat(postmortem.exit()).as(postmortem.toString()).isEqualTo(1);
    assertThat(postmortem.err()).contains("no postmortem draft for incident #999999", "HTTP 404");
  }

  @Test
  void withoutTheToken_aChangeIsRefused_exits1_andAServerThatIsNotThere_exits2() throws Exception {
    long id = trigger("login", "login-errors", "Login fails");

    Cli.Run noToken = Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString()), "",
        "incident", "ack", String.valueOf(id), "--by", "alice");
    Cli.Run nobody = Cli.run(Map.of("GOVERNOR_SERVER", "http://127.0.0.1:1"), "", "incident", "list");

    assertThat(noToken.exit()).as(noToken.toString()).isEqualTo(1);
    assertThat(noToken.err()).contains("HTTP 401").contains("--token");
    assertThat(nobody.exit()).isEqualTo(2);
    assertThat(nobody.err()).contains("cannot reach Governor");
  }
}
