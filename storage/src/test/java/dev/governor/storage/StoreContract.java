package dev.governor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.alert.Alert;
import dev.governor.alert.AlertKey;
import dev.governor.alert.AlertState;
import dev.governor.alert.Severity;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.EventCounts;
import dev.governor.slo.Operator;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.SliName;
import dev.governor.slo.SloName;
import dev.governor.slo.StoredResource;
import dev.governor.slo.Threshold;
import dev.governor.storage.jdbc.Database;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, whatever the database. A database gets this suite by extending it,
 * saying how to make an empty database for each test, and declaring one {@code @Nested} class per
 * port that extends the port's contract (as Zipkin's storage tests do), so that reports name the
 * database of each test: {@code SqliteStoreTest$Buckets}, {@code PostgresStoreTest$Buckets}.
 */
public abstract class StoreContract {

  protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  protected static final SeriesKey CHECKOUT = SeriesKey.of(SliName.of("checkout-availability"));
  protected static final SeriesKey SEARCH = SeriesKey.of(SliName.of("search-availability"));
  protected static final SeriesKey LATENCY_300MS = new SeriesKey(
      SliName.of("checkout-latency"), Optional.of(new Threshold(Operator.LT, new BigDecimal("0.3"))));

  protected Database db;

  /** Makes a new, empty database for one test; {@link #open()} opens it, as often as asked. */
  protected abstract void createEmptyDatabase() throws Exception;

  /** Opens the database {@link #createEmptyDatabase()} made. */
  protected abstract Database open();

  /** Throws the test's database away. */
  protected abstract void dropDatabase() throws Exception;

  @BeforeEach
  void openEmptyDatabase() throws Exception {
    createEmptyDatabase();
    db = open();
  }

  @AfterEach
  void closeAndDrop() throws Exception {
    if (db != null) db.close();
    dropDatabase();
  }

  protected final Database reopen() {
    db.close();
    db = open();
    return db;
  }

  protected static Instant minute(int n) {
    return T0.plus(Duration.ofMinutes(n));
  }

  protected static BucketIncrement increment(SeriesKey series, Instant minute, long good, long total) {
    return new BucketIncrement(series, minute, new EventCounts(good, total));
  }

  @Test
  void isHealthy_whenOpen_isTrue_andWhenClosed_isFalse() {
    assertThat(db.isHealthy()).isTrue();
    db.close();
    assertThat(db.isHealthy()).isFalse();
  }

  /** Extend as {@code @Nested class Buckets extends BucketsContract {}}. */
  public abstract class BucketsContract {

    @Test
    void incrementsToTheSameBucket_addUp_withinABatchAndAcrossBatches() {
      db.buckets().add(List.of(increment(CHECKOUT, minute(0), 9, 10), increment(CHECKOUT, minute(0), 5, 7)));
      db.buckets().add(List.of(increment(CHECKOUT, minute(0), 1, 3)));

      assertThat(db.buckets().at(minute(0), List.of(CHECKOUT)))
          .containsExactly(Map.entry(CHECKOUT, new EventCounts(15, 20)));
    }

    @Test
    void sum_coversTheHalfOpenInterval_fromIncludedToExcluded() {
      db.buckets().add(List.of(
          increment(CHECKOUT, minute(0), 1, 1),
          increment(CHECKOUT, minute(1), 10, 20),
          increment(CHECKOUT, minute(2), 100, 300),
          increment(CHECKOUT, minute(3), 1000, 4000)));

      assertThat(db.buckets().sum(CHECKOUT, minute(1), minute(3))).isEqualTo(new EventCounts(110, 320));
      assertThat(db.buckets().sum(CHECKOUT, minute(0), minute(4))).isEqualTo(new EventCounts(1111, 4321));
      assertThat(db.buckets().sum(CHECKOUT, minute(1), minute(1))).isEqualTo(EventCounts.NONE);
    }

    @Test
    void sum_ofASeriesWithoutData_isNone() {
      db.buckets().add(List.of(increment(SEARCH, minute(0), 1, 1)));

      assertThat(db.buckets().sum(CHECKOUT, minute(-10), minute(10))).isEqualTo(EventCounts.NONE);
    }

