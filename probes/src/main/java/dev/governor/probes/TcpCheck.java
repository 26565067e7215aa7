package dev.governor.probes;

import dev.governor.probe.ProbeCheck;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A TCP connection that must open within the timeout; it is closed at once. */
final class TcpCheck implements Check.Kind<ProbeCheck.Tcp> {

  @Override
  public Check run(ProbeCheck.Tcp check, Duration timeout) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(check.host(), check.port()), (int) Math.max(1, timeout.toMillis()));
    }
    return Check.up("");
  }
}
