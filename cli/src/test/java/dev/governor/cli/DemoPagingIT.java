package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import dev.governor.slo.Catalog;
import dev.governor.basics.SliName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo's paging story against a real server with a clock moved by hand: the examples applied as
 * the demo applies them, its on-call team for the burn target's service, a release a minute before
 * the burn, then the incident a page alert opens (sent here through the PagerDuty intake with the
 * labels Governor's own page alert carries, since the burn itself is DemoTraffic's business): the
 * on-call person is paged through the demo's pager, frank after two minutes of silence, both are
 * told when it resolves, and the postmortem draft names the release.
 */
class DemoPagingIT {

  static final String KEY = "pd-demo-key";

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));

  @Test
  void aBurnPagesWhoeverIsOnCall_escalatesToTheLead_andThePostmortemNamesTheRelease(@TempDir Path dataDir)
      throws Exception {
    try (GovernorServer server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
            "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", dataDir.toString(),
            "storage.jdbcUrl", "", "evaluation.tickInterval", "1s", "incidents.groupWait", "10s",
            "incidents.integrations", "pagerduty:test:" + KEY)), now::get)) {
      ApiClient client = new ApiClient(server.baseUri(), Optional.empty());
      for (SpecFiles.SpecFile f : DemoExamples.feedable(DemoExamples.find(Path.of("../examples"))).feedable()) {
        assertThat(client.post("/api/v1/slos?file=" + UrlPath.query(f.name()), "application/yaml", f.text()).ok())
            .as(f.name()).isTrue();
      }
      Catalog catalog = server.evaluator().catalog();
      SliName target = DemoTraffic.burnTarget(catalog, Optional.empty()).orElseThrow();
      String service = catalog.slos().stream().filter(s -> s.indicator().name().equals(target)).findFirst()
          .orElseThrow().service().value();

      StringWriter console = new StringWriter();
      DemoPager listening = DemoPager.start(new PrintWriter(console), now::get);
      try (listening) {
        String onCall = DemoOnCall.apply(client, listening, service).orElseThrow();
        assertThat(onCall).isIn(DemoOnCall.ROTATION);
        JsonNode policy = client.get("/api/v1/escalation-policies/" + DemoOnCall.POLICY).body();
        assertThat(policy.path("services").toString()).contains("\"" + service + "\"");

        // Applying again (a restart, with a new pager port and secret) updates rather than refuses.
        assertThat(DemoOnCall.apply(client, listening, service)).contains(onCall);

        DemoIncidents incidents = new DemoIncidents(client, service, "", new PrintWriter(console));
        server.incidents().addListener(incidents);
        DemoTraffic traffic = new DemoTraffic(server.evaluator(), DemoTraffic.feedsOf(catalog), Optional.of(target),
            now.get().plus(Duration.ofSeconds(50)), Duration.ofMinutes(10), Duration.ofMinutes(4), new Random(1),
            new PrintWriter(new StringWriter()));
        incidents.step(now.get(), traffic);
        incidents.step(now.get().plusSeconds(5), traffic);
        assertThat(console.toString()).containsOnlyOnce("demo: deployed " + service + " risky-20260302T1000Z");

        now.set(now.get().plus(Duration.ofMinutes(3)));
        long id = trigger(client, service, target);
        now.set(now.get().plus(Duration.ofSeconds(11)));
        await(console::toString, "PAGE     → " + onCall + ": [#" + id + " TRIGGERED] " + service + ":");
        assertThat(console.toString()).doesNotContain("→ " + DemoOnCall.LEAD);

        now.set(now.get().plus(DemoOnCall.ESCALATE_AFTER));
        await(console::toString, "PAGE     → " + DemoOnCall.LEAD + " (level 2: nobody acknowledged): [#" + id);

        assertThat(client.post("/api/v1/incidents/" + id + "/resolve", "application/json", "{\"by\": \"governor\"}")
            .ok()).isTrue();
        await(console::toString, "RESOLVED → " + onCall + ": [#" + id + " RESOLVED]");
        await(console::toString, "RESOLVED → " + DemoOnCall.LEAD + ": [#" + id + " RESOLVED]");
        assertThat(console.toString()).contains("demo: incident #" + id + " resolved by governor. Its postmortem draft",
            "/api/v1/incidents/" + id + "/postmortem or ./governor incident postmortem " + id);

        String postmortem = client.getText("/api/v1/incidents/" + id + "/postmortem", "text/markdown").body().asString();
        assertThat(postmortem).contains("demo-release-" + service + "-20260302T1000Z");
      }
    }
  }

  /** What Governor's reconciler sends for a firing page alert, through the PagerDuty intake. */
  static long trigger(ApiClient client, String service, SliName slo) {
    ApiResponse r = client.post("/v2/enqueue", "application/json", """
        {"routing_key": "%s", "event_action": "trigger", "dedup_key": "burn-1",
         "payload": {"summary": "%s burns its error budget 14.4x too fast", "source": "governor",
                     "severity": "critical", "custom_details": {"service": "%s", "slo": "%s", "severity": "page"}}}"""
        .formatted(KEY, slo.value(), service, slo.value()));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    JsonNode list = client.get("/api/v1/incidents?state=open").body().path("incidents");
    assertThat(list.size()).as(list.toString()).isEqualTo(1);
    return list.get(0).path("id").asLong();
  }

  /** Escalation runs after each evaluation tick, in real time: waits up to 15 s for the line. */
  static void await(Supplier<String> console, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!console.get().contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(console.get()).contains(expected);
  }
}
