package dev.governor.server.cluster;

import dev.governor.server.http.ClientAddress;
import dev.governor.server.http.HttpProblem;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Hands a request this replica does not answer itself to the leader, and the leader's answer back
 * as it came: status, headers (cookies and redirects included) and body, streamed. The client's
 * credentials travel with it, so the leader signs the request in and checks its rights as if it had
 * come straight; the client's address and scheme go in {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}.
 *
 * <p>A request is forwarded once: one that arrives forwarded already, at a replica that does not
 * lead (the lease moved while it travelled), is refused with 503 and {@code Retry-After} rather
 * than sent round again. So is every request while no leader is known or the leader refuses the
 * connection: a 503 always means nothing was applied. An answer lost after the request went out is
 * a 502, since the leader may have applied it. What a client was told is accepted, the leader
 * accepted, after its commit.
 */
final class Forwarder {

  /** Marks a forwarded request, and names the replica it came through. */
  static final String FORWARDED_BY = "Governor-Forwarded-By";
  /** How long a client should wait before it tries again while the cluster has no leader to ask. */
  static final int RETRY_AFTER_SECONDS = 2;

  /** Headers of one connection, not of the message (RFC 9110 7.6.1), and those the client sets itself. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "expect", "http2-settings",
      // Only this replica may vouch for the client's address, never the client.
      ClientAddress.HEADER.toLowerCase(Locale.ROOT), ClientAddress.KEY_HEADER.toLowerCase(Locale.ROOT));

  private final String replica;
  private final String secret;
  private final Supplier<Optional<URI>> leader;
  private final HttpClient http;
  private final Duration timeout;
  final LongAdder forwarded = new LongAdder();
  final LongAdder failed = new LongAdder();

  /**
   * @param secret the cluster's shared secret, which makes the leader believe the client's address
   *     this replica names (see {@link ClientAddress})
   * @param leader where the leader answers now, or empty when no other replica leads
   * @param timeout the longest the leader may take to begin its answer
   */
  Forwarder(String replica, String secret, Supplier<Optional<URI>> leader, Duration connectTimeout, Duration timeout) {
    this.replica = replica;
    this.secret = secret;
    this.leader = leader;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  void forward(Context ctx) {
    if (ctx.header(FORWARDED_BY) != null) {
      throw unavailable("this replica does not lead the cluster any more; the request came through "
          + ctx.header(FORWARDED_BY) + ", which thought it did");
    }
    URI target = leader.get().orElseThrow(() -> unavailable("the cluster has no leader right now (a replica takes"
        + " over within the lease's length)"));
    String query = ctx.queryString();
    // Scheme and authority from the lease, the raw path from the request: resolving a path that
    // starts with // against the leader would name another host.
    URI uri = URI.create(target.getScheme() + "://" + target.getRawAuthority() + ctx.req().getRequestURI()
        + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    byte[] body = ctx.bodyAsBytes();
    request.method(ctx.method().name(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : headers(ctx).entrySet()) {
      if (HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
      for (String value : header.getValue()) request.header(header.getKey(), value);
    }
    String forwardedFor = ctx.header("X-Forwarded-For");
    request.setHeader("X-Forwarded-For", forwardedFor == null ? ctx.ip() : forwardedFor + ", " + ctx.ip());
    if (ctx.header("X-Forwarded-Proto") == null) request.setHeader("X-Forwarded-Proto", ctx.scheme());
    if (ctx.header("X-Forwarded-Host") == null && ctx.header("Host") != null) {
      request.setHeader("X-Forwarded-Host", ctx.header("Host"));
    }
    request.setHeader(FORWARDED_BY, replica);
    request.setHeader(ClientAddress.HEADER, ctx.ip());
    request.setHeader(ClientAddress.KEY_HEADER, secret);
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
      // Refused or timed out connecting: nothing reached the leader, so nothing was applied.
      failed.increment();
      throw unavailable("the leader at " + target + " does not take connections (" + e + ")");
    } catch (IOException e) {
      // Sent, and the answer lost (the leader stopped half way): applied or not, nobody here knows.
      // A 503 would tell the client nothing was written, and its retry could count events twice.
      failed.increment();
      throw new HttpProblem.BadGateway("the leader at " + target + " took the request but its answer was lost ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); it may or"
          + " may not have been applied");
    } catch (InterruptedException e) {
      // Stopping half way: the request may be on the wire already.
      Thread.currentThread().interrupt();
      throw new HttpProblem.BadGateway("this replica stopped while the leader answered; the request may or may not"
          + " have been applied");
    }
    forwarded.increment();
    ctx.status(response.statusCode());
    response.headers().map().forEach((name, values) -> {
      if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")) return;
      for (String value : values) ctx.res().addHeader(name, value);
    });
    ctx.result(response.body());
  }

  private static Map<String, List<String>> headers(Context ctx) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    java.util.Enumeration<String> names = ctx.req().getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      out.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
    }
    return out;
  }

  static HttpProblem.ServiceUnavailable unavailable(String why) {
    return new HttpProblem.ServiceUnavailable(why + "; try again in " + RETRY_AFTER_SECONDS + " seconds", Map.of(),
        RETRY_AFTER_SECONDS);
  }
}
