package dev.governor.oncall;

import java.util.List;

/** Durable store of applied User, Schedule and EscalationPolicy documents, one per kind and name. */
public interface OnCallStore {

  /** Inserts or replaces (by kind and name) every document, all or nothing. */
  void apply(List<OnCallDocument> documents);

  /** Deletes one document; false when there was none. */
  boolean delete(OnCallKind kind, String name);

  /** Every stored document, ordered by kind (users, schedules, policies) then name. */
  List<OnCallDocument> all();
}