    @Test
    void sum_whenFromIsAfterTo_throws() {
      assertThatThrownBy(() -> db.buckets().sum(CHECKOUT, minute(2), minute(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(minute(2).toString());
    }

    @Test
    void range_returnsTheBucketsOfTheHalfOpenInterval_oldestFirst() {
      db.buckets().add(List.of(
          increment(CHECKOUT, minute(5), 5, 5),
          increment(CHECKOUT, minute(3), 3, 3),
          increment(CHECKOUT, minute(4), 4, 4),
          increment(CHECKOUT, minute(6), 6, 6),
          increment(SEARCH, minute(4), 1, 1)));

      assertThat(db.buckets().range(CHECKOUT, minute(3), minute(6))).containsExactly(
          new Bucket(minute(3), new EventCounts(3, 3)),
          new Bucket(minute(4), new EventCounts(4, 4)),
          new Bucket(minute(5), new EventCounts(5, 5)));
    }

    @Test
    void range_leavesOutMinutesWhoseIncrementsHadNoEvents() {
      db.buckets().add(List.of(increment(CHECKOUT, minute(0), 0, 0), increment(CHECKOUT, minute(1), 0, 2)));

      assertThat(db.buckets().range(CHECKOUT, minute(0), minute(2)))
          .containsExactly(new Bucket(minute(1), new EventCounts(0, 2)));
    }

    @Test
    void aThresholdSeries_isDistinctFromTheRatioSeriesOfAnotherSli() {
      SeriesKey latency500 = new SeriesKey(
          SliName.of("checkout-latency"), Optional.of(new Threshold(Operator.LT, new BigDecimal("0.5"))));
      db.buckets().add(List.of(increment(LATENCY_300MS, minute(0), 7, 10), increment(latency500, minute(0), 9, 10)));

      assertThat(db.buckets().at(minute(0), List.of(LATENCY_300MS, latency500, CHECKOUT)))
          .containsOnly(
              Map.entry(LATENCY_300MS, new EventCounts(7, 10)),
              Map.entry(latency500, new EventCounts(9, 10)));
    }

    @Test
    void theSeriesOfAVersion_isDistinctFromItsSlisSeries_andSurvivesAReopen() {
      SeriesKey canary = LATENCY_300MS.ofVersion("1.4.2");
      SeriesKey baseline = LATENCY_300MS.ofVersion("1.4.1");
      db.buckets().add(List.of(increment(LATENCY_300MS, minute(0), 17, 20), increment(canary, minute(0), 7, 10),
          increment(baseline, minute(0), 10, 10)));

      reopen();
      assertThat(db.buckets().range(canary, minute(0), minute(1)))
          .containsExactly(new Bucket(minute(0), new EventCounts(7, 10)));
      assertThat(db.buckets().at(minute(0), List.of(LATENCY_300MS, canary, baseline, CHECKOUT.ofVersion("1.4.2"))))
          .containsOnly(
              Map.entry(LATENCY_300MS, new EventCounts(17, 20)),
              Map.entry(canary, new EventCounts(7, 10)),
              Map.entry(baseline, new EventCounts(10, 10)));
    }

    @Test
    void at_returnsTheMinuteOfEachSeriesThatHasOne_andLeavesOutTheOthers() {
      db.buckets().add(List.of(
          increment(CHECKOUT, minute(0), 1, 2),
          increment(CHECKOUT, minute(1), 3, 4),
          increment(SEARCH, minute(0), 5, 6)));

      assertThat(db.buckets().at(minute(1), List.of(CHECKOUT, SEARCH, LATENCY_300MS)))
          .containsOnly(Map.entry(CHECKOUT, new EventCounts(3, 4)));
      assertThat(db.buckets().at(minute(2), List.of(CHECKOUT))).isEmpty();
      assertThat(db.buckets().at(minute(0), List.of())).isEmpty();
    }

    @Test
    void at_answersForMoreSeriesThanOneQueryTakes() {
      List<SeriesKey> many = IntStream.range(0, 1_200)
          .mapToObj(i -> SeriesKey.of(SliName.of("sli-" + i))).toList();
      List<BucketIncrement> increments = new ArrayList<>();
      for (int i = 0; i < many.size(); i += 2) increments.add(increment(many.get(i), minute(0), i, i + 1));
      db.buckets().add(increments);

      Map<SeriesKey, EventCounts> found = db.buckets().at(minute(0), many);

      assertThat(found).hasSize(600);
      assertThat(found.get(many.get(1198))).isEqualTo(new EventCounts(1198, 1199));
      assertThat(found).doesNotContainKey(many.get(1199));
    }

    @Test
    void at_whenTheMinuteIsNotWhole_throws() {
      assertThatThrownBy(() -> db.buckets().at(minute(0).plusSeconds(1), List.of(CHECKOUT)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("12:00:01");
    }

    @Test
    void add_whenABucketWouldOverflow_storesNoneOfTheBatch() {
      long nearMax = Long.MAX_VALUE - 10;
      db.buckets().add(List.of(increment(CHECKOUT, minute(0), nearMax, nearMax)));

      assertThatThrownBy(() -> db.buckets().add(List.of(
              increment(SEARCH, minute(0), 1, 1),
              increment(CHECKOUT, minute(1), 1, 1),
              increment(CHECKOUT, minute(0), 20, 20))))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("nothing was added");

      assertThat(db.buckets().at(minute(0), List.of(CHECKOUT, SEARCH)))
          .containsExactly(Map.entry(CHECKOUT, new EventCounts(nearMax, nearMax)));
      assertThat(db.buckets().range(CHECKOUT, minute(1), minute(2))).isEmpty();
      // The failed batch named SEARCH for the first time; the store must still take it afterwards.
      db.buckets().add(List.of(increment(SEARCH, minute(0), 2, 2)));
      assertThat(db.buckets().sum(SEARCH, minute(0), minute(1))).isEqualTo(new EventCounts(2, 2));
    }

    @Test
    void add_whenIncrementsInOneBatchOverflowTogether_storesNoneOfTheBatch() {
      long half = Long.MAX_VALUE / 2 + 1;

      assertThatThrownBy(() -> db.buckets().add(List.of(
              increment(SEARCH, minute(0), 1, 1),
              increment(CHECKOUT, minute(0), half, half),
              increment(CHECKOUT, minute(0), half, half))))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("checkout-availability");

      assertThat(db.buckets().at(minute(0), List.of(CHECKOUT, SEARCH))).isEmpty();
    }

    @Test
    void add_fromManyThreadsAtOnce_losesNoIncrement() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> adds = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          adds.add(pool.submit(() -> {
            for (int i = 0; i < 25; i++) {
              db.buckets().add(List.of(increment(CHECKOUT, minute(0), 1, 2), increment(SEARCH, minute(i), 1, 1)));
            }
          }));
        }
        for (Future<?> add : adds) add.get();
      } finally {
        pool.shutdownNow();
      }

      assertThat(db.buckets().sum(CHECKOUT, minute(0), minute(1))).isEqualTo(new EventCounts(100, 200));
      assertThat(db.buckets().sum(SEARCH, minute(0), minute(25))).isEqualTo(new EventCounts(100, 100));
    }

    @Test
    void deleteBefore_dropsTheOlderMinutesOfEverySeries_andCountsThem() {
      db.buckets().add(List.of(
          increment(CHECKOUT, minute(0), 1, 1),
          increment(CHECKOUT, minute(1), 1, 1),
          increment(CHECKOUT, minute(2), 1, 1),
          increment(SEARCH, minute(0), 1, 1),
          increment(SEARCH, minute(5), 1, 1)));

      assertThat(db.buckets().deleteBefore(minute(2))).isEqualTo(3);

      assertThat(db.buckets().range(CHECKOUT, minute(0), minute(10)))
          .extracting(Bucket::minute).containsExactly(minute(2));
      assertThat(db.buckets().range(SEARCH, minute(0), minute(10)))
          .extracting(Bucket::minute).containsExactly(minute(5));
      assertThat(db.buckets().deleteBefore(minute(2))).isZero();
    }

    @Test
    void add_ofNothing_changesNothing() {
      db.buckets().add(List.of());

      assertThat(db.buckets().sum(CHECKOUT, minute(0), minute(1))).isEqualTo(EventCounts.NONE);
    }

    @Test
    void buckets_survive_closingAndReopening() {
      db.buckets().add(List.of(increment(LATENCY_300MS, minute(7), 2, 3)));

      reopen();

      assertThat(db.buckets().range(LATENCY_300MS, minute(0), minute(10)))
          .containsExactly(new Bucket(minute(7), new EventCounts(2, 3)));
      db.buckets().add(List.of(increment(LATENCY_300MS, minute(7), 1, 1), increment(CHECKOUT, minute(7), 1, 1)));
      assertThat(db.buckets().at(minute(7), List.of(LATENCY_300MS, CHECKOUT))).containsOnly(
          Map.entry(LATENCY_300MS, new EventCounts(3, 4)), Map.entry(CHECKOUT, new EventCounts(1, 1)));
    }
  }

  /** Extend as {@code @Nested class Resources extends ResourcesContract {}}. */
  public abstract class ResourcesContract {

    private StoredResource resource(ResourceKind kind, String name, String source) {
      return new StoredResource(kind, name, source, T0);
    }

    @Test
    void all_ordersByKindThenName() {
      db.resources().apply(List.of(
          resource(ResourceKind.SLO, "checkout", "slo checkout"),
          resource(ResourceKind.ALERT_POLICY, "page", "policy"),
          resource(ResourceKind.SERVICE, "shop", "service"),
          resource(ResourceKind.SLO, "b-search", "slo search"),
          resource(ResourceKind.SLI, "latency", "sli")));

      assertThat(db.resources().all())
          .extracting(r -> r.kind() + "/" + r.name())
          .containsExactly("SERVICE/shop", "SLI/latency", "SLO/b-search", "SLO/checkout", "ALERT_POLICY/page");
    }

    @Test
    void apply_ofAKindAndNameAgain_replacesTheSourceAndTime() {
      db.resources().apply(List.of(resource(ResourceKind.SLO, "checkout", "version: 1")));

      StoredResource second = new StoredResource(ResourceKind.SLO, "checkout", "version: 2", T0.plusSeconds(60));
      db.resources().apply(List.of(second));

      assertThat(db.resources().all()).containsExactly(second);
    }

    @Test
    void theSameNameInTwoKinds_isTwoResources() {
      db.resources().apply(List.of(
          resource(ResourceKind.SLO, "checkout", "slo"), resource(ResourceKind.SERVICE, "checkout", "service")));

      assertThat(db.resources().all()).extracting(StoredResource::source).containsExactly("service", "slo");
    }

    @Test
    void apply_whenOneResourceCannotBeStored_storesNoneOfThem() {
      db.resources().apply(List.of(resource(ResourceKind.SLO, "checkout", "old")));

      assertThatThrownBy(() -> db.resources().apply(List.of(
              resource(ResourceKind.SLO, "checkout", "new"),
              resource(ResourceKind.SERVICE, "shop", "service"),
              resource(ResourceKind.SLO, "broken", null))))
          .isInstanceOf(RuntimeException.class);

      assertThat(db.resources().all()).containsExactly(resource(ResourceKind.SLO, "checkout", "old"));
    }

    @Test
    void apply_keepsTheSourceTextExactly() {
      String yaml = "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: ünïcode-☃\n  # a comment\n\n";
      db.resources().apply(List.of(resource(ResourceKind.SLO, "checkout", yaml)));

      reopen();

      assertThat(db.resources().all()).extracting(StoredResource::source).containsExactly(yaml);
    }

    @Test
    void delete_removesOneResource_andSaysWhetherThereWasOne() {
      db.resources().apply(List.of(resource(ResourceKind.SLO, "checkout", "slo"), resource(ResourceKind.SLI, "checkout", "sli")));

      assertThat(db.resources().delete(ResourceKind.SLO, "checkout")).isTrue();
      assertThat(db.resources().delete(ResourceKind.SLO, "checkout")).isFalse();
      assertThat(db.resources().delete(ResourceKind.SERVICE, "nothing")).isFalse();
      assertThat(db.resources().all()).extracting(StoredResource::kind).containsExactly(ResourceKind.SLI);
    }
  }

  /** Extend as {@code @Nested class Alerts extends AlertsContract {}}. */
  public abstract class AlertsContract {

    private Alert firing(String id, String slo, int startMinute) {
      return new Alert(id, new AlertKey(SloName.of(slo), "availability", "page"), Severity.PAGE,
          AlertState.FIRING, minute(startMinute), Optional.empty(), "burning 14.4x");
    }

    @Test
    void save_thenList_returnsTheAlertAsSaved() {
      Alert open = firing("a1", "checkout", 0);
      Alert closed = new Alert("a2", new AlertKey(SloName.of("search"), "latency", "ticket"), Severity.TICKET,
          AlertState.RESOLVED, minute(1), Optional.of(minute(30)), "burning 3x");
      db.alerts().save(open);
      db.alerts().save(closed);

      reopen();

      assertThat(db.alerts().list(Optional.empty(), Optional.empty(), 10)).containsExactly(closed, open);
    }

    @Test
    void save_ofAnIdAgain_replacesTheAlert() {
      Alert alert = firing("a1", "checkout", 0);
      db.alerts().save(alert);

      db.alerts().save(alert.resolved(minute(9)));

      assertThat(db.alerts().list(Optional.empty(), Optional.empty(), 10)).containsExactly(alert.resolved(minute(9)));
      assertThat(db.alerts().firing()).isEmpty();
    }

    @Test
    void firing_returnsOnlyTheFiringAlerts() {
      db.alerts().save(firing("a1", "checkout", 0));
      db.alerts().save(firing("a2", "checkout", 1).resolved(minute(2)));
      db.alerts().save(firing("a3", "search", 3));

      assertThat(db.alerts().firing()).extracting(Alert::id).containsExactlyInAnyOrder("a1", "a3");
    }

    @Test
    void list_isNewestFirst_filteredByStateAndSlo_andCutAtTheLimit() {
      db.alerts().save(firing("a1", "checkout", 0).resolved(minute(1)));
      db.alerts().save(firing("a2", "search", 2));
      db.alerts().save(firing("a3", "checkout", 4));
      db.alerts().save(firing("a4", "checkout", 6).resolved(minute(7)));
      db.alerts().save(firing("a5", "checkout", 8));

      assertThat(db.alerts().list(Optional.empty(), Optional.empty(), 10))
          .extracting(Alert::id).containsExactly("a5", "a4", "a3", "a2", "a1");
      assertThat(db.alerts().list(Optional.empty(), Optional.empty(), 2))
          .extracting(Alert::id).containsExactly("a5", "a4");
      assertThat(db.alerts().list(Optional.of(AlertState.FIRING), Optional.empty(), 10))
          .extracting(Alert::id).containsExactly("a5", "a3", "a2");
      assertThat(db.alerts().list(Optional.empty(), Optional.of(SloName.of("checkout")), 10))
          .extracting(Alert::id).containsExactly("a5", "a4", "a3", "a1");
      assertThat(db.alerts().list(Optional.of(AlertState.RESOLVED), Optional.of(SloName.of("checkout")), 1))
          .extracting(Alert::id).containsExactly("a4");
      assertThat(db.alerts().list(Optional.of(AlertState.FIRING), Optional.of(SloName.of("nothing")), 10)).isEmpty();
    }

    @Test
    void list_ofAlertsThatStartedTogether_isInAStableOrder() {
      db.alerts().save(firing("a", "checkout", 0));
      db.alerts().save(firing("c", "checkout", 0));
      db.alerts().save(firing("b", "checkout", 0));

      assertThat(db.alerts().list(Optional.empty(), Optional.empty(), 10))
          .extracting(Alert::id).containsExactly("c", "b", "a");
    }

    @Test
    void list_whenTheLimitIsBelowOne_throws() {
      assertThatThrownBy(() -> db.alerts().list(Optional.empty(), Optional.empty(), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got 0");
    }
  }

  /** Extend as {@code @Nested class Deployments extends DeploymentsContract {}}. */
  public abstract class DeploymentsContract {

    private dev.governor.delivery.Deployment deployment(String id, String service, int startMinute) {
      return new dev.governor.delivery.Deployment(dev.governor.delivery.DeploymentId.of(id),
          dev.governor.slo.ServiceName.of(service), "production", "1.0." + startMinute, "abc1234",
          List.of(
              new dev.governor.delivery.Change.Commit("def5678", minute(-60), minute(-30)),
              new dev.governor.delivery.Change.PullRequest(42, minute(-600), Optional.of(minute(-10)),
                  Optional.of(minute(-900)))),
          minute(startMinute), Optional.of(minute(startMinute + 5)),
          dev.governor.delivery.DeploymentOutcome.SUCCEEDED, Optional.empty(), Optional.empty(), List.of(),
          "ci", Map.of("pipeline", "https://ci.example.com/1"), Map.of("team", "payments"));
    }

    @Test
    void record_thenGet_returnsTheDeploymentAsRecorded_afterAReopen() {
      var d = deployment("d1", "checkout", 0);
      assertThat(db.deployments().record(d)).isInstanceOf(dev.governor.delivery.RecordResult.Recorded.class);

      reopen();

      assertThat(db.deployments().get(d.id())).contains(d);
      assertThat(db.deployments().get(dev.governor.delivery.DeploymentId.of("nothing"))).isEmpty();
    }

    @Test
    void record_ofAnIdAgain_isAppliedOnce_andKeepsTheFirst() {
      var first = deployment("d1", "checkout", 0);
      db.deployments().record(first);

      var again = db.deployments().record(deployment("d1", "search", 7));

      assertThat(again).isEqualTo(new dev.governor.delivery.RecordResult.AlreadyRecorded(first));
      assertThat(db.deployments().list(dev.governor.delivery.DeploymentQuery.all(10))).containsExactly(first);
    }

    @Test
    void list_isNewestFirst_filteredByServiceEnvironmentAndTime() {
      db.deployments().record(deployment("d1", "checkout", 0));
      db.deployments().record(deployment("d2", "search", 10));
      db.deployments().record(deployment("d3", "checkout", 20));
      var staging = deployment("d4", "checkout", 30);
      db.deployments().record(new dev.governor.delivery.Deployment(staging.id(), staging.service(), "staging",
          staging.version(), staging.commitSha(), List.of(), staging.startedAt(), Optional.empty(),
          dev.governor.delivery.DeploymentOutcome.IN_PROGRESS, Optional.empty(), Optional.empty(), List.of(), "me",
          Map.of(), Map.of()));

      var all = dev.governor.delivery.DeploymentQuery.all(10);
      assertThat(db.deployments().list(all)).extracting(d -> d.id().value()).containsExactly("d4", "d3", "d2", "d1");
      assertThat(db.deployments().list(dev.governor.delivery.DeploymentQuery.all(2)))
          .extracting(d -> d.id().value()).containsExactly("d4", "d3");
      assertThat(db.deployments().list(dev.governor.delivery.DeploymentQuery.of(
              dev.governor.slo.ServiceName.of("checkout"), "production", 10)))
          .extracting(d -> d.id().value()).containsExactly("d3", "d1");
      assertThat(db.deployments().list(all.within(new dev.governor.slo.TimeRange(minute(10), minute(30)))))
          .extracting(d -> d.id().value()).containsExactly("d3", "d2");
    }

    @Test
    void outcome_rollback_failedAfterSuccess_incidents_and_changes_are_updated_in_place() {
      var id = dev.governor.delivery.DeploymentId.of("d1");
      var started = deployment("d1", "checkout", 0);
      db.deployments().record(started.withOutcome(dev.governor.delivery.DeploymentOutcome.IN_PROGRESS, Optional.empty()));

      var done = db.deployments().updateOutcome(id, dev.governor.delivery.DeploymentOutcome.SUCCEEDED,
          Optional.of(minute(9))).orElseThrow();
      assertThat(done.outcome()).isEqualTo(dev.governor.delivery.DeploymentOutcome.SUCCEEDED);
      assertThat(done.finishedAt()).as("the earlier finish time is kept").contains(minute(5));

      db.deployments().markFailedAfterSuccess(id, minute(20));
      db.deployments().linkIncident(id, "inc-1");
      db.deployments().linkIncident(id, "inc-1");
      db.deployments().markRolledBack(id, minute(25));
      db.deployments().replaceChanges(id, List.of());

      reopen();
      var stored = db.deployments().get(id).orElseThrow();
      assertThat(stored.outcome()).isEqualTo(dev.governor.delivery.DeploymentOutcome.ROLLED_BACK);
      assertThat(stored.failedAfterSuccessAt()).contains(minute(20));
      assertThat(stored.rolledBackAt()).contains(minute(25));
      assertThat(stored.incidentIds()).containsExactly("inc-1");
      assertThat(stored.changes()).isEmpty();
      assertThat(stored.labels()).containsEntry("team", "payments");
      assertThat(db.deployments().markRolledBack(dev.governor.delivery.DeploymentId.of("nothing"), minute(1))).isEmpty();
    }

    @Test
    void incidentLinks_areAddedAndRemoved_andUnlinkingWhatIsNotLinkedChangesNothing() {
      var id = dev.governor.delivery.DeploymentId.of("d1");
      db.deployments().record(deployment("d1", "checkout", 0));
      db.deployments().linkIncident(id, "7");
      db.deployments().linkIncident(id, "9");

      var unlinked = db.deployments().unlinkIncident(id, "7").orElseThrow();
      assertThat(unlinked.incidentIds()).containsExactly("9");
      assertThat(db.deployments().unlinkIncident(id, "7").orElseThrow().incidentIds()).containsExactly("9");

      reopen();
      var stored = db.deployments().get(id).orElseThrow();
      assertThat(stored.incidentIds()).containsExactly("9");
      assertThat(stored.labels()).as("the rest of the deployment stays").containsEntry("team", "payments");
      assertThat(db.deployments().unlinkIncident(dev.governor.delivery.DeploymentId.of("nothing"), "9")).isEmpty();
    }

    @Test
    void commitLog_keepsPushesPullRequestsAndDeliveries() {
      var log = db.commitLog();
      log.recordPush(List.of(
          new dev.governor.delivery.PushedCommit("aaaaaaa", Optional.of("0000000"), "refs/heads/feature", minute(1), minute(2)),
          new dev.governor.delivery.PushedCommit("bbbbbbb", Optional.of("aaaaaaa"), "refs/heads/feature", minute(3), minute(4))));
      log.recordPush(List.of(
          new dev.governor.delivery.PushedCommit("aaaaaaa", Optional.empty(), "refs/heads/other", minute(9), minute(9))));
      log.recordPullRequest(new dev.governor.delivery.MergedPullRequest(7, "ccccccc", minute(5), minute(6),
          Optional.of(minute(2))));
      log.recordPullRequest(new dev.governor.delivery.MergedPullRequest(8, "ddddddd", minute(7), minute(8),
          Optional.of(minute(1)), List.of("aaaaaaa", "bbbbbbb")));
      // Recorded again (a redelivery with more commits known): the commits are replaced, not added.
      log.recordPullRequest(new dev.governor.delivery.MergedPullRequest(8, "ddddddd", minute(7), minute(8),
          Optional.of(minute(1)), List.of("bbbbbbb", "aaaaaaa", "fffffff")));

      reopen();
      log = db.commitLog();
      assertThat(log.commit("AAAAAAA")).get().extracting(c -> c.ref()).isEqualTo("refs/heads/feature");
      assertThat(log.commit("bbbbbbb").orElseThrow().parentSha()).contains("aaaaaaa");
      assertThat(log.firstCommitTime("refs/heads/feature")).contains(minute(2));
      assertThat(log.firstCommitTime("refs/heads/none")).isEmpty();
      assertThat(log.pullRequestMergedAs("ccccccc").orElseThrow().number()).isEqualTo(7);
      assertThat(log.pullRequestMergedAs("ccccccc").orElseThrow().commits()).isEmpty();
      assertThat(log.pullRequestMergedAs("DDDDDDD").orElseThrow().commits()).containsExactly("bbbbbbb", "aaaaaaa", "fffffff");
      assertThat(log.deliveryApplied("github", "guid-1")).isFalse();
      assertThat(log.firstDelivery("github", "guid-1", minute(0))).isTrue();
      assertThat(log.deliveryApplied("github", "guid-1")).isTrue();
      assertThat(log.firstDelivery("github", "guid-1", minute(1))).isFalse();
      assertThat(log.deliveryApplied("gitlab", "guid-1")).isFalse();
      assertThat(log.firstDelivery("gitlab", "guid-1", minute(1))).isTrue();
    }

    private dev.governor.delivery.WebhookDelivery delivery(String id, List<dev.governor.delivery.PushedCommit> commits,
        Optional<dev.governor.delivery.MergedPullRequest> pr, dev.governor.delivery.Deployment... deployments) {
      return new dev.governor.delivery.WebhookDelivery("gitlab", id, minute(30), commits, pr, List.of(deployments));
    }

    /** The deployment {@code id} of "search" without changes, started at {@code startMinute} and still running. */
    private dev.governor.delivery.Deployment inProgress(String id, int startMinute) {
      var d = deployment(id, "search", startMinute);
      return new dev.governor.delivery.Deployment(d.id(), d.service(), d.environment(), d.version(), d.commitSha(),
          List.of(), d.startedAt(), Optional.empty(), dev.governor.delivery.DeploymentOutcome.IN_PROGRESS,
          Optional.empty(), Optional.empty(), List.of(), d.trigger(), d.links(), d.labels());
    }

    @Test
    void applyDelivery_storesItsCommitsPullRequestAndDeployments_remembersIt_andAppliesItOnce() {
      var commit = new dev.governor.delivery.PushedCommit("aaaaaaa", Optional.of("0000000"), "refs/heads/main",
          minute(1), minute(2));
      var pr = new dev.governor.delivery.MergedPullRequest(8, "aaaaaaa", minute(0), minute(2), Optional.of(minute(1)),
          List.of("bbbbbbb"));
      var first = delivery("u-1", List.of(commit), Optional.of(pr), inProgress("job-1", 3), deployment("job-2", "search", 4));

      var result = db.deployments().applyDelivery(first);

      assertThat(result).isInstanceOf(dev.governor.delivery.WebhookDelivery.Result.Applied.class);
      assertThat(((dev.governor.delivery.WebhookDelivery.Result.Applied) result).deployments())
          .allMatch(a -> a instanceof dev.governor.delivery.WebhookDelivery.DeploymentApplied.Recorded);
      reopen();
      assertThat(db.commitLog().commit("aaaaaaa")).contains(commit);
      assertThat(db.commitLog().pullRequestMergedAs("aaaaaaa")).contains(pr);
      assertThat(db.deployments().get(dev.governor.delivery.DeploymentId.of("job-1"))).contains(inProgress("job-1", 3));
      assertThat(db.deployments().get(dev.governor.delivery.DeploymentId.of("job-2")))
          .contains(deployment("job-2", "search", 4));
      assertThat(db.commitLog().deliveryApplied("gitlab", "u-1")).isTrue();
      assertThat(db.commitLog().deliveryApplied("github", "u-1")).isFalse();

      // The same delivery again, even with other content, stores nothing.
      var again = delivery("u-1", List.of(), Optional.empty(), deployment("job-1", "search", 3), deployment("job-3", "search", 5));
      assertThat(db.deployments().applyDelivery(again))
          .isEqualTo(new dev.governor.delivery.WebhookDelivery.Result.Duplicate());
      assertThat(db.deployments().get(dev.governor.delivery.DeploymentId.of("job-1")).orElseThrow().outcome())
          .isEqualTo(dev.governor.delivery.DeploymentOutcome.IN_PROGRESS);
      assertThat(db.deployments().get(dev.governor.delivery.DeploymentId.of("job-3"))).isEmpty();
    }

    @Test
    void applyDelivery_setsTheOutcomeOfAKnownDeployment_butAFinishedOneDoesNotGoBackToInProgress() {
      db.deployments().applyDelivery(delivery("u-1", List.of(), Optional.empty(), inProgress("job-1", 3)));

      // Reported by another event with its own clock: started at minute -10, finished at -5.
      var done = db.deployments().applyDelivery(delivery("u-2", List.of(), Optional.empty(),
          deployment("job-1", "checkout", -10)));
      var late = db.deployments().applyDelivery(delivery("u-3", List.of(), Optional.empty(), inProgress("job-1", 9)));

      var stored = db.deployments().get(dev.governor.delivery.DeploymentId.of("job-1")).orElseThrow();
      assertThat(((dev.governor.delivery.WebhookDelivery.Result.Applied) done).deployments().getFirst())
          .isEqualTo(new dev.governor.delivery.WebhookDelivery.DeploymentApplied.Updated(stored));
      assertThat(stored.outcome()).isEqualTo(dev.governor.delivery.DeploymentOutcome.SUCCEEDED);
      assertThat(stored.service().value()).as("who recorded it first keeps the rest").isEqualTo("search");
      assertThat(stored.startedAt()).isEqualTo(minute(3));
      assertThat(stored.finishedAt()).as("a finish before the known start is taken as the start").contains(minute(3));
      assertThat(((dev.governor.delivery.WebhookDelivery.Result.Applied) late).deployments().getFirst())
          .isEqualTo(new dev.governor.delivery.WebhookDelivery.DeploymentApplied.Kept(stored,
              dev.governor.delivery.DeploymentOutcome.IN_PROGRESS));
      reopen();
      assertThat(db.deployments().get(stored.id())).contains(stored);
    }

    @Test
    void applyDelivery_thatFailsHalfWay_storesNoneOfIt_andIsAppliedWhenItComesAgain() {
      var commit = new dev.governor.delivery.PushedCommit("aaaaaaa", Optional.empty(), "refs/heads/main", minute(1), minute(2));
      // A start no column of epoch milliseconds holds: the write fails at the last deployment.
      var unstorable = Instant.MAX.minusSeconds(1);
      var bad = inProgress("job-2", 0);
      bad = new dev.governor.delivery.Deployment(bad.id(), bad.service(), bad.environment(), bad.version(),
          bad.commitSha(), List.of(), unstorable, Optional.empty(), bad.outcome(), Optional.empty(), Optional.empty(),
          List.of(), bad.trigger(), bad.links(), bad.labels());
      var pr = new dev.governor.delivery.MergedPullRequest(8, "ccccccc", minute(0), minute(2), Optional.empty());

      var failing = delivery("u-1", List.of(commit), Optional.of(pr), inProgress("job-1", 3), bad);
      assertThatThrownBy(() -> db.deployments().applyDelivery(failing)).isInstanceOf(RuntimeException.class);

      assertThat(db.commitLog().commit("aaaaaaa")).isEmpty();
      assertThat(db.commitLog().pullRequestMergedAs("ccccccc")).isEmpty();
      assertThat(db.deployments().list(dev.governor.delivery.DeploymentQuery.all(10))).isEmpty();
      assertThat(db.commitLog().deliveryApplied("gitlab", "u-1")).isFalse();
      assertThat(db.deployments().applyDelivery(delivery("u-1", List.of(commit), Optional.of(pr), inProgress("job-1", 3))))
          .isInstanceOf(dev.governor.delivery.WebhookDelivery.Result.Applied.class);
      assertThat(db.commitLog().commit("aaaaaaa")).contains(commit);
    }
  }

  /** Extend as {@code @Nested class Gates extends GatesContract {}}: policies, audit trail, hook outbox. */
  public abstract class GatesContract {

    static dev.governor.delivery.gate.AuditEntry entry(Instant at, String subject, String outcome) {
      return new dev.governor.delivery.gate.AuditEntry(0, at, dev.governor.delivery.gate.AuditEntry.Action.GATE_DECISION,
          subject, Optional.of("production"), Optional.empty(), outcome, Optional.of("ci"), Optional.empty(),
          "SLO x has -3 % of its error budget left");
    }

    @Test
    void policies_areAppliedByName_replacedWhenAppliedAgain_andDeleted() {
      var store = db.policies();
      store.apply(List.of(new dev.governor.delivery.gate.StoredPolicy("b", "kind: b", minute(0)),
          new dev.governor.delivery.gate.StoredPolicy("a", "kind: a\n# ünïcode", minute(0))));
      store.apply(List.of(new dev.governor.delivery.gate.StoredPolicy("b", "kind: b2", minute(1))));

      assertThat(store.all()).containsExactly(
          new dev.governor.delivery.gate.StoredPolicy("a", "kind: a\n# ünïcode", minute(0)),
          new dev.governor.delivery.gate.StoredPolicy("b", "kind: b2", minute(1)));
      assertThat(store.delete("a")).isTrue();
      assertThat(store.delete("a")).isFalse();
      assertThat(reopen().policies().all()).extracting(dev.governor.delivery.gate.StoredPolicy::name).containsExactly("b");
    }

    @Test
    void audit_isNewestFirst_numbered_andFilteredBySubject() {
      var trail = db.audit();
      var first = trail.record(entry(minute(0), "checkout", "block"));
      var second = trail.record(entry(minute(0), "search", "allow"));
      var third = trail.record(new dev.governor.delivery.gate.AuditEntry(0, minute(1),
          dev.governor.delivery.gate.AuditEntry.Action.GATE_OVERRIDE, "checkout", Optional.empty(), Optional.of("v2"),
          "warn", Optional.of("alice"), Optional.of("fixes the 500s"), "hotfix"));

      assertThat(second.id()).isGreaterThan(first.id());
      assertThat(reopen().audit().list(Optional.empty(), 10)).containsExactly(third, second, first);
      assertThat(db.audit().list(Optional.of("checkout"), 10)).containsExactly(third, first);
      assertThat(db.audit().list(Optional.empty(), 1)).containsExactly(third);
    }

    @Test
    void hookOutbox_keepsACallDueUntilItIsDelivered_acrossARestart() {
      var outbox = db.hookOutbox();
      var call = outbox.enqueue("deploy-1", java.net.URI.create("http://127.0.0.1:9/rollback"), "{\"a\":1}", minute(0));

      assertThat(outbox.due(minute(0), 10)).extracting(dev.governor.delivery.verification.HookCall::id).containsExactly(call.id());
      outbox.failed(call.id(), minute(5), "connection refused");
      assertThat(outbox.due(minute(4), 10)).isEmpty();
      var again = reopen().hookOutbox().due(minute(5), 10);
      assertThat(again).singleElement().satisfies(c -> {
        assertThat(c.attempts()).isEqualTo(1);
        assertThat(c.lastError()).contains("connection refused");
        assertThat(c.payload()).isEqualTo("{\"a\":1}");
      });
      db.hookOutbox().delivered(call.id(), minute(6));
      assertThat(db.hookOutbox().due(minute(60), 10)).isEmpty();
      assertThat(db.hookOutbox().ofDeployment("deploy-1")).singleElement()
          .satisfies(c -> assertThat(c.deliveredAt()).contains(minute(6)));
    }

    @Test
    void hookOutbox_nextAttemptAt_isTheEarliestUndeliveredCall_andEmptyWhenAllAreDelivered() {
      var outbox = db.hookOutbox();
      assertThat(outbox.nextAttemptAt()).isEmpty();
      var first = outbox.enqueue("deploy-1", java.net.URI.create("http://127.0.0.1:9/rollback"), "{}", minute(2));
      var second = outbox.enqueue("deploy-2", java.net.URI.create("http://127.0.0.1:9/rollback"), "{}", minute(3));
      assertThat(outbox.nextAttemptAt()).contains(minute(2));
      outbox.failed(first.id(), minute(10), "connection refused");
      assertThat(reopen().hookOutbox().nextAttemptAt()).contains(minute(3));
      db.hookOutbox().delivered(second.id(), minute(4));
      assertThat(db.hookOutbox().nextAttemptAt()).contains(minute(10));
      db.hookOutbox().delivered(first.id(), minute(11));
      assertThat(db.hookOutbox().nextAttemptAt()).isEmpty();
    }
  }

  /**
   * Extend as {@code @Nested class Notifications extends NotificationsContract {}}: the notification
   * outbox. Types are written out in full, as in {@link GatesContract}, to keep the imports of this
   * shared file as they are.
   */
  public abstract class NotificationsContract {

    static dev.governor.notify.Notification notification(String key, dev.governor.notify.Channel channel, Instant at) {
      return new dev.governor.notify.Notification(dev.governor.notify.NotificationKey.of(key), channel,
          dev.governor.notify.Message.of("test", "Test of " + key, "line one\nline two"), at);
    }

    static dev.governor.notify.Channel webhook(String url) {
      return new dev.governor.notify.Channel.Webhook(java.net.URI.create(url), Optional.empty());
    }

    static final dev.governor.notify.Channel EMAIL = new dev.governor.notify.Channel.Email("alice@example.com");

    static List<String> keys(List<dev.governor.notify.OutboxEntry> entries) {
      return entries.stream().map(e -> e.key().value()).toList();
    }

    @Test
    void enqueue_isNewOnce_andASecondEnqueueOfTheKeyChangesNothing() {
      var outbox = db.notifications();
      var first = notification("incident-12/round-1/alice/email", EMAIL, minute(0));
      var other = new dev.governor.notify.Notification(first.key(), webhook("https://hooks.example.com/x"),
          dev.governor.notify.Message.of("incident.resolved", "Something else", ""), minute(3));

      assertThat(outbox.enqueue(first)).isTrue();
      assertThat(outbox.enqueue(other)).isFalse();
      assertThat(outbox.enqueue(first)).isFalse();

      assertThat(reopen().notifications().get(first.key())).hasValueSatisfying(e -> {
        assertThat(e.notification()).isEqualTo(first);
        assertThat(e.state()).isEqualTo(dev.governor.notify.DeliveryState.PENDING);
        assertThat(e.attempts()).isZero();
        assertThat(e.nextAttemptAt()).isEqualTo(minute(0));
        assertThat(e.settledAt()).isEmpty();
        assertThat(e.lastError()).isEmpty();
      });
      assertThat(db.notifications().list(Optional.empty(), "", 10)).hasSize(1);
    }

    @Test
    void aNotification_isStoredAsGiven_everyChannel_withItsSecret_fieldsInOrder_andLinks() {
      Map<String, String> fields = new java.util.LinkedHashMap<>();
      fields.put("severity", "page");
      fields.put("incident", "12");
      fields.put("summary", "Zahlungen schlagen fehl — 5 % Fehler, \"quoted\" & <tagged>");
      var message = new dev.governor.notify.Message("incident.triggered", "[page] Checkout ist kaputt ✗",
          "Erste Zeile\n\nDritte Zeile\t mit Tab", fields,
          List.of(new dev.governor.notify.Message.Link("Incident", java.net.URI.create("https://governor.example/incidents/12")),
              new dev.governor.notify.Message.Link("Runbook", java.net.URI.create("https://wiki.example/runbooks/checkout?x=1&y=2"))));
      var signed = new dev.governor.notify.Notification(dev.governor.notify.NotificationKey.of("a/webhook"),
          new dev.governor.notify.Channel.Webhook(java.net.URI.create("https://hooks.example.com/governor"), Optional.of("s3cret")),
          message, minute(0));
      var slack = new dev.governor.notify.Notification(dev.governor.notify.NotificationKey.of("a/slack"),
          new dev.governor.notify.Channel.Slack(java.net.URI.create("https://hooks.slack.com/services/T0/B0/xyz")),
          message, minute(1));
      var email = new dev.governor.notify.Notification(dev.governor.notify.NotificationKey.of("a/email"), EMAIL,
          dev.governor.notify.Message.of("test", "Plain", ""), minute(2));
      var unsigned = notification("a/unsigned", webhook("http://127.0.0.1:9/hook"), minute(3));

      for (var n : List.of(signed, slack, email, unsigned)) assertThat(db.notifications().enqueue(n)).isTrue();

      var outbox = reopen().notifications();
      for (var n : List.of(signed, slack, email, unsigned)) {
        assertThat(outbox.get(n.key())).map(dev.governor.notify.OutboxEntry::notification).contains(n);
      }
      assertThat(outbox.get(signed.key()).orElseThrow().notification().message().fields().keySet())
          .containsExactly("severity", "incident", "summary");
      assertThat(outbox.get(dev.governor.notify.NotificationKey.of("a/nothing"))).isEmpty();
    }

    @Test
    void due_holdsPendingNotificationsDueNow_longestDueFirst_andAFailedAttemptPostponesOne_acrossARestart() {
      var outbox = db.notifications();
      outbox.enqueue(notification("k/1", EMAIL, minute(0)));
      outbox.enqueue(notification("k/2", EMAIL, minute(1)));
      outbox.enqueue(notification("k/3", EMAIL, minute(2)));
      long first = outbox.get(dev.governor.notify.NotificationKey.of("k/1")).orElseThrow().id();

      assertThat(keys(outbox.due(minute(1), 10))).containsExactly("k/1", "k/2");
      assertThat(keys(outbox.due(minute(5), 2))).containsExactly("k/1", "k/2");
      assertThat(outbox.failed(first, minute(4), "HTTP 503")).isTrue();
      assertThat(keys(outbox.due(minute(3), 10))).containsExactly("k/2", "k/3");

      var restarted = reopen().notifications();
      assertThat(keys(restarted.due(minute(4), 10))).containsExactly("k/2", "k/3", "k/1");
      assertThat(restarted.due(minute(4), 10).get(2)).satisfies(e -> {
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastError()).contains("HTTP 503");
        assertThat(e.nextAttemptAt()).isEqualTo(minute(4));
        assertThat(e.state()).isEqualTo(dev.governor.notify.DeliveryState.PENDING);
      });
    }

    @Test
    void nextAttemptAt_isThatOfThePendingNotificationDueSoonest_andEmptyWhenNoneIsPending() {
      var outbox = db.notifications();
      assertThat(outbox.nextAttemptAt()).isEmpty();
      outbox.enqueue(notification("k/1", EMAIL, minute(1)));
      outbox.enqueue(notification("k/2", EMAIL, minute(2)));
      long first = outbox.get(dev.governor.notify.NotificationKey.of("k/1")).orElseThrow().id();
      long second = outbox.get(dev.governor.notify.NotificationKey.of("k/2")).orElseThrow().id();
      assertThat(outbox.nextAttemptAt()).contains(minute(1));

      outbox.failed(first, minute(9), "HTTP 503");
      assertThat(reopen().notifications().nextAttemptAt()).contains(minute(2));
      outbox = db.notifications();
      outbox.delivered(second, minute(3));
      assertThat(outbox.nextAttemptAt()).contains(minute(9));
      outbox.gaveUp(first, minute(9), "HTTP 410");
      assertThat(outbox.nextAttemptAt()).as("settled notifications are not due").isEmpty();
    }

    @Test
    void delivered_andGaveUp_settleAPendingNotificationOnce_andTakeItOutOfDue() {
      var outbox = db.notifications();
      outbox.enqueue(notification("k/ok", EMAIL, minute(0)));
      outbox.enqueue(notification("k/lost", EMAIL, minute(0)));
      long ok = outbox.get(dev.governor.notify.NotificationKey.of("k/ok")).orElseThrow().id();
      long lost = outbox.get(dev.governor.notify.NotificationKey.of("k/lost")).orElseThrow().id();
      outbox.failed(ok, minute(1), "connection refused");

      assertThat(outbox.delivered(ok, minute(2))).isTrue();
      assertThat(outbox.gaveUp(lost, minute(3), "HTTP 410")).isTrue();
      // Settled is settled: a late outcome of a second sender changes nothing.
      assertThat(outbox.delivered(ok, minute(4))).isFalse();
      assertThat(outbox.failed(ok, minute(9), "late")).isFalse();
      assertThat(outbox.delivered(lost, minute(4))).isFalse();
      assertThat(outbox.gaveUp(12345, minute(4), "no such id")).isFalse();

      var restarted = reopen().notifications();
      assertThat(restarted.due(minute(60), 10)).isEmpty();
      assertThat(restarted.get(dev.governor.notify.NotificationKey.of("k/ok"))).hasValueSatisfying(e -> {
        assertThat(e.state()).isEqualTo(dev.governor.notify.DeliveryState.DELIVERED);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.settledAt()).contains(minute(2));
        assertThat(e.lastError()).isEmpty();
      });
      assertThat(restarted.get(dev.governor.notify.NotificationKey.of("k/lost"))).hasValueSatisfying(e -> {
        assertThat(e.state()).isEqualTo(dev.governor.notify.DeliveryState.FAILED);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.settledAt()).contains(minute(3));
        assertThat(e.lastError()).contains("HTTP 410");
      });
    }

    @Test
    void list_isNewestFirst_filteredByStateAndExactKeyPrefix_andLimited() {
      var outbox = db.notifications();
      for (String key : List.of("incident-1/a", "incident-1/b", "incident-12/a", "INCIDENT-1/c", "incident_1/d", "test/x")) {
        outbox.enqueue(notification(key, EMAIL, minute(0)));
      }
      outbox.delivered(outbox.get(dev.governor.notify.NotificationKey.of("incident-1/b")).orElseThrow().id(), minute(1));

      assertThat(keys(outbox.list(Optional.empty(), "", 100)))
          .containsExactly("test/x", "incident_1/d", "INCIDENT-1/c", "incident-12/a", "incident-1/b", "incident-1/a");
      // Case matters, and '_' and '%' are characters, not patterns.
      assertThat(keys(outbox.list(Optional.empty(), "incident-1/", 100))).containsExactly("incident-1/b", "incident-1/a");
      assertThat(keys(outbox.list(Optional.empty(), "incident_", 100))).containsExactly("incident_1/d");
      assertThat(keys(outbox.list(Optional.empty(), "%", 100))).isEmpty();
      assertThat(keys(outbox.list(Optional.of(dev.governor.notify.DeliveryState.PENDING), "incident-1", 100)))
          .containsExactly("incident-12/a", "incident-1/a");
      assertThat(keys(outbox.list(Optional.of(dev.governor.notify.DeliveryState.DELIVERED), "", 100)))
          .containsExactly("incident-1/b");
      assertThat(keys(outbox.list(Optional.of(dev.governor.notify.DeliveryState.FAILED), "", 100))).isEmpty();
      assertThat(keys(outbox.list(Optional.empty(), "", 2))).containsExactly("test/x", "incident_1/d");
    }

    @Test
    void enqueue_ofOneKeyFromManyThreadsAtOnce_isNewExactlyOnce() throws Exception {
      var outbox = db.notifications();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(pool.submit(() -> outbox.enqueue(notification("race/1", EMAIL, minute(0)))));
        }
        long created = 0;
        for (Future<Boolean> r : results) if (r.get()) created++;
        assertThat(created).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(outbox.list(Optional.empty(), "race/", 10)).hasSize(1);
    }
  }

