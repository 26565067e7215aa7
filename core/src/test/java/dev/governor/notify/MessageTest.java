package dev.governor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void fields_keepTheOrderTheyWereGivenIn() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("severity", "page");
    fields.put("incident", "12");
    fields.put("service", "checkout");

    Message message = new Message("incident.triggered", "Checkout is failing", "", fields, List.of());

    assertThat(message.fields().keySet()).containsExactly("severity", "incident", "service");
  }

  @Test
  void aMessage_refusesABadEvent_aMultiLineSubject_aBadFieldName_andALinkThatIsNotHttp() {
    assertThatThrownBy(() -> Message.of("Incident Triggered", "s", ""))
        .hasMessageContaining("such as incident.triggered, got 'Incident Triggered'");
    assertThatThrownBy(() -> Message.of("test", "two\nlines", ""))
        .hasMessageContaining("a subject is one line");
    assertThatThrownBy(() -> Message.of("test", " ", ""))
        .hasMessageContaining("a subject is one line of 1 to 200");
    assertThatThrownBy(() -> new Message("test", "s", "", Map.of("bad name", "x"), List.of()))
        .hasMessageContaining("got 'bad name'");
    assertThatThrownBy(() -> new Message("test", "s", "", Map.of("a", "x\ny"), List.of()))
        .hasMessageContaining("the field a needs one line");
    assertThatThrownBy(() -> new Message.Link("runbook", URI.create("file:///etc/passwd")))
        .hasMessageContaining("http:// or https://");
  }

  @Test
  void aMissingText_isEmpty() {
    assertThat(Message.of("test", "s", null).text()).isEmpty();
  }

  @Test
  void aKey_isPrintableAsciiWithoutSpaces() {
    assertThat(NotificationKey.of("incident-12/round-1/level-2/alice/webhook").value())
        .isEqualTo("incident-12/round-1/level-2/alice/webhook");
    assertThatThrownBy(() -> NotificationKey.of("has space")).hasMessageContaining("got 'has space'");
    assertThatThrownBy(() -> NotificationKey.of("")).hasMessageContaining("1 to 200");
    assertThatThrownBy(() -> NotificationKey.of("ü")).hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> NotificationKey.of("k".repeat(201))).hasMessageContaining("1 to 200");
  }

  @Test
  void anEntry_isPendingExactlyWhenItHasNoSettledTime() {
    Notification n = new Notification(NotificationKey.of("k"), new Channel.Email("a@example.com"),
        Message.of("test", "s", ""), Instant.EPOCH);

    assertThatThrownBy(() -> new OutboxEntry(1, n, DeliveryState.PENDING, 0, Instant.EPOCH,
        Optional.of(Instant.EPOCH), Optional.empty())).hasMessageContaining("a pending notification has no settled time");
    assertThatThrownBy(() -> new OutboxEntry(1, n, DeliveryState.DELIVERED, 1, Instant.EPOCH,
        Optional.empty(), Optional.empty())).hasMessageContaining("a delivered notification needs a settled time");
    OutboxEntry pending = new OutboxEntry(1, n, DeliveryState.PENDING, 2, Instant.EPOCH, Optional.empty(), Optional.of("HTTP 503"));
    assertThat(pending.settled(DeliveryState.FAILED, Instant.EPOCH, Optional.of("HTTP 500")))
        .isEqualTo(new OutboxEntry(1, n, DeliveryState.FAILED, 3, Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of("HTTP 500")));
  }

  @Test
  void aState_readsItsLabel() {
    assertThat(DeliveryState.ofLabel("failed")).contains(DeliveryState.FAILED);
    assertThat(DeliveryState.ofLabel("FAILED")).isEmpty();
  }

  @Test
  void aChannel_namesItsType() {
    assertThat(new Channel.Webhook(URI.create("https://h.example/x"), Optional.empty()).type()).isEqualTo("webhook");
    assertThat(new Channel.Slack(URI.create("https://hooks.slack.com/services/T/B/x")).type()).isEqualTo("slack");
    assertThat(new Channel.Email("a@example.com").type()).isEqualTo("email");
  }
}
