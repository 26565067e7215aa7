package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentSettings;
import dev.governor.incident.IncidentState;
import dev.governor.incident.IncidentStore;
import dev.governor.incident.IntakeResult;
import dev.governor.incident.LabelMatcher;
import dev.governor.incident.MaintenanceWindow;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalLink;
import dev.governor.incident.SignalSource;
import dev.governor.incident.Silence;
import dev.governor.incident.SilenceId;
import dev.governor.incident.Suppression;
import dev.governor.incident.TimelineEntry;
import dev.governor.basics.TimeRange;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IncidentStore} must do: incidents, their alerts and timelines, silences and
 * maintenance windows, all through transactions, and the engine on top of them.
 */
public abstract class IncidentStoreContract extends PortContract<IncidentStore> {

  static final IncidentId ONE = new IncidentId(1);

  /** What the store throws when a write breaks a rule the store keeps, such as one open alert per key. */
  protected abstract Class<? extends RuntimeException> refusal();

  static Incident incident(long number, String group, String service,
      IncidentState state, int openedMinute) {
    var opened = minute(openedMinute);
    boolean resolved = state == IncidentState.RESOLVED;
    boolean acknowledged = state == IncidentState.ACKNOWLEDGED || resolved;
    return new Incident(new IncidentId(number), "Checkout 5xx ünïcode",
        state, AlertSeverity.CRITICAL, List.of(service), List.of(service + "-availability"),
        Map.of("team", "payments", "service", service), group, opened, opened.plusSeconds(30),
        acknowledged ? Optional.of(opened.plusSeconds(120)) : Optional.empty(),
        acknowledged ? Optional.of("alice") : Optional.empty(),
        resolved ? Optional.of(opened.plusSeconds(600)) : Optional.empty(),
        resolved ? Optional.of("alertmanager") : Optional.empty(),
        Map.of("commander", "alice", "scribe", "bob"), resolved ? 1 : 0);
  }

  static IncidentAlert alert(long id, String key, Optional<IncidentId> in,
      boolean open) {
    return new IncidentAlert(id, SignalSource.PAGERDUTY, "pd", key, in,
        open ? IncidentState.ACKNOWLEDGED : IncidentState.RESOLVED,
        in.isPresent() ? Optional.empty()
            : Optional.of(new Suppression(Suppression.Kind.SILENCED,
                "silence abc")),
        "disk full on db-1", AlertSeverity.ERROR,
        Map.of("service", "checkout", "alertname", "DiskFull"), Map.of("free", "0 bytes"),
        List.of(new SignalLink(URI.create("https://grafana.example.com/d/1"), "board", false),
            new SignalLink(URI.create("https://img.example.com/1.png"), "", true)),
        "by:service=\"checkout\"", minute(-1), minute(0), minute(3), open ? Optional.empty() : Optional.of(minute(4)));
  }

  <T> T write(Function<IncidentStore.Tx, T> work) {
    return store.write(work);
  }

  /** The store's Tx with each call run in a read transaction of its own, for one-line assertions. */
  IncidentStore.Tx reads() {
    return each(false);
  }

  /** The store's Tx with each call run in a write transaction of its own. */
  IncidentStore.Tx writes() {
    return each(true);
  }

