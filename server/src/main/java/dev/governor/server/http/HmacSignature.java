package dev.governor.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Governor puts on what it posts to other systems (rollback hook calls, webhook
 * notifications): {@code X-Governor-Signature: sha256=<hex>}, the HMAC-SHA256 of the exact body
 * bytes under a shared secret, as GitHub signs its webhooks. A receiver recomputes it over the raw
 * body and compares in constant time.
 */
public final class HmacSignature {

  public static final String HEADER = "X-Governor-Signature";

  private HmacSignature() {}

  /** {@code sha256=<hex>} of the HMAC-SHA256 of {@code body} (UTF-8) under {@code secret} (UTF-8). */
  public static String sha256(String secret, String body) {
    return "sha256=" + HexFormat.of().formatHex(
        hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The raw HMAC-SHA256 of {@code data} under {@code key}: the one place Governor computes one. */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