  /** Extend as {@code @Nested class OnCall extends OnCallContract {}}. */
  public abstract class OnCallContract {

    static dev.governor.oncall.OnCallDocument doc(dev.governor.oncall.OnCallKind kind, String name, String source, Instant at) {
      return new dev.governor.oncall.OnCallDocument(kind, name, source, at);
    }

    @Test
    void documents_areOrderedByKindThenName_andReplacedByKindAndName() {
      var store = db.onCall();
      store.apply(List.of(
          doc(dev.governor.oncall.OnCallKind.ESCALATION_POLICY, "team", "policy", minute(0)),
          doc(dev.governor.oncall.OnCallKind.SCHEDULE, "primary", "schedule", minute(0)),
          doc(dev.governor.oncall.OnCallKind.USER, "bob", "bob", minute(0)),
          doc(dev.governor.oncall.OnCallKind.USER, "alice", "alice", minute(0))));
      store.apply(List.of(doc(dev.governor.oncall.OnCallKind.USER, "bob", "bob v2", minute(1))));

      assertThat(reopen().onCall().all()).containsExactly(
          doc(dev.governor.oncall.OnCallKind.USER, "alice", "alice", minute(0)),
          doc(dev.governor.oncall.OnCallKind.USER, "bob", "bob v2", minute(1)),
          doc(dev.governor.oncall.OnCallKind.SCHEDULE, "primary", "schedule", minute(0)),
          doc(dev.governor.oncall.OnCallKind.ESCALATION_POLICY, "team", "policy", minute(0)));
    }

