package dev.governor.server.notify;

import com.sun.net.httpserver.HttpServer;
import dev.governor.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A webhook endpoint on 127.0.0.1 for tests, on a port fixed before it starts, so that a
 * notification can be queued while nothing listens there (connection refused) and arrive once it
 * does. It answers 503 to the first {@code refusals} requests, then 200, and records every request.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as it arrived, and what it was answered. */
  public record Received(String idempotencyKey, String signature, String body, int status, String term,
      java.time.Instant at) {
    /** The key the body carries, which must be the header's. */
    public String bodyKey() {
      return Json.MAPPER.readTree(body).path("idempotencyKey").asString();
    }
  }

  private final int port;
  private final AtomicInteger refusals = new AtomicInteger();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Map<String, Integer> fixedAnswers = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean holdAnswers;
  private HttpServer server;

  public WebhookReceiver() {
    this.port = freePort();
  }

  /** A port nothing listens on now: connecting to it is refused until {@link #start}. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Answers 503 to the next {@code count} requests. */
  public WebhookReceiver refuseNext(int count) {
    refusals.set(count);
    return this;
  }

  /** Answers {@code status} to every request for {@code path}, whatever else it is told. */
  public WebhookReceiver answer(String path, int status) {
    fixedAnswers.put(path, status);
    return this;
  }

  /** Takes requests but answers none until {@link #close}: every attempt times out. */
  public WebhookReceiver holdAnswers() {
    holdAnswers = true;
    return this;
  }

  public WebhookReceiver start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("port " + port + " was taken in the meantime", e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (holdAnswers) {
        try {
          released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      Integer fixed = fixedAnswers.get(exchange.getRequestURI().getPath());
      int status = fixed != null ? fixed : refusals.getAndDecrement() > 0 ? 503 : 200;
      received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
          exchange.getRequestHeaders().getFirst("X-Governor-Signature"), body, status,
          exchange.getRequestHeaders().getFirst("Governor-Term"), java.time.Instant.now()));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** How often each idempotency key was acknowledged (answered 200). */
  public Map<String, Long> acknowledgedKeys() {
    return received.stream().filter(r -> r.status() == 200)
        .collect(Collectors.groupingBy(Received::idempotencyKey, Collectors.counting()));
  }

  public long count(Function<Received, Boolean> which) {
    return received.stream().filter(which::apply).count();
  }

  @Override
  public void close() {
    released.countDown();
    if (server != null) server.stop(0);
  }
}
