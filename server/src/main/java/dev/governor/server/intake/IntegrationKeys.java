package dev.governor.server.intake;

import dev.governor.server.config.ServerConfig.Integration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the integration a key belongs to. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, and every configured key is compared on every lookup, so neither
 * a key's length nor its first wrong character nor which integration matched shows in the timing
 * (as in {@code BearerAuth}).
 */
final class IntegrationKeys {

  private record Entry(byte[] digest, Integration integration) {}

  private final List<Entry> entries;

  IntegrationKeys(List<Integration> integrations) {
    this.entries = integrations.stream().map(i -> new Entry(sha256(i.key()), i)).toList();
  }

  Optional<Integration> find(String key) {
    byte[] given = sha256(key);
    Integration found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), given)) found = e.integration();
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
