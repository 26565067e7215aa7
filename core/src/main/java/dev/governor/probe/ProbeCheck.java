package dev.governor.probe;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** What one run of a probe does. Each kind is checked by an adapter; core only holds the wish. */
public sealed interface ProbeCheck permits ProbeCheck.Http, ProbeCheck.Tcp, ProbeCheck.Dns, ProbeCheck.TlsExpiry {

  /** The probe type as the YAML names it: HTTP, TCP, DNS or TLS. */
  String type();

  /** Where it goes, for people: a URL, host:port or a DNS name. Never holds a secret. */
  String target();

  /**
   * An HTTP(S) request and what its answer must be. It fails when the status is not expected, a body
   * check does not hold, or it took longer than {@code failAbove}; it passes but counts as degraded
   * when it took longer than {@code degradedAbove}.
   *
   * @param expectedStatus status codes that pass (ranges allowed); by default 200-299
   * @param jsonPath a JSON path such as {@code $.status} or {@code $.checks[0].ok} that must exist
   *     and, when {@code jsonEquals} is given, have that value (compared as text)
   */
  record Http(
      URI url,
      String method,
      Map<String, HeaderValue> headers,
      Optional<String> body,
      List<StatusRange> expectedStatus,
      Optional<String> bodyContains,
      Optional<Pattern> bodyMatches,
      Optional<String> jsonPath,
      Optional<String> jsonEquals,
      boolean followRedirects,
      Optional<Duration> degradedAbove,
      Optional<Duration> failAbove,
      Tls tls) implements ProbeCheck {

    public Http {
      String scheme = url.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException("an HTTP probe needs an http:// or https:// URL with a host, got '" + url + "'");
      }
      if (url.getUserInfo() != null) {
        throw new IllegalArgumentException("an HTTP probe's URL may not hold a user or password (they would be shown);"
            + " send an Authorization header from the environment or a file instead");
      }
      if (!method.matches("[A-Z]{1,16}")) {
        throw new IllegalArgumentException("an HTTP probe's method is an upper-case word such as GET, got '" + method + "'");
      }
      headers = Map.copyOf(headers);
      expectedStatus = expectedStatus.isEmpty() ? List.of(new StatusRange(200, 299)) : List.copyOf(expectedStatus);
      if (jsonEquals.isPresent() && jsonPath.isEmpty()) {
        throw new IllegalArgumentException("an HTTP probe's jsonEquals needs a jsonPath to compare");
      }
      if (degradedAbove.isPresent() && failAbove.isPresent() && degradedAbove.get().compareTo(failAbove.get()) >= 0) {
        throw new IllegalArgumentException("an HTTP probe's degradedAbove (" + degradedAbove.get()
            + ") must be below its failAbove (" + failAbove.get() + ")");
      }
    }

    @Override
    public String type() {
      return "HTTP";
    }

    @Override
    public String target() {
      return url.toString();
    }

    /** Whether {@code status} is one of the expected ones. */
    public boolean expects(int status) {
      return expectedStatus.stream().anyMatch(r -> r.contains(status));
    }
  }

  /** A TCP connection that must open. */
  record Tcp(String host, int port) implements ProbeCheck {
    public Tcp {
      checkHostPort(host, port, "a TCP probe");
    }

    @Override
    public String type() {
      return "TCP";
    }

    @Override
    public String target() {
      return host + ":" + port;
    }
  }

  /**
   * A DNS lookup of {@code name} that must answer, and, when {@code expected} is given, hold each of
   * those values among its records (addresses for A and AAAA, names for CNAME, MX and NS, text for TXT).
   *
   * @param server the resolver to ask as host or host:port; empty asks the system's resolvers
   */
  record Dns(String name, RecordType recordType, Optional<String> server, List<String> expected) implements ProbeCheck {
    public Dns {
      if (name == null || name.isBlank() || name.length() > 253) {
        throw new IllegalArgumentException("a DNS probe needs a name to resolve, got '" + name + "'");
      }
      expected = List.copyOf(expected);
    }

    @Override
    public String type() {
      return "DNS";
    }

    @Override
    public String target() {
      return name + " " + recordType + server.map(s -> " @" + s).orElse("");
    }
  }

  /**
   * A TLS handshake with {@code host:port} whose certificate chain must be trusted and not expire
   * within {@code failWithin}; within {@code warnWithin} the run passes, degraded. 30 and 7 days by default.
   */
  record TlsExpiry(String host, int port, Tls tls, Duration warnWithin, Duration failWithin) implements ProbeCheck {
    public TlsExpiry {
      checkHostPort(host, port, "a TLS probe");
      if (failWithin.isNegative() || warnWithin.compareTo(failWithin) < 0) {
        throw new IllegalArgumentException("a TLS probe needs 0 <= failWithin <= warnWithin, got failWithin="
            + failWithin + " warnWithin=" + warnWithin);
      }
    }

    @Override
    public String type() {
      return "TLS";
    }

    @Override
    public String target() {
      return host + ":" + port;
    }
  }

  /** DNS record types a probe may ask for. */
  enum RecordType {
    A, AAAA, CNAME, MX, NS, TXT
  }

  /** An inclusive range of HTTP status codes, such as 200-299, or one code. */
  record StatusRange(int from, int to) {
    public StatusRange {
      if (from < 100 || to > 599 || from > to) {
        throw new IllegalArgumentException("an expected status is a code or range within 100-599, got " + from + "-" + to);
      }
    }

    public boolean contains(int status) {
      return status >= from && status <= to;
    }

    @Override
    public String toString() {
      return from == to ? Integer.toString(from) : from + "-" + to;
    }
  }

  /**
   * How a TLS peer is trusted: by the JDK's trust store, by the CA certificates in {@code caFile}
   * (PEM), or, with {@code insecureSkipVerify}, not at all (the certificate's dates are still read).
   *
   * @param serverName the name sent in SNI and checked against the certificate; empty: the host
   */
  record Tls(Optional<Path> caFile, boolean insecureSkipVerify, Optional<String> serverName) {
    public static final Tls DEFAULT = new Tls(Optional.empty(), false, Optional.empty());
  }

  private static void checkHostPort(String host, int port, String what) {
    if (host == null || host.isBlank() || host.length() > 253 || host.contains("/")) {
      throw new IllegalArgumentException(what + " needs a host name or address, got '" + host + "'");
    }
    if (port < 1 || port > 65535) throw new IllegalArgumentException(what + " needs a port in 1-65535, got " + port);
  }
}
