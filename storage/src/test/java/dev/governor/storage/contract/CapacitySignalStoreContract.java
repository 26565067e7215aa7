package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.capacity.CapacitySignalStore;
import dev.governor.capacity.StoredCapacitySignal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link CapacitySignalStore} must do: the applied CapacitySignal documents, by name. */
public abstract class CapacitySignalStoreContract extends PortContract<CapacitySignalStore> {

  @Test
  void signals_areAppliedByName_replacedWhenAppliedAgain_andDeleted() {
    store.apply(List.of(new StoredCapacitySignal("b", "kind: b", minute(0)),
        new StoredCapacitySignal("a", "kind: a\n# ünïcode", minute(0))));
    store.apply(List.of(new StoredCapacitySignal("b", "kind: b2", minute(1))));

    assertThat(store.all()).containsExactly(
        new StoredCapacitySignal("a", "kind: a\n# ünïcode", minute(0)),
        new StoredCapacitySignal("b", "kind: b2", minute(1)));
    assertThat(store.delete("a")).isTrue();
    assertThat(store.delete("a")).isFalse();
    assertThat(reopen().all()).extracting(StoredCapacitySignal::name).containsExactly("b");
  }
}
