package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.notify.DeliveryState;
import dev.governor.notify.OutboxEntry;
import dev.governor.server.http.HmacSignature;
import dev.governor.server.notify.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The notification outbox over HTTP: the test button and the list, against a real webhook endpoint. */
class NotificationApiTest {

  @TempDir Path dataDir;
  final WebhookReceiver receiver = new WebhookReceiver();
  final List<OutboxEntry> settled = new CopyOnWriteArrayList<>();
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    api.server.notifications().addListener(settled::add);
  }

  @AfterEach
  void stop() {
    api.close();
    receiver.close();
  }

  TestServer.Response test(String body) {
    return api.post("/api/v1/notifications/test", "application/json", body);
  }

  JsonNode notifications(String query) {
    TestServer.Response response = api.get("/api/v1/notifications" + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().path("notifications");
  }

  @Test
  void theTestButton_queuesASignedNotification_answers202WithItsKey_andTheOutboxShowsItDelivered() {
    receiver.start();

    TestServer.Response response = test("""
        {"channel": {"type": "webhook", "url": "%s", "secret": "s3cret"}}""".formatted(receiver.url("/governor")));

    assertThat(response.status()).as(response.body()).isEqualTo(202);
    String key = response.json().path("idempotencyKey").asString();
    assertThat(key).startsWith("test/");
    assertThat(response.json().path("created").asBoolean()).isTrue();
    assertThat(response.json().path("channel").asString()).isEqualTo("webhook " + receiver.url("/governor"));
    assertThat(response.header("Location")).isEqualTo("/api/v1/notifications?key=" + key.replace("/", "%2F"));

    await().atMost(Duration.ofSeconds(10)).until(() -> notifications("?state=delivered").size() == 1);
    JsonNode delivered = notifications("?key=" + key).get(0);
    assertThat(delivered.path("idempotencyKey").asString()).isEqualTo(key);
    assertThat(delivered.path("channelType").asString()).isEqualTo("webhook");
    assertThat(delivered.path("event").asString()).isEqualTo("test");
    assertThat(delivered.path("state").asString()).isEqualTo("delivered");
    assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
    assertThat(delivered.path("createdAt").asString()).isEqualTo(TestServer.NOW.toString());
    assertThat(delivered.path("settledAt").asString()).isEqualTo(TestServer.NOW.toString());
    assertThat(delivered.path("nextAttemptAt").isNull()).isTrue();
    assertThat(delivered.toString()).doesNotContain("s3cret");

    assertThat(receiver.received()).singleElement().satisfies(r -> {
      assertThat(r.idempotencyKey()).isEqualTo(key);
      assertThat(r.bodyKey()).isEqualTo(key);
      assertThat(r.signature()).isEqualTo(HmacSignature.sha256("s3cret", r.body()));
    });
    assertThat(settled).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED));
  }

  @Test
  void aTestWithItsOwnKey_isQueuedOnce_howeverOftenItIsSent() {
    String body = """
        {"channel": {"type": "webhook", "url": "%s"}, "idempotencyKey": "grafana/contact-point-7/test-1"}"""
        .formatted(receiver.url("/hook"));

    TestServer.Response first = test(body);
    TestServer.Response second = test(body);

    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().path("created").asBoolean()).isTrue();
    assertThat(second.status()).isEqualTo(202);
    assertThat(second.json().path("created").asBoolean()).isFalse();
    assertThat(notifications("?key=grafana/")).hasSize(1);
  }

  @Test
  void theList_hidesSecrets_slackPathsIncluded_andFiltersByStateAndKey() {
    // Nothing listens on the receiver's port: both stay pending with an error.
    assertThat(test("""
        {"channel": {"type": "slack", "url": "%s"}, "idempotencyKey": "t/slack"}"""
        .formatted(receiver.url("/services/T000/B000/XXXXSECRET"))).status()).isEqualTo(202);
    assertThat(test("""
        {"channel": {"type": "webhook", "url": "%s", "secret": "hush"}, "idempotencyKey": "t/webhook"}"""
        .formatted(receiver.url("/hook"))).status()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(10)).until(() -> notifications("?state=pending").findValues("lastError").stream()
        .filter(e -> !e.isNull()).count() == 2);
    JsonNode all = notifications("");
    assertThat(all.toString()).doesNotContain("XXXXSECRET").doesNotContain("hush");
    assertThat(all.findValuesAsString("idempotencyKey")).containsExactly("t/webhook", "t/slack");
    assertThat(all.get(1).path("channel").asString()).isEqualTo("slack http://127.0.0.1:" + receiver.url("/").getPort() + "/…");
    assertThat(all.get(0).path("nextAttemptAt").asString()).isEqualTo(TestServer.NOW.plusSeconds(10).toString());
    assertThat(notifications("?state=delivered")).isEmpty();
    assertThat(notifications("?key=t/s")).hasSize(1);
    assertThat(notifications("?limit=1")).hasSize(1);
  }

  @Test
  void aBadChannel_isRefusedWith400NamingTheField_andNothingIsQueued() {
    Map<String, String> badBodies = Map.of(
        "{}", "'channel'",
        "{\"channel\": \"https://x.example\"}", "'channel'",
        "{\"channel\": {}}", "'channel.type'",
        "{\"channel\": {\"type\": \"pager\"}}", "'channel.type'",
        "{\"channel\": {\"type\": \"webhook\"}}", "'channel.url'",
        "{\"channel\": {\"type\": \"webhook\", \"url\": \"ftp://files.example.com/x\"}}", "'channel.url'",
        "{\"channel\": {\"type\": \"slack\", \"url\": \"not a url\"}}", "'channel.url'",
        "{\"channel\": {\"type\": \"webhook\", \"url\": \"https://h.example\", \"secret\": 42}}", "'channel.secret'",
        "{\"channel\": {\"type\": \"email\", \"address\": \"alice@example.com\"}}", "notifications.smtp.host",
        "{\"channel\": {\"type\": \"webhook\", \"url\": \"https://h.example\"}, \"idempotencyKey\": \"has space\"}",
        "'idempotencyKey'");
    badBodies.forEach((body, field) -> {
      TestServer.Response response = test(body);
      assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.json().path("detail").asString()).as(body).contains(field);
    });
    assertThat(test("[1]").status()).isEqualTo(400);
    assertThat(test("{not json").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/notifications/test", "text/plain", "{}").status()).isEqualTo(415);
    assertThat(notifications("")).isEmpty();
  }

  @Test
  void theTestButton_sendsAnEmailThroughTheConfiguredSmtpServer() throws Exception {
    int port = WebhookReceiver.freePort();
    com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(
        new com.icegreen.greenmail.util.ServerSetup(port, "127.0.0.1", "smtp"));
    smtp.start();
    try (TestServer mail = new TestServer(dataDir.resolve("mail"), Map.of("notifications.smtp.host", "127.0.0.1",
        "notifications.smtp.port", Integer.toString(port), "notifications.smtp.from", "governor@example.com",
        "notifications.smtp.starttls", "false"))) {
      TestServer.Response bad = mail.post("/api/v1/notifications/test", "application/json",
          "{\"channel\": {\"type\": \"email\", \"address\": \"alice,bob@example.com\"}}");
      assertThat(bad.status()).as(bad.body()).isEqualTo(400);
      assertThat(bad.json().path("detail").asString()).contains("'channel.address'");

      TestServer.Response queued = mail.post("/api/v1/notifications/test", "application/json",
          "{\"channel\": {\"type\": \"email\", \"address\": \"alice@example.com\"}, \"idempotencyKey\": \"t/mail\"}");
      assertThat(queued.status()).as(queued.body()).isEqualTo(202);

      assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
      jakarta.mail.internet.MimeMessage received = smtp.getReceivedMessages()[0];
      assertThat(received.getSubject()).isEqualTo("Test notification from Governor");
      assertThat(received.getMessageID()).isEqualTo("<t/mail@example.com>");
      assertThat((String) received.getContent()).contains("This is a test of the channel email alice@example.com");
      await().atMost(Duration.ofSeconds(10)).until(() -> mail.get("/api/v1/notifications?state=delivered").json()
          .path("notifications").size() == 1);
    } finally {
      smtp.stop();
    }
  }

  @Test
  void theList_refusesABadStateOrLimit() {
    TestServer.Response state = api.get("/api/v1/notifications?state=lost");
    assertThat(state.status()).isEqualTo(400);
    assertThat(state.json().path("parameter").asString()).isEqualTo("state");
    assertThat(state.json().path("detail").asString()).contains("pending, delivered or failed");
    assertThat(api.get("/api/v1/notifications?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/notifications?limit=x").json().path("parameter").asString()).isEqualTo("limit");
  }
}
