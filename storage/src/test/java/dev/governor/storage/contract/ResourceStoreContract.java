package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.slo.ResourceKind;
import dev.governor.slo.ResourceStore;
import dev.governor.slo.StoredResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ResourceStore} must do: the applied OpenSLO documents, kept as written. */
public abstract class ResourceStoreContract extends PortContract<ResourceStore> {

  private StoredResource resource(ResourceKind kind, String name, String source) {
    return new StoredResource(kind, name, source, T0);
  }

  @Test
  void all_ordersByKindThenName() {
    store.apply(List.of(
        resource(ResourceKind.SLO, "checkout", "slo checkout"),
        resource(ResourceKind.ALERT_POLICY, "page", "policy"),
        resource(ResourceKind.SERVICE, "shop", "service"),
        resource(ResourceKind.SLO, "b-search", "slo search"),
        resource(ResourceKind.SLI, "latency", "sli")));

    assertThat(store.all())
        .extracting(r -> r.kind() + "/" + r.name())
        .containsExactly("SERVICE/shop", "SLI/latency", "SLO/b-search", "SLO/checkout", "ALERT_POLICY/page");
  }

  @Test
  void apply_ofAKindAndNameAgain_replacesTheSourceAndTime() {
    store.apply(List.of(resource(ResourceKind.SLO, "checkout", "version: 1")));

    StoredResource second = new StoredResource(ResourceKind.SLO, "checkout", "version: 2", T0.plusSeconds(60));
    store.apply(List.of(second));

    assertThat(store.all()).containsExactly(second);
  }

  @Test
  void theSameNameInTwoKinds_isTwoResources() {
    store.apply(List.of(
        resource(ResourceKind.SLO, "checkout", "slo"), resource(ResourceKind.SERVICE, "checkout", "service")));

    assertThat(store.all()).extracting(StoredResource::source).containsExactly("service", "slo");
  }

  @Test
  void apply_whenOneResourceCannotBeStored_storesNoneOfThem() {
    store.apply(List.of(resource(ResourceKind.SLO, "checkout", "old")));

    assertThatThrownBy(() -> store.apply(List.of(
            resource(ResourceKind.SLO, "checkout", "new"),
            resource(ResourceKind.SERVICE, "shop", "service"),
            resource(ResourceKind.SLO, "broken", null))))
        .isInstanceOf(RuntimeException.class);

    assertThat(store.all()).containsExactly(resource(ResourceKind.SLO, "checkout", "old"));
  }

  @Test
  void apply_keepsTheSourceTextExactly() {
    String yaml = "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: ünïcode-☃\n  # a comment\n\n";
    store.apply(List.of(resource(ResourceKind.SLO, "checkout", yaml)));

    reopen();

    assertThat(store.all()).extracting(StoredResource::source).containsExactly(yaml);
  }

  @Test
  void delete_removesOneResource_andSaysWhetherThereWasOne() {
    store.apply(List.of(resource(ResourceKind.SLO, "checkout", "slo"), resource(ResourceKind.SLI, "checkout", "sli")));

    assertThat(store.delete(ResourceKind.SLO, "checkout")).isTrue();
    assertThat(store.delete(ResourceKind.SLO, "checkout")).isFalse();
    assertThat(store.delete(ResourceKind.SERVICE, "nothing")).isFalse();
    assertThat(store.all()).extracting(StoredResource::kind).containsExactly(ResourceKind.SLI);
  }
}
