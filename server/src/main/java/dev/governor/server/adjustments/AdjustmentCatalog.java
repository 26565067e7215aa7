package dev.governor.server.adjustments;

import dev.governor.adjustment.AdjustmentStore;
import dev.governor.adjustment.Adjustments;
import dev.governor.adjustment.BudgetAdjustment;
import dev.governor.adjustment.StoredAdjustment;
import dev.governor.ingest.adjustment.BudgetAdjustmentReader;
import dev.governor.slo.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied budget adjustments: an immutable snapshot, swapped after each change is stored and
 * handed to the evaluator, which reads the sums of every SLO whose adjusted minutes changed again.
 */
final class AdjustmentCatalog {

  private static final Logger log = LoggerFactory.getLogger(AdjustmentCatalog.class);

  /** An adjustment and the document it was applied as. */
  record Applied(BudgetAdjustment adjustment, StoredAdjustment stored) {}

  private final AdjustmentStore store;
  private final Evaluator evaluator;
  private volatile Map<String, Applied> applied = Map.of();

  AdjustmentCatalog(AdjustmentStore store, Evaluator evaluator) {
    this.store = store;
    this.evaluator = evaluator;
  }

  /** Reads the stored documents again and hands them to the evaluator; one that no longer parses is left out and logged. */
  synchronized void reload() {
    Map<String, Applied> next = new LinkedHashMap<>();
    for (StoredAdjustment stored : store.all()) {
      BudgetAdjustmentReader.Parsed parsed = BudgetAdjustmentReader.parse(stored.name() + ".yaml", stored.source());
      if (parsed.isValid() && parsed.documents().size() == 1) {
        next.put(stored.name(), new Applied(parsed.documents().getFirst().adjustment(), stored));
      } else {
        log.error("stored budget adjustment {} does not read any more and is not applied: {}", stored.name(),
            parsed.problems());
      }
    }
    applied = java.util.Collections.unmodifiableMap(next);
    evaluator.adjust(adjustments());
  }

  /** Stores the documents (all or nothing), then swaps the snapshot. */
  synchronized void apply(List<StoredAdjustment> documents) {
    store.apply(documents);
    reload();
  }

  /** Deletes one adjustment; the one it was, when there was one. */
  synchronized Optional<Applied> delete(String name) {
    Optional<Applied> before = Optional.ofNullable(applied.get(name));
    if (store.delete(name).isEmpty()) return Optional.empty();
    reload();
    return before;
  }

  Map<String, Applied> applied() {
    return applied;
  }

  Adjustments adjustments() {
    List<BudgetAdjustment> all = new ArrayList<>();
    applied.values().forEach(a -> all.add(a.adjustment()));
    return new Adjustments(all);
  }
}
