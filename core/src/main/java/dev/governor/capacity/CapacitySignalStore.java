package dev.governor.capacity;

import java.util.List;

/** Durable store of applied CapacitySignal documents. */
public interface CapacitySignalStore {

  /** Inserts or replaces (by name) every signal, all or nothing. */
  void apply(List<StoredCapacitySignal> signals);

  /** Deletes one signal; false when there was none. */
  boolean delete(String name);

  /** Every stored signal, ordered by name. */
  List<StoredCapacitySignal> all();
}
