package dev.governor.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;

/**
 * The small shop the demo probes: a page on 127.0.0.1 that now and then breaks, so the probe, its
 * SLOs, the incident it opens and the status page have something to show. Every {@link #CYCLE}
 * from its start it answers 503 for {@link #OUTAGE} (long enough for three failed runs in a row,
 * which open an incident), and for a minute after that slowly, as a site does while it recovers.
 */
final class DemoSite implements AutoCloseable {

  /** The port the example probe names; another is taken (and the probe rewritten) when it is busy. */
  static final int PORT = 8089;
  static final Duration FIRST_OUTAGE_AFTER = Duration.ofMinutes(3);
  static final Duration CYCLE = Duration.ofMinutes(20);
  static final Duration OUTAGE = Duration.ofSeconds(75);
  static final Duration SLOW_AFTER = Duration.ofMinutes(1);

  private final HttpServer server;
  private final Instant firstOutage;
  private final InstantSource clock;

  private DemoSite(HttpServer server, Instant firstOutage, InstantSource clock) {
    this.server = server;
    this.firstOutage = firstOutage;
    this.clock = clock;
  }

  static DemoSite start(InstantSource clock) {
    HttpServer server;
    try {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 50);
      } catch (BindException busy) {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      }
    } catch (IOException e) {
      throw new CliFailure("cannot start the demo shop on 127.0.0.1: " + e.getMessage(), e);
    }
    DemoSite site = new DemoSite(server, clock.instant().plus(FIRST_OUTAGE_AFTER), clock);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        Phase phase = site.phase(clock.instant());
        if (phase == Phase.SLOW) sleep(Duration.ofMillis(700));
        boolean down = phase == Phase.DOWN;
        byte[] body = (down
            ? "<!doctype html><title>Demo shop</title><h1>Service unavailable</h1>\n"
            : "<!doctype html><title>Demo shop</title><h1>Welcome to the demo shop</h1>\n")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(down ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return site;
  }

  enum Phase { UP, DOWN, SLOW }

  Phase phase(Instant now) {
    if (now.isBefore(firstOutage)) return Phase.UP;
    long into = Duration.between(firstOutage, now).toMillis() % CYCLE.toMillis();
    if (into < OUTAGE.toMillis()) return Phase.DOWN;
    if (into < OUTAGE.plus(SLOW_AFTER).toMillis()) return Phase.SLOW;
    return Phase.UP;
  }

  /** host:port the site listens on. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** When it next breaks, for the banner. */
  Instant nextOutage() {
    Instant now = clock.instant();
    if (now.isBefore(firstOutage)) return firstOutage;
    long cycles = Duration.between(firstOutage, now).toMillis() / CYCLE.toMillis() + 1;
    return firstOutage.plus(CYCLE.multipliedBy(cycles));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