  private IncidentStore.Tx each(boolean write) {
    var current = store;
    return (IncidentStore.Tx) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {IncidentStore.Tx.class},
        (proxy, method, args) -> {
          Function<IncidentStore.Tx, Object> call = tx -> {
            try {
              return method.invoke(tx, args);
            } catch (ReflectiveOperationException e) {
              if (e.getCause() instanceof RuntimeException r) throw r;
              throw new IllegalStateException(e);
            }
          };
          return write ? current.write(call) : current.read(call);
        });
  }

  @Test
  void incidents_areNumberedInOrder_andReadBackAsSaved_afterAReopen() {
    var triggered = incident(1, "g1", "checkout", IncidentState.TRIGGERED, 0);
    var resolved = incident(2, "g2", "search", IncidentState.RESOLVED, 5);
    assertThat(reads().nextIncidentId()).isEqualTo(ONE);
    write(tx -> {
      tx.saveIncident(triggered);
      assertThat(tx.nextIncidentId()).isEqualTo(new IncidentId(2));
      tx.saveIncident(resolved);
      return null;
    });

    reopen();

    assertThat(reads().incident(ONE)).contains(triggered);
    assertThat(reads().incident(new IncidentId(2))).contains(resolved);
    assertThat(reads().incident(new IncidentId(3))).isEmpty();
    assertThat(reads().nextIncidentId()).isEqualTo(new IncidentId(3));
  }

  @Test
  void saveIncident_replacesTheRow_andItsRolesAndServices() {
    var first = incident(1, "g1", "checkout", IncidentState.TRIGGERED, 0);
    var changed = new Incident(ONE, "renamed", IncidentState.ACKNOWLEDGED,
        AlertSeverity.WARNING, List.of("checkout", "cart"), List.of(), Map.of(), "g1",
        first.openedAt(), first.notifyAfter(), Optional.of(minute(1)), Optional.of("carol"), Optional.empty(),
        Optional.empty(), Map.of("commander", "carol"), 0);
    write(tx -> {
      tx.saveIncident(first);
      tx.saveIncident(changed);
      return null;
    });

    reopen();
    assertThat(reads().incident(ONE)).contains(changed);
  }

  @Test
  void groups_findTheirOpenIncident_andTheOneThatResolvedLast() {
    write(tx -> {
      tx.saveIncident(incident(1, "g", "checkout", IncidentState.RESOLVED, 0));
      tx.saveIncident(incident(2, "g", "checkout", IncidentState.RESOLVED, 20));
      tx.saveIncident(incident(3, "g", "checkout", IncidentState.ACKNOWLEDGED, 40));
      tx.saveIncident(incident(4, "other", "checkout", IncidentState.TRIGGERED, 50));
      return null;
    });

    assertThat(reads().openIncidentInGroup("g")).get().extracting(i -> i.id().number()).isEqualTo(3L);
    assertThat(reads().lastResolvedInGroup("g")).get().extracting(i -> i.id().number()).isEqualTo(2L);
    assertThat(reads().openIncidentInGroup("none")).isEmpty();
    assertThat(reads().lastResolvedInGroup("other")).isEmpty();
  }

  @Test
  void incidents_areListedNewestFirst_byStateServiceAndOpeningTime() {
    write(tx -> {
      tx.saveIncident(incident(1, "a", "checkout", IncidentState.RESOLVED, 0));
      tx.saveIncident(incident(2, "b", "search", IncidentState.TRIGGERED, 10));
      tx.saveIncident(incident(3, "c", "checkout", IncidentState.ACKNOWLEDGED, 20));
      return null;
    });

    assertThat(reads().incidents(IncidentQuery.all(10)))
        .extracting(i -> i.id().number()).containsExactly(3L, 2L, 1L);
    assertThat(reads().incidents(IncidentQuery.open(10)))
        .extracting(i -> i.id().number()).containsExactly(3L, 2L);
    assertThat(reads().incidents(new IncidentQuery(
        Set.of(IncidentState.RESOLVED), Optional.of("checkout"), Optional.empty(), 10)))
        .extracting(i -> i.id().number()).containsExactly(1L);
    assertThat(reads().incidents(new IncidentQuery(Set.of(), Optional.empty(),
        Optional.of(new TimeRange(minute(10), minute(20))), 10)))
        .extracting(i -> i.id().number()).containsExactly(2L);
    assertThat(reads().incidents(IncidentQuery.all(1)))
        .extracting(i -> i.id().number()).containsExactly(3L);
  }

  @Test
  void alerts_areReadBackAsSaved_byKeyIncidentAndOpenness() {
    var in = Optional.of(ONE);
    write(tx -> {
      tx.saveIncident(incident(1, "g", "checkout", IncidentState.TRIGGERED, 0));
      assertThat(tx.nextAlertId()).isEqualTo(1);
      tx.saveAlert(alert(1, "k1", in, false));
      tx.saveAlert(alert(2, "k1", in, true));
      tx.saveAlert(alert(3, "k2", Optional.empty(), true));
      return null;
    });

    reopen();
    assertThat(reads().nextAlertId()).isEqualTo(4);
    assertThat(reads().openAlert("pd", "k1")).contains(alert(2, "k1", in, true));
    assertThat(reads().openAlert("other", "k1")).isEmpty();
    assertThat(reads().openAlerts()).containsExactly(alert(2, "k1", in, true), alert(3, "k2", Optional.empty(), true));
    assertThat(reads().alertsOf(ONE)).containsExactly(alert(1, "k1", in, false), alert(2, "k1", in, true));
    assertThat(reads().knownDedupKeys("pd", List.of("k1", "k2", "k3"))).containsExactlyInAnyOrder("k1", "k2");
    assertThat(reads().knownDedupKeys("other", List.of("k1"))).isEmpty();
  }

  @Test
  void aSecondOpenAlert_forOneKey_isRefusedByTheStore_andTheWholeWriteRollsBack() {
    write(tx -> {
      tx.saveAlert(alert(1, "k1", Optional.empty(), true));
      return null;
    });

    assertThatThrownBy(() -> write(tx -> {
      tx.saveIncident(incident(1, "g", "checkout", IncidentState.TRIGGERED, 0));
      tx.saveAlert(alert(2, "k1", Optional.empty(), true));
      return null;
    })).isInstanceOf(refusal());

    assertThat(reads().incident(ONE)).isEmpty();
    assertThat(reads().openAlerts()).extracting(IncidentAlert::id).containsExactly(1L);
  }

  @Test
  void aWrite_thatThrows_leavesNothing() {
    assertThatThrownBy(() -> write(tx -> {
      tx.saveIncident(incident(1, "g", "checkout", IncidentState.TRIGGERED, 0));
      tx.appendTimeline(ONE, TimelineEntry.of(minute(0),
          TimelineEntry.Kind.STATE, "x", "opened"));
      throw new IllegalStateException("the engine failed half way");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(reads().incident(ONE)).isEmpty();
    assertThat(reads().nextIncidentId()).isEqualTo(ONE);
  }

  @Test
  void theTimeline_keepsItsOrder_andDetails() {
    var entries = List.of(
        new TimelineEntry(minute(0), TimelineEntry.Kind.ALERT, "pd",
            "alert fired", Map.of("dedupKey", "k1", "severity", "critical")),
        TimelineEntry.of(minute(0), TimelineEntry.Kind.COMMENT, "alice",
            "looking — ünïcode"),
        TimelineEntry.of(minute(1), TimelineEntry.Kind.ESCALATION, "escalation",
            "level 2: bob"));
    write(tx -> {
      tx.saveIncident(incident(1, "g", "checkout", IncidentState.TRIGGERED, 0));
      entries.forEach(e -> tx.appendTimeline(ONE, e));
      return null;
    });

    reopen();
    assertThat(reads().timeline(ONE)).containsExactlyElementsOf(entries);
  }

  @Test
  void silences_areSaved_expired_andListedLatestStartFirst() {
    var matchers = List.of(LabelMatcher.parse("service=~\"checkout|cart\""),
        LabelMatcher.parse("env!=\"staging\""));
    var early = new Silence(new SilenceId("s-early"), matchers, minute(0),
        minute(60), "alice", "failover drill");
    var late = new Silence(new SilenceId("s-late"),
        List.of(LabelMatcher.parse("service=search")), minute(10), minute(20), "bob", "deploy");
    write(tx -> {
      tx.saveSilence(early);
      tx.saveSilence(late);
      tx.saveSilence(late.expiredAt(minute(15)));
      return null;
    });

    reopen();
    assertThat(reads().silence(early.id())).contains(early);
    assertThat(reads().silences(Optional.empty(), 10)).containsExactly(late.expiredAt(minute(15)), early);
    assertThat(reads().silences(Optional.of(minute(15)), 10)).containsExactly(early);
    assertThat(reads().silences(Optional.empty(), 1)).hasSize(1);
    assertThat(reads().silence(new SilenceId("nope"))).isEmpty();
  }

  @Test
  void silences_thatStartTogether_areListedById_whateverTheOrderTheyWereSavedIn() {
    write(tx -> {
      for (String id : List.of("s-b", "s-c", "s-a")) {
        tx.saveSilence(new Silence(new SilenceId(id), List.of(LabelMatcher.parse("service=search")), minute(0),
            minute(60), "bob", "deploy"));
      }
      return null;
    });

    assertThat(reads().silences(Optional.empty(), 10)).extracting(s -> s.id().value())
        .containsExactly("s-a", "s-b", "s-c");
    assertThat(reads().silences(Optional.empty(), 1)).extracting(s -> s.id().value()).containsExactly("s-a");
  }

  @Test
  void maintenanceWindows_areSavedByName_replaced_andDeleted() {
    var window = new MaintenanceWindow("db-patching",
        List.of(LabelMatcher.parse("service=db")),
        Set.of(DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY), LocalTime.of(23, 30),
        Duration.ofMinutes(150), ZoneId.of("Europe/Berlin"), "dba", "patches");
    var replaced = new MaintenanceWindow("db-patching",
        List.of(LabelMatcher.parse("service=~\"db|cache\"")),
        Set.of(DayOfWeek.MONDAY), LocalTime.of(2, 0), Duration.ofHours(1),
        ZoneId.of("UTC"), "dba", "");

    assertThat(writes().saveMaintenanceWindow(window)).isTrue();
    reopen();
    assertThat(reads().maintenanceWindows()).containsExactly(window);
    assertThat(writes().saveMaintenanceWindow(replaced)).isFalse();
    assertThat(reads().maintenanceWindows()).containsExactly(replaced);
    assertThat(writes().deleteMaintenanceWindow("db-patching")).isTrue();
    assertThat(writes().deleteMaintenanceWindow("db-patching")).isFalse();
    assertThat(reads().maintenanceWindows()).isEmpty();
  }

  static Signal trigger(String key, String service) {
    return new Signal(SignalSource.ALERTMANAGER, "am",
        SignalAction.TRIGGER, Optional.of(key), key + " fires",
        AlertSeverity.CRITICAL, Map.of("service", service), Map.of(), List.of(), minute(0));
  }

  IncidentEngine engine() {
    return new IncidentEngine(store, InstantSource.fixed(minute(1)),
        IncidentSettings.DEFAULTS);
  }

  @Test
  void theEngine_onThisDatabase_storesABatch_andReadsItBackAfterARestart() {
    var results = engine().accept(List.of(trigger("a", "checkout"), trigger("b", "checkout"), trigger("c", "search")));
    var detail = engine().get(ONE).orElseThrow();

    reopen();

    assertThat(results).extracting(IntakeResult::disposition).containsExactly(
        IntakeResult.Disposition.OPENED_INCIDENT,
        IntakeResult.Disposition.JOINED_INCIDENT,
        IntakeResult.Disposition.OPENED_INCIDENT);
    assertThat(engine().get(ONE)).contains(detail);
    assertThat(detail.alerts()).extracting(IncidentAlert::dedupKey).containsExactly("a", "b");
    assertThat(detail.timeline()).hasSize(3);
    assertThat(engine().list(IncidentQuery.all(10))).hasSize(2);
  }

  @Test
  void concurrentTriggers_forOneKey_makeOneAlert_andConcurrentIncidentsGetDistinctNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<IntakeResult>> sameKey = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        sameKey.add(pool.submit(() -> engine().accept(List.of(trigger("same", "checkout"))).getFirst()));
      }
      List<Future<IntakeResult>> services = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String service = "svc-" + i;
        services.add(pool.submit(() -> engine().accept(List.of(trigger("k-" + service, service))).getFirst()));
      }
      List<IntakeResult.Disposition> dispositions = new ArrayList<>();
      for (var f : sameKey) dispositions.add(f.get().disposition());
      List<Long> numbers = new ArrayList<>();
      for (var f : services) numbers.add(f.get().incident().orElseThrow().number());

      assertThat(dispositions).filteredOn(d -> d == IntakeResult.Disposition.OPENED_INCIDENT)
          .hasSize(1);
      assertThat(reads().openAlerts()).filteredOn(a -> a.dedupKey().equals("same")).hasSize(1);
      assertThat(numbers).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= 17);
      assertThat(reads().incidents(IncidentQuery.all(100))).hasSize(17);
    } finally {
      pool.shutdownNow();
    }
  }
}
