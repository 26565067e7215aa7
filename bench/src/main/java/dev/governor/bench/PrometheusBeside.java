package dev.governor.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The data half of {@code bench/prometheus-beside.sh}, which runs Prometheus beside Governor on the
 * same SLOs and compares the CPU and memory each spends. The script does the orchestration; this
 * class writes what both systems read, so that they see exactly the same traffic.
 *
 * <p>Both systems get one SLO per index i: 99.9 % of requests succeed over a rolling window. The
 * traffic is a pure function of time, so the backfill, the scrape target and the events posted to
 * Governor agree without sharing state: from the history's start, every minute k carries 1,000
 * requests of which {@code k % 2} fail (a burn rate of 0.5, so no alert fires on either side).
 * Prometheus sees it as two counters per SLO, {@code bench_requests_total{slo="i"}} and
 * {@code bench_request_errors_total{slo="i"}}, plus the 30 days of the 5-minute error ratio that
 * its recording rule would have written; Governor as the minute buckets of the SLI
 * {@code bench-i-ok}.
 *
 * <p>Subcommands (all times are epoch seconds, all traffic goes to 127.0.0.1):
 * <pre>
 *   specs N DAYS DIR                      governor-slos.yaml (OpenSLO, pushed) and sloth-slos.yaml (PromQL)
 *   openmetrics N START END FILE          the counters from START to END, one sample a minute
 *   buckets N START END SQLITE_FILE       the same minutes as Governor's buckets, straight into the table
 *   traffic N START PORT GOVERNOR SECONDS serves the moving counters on PORT/metrics and posts the
 *                                         same counts to GOVERNOR/api/v1/events every 15 s, for SECONDS
 * </pre>
 */
public final class PrometheusBeside {

  static final int REQUESTS_PER_MINUTE = 1000;
  static final int POST_EVERY_SECONDS = 15;

  public static void main(String[] args) throws Exception {
    if (args.length == 0) usage();
    switch (args[0]) {
      case "specs" -> specs(count(args, 1), Integer.parseInt(arg(args, 2)), Path.of(arg(args, 3)));
      case "openmetrics" -> openMetrics(count(args, 1), epoch(args, 2), epoch(args, 3), Path.of(arg(args, 4)));
      case "buckets" -> buckets(count(args, 1), epoch(args, 2), epoch(args, 3), Path.of(arg(args, 4)));
      case "traffic" -> traffic(count(args, 1), epoch(args, 2), Integer.parseInt(arg(args, 3)),
          URI.create(arg(args, 4)), Integer.parseInt(arg(args, 5)));
      default -> usage();
    }
  }

  /** Requests up to {@code minutes} after the start (fractional: the counter moves within a minute). */
  static long requestsUntil(double minutes) {
    return (long) Math.floor(REQUESTS_PER_MINUTE * minutes);
  }

  /** Failed requests in whole minutes 0 .. k-1: minute k fails k % 2 requests. */
  static long errorsUntil(long wholeMinutes) {
    return wholeMinutes / 2;
  }

  static String sliName(int i) {
    return BenchSlos.sliName(i);
  }

