package dev.governor.prometheus.promql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A tiny Prometheus HTTP API on 127.0.0.1: {@code query_range} answers each point from
 * {@link #values} (query, time) → value, null for no sample, or with {@link #failWith} as status.
 */
final class FakePrometheus implements AutoCloseable {

  record Request(String query, Instant start, Instant end, long step, Map<String, String> headers,
      Map<String, String> form) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  volatile BiFunction<String, Instant, Double> values = (q, t) -> null;
  /** When set, one series per endpoint label value: (query, time, endpoint) → value, null for no sample. */
  volatile java.util.List<String> endpoints = java.util.List.of();
  volatile TriFunction byEndpoint = (q, t, e) -> null;

  interface TriFunction {
    Double apply(String query, Instant t, String endpoint);
  }
  /** Non-zero: every request is answered with this status and a Prometheus error body. */
  volatile int failWith;
  /** Non-null: the whole answer, as is. */
  volatile String rawBody;
  private final HttpServer server;

  FakePrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = new HashMap<>();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
      if (!exchange.getRequestURI().getPath().endsWith("/api/v1/query_range")) {
        reply(exchange, 404, "404 page not found");
        return;
      }
      Instant start = Instant.ofEpochSecond(Long.parseLong(form.get("start")));
      Instant end = Instant.ofEpochSecond(Long.parseLong(form.get("end")));
      long step = Long.parseLong(form.get("step"));
      requests.add(new Request(form.get("query"), start, end, step, headers, Map.copyOf(form)));
      if (failWith != 0) {
        reply(exchange, failWith, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"fake outage\"}");
        return;
      }
      if (rawBody != null) {
        reply(exchange, 200, rawBody);
        return;
      }
      if (!endpoints.isEmpty()) {
        java.util.List<String> series = new java.util.ArrayList<>();
        for (String endpoint : endpoints) {
          StringBuilder points = new StringBuilder();
          for (Instant t = start; !t.isAfter(end); t = t.plusSeconds(step)) {
            Double v = byEndpoint.apply(form.get("query"), t, endpoint);
            if (v == null) continue;
            if (!points.isEmpty()) points.append(',');
            points.append('[').append(t.getEpochSecond()).append(",\"").append(v).append("\"]");
          }
          if (!points.isEmpty()) series.add("{\"metric\":{\"endpoint\":\"" + endpoint + "\"},\"values\":[" + points + "]}");
        }
        reply(exchange, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + String.join(",", series) + "]}}");
        return;
      }
      StringBuilder points = new StringBuilder();
      for (Instant t = start; !t.isAfter(end); t = t.plusSeconds(step)) {
        Double v = values.apply(form.get("query"), t);
        if (v == null) continue;
        if (!points.isEmpty()) points.append(',');
        points.append('[').append(t.getEpochSecond()).append(",\"").append(v).append("\"]");
      }
      String result = points.isEmpty() ? "" : "{\"metric\":{},\"values\":[" + points + "]}";
      reply(exchange, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + result + "]}}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
