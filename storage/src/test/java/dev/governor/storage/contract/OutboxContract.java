package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every notification {@link Outbox} must do: at-least-once delivery, one entry per key. */
public abstract class OutboxContract extends PortContract<Outbox> {

  static Notification notification(String key, Channel channel, Instant at) {
    return new Notification(NotificationKey.of(key), channel,
        Message.of("test", "Test of " + key, "line one\nline two"), at);
  }

  static Channel webhook(String url) {
    return new Channel.Webhook(URI.create(url), Optional.empty());
  }

  static final Channel EMAIL = new Channel.Email("alice@example.com");

  static List<String> keys(List<OutboxEntry> entries) {
    return entries.stream().map(e -> e.key().value()).toList();
  }

  @Test
  void enqueue_isNewOnce_andASecondEnqueueOfTheKeyChangesNothing() {
    var outbox = store;
    var first = notification("incident-12/round-1/alice/email", EMAIL, minute(0));
    var other = new Notification(first.key(), webhook("https://hooks.example.com/x"),
        Message.of("incident.resolved", "Something else", ""), minute(3));

    assertThat(outbox.enqueue(first)).isTrue();
    assertThat(outbox.enqueue(other)).isFalse();
    assertThat(outbox.enqueue(first)).isFalse();

    assertThat(reopen().get(first.key())).hasValueSatisfying(e -> {
      assertThat(e.notification()).isEqualTo(first);
      assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(e.attempts()).isZero();
      assertThat(e.nextAttemptAt()).isEqualTo(minute(0));
      assertThat(e.settledAt()).isEmpty();
      assertThat(e.lastError()).isEmpty();
    });
    assertThat(store.list(Optional.empty(), "", 10)).hasSize(1);
  }

  @Test
  void aNotification_isStoredAsGiven_everyChannel_withItsSecret_fieldsInOrder_andLinks() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("severity", "page");
    fields.put("incident", "12");
    fields.put("summary", "Zahlungen schlagen fehl — 5 % Fehler, \"quoted\" & <tagged>");
    var message = new Message("incident.triggered", "[page] Checkout ist kaputt ✗",
        "Erste Zeile\n\nDritte Zeile\t mit Tab", fields,
        List.of(new Message.Link("Incident", URI.create("https://governor.example/incidents/12")),
            new Message.Link("Runbook", URI.create("https://wiki.example/runbooks/checkout?x=1&y=2"))));
    var signed = new Notification(NotificationKey.of("a/webhook"),
        new Channel.Webhook(URI.create("https://hooks.example.com/governor"), Optional.of("s3cret")),
        message, minute(0));
    var slack = new Notification(NotificationKey.of("a/slack"),
        new Channel.Slack(URI.create("https://hooks.slack.com/services/T0/B0/xyz")),
        message, minute(1));
    var email = new Notification(NotificationKey.of("a/email"), EMAIL,
        Message.of("test", "Plain", ""), minute(2));
    var unsigned = notification("a/unsigned", webhook("http://127.0.0.1:9/hook"), minute(3));

    for (var n : List.of(signed, slack, email, unsigned)) assertThat(store.enqueue(n)).isTrue();

