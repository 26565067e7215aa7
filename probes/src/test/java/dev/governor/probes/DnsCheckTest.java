package dev.governor.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.ProbeCheck;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS probes against a real resolver on 127.0.0.1, started here: a small UDP server that answers
 * A and TXT questions for shop.example.test, NXDOMAIN for any other name, and never answers for
 * hang.example.test.
 */
class DnsCheckTest {

  static DatagramSocket socket;

  @BeforeAll
  static void start() throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[512];
      while (!socket.isClosed()) {
        try {
          DatagramPacket query = new DatagramPacket(buffer, buffer.length);
          socket.receive(query);
          byte[] answer = answer(java.util.Arrays.copyOf(query.getData(), query.getLength()));
          if (answer != null) socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  @AfterAll
  static void stop() {
    socket.close();
  }

  /** Answers one query the way a resolver does: the question echoed, then the records. */
  static byte[] answer(byte[] query) {
    int at = 12;
    StringBuilder name = new StringBuilder();
    while (query[at] != 0) {
      int length = query[at] & 0xff;
      if (!name.isEmpty()) name.append('.');
      name.append(new String(query, at + 1, length, StandardCharsets.US_ASCII));
      at += length + 1;
    }
    int questionEnd = at + 5;
    int type = ((query[at + 1] & 0xff) << 8) | (query[at + 2] & 0xff);
    String asked = name.toString().toLowerCase(java.util.Locale.ROOT);
    if (asked.equals("hang.example.test")) return null;
    boolean known = asked.equals("shop.example.test");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(query[0]);
    out.write(query[1]);
    out.write(0x81); // a response, recursion desired
    out.write(known ? 0x80 : 0x83); // recursion available; NXDOMAIN for unknown names
    int answers = known && (type == 1 || type == 16) ? (type == 1 ? 2 : 1) : 0;
    out.writeBytes(new byte[] {0, 1, 0, (byte) answers, 0, 0, 0, 0});
    out.write(query, 12, questionEnd - 12);
    if (answers > 0 && type == 1) {
      record(out, 1, new byte[] {10, 0, 0, 7});
      record(out, 1, new byte[] {10, 0, 0, 8});
    } else if (answers > 0) {
      byte[] text = "v=spf1 -all".getBytes(StandardCharsets.US_ASCII);
      byte[] data = new byte[text.length + 1];
      data[0] = (byte) text.length;
      System.arraycopy(text, 0, data, 1, text.length);
      record(out, 16, data);
    }
    return out.toByteArray();
  }

  private static void record(ByteArrayOutputStream out, int type, byte[] data) {
    out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 60, 0, (byte) data.length});
    out.writeBytes(data);
  }

  private final NetworkProbeRunner runner = new NetworkProbeRunner(InstantSource.system(), n -> null);

  private ProbeResult run(String name, ProbeCheck.RecordType type, List<String> expected) {
    ProbeCheck.Dns dns = new ProbeCheck.Dns(name, type, Optional.of("127.0.0.1:" + socket.getLocalPort()), expected);
    return runner.run(NetworkProbeRunnerTest.probe(dns, Duration.ofSeconds(2)));
  }

  @Test
  void aNameThatResolves_isUp_andItsExpectedRecordsMustBeThere() {
    assertThat(run("shop.example.test", ProbeCheck.RecordType.A, List.of("10.0.0.8")).outcome()).isEqualTo(ProbeOutcome.UP);
    assertThat(run("shop.example.test", ProbeCheck.RecordType.TXT, List.of("v=spf1 -all")).outcome())
        .isEqualTo(ProbeOutcome.UP);

    ProbeResult moved = run("shop.example.test", ProbeCheck.RecordType.A, List.of("10.0.0.9"));
    assertThat(moved.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(moved.detail()).isEqualTo("shop.example.test A answered 10.0.0.7, 10.0.0.8, without 10.0.0.9");
  }

  @Test
  void anUnknownName_isNxdomain_aMissingType_hasNoRecord_andASilentServer_timesOut() {
    ProbeResult unknown = run("gone.example.test", ProbeCheck.RecordType.A, List.of());
    assertThat(unknown.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(unknown.detail()).isEqualTo("gone.example.test does not exist (NXDOMAIN)");

    assertThat(run("shop.example.test", ProbeCheck.RecordType.MX, List.of()).detail())
        .isEqualTo("shop.example.test has no MX record");

    long before = System.nanoTime();
    ProbeResult silent = run("hang.example.test", ProbeCheck.RecordType.A, List.of());
    assertThat(silent.outcome()).isEqualTo(ProbeOutcome.DOWN);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(2_500));
  }
}
