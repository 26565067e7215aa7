package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertKey;
import dev.governor.alert.AlertState;
import dev.governor.alert.AlertStore;
import dev.governor.alert.Severity;
import dev.governor.basics.SloName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link AlertStore} must do: the history of the evaluator's alerts. */
public abstract class AlertStoreContract extends PortContract<AlertStore> {

  private Alert firing(String id, String slo, int startMinute) {
    return new Alert(id, new AlertKey(SloName.of(slo), "availability", "page"), Severity.PAGE,
        AlertState.FIRING, minute(startMinute), Optional.empty(), "burning 14.4x");
  }

  @Test
  void save_thenList_returnsTheAlertAsSaved() {
    Alert open = firing("a1", "checkout", 0);
    Alert closed = new Alert("a2", new AlertKey(SloName.of("search"), "latency", "ticket"), Severity.TICKET,
        AlertState.RESOLVED, minute(1), Optional.of(minute(30)), "burning 3x");
    store.save(open);
    store.save(closed);

    reopen();

    assertThat(store.list(Optional.empty(), Optional.empty(), 10)).containsExactly(closed, open);
  }

  @Test
  void save_ofAnIdAgain_replacesTheAlert() {
    Alert alert = firing("a1", "checkout", 0);
    store.save(alert);

    store.save(alert.resolved(minute(9)));

    assertThat(store.list(Optional.empty(), Optional.empty(), 10)).containsExactly(alert.resolved(minute(9)));
    assertThat(store.firing()).isEmpty();
  }

  @Test
  void saveAll_savesEveryAlert_replacingThoseWhoseIdIsStored() {
    Alert earlier = firing("a1", "checkout", 0);
    store.save(earlier);

    store.saveAll(List.of(earlier.resolved(minute(5)), firing("a2", "search", 5), firing("a3", "cart", 5)));

    reopen();
    assertThat(store.list(Optional.empty(), Optional.empty(), 10)).extracting(Alert::id, Alert::state)
        .containsExactlyInAnyOrder(tuple("a1", AlertState.RESOLVED), tuple("a2", AlertState.FIRING),
            tuple("a3", AlertState.FIRING));
    assertThat(store.firing()).extracting(Alert::id).containsExactlyInAnyOrder("a2", "a3");
    store.saveAll(List.of());
    assertThat(store.list(Optional.empty(), Optional.empty(), 10)).hasSize(3);
  }

  @Test
  void firing_returnsOnlyTheFiringAlerts() {
    store.save(firing("a1", "checkout", 0));
    store.save(firing("a2", "checkout", 1).resolved(minute(2)));
    store.save(firing("a3", "search", 3));

    assertThat(store.firing()).extracting(Alert::id).containsExactlyInAnyOrder("a1", "a3");
  }

  @Test
  void list_isNewestFirst_filteredByStateAndSlo_andCutAtTheLimit() {
    store.save(firing("a1", "checkout", 0).resolved(minute(1)));
    store.save(firing("a2", "search", 2));
    store.save(firing("a3", "checkout", 4));
    store.save(firing("a4", "checkout", 6).resolved(minute(7)));
    store.save(firing("a5", "checkout", 8));

    assertThat(store.list(Optional.empty(), Optional.empty(), 10))
        .extracting(Alert::id).containsExactly("a5", "a4", "a3", "a2", "a1");
    assertThat(store.list(Optional.empty(), Optional.empty(), 2))
        .extracting(Alert::id).containsExactly("a5", "a4");
    assertThat(store.list(Optional.of(AlertState.FIRING), Optional.empty(), 10))
        .extracting(Alert::id).containsExactly("a5", "a3", "a2");
    assertThat(store.list(Optional.empty(), Optional.of(SloName.of("checkout")), 10))
        .extracting(Alert::id).containsExactly("a5", "a4", "a3", "a1");
    assertThat(store.list(Optional.of(AlertState.RESOLVED), Optional.of(SloName.of("checkout")), 1))
        .extracting(Alert::id).containsExactly("a4");
    assertThat(store.list(Optional.of(AlertState.FIRING), Optional.of(SloName.of("nothing")), 10)).isEmpty();
  }

  @Test
  void list_ofAlertsThatStartedTogether_isInAStableOrder() {
    store.save(firing("a", "checkout", 0));
    store.save(firing("c", "checkout", 0));
    store.save(firing("b", "checkout", 0));

    assertThat(store.list(Optional.empty(), Optional.empty(), 10))
        .extracting(Alert::id).containsExactly("c", "b", "a");
  }

  @Test
  void list_whenTheLimitIsBelowOne_throws() {
    assertThatThrownBy(() -> store.list(Optional.empty(), Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }
}