    @Test
    void theSameNameInTwoKinds_isTwoDocuments_andDeleteRemovesOne() {
      var store = db.onCall();
      store.apply(List.of(doc(dev.governor.oncall.OnCallKind.USER, "primary", "user", minute(0)),
          doc(dev.governor.oncall.OnCallKind.SCHEDULE, "primary", "schedule", minute(0))));

      assertThat(store.delete(dev.governor.oncall.OnCallKind.SCHEDULE, "primary")).isTrue();
      assertThat(store.delete(dev.governor.oncall.OnCallKind.SCHEDULE, "primary")).isFalse();
      assertThat(store.delete(dev.governor.oncall.OnCallKind.ESCALATION_POLICY, "nothing")).isFalse();
      assertThat(store.all()).extracting(dev.governor.oncall.OnCallDocument::source).containsExactly("user");
    }

    @Test
    void apply_keepsTheSourceExactly_secretsAndAll() {
      String yaml = "apiVersion: governor.dev/v1\r\nkind: User\nmetadata: {name: ünïcode}\n"
          + "spec:\n  contacts:\n    - webhook: http://127.0.0.1:9099/a\n      secret: s3cr3t # kept\n\n";
      db.onCall().apply(List.of(doc(dev.governor.oncall.OnCallKind.USER, "alice", yaml, minute(0))));

      assertThat(reopen().onCall().all()).extracting(dev.governor.oncall.OnCallDocument::source).containsExactly(yaml);
    }
  }

