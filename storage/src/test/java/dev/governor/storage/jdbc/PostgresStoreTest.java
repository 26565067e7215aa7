package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.storage.StoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL: the server named by {@code GOVERNOR_TEST_POSTGRES_URL},
 * or an embedded one (see {@link TestPostgres}). Each test gets a schema of its own, so tests start
 * empty and the same server can serve several runs.
 */
class PostgresStoreTest extends StoreContract {

  private static String serverUrl;
  private String schema;

  @BeforeAll
  static void findServer() {
    serverUrl = TestPostgres.url();
  }

  @Nested
  class Buckets extends BucketsContract {}

  @Nested
  class Resources extends ResourcesContract {}

  @Nested
  class Alerts extends AlertsContract {}

  @Nested
  class Deployments extends DeploymentsContract {}

  @Nested
  class Commits extends CommitsContract {}

  @Nested
  class Policies extends PoliciesContract {}

  @Nested
  class CapacitySignals extends CapacitySignalsContract {}

  @Nested
  class Probes extends ProbesContract {}

  @Nested
  class Adjustments extends AdjustmentsContract {}

  @Nested
  class Instances extends InstancesContract {}

  @Nested
  class Leases extends LeasesContract {}

  @Nested
  class Composites extends CompositesContract {}

  @Nested
  class ProbeResults extends ProbeResultsContract {}

  @Nested
  class Status extends StatusContract {}

  @Nested
  class Access extends AccessContract {}

  @Nested
  class Sessions extends SessionsContract {}

  @Nested
  class AuditLog extends AuditLogContract {}

  @Nested
  class Audit extends AuditContract {}

  @Nested
  class Hooks extends HooksContract {}

  @Nested
  class Notifications extends NotificationsContract {}

  @Nested
  class OnCall extends OnCallContract {}

  @Nested
  class Incidents extends IncidentsContract {}

  @Override
  protected void createEmptyDatabase() throws SQLException {
    schema = "governor_test_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
  }

  @Override
  protected Database open() {
    return Database.open(serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  @Override
  protected void dropDatabase() throws SQLException {
    if (schema == null) return;
    execute("DROP SCHEMA " + schema + " CASCADE");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void fencedWrites_goThroughWhileTheirTermHoldsTheLease_andAreRefusedOnceALaterTermTookItOver() throws Exception {
    dev.governor.cluster.LeaderTerm first = db.leases()
        .tryLead("a-1", java.net.URI.create("http://a:1"), java.time.Duration.ofMillis(300)).orElseThrow().term();
    db.fenceWrites(first, java.time.Duration.ofSeconds(5));
    var api = dev.governor.basics.SloName.of("api");
    var early = new dev.governor.slo.InstanceStore.StoredInstance(api, java.util.Map.of("region", "eu"), java.time.Instant.EPOCH);
    db.instances().add(java.util.List.of(early));
    String lockTimeout = db.connections().write(connection -> {
      try (Statement show = connection.createStatement(); java.sql.ResultSet rs = show.executeQuery("SHOW lock_timeout")) {
        rs.next();
        return rs.getString(1);
      }
    });
    assertThat(lockTimeout).as("the fence's own lock wait, put back for the transaction's statements").isEqualTo("0");

    Thread.sleep(400);
    try (Database other = open()) {
      assertThat(other.leases().tryLead("b-1", java.net.URI.create("http://b:1"), java.time.Duration.ofMinutes(1)))
          .isPresent();
    }
    var late = new dev.governor.slo.InstanceStore.StoredInstance(api, java.util.Map.of("region", "us"), java.time.Instant.EPOCH);

    assertThatThrownBy(() -> db.instances().add(java.util.List.of(late)))
        .isInstanceOf(Fenced.class).hasMessageContaining("term 1 of a-1");
    assertThat(db.instances().all()).containsExactly(early);
  }

  @Test
  void aTakeover_waitsForTheLeadersWriteInFlight_soNoWriteOfTheOldTermCommitsAfterTheNewTerm() throws Exception {
    dev.governor.cluster.LeaderTerm first = db.leases()
        .tryLead("a-1", java.net.URI.create("http://a:1"), java.time.Duration.ofMillis(300)).orElseThrow().term();
    db.fenceWrites(first, java.time.Duration.ofSeconds(10));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicLong committedAt = new java.util.concurrent.atomic.AtomicLong();
    Thread leader = holdAWriteOpen(release, committedAt);
    Thread.sleep(400); // the lease ran out, the write is still in flight
    try (Database other = open()) {
      var leases = other.leases();
      assertThat(leases.tryLead("b-1", java.net.URI.create("http://b:1"), java.time.Duration.ofMinutes(1)))
          .as("a takeover while the old term's write holds the row").isEmpty();
      Thread.ofPlatform().start(() -> {
        sleepQuietly(300);
        release.countDown();
      });
      long tried = System.nanoTime();
      java.util.Optional<dev.governor.cluster.Lease> taken = java.util.Optional.empty();
      while (taken.isEmpty() && System.nanoTime() - tried < 5_000_000_000L) {
        taken = leases.tryLead("b-1", java.net.URI.create("http://b:1"), java.time.Duration.ofMinutes(1));
      }
      // Read at once, before the writer thread could say anything: committed before the new term.
      boolean visible = other.instances().all().stream().anyMatch(i -> i.group().value().equals("in-flight"));
      leader.join();
      assertThat(taken).map(l -> l.term().term()).contains(2L);
      assertThat(committedAt.get()).as("the old term's write committed").isPositive();
      assertThat(visible).as("the old term's write, seen as the new term was taken").isTrue();
    }
  }

  @Test
  void theLeadersRenewal_doesNotWaitForItsOwnWritesInFlight() throws Exception {
    dev.governor.cluster.LeaderTerm term = db.leases()
        .tryLead("a-1", java.net.URI.create("http://a:1"), java.time.Duration.ofMinutes(1)).orElseThrow().term();
    db.fenceWrites(term, java.time.Duration.ofSeconds(10));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread leader = holdAWriteOpen(release, new java.util.concurrent.atomic.AtomicLong());
    try (Database lease = open()) {
      long started = System.nanoTime();
      assertThat(lease.leases().renew(term, java.time.Duration.ofMinutes(1))).isTrue();
      assertThat(System.nanoTime() - started).as("nanoseconds the renewal took").isLessThan(500_000_000L);
    } finally {
      release.countDown();
      leader.join();
    }
  }

  /**
   * A write transaction of {@code db}, fenced as it is, that adds an instance of the SLO
   * "in-flight" and stays open until {@code release}; returns once it is open, and sets {@code
   * committedAt} (System.nanoTime) when it has committed.
   */
  private Thread holdAWriteOpen(java.util.concurrent.CountDownLatch release,
      java.util.concurrent.atomic.AtomicLong committedAt) throws InterruptedException {
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    Thread writer = Thread.ofPlatform().start(() -> {
      try {
        db.connections().write(connection -> {
          try (java.sql.Statement insert = connection.createStatement()) {
            insert.execute("INSERT INTO slo_instance (slo, labels, created_at) VALUES ('in-flight', '', 0)");
          }
          inside.countDown();
          awaitQuietly(release);
          return null;
        });
        committedAt.set(System.nanoTime());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    inside.await();
    return writer;
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void dialect_isPostgresql() {
    assertThat(db.dialect()).isEqualTo("postgresql");
  }

  @Test
  void open_ofAnUnreachableServer_throwsAStorageException_withoutThePassword() {
    assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/governor?user=u&password=secret&connectTimeout=1"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("secret");
  }
}
