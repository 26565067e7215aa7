package dev.governor.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's silence: while it is active, a new alert its matchers select is kept but opens
 * no incident and pages nobody. Who made it and why are required, so that a silence found at 3 am
 * can be questioned. Expiring a silence ends it now; it stays listed as expired.
 *
 * @param startsAt when it starts to silence (included)
 * @param endsAt when it stops (excluded); equal to {@code startsAt} for one expired before it began
 */
public record Silence(
    SilenceId id,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment) {

  public enum State {
    PENDING, ACTIVE, EXPIRED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Silence {
    matchers = LabelMatcher.requireSelective(matchers, "a silence");
    if (endsAt.isBefore(startsAt)) {
      throw new IllegalArgumentException("a silence must end after it starts, got " + startsAt + " .. " + endsAt);
    }
    if (createdBy == null || createdBy.isBlank()) {
      throw new IllegalArgumentException("a silence needs createdBy: who silences, e.g. \"alice\"");
    }
    if (comment == null || comment.isBlank()) {
      throw new IllegalArgumentException("a silence needs a comment: why it silences, e.g. \"planned failover\"");
    }
  }

  public State stateAt(Instant at) {
    if (!at.isBefore(endsAt)) return State.EXPIRED;
    return at.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
  }

  /** Whether it silences an alert with {@code labels} that arrives at {@code at}. */
  public boolean silences(Map<String, String> labels, Instant at) {
    return stateAt(at) == State.ACTIVE && LabelMatcher.all(matchers, labels);
  }

  /**
   * Ended at {@code at}: an active silence ends now, a pending one never starts (both times become
   * {@code at}, as Alertmanager does), an expired one stays as it was.
   */
  public Silence expiredAt(Instant at) {
    return switch (stateAt(at)) {
      case EXPIRED -> this;
      case ACTIVE -> new Silence(id, matchers, startsAt, at, createdBy, comment);
      case PENDING -> new Silence(id, matchers, at, at, createdBy, comment);
    };
  }
}