  private static void specs(int n, int days, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("governor-slos.yaml"))) {
      w.write("""
          apiVersion: openslo/v1
          kind: Service
          metadata: {name: bench}
          spec: {description: Prometheus-beside-Governor benchmark}
          """);
      for (int i = 0; i < n; i++) {
        w.write("""
            ---
            apiVersion: openslo/v1
            kind: SLO
            metadata: {name: bench-%d}
            spec:
              service: bench
              indicator:
                metadata: {name: %s}
                spec:
                  ratioMetric:
                    counter: false
                    good: {metricSource: {type: Governor}}
                    total: {metricSource: {type: Governor}}
              timeWindow: [{duration: %dd, isRolling: true}]
              budgetingMethod: Occurrences
              objectives: [{displayName: Requests succeed, targetPercent: 99.9}]
            """.formatted(i, sliName(i), days));
      }
    }
    // Sloth's own format, as teams that keep alerting in Prometheus write it; Sloth specs are
    // always 30 days, as are the rules Governor writes for them.
    try (Writer w = Files.newBufferedWriter(dir.resolve("sloth-slos.yaml"))) {
      w.write("version: \"prometheus/v1\"\nservice: \"bench\"\nslos:\n");
      for (int i = 0; i < n; i++) {
        w.write("""
              - name: "slo-%d"
                objective: 99.9
                sli:
                  events:
                    error_query: sum(rate(bench_request_errors_total{slo="%d"}[{{.window}}]))
                    total_query: sum(rate(bench_requests_total{slo="%d"}[{{.window}}]))
            """.formatted(i, i, i));
      }
    }
  }

  /**
   * One sample a minute for every counter, series by series in time order (the order promtool's
   * backfill needs), each family's series together as OpenMetrics requires.
   */
  private static void openMetrics(int n, long start, long end, Path file) throws IOException {
    long minutes = (end - start) / 60;
    long t0 = System.nanoTime();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder(96);
      for (String family : new String[] {"bench_requests", "bench_request_errors"}) {
        boolean errors = family.equals("bench_request_errors");
        w.write("# TYPE " + family + " counter\n");
        for (int i = 0; i < n; i++) {
          String series = family + "_total{slo=\"" + i + "\"} ";
          for (long k = 0; k <= minutes; k++) {
            line.setLength(0);
            line.append(series).append(errors ? errorsUntil(k) : requestsUntil(k)).append(' ')
                .append(start + k * 60).append('\n');
            w.append(line);
          }
        }
      }
      // What the 5-minute recording rule would have written in those 30 days, one sample a minute
      // (the script's default evaluation interval): Sloth's 30-day ratio reads it back with
      // sum_over_time(...[30d]), so without it Prometheus would scan only the minutes since its start
      // and look cheaper than it is once the rules have run for a whole window.
      w.write("# TYPE slo:sli_error:ratio_rate5m gauge\n");
      for (int i = 0; i < n; i++) {
        String series = "slo:sli_error:ratio_rate5m{sloth_id=\"bench-slo-" + i + "\",sloth_service=\"bench\",sloth_slo=\"slo-"
            + i + "\",sloth_window=\"5m\"} ";
        for (long k = 5; k <= minutes; k++) {
          line.setLength(0);
          line.append(series).append((double) (errorsUntil(k) - errorsUntil(k - 5)) / (5 * REQUESTS_PER_MINUTE))
              .append(' ').append(start + k * 60).append('\n');
          w.append(line);
        }
      }
      w.write("# EOF\n");
    }
    System.out.printf("openmetrics: %,d samples (%d SLOs x (2 counters + the 5m error ratio) x %,d minutes) in %.1f s%n",
        3L * n * (minutes + 1), n, minutes + 1, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The same minutes as Governor's buckets, written straight into SQLite with one recursive query per
   * SLI as EngineBench does, with the hourly and daily rollups summed from them: the store's add path would take far longer, and what is measured
   * is what Governor does with the history, not how it was written. Governor must be stopped.
   */
  private static void buckets(int n, long start, long end, Path file) throws Exception {
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=OFF");
      }
      c.setAutoCommit(false);
      try (PreparedStatement series = c.prepareStatement(
               "INSERT INTO series (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
           PreparedStatement buckets = c.prepareStatement("""
               WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k + 1 < ?)
               INSERT INTO bucket (series_id, minute, good, total)
               SELECT (SELECT id FROM series WHERE name = ?), ? + k * 60000, ? - (k % 2), ?
               FROM m""")) {
        for (int i = 0; i < n; i++) {
          series.setString(1, sliName(i));
          series.executeUpdate();
          buckets.setLong(1, (end - start) / 60);
          buckets.setString(2, sliName(i));
          buckets.setLong(3, start * 1000);
          buckets.setLong(4, REQUESTS_PER_MINUTE);
          buckets.setLong(5, REQUESTS_PER_MINUTE);
          buckets.executeUpdate();
        }
      }
      // The hourly and daily rollups the store keeps beside its minutes: a restart reads them.
      try (Statement s = c.createStatement()) {
        s.execute("""
            INSERT INTO bucket_hour (series_id, hour, good, total)
            SELECT series_id, minute - (minute % 3600000), SUM(good), SUM(total) FROM bucket GROUP BY 1, 2
            ON CONFLICT (series_id, hour) DO UPDATE SET good = excluded.good, total = excluded.total""");
        s.execute("""
            INSERT INTO bucket_day (series_id, day, good, total)
            SELECT series_id, minute - (minute % 86400000), SUM(good), SUM(total) FROM bucket GROUP BY 1, 2
            ON CONFLICT (series_id, day) DO UPDATE SET good = excluded.good, total = excluded.total""");
      }
      c.commit();
    }
    System.out.printf("buckets: %,d (%d SLIs x %,d minutes) in %.1f s%n", (long) n * ((end - start) / 60), n,
        (end - start) / 60, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The live half: Prometheus scrapes the counters from here, and Governor gets the same counts as
   * events, one batch of every SLI each 15 seconds, as a busy service's sidecar would send them.
   * Stops by itself after {@code seconds}.
   */
  private static void traffic(int n, long start, int port, URI governor, int seconds) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/metrics", exchange -> {
      double minutes = (System.currentTimeMillis() / 1000.0 - start) / 60;
      StringBuilder body = new StringBuilder(n * 80);
      body.append("# TYPE bench_requests_total counter\n");
      for (int i = 0; i < n; i++) {
        body.append("bench_requests_total{slo=\"").append(i).append("\"} ").append(requestsUntil(minutes)).append('\n');
      }
      body.append("# TYPE bench_request_errors_total counter\n");
      for (int i = 0; i < n; i++) {
        body.append("bench_request_errors_total{slo=\"").append(i).append("\"} ")
            .append(errorsUntil((long) Math.floor(minutes))).append('\n');
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI events = governor.resolve("/api/v1/events");
    ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
    double[] last = {(System.currentTimeMillis() / 1000.0 - start) / 60};
    poster.scheduleAtFixedRate(() -> {
      double now = (System.currentTimeMillis() / 1000.0 - start) / 60;
      long total = requestsUntil(now) - requestsUntil(last[0]);
      long bad = errorsUntil((long) Math.floor(now)) - errorsUntil((long) Math.floor(last[0]));
      last[0] = now;
      StringBuilder body = new StringBuilder(n * 60).append("{\"events\":[");
      for (int i = 0; i < n; i++) {
        if (i > 0) body.append(',');
        body.append("{\"sli\":\"").append(sliName(i)).append("\",\"good\":").append(total - bad)
            .append(",\"total\":").append(total).append('}');
      }
      body.append("]}");
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          System.err.println("traffic: events refused (" + r.statusCode() + "): "
              + r.body().substring(0, Math.min(300, r.body().length())));
        }
      } catch (IOException e) {
        System.err.println("traffic: events not posted: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, POST_EVERY_SECONDS, POST_EVERY_SECONDS, TimeUnit.SECONDS);

    System.out.printf("traffic: %d SLOs, counters on http://127.0.0.1:%d/metrics, events to %s every %d s, for %d s%n",
        n, port, events, POST_EVERY_SECONDS, seconds);
    Thread.sleep(Duration.ofSeconds(seconds));
    poster.shutdownNow();
    server.stop(0);
  }

  private static int count(String[] args, int i) {
    int n = Integer.parseInt(arg(args, i));
    if (n < 1) throw new IllegalArgumentException("the number of SLOs must be at least 1, got " + n);
    return n;
  }

  private static long epoch(String[] args, int i) {
    long seconds = Long.parseLong(arg(args, i));
    if (seconds % 60 != 0) throw new IllegalArgumentException("times must be whole minutes, got " + seconds);
    Instant.ofEpochSecond(seconds); // range check
    return seconds;
  }

  private static String arg(String[] args, int i) {
    if (i >= args.length) usage();
    return args[i];
  }

  private static void usage() {
    System.err.println("""
        usage: PrometheusBeside specs N DAYS DIR
               PrometheusBeside openmetrics N START END FILE
               PrometheusBeside buckets N START END SQLITE_FILE
               PrometheusBeside traffic N START PORT GOVERNOR_URL SECONDS""");
    System.exit(2);
  }
}
