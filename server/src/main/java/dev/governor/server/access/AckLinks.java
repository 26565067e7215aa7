package dev.governor.server.access;

import dev.governor.basics.Names;
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
 * four fields before it under the server's key, all base64url without padding. Whoever holds the
 * link may acknowledge that incident as that person until it expires: it is a credential, sent to
 * the person's own contact.
 *
 * <p>Single use is not decided here: the store remembers the hash of each token used
 * ({@code SessionStore.useLink}), across restarts and replicas. That only works if one link has one
 * spelling, so the MAC is compared as the text this class writes, not as decoded bytes: base64
 * decoders also accept a trailing {@code =} and other spellings of the same bytes, and each would
 * hash differently and be "unused".
 */
public final class AckLinks {

  /** Longer tokens are refused before they are split or decoded. */
  private static final int MAX_TOKEN = 1024;
  private static final int NONCE_BYTES = 12;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
  private static final Result.Invalid MALFORMED = new Result.Invalid("it is malformed");

  private final byte[] key;
  private final InstantSource clock;
  private final Duration validity;

  /**
   * @param key the server's secret for these links, at least 32 bytes; links signed under another
   *     key do not verify
   * @param validity how long a link works after it is made
   */
  public AckLinks(byte[] key, InstantSource clock, Duration validity) {
    if (key.length < 32) throw new IllegalArgumentException("the link key needs at least 32 bytes, got " + key.length);
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("a link's validity must be positive, got " + validity);
    }
    this.key = key.clone();
    this.clock = clock;
    this.validity = validity;
  }

  /** What a link says once its signature checks, or why it does not work. */
  public sealed interface Result {
    /** @param linkHash the SHA-256 of the whole token, 64 hex digits: what single use is recorded by */
    record Valid(long incident, String person, Instant expiresAt, String linkHash) implements Result {}

    /** @param why a reason a person can read after "This link does not work: " */
    record Invalid(String why) implements Result {}
  }

  /**
   * A token that acknowledges {@code incident} as {@code person} until now plus the validity.
   *
   * @throws IllegalArgumentException when {@code person} is not a valid user name
   */
  public String token(long incident, String person) {
    Names.check(person, "the person of an acknowledge link");
    long expiry = clock.instant().plus(validity).getEpochSecond();
    String body = incident + "." + B64.encodeToString(person.getBytes(StandardCharsets.UTF_8)) + "." + expiry + "."
        + B64.encodeToString(Digests.randomBytes(NONCE_BYTES));
    return body + "." + B64.encodeToString(mac(body));
  }

  /** Checks {@code token} for the incident in the link's path: signature, then incident, then expiry. */
  public Result verify(String token, long incidentInPath) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) return MALFORMED;
    String[] parts = token.split("\\.", -1);
    if (parts.length != 5) return MALFORMED;
    String body = token.substring(0, token.lastIndexOf('.'));
    byte[] expected = B64.encodeToString(mac(body)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[4].getBytes(StandardCharsets.UTF_8))) {
      return new Result.Invalid("its signature does not match");
    }
    // Signed by this server, so these parse; the catch guards against a bug, not against input.
    long incident;
    long expiry;
    String person;
    try {
      incident = Long.parseLong(parts[0]);
      expiry = Long.parseLong(parts[2]);
      person = new String(B64_DECODE.decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return MALFORMED;
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