  /**
   * Extend as {@code @Nested class Incidents extends IncidentsContract {}}: incidents, their alerts
   * and timelines, silences and maintenance windows, and the engine on top of them.
   */
  public abstract class IncidentsContract {

    static final dev.governor.incident.IncidentId ONE = new dev.governor.incident.IncidentId(1);

    static dev.governor.incident.Incident incident(long number, String group, String service,
        dev.governor.incident.IncidentState state, int openedMinute) {
      var opened = minute(openedMinute);
      boolean resolved = state == dev.governor.incident.IncidentState.RESOLVED;
      boolean acknowledged = state == dev.governor.incident.IncidentState.ACKNOWLEDGED || resolved;
      return new dev.governor.incident.Incident(new dev.governor.incident.IncidentId(number), "Checkout 5xx ünïcode",
          state, dev.governor.incident.AlertSeverity.CRITICAL, List.of(service), List.of(service + "-availability"),
          Map.of("team", "payments", "service", service), group, opened, opened.plusSeconds(30),
          acknowledged ? Optional.of(opened.plusSeconds(120)) : Optional.empty(),
          acknowledged ? Optional.of("alice") : Optional.empty(),
          resolved ? Optional.of(opened.plusSeconds(600)) : Optional.empty(),
          resolved ? Optional.of("alertmanager") : Optional.empty(),
          Map.of("commander", "alice", "scribe", "bob"), resolved ? 1 : 0);
    }

