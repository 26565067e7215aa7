package dev.governor.server;

import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A real server on a random loopback port with a SQLite file in a temp directory and a fake clock,
 * and a small HTTP client for it.
 */
final class TestServer implements AutoCloseable {

  /** Half past ten in the morning: events a minute or two before it lie in the past, not the future. */
  static final Instant NOW = Instant.parse("2026-03-02T10:00:30Z");

  final MutableClock clock;
  final Path dataDir;
  final GovernorServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  TestServer(Path dataDir) {
    this(dataDir, Map.of());
  }

  TestServer(Path dataDir, Map<String, String> overrides) {
    this(dataDir, overrides, NOW);
  }

  TestServer(Path dataDir, Map<String, String> overrides, Instant now) {
    this(dataDir, overrides, now, java.util.function.UnaryOperator.identity());
  }

  /** With {@code intake} behind the Alertmanager and PagerDuty routes, for tests that record signals. */
  TestServer(Path dataDir, Map<String, String> overrides, dev.governor.incident.SignalIntake intake) {
    this(dataDir, overrides, NOW, engine -> intake);
  }

  private TestServer(Path dataDir, Map<String, String> overrides, Instant now,
      java.util.function.UnaryOperator<dev.governor.incident.SignalIntake> intakes) {
    this(dataDir, overrides, new MutableClock(now), intakes);
  }

  /**
   * On the system clock, for tests of what runs in real time and stamps what it does with the
   * time (probes); {@link #clock} is null.
   */
  static TestServer realTime(Path dataDir, Map<String, String> overrides) {
    return new TestServer(dataDir, overrides, java.time.InstantSource.system(), java.util.function.UnaryOperator.identity());
  }

  private TestServer(Path dataDir, Map<String, String> overrides, java.time.InstantSource time,
      java.util.function.UnaryOperator<dev.governor.incident.SignalIntake> intakes) {
    this.dataDir = dataDir;
    this.clock = time instanceof MutableClock mutable ? mutable : null;
    Map<String, String> flags = new java.util.HashMap<>(Map.of(
        "server.port", "0", "storage.dataDir", dataDir.toString(), "evaluation.tickInterval", "1h"));
    flags.putAll(overrides);
    this.server = GovernorServer.start(ServerConfig.load(java.util.Optional.empty(), Map.of(), flags), time, intakes);
  }

  TestServer withToken(String bearer) {
    this.token = bearer;
    return this;
  }

  record Response(int status, HttpResponse<String> raw) {
    String body() {
      return raw.body();
    }

    JsonNode json() {
      return Json.MAPPER.readTree(raw.body());
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Response send(String path, Map<String, String> headers) {
    HttpRequest.Builder request = request(path);
    headers.forEach(request::header);
    return send(request.GET());
  }

  Response delete(String path) {
    return send(request(path).DELETE());
  }

  Response post(String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response post(String path, String contentType, byte[] body) {
    return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Response post(String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder request = request(path).header("Content-Type", contentType);
    headers.forEach(request::header);
    return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response put(String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response applyYaml(String yaml) {
    return post("/api/v1/slos", "application/yaml", yaml);
  }

  Response events(String json) {
    return post("/api/v1/events", "application/json", json);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(20));
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A status and the whole response as text, headers included. */
  record RawResponse(int status, String text) {}

  /**
   * {@code method path} with this {@code Host} header, over a plain socket: Java's HTTP client
   * will not send a Host of the caller's choosing.
   */
  RawResponse withHost(String method, String path, String host) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
          + (token != null ? "Authorization: Bearer " + token + "\r\n" : "") + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String text = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return new RawResponse(Integer.parseInt(text.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3)), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (var in = TestServer.class.getResourceAsStream("/specs/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource specs/" + name);
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    http.close();
  }
}
