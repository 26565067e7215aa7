package dev.governor.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.governor.alert.AlertStore;
import dev.governor.delivery.CommitLog;
import dev.governor.delivery.DeploymentStore;
import dev.governor.sli.BucketStore;
import dev.governor.slo.ResourceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Governor's stores on SQLite (one file, the embedded default) or PostgreSQL 15+. Opening one
 * migrates its schema to this version; close it to release the file or the connections.
 *
 * <p>Every write is durable when the method returns: it survives a crash of the process. Instants
 * are stored to the millisecond.
 *
 * <pre>{@code
 * try (Database db = Database.sqlite(Path.of("data"))) {
 *   db.buckets().add(increments);
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

  /** The file in the data directory that {@link #sqlite(Path)} opens. */
  public static final String SQLITE_FILE = "governor.db";

  private static final String MIGRATIONS = "classpath:db/governor";

  /**
   * The schema version this Governor migrates a database to: the highest of its migrations (a test
   * holds it to the files). A backup records the version it was taken at, and a restore refuses one
   * from a newer schema than this.
   */
  public static final int SCHEMA_VERSION = 20;

  /** SQLite readers: WAL lets them read beside the one writer; two cores need no more. */
  private static final int SQLITE_READERS = 4;

  private static final int POSTGRES_CONNECTIONS = 10;

  /**
   * How long a caller waits for a PostgreSQL connection before the call fails, unless told otherwise:
   * short, because while the database is down every request waits this long for its 503.
   */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long a caller waits for a free SQLite connection: there the wait is for the single writer
   * under load, not for a server that may be gone, so it may be as long as the busy timeout.
   */
  private static final long SQLITE_CONNECTION_TIMEOUT_MS = 10_000;

  /** How long {@link #isHealthy()} lets the trivial query take. */
  private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);

  /** How long SQLite waits on a lock held by another process before it gives up. */
  private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

  private final Dialect dialect;
  private final String jdbcUrl;
  private final Connections connections;
  private final JdbcBucketStore buckets;
  private final ResourceStore resources;
  private final AlertStore alerts;
  private final DeploymentStore deployments;
  private final CommitLog commitLog;
  private final dev.governor.delivery.gate.PolicyStore policies;
  private final dev.governor.delivery.gate.AuditTrail audit;
  private final dev.governor.delivery.verification.HookOutbox hookOutbox;
  private final dev.governor.notify.Outbox notifications;
  private final dev.governor.oncall.OnCallStore onCall;
  private final dev.governor.incident.IncidentStore incidents;
  private final dev.governor.capacity.CapacitySignalStore capacitySignals;
  private final dev.governor.probe.ProbeStore probes;
  private final dev.governor.adjustment.AdjustmentStore adjustments;
  private final dev.governor.slo.InstanceStore instances;
  private final dev.governor.slo.CompositeStore composites;
  private final dev.governor.probe.ProbeResultStore probeResults;
  private final dev.governor.status.StatusStore status;
  private final dev.governor.access.AccessStore access;
  private final dev.governor.access.SessionStore sessions;
  private final dev.governor.access.AuditLog auditLog;
  private final JdbcLeaseStore leases;

  private Database(Dialect dialect, String jdbcUrl, Connections connections, JdbcBucketStore.Writes writes) {
    this.dialect = dialect;
    this.jdbcUrl = jdbcUrl;
    this.connections = connections;
    this.buckets = new JdbcBucketStore(connections, dialect, writes);
    this.resources = new JdbcResourceStore(connections);
    this.alerts = new JdbcAlertStore(connections);
    this.deployments = new JdbcDeploymentStore(connections);
    this.commitLog = new JdbcCommitLog(connections);
    this.policies = new JdbcPolicyStore(connections);
    this.audit = new JdbcAuditTrail(connections);
    this.hookOutbox = new JdbcHookOutbox(connections);
    this.notifications = new JdbcNotificationOutbox(connections);
    this.onCall = new JdbcOnCallStore(connections);
    this.incidents = new JdbcIncidentStore(connections, dialect);
    this.capacitySignals = new JdbcCapacitySignalStore(connections);
    this.probes = new JdbcProbeStore(connections);
    this.adjustments = new JdbcAdjustmentStore(connections);
    this.instances = new JdbcInstanceStore(connections);
    this.composites = new JdbcCompositeStore(connections);
    this.probeResults = new JdbcProbeResultStore(connections);
    this.status = new JdbcStatusStore(connections);
    this.access = new JdbcAccessStore(connections);
    this.sessions = new JdbcSessionStore(connections);
    this.auditLog = new JdbcAuditLog(connections);
    this.leases = new JdbcLeaseStore(connections, dialect);
  }

  /**
   * Opens {@code jdbc:sqlite:/path/to/file.db} or {@code
   * jdbc:postgresql://host:port/db?user=...&password=...} and migrates its schema.
   *
   * @throws IllegalArgumentException when the URL is neither, or names an in-memory SQLite
   * @throws StorageException when the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl) {
    return open(jdbcUrl, DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * As {@link #open(String)}, with how long a caller waits for a PostgreSQL connection before its
   * call fails with a {@link StorageException} (SQLite ignores it).
   */
  public static Database open(String jdbcUrl, Duration connectionTimeout) {
    Dialect dialect = Dialect.of(jdbcUrl);
    return switch (dialect) {
      case SQLITE -> openSqlite(jdbcUrl);
      case POSTGRESQL -> openPostgres(jdbcUrl, connectionTimeout);
    };
  }

  /** Opens (and creates if need be) {@code dataDir/governor.db}, creating the directory too. */
  public static Database sqlite(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the data directory " + dataDir, e);
    }
    return openSqlite("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath());
  }

  public BucketStore buckets() {
    return buckets;
  }

  public ResourceStore resources() {
    return resources;
  }

  public AlertStore alerts() {
    return alerts;
  }

  public DeploymentStore deployments() {
    return deployments;
  }

  /** Pushed commits, merged pull requests and applied webhook deliveries. */
  public CommitLog commitLog() {
    return commitLog;
  }

  /** Applied error-budget policies (deploy gates). */
  public dev.governor.delivery.gate.PolicyStore policies() {
    return policies;
  }

  /** The audit trail of gate decisions, overrides, verifications and rollbacks. */
  public dev.governor.delivery.gate.AuditTrail audit() {
    return audit;
  }

  /** Rollback hook calls until they are acknowledged. */
  public dev.governor.delivery.verification.HookOutbox hookOutbox() {
    return hookOutbox;
  }

  /** Notifications (webhook, Slack, email) until they are delivered or given up on. */
  public dev.governor.notify.Outbox notifications() {
    return notifications;
  }

  /** Applied on-call documents: users, schedules and escalation policies. */
  public dev.governor.oncall.OnCallStore onCall() {
    return onCall;
  }

  /** Incidents, their alerts and timelines, silences and maintenance windows. */
  public dev.governor.incident.IncidentStore incidents() {
    return incidents;
  }

  /** Applied CapacitySignal documents: the series whose growth is forecast, and their limits. */
  public dev.governor.capacity.CapacitySignalStore capacitySignals() {
    return capacitySignals;
  }

  /** Applied Probe documents: the synthetic checks Governor runs. */
  /** The applied composite SLOs. */
  public dev.governor.slo.CompositeStore composites() {
    return composites;
  }

  /** The instances grouped SLOs have made. */
  public dev.governor.slo.InstanceStore instances() {
    return instances;
  }

  public dev.governor.adjustment.AdjustmentStore adjustments() {
    return adjustments;
  }

  public dev.governor.probe.ProbeStore probes() {
    return probes;
  }

  /** The raw result of every probe run, and their counts per hour. */
  public dev.governor.probe.ProbeResultStore probeResults() {
    return probeResults;
  }

  /** The public status page: its document, public updates, maintenance, overrides, events, subscribers. */
  public dev.governor.status.StatusStore status() {
    return status;
  }

  /** Accounts, applied Team documents, service-account tokens and the server's own secrets. */
  public dev.governor.access.AccessStore access() {
    return access;
  }

  /** Sign-in sessions and the one-click links already used. */
  public dev.governor.access.SessionStore sessions() {
    return sessions;
  }

  /**
   * How many write transactions the calling thread has committed, in any database of this process:
   * a request that compares the count at its start and at a failure knows whether part of it was
   * written before it failed.
   */
  public static long commitsByThisThread() {
    return Connections.commitsByThisThread();
  }

  /** The transactions, for tests of this package that hold one open. */
  Connections connections() {
    return connections;
  }

  /** The leader's lease and the roll of replicas, for a cluster of replicas on PostgreSQL. */
  public dev.governor.cluster.LeaseStore leases() {
    return leases;
  }

  /**
   * Makes every write of this database from now on a write of {@code term}: checked against the
   * lease as it commits, and refused with {@link Fenced} once a later term took over (see {@link
   * Connections#fence}). A transaction left idle longer than {@code idleLimit} is ended by the
   * database, so a process stopped half way through one cannot hold up the next leader.
   *
   * @throws IllegalStateException on SQLite, which one process writes
   */
  public void fenceWrites(dev.governor.cluster.LeaderTerm term, Duration idleLimit) {
    if (dialect != Dialect.POSTGRESQL) {
      throw new IllegalStateException("only a PostgreSQL database is shared by replicas; " + dialect.label() + " is not");
    }
    connections.fence(term, idleLimit);
  }

  /** The audit log of what people and service accounts did. */
  public dev.governor.access.AuditLog auditLog() {
    return auditLog;
  }

  /** "sqlite" or "postgresql". */
  public String dialect() {
    return dialect.label();
  }

  /** Whether the database answers a trivial query now; cheap enough for a readiness probe. */
  public boolean isHealthy() {
    try {
      ping(HEALTH_CHECK_TIMEOUT);
      return true;
    } catch (StorageException e) {
      return false;
    }
  }

  /**
   * Runs a trivial query, waiting at most {@code timeout} for the database's answer once connected
   * (getting the connection is bounded by the connection timeout): a server that accepts but never
   * answers would otherwise hold the caller for good.
   *
   * @throws StorageException with the cause when the database does not answer
   */
  public void ping(Duration timeout) {
    int millis = (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    try {
      connections.read(connection -> {
        if (dialect == Dialect.POSTGRESQL) {
          // The query timeout is enforced by a cancel request over a second connection, which a
          // dead network swallows too; the socket's own timeout is not. The pool puts it back.
          connection.setNetworkTimeout(Runnable::run, millis);
        }
        try (Statement statement = connection.createStatement()) {
          statement.setQueryTimeout(Math.max(1, (millis + 999) / 1000));
          return statement.execute("SELECT 1");
        }
      });
    } catch (SQLException | RuntimeException e) {
      throw new StorageException("the " + dialect.label() + " database does not answer", e);
    }
  }

  @Override
  public void close() {
    connections.close();
  }

  private static Database openSqlite(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    if (path.isBlank() || path.contains(":memory:") || path.contains("mode=memory")) {
      // Each connection of the pools would see its own empty database.
      throw new IllegalArgumentException(
          "Governor keeps SQLite in a file; use jdbc:sqlite:/path/to/governor.db, got '" + jdbcUrl + "'");
    }
    // Flyway gets a connection of its own, outside the pools, so that it can never wait for the
    // single writer; the schema exists before the first store is used.
    migrate(Dialect.SQLITE, sqliteDataSource(jdbcUrl));
    HikariDataSource writer = pool("governor-sqlite-writer", 1, sqliteDataSource(jdbcUrl));
    try {
      HikariConfig readers = config("governor-sqlite-reader", SQLITE_READERS, SQLITE_CONNECTION_TIMEOUT_MS);
      readers.setDataSource(sqliteDataSource(jdbcUrl));
      // A reader that tried to write would take the write lock from under the writer.
      readers.setConnectionInitSql("PRAGMA query_only = true");
      HikariDataSource reader = new HikariDataSource(readers);
      return new Database(Dialect.SQLITE, jdbcUrl, new Connections(writer, reader, reader, writer),
          JdbcBucketStore.Writes.JOURNALED);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private static SQLiteDataSource sqliteDataSource(String jdbcUrl) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: WAL mode syncs the log on every commit, so a commit survives a power cut, not only a
    // crash of the process. NORMAL syncs only at checkpoints; a kill -9 loses nothing under it
    // either (the commit is in the OS page cache), but a power cut can lose the last commits, and
    // SLI data the clients were told is stored should not go. See storage/README.md for the cost.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(jdbcUrl);
    return dataSource;
  }

  private static Database openPostgres(String jdbcUrl, Duration connectionTimeout) {
    HikariConfig config = config("governor-postgresql", POSTGRES_CONNECTIONS, connectionTimeout.toMillis());
    config.setJdbcUrl(jdbcUrl);
    // A borrowed connection is checked first; against a database that stopped answering, that check
    // must give up well within the connection timeout, or it alone would spend it (Hikari's default is 5s).
    config.setValidationTimeout(Math.max(250, Math.min(1_000, connectionTimeout.toMillis() / 2)));
    // The driver's own connect timeout (10s by default) bounds each attempt of the pool to open a
    // connection; no longer than a caller waits, so that the pool retries as soon as the database is back.
    // A connectTimeout in the URL wins over this property.
    config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, (connectionTimeout.toMillis() + 999) / 1000)));
    // Sends a batch of upserts as multi-row INSERTs: a thousand buckets in a few round trips.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StorageException("could not connect to " + Dialect.redacted(jdbcUrl), e);
    }
    try {
      migrate(Dialect.POSTGRESQL, pool);
      return new Database(Dialect.POSTGRESQL, jdbcUrl, new Connections(pool, pool, pool), JdbcBucketStore.Writes.DIRECT);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariConfig config(String name, int size, long connectionTimeoutMs) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(connectionTimeoutMs);
    return config;
  }

  private static HikariDataSource pool(String name, int size, DataSource dataSource) {
    HikariConfig config = config(name, size, SQLITE_CONNECTION_TIMEOUT_MS);
    config.setDataSource(dataSource);
    return new HikariDataSource(config);
  }

  private static void migrate(Dialect dialect, DataSource dataSource) {
    migrate(dialect, dataSource, SCHEMA_VERSION);
  }

  /** Migrates the schema up to {@code version}: a restore loads rows at the version they were read at. */
  static void migrate(Dialect dialect, DataSource dataSource, int version) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(MIGRATIONS)
          .placeholders(dialect.placeholders())
          .failOnMissingLocations(true)
          .target(Integer.toString(version))
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StorageException("could not migrate the " + dialect.label() + " schema", e);
    }
  }

  /**
   * Runs {@code work} on the whole database as it is at one moment, while writers go on: a backup
   * reads every table of one snapshot, and a drill's expectations come from the same one. SQLite
   * reads it through a connection of its own in a deferred transaction (WAL keeps its view while
   * the writer commits); PostgreSQL in a read-only REPEATABLE READ transaction.
   */
  public <T> T snapshot(DatabaseSnapshot.Work<T> work) {
    try {
      return switch (dialect) {
        case SQLITE -> {
          try (Connection connection = sqliteSnapshotSource(jdbcUrl).getConnection()) {
            yield DatabaseSnapshot.read(dialect, connection, buckets::foldedWhile, work);
          }
        }
        case POSTGRESQL -> connections.read(connection -> DatabaseSnapshot.read(dialect, connection, buckets::foldedWhile, work));
      };
    } catch (SQLException e) {
      throw new StorageException("could not read a snapshot of the " + dialect.label() + " database", e);
    }
  }

  /**
   * The stores over one connection that is already in a transaction: reads see what it sees, and
   * any write fails (see {@link DatabaseSnapshot}).
   */
  static Database over(Dialect dialect, Connection snapshot) {
    DataSource only = DatabaseSnapshot.unclosable(snapshot);
    return new Database(dialect, null, new Connections(only, only), JdbcBucketStore.Writes.NONE);
  }

  /** Not the pools' IMMEDIATE mode: a snapshot must not take the write lock it would hold for minutes. */
  private static SQLiteDataSource sqliteSnapshotSource(String jdbcUrl) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(jdbcUrl);
    return dataSource;
  }

  /** The data source a restore writes through: the pools' settings, one connection, no migration. */
  static SQLiteDataSource sqliteRestoreSource(String jdbcUrl) {
    return sqliteDataSource(jdbcUrl);
  }
}
