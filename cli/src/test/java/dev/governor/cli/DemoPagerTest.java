package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.http.HmacSignature;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo's pager over real HTTP: what a signed page, a follow-up and a forged request print. */
class DemoPagerTest {

  final StringWriter console = new StringWriter();
  final DemoPager pager = DemoPager.start(new PrintWriter(console),
      InstantSource.fixed(Instant.parse("2026-03-02T10:03:12.345Z")));
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    pager.close();
    http.close();
  }

  static String body(String event, String key, String subject) {
    return """
        {"idempotencyKey": "%s", "event": "%s", "subject": "%s", "text": "…", "fields": {}, "links": [],
         "createdAt": "2026-03-02T10:03:12Z"}""".formatted(key, event, subject);
  }

  int post(String user, String body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(pager.url(user))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) request.header(HmacSignature.HEADER, signature);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aSignedPage_isAnswered200_andPrintedAsOneLineWithTheUserAndSubject() throws Exception {
    String page = body("incident.triggered", "incident-3/round-1/level-1/dave/webhook",
        "[#3 TRIGGERED] edge: edge-availability burns its error budget 14.4x too fast");

    assertThat(post("dave", page, HmacSignature.sha256(pager.secret(), page))).isEqualTo(200);

    assertThat(console.toString()).isEqualTo("2026-03-02T10:03:12Z PAGE     → dave: "
        + "[#3 TRIGGERED] edge: edge-availability burns its error budget 14.4x too fast" + System.lineSeparator());
  }

  @Test
  void aPageSentAgainWithItsKey_afterAFailover_isAnswered200_andRingsOnce() throws Exception {
    String key = "incident-3/round-1/level-1/dave/webhook";
    String page = body("incident.triggered", key, "[#3 TRIGGERED] edge: x");
    for (int i = 0; i < 2; i++) {
      HttpRequest request = HttpRequest.newBuilder(pager.url("dave")).header("Content-Type", "application/json")
          .header("Idempotency-Key", key).header(HmacSignature.HEADER, HmacSignature.sha256(pager.secret(), page))
          .POST(HttpRequest.BodyPublishers.ofString(page)).build();
      assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    assertThat(console.toString()).containsOnlyOnce("PAGE     → dave").contains("a repeat (sent again after a failover) is dropped");
  }

  @Test
  void aRequestSignedWithAnotherSecret_isRefused401_andReportedAsNotFromTheDemo() throws Exception {
    String page = body("incident.triggered", "incident-3/round-1/level-1/dave/webhook", "[#3 TRIGGERED] edge: x");

    assertThat(post("dave", page, HmacSignature.sha256("not-the-secret", page))).isEqualTo(401);
    assertThat(post("dave", page, null)).isEqualTo(401);

    assertThat(console.toString()).contains("refused a notification for dave with a wrong signature")
        .contains("refused a notification for dave with no signature").doesNotContain("PAGE");
  }

  @Test
  void anEscalatedPage_saysItsLevel_andFollowUpsAreMarkedByWhatHappened() {
    assertThat(DemoPager.line("frank", body("incident.triggered", "incident-3/round-1/level-2/frank/webhook",
        "[#3 TRIGGERED] edge: x")))
        .isEqualTo("PAGE     → frank (level 2: nobody acknowledged): [#3 TRIGGERED] edge: x");
    assertThat(DemoPager.line("dave", body("incident.triggered", "incident-3/reopen-1/round-2/level-1/dave/webhook",
        "[#3 TRIGGERED] edge: x")))
        .isEqualTo("PAGE     → dave (level 1, round 2: nobody acknowledged): [#3 TRIGGERED] edge: x");
    assertThat(DemoPager.line("dave", body("incident.acknowledged", "incident-3/acknowledged/dave/webhook",
        "[#3 ACKNOWLEDGED] edge: x"))).isEqualTo("ACKED    → dave: [#3 ACKNOWLEDGED] edge: x");
    assertThat(DemoPager.line("dave", body("incident.resolved", "incident-3/resolved/dave/webhook",
        "[#3 RESOLVED] edge: x"))).isEqualTo("RESOLVED → dave: [#3 RESOLVED] edge: x");
    assertThat(DemoPager.line("dave", "<html>")).startsWith("pager: dave received a body that is not JSON");
  }
}
