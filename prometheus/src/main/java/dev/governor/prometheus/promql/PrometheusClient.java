package dev.governor.prometheus.promql;

import dev.governor.basics.OnFirstUse;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs range queries through the Prometheus HTTP API ({@code POST /api/v1/query_range}). */
public final class PrometheusClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Enough of an error body to say what went wrong, not a whole HTML page. */
  private static final int MAX_ERROR_TEXT = 300;

  /** Built on the first query: a server without PromQL sources keeps no client thread awake. */
  private final Supplier<HttpClient> http;

  public PrometheusClient() {
    this(new OnFirstUse<>(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()));
  }

  PrometheusClient(Supplier<HttpClient> http) {
    this.http = http;
  }

  /** Why a query gave no answer: the backend is down, refused the query, or answered nonsense. */
  public static final class QueryFailed extends Exception {
    public QueryFailed(String message) {
      super(message);
    }

    public QueryFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The values of {@code promql} at every step from {@code start} to {@code end}, both included,
   * summed over the series of the result (the SLI is one series). A step where the result has no
   * series, or where its value is NaN, is absent.
   */
  public Map<Instant, Double> queryRange(Connection connection, String promql, Instant start, Instant end, Duration step)
      throws QueryFailed, InterruptedException {
    HttpResponse<String> response = send(connection, promql, start, end, step);
    return parse(response.statusCode(), response.body(), connection);
  }

  private HttpResponse<String> send(Connection connection, String promql, Instant start, Instant end, Duration step)
      throws QueryFailed, InterruptedException {
    String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + start.getEpochSecond()
        + "&end=" + end.getEpochSecond()
        + "&step=" + step.toSeconds()
        + "&timeout=" + Math.max(1, connection.timeout().toSeconds()) + "s"
        // Thanos and Mimir answer with what the reachable stores hold unless told not to; a
        // partial minute stored would stay wrong for good, as minutes are never pulled twice.
        + "&partial_response=false";
    HttpRequest.Builder request = HttpRequest.newBuilder(connection.queryRange())
        .timeout(connection.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    try {
      connection.authorization().ifPresent(a -> request.header("Authorization", a));
    } catch (IOException e) {
      throw new QueryFailed("the credentials of " + connection + " could not be read: " + e, e);
    }
    connection.tenant().ifPresent(t -> request.header("X-Scope-OrgID", t));
    HttpResponse<String> response;
    try {
      response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new QueryFailed(connection.queryRange() + " did not answer: " + e, e);
    }
    return response;
  }

  /**
   * As {@link #queryRange}, but the series are summed per value set of {@code labels} rather than
   * into one: the pull of a grouped SLO's SLI, whose query keeps those labels ({@code sum by
   * (endpoint) (...)}). A series without one of the labels counts under its empty value, as in PromQL.
   */
  public Map<Map<String, String>, Map<Instant, Double>> queryRangeBy(Connection connection, String promql, Instant start,
      Instant end, Duration step, java.util.List<String> labels) throws QueryFailed, InterruptedException {
    HttpResponse<String> response = send(connection, promql, start, end, step);
    return parse(response.statusCode(), response.body(), connection, labels);
  }

  static Map<Instant, Double> parse(int status, String body, Connection connection) throws QueryFailed {
    Map<Map<String, String>, Map<Instant, Double>> grouped = parse(status, body, connection, java.util.List.of());
    return grouped.isEmpty() ? new TreeMap<>() : grouped.values().iterator().next();
  }

  static Map<Map<String, String>, Map<Instant, Double>> parse(int status, String body, Connection connection,
      java.util.List<String> labels) throws QueryFailed {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new QueryFailed("HTTP " + status + " from " + connection.queryRange() + " is not JSON: " + excerpt(body));
    }
    if (status != 200 || !"success".equals(root.path("status").asString(""))) {
      String error = root.path("error").asString("");
      throw new QueryFailed("HTTP " + status + " from " + connection.queryRange() + ": "
          + (error.isEmpty() ? excerpt(body) : root.path("errorType").asString("error") + ": " + error));
    }
    JsonNode warnings = root.path("warnings");
    if (warnings.isArray() && !warnings.isEmpty()) {
      // Prometheus itself warns too when an answer may be incomplete (a remote-read store failed).
      throw new QueryFailed("the answer of " + connection.queryRange() + " may be incomplete, so it is not stored: "
          + excerpt(warnings.toString()));
    }
    JsonNode data = root.path("data");
    if (!"matrix".equals(data.path("resultType").asString(""))) {
      throw new QueryFailed("query_range answered a " + data.path("resultType").asString("missing")
          + " result, not a matrix");
    }
    Map<Map<String, String>, Map<Instant, Double>> grouped = new java.util.LinkedHashMap<>();
    for (JsonNode series : data.path("result")) {
      Map<String, String> key = new java.util.TreeMap<>();
      for (String label : labels) key.put(label, series.path("metric").path(label).asString(""));
      Map<Instant, Double> sums = grouped.computeIfAbsent(Map.copyOf(key), k -> new TreeMap<>());
      for (JsonNode point : series.path("values")) {
        if (!point.isArray() || point.size() != 2) throw new QueryFailed("a point is not [time, value]: " + point);
        // Steps are whole seconds here; rounding drops the float's noise (1700000000.000001).
        Instant at = Instant.ofEpochMilli(Math.round(point.get(0).asDouble() * 1000));
        double value;
        try {
          value = Double.parseDouble(point.get(1).asString());
        } catch (NumberFormatException e) {
          throw new QueryFailed("a value is not a number: " + point);
        }
        if (Double.isNaN(value)) continue;
        if (Double.isInfinite(value)) throw new QueryFailed("the query is " + value + " at " + at);
        sums.merge(at, value, Double::sum);
      }
    }
    return grouped;
  }

  private static String excerpt(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_ERROR_TEXT ? "'" + oneLine + "'" : "'" + oneLine.substring(0, MAX_ERROR_TEXT) + "...'";
  }
}
