package dev.governor.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.governor.notify.Backoff;
import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.HmacSignature;
import dev.governor.storage.jdbc.Database;
import dev.governor.testing.FakeClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher against a real webhook endpoint on 127.0.0.1 and a real outbox (SQLite). Most
 * tests run the passes one by one on a fake clock; one runs the dispatcher's own thread.
 */
class NotificationDispatcherTest {

  static final String SECRET = "s3cret";
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path dataDir;
  Database database;
  Outbox outbox;
  final FakeClock clock = new FakeClock(T0);
  final WebhookReceiver receiver = new WebhookReceiver();
  final List<OutboxEntry> settled = new CopyOnWriteArrayList<>();
  final List<NotificationDispatcher> dispatchers = new ArrayList<>();

  @BeforeEach
  void open() {
    database = Database.sqlite(dataDir);
    outbox = database.notifications();
  }

  @AfterEach
  void close() {
    dispatchers.forEach(NotificationDispatcher::close);
    receiver.close();
    database.close();
  }

  NotificationDispatcher dispatcher(Backoff backoff, Duration timeout, InstantSource clock) {
    ServerConfig.Notifications defaults = ServerConfig.defaults().notifications();
    ServerConfig.Notifications config = new ServerConfig.Notifications(defaults.smtp(), Duration.ofSeconds(2), timeout,
        backoff.initial(), backoff.max(), backoff.giveUpAfter());
    NotificationDispatcher dispatcher = NotificationDispatcher.create(config, outbox, clock);
    dispatcher.addListener(settled::add);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  NotificationDispatcher dispatcher() {
    return dispatcher(Backoff.DEFAULT, Duration.ofSeconds(5), clock);
  }

  Notification webhook(String key, String path) {
    return new Notification(NotificationKey.of(key), new Channel.Webhook(receiver.url(path), Optional.of(SECRET)),
        Message.of("incident.triggered", "Incident " + key, "text of " + key), clock.instant());
  }

  List<OutboxEntry> all() {
    return outbox.list(Optional.empty(), "", 1000);
  }

  @Test
  void aTargetDownForAWhile_refusingThenAnswering503_getsEveryNotificationExactlyOnce_afterItRecovers() {
    NotificationDispatcher dispatcher = dispatcher();
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      keys.add("incident-" + i + "/round-1/alice/webhook");
      assertThat(dispatcher.enqueue(webhook(keys.getLast(), "/hooks/" + i))).isTrue();
    }

    // Nothing listens: the first attempt is refused, and the other nine, bound for the same host,
    // are not tried in this pass but back off with it.
    assertThat(dispatcher.sendDue()).isEqualTo(10);
    assertThat(all()).allSatisfy(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.nextAttemptAt()).isEqualTo(T0.plusSeconds(10));
      assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error).contains("could not connect"));
    });
    clock.advance(Duration.ofSeconds(9));
    assertThat(dispatcher.sendDue()).as("nothing is due before the backoff has passed").isZero();

    // The endpoint comes up, but answers 503 three times before it takes anything.
    receiver.refuseNext(3).start();
    for (Duration wait : List.of(Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(40))) {
      clock.advance(wait);
      assertThat(dispatcher.sendDue()).isEqualTo(10);
      assertThat(outbox.list(Optional.of(DeliveryState.PENDING), "", 100)).hasSize(10);
    }
    assertThat(all()).allSatisfy(e -> assertThat(e.lastError()).hasValueSatisfying(
        error -> assertThat(error).contains("HTTP 503")));
    assertThat(receiver.received()).hasSize(3);

    clock.advance(Duration.ofSeconds(80));
    assertThat(dispatcher.sendDue()).isEqualTo(10);

    assertThat(outbox.list(Optional.of(DeliveryState.DELIVERED), "", 100)).hasSize(10);
    assertThat(receiver.acknowledgedKeys()).as("each key acknowledged exactly once")
        .containsOnlyKeys(keys).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    for (WebhookReceiver.Received r : receiver.received()) {
      assertThat(r.signature()).isEqualTo(HmacSignature.sha256(SECRET, r.body()));
      assertThat(r.bodyKey()).isEqualTo(r.idempotencyKey());
    }
    assertThat(settled).extracting(e -> e.key().value()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(settled).allSatisfy(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(e.attempts()).isEqualTo(5);
      assertThat(e.settledAt()).contains(T0.plusSeconds(150));
    });
    clock.advance(Duration.ofHours(1));
    assertThat(dispatcher.sendDue()).as("nothing is sent twice").isZero();
  }

  @Test
  void aLeaderThatMayNotAct_sendsNothing_andTheNotificationWaits_thenItCarriesTheTerm() {
    receiver.start();
    java.util.concurrent.atomic.AtomicBoolean mayAct = new java.util.concurrent.atomic.AtomicBoolean(false);
    ServerConfig.Notifications config = ServerConfig.defaults().notifications();
    NotificationDispatcher dispatcher = NotificationDispatcher.create(config, outbox, clock,
        new dev.governor.server.Fencing(mayAct::get, java.util.OptionalLong.of(7)));
    dispatchers.add(dispatcher);
    dispatcher.enqueue(webhook("k/1", "/hook"));

    assertThat(dispatcher.sendDue()).as("a deposed or unsure leader's pass").isZero();
    assertThat(dispatcher.sendDueNow()).as("it looks again in a second").contains(clock.instant().plusSeconds(1));
    assertThat(receiver.received()).isEmpty();
    assertThat(all()).extracting(OutboxEntry::state).containsExactly(DeliveryState.PENDING);

    mayAct.set(true);
    assertThat(dispatcher.sendDue()).isEqualTo(1);
    assertThat(receiver.received()).extracting(WebhookReceiver.Received::term).containsExactly("7");
  }

  @Test
  void aRetriedWebhook_sendsTheSameBodyKeyAndSignatureEveryTime() {
    NotificationDispatcher dispatcher = dispatcher();
    receiver.refuseNext(2).start();
    dispatcher.enqueue(webhook("k/1", "/hook"));

    for (int i = 0; i < 3; i++) {
      dispatcher.sendDue();
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(receiver.received()).extracting(WebhookReceiver.Received::status).containsExactly(503, 503, 200);
    assertThat(receiver.received()).extracting(WebhookReceiver.Received::body).containsOnly(receiver.received().getFirst().body());
    assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey).containsOnly("k/1");
  }

  @Test
  void aRefusalOfOneRequest_4xx_doesNotHoldBackTheOthersToTheSameHost() {
    NotificationDispatcher dispatcher = dispatcher();
    receiver.answer("/gone", 404).start();
    dispatcher.enqueue(webhook("k/gone", "/gone"));
    dispatcher.enqueue(webhook("k/ok", "/hook"));

    assertThat(dispatcher.sendDue()).isEqualTo(2);

    assertThat(outbox.get(NotificationKey.of("k/gone"))).hasValueSatisfying(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error).isEqualTo("HTTP 404"));
    });
    assertThat(outbox.get(NotificationKey.of("k/ok"))).hasValueSatisfying(
        e -> assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED));
  }

  @Test
  void aTargetThatNeverRecovers_isGivenUpAfterItsTime_keptAsFailed_andReported() {
    NotificationDispatcher dispatcher = dispatcher(new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(10),
        Duration.ofHours(1)), Duration.ofSeconds(5), clock);
    receiver.refuseNext(Integer.MAX_VALUE).start();
    dispatcher.enqueue(webhook("k/doomed", "/hook"));

    int passes = 0;
    while (settled.isEmpty() && passes++ < 100) {
      dispatcher.sendDue();
      clock.advance(Duration.ofMinutes(1));
    }

    // Attempts at 0, 1, 3 and 7 minutes (the wait doubling), at 15, 25, 35 and 45 (capped at 10
    // minutes), at 55, and the last one at the hour, after a wait cut short to end there.
    assertThat(receiver.received()).hasSize(4 + 4 + 1 + 1);
    assertThat(settled).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error).isEqualTo("HTTP 503"));
      assertThat(e.attempts()).isEqualTo(10);
      assertThat(e.settledAt()).contains(T0.plus(Duration.ofHours(1)));
    });
    assertThat(outbox.list(Optional.of(DeliveryState.FAILED), "", 10)).singleElement()
        .satisfies(e -> assertThat(e.key().value()).isEqualTo("k/doomed"));
    clock.advance(Duration.ofDays(1));
    assertThat(dispatcher.sendDue()).isZero();
  }

  @Test
  void anEndpointThatNeverAnswers_timesOut_andIsRetried() {
    NotificationDispatcher dispatcher = dispatcher(Backoff.DEFAULT, Duration.ofMillis(300), clock);
    receiver.holdAnswers().start();
    dispatcher.enqueue(webhook("k/slow", "/hook"));

    dispatcher.sendDue();

    assertThat(outbox.get(NotificationKey.of("k/slow"))).hasValueSatisfying(e -> {
      assertThat(e.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error).isEqualTo("no answer within 300 ms"));
      assertThat(e.nextAttemptAt()).isEqualTo(T0.plusSeconds(10));
    });
  }

  @Test
  void slack_getsTheTextAsJson_andItsUrlPathNeverAppearsInAnError() {
    NotificationDispatcher dispatcher = dispatcher();
    URI slack = receiver.url("/services/T000/B000/XXXXSECRET");
    dispatcher.enqueue(new Notification(NotificationKey.of("k/slack"), new Channel.Slack(slack),
        Message.of("test", "Hello <team>", ""), clock.instant()));

    dispatcher.sendDue();
    assertThat(outbox.get(NotificationKey.of("k/slack")).orElseThrow().lastError().orElseThrow())
        .doesNotContain("XXXXSECRET");
    receiver.start();
    clock.advance(Duration.ofSeconds(10));
    dispatcher.sendDue();

    assertThat(receiver.received()).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo("{\"text\":\"*Hello &lt;team&gt;*\"}");
      assertThat(r.signature()).isNull();
    });
  }

  @Test
  void aListenerThatThrows_doesNotStopDelivery() {
    NotificationDispatcher dispatcher = dispatcher();
    dispatcher.addListener(e -> {
      throw new IllegalStateException("the timeline is broken");
    });
    receiver.start();
    dispatcher.enqueue(webhook("k/1", "/hook"));
    dispatcher.enqueue(webhook("k/2", "/hook"));

    dispatcher.sendDue();

    assertThat(outbox.list(Optional.of(DeliveryState.DELIVERED), "", 10)).hasSize(2);
    assertThat(settled).hasSize(2);
  }

  @Test
  void theDispatchersThread_deliversEverythingOnceTheTargetRecovers() {
    // Real time, short waits: this is about the thread, the wake-ups and the polling.
    NotificationDispatcher dispatcher = dispatcher(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200),
        Duration.ofHours(1)), Duration.ofSeconds(5), InstantSource.system());
    dispatcher.start();
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      keys.add("thread/" + i);
      dispatcher.enqueue(new Notification(NotificationKey.of(keys.getLast()),
          new Channel.Webhook(receiver.url("/hook"), Optional.of(SECRET)), Message.of("test", "n" + i, ""), Instant.now()));
    }

    // Down for a while: every notification has been refused at least twice before the target is up.
    await().atMost(Duration.ofSeconds(20))
        .until(() -> all().size() == 30 && all().stream().allMatch(e -> e.attempts() >= 2));
    receiver.refuseNext(3).start();

    await().atMost(Duration.ofSeconds(20))
        .until(() -> outbox.list(Optional.of(DeliveryState.DELIVERED), "", 100).size() == 30);
    assertThat(receiver.acknowledgedKeys()).containsOnlyKeys(keys)
        .allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    assertThat(receiver.count(r -> r.status() == 503)).isEqualTo(3);
  }
}
