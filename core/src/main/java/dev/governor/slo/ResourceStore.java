package dev.governor.slo;

import java.util.List;

/** Durable store of applied OpenSLO documents. */
public interface ResourceStore {

  /** Inserts or replaces (by kind and name) every resource, all or nothing. */
  void apply(List<StoredResource> resources);

  /** Deletes one resource; false when there was none. */
  boolean delete(ResourceKind kind, String name);

  /** Every stored resource, ordered by kind then name. */
  List<StoredResource> all();
}
