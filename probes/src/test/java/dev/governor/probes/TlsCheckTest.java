package dev.governor.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS server on 127.0.0.1 whose certificate, made here with the JDK's keytool, expires in 5
 * days: inside the 30-day warning it passes degraded, inside a 7-day failWithin it fails, and
 * without its CA it is not trusted at all. HTTPS goes through the same trust.
 */
class TlsCheckTest {

  @TempDir static Path dir;
  static SSLServerSocket server;
  static Path caPem;
  static Thread acceptor;

  @BeforeAll
  static void start() throws Exception {
    Path store = dir.resolve("server.p12");
    caPem = dir.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "shop", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "5",
        "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "shop", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-file", caPem.toString());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          SSLSocket socket = (SSLSocket) server.accept();
          Thread.ofVirtual().start(() -> answer(socket));
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  /** Finishes the handshake and, for HTTPS, answers one request with 200. */
  private static void answer(SSLSocket socket) {
    try (socket) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      byte[] buffer = new byte[4096];
      if (socket.getInputStream().read(buffer) > 0) {
        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // the probe closed first, or refused our certificate
    }
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private final NetworkProbeRunner runner = new NetworkProbeRunner(InstantSource.system(), name -> null);

  private static Probe tls(ProbeCheck.Tls trust, Duration failWithin) {
    return NetworkProbeRunnerTest.probe(new ProbeCheck.TlsExpiry("127.0.0.1", server.getLocalPort(), trust,
        Duration.ofDays(30), failWithin), Duration.ofSeconds(3));
  }

  private static ProbeCheck.Tls trusting() {
    return new ProbeCheck.Tls(Optional.of(caPem), false, Optional.empty());
  }

  @Test
  void aCertificateExpiringInFiveDays_passesDegradedWithinItsWarning() {
    ProbeResult result = runner.run(tls(trusting(), Duration.ofDays(1)));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(ProbeOutcome.DEGRADED);
    assertThat(result.detail()).matches("certificate expires in 4 days \\(\\d{4}-\\d{2}-\\d{2}\\)");
    assertThat(result.latency()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void withinFailWithin_itFails() {
    ProbeResult result = runner.run(tls(trusting(), Duration.ofDays(7)));

    assertThat(result.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(result.detail()).startsWith("certificate expires in 4 days");
  }

  @Test
  void aCertificateNobodyVouchesFor_failsTheHandshake_unlessVerificationIsSkipped() {
    ProbeResult untrusted = runner.run(tls(ProbeCheck.Tls.DEFAULT, Duration.ofDays(1)));
    assertThat(untrusted.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(untrusted.detail()).startsWith("TLS handshake failed");

    ProbeResult skipped = runner.run(tls(new ProbeCheck.Tls(Optional.empty(), true, Optional.empty()), Duration.ofDays(1)));
    assertThat(skipped.outcome()).isEqualTo(ProbeOutcome.DEGRADED);
  }

  @Test
  void https_trustsThroughTheCaFile() {
    ProbeCheck.Http https = new ProbeCheck.Http(URI.create("https://localhost:" + server.getLocalPort() + "/"), "GET",
        Map.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true, Optional.empty(), Optional.empty(), trusting());
    ProbeResult result = runner.run(NetworkProbeRunnerTest.probe(https, Duration.ofSeconds(3)));
    assertThat(result.outcome()).as(result.detail()).isEqualTo(ProbeOutcome.UP);

    ProbeCheck.Http untrusted = new ProbeCheck.Http(URI.create("https://localhost:" + server.getLocalPort() + "/"), "GET",
        Map.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true, Optional.empty(), Optional.empty(), ProbeCheck.Tls.DEFAULT);
    assertThat(runner.run(NetworkProbeRunnerTest.probe(untrusted, Duration.ofSeconds(3))).outcome())
        .isEqualTo(ProbeOutcome.DOWN);
  }

  @Test
  void judge_countsWholeDaysLeft_andPastExpiryIsExpired() {
    Instant now = Instant.parse("2026-12-05T12:00:00Z");
    assertThat(TlsCheck.judge(now.plus(Duration.ofDays(40)), now, Duration.ofDays(30), Duration.ofDays(7)).outcome())
        .isEqualTo(ProbeOutcome.UP);
    assertThat(TlsCheck.judge(now.plus(Duration.ofHours(5)), now, Duration.ofDays(30), Duration.ofDays(0)).detail())
        .isEqualTo("certificate expires in less than a day (2026-12-05)");
    assertThat(TlsCheck.judge(now.minusSeconds(1), now, Duration.ofDays(30), Duration.ofDays(7)).detail())
        .isEqualTo("certificate expired on 2026-12-05");
  }
}
