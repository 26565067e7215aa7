package dev.governor.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.alert.AlertStore;
import dev.governor.delivery.CommitLog;
import dev.governor.delivery.gate.AuditTrail;
import dev.governor.delivery.gate.PolicyStore;
import dev.governor.delivery.verification.HookOutbox;
import dev.governor.incident.IncidentStore;
import dev.governor.notify.Outbox;
import dev.governor.oncall.OnCallStore;
import dev.governor.sli.BucketStore;
import dev.governor.slo.ResourceStore;
import dev.governor.storage.contract.AlertStoreContract;
import dev.governor.storage.contract.AuditTrailContract;
import dev.governor.storage.contract.BucketStoreContract;
import dev.governor.storage.contract.CommitLogContract;
import dev.governor.storage.contract.DeploymentStoreContract;
import dev.governor.storage.contract.HookOutboxContract;
import dev.governor.storage.contract.IncidentStoreContract;
import dev.governor.storage.contract.OnCallStoreContract;
import dev.governor.storage.contract.OutboxContract;
import dev.governor.storage.contract.PolicyStoreContract;
import dev.governor.storage.contract.ResourceStoreContract;
import dev.governor.storage.jdbc.Database;
import dev.governor.storage.jdbc.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every port's contract (in {@link dev.governor.storage.contract}) on one database. A database gets
 * the suite by extending this class, saying how to make an empty database for each test, and
 * declaring one {@code @Nested} class per port that extends the port's class here (as Zipkin's
 * storage tests do), so that reports name the database of each test: {@code SqliteStoreTest$Buckets},
 * {@code PostgresStoreTest$Buckets}. The classes here only say which of the database's stores each
 * contract tests, and that a restart closes the database and opens it again.
 */
public abstract class StoreContract {

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

  protected final Database reopenDatabase() {
    db.close();
    db = open();
    return db;
  }

  @Test
  void isHealthy_whenOpen_isTrue_andWhenClosed_isFalse() {
    assertThat(db.isHealthy()).isTrue();
    db.close();
    assertThat(db.isHealthy()).isFalse();
  }

  /** Extend as {@code @Nested class Buckets extends BucketsContract {}}. */
  public abstract class BucketsContract extends BucketStoreContract {
    @Override
    protected BucketStore newStore() {
      return db.buckets();
    }

    @Override
    protected BucketStore restart() {
      return reopenDatabase().buckets();
    }
  }

  /** Extend as {@code @Nested class Resources extends ResourcesContract {}}. */
  public abstract class ResourcesContract extends ResourceStoreContract {
    @Override
    protected ResourceStore newStore() {
      return db.resources();
    }

    @Override
    protected ResourceStore restart() {
      return reopenDatabase().resources();
    }
  }

  /** Extend as {@code @Nested class Alerts extends AlertsContract {}}. */
  public abstract class AlertsContract extends AlertStoreContract {
    @Override
    protected AlertStore newStore() {
      return db.alerts();
    }

    @Override
    protected AlertStore restart() {
      return reopenDatabase().alerts();
    }
  }

  /** Extend as {@code @Nested class Deployments extends DeploymentsContract {}}. */
  public abstract class DeploymentsContract extends DeploymentStoreContract {
    @Override
    protected Delivery newStore() {
      return new Delivery(db.deployments(), db.commitLog());
    }

    @Override
    protected Delivery restart() {
      reopenDatabase();
      return newStore();
    }
  }

  /** Extend as {@code @Nested class Commits extends CommitsContract {}}. */
  public abstract class CommitsContract extends CommitLogContract {
    @Override
    protected CommitLog newStore() {
      return db.commitLog();
    }

    @Override
    protected CommitLog restart() {
      return reopenDatabase().commitLog();
    }
  }

  /** Extend as {@code @Nested class Policies extends PoliciesContract {}}. */
  public abstract class PoliciesContract extends PolicyStoreContract {
    @Override
    protected PolicyStore newStore() {
      return db.policies();
    }

    @Override
    protected PolicyStore restart() {
      return reopenDatabase().policies();
    }
  }

  /** Extend as {@code @Nested class CapacitySignals extends CapacitySignalsContract {}}. */
  public abstract class CapacitySignalsContract extends dev.governor.storage.contract.CapacitySignalStoreContract {
    @Override
    protected dev.governor.capacity.CapacitySignalStore newStore() {
      return db.capacitySignals();
    }

    @Override
    protected dev.governor.capacity.CapacitySignalStore restart() {
      return reopenDatabase().capacitySignals();
    }
  }

  /** Extend as {@code @Nested class Composites extends CompositesContract {}}. */
  public abstract class CompositesContract extends dev.governor.storage.contract.CompositeStoreContract {
    @Override
    protected dev.governor.slo.CompositeStore newStore() {
      return db.composites();
    }

    @Override
    protected dev.governor.slo.CompositeStore restart() {
      return reopenDatabase().composites();
    }
  }

  /** Extend as {@code @Nested class Leases extends LeasesContract {}}; the database's clock runs by waiting. */
  public abstract class LeasesContract extends dev.governor.storage.contract.LeaseStoreContract {
    @Override
    protected dev.governor.cluster.LeaseStore newStore() {
      return db.leases();
    }

