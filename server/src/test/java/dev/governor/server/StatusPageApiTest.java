package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.server.status.StatusSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The public status page over real HTTP: states from probes, incidents and overrides, 90 day bars
 * with gaps, public updates apart from the internal incident, maintenance, feeds, subscribers told
 * through the outbox, and nothing internal on the page. The clock stands at 10:00:30 on 2 March 2026.
 */
class StatusPageApiTest {

  static final String PAGE = """
      apiVersion: governor.dev/v1
      kind: StatusPage
      metadata:
        name: public
      spec:
        title: Example Shop status
        description: How the shop is doing
        components:
          - key: shop
            name: Shop front
            description: The pages you buy from
            probes: [shop-home]
            service: shop
          - key: checkout
            name: Checkout
            slos: [checkout-availability]
            service: checkout
      """;

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of("probes.enabled", "false"));
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/probes", "application/yaml", ProbeApiTest.PROBE).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private StatusSnapshot refresh() {
    return api.server.statusPage().refresh();
  }

  private void runs(ProbeOutcome outcome, int days) {
    List<ProbeResult> runs = new ArrayList<>();
    for (int d = days; d >= 0; d--) {
      if (d == 3) continue; // the server was down that day: a gap, never "up"
      runs.add(new ProbeResult("shop-home", TestServer.NOW.minus(Duration.ofDays(d)).minusSeconds(10), Duration.ofMillis(80),
          d == 0 ? outcome : ProbeOutcome.UP, d == 0 && outcome == ProbeOutcome.DOWN ? "HTTP 503" : ""));
    }
    api.server.database().probeResults().record(runs);
  }

  /** An incident as an alert opens one, with an internal title the public must never see. */
  private long openIncident(String service, String summary) {
    var results = api.server.incidents().accept(List.of(new dev.governor.incident.Signal(
        dev.governor.incident.SignalSource.PAGERDUTY, "test", dev.governor.incident.SignalAction.TRIGGER,
        java.util.Optional.of("db-disk"), summary, dev.governor.incident.AlertSeverity.CRITICAL,
        Map.of("service", service), Map.of(), List.of(), TestServer.NOW)));
    assertThat(results).hasSize(1);
    return api.get("/api/v1/incidents").json().at("/incidents/0/id").asLong();
  }

  @Test
  void withoutAPage_theStatusPathIs404_andAPageIsAppliedWithItsProblemsNamed() {
    assertThat(api.get("/status").status()).isEqualTo(404);
    TestServer.Response bad = api.post("/api/v1/status/page", "application/yaml", PAGE.replace("key: checkout", "key: Checkout!"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("spec.components[1].key");

    TestServer.Response applied = api.post("/api/v1/status/page", "application/yaml", PAGE);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().at("/applied/0/result").asString()).isEqualTo("created");
    assertThat(api.get("/api/v1/status/page").json().path("source").asString()).isEqualTo(PAGE);
  }

  @Test
  void aFailingProbe_isAMajorOutage_withDayBarsAndAGap_andNothingInternalOnThePage() {
    api.post("/api/v1/status/page", "application/yaml", PAGE);
    runs(ProbeOutcome.DOWN, 10);
    refresh();

    TestServer.Response page = api.get("/status");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    String html = page.body();
    assertThat(html).contains("Example Shop status", "Shop front", "Major outage", "Checkout");
    assertThat(html).contains("2026-03-02: 0.00 % up", "2026-02-27: no data", "2026-02-28: 100 % up");
    // Nothing internal: no probe, SLO or SLI name, no label, no target, no detail of a run.
    assertThat(html).doesNotContain("shop-home", "checkout-availability", "shop.example.com", "HTTP 503", "team");
    assertThat(html.split("class=\"bar ", -1)).hasSize(2 * 90 + 1);

    JsonNode summary = api.get("/status/summary.json").json();
    assertThat(summary.path("status").asString()).isEqualTo("major_outage");
    assertThat(summary.at("/components/0/state").asString()).isEqualTo("major_outage");
    assertThat(summary.at("/components/1/state").asString()).isEqualTo("operational");
    assertThat(api.get("/status/status.css").contentType()).startsWith("text/css");
  }

  @Test
  void aPublicUpdate_showsItsOwnWords_notTheInternalIncident_andReachesTheFeedsAndSubscribers() {
    api.post("/api/v1/status/page", "application/yaml", PAGE);
    refresh();
    assertThat(api.post("/api/v1/status/subscribers", "application/json",
        "{\"webhook\": \"https://hooks.example.com/status\", \"secret\": \"s3cret\"}").status()).isEqualTo(201);
    long incident = openIncident("checkout", "Internal: db-primary-3 disk full on pg-17");

    TestServer.Response noTitle = api.post("/api/v1/incidents/" + incident + "/status-updates", "application/json",
        "{\"status\": \"investigating\", \"message\": \"Checkout is slow.\"}");
    assertThat(noTitle.status()).isEqualTo(400);
    assertThat(noTitle.body()).contains("title");
    assertThat(api.post("/api/v1/incidents/" + incident + "/status-updates", "application/json",
        "{\"status\": \"investigating\", \"title\": \"Slow checkout\", \"message\": \"x\", \"components\": [\"nope\"]}")
        .status()).isEqualTo(400);
    assertThat(api.post("/api/v1/incidents/999/status-updates", "application/json",
        "{\"status\": \"investigating\", \"title\": \"t\", \"message\": \"x\"}").status()).isEqualTo(404);

    TestServer.Response posted = api.post("/api/v1/incidents/" + incident + "/status-updates", "application/json", """
        {"status": "identified", "title": "Slow checkout", "message": "Payments take longer than usual; we found why.",
         "components": ["checkout"], "impact": "partial_outage"}""");
    assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    refresh();

    String html = api.get("/status").body();
    assertThat(html).contains("Slow checkout", "Payments take longer than usual", "Identified", "Partial outage")
        .doesNotContain("db-primary-3", "pg-17");
    assertThat(api.get("/status/feed.atom").body()).contains("<title>Identified: Slow checkout</title>")
        .contains("Payments take longer");
    JsonNode feed = api.get("/status/feed.json").json();
    assertThat(feed.path("version").asString()).isEqualTo("https://jsonfeed.org/version/1.1");
    // Newest first: the checkout turned partial outage once the update declared it.
    assertThat(feed.at("/items/0/title").asString()).isEqualTo("Checkout: Partial outage");
    assertThat(feed.at("/items/1/title").asString()).isEqualTo("Identified: Slow checkout");
    JsonNode outbox = api.get("/api/v1/notifications").json();
    assertThat(outbox.toString()).contains("status-event-").contains("hooks.example.com");
    assertThat(api.get("/api/v1/status/subscribers").body()).doesNotContain("s3cret");
  }

  @Test
  void anOverride_winsUntilCleared_andMaintenanceIsShownAndCancelled() {
    api.post("/api/v1/status/page", "application/yaml", PAGE);
    // The first look at a page announces nothing: it must see the shop operational, not race the
    // refresh the publication queued against the override below and take "degraded" as its start.
    refresh();
    assertThat(api.put("/api/v1/status/components/shop/override", "application/json",
        "{\"state\": \"degraded\", \"reason\": \"CDN provider trouble\"}").status()).isEqualTo(200);
    assertThat(api.put("/api/v1/status/components/shop/override", "application/json",
        "{\"state\": \"on fire\", \"reason\": \"x\"}").body()).contains("state");
    assertThat(api.put("/api/v1/status/components/nope/override", "application/json",
        "{\"state\": \"degraded\", \"reason\": \"x\"}").status()).isEqualTo(404);
    TestServer.Response maintenance = api.post("/api/v1/status/maintenances", "application/json", """
        {"title": "Database upgrade", "message": "Checkout may pause for a minute.", "components": ["checkout"],
         "start": "2026-03-02T09:30:00Z", "end": "2026-03-02T11:00:00Z"}""");
    assertThat(maintenance.status()).as(maintenance.body()).isEqualTo(201);
    assertThat(api.post("/api/v1/status/maintenances", "application/json", """
        {"title": "x", "components": ["checkout"], "start": "2026-03-02T12:00:00Z", "end": "2026-03-02T11:00:00Z"}""")
        .status()).isEqualTo(400);
    refresh();

    JsonNode summary = api.get("/status/summary.json").json();
    assertThat(summary.at("/components/0/state").asString()).isEqualTo("degraded");
    assertThat(summary.at("/components/1/state").asString()).isEqualTo("under_maintenance");
    assertThat(api.get("/status").body()).contains("Database upgrade", "In progress");

    assertThat(api.delete("/api/v1/status/components/shop/override").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/status/maintenances/" + maintenance.json().path("id").asLong()).status()).isEqualTo(204);
    refresh();
    summary = api.get("/status/summary.json").json();
    assertThat(summary.path("status").asString()).isEqualTo("operational");
    assertThat(api.get("/status/feed.json").json().toString()).contains("Cancelled: Database upgrade")
        .contains("Shop front: Degraded performance");
  }

  @Test
  void whenTheDatabaseIsGone_thePageIsStillServed_andARebuildFailsWithoutTakingItDown() {
    api.post("/api/v1/status/page", "application/yaml", PAGE);
    runs(ProbeOutcome.UP, 5);
    refresh();
    api.server.database().close();

    assertThat(org.assertj.core.api.Assertions.catchThrowable(this::refresh)).isNotNull();
    TestServer.Response page = api.get("/status");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("All systems operational", "Shop front");
    assertThat(api.get("/status/summary.json").status()).isEqualTo(200);
    // The feeds read the database: they say so, with a 503 to retry, never a 500.
    assertThat(api.get("/status/feed.atom").status()).isEqualTo(503);
  }

  @Test
  void onAPortOfItsOwn_thePageIsServedAtItsPath_andNotBesideTheApi(@TempDir Path other) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    try (TestServer own = new TestServer(other, Map.of("probes.enabled", "false", "status.port", Integer.toString(port),
        "status.path", "/"))) {
      assertThat(own.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
      assertThat(own.post("/api/v1/status/page", "application/yaml", PAGE).status()).isEqualTo(200);
      own.server.statusPage().refresh();
      assertThat(own.server.statusPage().ownPort()).contains(port);

      var http = java.net.http.HttpClient.newHttpClient();
      var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Example Shop status", "href=\"/status.css\"");
      assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
          + "/status.css")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      // Only the page is there: the API stays on its own port.
      assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
          + "/api/v1/slos")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      assertThat(own.get("/status").status()).isEqualTo(404);
    }
  }
}