    var outbox = reopen();
    for (var n : List.of(signed, slack, email, unsigned)) {
      assertThat(outbox.get(n.key())).map(OutboxEntry::notification).contains(n);
    }
    assertThat(outbox.get(signed.key()).orElseThrow().notification().message().fields().keySet())
        .containsExactly("severity", "incident", "summary");
    assertThat(outbox.get(NotificationKey.of("a/nothing"))).isEmpty();
  }

  @Test
  void due_holdsPendingNotificationsDueNow_longestDueFirst_andAFailedAttemptPostponesOne_acrossARestart() {
    var outbox = store;
    outbox.enqueue(notification("k/1", EMAIL, minute(0)));
    outbox.enqueue(notification("k/2", EMAIL, minute(1)));
    outbox.enqueue(notification("k/3", EMAIL, minute(2)));
    long first = outbox.get(NotificationKey.of("k/1")).orElseThrow().id();

    assertThat(keys(outbox.due(minute(1), 10))).containsExactly("k/1", "k/2");
    assertThat(keys(outbox.due(minute(5), 2))).containsExactly("k/1", "k/2");
    assertThat(outbox.failed(first, minute(4), "HTTP 503")).isTrue();
    assertThat(keys(outbox.due(minute(3), 10))).containsExactly("k/2", "k/3");

    var restarted = reopen();
    assertThat(keys(restarted.due(minute(4), 10))).containsExactly("k/2", "k/3", "k/1");
    assertThat(restarted.due(minute(4), 10).get(2)).satisfies(e -> {
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.lastError()).contains("HTTP 503");
      assertThat(e.nextAttemptAt()).isEqualTo(minute(4));
      assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
    });
  }

  @Test
  void delivered_andGaveUp_settleAPendingNotificationOnce_andTakeItOutOfDue() {
    var outbox = store;
    outbox.enqueue(notification("k/ok", EMAIL, minute(0)));
    outbox.enqueue(notification("k/lost", EMAIL, minute(0)));
    long ok = outbox.get(NotificationKey.of("k/ok")).orElseThrow().id();
    long lost = outbox.get(NotificationKey.of("k/lost")).orElseThrow().id();
    outbox.failed(ok, minute(1), "connection refused");

    assertThat(outbox.delivered(ok, minute(2))).isTrue();
    assertThat(outbox.gaveUp(lost, minute(3), "HTTP 410")).isTrue();
    // Settled is settled: a late outcome of a second sender changes nothing.
    assertThat(outbox.delivered(ok, minute(4))).isFalse();
    assertThat(outbox.failed(ok, minute(9), "late")).isFalse();
    assertThat(outbox.delivered(lost, minute(4))).isFalse();
    assertThat(outbox.gaveUp(12345, minute(4), "no such id")).isFalse();

    var restarted = reopen();
    assertThat(restarted.due(minute(60), 10)).isEmpty();
    assertThat(restarted.get(NotificationKey.of("k/ok"))).hasValueSatisfying(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.settledAt()).contains(minute(2));
      assertThat(e.lastError()).isEmpty();
    });
    assertThat(restarted.get(NotificationKey.of("k/lost"))).hasValueSatisfying(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.settledAt()).contains(minute(3));
      assertThat(e.lastError()).contains("HTTP 410");
    });
  }

  @Test
  void list_isNewestFirst_filteredByStateAndExactKeyPrefix_andLimited() {
    var outbox = store;
    for (String key : List.of("incident-1/a", "incident-1/b", "incident-12/a", "INCIDENT-1/c", "incident_1/d", "test/x")) {
      outbox.enqueue(notification(key, EMAIL, minute(0)));
    }
    outbox.delivered(outbox.get(NotificationKey.of("incident-1/b")).orElseThrow().id(), minute(1));

    assertThat(keys(outbox.list(Optional.empty(), "", 100)))
        .containsExactly("test/x", "incident_1/d", "INCIDENT-1/c", "incident-12/a", "incident-1/b", "incident-1/a");
    // Case matters, and '_' and '%' are characters, not patterns.
    assertThat(keys(outbox.list(Optional.empty(), "incident-1/", 100))).containsExactly("incident-1/b", "incident-1/a");
    assertThat(keys(outbox.list(Optional.empty(), "incident_", 100))).containsExactly("incident_1/d");
    assertThat(keys(outbox.list(Optional.empty(), "%", 100))).isEmpty();
    assertThat(keys(outbox.list(Optional.of(DeliveryState.PENDING), "incident-1", 100)))
        .containsExactly("incident-12/a", "incident-1/a");
    assertThat(keys(outbox.list(Optional.of(DeliveryState.DELIVERED), "", 100)))
        .containsExactly("incident-1/b");
    assertThat(keys(outbox.list(Optional.of(DeliveryState.FAILED), "", 100))).isEmpty();
    assertThat(keys(outbox.list(Optional.empty(), "", 2))).containsExactly("test/x", "incident_1/d");
  }

  @Test
  void enqueue_ofOneKeyFromManyThreadsAtOnce_isNewExactlyOnce() throws Exception {
    var outbox = store;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> outbox.enqueue(notification("race/1", EMAIL, minute(0)))));
      }
      long created = 0;
      for (Future<Boolean> r : results) if (r.get()) created++;
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(outbox.list(Optional.empty(), "race/", 10)).hasSize(1);
  }

  @Test
  void nextAttemptAt_isThatOfThePendingNotificationDueSoonest_andEmptyWhenNoneIsPending() {
    assertThat(store.nextAttemptAt()).isEmpty();
    store.enqueue(notification("k/1", EMAIL, minute(1)));
    store.enqueue(notification("k/2", EMAIL, minute(2)));
    long first = store.get(NotificationKey.of("k/1")).orElseThrow().id();
    long second = store.get(NotificationKey.of("k/2")).orElseThrow().id();
    assertThat(store.nextAttemptAt()).contains(minute(1));

    store.failed(first, minute(9), "HTTP 503");
    var outbox = reopen();
    assertThat(outbox.nextAttemptAt()).contains(minute(2));
    outbox.delivered(second, minute(3));
    assertThat(outbox.nextAttemptAt()).contains(minute(9));
    outbox.gaveUp(first, minute(9), "HTTP 410");
    assertThat(outbox.nextAttemptAt()).as("settled notifications are not due").isEmpty();
  }
}
