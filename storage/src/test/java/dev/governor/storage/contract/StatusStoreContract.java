package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.IncidentId;
import dev.governor.notify.Channel;
import dev.governor.status.ComponentOverride;
import dev.governor.status.ComponentState;
import dev.governor.status.Maintenance;
import dev.governor.status.StatusEvent;
import dev.governor.status.StatusStore;
import dev.governor.status.StatusSubscriber;
import dev.governor.status.StatusUpdate;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link StatusStore} must do: keep the public page's state across restarts, with ids in order. */
public abstract class StatusStoreContract extends PortContract<StatusStore> {

  private static StatusEvent event(String kind, String subject) {
    return new StatusEvent(0, minute(0), kind, subject, "t", "x");
  }

  @Test
  void thePage_isOneDocument_replacedAndDeleted() {
    assertThat(store.page()).isEmpty();
    store.savePage(new StatusStore.StoredPage("public", "kind: StatusPage # 1", minute(0)));
    store.savePage(new StatusStore.StoredPage("status", "kind: StatusPage # 2", minute(1)));

    assertThat(reopen().page()).contains(new StatusStore.StoredPage("status", "kind: StatusPage # 2", minute(1)));
    assertThat(store.deletePage()).isTrue();
    assertThat(store.page()).isEmpty();
  }

  @Test
  void updates_getIdsInOrder_keepEveryField_andWriteTheirEvent() {
    StatusUpdate first = store.addUpdate(new StatusUpdate(0, new IncidentId(7), minute(1), StatusUpdate.Phase.INVESTIGATING,
        Optional.of("Checkout is slow"), "We are looking into it.", List.of("checkout", "shop"),
        Optional.of(ComponentState.PARTIAL_OUTAGE)), event("incident", "7"));
    StatusUpdate second = store.addUpdate(new StatusUpdate(0, new IncidentId(7), minute(2), StatusUpdate.Phase.RESOLVED,
        Optional.empty(), "Fixed.", List.of(), Optional.empty()), event("incident", "7"));

    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(reopen().updates()).containsExactly(first, second);
    assertThat(store.updatesOf(new IncidentId(7))).hasSize(2);
    assertThat(store.events(10)).hasSize(2).extracting(StatusEvent::subject).containsOnly("7");
  }

  @Test
  void maintenance_isListedUntilItEnds_andCancelledOnce() {
    Maintenance m = store.addMaintenance(new Maintenance(0, "Database upgrade", "", List.of("checkout"), minute(60),
        minute(120), false), event("maintenance", ""));

    assertThat(store.maintenances(minute(0))).containsExactly(m);
    assertThat(store.maintenances(minute(120))).isEmpty();
    assertThat(store.cancelMaintenance(m.id(), event("maintenance", "1"))).isTrue();
    assertThat(store.cancelMaintenance(m.id(), event("maintenance", "1"))).isFalse();
    assertThat(reopen().maintenances(minute(0)).getFirst().cancelled()).isTrue();
    assertThat(store.events(10).getFirst().subject()).isEqualTo(Long.toString(m.id()));
  }

  @Test
  void overrides_statesAndSubscribers_surviveARestart() {
    store.setOverride(new ComponentOverride("shop", ComponentState.MAJOR_OUTAGE, "DNS provider down", minute(0),
        Optional.of(minute(30))));
    store.setOverride(new ComponentOverride("api", ComponentState.DEGRADED, "slow", minute(0), Optional.empty()));
    store.recordStates(Map.of("shop", ComponentState.MAJOR_OUTAGE), List.of(event("component", "shop")));
    store.recordStates(Map.of("shop", ComponentState.OPERATIONAL, "api", ComponentState.DEGRADED), List.of());
    StatusSubscriber hook = store.subscribe(new StatusSubscriber(0,
        new Channel.Webhook(URI.create("https://hooks.example.com/status"), Optional.of("s3cret")), minute(0)));
    StatusSubscriber mail = store.subscribe(new StatusSubscriber(0, new Channel.Email("ops@example.com"), minute(1)));

    StatusStore after = reopen();
    assertThat(after.overrides()).extracting(ComponentOverride::component).containsExactly("api", "shop");
    assertThat(after.overrides().get(1).until()).contains(minute(30));
    assertThat(after.lastStates()).containsEntry("shop", ComponentState.OPERATIONAL).containsEntry("api", ComponentState.DEGRADED);
    assertThat(after.subscribers()).containsExactly(hook, mail);
    assertThat(after.clearOverride("api")).isTrue();
    assertThat(after.clearOverride("api")).isFalse();
    assertThat(after.unsubscribe(hook.id())).isTrue();
    assertThat(after.subscribers()).containsExactly(mail);
  }
}
