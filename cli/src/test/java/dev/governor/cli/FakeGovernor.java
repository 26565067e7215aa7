package dev.governor.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the server that answers canned responses, so the CLI's side of each exchange
 * (what it sends, how it renders and which exit code it picks) is tested without the real server.
 * The real server is exercised in {@link CliAgainstServerIT}.
 */
final class FakeGovernor implements AutoCloseable {

  record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
    }
  }

  private record Canned(int status, String contentType, String body) {}

  private final HttpServer http;
  private final Map<String, Canned> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeGovernor() {
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String target = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(new Request(exchange.getRequestMethod(), target + (query == null ? "" : "?" + query),
          Map.copyOf(exchange.getRequestHeaders()), body));
      Canned c = answers.getOrDefault(exchange.getRequestMethod() + " " + target,
          new Canned(404, "application/problem+json",
              "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route\"}"));
      byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", c.contentType());
      exchange.sendResponseHeaders(c.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    http.start();
  }

  FakeGovernor answer(String methodAndPath, int status, String json) {
    answers.put(methodAndPath, new Canned(status,
        status >= 400 ? "application/problem+json" : "application/json", json));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  Request last() {
    return requests.getLast();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
