package dev.governor.server.probes;

import dev.governor.ingest.probe.ProbeReader;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeStore;
import dev.governor.probe.StoredProbe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied probes: an immutable snapshot, swapped after each change is stored, so the scheduler,
 * the result pipeline and every page read it without a lock and never parse YAML on the way.
 */
final class ProbeCatalog {

  private static final Logger log = LoggerFactory.getLogger(ProbeCatalog.class);

  /** A probe and the document it was applied as. */
  record Applied(Probe probe, StoredProbe stored) {}

  private final ProbeStore store;
  private volatile Map<String, Applied> applied = Map.of();
  private volatile Map<String, Probe> probes = Map.of();

  ProbeCatalog(ProbeStore store) {
    this.store = store;
  }

  /** Reads the stored documents again; one that no longer parses is left out and logged. */
  synchronized void reload() {
    Map<String, Applied> next = new LinkedHashMap<>();
    for (StoredProbe stored : store.all()) {
      ProbeReader.Parsed parsed = ProbeReader.parse(stored.name() + ".yaml", stored.source());
      if (parsed.isValid() && parsed.documents().size() == 1) {
        next.put(stored.name(), new Applied(parsed.documents().getFirst().probe(), stored));
      } else {
        log.error("stored probe {} does not read any more and is not run: {}", stored.name(), parsed.problems());
      }
    }
    Map<String, Probe> byName = new LinkedHashMap<>();
    next.forEach((name, a) -> byName.put(name, a.probe()));
    probes = java.util.Collections.unmodifiableMap(byName);
    applied = java.util.Collections.unmodifiableMap(next);
  }

  /** Stores the documents (all or nothing), then swaps the snapshot. */
  synchronized void apply(List<StoredProbe> documents) {
    store.apply(documents);
    reload();
  }

  /** Deletes one probe; the probe it was, when there was one. */
  synchronized Optional<Probe> delete(String name) {
    Optional<Probe> before = probe(name);
    if (!store.delete(name)) return Optional.empty();
    reload();
    return before;
  }

  Map<String, Applied> applied() {
    return applied;
  }

  /** The probes by name, for the pipeline. */
  Map<String, Probe> probes() {
    return probes;
  }

  Optional<Probe> probe(String name) {
    return Optional.ofNullable(applied.get(name)).map(Applied::probe);
  }
}
