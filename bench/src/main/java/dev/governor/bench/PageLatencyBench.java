package dev.governor.bench;

import com.sun.net.httpserver.HttpServer;
import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From the end of an incident's group wait to its page reaching a webhook: a server started in
 * this process (real clock, SQLite in a temporary directory, the default tick interval unless
 * given) pages one on-call user whose contact is an HTTP receiver on 127.0.0.1. Incidents are
 * opened through the Alertmanager intake at staggered moments, so they fall anywhere between two
 * ticks; each delay is the moment the receiver took the page minus the incident's
 * {@code notifyAfter}. Nothing leaves the machine.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.PageLatencyBench [incidents] [tickInterval]}
 * (defaults 30 and 10s).
 */
public final class PageLatencyBench {

  static final String KEY = "bench-am-key";
  static final Duration GROUP_WAIT = Duration.ofSeconds(2);
  static final Pattern INCIDENT = Pattern.compile("\"incident\"\\s*:\\s*(\\d+)");
  static final Pattern NOTIFY_AFTER = Pattern.compile("\"notifyAfter\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern PAGE_KEY = Pattern.compile("incident-(\\d+)/round-1/level-1/");

  public static void main(String[] args) throws Exception {
    int incidents = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String tick = args.length > 1 ? args[1] : "10s";
    Map<Long, Instant> received = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/page", exchange -> {
      Instant at = Instant.now();
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      exchange.getRequestBody().readAllBytes();
      if (key != null) {
        Matcher m = PAGE_KEY.matcher(key);
        if (m.lookingAt()) received.putIfAbsent(Long.parseLong(m.group(1)), at);
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    Path dir = Files.createTempDirectory("governor-page-bench");
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("server.port", "0",
        "server.bind", "127.0.0.1", "storage.dataDir", dir.toString(), "evaluation.tickInterval", tick,
        "incidents.groupWait", GROUP_WAIT.toSeconds() + "s", "incidents.groupBy", "alertname",
        "incidents.integrations", "alertmanager:bench:" + KEY));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (GovernorServer server = GovernorServer.start(config)) {
      URI base = server.baseUri();
      String pager = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/page";
      send(http, base.resolve("/api/v1/oncall?file=bench.yaml"), "application/yaml", """
          apiVersion: governor.dev/v1
          kind: User
          metadata: {name: bench}
          spec:
            contacts:
              - webhook: %s
          ---
          apiVersion: governor.dev/v1
          kind: EscalationPolicy
          metadata: {name: bench}
          spec:
            services: [checkout]
            levels:
              - after: 0m
                notify:
                  - user: bench
          """.formatted(pager), Map.of());
      Map<Long, Instant> due = new ConcurrentHashMap<>();
      // 1.3 s apart: not a divisor of any usual tick interval, so the openings sweep across the tick.
      for (int i = 1; i <= incidents; i++) {
        String body = send(http, base.resolve("/api/v1/integrations/alertmanager"), "application/json", alert(i),
            Map.of("Authorization", "Bearer " + KEY));
        Matcher m = INCIDENT.matcher(body);
        if (!m.find()) throw new IllegalStateException("no incident in " + body);
        long id = Long.parseLong(m.group(1));
        String incident = send(http, base.resolve("/api/v1/incidents/" + id), null, null, Map.of());
        Matcher n = NOTIFY_AFTER.matcher(incident);
        if (!n.find()) throw new IllegalStateException("no notifyAfter in " + incident);
        due.put(id, Instant.parse(n.group(1)));
        Thread.sleep(1300);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < due.size() && System.nanoTime() < deadline) Thread.sleep(50);
      List<Long> delays = new ArrayList<>();
      for (Map.Entry<Long, Instant> d : due.entrySet()) {
        Instant at = received.get(d.getKey());
        if (at != null) delays.add(Duration.between(d.getValue(), at).toMillis());
      }
      delays.sort(null);
      System.out.printf("tick interval %s, group wait %s, %d incidents, %d pages received%n", tick, GROUP_WAIT,
          due.size(), delays.size());
      if (delays.isEmpty()) return;
      System.out.printf("group-wait end -> page at the receiver, ms: min %d  median %d  p90 %d  max %d  mean %.0f%n",
          delays.getFirst(), delays.get(delays.size() / 2), delays.get((int) Math.ceil(delays.size() * 0.9) - 1),
          delays.getLast(), delays.stream().mapToLong(Long::longValue).average().orElse(0));
    } finally {
      receiver.stop(0);
    }
  }

  static String alert(int i) {
    return """
        {"version": "4", "status": "firing", "receiver": "governor", "groupKey": "bench-%d", "truncatedAlerts": 0,
         "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://127.0.0.1",
         "alerts": [{"status": "firing", "labels": {"alertname": "Bench%d", "service": "checkout", "severity": "critical"},
           "annotations": {"summary": "bench"}, "startsAt": "%s", "endsAt": "0001-01-01T00:00:00Z",
           "generatorURL": "http://127.0.0.1", "fingerprint": "bench%d"}]}""".formatted(i, i, Instant.now(), i);
  }

  static String send(HttpClient http, URI uri, String contentType, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    headers.forEach(request::header);
    if (body == null) request.GET();
    else request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new IllegalStateException(uri.getPath() + " answered " + r.statusCode() + ": " + r.body());
    return r.body();
  }
}
