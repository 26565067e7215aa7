package dev.governor.probes;

import dev.governor.probe.ProbeCheck;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TLS handshake whose chain must be trusted (and name the host, unless insecureSkipVerify), and
 * whose earliest expiry must not be near: within {@code failWithin} (or past) the run fails, within
 * {@code warnWithin} it passes, degraded.
 */
final class TlsCheck implements Check.Kind<ProbeCheck.TlsExpiry> {

  private final java.time.InstantSource clock;

  TlsCheck(java.time.InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public Check run(ProbeCheck.TlsExpiry check, Duration timeout) throws Exception {
    Instant expires = earliestExpiry(check.host(), check.port(), check.tls(), timeout);
    return judge(expires, clock.instant(), check.warnWithin(), check.failWithin());
  }

  static Check judge(Instant expires, Instant now, Duration warnWithin, Duration failWithin) {
    Duration left = Duration.between(now, expires);
    String date = expires.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    if (!left.isPositive()) return Check.down("certificate expired on " + date);
    long days = left.toDays();
    String inDays = "certificate expires in " + (days == 0 ? "less than a day" : days == 1 ? "1 day" : days + " days")
        + " (" + date + ")";
    if (left.compareTo(failWithin) < 0) return Check.down(inDays);
    if (left.compareTo(warnWithin) < 0) return Check.degraded(inDays);
    return Check.up(inDays);
  }

  /** Handshakes and returns the earliest notAfter of the chain the server presented. */
  static Instant earliestExpiry(String host, int port, ProbeCheck.Tls tls, Duration timeout) throws Exception {
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      String name = tls.serverName().orElse(host);
      try (SSLSocket socket = (SSLSocket) Trust.context(tls).getSocketFactory().createSocket(plain, name, port, false)) {
        SSLParameters parameters = socket.getSSLParameters();
        if (!isAddress(name)) parameters.setServerNames(List.of(new SNIHostName(name)));
        if (!tls.insecureSkipVerify()) parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        Instant earliest = null;
        for (Certificate certificate : socket.getSession().getPeerCertificates()) {
          if (certificate instanceof X509Certificate x509) {
            Instant notAfter = x509.getNotAfter().toInstant();
            if (earliest == null || notAfter.isBefore(earliest)) earliest = notAfter;
          }
        }
        if (earliest == null) throw new javax.net.ssl.SSLException("the server presented no X.509 certificate");
        return earliest;
      }
    }
  }

  private static boolean isAddress(String name) {
    return name.contains(":") || name.matches("[0-9.]+");
  }

}