    @Override
    protected dev.governor.cluster.LeaseStore restart() {
      return reopenDatabase().leases();
    }

    @Override
    protected void pass(java.time.Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis() + 20);
    }
  }

  /** Extend as {@code @Nested class Instances extends InstancesContract {}}. */
  public abstract class InstancesContract extends dev.governor.storage.contract.InstanceStoreContract {
    @Override
    protected dev.governor.slo.InstanceStore newStore() {
      return db.instances();
    }

    @Override
    protected dev.governor.slo.InstanceStore restart() {
      return reopenDatabase().instances();
    }
  }

  /** Extend as {@code @Nested class Adjustments extends AdjustmentsContract {}}. */
  public abstract class AdjustmentsContract extends dev.governor.storage.contract.AdjustmentStoreContract {
    @Override
    protected dev.governor.adjustment.AdjustmentStore newStore() {
      return db.adjustments();
    }

    @Override
    protected dev.governor.adjustment.AdjustmentStore restart() {
      return reopenDatabase().adjustments();
    }
  }

  /** Extend as {@code @Nested class Probes extends ProbesContract {}}. */
  public abstract class ProbesContract extends dev.governor.storage.contract.ProbeStoreContract {
    @Override
    protected dev.governor.probe.ProbeStore newStore() {
      return db.probes();
    }

    @Override
    protected dev.governor.probe.ProbeStore restart() {
      return reopenDatabase().probes();
    }
  }

  /** Extend as {@code @Nested class ProbeResults extends ProbeResultsContract {}}. */
  public abstract class ProbeResultsContract extends dev.governor.storage.contract.ProbeResultStoreContract {
    @Override
    protected dev.governor.probe.ProbeResultStore newStore() {
      return db.probeResults();
    }

    @Override
    protected dev.governor.probe.ProbeResultStore restart() {
      return reopenDatabase().probeResults();
    }
  }

  /** Extend as {@code @Nested class Status extends StatusContract {}}. */
  public abstract class StatusContract extends dev.governor.storage.contract.StatusStoreContract {
    @Override
    protected dev.governor.status.StatusStore newStore() {
      return db.status();
    }

    @Override
    protected dev.governor.status.StatusStore restart() {
      return reopenDatabase().status();
    }
  }

  /** Extend as {@code @Nested class Access extends AccessContract {}}. */
  public abstract class AccessContract extends dev.governor.storage.contract.AccessStoreContract {
    @Override
    protected dev.governor.access.AccessStore newStore() {
      return db.access();
    }

    @Override
    protected dev.governor.access.AccessStore restart() {
      return reopenDatabase().access();
    }
  }

  /** Extend as {@code @Nested class Sessions extends SessionsContract {}}. */
  public abstract class SessionsContract extends dev.governor.storage.contract.SessionStoreContract {
    @Override
    protected dev.governor.access.SessionStore newStore() {
      return db.sessions();
    }

    @Override
    protected dev.governor.access.SessionStore restart() {
      return reopenDatabase().sessions();
    }
  }

  /** Extend as {@code @Nested class AuditLog extends AuditLogContract {}}. */
  public abstract class AuditLogContract extends dev.governor.storage.contract.AuditLogContract {
    @Override
    protected dev.governor.access.AuditLog newStore() {
      return db.auditLog();
    }

    @Override
    protected dev.governor.access.AuditLog restart() {
      return reopenDatabase().auditLog();
    }
  }

  /** Extend as {@code @Nested class Audit extends AuditContract {}}. */
  public abstract class AuditContract extends AuditTrailContract {
    @Override
    protected AuditTrail newStore() {
      return db.audit();
    }

    @Override
    protected AuditTrail restart() {
      return reopenDatabase().audit();
    }
  }

  /** Extend as {@code @Nested class Hooks extends HooksContract {}}. */
  public abstract class HooksContract extends HookOutboxContract {
    @Override
    protected HookOutbox newStore() {
      return db.hookOutbox();
    }

    @Override
    protected HookOutbox restart() {
      return reopenDatabase().hookOutbox();
    }
  }

  /** Extend as {@code @Nested class Notifications extends NotificationsContract {}}. */
  public abstract class NotificationsContract extends OutboxContract {
    @Override
    protected Outbox newStore() {
      return db.notifications();
    }

    @Override
    protected Outbox restart() {
      return reopenDatabase().notifications();
    }
  }

  /** Extend as {@code @Nested class OnCall extends OnCallContract {}}. */
  public abstract class OnCallContract extends OnCallStoreContract {
    @Override
    protected OnCallStore newStore() {
      return db.onCall();
    }

    @Override
    protected OnCallStore restart() {
      return reopenDatabase().onCall();
    }
  }

  /** Extend as {@code @Nested class Incidents extends IncidentsContract {}}. */
  public abstract class IncidentsContract extends IncidentStoreContract {
    @Override
    protected IncidentStore newStore() {
      return db.incidents();
    }

    @Override
    protected IncidentStore restart() {
      return reopenDatabase().incidents();
    }

    @Override
    protected Class<? extends RuntimeException> refusal() {
      return StorageException.class;
    }
  }
}
