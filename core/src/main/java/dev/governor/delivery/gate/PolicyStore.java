package dev.governor.delivery.gate;

import java.util.List;

/** Durable store of applied error-budget policies. */
public interface PolicyStore {

  /** Inserts or replaces (by name) every policy, all or nothing. */
  void apply(List<StoredPolicy> policies);

  /** Deletes one policy; false when there was none. */
  boolean delete(String name);

  /** Every stored policy, ordered by name. */
  List<StoredPolicy> all();
}
