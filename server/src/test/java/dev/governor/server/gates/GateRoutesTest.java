package dev.governor.server.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.PolicyStore;
import dev.governor.delivery.gate.StoredPolicy;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.server.http.Json;
import dev.governor.server.http.Problems;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.slo.Evaluator;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.storage.jdbc.Database;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The gate judges by the policies as last applied or deleted, read from the store once when the
 * routes start: over HTTP, on a real SQLite store that counts how often it is read.
 */
class GateRoutesTest {

  static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");

  /** Frozen all year, so it blocks whatever the budgets say. */
  static final String FROZEN = """
      apiVersion: governor.dev/v1
      kind: ErrorBudgetPolicy
      metadata:
        name: checkout-freeze
      spec:
        service: checkout
        freezes:
          - name: all-year
            from: 2026-01-01T00:00
            to: 2027-01-01T00:00
            timeZone: UTC
        allowRollbacks: false
        allowHotfixes: false
      """;

  /** The same policy, now gating staging only: production deploys of checkout are left open. */
  static final String STAGING_ONLY = FROZEN.replace("  service: checkout\n",
      "  service: checkout\n  environments: [staging]\n");

  /** Counts the reads of the whole store; writes go through to SQLite. */
  static final class CountingStore implements PolicyStore {
    final PolicyStore store;
    final AtomicInteger reads = new AtomicInteger();

    CountingStore(PolicyStore store) {
      this.store = store;
    }

    @Override
    public void apply(List<StoredPolicy> policies) {
      store.apply(policies);
    }

    @Override
    public boolean delete(String name) {
      return store.delete(name);
    }

    @Override
    public List<StoredPolicy> all() {
      reads.incrementAndGet();
      return store.all();
    }
  }

  @TempDir Path dataDir;
  Database database;
  CountingStore policies;
  CountingAudit audit;
  Javalin app;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    database = Database.sqlite(dataDir);
    InstantSource clock = InstantSource.fixed(NOW);
    Evaluator evaluator = new Evaluator(database.buckets(), database.alerts(), clock, EvaluatorSettings.DEFAULTS);
    try (InputStream in = GateRoutesTest.class.getResourceAsStream("/specs/checkout.yaml")) {
      ParsedSpecs parsed = SpecParser.parse("checkout.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(parsed.problems()).isEmpty();
      assertThat(new SpecCatalog(database.resources(), evaluator, clock).apply(parsed.documents(), false))
          .isInstanceOf(SpecCatalog.ApplyOutcome.Done.class);
    }
    policies = new CountingStore(database.policies());
    audit = new CountingAudit(database.audit());
    // A monotonic clock that stands still: how long the HTTP round trips take must not decide when
    // the grants are read again.
    GateRoutes gates = new GateRoutes(policies, audit, evaluator, new RequestBodies(1 << 20), clock,
        List::of, Optional.of(dev.governor.delivery.gate.ErrorBudgetPolicy.defaultPolicy(java.util.Set.of())),
        () -> 0L);
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(Json.javalinMapper());
      new Problems(1 << 20).install(cfg.routes);
      gates.register(cfg.routes);
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    http.close();
    database.close();
  }

  @Test
  void an_applied_policy_judges_the_next_decision_and_a_deleted_one_stops_without_the_store_being_read_again()
      throws Exception {
    assertThat(preview().path("policies").toString()).isEqualTo("[\"default\"]");

    assertThat(send("POST", "/api/v1/policies", FROZEN).path("applied").toString())
        .isEqualTo("[{\"name\":\"checkout-freeze\",\"result\":\"created\"}]");
    JsonNode frozen = preview();
    assertThat(frozen.path("decision").asString()).isEqualTo("block");
    assertThat(frozen.path("policies").toString()).isEqualTo("[\"checkout-freeze\"]");
    assertThat(frozen.at("/reasons/0/freeze").asString()).isEqualTo("all-year");

    assertThat(send("POST", "/api/v1/policies", STAGING_ONLY).at("/applied/0/result").asString()).isEqualTo("updated");
    JsonNode open = preview();
    assertThat(open.path("decision").asString()).isEqualTo("allow");
    assertThat(open.path("policies").toString()).isEqualTo("[]");
    assertThat(open.path("note").asString()).isEqualTo("no policy gates deploys of checkout to production");
    assertThat(send("GET", "/api/v1/policies", null).at("/policies/0/environments").toString())
        .isEqualTo("[\"staging\"]");

    assertThat(send("DELETE", "/api/v1/policies/checkout-freeze", null).isMissingNode()).isTrue();
    JsonNode byDefault = preview();
    assertThat(byDefault.path("decision").asString()).isEqualTo("allow");
    assertThat(byDefault.path("policies").toString()).isEqualTo("[\"default\"]");
    assertThat(send("GET", "/api/v1/policies", null).path("policies").size()).isZero();

    assertThat(policies.reads).as("the store is read once, when the routes start").hasValue(1);
    assertThat(database.policies().all()).isEmpty();
  }

