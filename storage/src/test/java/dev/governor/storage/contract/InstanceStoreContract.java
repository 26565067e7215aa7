package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.SloName;
import dev.governor.slo.InstanceStore;
import dev.governor.slo.InstanceStore.StoredInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link InstanceStore} must do: each instance once, whatever its labels hold, oldest first. */
public abstract class InstanceStoreContract extends PortContract<InstanceStore> {

  @Test
  void instances_areKeptOnce_withTheirLabelsExactly_oldestFirst() {
    SloName api = SloName.of("api-availability");
    Map<String, String> odd = Map.of("endpoint", "/a&b=c d%20ü", "region", "");
    store.add(List.of(new StoredInstance(api, Map.of("endpoint", "/checkout"), minute(1)),
        new StoredInstance(api, odd, minute(2))));
    store.add(List.of(new StoredInstance(api, Map.of("endpoint", "/checkout"), minute(5)),
        new StoredInstance(SloName.of("other"), Map.of("endpoint", "/checkout"), minute(3))));

    assertThat(reopen().all()).containsExactly(
        new StoredInstance(api, Map.of("endpoint", "/checkout"), minute(1)),
        new StoredInstance(api, odd, minute(2)),
        new StoredInstance(SloName.of("other"), Map.of("endpoint", "/checkout"), minute(3)));
  }
}
