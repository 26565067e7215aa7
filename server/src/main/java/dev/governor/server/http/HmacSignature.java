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
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
