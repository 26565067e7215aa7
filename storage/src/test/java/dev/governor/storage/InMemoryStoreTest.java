package dev.governor.storage;

import dev.governor.alert.AlertStore;
import dev.governor.delivery.CommitLog;
import dev.governor.incident.IncidentStore;
import dev.governor.notify.Outbox;
import dev.governor.sli.BucketStore;
import dev.governor.storage.contract.AlertStoreContract;
import dev.governor.storage.contract.BucketStoreContract;
import dev.governor.storage.contract.CommitLogContract;
import dev.governor.storage.contract.IncidentStoreContract;
import dev.governor.storage.contract.OutboxContract;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import dev.governor.testing.InMemoryCommitLog;
import dev.governor.testing.InMemoryIncidentStore;
import dev.governor.testing.InMemoryOutbox;
import org.junit.jupiter.api.Nested;

/**
 * The port contracts on the in-memory stores that core's tests run on, as Zipkin runs its
 * in-memory storage through its storage tests: a fake that core's tests trust must behave as the
 * databases do, or those tests prove something about a store nobody runs. An in-memory store lives
 * as long as its process, so its restart is the same store.
 */
class InMemoryStoreTest {

  @Nested
  class Leases extends dev.governor.storage.contract.LeaseStoreContract {
    private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(T0);

    @Override
    protected dev.governor.cluster.LeaseStore newStore() {
      return dev.governor.cluster.LeaseStore.inMemory(now::get);
    }

    @Override
    protected dev.governor.cluster.LeaseStore restart() {
      return store;
    }

    @Override
    protected void pass(java.time.Duration duration) {
      now.updateAndGet(t -> t.plus(duration).plusMillis(1));
    }
  }

  @Nested
  class Instances extends dev.governor.storage.contract.InstanceStoreContract {
    @Override
    protected dev.governor.slo.InstanceStore newStore() {
      return dev.governor.slo.InstanceStore.inMemory();
    }

    @Override
    protected dev.governor.slo.InstanceStore restart() {
      return store;
    }
  }

  @Nested
  class Buckets extends BucketStoreContract {
    @Override
    protected BucketStore newStore() {
      return new InMemoryBucketStore();
    }

    @Override
    protected BucketStore restart() {
      return store;
    }
  }

  @Nested
  class Alerts extends AlertStoreContract {
    @Override
    protected AlertStore newStore() {
      return new InMemoryAlertStore();
    }

    @Override
    protected AlertStore restart() {
      return store;
    }
  }

  @Nested
  class Incidents extends IncidentStoreContract {
    @Override
    protected IncidentStore newStore() {
      return new InMemoryIncidentStore();
    }

    @Override
    protected IncidentStore restart() {
      return store;
    }

    @Override
    protected Class<? extends RuntimeException> refusal() {
      return IllegalStateException.class;
    }
  }

  @Nested
  class Notifications extends OutboxContract {
    @Override
    protected Outbox newStore() {
      return new InMemoryOutbox();
    }

    @Override
    protected Outbox restart() {
      return store;
    }
  }

  @Nested
  class Commits extends CommitLogContract {
    @Override
    protected CommitLog newStore() {
      return new InMemoryCommitLog();
    }

    @Override
    protected CommitLog restart() {
      return store;
    }
  }
}
