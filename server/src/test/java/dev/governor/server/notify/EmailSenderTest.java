package dev.governor.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.governor.notify.Backoff;
import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.server.config.ServerConfig;
import dev.governor.storage.jdbc.Database;
import dev.governor.testing.FakeClock;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Email notifications through a real SMTP server (GreenMail) on 127.0.0.1. */
class EmailSenderTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final FakeClock clock = new FakeClock(T0);
  final int port = WebhookReceiver.freePort();
  GreenMail smtp;

  @AfterEach
  void stop() {
    if (smtp != null) smtp.stop();
  }

  void startSmtp(GreenMailConfiguration config) {
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withConfiguration(config);
    smtp.start();
  }

  EmailSender sender(String username, String password) {
    return new EmailSender(new ServerConfig.Smtp("127.0.0.1", port, "Governor <governor@example.com>", username,
        password, false), TIMEOUT, TIMEOUT, clock);
  }

  static Notification incident() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("incident", "12");
    fields.put("severity", "page");
    return new Notification(NotificationKey.of("incident-12/round-1/level-2/alice/email"),
        new Channel.Email("alice@example.com"),
        new Message("incident.triggered", "[page] Zahlungen schlagen fehl ✗", "Checkout fails since 09:30.", fields,
            List.of(new Message.Link("Incident 12", URI.create("https://governor.example.com/incidents/12")))),
        T0);
  }

  @Test
  void anEmail_arrivesWithSubjectBodyAndAMessageIdDerivedFromTheKey_theSameOnARetry() throws Exception {
    startSmtp(GreenMailConfiguration.aConfig());
    EmailSender sender = sender("", "");

    assertThat(sender.send(new Channel.Email("alice@example.com"), incident())).isInstanceOf(Attempt.Acknowledged.class);
    assertThat(sender.send(new Channel.Email("alice@example.com"), incident())).isInstanceOf(Attempt.Acknowledged.class);

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2);
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("[page] Zahlungen schlagen fehl ✗");
    assertThat(mail.getMessageID()).isEqualTo("<incident-12/round-1/level-2/alice/email@example.com>");
    assertThat(received[1].getMessageID()).isEqualTo(mail.getMessageID());
    assertThat(mail.getFrom()[0].toString()).isEqualTo("Governor <governor@example.com>");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
    assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(mail.getHeader("X-Governor-Idempotency-Key", null)).isEqualTo("incident-12/round-1/level-2/alice/email");
    assertThat(mail.getSentDate().toInstant()).isEqualTo(T0);
    // SMTP's end of data takes the last line break with it.
    assertThat(((String) mail.getContent()).replace("\r\n", "\n"))
        .isEqualTo(MessageRendering.emailText(incident()).stripTrailing());
  }

  @Test
  void withAUserName_itAuthenticates_andAWrongPasswordFailsTheAttempt() {
    startSmtp(GreenMailConfiguration.aConfig().withUser("governor@example.com", "governor", "right"));

    assertThat(sender("governor", "right").send(new Channel.Email("alice@example.com"), incident()))
        .isInstanceOf(Attempt.Acknowledged.class);
    assertThat(sender("governor", "wrong").send(new Channel.Email("alice@example.com"), incident()))
        .isInstanceOfSatisfying(Attempt.Failed.class, failed -> {
          assertThat(failed.error()).startsWith("SMTP 127.0.0.1:" + port).doesNotContain("wrong");
          assertThat(failed.targetDown()).isTrue();
        });
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void anSmtpServerThatIsDown_failsTheAttempt_andTheDispatcherDeliversOnceItIsUp(@TempDir Path dataDir) {
    try (Database database = Database.sqlite(dataDir)) {
      ServerConfig.Notifications config = new ServerConfig.Notifications(
          new ServerConfig.Smtp("127.0.0.1", port, "governor@example.com", "", "", false),
          TIMEOUT, TIMEOUT, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofHours(24));
      assertThat(config.backoff()).isEqualTo(Backoff.DEFAULT);
      try (NotificationDispatcher dispatcher = NotificationDispatcher.create(config, database.notifications(), clock)) {
        assertThat(dispatcher.emailConfigured()).isTrue();
        dispatcher.enqueue(incident());
        dispatcher.enqueue(new Notification(NotificationKey.of("incident-12/round-1/level-2/bob/email"),
            new Channel.Email("bob@example.com"), Message.of("incident.triggered", "For Bob", ""), T0));

        dispatcher.sendDue();
        assertThat(database.notifications().list(Optional.empty(), "", 10)).allSatisfy(e -> {
          assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
          assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error).contains("127.0.0.1:" + port));
        });

        startSmtp(GreenMailConfiguration.aConfig());
        clock.advance(Duration.ofSeconds(10));
        dispatcher.sendDue();
      }
      assertThat(database.notifications().list(Optional.of(DeliveryState.DELIVERED), "", 10)).hasSize(2);
      assertThat(smtp.getReceivedMessages()).extracting(m -> m.getMessageID()).containsExactlyInAnyOrder(
          "<incident-12/round-1/level-2/alice/email@example.com>", "<incident-12/round-1/level-2/bob/email@example.com>");
    }
  }

  @Test
  void withoutAnSmtpHost_anEmailFailsSayingWhatToConfigure() {
    EmailSender sender = new EmailSender(ServerConfig.defaults().notifications().smtp(), TIMEOUT, TIMEOUT, clock);

    assertThat(sender.configured()).isFalse();
    assertThat(sender.send(new Channel.Email("alice@example.com"), incident()))
        .isEqualTo(new Attempt.Failed("no SMTP server is configured; set notifications.smtp.host", true));
  }
}
