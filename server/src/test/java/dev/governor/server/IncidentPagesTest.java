package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.IntakeResult;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalLink;
import dev.governor.incident.SignalSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident pages and the on-call page as HTML over real HTTP; WebUiIT covers what a browser
 * makes of them. Incidents come in through the PagerDuty route, as a sender's would, or straight
 * into the engine when a test needs labels that route does not set (an SLO, a link).
 */
class IncidentPagesTest {

  static final String KEY = "pd-page-key";

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("incidents.integrations", "pagerduty:ci:" + KEY));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  void enqueue(String dedupKey, String service, String summary) {
    TestServer.Response r = api.post("/v2/enqueue", "application/json", """
        {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
         "payload": {"summary": "%s", "source": "host-1", "severity": "error", "custom_details": {"service": "%s"}}}"""
        .formatted(KEY, dedupKey, summary, service));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  TestServer.Response post(String path, String json) {
    TestServer.Response r = api.post(path, "application/json", json);
    assertThat(r.status()).as(r.body()).isBetween(200, 201);
    return r;
  }

  @Test
  void theList_showsOpenIncidentsFirst_thenResolvedOnes_andFiltersByStateAndService() {
    enqueue("pay-1", "payments", "Payments time out");
    enqueue("chk-1", "checkout", "Checkout answers 5xx");
    enqueue("srch-1", "search", "Search is slow");
    post("/api/v1/incidents/1/resolve", "{\"by\": \"alice\"}");
    post("/api/v1/incidents/3/acknowledge", "{\"by\": \"bob\"}");

    TestServer.Response page = api.get("/incidents");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    String html = page.body();
    assertThat(html).contains("<h2 class=\"section-title\">Open</h2>", "Recently resolved",
        "href=\"/incidents/2\"", "<span class=\"istate acknowledged\">", "hx-trigger=\"every 10s\"",
        "<a href=\"/incidents\" aria-current=\"page\">Incidents</a>");
    // Open ones (newest first) above the resolved one.
    assertThat(html.indexOf("Search is slow")).isLessThan(html.indexOf("Checkout answers 5xx"));
    assertThat(html.indexOf("Checkout answers 5xx")).isLessThan(html.indexOf("Recently resolved"));
    assertThat(html.indexOf("Recently resolved")).isLessThan(html.indexOf("Payments time out"));

    String resolved = api.get("/incidents?state=resolved").body();
    assertThat(resolved).contains("Payments time out").doesNotContain("Checkout answers 5xx", "Search is slow");
    String checkout = api.get("/fragments/incidents?service=checkout").body();
    assertThat(checkout).startsWith("<section id=\"incidents\"").contains("Checkout answers 5xx")
        .contains("hx-get=\"/fragments/incidents?service=checkout\"").doesNotContain("Payments time out", "<html");
    // A state the select does not offer is "any", not an error page.
    assertThat(api.get("/incidents?state=bogus").status()).isEqualTo(200);
  }

  @Test
  void aFreshInstall_saysWhereIncidentsComeFrom() {
    assertThat(api.get("/incidents").body()).contains("No incidents yet", "/v2/enqueue");
  }

  @Test
  void theDetail_showsStateRolesAlertsTimeline_linksItsSlo_andSaysHowToAcknowledge() {
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    Signal signal = new Signal(SignalSource.ALERTMANAGER, "prod-am", SignalAction.TRIGGER, Optional.of("k1"),
        "<b>Checkout</b> burns its budget", AlertSeverity.CRITICAL,
        Map.of("service", "checkout", "alertname", "Burn", "slo", "checkout-availability"), Map.of(),
        List.of(new SignalLink(URI.create("https://wiki.example.com/runbook"), "runbook", false),
            new SignalLink(URI.create("javascript:alert(1)"), "click me", false)),
        api.clock.instant());
    IntakeResult opened = api.server.incidents().accept(List.of(signal)).getFirst();
    long id = opened.incident().orElseThrow().number();

    String open = api.get("/incidents/" + id).body();
    assertThat(open).contains("data-api=\"/api/v1/incidents/" + id + "/acknowledge\"",
        "data-api=\"/api/v1/incidents/" + id + "/resolve\"",
        "href=\"/api/v1/incidents/" + id + "/postmortem\"", "href=\"/slos/checkout-availability\"",
        "href=\"https://wiki.example.com/runbook\"", "&lt;b&gt;Checkout&lt;/b&gt; burns its budget")
        .doesNotContain("<b>Checkout", "javascript:", "click me");

    api.clock.advance(java.time.Duration.ofMinutes(3));
    post("/api/v1/incidents/" + id + "/acknowledge", "{\"by\": \"alice\"}");
    post("/api/v1/incidents/" + id + "/roles", "{\"by\": \"alice\", \"role\": \"commander\", \"person\": \"carol\"}");
    post("/api/v1/incidents/" + id + "/notes", "{\"by\": \"dave\", \"text\": \"rolled back 1.4.2\"}");

    String acked = api.get("/incidents/" + id).body();
    assertThat(acked).contains("<span class=\"istate acknowledged\">acknowledged</span>", "commander: <strong>carol</strong>",
        "by <strong>alice</strong> <span class=\"muted\">after 3m</span>", "rolled back 1.4.2",
        "<span class=\"who\">dave</span>", "<span class=\"kind\">comment</span>", "<span class=\"kind\">role</span>")
        .doesNotContain("/acknowledge\"")
        .contains("data-api=\"/api/v1/incidents/" + id + "/resolve\"");

    post("/api/v1/incidents/" + id + "/resolve", "{\"by\": \"alice\"}");
    assertThat(api.get("/incidents/" + id).body()).doesNotContain("Respond from the command line")
        .contains("<span class=\"istate resolved\">resolved</span>");
  }

  @Test
  void anUnknownIncident_isA404Page_andSoIsAnIdThatIsNoNumber() {
    TestServer.Response unknown = api.get("/incidents/999");
    TestServer.Response word = api.get("/incidents/%3Cscript%3E");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("text/html");
    assertThat(unknown.body()).contains("No incident #999", "./governor incident list");
    assertThat(word.status()).isEqualTo(404);
    assertThat(word.body()).contains("No incident #&lt;script&gt;").doesNotContain("<script>");
  }

  @Test
  void theOnCallPage_showsWhoIsOnCallNow_theNext14DaysOfShifts_andTheEscalationLevels() throws Exception {
    assertThat(api.get("/oncall").body()).contains("No schedules yet", "./governor oncall apply -f examples/oncall/");
    try (Stream<Path> files = Files.list(Path.of("../examples/oncall"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        TestServer.Response r = api.post("/api/v1/oncall?file=" + f.getFileName(), "application/yaml", Files.readString(f));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
    }

    String html = api.get("/oncall").body();

    // Monday 2 March 2026, 11:00 in Berlin: alice's week of the weekly layer.
    assertThat(html).contains("data-schedule=\"primary\"", "Europe/Berlin",
        "On call now: <strong>Alice Andersen (alice)</strong>", "href=\"/api/v1/schedules/primary/ical\"",
        "<svg class=\"shiftbar\"", "<rect class=\"shift c0\" x=\"0\"", "Shifts, next 14 days",
        "data-policy=\"shop-team\"", "<strong>Level 1</strong> <span class=\"muted\">right away:</span>",
        "whoever is on call in primary", "<strong>Level 2</strong> <span class=\"muted\">5m after level 1:</span>",
        "<a href=\"/oncall\" aria-current=\"page\">On call</a>");
    long shifts = html.lines().filter(l -> l.contains("<rect class=\"shift ")).count();
    assertThat(shifts).as("two weeks of a weekly rotation with office hours on top").isGreaterThan(3);
  }
}
