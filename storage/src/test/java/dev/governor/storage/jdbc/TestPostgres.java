package dev.governor.storage.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;

/** Where the PostgreSQL tests find their server, and what happens when there is none. */
final class TestPostgres {

  static final String URL_VARIABLE = "GOVERNOR_TEST_POSTGRES_URL";

  static final String HOW = "set " + URL_VARIABLE + " to a jdbc:postgresql:// URL with user and"
      + " password; `eval \"$(bash .ci/postgres.sh)\"` starts a server and sets it";

  private TestPostgres() {}

  /**
   * The server's jdbc URL, or empty when there is none and the PostgreSQL tests are to be skipped.
   * In CI there is no skipping: a build that never touched PostgreSQL must not pass as green.
   */
  static Optional<String> url() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) return Optional.of(url);
    if ("true".equals(System.getenv("CI"))) {
      fail("PostgreSQL is required in CI and " + URL_VARIABLE + " is not set: " + HOW);
    }
    System.err.println("Skipping the PostgreSQL tests: " + HOW);
    return Optional.empty();
  }
}
