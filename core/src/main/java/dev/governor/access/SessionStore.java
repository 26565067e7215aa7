package dev.governor.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable store of sign-in sessions and of the one-click links already used. */
public interface SessionStore {

  void add(Session session);

  /** The session whose id hashes to {@code idHash}; revoked sessions are gone. */
  Optional<Session> session(String idHash);

  /** Moves its idle expiry on; cheap enough to call once a minute per session. */
  void touch(String idHash, Instant at);

  /** Signs it out; false when there was none. */
  boolean revoke(String idHash);

  /** Signs every session of {@code account} out (password changed, account disabled); how many. */
  int revokeAll(AccountName account);

  /** The account's sessions, newest first. */
  List<Session> sessionsOf(AccountName account);

  /** Drops sessions last seen before {@code idleBefore} or made before {@code createdBefore}; how many. */
  int deleteExpired(Instant idleBefore, Instant createdBefore);

  /**
   * Records that the one-click link whose SHA-256 is {@code linkHash} was used at {@code at}: true
   * the first time, false for every later use, also after a restart and across replicas.
   */
  boolean useLink(String linkHash, Instant at);

  /**
   * Forgets links used before {@code before}: once a link has expired it is refused for that, so
   * its record is no longer needed. How many were forgotten.
   */
  int forgetLinksUsedBefore(Instant before);
}
