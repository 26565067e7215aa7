package dev.governor.probes;

import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeRunner;
import dev.governor.text.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Runs a probe once over the network: HTTP(S), TCP, DNS or a TLS certificate's expiry. Each check
 * sets its own socket timeouts, and on top of them the whole run has a hard deadline, its timeout:
 * the check runs on a virtual thread of its own, and a run still going at the deadline is reported
 * as timed out and interrupted, so no target (one that accepts and never answers, or dribbles its
 * body) holds a run past its timeout.
 *
 * <p>The result is stamped with {@code clock} when the run starts, and its latency is measured on
 * the monotonic clock; a run that timed out took its timeout.
 */
public final class NetworkProbeRunner implements ProbeRunner {

  private final InstantSource clock;
  private final HttpCheck http;
  private final TlsCheck tls;
  private final TcpCheck tcp = new TcpCheck();
  private final DnsCheck dns = new DnsCheck();
  private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param clock stamps each result with the time its run started
   * @param environment where {@code ${NAME}} in a header value is looked up (null: not set)
   */
  public NetworkProbeRunner(InstantSource clock, Function<String, String> environment) {
    this.clock = clock;
    this.http = new HttpCheck(environment);
    this.tls = new TlsCheck(clock);
  }

  @Override
  public ProbeResult run(Probe probe) {
    Instant startedAt = clock.instant();
    long started = System.nanoTime();
    Duration timeout = probe.timeout();
    Future<Check> running = checks.submit(() -> check(probe.check(), timeout));
    Check check;
    try {
      check = running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return new ProbeResult(probe.name(), startedAt, timeout, ProbeOutcome.DOWN, "timed out after " + Durations.format(timeout));
    } catch (ExecutionException e) {
      check = Check.down(describe(e.getCause(), timeout));
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      check = Check.down("the run was stopped as Governor stopped");
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    if (latency.compareTo(timeout) > 0) latency = timeout;
    return new ProbeResult(probe.name(), startedAt, latency, check.outcome(), check.detail());
  }

  private Check check(ProbeCheck check, Duration timeout) throws Exception {
    return switch (check) {
      case ProbeCheck.Http h -> http.run(h, timeout);
      case ProbeCheck.Tcp t -> tcp.run(t, timeout);
      case ProbeCheck.Dns d -> dns.run(d, timeout);
      case ProbeCheck.TlsExpiry t -> tls.run(t, timeout);
    };
  }

  /** A failure of the target in a few words, never a stack trace. */
  static String describe(Throwable failure, Duration timeout) {
    return switch (failure) {
      case HttpConnectTimeoutException e -> "connect timed out after " + Durations.format(timeout);
      case HttpTimeoutException e -> "timed out after " + Durations.format(timeout);
      case SocketTimeoutException e -> "timed out after " + Durations.format(timeout);
      case ConnectException e -> "connection refused";
      case NoRouteToHostException e -> "no route to host";
      case UnknownHostException e -> "unknown host " + bounded(e.getMessage());
      case SSLException e -> "TLS handshake failed: " + bounded(rootMessage(e));
      case IOException e -> e.getCause() instanceof ConnectException ? "connection refused"
          : bounded(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      default -> bounded(failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static String bounded(String text) {
    if (text == null) return "";
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
