package dev.governor.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.governor.server.http.HmacSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The demo's stand-in for a phone: a webhook receiver on 127.0.0.1 and a free port that prints
 * each notification Governor sends one of the demo's users as one line on the demo's console, and
 * answers 200 so the outbox counts it delivered. The last segment of the path names the user
 * ({@code /dave}), because the webhook body says what happened, not to whom.
 *
 * <p>A notification whose {@code Idempotency-Key} it already took is answered 200 and not shown
 * again, as PagerDuty drops a repeated dedup key: Governor sends at least once.
 *
 * <p>It holds a secret made up for this run and checks every request's signature against it, as a
 * real receiver should: the demo's users are applied with that secret, so an unsigned or wrongly
 * signed request did not come from this demo's Governor and is refused (401) and reported.
 */
final class DemoPager implements AutoCloseable {

  /** {@code incident-12/round-1/level-2/frank/webhook}: the page's level and round. */
  private static final Pattern PAGE_KEY = Pattern.compile("incident-\\d+/(?:reopen-\\d+/)?round-(\\d+)/level-(\\d+)/.*");

  private final HttpServer server;
  private final String secret;
  private final PrintWriter out;
  private final InstantSource clock;
  /** The idempotency keys of what was delivered, as a receiver that drops repeats keeps them. */
  private final java.util.Set<String> delivered = new java.util.HashSet<>();

  private DemoPager(HttpServer server, String secret, PrintWriter out, InstantSource clock) {
    this.server = server;
    this.secret = secret;
    this.out = out;
    this.clock = clock;
  }

  /** Listens on 127.0.0.1 and a port the system picks, with a fresh random secret. */
  static DemoPager start(PrintWriter out, InstantSource clock) {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("the demo's pager cannot listen on 127.0.0.1", e);
    }
    DemoPager pager = new DemoPager(server, HexFormat.of().formatHex(key), out, clock);
    server.createContext("/", pager::handle);
    server.start();
    return pager;
  }

  /** Where {@code user}'s webhook contact points. */
  URI url(String user) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + user);
  }

  /** The secret the demo's users sign with; inline in their User documents, acceptable for a demo only. */
  String secret() {
    return secret;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      }
      String user = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "");
      String signature = exchange.getRequestHeaders().getFirst(HmacSignature.HEADER);
      int status;
      String line;
      if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
        line = null;
      } else if (signature == null || !MessageDigest.isEqual(
          signature.getBytes(StandardCharsets.UTF_8),
          HmacSignature.sha256(secret, body).getBytes(StandardCharsets.UTF_8))) {
        status = 401;
        line = "pager: refused a notification for " + user + " with " + (signature == null ? "no" : "a wrong")
            + " signature: it did not come from this demo";
      } else {
        status = 200;
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        boolean repeat;
        synchronized (delivered) {
          repeat = key != null && !delivered.add(key);
        }
        // Delivery is at least once: a replica killed after this answered and before its outbox
        // recorded it leaves the next leader to send it again, with the same key. A phone rings once.
        line = repeat ? "pager: " + user + " already has " + key + "; a repeat (sent again after a failover) is dropped"
            : line(user, body);
      }
      if (line != null) {
        synchronized (out) {
          out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + line);
          out.flush();
        }
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /**
   * The console line for one notification: a page says whom and at which level ({@code PAGE  →
   * dave: [#3 TRIGGERED] …}); a follow-up is marked by what happened, so it does not read as a
   * new page.
   */
  static String line(String user, String body) {
    JsonNode json;
    try {
      json = ApiClient.JSON.readTree(body);
    } catch (JacksonException e) {
      return "pager: " + user + " received a body that is not JSON: " + e.getOriginalMessage();
    }
    String subject = Json.text(json, "subject").orElse("(no subject)");
    String event = Json.text(json, "event").orElse("?");
    return switch (event) {
      case "incident.triggered" -> {
        Optional<String> level = Json.text(json, "idempotencyKey").map(PAGE_KEY::matcher).filter(Matcher::matches)
            .map(m -> m.group(2).equals("1") && m.group(1).equals("1") ? ""
                : " (level " + m.group(2) + (m.group(1).equals("1") ? "" : ", round " + m.group(1))
                    + ": nobody acknowledged)");
        // The page's first link acknowledges in one click as the person paged.
        Optional<String> ack = json.path("links").valueStream()
            .filter(l -> Json.text(l, "title").orElse("").startsWith("Acknowledge as "))
            .map(l -> Json.text(l, "url").orElse("")).filter(u -> !u.isEmpty()).findFirst();
        yield "PAGE     → " + user + level.orElse("") + ": " + subject
            + ack.map(u -> "\n         acknowledge in one click: " + u).orElse("");
      }
      case "incident.acknowledged" -> "ACKED    → " + user + ": " + subject;
      case "incident.resolved" -> "RESOLVED → " + user + ": " + subject;
      default -> "NOTICE   → " + user + " (" + event + "): " + subject;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
