package dev.governor.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.notify.Channel;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each channel's rendering of one message, held to golden files in {@code src/test/resources/golden}.
 * Run with {@code -Dgolden.update=true} to write them from what the code does now, then read the diff.
 */
class MessageRenderingTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Notification incident() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("incident", "12");
    fields.put("severity", "page");
    fields.put("service", "checkout");
    fields.put("summary", "5xx ratio 4.2 % > 0.1 % for 5m <!channel> & friends");
    Message message = new Message("incident.triggered", "[page] Checkout availability burns its budget 14.4x",
        "The error budget of checkout-availability burns 14.4x over 1h and 5m.\nDeploy 1.4.2 started 09:30.",
        fields,
        List.of(new Message.Link("Incident 12", URI.create("https://governor.example.com/incidents/12")),
            new Message.Link("Runbook", URI.create("https://wiki.example.com/runbooks/checkout?tab=5xx&lang=en"))));
    return new Notification(NotificationKey.of("incident-12/round-1/level-2/alice/webhook"),
        new Channel.Webhook(URI.create("https://hooks.example.com/governor"), Optional.of("s3cret")),
        message, Instant.parse("2026-03-02T10:00:30Z"));
  }

  @Test
  void aWebhook_getsJsonWithTheKeyEventSubjectTextFieldsLinksAndCreationTime() {
    String body = MessageRendering.webhookJson(incident());

    // Compact on the wire; compared pretty, so that the golden file reads well.
    String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(body));
    check("notification-webhook.json", pretty + "\n");
    assertThat(body).doesNotContain("\n").doesNotContain("s3cret");
  }

  @Test
  void slack_getsMrkdwnWithTheSubjectInBold_andEscapesWhatWouldPingAChannel() {
    check("notification-slack.txt", MessageRendering.slackText(incident().message()) + "\n");
    assertThat(Json.MAPPER.readTree(MessageRendering.slackJson(incident())).path("text").asString())
        .isEqualTo(MessageRendering.slackText(incident().message()));
  }

  @Test
  void email_getsPlainTextWithFieldsLinksAndTheKeyInTheSignature() {
    check("notification-email.txt", MessageRendering.emailText(incident()));
  }

  @Test
  void aMessageWithoutTextFieldsOrLinks_rendersJustTheSubject() {
    Notification bare = new Notification(NotificationKey.of("k"), new Channel.Email("a@example.com"),
        Message.of("test", "Just this", ""), Instant.EPOCH);

    assertThat(MessageRendering.slackText(bare.message())).isEqualTo("*Just this*");
    assertThat(MessageRendering.emailText(bare)).isEqualTo("-- \nSent by Governor (test, idempotency key k)\n");
  }

  @Test
  void theMessageId_isTheKeyBeforeTheSendersDomain_withWhatMayNotStandThereEncoded() {
    assertThat(MessageRendering.messageId(NotificationKey.of("incident-12/round-1/level-2/alice/email"), "example.com"))
        .isEqualTo("<incident-12/round-1/level-2/alice/email@example.com>");
    assertThat(MessageRendering.messageId(NotificationKey.of("a.b@c<d>=e"), "example.com"))
        .isEqualTo("<a=2Eb=40c=3Cd=3E=3De@example.com>");
    // Encoding '=' too keeps two keys from sharing an id.
    assertThat(MessageRendering.messageId(NotificationKey.of("a=2Eb"), "example.com"))
        .isNotEqualTo(MessageRendering.messageId(NotificationKey.of("a.b"), "example.com"));
  }

  private static void check(String name, String actual) {
    Path expected = GOLDEN.resolve(name);
    try {
      if (Boolean.getBoolean("golden.update") || !Files.exists(expected)) {
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
        assertThat(Boolean.getBoolean("golden.update"))
            .as("wrote missing golden file %s; review it and run again", expected).isTrue();
      }
      assertThat(actual).as("golden file %s", expected).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
