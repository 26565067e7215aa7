package dev.governor.server.composites;

import dev.governor.ingest.composite.CompositeSloReader;
import dev.governor.slo.CompositeSlo;
import dev.governor.slo.CompositeStore;
import dev.governor.slo.CompositeStore.StoredComposite;
import dev.governor.slo.Evaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied composite SLOs: an immutable snapshot, swapped after each change is stored and handed
 * to the evaluator, which runs each as an SLO of its own.
 */
final class CompositeCatalog {

  private static final Logger log = LoggerFactory.getLogger(CompositeCatalog.class);

  /** A composite and the document it was applied as. */
  record Applied(CompositeSlo composite, StoredComposite stored) {}

  private final CompositeStore store;
  private final Evaluator evaluator;
  private volatile Map<String, Applied> applied = Map.of();

  CompositeCatalog(CompositeStore store, Evaluator evaluator) {
    this.store = store;
    this.evaluator = evaluator;
  }

  /** Reads the stored documents again and hands them to the evaluator; one that no longer parses is left out and logged. */
  synchronized void reload() {
    Map<String, Applied> next = new LinkedHashMap<>();
    for (StoredComposite stored : store.all()) {
      CompositeSloReader.Parsed parsed = CompositeSloReader.parse(stored.name() + ".yaml", stored.source());
      if (parsed.isValid() && parsed.documents().size() == 1) {
        next.put(stored.name(), new Applied(parsed.documents().getFirst().composite(), stored));
      } else {
        log.error("stored composite SLO {} does not read any more and is not run: {}", stored.name(), parsed.problems());
      }
    }
    applied = java.util.Collections.unmodifiableMap(next);
    evaluator.composites(next.values().stream().map(Applied::composite).toList());
  }

  /** Stores the documents (all or nothing), then swaps the snapshot. */
  synchronized void apply(List<StoredComposite> documents) {
    store.apply(documents);
    reload();
  }

  /** Deletes one composite; the one it was, when there was one. */
  synchronized Optional<Applied> delete(String name) {
    Optional<Applied> before = Optional.ofNullable(applied.get(name));
    if (!store.delete(name)) return Optional.empty();
    reload();
    return before;
  }

  Map<String, Applied> applied() {
    return applied;
  }
}
