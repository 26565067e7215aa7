package dev.governor.bench;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * From the batch that crosses a page threshold to its incident being open: a server in this
 * process with an hour between ticks (so no tick or sweep helps), one burning batch per SLO posted
 * to 127.0.0.1, and the incident list polled every millisecond from the moment the POST was sent.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.IncidentOpenBench [burns]}.
 */
public final class IncidentOpenBench {

  public static void main(String[] args) throws Exception {
    int burns = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path dir = Files.createTempDirectory("governor-page-bench");
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("server.port", "0",
        "server.bind", "127.0.0.1", "storage.dataDir", dir.toString(), "evaluation.tickInterval", "1h",
        // Every burn opens its own incident instead of joining the first one.
        "incidents.groupBy", "slo"));
    try (GovernorServer server = GovernorServer.start(config)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = server.baseUri();
      send(http, base.resolve("/api/v1/slos"), "application/yaml", HttpIngestBench.slos());
      long[] untilAnswered = new long[burns];
      long[] untilOpen = new long[burns];
      for (int i = 0; i < burns; i++) {
        String batch = "{\"events\": [{\"sli\": \"" + BenchSlos.sliName(i % HttpIngestBench.SLIS)
            + "\", \"time\": \"" + Instant.now() + "\", \"good\": 900, \"total\": 1000}]}";
        long t0 = System.nanoTime();
        send(http, base.resolve("/api/v1/events"), "application/json", batch);
        untilAnswered[i] = System.nanoTime() - t0;
        while (openIncidents(http, base) < i + 1) Thread.sleep(1);
        untilOpen[i] = System.nanoTime() - t0;
      }
      Arrays.sort(untilAnswered);
      Arrays.sort(untilOpen);
      System.out.printf("%d burns: batch answered p50 %.1f ms, max %.1f ms; incident open p50 %.1f ms, max %.1f ms%n",
          burns, untilAnswered[burns / 2] / 1e6, untilAnswered[burns - 1] / 1e6, untilOpen[burns / 2] / 1e6,
          untilOpen[burns - 1] / 1e6);
      System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }
  }

  private static int openIncidents(HttpClient http, URI base) throws Exception {
    String body = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/incidents?state=open&limit=1000")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return dev.governor.server.http.Json.MAPPER.readTree(body).path("incidents").size();
  }

  private static void send(HttpClient http, URI uri, String type, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
  }
}
