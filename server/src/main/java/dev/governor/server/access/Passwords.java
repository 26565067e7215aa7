package dev.governor.server.access;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id from Bouncy Castle, with the parameters OWASP recommends (19 MiB, two
 * passes, one lane), a random 16-byte salt, encoded in the PHC string format that other Argon2
 * libraries read: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. The parameters travel with
 * each hash, so raising them later leaves older hashes verifiable.
 */
public final class Passwords {

  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MIN_LENGTH = 12;
  private static final int MAX_LENGTH = 1024;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A hash of a password nobody has, under today's parameters. The sign-in path must check the given
   * password against it whenever there is no hash to check (no such account, or one that signs in
   * only through single sign-on), so that the answer takes as long as for a real account and the
   * time does not tell which accounts exist.
   */
  public static final String DUMMY = new Passwords().hash("no account has this password".toCharArray());

  /** The encoded Argon2id hash of {@code password} under a fresh salt. */
  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(hash);
  }

  /** Whether {@code password} is the one {@code encoded} was made from; false for anything malformed. */
  public boolean matches(char[] password, String encoded) {
    Optional<Encoded> parsed = Encoded.parse(encoded);
    if (parsed.isEmpty()) return false;
    Encoded e = parsed.get();
    byte[] computed = argon2(password, e.salt(), e.memoryKib(), e.iterations(), e.parallelism(), e.hash().length);
    return MessageDigest.isEqual(computed, e.hash());
  }

  /**
   * Whether the hash was made with weaker parameters than today's (less memory, fewer passes, a
   * shorter salt or hash), or cannot be read, and should be made again at the next sign-in.
   */
  public boolean needsRehash(String encoded) {
    return Encoded.parse(encoded).map(e -> e.memoryKib() < MEMORY_KIB || e.iterations() < ITERATIONS
        || e.salt().length < SALT_BYTES || e.hash().length < HASH_BYTES).orElse(true);
  }

  /** What is wrong with a new password, in words that say how to fix it; empty when nothing is. */
  public static Optional<String> problemWith(char[] password) {
    if (password.length < MIN_LENGTH) {
      return Optional.of("a password needs at least " + MIN_LENGTH + " characters, got " + password.length
          + "; a few words make a long one that is easy to remember");
    }
    if (password.length > MAX_LENGTH) {
      return Optional.of("a password has at most " + MAX_LENGTH + " characters, got " + password.length);
    }
    return Optional.empty();
  }

  private static byte[] argon2(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    byte[] utf8 = utf8(password);
    generator.generateBytes(utf8, out);
    Arrays.fill(utf8, (byte) 0);
    return out;
  }

  /**
   * The UTF-8 bytes of {@code password} without an immutable String copy that nobody can wipe. A
   * lone surrogate becomes '?', as {@code String.getBytes} makes it, so every hash stays comparable.
   */
  private static byte[] utf8(char[] password) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(CharBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("an encoder that replaces does not fail", e);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) Arrays.fill(buffer.array(), (byte) 0);
    return bytes;
  }

  /** The fields of a PHC string, bounded so that a stored value cannot ask for gigabytes of memory. */
  private record Encoded(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    static Optional<Encoded> parse(String encoded) {
      if (encoded == null || encoded.length() > 500) return Optional.empty();
      String[] parts = encoded.split("\\$", -1);
      // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
      if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return Optional.empty();
      try {
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
          String[] pair = kv.split("=", 2);
          if (pair.length != 2) return Optional.empty();
          int value = Integer.parseInt(pair[1]);
          switch (pair[0]) {
            case "m" -> m = value;
            case "t" -> t = value;
            case "p" -> p = value;
            default -> {
              return Optional.empty();
            }
          }
        }
        if (m < 8 || m > 1 << 18 || t < 1 || t > 100 || p < 1 || p > 16) return Optional.empty();
        byte[] salt = B64_DECODE.decode(parts[4]);
        byte[] hash = B64_DECODE.decode(parts[5]);
        if (salt.length < 8 || hash.length < 16 || hash.length > 128) return Optional.empty();
        return Optional.of(new Encoded(m, t, p, salt, hash));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }
}
