package dev.governor.oncall;

import java.time.Instant;

/** An applied on-call document as the user wrote it, secrets included; the resource is parsed from it. */
public record OnCallDocument(OnCallKind kind, String name, String source, Instant appliedAt) {

  public OnCallDocument {
    if (kind == null || name == null || source == null || appliedAt == null) {
      throw new IllegalArgumentException("a stored on-call document needs a kind, a name, its source and when it was applied");
    }
  }
}