  @Test
  void policies_in_the_store_at_start_judge_from_the_first_decision() throws Exception {
    send("POST", "/api/v1/policies", FROZEN);
    GateRoutes restarted = new GateRoutes(policies, database.audit(),
        new Evaluator(database.buckets(), database.alerts(), InstantSource.fixed(NOW), EvaluatorSettings.DEFAULTS),
        new RequestBodies(1 << 20), InstantSource.fixed(NOW), List::of, Optional.empty());
    app.stop();
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(Json.javalinMapper());
      new Problems(1 << 20).install(cfg.routes);
      restarted.register(cfg.routes);
    }).start("127.0.0.1", 0);

    JsonNode frozen = preview();
    assertThat(frozen.path("decision").asString()).isEqualTo("block");
    assertThat(frozen.path("policies").toString()).isEqualTo("[\"checkout-freeze\"]");
  }

  @Test
  void a_hotfix_grant_holds_however_many_decisions_were_recorded_after_it() throws Exception {
    send("POST", "/api/v1/policies", FROZEN.replace("allowHotfixes: false", "allowHotfixes: true"));
    // Recorded in the trail directly, before any decision: the routes read a service's grants at its
    // first decision and then at most once a second (RecentGrantsTest).
    database.audit().record(new AuditEntry(0, NOW.minus(Duration.ofHours(1)), AuditEntry.Action.GATE_HOTFIX_GRANT,
        "checkout", Optional.of("production"), Optional.empty(), "granted", Optional.of("alice"),
        Optional.of("fixes the 500s"), "hotfix granted"));
    // More decisions than a read of the newest entries would look through before reaching the grant.
    for (int i = 0; i < 300; i++) {
      database.audit().record(new AuditEntry(0, NOW.minusSeconds(60 - i / 10), AuditEntry.Action.GATE_DECISION,
          "checkout", Optional.of("production"), Optional.of("1." + i), "block", Optional.of("ci"), Optional.empty(),
          "frozen"));
    }

    JsonNode granted = preview();

    assertThat(granted.path("decision").asString()).isEqualTo("warn");
    assertThat(granted.at("/override/kind").asString()).isEqualTo("hotfix");
    assertThat(granted.at("/override/reason").asString()).isEqualTo("fixes the 500s");
    assertThat(send("GET", "/api/v1/gates/checkout?environment=staging", null).path("decision").asString())
        .as("the grant names production").isEqualTo("block");
  }

  @Test
  void a_grant_given_through_the_api_counts_from_the_next_decision_and_decisions_share_one_read_of_the_trail()
      throws Exception {
    send("POST", "/api/v1/policies", FROZEN.replace("allowHotfixes: false", "allowHotfixes: true"));
    for (int i = 0; i < 20; i++) assertThat(preview().path("decision").asString()).isEqualTo("block");
    assertThat(audit.grantReads).as("twenty decisions within a second").hasValue(1);

    HttpResponse<String> granted = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + "/api/v1/gates/checkout/approvals"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"kind\": \"hotfix\", \"reason\": \"fixes the 500s\", \"environment\": \"production\", \"by\": \"alice\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);

    JsonNode next = preview();
    assertThat(next.path("decision").asString()).isEqualTo("warn");
    assertThat(next.at("/override/reason").asString()).isEqualTo("fixes the 500s");
    assertThat(audit.grantReads).as("the grant joined what was read, with no second read").hasValue(1);
  }

  /** Counts the reads of grants, the query every decision made before RecentGrants; the rest goes through. */
  static final class CountingAudit implements dev.governor.delivery.gate.AuditTrail {
    final dev.governor.delivery.gate.AuditTrail trail;
    final AtomicInteger grantReads = new AtomicInteger();

    CountingAudit(dev.governor.delivery.gate.AuditTrail trail) {
      this.trail = trail;
    }

    @Override
    public AuditEntry record(AuditEntry entry) {
      return trail.record(entry);
    }

    @Override
    public List<AuditEntry> list(Optional<String> subject, int limit) {
      return trail.list(subject, limit);
    }

    @Override
    public List<AuditEntry> list(String subject, java.util.Set<AuditEntry.Action> actions, Instant since, int limit) {
      grantReads.incrementAndGet();
      return trail.list(subject, actions, since, limit);
    }
  }

  JsonNode preview() throws Exception {
    return send("GET", "/api/v1/gates/checkout?environment=production", null);
  }

  JsonNode send(String method, String path, String yaml) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (yaml != null) request.header("Content-Type", "application/yaml");
    request.method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isIn(200, 204);
    return response.body().isEmpty() ? tools.jackson.databind.node.MissingNode.getInstance()
        : Json.MAPPER.readTree(response.body());
  }
}
