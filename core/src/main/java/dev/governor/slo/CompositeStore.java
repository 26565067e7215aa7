package dev.governor.slo;

import java.time.Instant;
import java.util.List;

/** Durable store of applied CompositeSLO documents, as written; the server parses them again when it loads. */
public interface CompositeStore {

  /** One applied document. */
  record StoredComposite(String name, String source, Instant appliedAt) {}

  /** Inserts or replaces (by name) every composite, all or nothing. */
  void apply(List<StoredComposite> composites);

  /** Deletes one composite; false when there was none. */
  boolean delete(String name);

  /** Every stored composite, ordered by name. */
  List<StoredComposite> all();
}
