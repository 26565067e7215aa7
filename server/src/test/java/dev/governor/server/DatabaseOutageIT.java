package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.storage.jdbc.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL outage under a running server, through a TCP proxy the test controls: a database
 * that hangs (the proxy accepts and swallows every byte, as a dead network or a frozen server does:
 * the worst case, where every wait lasts as long as its timeout) and one that is gone (the proxy
 * closes every connection and refuses new ones, as a stopped server does). Requests that need the
 * database get their 503 within a few seconds, /readyz answers within one second saying the
 * database is down, and once it is back /readyz says ready again.
 *
 * <p>The PostgreSQL is the storage tests' one ({@link TestPostgres}): the server named by
 * {@code GOVERNOR_TEST_POSTGRES_URL}, or an embedded one.
 */
class DatabaseOutageIT {

  private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+):(\\d+)(/.*)");

  /** A request's 503: the 2s connection timeout, a 1s check of a pooled connection, and slack. */
  private static final Duration REQUEST_BOUND = Duration.ofSeconds(5);

  @TempDir Path dataDir;
  private String serverUrl;
  private String schema;
  private DatabaseProxy proxy;
  private TestServer api;

  @BeforeEach
  void startServerBehindAProxy() throws Exception {
    serverUrl = TestPostgres.url();
    Matcher m = HOST_PORT.matcher(serverUrl);
    assertThat(m.matches()).as(TestPostgres.URL_VARIABLE + " as jdbc:postgresql://host:port/db?...").isTrue();
    schema = "governor_outage_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    proxy = new DatabaseProxy(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
    String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + m.group(3)
        + (m.group(3).contains("?") ? "&" : "?") + "currentSchema=" + schema;
    api = new TestServer(dataDir, Map.of("storage.jdbcUrl", viaProxy));
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    assertThat(api.get("/readyz").status()).isEqualTo(200);
  }

  @AfterEach
  void stop() throws SQLException {
    // The proxy first: closing its sockets ends whatever still waits on the hung database.
    if (proxy != null) proxy.close();
    if (api != null) api.close();
    if (schema != null) execute("DROP SCHEMA " + schema + " CASCADE");
  }

  @Test
  void aDatabaseThatHangs_isReportedWithinASecond_andRequestsGetTheir503WithinSeconds() throws Exception {
    proxy.hang();

    assertOutageAnsweredQuickly();

    proxy.forward();
    assertReadyAgain();
  }

  @Test
  void aStoppedDatabase_isReportedWithinASecond_andRequestsGetTheir503WithinSeconds() throws Exception {
    proxy.die();

    assertOutageAnsweredQuickly();

    proxy.revive();
    assertReadyAgain();
  }

  private void assertOutageAnsweredQuickly() {
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      TestServer.Response ready = api.get("/readyz");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(ready.status()).as(ready.body()).isEqualTo(503);
      assertThat(took).as("/readyz, call " + (i + 1)).isLessThan(Duration.ofSeconds(1));
      assertThat(ready.json().get("checks").get("database").asString()).startsWith("down: ");
    }
    for (String path : new String[] {"/api/v1/alerts", "/api/v1/slos/checkout-availability"}) {
      long start = System.nanoTime();
      TestServer.Response response = api.get(path);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(503);
      assertThat(took).as(path).isLessThan(REQUEST_BOUND);
    }
    long start = System.nanoTime();
    TestServer.Response write = api.delete("/api/v1/slos/checkout-availability");
    assertThat(write.status()).as(write.body()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a write").isLessThan(REQUEST_BOUND);
  }

  private void assertReadyAgain() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && (status = api.get("/readyz").status()) != 200) {
      Thread.sleep(200);
    }
    assertThat(status).as("/readyz once the database is back").isEqualTo(200);
    assertThat(api.get("/api/v1/slos/checkout-availability").status()).isEqualTo(200);
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
