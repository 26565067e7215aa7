package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.slo.CompositeStore;
import dev.governor.slo.CompositeStore.StoredComposite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link CompositeStore} must do: the applied CompositeSLO documents, by name. */
public abstract class CompositeStoreContract extends PortContract<CompositeStore> {

  @Test
  void composites_areAppliedByName_replacedWhenAppliedAgain_andDeleted() {
    store.apply(List.of(new StoredComposite("checkout-journey", "kind: CompositeSLO # v1", minute(0)),
        new StoredComposite("signup", "kind: CompositeSLO\n# ünïcode", minute(0))));
    store.apply(List.of(new StoredComposite("checkout-journey", "kind: CompositeSLO # v2", minute(1))));

    assertThat(store.all()).containsExactly(
        new StoredComposite("checkout-journey", "kind: CompositeSLO # v2", minute(1)),
        new StoredComposite("signup", "kind: CompositeSLO\n# ünïcode", minute(0)));
    assertThat(store.delete("signup")).isTrue();
    assertThat(store.delete("signup")).isFalse();
    assertThat(reopen().all()).extracting(StoredComposite::name).containsExactly("checkout-journey");
  }
}
