package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.verification.HookCall;
import dev.governor.delivery.verification.HookOutbox;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** What every {@link HookOutbox} must do: a rollback hook call stays due until it is delivered. */
public abstract class HookOutboxContract extends PortContract<HookOutbox> {

  @Test
  void hookOutbox_keepsACallDueUntilItIsDelivered_acrossARestart() {
    var call = store.enqueue("deploy-1", URI.create("http://127.0.0.1:9/rollback"), "{\"a\":1}", minute(0));

    assertThat(store.due(minute(0), 10)).extracting(HookCall::id).containsExactly(call.id());
    store.failed(call.id(), minute(5), "connection refused");
    assertThat(store.due(minute(4), 10)).isEmpty();
    var again = reopen().due(minute(5), 10);
    assertThat(again).singleElement().satisfies(c -> {
      assertThat(c.attempts()).isEqualTo(1);
      assertThat(c.lastError()).contains("connection refused");
      assertThat(c.payload()).isEqualTo("{\"a\":1}");
    });
    store.delivered(call.id(), minute(6));
    assertThat(store.due(minute(60), 10)).isEmpty();
    assertThat(store.ofDeployment("deploy-1")).singleElement()
        .satisfies(c -> assertThat(c.deliveredAt()).contains(minute(6)));
  }

  @Test
  void nextAttemptAt_isTheEarliestUndeliveredCall_andEmptyWhenAllAreDelivered() {
    assertThat(store.nextAttemptAt()).isEmpty();
    var first = store.enqueue("deploy-1", java.net.URI.create("http://127.0.0.1:9/rollback"), "{}", minute(2));
    var second = store.enqueue("deploy-2", java.net.URI.create("http://127.0.0.1:9/rollback"), "{}", minute(3));
    assertThat(store.nextAttemptAt()).contains(minute(2));
    store.failed(first.id(), minute(10), "connection refused");
    var outbox = reopen();
    assertThat(outbox.nextAttemptAt()).contains(minute(3));
    outbox.delivered(second.id(), minute(4));
    assertThat(outbox.nextAttemptAt()).contains(minute(10));
    outbox.delivered(first.id(), minute(11));
    assertThat(outbox.nextAttemptAt()).isEmpty();
  }
}
