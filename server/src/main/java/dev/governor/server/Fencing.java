package dev.governor.server;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * What a server may send that no database transaction can take back (a page, a hook call), and
 * the fencing token it sends with it.
 *
 * @param mayAct asked right before each send: always yes for a server on its own; for a cluster's
 *     leader, yes while its term holds the lease
 * @param term the leader's term, sent as {@value #HEADER} so that a receiver can refuse what a
 *     deposed leader sends; empty for a server on its own
 */
public record Fencing(BooleanSupplier mayAct, OptionalLong term) {

  /** The header a page or hook call carries the sender's term in. */
  public static final String HEADER = "Governor-Term";

  /** A server on its own: it always acts, and has no term. */
  public static final Fencing ALONE = new Fencing(() -> true, OptionalLong.empty());
}
