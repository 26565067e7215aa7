package dev.governor.server.http;

import io.javalin.http.Context;

/**
 * The address a request came from, as far as this server can trust it: its TCP peer, or, for a
 * request a replica of the cluster forwarded with the cluster's shared secret, the address that
 * replica took it from. {@code X-Forwarded-For} is never believed: any client can write it.
 */
public final class ClientAddress {

  /** The forwarding replica's statement of the client's address. */
  public static final String HEADER = "Governor-Client-Address";
  /** The cluster's shared secret, which makes {@link #HEADER} believed. */
  public static final String KEY_HEADER = "Governor-Replica-Key";

  private static final String ATTRIBUTE = "governor.clientAddress";

  private ClientAddress() {}

  public static String of(Context ctx) {
    String vouched = ctx.attribute(ATTRIBUTE);
    return vouched != null ? vouched : ctx.ip();
  }

  /** Believes {@link #HEADER} of this request when it carries {@code secret}; for a cluster's leader. */
  public static void believeReplicas(Context ctx, String secret) {
    String key = ctx.header(KEY_HEADER);
    String address = ctx.header(HEADER);
    if (key != null && address != null && !address.isBlank() && address.length() <= 100
        && java.security.MessageDigest.isEqual(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      ctx.attribute(ATTRIBUTE, address);
    }
  }
}