    static dev.governor.incident.IncidentAlert alert(long id, String key, Optional<dev.governor.incident.IncidentId> in,
        boolean open) {
      return new dev.governor.incident.IncidentAlert(id, dev.governor.incident.SignalSource.PAGERDUTY, "pd", key, in,
          open ? dev.governor.incident.IncidentState.ACKNOWLEDGED : dev.governor.incident.IncidentState.RESOLVED,
          in.isPresent() ? Optional.empty()
              : Optional.of(new dev.governor.incident.Suppression(dev.governor.incident.Suppression.Kind.SILENCED,
                  "silence abc")),
          "disk full on db-1", dev.governor.incident.AlertSeverity.ERROR,
          Map.of("service", "checkout", "alertname", "DiskFull"), Map.of("free", "0 bytes"),
          List.of(new dev.governor.incident.SignalLink(java.net.URI.create("https://grafana.example.com/d/1"), "board", false),
              new dev.governor.incident.SignalLink(java.net.URI.create("https://img.example.com/1.png"), "", true)),
          "by:service=\"checkout\"", minute(-1), minute(0), minute(3), open ? Optional.empty() : Optional.of(minute(4)));
    }

    <T> T write(java.util.function.Function<dev.governor.incident.IncidentStore.Tx, T> work) {
      return db.incidents().write(work);
    }

