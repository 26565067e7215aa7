package dev.governor.probe;

import java.util.List;

/** Durable store of applied Probe documents. */
public interface ProbeStore {

  /** Inserts or replaces (by name) every probe, all or nothing. */
  void apply(List<StoredProbe> probes);

  /** Deletes one probe (its results stay until retention takes them); false when there was none. */
  boolean delete(String name);

  /** Every stored probe, ordered by name. */
  List<StoredProbe> all();
}
