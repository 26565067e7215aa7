package dev.governor.status;

import java.time.Instant;
import java.util.Optional;

/** A state set by hand for a component, with why, until it is cleared or expires. */
public record ComponentOverride(String component, ComponentState state, String reason, Instant setAt,
    Optional<Instant> until) {
  public ComponentOverride {
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new IllegalArgumentException("an override needs a reason of 1-500 characters");
    }
    if (until.isPresent() && !until.get().isAfter(setAt)) throw new IllegalArgumentException("until must be in the future");
  }

  public boolean activeAt(Instant now) {
    return until.map(now::isBefore).orElse(true);
  }
}
