package dev.governor.delivery.verification;

import java.time.Instant;
import java.util.List;

/**
 * Rollback hook calls that must reach their endpoint, kept durably until it acknowledges them, so
 * that a restart does not forget a rollback that was asked for.
 */
public interface HookOutbox {

  /** Stores a new call, due at once; returns it with its id. */
  HookCall enqueue(String deployment, java.net.URI url, String payload, Instant now);

  /** The undelivered calls due at {@code now}, oldest first, at most {@code limit}. */
  List<HookCall> due(Instant now, int limit);

  /**
   * When the undelivered call due soonest is due (possibly in the past), or empty when none is
   * waiting: what the sender sleeps until.
   */
  java.util.Optional<Instant> nextAttemptAt();

  void delivered(long id, Instant at);

  /** Counts a failed attempt and when to try next. */
  void failed(long id, Instant nextAttemptAt, String error);

  /** Every call of one deployment, oldest first. */
  List<HookCall> ofDeployment(String deployment);
}