    /** The store's Tx with each call run in a read transaction of its own, for one-line assertions. */
    dev.governor.incident.IncidentStore.Tx reads() {
      return each(false);
    }

    /** The store's Tx with each call run in a write transaction of its own. */
    dev.governor.incident.IncidentStore.Tx writes() {
      return each(true);
    }

    private dev.governor.incident.IncidentStore.Tx each(boolean write) {
      var store = db.incidents();
      return (dev.governor.incident.IncidentStore.Tx) java.lang.reflect.Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {dev.governor.incident.IncidentStore.Tx.class},
          (proxy, method, args) -> {
            java.util.function.Function<dev.governor.incident.IncidentStore.Tx, Object> call = tx -> {
              try {
                return method.invoke(tx, args);
              } catch (ReflectiveOperationException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e);
              }
            };
            return write ? store.write(call) : store.read(call);
          });
    }

    @Test
    void incidents_areNumberedInOrder_andReadBackAsSaved_afterAReopen() {
      var triggered = incident(1, "g1", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 0);
      var resolved = incident(2, "g2", "search", dev.governor.incident.IncidentState.RESOLVED, 5);
      assertThat(reads().nextIncidentId()).isEqualTo(ONE);
      write(tx -> {
        tx.saveIncident(triggered);
        assertThat(tx.nextIncidentId()).isEqualTo(new dev.governor.incident.IncidentId(2));
        tx.saveIncident(resolved);
        return null;
      });

      reopen();

      assertThat(reads().incident(ONE)).contains(triggered);
      assertThat(reads().incident(new dev.governor.incident.IncidentId(2))).contains(resolved);
      assertThat(reads().incident(new dev.governor.incident.IncidentId(3))).isEmpty();
      assertThat(reads().nextIncidentId()).isEqualTo(new dev.governor.incident.IncidentId(3));
    }

    @Test
    void saveIncident_replacesTheRow_andItsRolesAndServices() {
      var first = incident(1, "g1", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 0);
      var changed = new dev.governor.incident.Incident(ONE, "renamed", dev.governor.incident.IncidentState.ACKNOWLEDGED,
          dev.governor.incident.AlertSeverity.WARNING, List.of("checkout", "cart"), List.of(), Map.of(), "g1",
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
        tx.saveIncident(incident(1, "g", "checkout", dev.governor.incident.IncidentState.RESOLVED, 0));
        tx.saveIncident(incident(2, "g", "checkout", dev.governor.incident.IncidentState.RESOLVED, 20));
        tx.saveIncident(incident(3, "g", "checkout", dev.governor.incident.IncidentState.ACKNOWLEDGED, 40));
        tx.saveIncident(incident(4, "other", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 50));
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
        tx.saveIncident(incident(1, "a", "checkout", dev.governor.incident.IncidentState.RESOLVED, 0));
        tx.saveIncident(incident(2, "b", "search", dev.governor.incident.IncidentState.TRIGGERED, 10));
        tx.saveIncident(incident(3, "c", "checkout", dev.governor.incident.IncidentState.ACKNOWLEDGED, 20));
        return null;
      });

      assertThat(reads().incidents(dev.governor.incident.IncidentQuery.all(10)))
          .extracting(i -> i.id().number()).containsExactly(3L, 2L, 1L);
      assertThat(reads().incidents(dev.governor.incident.IncidentQuery.open(10)))
          .extracting(i -> i.id().number()).containsExactly(3L, 2L);
      assertThat(reads().incidents(new dev.governor.incident.IncidentQuery(
          java.util.Set.of(dev.governor.incident.IncidentState.RESOLVED), Optional.of("checkout"), Optional.empty(), 10)))
          .extracting(i -> i.id().number()).containsExactly(1L);
      assertThat(reads().incidents(new dev.governor.incident.IncidentQuery(java.util.Set.of(), Optional.empty(),
          Optional.of(new dev.governor.slo.TimeRange(minute(10), minute(20))), 10)))
          .extracting(i -> i.id().number()).containsExactly(2L);
      assertThat(reads().incidents(dev.governor.incident.IncidentQuery.all(1)))
          .extracting(i -> i.id().number()).containsExactly(3L);
    }

    @Test
    void alerts_areReadBackAsSaved_byKeyIncidentAndOpenness() {
      var in = Optional.of(ONE);
      write(tx -> {
        tx.saveIncident(incident(1, "g", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 0));
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
    void aSecondOpenAlert_forOneKey_isRefusedByTheDatabase_andTheWholeWriteRollsBack() {
      write(tx -> {
        tx.saveAlert(alert(1, "k1", Optional.empty(), true));
        return null;
      });

      assertThatThrownBy(() -> write(tx -> {
        tx.saveIncident(incident(1, "g", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 0));
        tx.saveAlert(alert(2, "k1", Optional.empty(), true));
        return null;
      })).isInstanceOf(dev.governor.storage.jdbc.StorageException.class);

      assertThat(reads().incident(ONE)).isEmpty();
      assertThat(reads().openAlerts()).extracting(dev.governor.incident.IncidentAlert::id).containsExactly(1L);
    }

    @Test
    void aWrite_thatThrows_leavesNothing() {
      assertThatThrownBy(() -> write(tx -> {
        tx.saveIncident(incident(1, "g", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 0));
        tx.appendTimeline(ONE, dev.governor.incident.TimelineEntry.of(minute(0),
            dev.governor.incident.TimelineEntry.Kind.STATE, "x", "opened"));
        throw new IllegalStateException("the engine failed half way");
      })).isInstanceOf(IllegalStateException.class);

      assertThat(reads().incident(ONE)).isEmpty();
      assertThat(reads().nextIncidentId()).isEqualTo(ONE);
    }

    @Test
    void theTimeline_keepsItsOrder_andDetails() {
      var entries = List.of(
          new dev.governor.incident.TimelineEntry(minute(0), dev.governor.incident.TimelineEntry.Kind.ALERT, "pd",
              "alert fired", Map.of("dedupKey", "k1", "severity", "critical")),
          dev.governor.incident.TimelineEntry.of(minute(0), dev.governor.incident.TimelineEntry.Kind.COMMENT, "alice",
              "looking — ünïcode"),
          dev.governor.incident.TimelineEntry.of(minute(1), dev.governor.incident.TimelineEntry.Kind.ESCALATION, "escalation",
              "level 2: bob"));
      write(tx -> {
        tx.saveIncident(incident(1, "g", "checkout", dev.governor.incident.IncidentState.TRIGGERED, 0));
        entries.forEach(e -> tx.appendTimeline(ONE, e));
        return null;
      });

      reopen();
      assertThat(reads().timeline(ONE)).containsExactlyElementsOf(entries);
    }

    @Test
    void silences_areSaved_expired_andListedLatestStartFirst() {
      var matchers = List.of(dev.governor.incident.LabelMatcher.parse("service=~\"checkout|cart\""),
          dev.governor.incident.LabelMatcher.parse("env!=\"staging\""));
      var early = new dev.governor.incident.Silence(new dev.governor.incident.SilenceId("s-early"), matchers, minute(0),
          minute(60), "alice", "failover drill");
      var late = new dev.governor.incident.Silence(new dev.governor.incident.SilenceId("s-late"),
          List.of(dev.governor.incident.LabelMatcher.parse("service=search")), minute(10), minute(20), "bob", "deploy");
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
      assertThat(reads().silence(new dev.governor.incident.SilenceId("nope"))).isEmpty();
    }

    @Test
    void maintenanceWindows_areSavedByName_replaced_andDeleted() {
      var window = new dev.governor.incident.MaintenanceWindow("db-patching",
          List.of(dev.governor.incident.LabelMatcher.parse("service=db")),
          java.util.Set.of(java.time.DayOfWeek.SUNDAY, java.time.DayOfWeek.WEDNESDAY), java.time.LocalTime.of(23, 30),
          Duration.ofMinutes(150), java.time.ZoneId.of("Europe/Berlin"), "dba", "patches");
      var replaced = new dev.governor.incident.MaintenanceWindow("db-patching",
          List.of(dev.governor.incident.LabelMatcher.parse("service=~\"db|cache\"")),
          java.util.Set.of(java.time.DayOfWeek.MONDAY), java.time.LocalTime.of(2, 0), Duration.ofHours(1),
          java.time.ZoneId.of("UTC"), "dba", "");

      assertThat(writes().saveMaintenanceWindow(window)).isTrue();
      reopen();
      assertThat(reads().maintenanceWindows()).containsExactly(window);
      assertThat(writes().saveMaintenanceWindow(replaced)).isFalse();
      assertThat(reads().maintenanceWindows()).containsExactly(replaced);
      assertThat(writes().deleteMaintenanceWindow("db-patching")).isTrue();
      assertThat(writes().deleteMaintenanceWindow("db-patching")).isFalse();
      assertThat(reads().maintenanceWindows()).isEmpty();
    }

    static dev.governor.incident.Signal trigger(String key, String service) {
      return new dev.governor.incident.Signal(dev.governor.incident.SignalSource.ALERTMANAGER, "am",
          dev.governor.incident.SignalAction.TRIGGER, Optional.of(key), key + " fires",
          dev.governor.incident.AlertSeverity.CRITICAL, Map.of("service", service), Map.of(), List.of(), minute(0));
    }

    dev.governor.incident.IncidentEngine engine() {
      return new dev.governor.incident.IncidentEngine(db.incidents(), java.time.InstantSource.fixed(minute(1)),
          dev.governor.incident.IncidentSettings.DEFAULTS);
    }

    @Test
    void theEngine_onThisDatabase_storesABatch_andReadsItBackAfterARestart() {
      var results = engine().accept(List.of(trigger("a", "checkout"), trigger("b", "checkout"), trigger("c", "search")));
      var detail = engine().get(ONE).orElseThrow();

      reopen();

      assertThat(results).extracting(dev.governor.incident.IntakeResult::disposition).containsExactly(
          dev.governor.incident.IntakeResult.Disposition.OPENED_INCIDENT,
          dev.governor.incident.IntakeResult.Disposition.JOINED_INCIDENT,
          dev.governor.incident.IntakeResult.Disposition.OPENED_INCIDENT);
      assertThat(engine().get(ONE)).contains(detail);
      assertThat(detail.alerts()).extracting(dev.governor.incident.IncidentAlert::dedupKey).containsExactly("a", "b");
      assertThat(detail.timeline()).hasSize(3);
      assertThat(engine().list(dev.governor.incident.IncidentQuery.all(10))).hasSize(2);
    }

    @Test
    void concurrentTriggers_forOneKey_makeOneAlert_andConcurrentIncidentsGetDistinctNumbers() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<dev.governor.incident.IntakeResult>> sameKey = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          sameKey.add(pool.submit(() -> engine().accept(List.of(trigger("same", "checkout"))).getFirst()));
        }
        List<Future<dev.governor.incident.IntakeResult>> services = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          String service = "svc-" + i;
          services.add(pool.submit(() -> engine().accept(List.of(trigger("k-" + service, service))).getFirst()));
        }
        List<dev.governor.incident.IntakeResult.Disposition> dispositions = new ArrayList<>();
        for (var f : sameKey) dispositions.add(f.get().disposition());
        List<Long> numbers = new ArrayList<>();
        for (var f : services) numbers.add(f.get().incident().orElseThrow().number());

        assertThat(dispositions).filteredOn(d -> d == dev.governor.incident.IntakeResult.Disposition.OPENED_INCIDENT)
            .hasSize(1);
        assertThat(reads().openAlerts()).filteredOn(a -> a.dedupKey().equals("same")).hasSize(1);
        assertThat(numbers).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= 17);
        assertThat(reads().incidents(dev.governor.incident.IncidentQuery.all(100))).hasSize(17);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
