package dev.governor.slo;

import dev.governor.alert.AlertStore;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Placeholder of the evaluator's API; the implementation follows. */
public final class Evaluator {

  public Evaluator(BucketStore buckets, AlertStore alerts, InstantSource clock, EvaluatorSettings settings) {}

  /** Replaces the catalog; running sums of new or changed SLOs are rebuilt from the store. */
  public void load(Catalog catalog) { throw new UnsupportedOperationException(); }

  public Catalog catalog() { throw new UnsupportedOperationException(); }

  /** Validates the whole batch, stores it atomically and durably, updates sums and alerts. */
  public IngestOutcome ingest(List<SliEvent> events) { throw new UnsupportedOperationException(); }

  /** Advances the running windows to the clock's now and evaluates every alert rule. */
  public void tick() { throw new UnsupportedOperationException(); }

  public Optional<SloStatus> status(SloName slo) { throw new UnsupportedOperationException(); }

  /** Status as of {@code at} (in the past), computed from the stored history. */
  public Optional<SloStatus> statusAt(SloName slo, Instant at) { throw new UnsupportedOperationException(); }

  public List<SloStatus> statuses() { throw new UnsupportedOperationException(); }

  /** Drops history older than the longest window in use plus the retention margin. */
  public long enforceRetention() { throw new UnsupportedOperationException(); }
}
