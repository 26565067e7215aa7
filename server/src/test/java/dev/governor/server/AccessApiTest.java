package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.http.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in, sessions, tokens and roles over real HTTP on a real SQLite file: what a person with a
 * browser, a pipeline with a token and an attacker with neither each get.
 */
class AccessApiTest {

  static final String JSON = "application/json";
  static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dataDir;
  TestServer api;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    if (api != null) api.close();
    http.close();
  }

  /** An open server, then an admin token and the accounts the tests sign in as. */
  private String adminToken() {
    api = new TestServer(dataDir);
    TestServer.Response made = api.post("/api/v1/tokens", JSON, "{\"name\": \"root\", \"role\": \"admin\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String token = made.json().path("token").asString();
    api.withToken(token);
    assertThat(api.post("/api/v1/accounts", JSON, "{\"name\": \"alice\", \"role\": \"responder\", \"password\": \""
        + PASSWORD + "\"}").status()).isEqualTo(201);
    assertThat(api.post("/api/v1/accounts", JSON, "{\"name\": \"victor\", \"role\": \"viewer\", \"password\": \""
        + PASSWORD + "\"}").status()).isEqualTo(201);
    return token;
  }

  @Test
  void anOpenServer_actsAsAnonymous_andTheFirstTokenTurnsSignInOn() {
    api = new TestServer(dataDir);
    JsonNode me = api.get("/api/v1/me").json();
    assertThat(me.path("actor").asString()).isEqualTo("anonymous");
    assertThat(me.path("signInRequired").asBoolean()).isFalse();

    TestServer.Response made = api.post("/api/v1/tokens", JSON, "{\"name\": \"ci\", \"role\": \"editor\"}");
    assertThat(made.status()).isEqualTo(201);
    assertThat(made.json().path("token").asString()).startsWith("gov_");

    assertThat(api.get("/api/v1/slos").status()).as("reads need credentials now").isEqualTo(401);
    assertThat(api.get("/api/v1/slos").header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(api.withToken(made.json().path("token").asString()).get("/api/v1/me").json().path("actor").asString())
        .isEqualTo("token:ci");
    assertThat(api.withToken(null).get("/healthz").status()).isEqualTo(200);
    assertThat(api.get("/metrics").status()).as("auth.publicMetrics").isEqualTo(200);
  }

  @Test
  void aToken_isStoredOnlyAsItsHash_shownOnce_andRevokedAtOnce() throws IOException {
    adminToken();
    TestServer.Response made = api.post("/api/v1/tokens", JSON, "{\"name\": \"deployer\", \"role\": \"editor\"}");
    String secret = made.json().path("token").asString();

    api.close();
    byte[] database = Files.readAllBytes(dataDir.resolve("governor.db"));
    byte[] wal = Files.exists(dataDir.resolve("governor.db-wal")) ? Files.readAllBytes(dataDir.resolve("governor.db-wal")) : new byte[0];
    String everything = new String(database, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1);
    assertThat(everything).doesNotContain(secret).doesNotContain(secret.substring(4));
    assertThat(everything).contains(sha256(secret));

    api = new TestServer(dataDir).withToken(secret);
    assertThat(api.get("/api/v1/me").json().path("globalRole").asString()).isEqualTo("editor");
    assertThat(api.get("/api/v1/tokens").status()).as("an editor may not list tokens").isEqualTo(403);
    assertThat(api.get("/api/v1/slos").status()).isEqualTo(200);
  }

  @Test
  void aRevokedOrExpiredToken_is401_andAViewerGets403_forAWrite_changingNothing() {
    String admin = adminToken();
    String viewer = api.post("/api/v1/tokens", JSON, "{\"name\": \"dash\", \"role\": \"viewer\"}").json().path("token").asString();
    TestServer.Response shortLived = api.post("/api/v1/tokens", JSON,
        "{\"name\": \"brief\", \"role\": \"editor\", \"expiresIn\": \"1h\"}");
    String brief = shortLived.json().path("token").asString();

    TestServer.Response refused = api.withToken(viewer).applyYaml(TestServer.resource("checkout.yaml"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("type").asString()).isEqualTo("/problems/forbidden");
    assertThat(refused.json().path("detail").asString()).contains("editor");
    assertThat(api.get("/api/v1/slos").json().path("slos")).isEmpty();

    assertThat(api.withToken(brief).get("/api/v1/slos").status()).isEqualTo(200);
    api.clock.advance(Duration.ofMinutes(61));
    assertThat(api.withToken(brief).get("/api/v1/slos").status()).as("expired").isEqualTo(401);

    long dashId = tokenId(admin, "dash");
    assertThat(api.withToken(admin).delete("/api/v1/tokens/" + dashId).status()).isEqualTo(204);
    assertThat(api.withToken(viewer).get("/api/v1/slos").status()).as("revoked").isEqualTo(401);
    assertThat(api.withToken(admin).delete("/api/v1/tokens/" + dashId).status()).isEqualTo(409);
  }

  private long tokenId(String admin, String name) {
    for (JsonNode t : api.withToken(admin).get("/api/v1/tokens").json().path("tokens")) {
      if (t.path("name").asString().equals(name)) return t.path("id").asLong();
    }
    throw new AssertionError("no token " + name);
  }

  @Test
  void aTeamToken_mayActOnlyOnItsTeamsServices() {
    String admin = adminToken();
    assertThat(api.post("/api/v1/teams", "application/yaml", """
        apiVersion: governor.dev/v1
        kind: Team
        metadata: {name: payments}
        spec:
          services: [checkout]
          members:
            - {name: alice, role: editor}
        """).status()).isEqualTo(200);
    String payments = api.post("/api/v1/tokens", JSON, "{\"name\": \"payments-ci\", \"role\": \"editor\", \"team\": \"payments\"}")
        .json().path("token").asString();
    api.withToken(payments);

    TestServer.Response ours = api.post("/api/v1/deployments", JSON,
        "{\"id\": \"d1\", \"service\": \"checkout\", \"environment\": \"production\", \"version\": \"1.0.0\", \"commit\": \"3f2a9c1\"}");
    assertThat(ours.status()).as(ours.body()).isEqualTo(201);
    TestServer.Response theirs = api.post("/api/v1/deployments", JSON,
        "{\"id\": \"d2\", \"service\": \"search\", \"environment\": \"production\", \"version\": \"1.0.0\", \"commit\": \"3f2a9c1\"}");
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(403);
    assertThat(theirs.json().path("detail").asString()).contains("search");
    assertThat(api.withToken(admin).get("/api/v1/deployments/d2").status()).isEqualTo(404);

    JsonNode audit = api.get("/api/v1/audit/actions?team=payments").json().path("actions");
    assertThat(audit).anySatisfy(a -> {
      assertThat(a.path("actor").asString()).isEqualTo("token:payments-ci");
      assertThat(a.path("action").asString()).isEqualTo("deployment.record");
    });
  }

  @Test
  void aHotfixGrant_letsTheNextGateCheckThroughAFreeze_namingWhoGrantedIt() {
    String admin = adminToken();
    dev.governor.incident.Signal signal = new dev.governor.incident.Signal(dev.governor.incident.SignalSource.ALERTMANAGER,
        "am", dev.governor.incident.SignalAction.TRIGGER, java.util.Optional.of("freeze-1"), "Checkout is down",
        dev.governor.incident.AlertSeverity.CRITICAL, Map.of("service", "checkout"), Map.of(), List.of(), api.clock.instant());
    api.server.incidents().accept(List.of(signal));
    String body = "{\"environment\": \"production\", \"version\": \"1.4.3\"}";
    assertThat(api.post("/api/v1/gates/checkout/check", JSON, body).json().path("decision").asString()).isEqualTo("block");

    String viewer = api.post("/api/v1/tokens", JSON, "{\"name\": \"v\", \"role\": \"viewer\"}").json().path("token").asString();
    assertThat(api.withToken(viewer).post("/api/v1/gates/checkout/approvals", JSON,
        "{\"kind\": \"hotfix\", \"reason\": \"x\"}").status()).isEqualTo(403);
    TestServer.Response granted = api.withToken(admin).post("/api/v1/gates/checkout/approvals", JSON,
        "{\"kind\": \"hotfix\", \"reason\": \"fixes the outage\", \"environment\": \"production\", \"by\": \"alice\"}");
    assertThat(granted.status()).as(granted.body()).isEqualTo(201);
    assertThat(api.post("/api/v1/gates/checkout/approvals", JSON, "{\"kind\": \"bribe\", \"reason\": \"x\"}").status())
        .isEqualTo(400);

    JsonNode decision = api.post("/api/v1/gates/checkout/check", JSON, body).json();
    assertThat(decision.path("decision").asString()).as(decision.toString()).isNotEqualTo("block");
    assertThat(decision.path("override").path("kind").asString()).isEqualTo("hotfix");
    assertThat(decision.path("override").path("reason").asString()).isEqualTo("fixes the outage");
    assertThat(api.post("/api/v1/gates/checkout/check", JSON, "{\"environment\": \"staging\"}").json().path("decision").asString())
        .as("the grant named production").isEqualTo("block");
    api.clock.advance(Duration.ofHours(5));
    assertThat(api.post("/api/v1/gates/checkout/check", JSON, body).json().path("decision").asString())
        .as("four hours later").isEqualTo("block");
  }

  @Test
  void aOneClickLink_usedTwice_expired_orForAnotherIncident_isRefused_andChangesNothing() {
    adminToken();
    long first = incident("link-a", "checkout");
    long second = incident("link-b", "cart");
    String path = api.server.access().acknowledgeLinks().pathFor(new dev.governor.incident.IncidentId(first), "erin").orElseThrow();
    String token = path.substring(path.indexOf("?t=") + 3);

    Reply confirm = send("GET", path, null, null, null, Map.of());
    assertThat(confirm.status()).isEqualTo(200);
    assertThat(confirm.body()).contains("Acknowledge incident #" + first + "?").contains("erin");
    assertThat(state(first)).as("opening the link changes nothing").isEqualTo("triggered");

    Reply otherIncident = send("POST", "/ack/" + second, null, "application/x-www-form-urlencoded", "t=" + token, Map.of());
    assertThat(otherIncident.status()).isEqualTo(403);
    assertThat(otherIncident.body()).contains("another incident");
    assertThat(state(second)).isEqualTo("triggered");

    Reply done = send("POST", "/ack/" + first, null, "application/x-www-form-urlencoded", "t=" + token, Map.of());
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).contains("Acknowledged");
    assertThat(api.get("/api/v1/incidents/" + first).json().path("acknowledgedBy").asString()).isEqualTo("erin");
    Reply twice = send("POST", "/ack/" + first, null, "application/x-www-form-urlencoded", "t=" + token, Map.of());
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body()).contains("used already");

    String late = api.server.access().acknowledgeLinks().pathFor(new dev.governor.incident.IncidentId(second), "erin").orElseThrow();
    api.clock.advance(Duration.ofHours(25));
    Reply expired = send("POST", "/ack/" + second, null, "application/x-www-form-urlencoded",
        "t=" + late.substring(late.indexOf("?t=") + 3), Map.of());
    assertThat(expired.status()).isEqualTo(403);
    assertThat(expired.body()).contains("expired");
    assertThat(state(second)).isEqualTo("triggered");
    assertThat(api.get("/api/v1/audit/actions?actor=erin").json().path("actions")).hasSize(1);
  }

  private long incident(String key, String service) {
    dev.governor.incident.Signal signal = new dev.governor.incident.Signal(dev.governor.incident.SignalSource.ALERTMANAGER,
        "am", dev.governor.incident.SignalAction.TRIGGER, java.util.Optional.of(key), "Checkout is down " + key,
        dev.governor.incident.AlertSeverity.CRITICAL, Map.of("service", service, "alertname", key), Map.of(), List.of(),
        api.clock.instant());
    return api.server.incidents().accept(List.of(signal)).getFirst().incident().orElseThrow().number();
  }

  private String state(long incident) {
    return api.get("/api/v1/incidents/" + incident).json().path("state").asString();
  }

  // ----- browser sessions

  record Reply(int status, Map<String, List<String>> headers, String body) {
    List<String> cookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }

    String cookie(String name) {
      for (String c : cookies()) if (c.startsWith(name + "=")) return c.substring(name.length() + 1, c.indexOf(';'));
      return null;
    }

    String header(String name) {
      List<String> v = headers.get(name.toLowerCase());
      return v == null ? null : v.getFirst();
    }
  }

  Reply send(String method, String path, String cookie, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.server.baseUri().resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) b.header("Cookie", cookie);
    if (contentType != null) b.header("Content-Type", contentType);
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, List<String>> h = new java.util.HashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), v));
      return new Reply(r.statusCode(), h, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs in with a password as a browser does: the form's CSRF cookie, then the post. */
  Reply signIn(String user, String password, String extraCookie) {
    Reply form = send("GET", "/login", null, null, null, Map.of());
    String loginCsrf = form.cookie("governor_login");
    Matcher field = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(field.find()).isTrue();
    return send("POST", "/login", "governor_login=" + loginCsrf + (extraCookie == null ? "" : "; " + extraCookie),
        "application/x-www-form-urlencoded", "_csrf=" + field.group(1) + "&username=" + user + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next=%2Fincidents", Map.of());
  }

  String csrfOf(String session) {
    Reply page = send("GET", "/account", "governor_session=" + session, null, null, Map.of());
    Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
    assertThat(m.find()).as(page.body()).isTrue();
    return m.group(1);
  }

  @Test
  void signingIn_setsAnHttpOnlyLaxCookie_aNewIdEachTime_andSignOutEndsTheSession() {
    adminToken();
    Reply planted = signIn("alice", PASSWORD, "governor_session=attacker-chosen-id");
    assertThat(planted.status()).isEqualTo(303);
    assertThat(planted.header("Location")).isEqualTo("/incidents");
    String session = planted.cookie("governor_session");
    assertThat(session).isNotEqualTo("attacker-chosen-id").hasSizeGreaterThan(40);
    String setCookie = planted.cookies().stream().filter(c -> c.startsWith("governor_session=")).findFirst().orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");

    assertThat(send("GET", "/api/v1/me", "governor_session=" + session, null, null, Map.of()).body()).contains("\"alice\"");
    assertThat(send("GET", "/api/v1/me", "governor_session=attacker-chosen-id", null, null, Map.of()).status()).isEqualTo(401);

    Reply again = signIn("alice", PASSWORD, "governor_session=" + session);
    assertThat(again.cookie("governor_session")).isNotEqualTo(session);
    assertThat(send("GET", "/api/v1/me", "governor_session=" + session, null, null, Map.of()).status())
        .as("the session a sign-in replaced is gone").isEqualTo(401);

    String current = again.cookie("governor_session");
    String csrf = csrfOf(current);
    Reply out = send("POST", "/logout", "governor_session=" + current, "application/x-www-form-urlencoded", "_csrf=" + csrf, Map.of());
    assertThat(out.status()).isEqualTo(303);
    assertThat(send("GET", "/api/v1/me", "governor_session=" + current, null, null, Map.of()).status()).isEqualTo(401);
    assertThat(send("GET", "/incidents", "governor_session=" + current, null, null, Map.of()).header("Location"))
        .startsWith("/login?next=");
  }

  @Test
  void withPublicHttpsUrl_theCookieIsSecure() {
    api = new TestServer(dataDir, Map.of("server.publicUrl", "https://governor.example.com"));
    api.post("/api/v1/accounts", JSON, "{\"name\": \"alice\", \"role\": \"admin\", \"password\": \"" + PASSWORD + "\"}");
    Reply in = signIn("alice", PASSWORD, null);
    assertThat(in.cookies().stream().filter(c -> c.startsWith("governor_session=")).findFirst().orElseThrow()).contains("; Secure");
  }

  @Test
  void aSessionsWrite_withoutItsCsrfToken_is403_andChangesNothing() {
    String admin = adminToken();
    api.applyYaml(TestServer.resource("checkout.yaml"));
    String session = signIn("alice", PASSWORD, null).cookie("governor_session");
    Reply without = send("POST", "/api/v1/silences", "governor_session=" + session, JSON,
        "{\"matchers\": [\"service=\\\"checkout\\\"\"], \"duration\": \"1h\", \"comment\": \"x\"}", Map.of());
    assertThat(without.status()).isEqualTo(403);
    assertThat(without.body()).contains("CSRF");
    Reply wrong = send("POST", "/api/v1/silences", "governor_session=" + session, JSON,
        "{\"matchers\": [\"service=\\\"checkout\\\"\"], \"duration\": \"1h\", \"comment\": \"x\"}",
        Map.of("X-CSRF-Token", "not-the-token-not-the-token-not-the-token"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(api.withToken(admin).get("/api/v1/silences").json().path("silences")).isEmpty();

    Reply with = send("POST", "/api/v1/silences", "governor_session=" + session, JSON,
        "{\"matchers\": [\"service=\\\"checkout\\\"\"], \"duration\": \"1h\", \"comment\": \"drill\"}",
        Map.of("X-CSRF-Token", csrfOf(session)));
    assertThat(with.status()).as(with.body()).isEqualTo(201);
    assertThat(with.body()).contains("\"createdBy\":\"alice\"");
    assertThat(api.get("/api/v1/audit/actions?actor=alice").json().path("actions").toString()).contains("silence.create");
  }

  @Test
  void failedSignIns_areThrottledPerAccount_evenWithTheRightPasswordAfterwards() {
    adminToken();
    for (int i = 0; i < 5; i++) {
      Reply wrong = signIn("alice", "wrong password " + i, null);
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.body()).contains("The account name or password is wrong.");
    }
    Reply blocked = signIn("alice", PASSWORD, null);
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.header("Retry-After")).isNotNull();
    assertThat(blocked.cookie("governor_session")).isNull();
    assertThat(signIn("victor", PASSWORD, null).status()).as("the address tried too often as well").isEqualTo(429);
    api.clock.advance(Duration.ofMinutes(16));
    assertThat(signIn("alice", PASSWORD, null).status()).isEqualTo(303);
  }

  @Test
  void anUnknownAccount_andAWrongPassword_getTheSameAnswer() {
    adminToken();
    Reply unknown = signIn("mallory", PASSWORD, null);
    Reply wrong = signIn("alice", "not the password at all", null);
    assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
    assertThat(errorOf(unknown)).isEqualTo(errorOf(wrong)).isEqualTo("The account name or password is wrong.");
  }

  private static String errorOf(Reply reply) {
    Matcher m = Pattern.compile("role=\"alert\">([^<]+)<").matcher(reply.body());
    return m.find() ? m.group(1) : "";
  }

  @Test
  void aSessionIdleTooLong_isSentToSignIn() {
    adminToken();
    String session = signIn("alice", PASSWORD, null).cookie("governor_session");
    assertThat(send("GET", "/incidents", "governor_session=" + session, null, null, Map.of()).status()).isEqualTo(200);
    api.clock.advance(Duration.ofHours(13));
    Reply expired = send("GET", "/incidents", "governor_session=" + session, null, null, Map.of());
    assertThat(expired.status()).isEqualTo(303);
    assertThat(expired.header("Location")).isEqualTo("/login?next=%2Fincidents");
  }

  @Test
  void aViewer_seesNoActionButtons_andTheRouteRefusesThem() {
    adminToken();
    String session = signIn("victor", PASSWORD, null).cookie("governor_session");
    Reply silences = send("GET", "/silences", "governor_session=" + session, null, null, Map.of());
    assertThat(silences.status()).isEqualTo(200);
    assertThat(silences.body()).doesNotContain("create-silence");
    Reply refused = send("POST", "/api/v1/silences", "governor_session=" + session, JSON,
        "{\"matchers\": [\"a=\\\"b\\\"\"], \"duration\": \"1h\", \"comment\": \"x\"}", Map.of("X-CSRF-Token", csrfOf(session)));
    assertThat(refused.status()).isEqualTo(403);
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
