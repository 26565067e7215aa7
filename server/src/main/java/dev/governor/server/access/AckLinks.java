package dev.governor.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;

/**
 * Signed, expiring one-click acknowledge links. A token is
 * {@code <incident>.<person>.<expiry>.<nonce>.<mac>}: the person in base64url, the expiry in epoch
 * seconds, 12 random bytes of nonce (so two links for one page differ), and the HMAC-SHA256 of the
 * four fields before it under the server's key. Whoever holds the link may acknowledge that incident
 * as that person until it expires: it is a credential, sent to the person's own contact.
 *
 * <p>Single use is not decided here: the store remembers the hash of each token used
 * ({@code SessionStore.useLink}), across restarts and replicas.
 */
public final class AckLinks {

  private static final int MAX_TOKEN = 1024;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  private final byte[] key;
  private final InstantSource clock;
  private final Duration validity;

  public AckLinks(byte[] key, InstantSource clock, Duration validity) {
    if (key.length < 32) throw new IllegalArgumentException("the link key needs at least 32 bytes, got " + key.length);
    this.key = key.clone();
    this.clock = clock;
    this.validity = validity;
  }

  /** What a link says once its signature checks, or why it does not work. */
  public sealed interface Result {
    /** @param linkHash the SHA-256 of the whole token, what single use is recorded by */
    record Valid(long incident, String person, Instant expiresAt, String linkHash) implements Result {}

    record Invalid(String why) implements Result {}
  }

  /** A token that acknowledges {@code incident} as {@code person} until now plus the validity. */
  public String token(long incident, String person) {
    long expiry = clock.instant().plus(validity).getEpochSecond();
    String body = incident + "." + B64.encodeToString(person.getBytes(StandardCharsets.UTF_8)) + "." + expiry + "."
        + B64.encodeToString(Digests.randomBytes(12));
    return body + "." + B64.encodeToString(mac(body));
  }

  /** Checks {@code token} for the incident in the link's path. */
  public Result verify(String token, long incidentInPath) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) return new Result.Invalid("it is malformed");
    String[] parts = token.split("\\.", -1);
    if (parts.length != 5) return new Result.Invalid("it is malformed");
    String body = String.join(".", parts[0], parts[1], parts[2], parts[3]);
    byte[] given;
    try {
      given = B64_DECODE.decode(parts[4]);
    } catch (IllegalArgumentException e) {
      return new Result.Invalid("it is malformed");
    }
    if (!MessageDigest.isEqual(mac(body), given)) return new Result.Invalid("its signature does not match");
    long incident;
    long expiry;
    String person;
    try {
      incident = Long.parseLong(parts[0]);
      expiry = Long.parseLong(parts[2]);
      person = new String(B64_DECODE.decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Result.Invalid("it is malformed");
    }
    if (incident != incidentInPath) return new Result.Invalid("it was made for another incident");
    Instant expiresAt = Instant.ofEpochSecond(expiry);
    if (!clock.instant().isBefore(expiresAt)) return new Result.Invalid("it expired at " + expiresAt);
    return new Result.Valid(incident, person, expiresAt, Digests.sha256(token));
  }

  private byte[] mac(String body) {
    return dev.governor.server.http.HmacSignature.hmacSha256(key, body.getBytes(StandardCharsets.UTF_8));
  }
}
