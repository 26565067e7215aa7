package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.ProbeStore;
import dev.governor.probe.StoredProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ProbeStore} must do: the applied Probe documents, by name. */
public abstract class ProbeStoreContract extends PortContract<ProbeStore> {

  @Test
  void probes_areAppliedByName_replacedWhenAppliedAgain_andDeleted() {
    store.apply(List.of(new StoredProbe("shop", "kind: Probe # shop", minute(0)),
        new StoredProbe("api", "kind: Probe\n# ünïcode", minute(0))));
    store.apply(List.of(new StoredProbe("shop", "kind: Probe # shop v2", minute(1))));

    assertThat(store.all()).containsExactly(
        new StoredProbe("api", "kind: Probe\n# ünïcode", minute(0)),
        new StoredProbe("shop", "kind: Probe # shop v2", minute(1)));
    assertThat(store.delete("api")).isTrue();
    assertThat(store.delete("api")).isFalse();
    assertThat(reopen().all()).extracting(StoredProbe::name).containsExactly("shop");
  }
}
