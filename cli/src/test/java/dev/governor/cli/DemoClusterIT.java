package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.storage.jdbc.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor demo --db} from the built jar, on a real PostgreSQL: two replicas, the demo's
 * pager and traffic in the demo's own process. A burn of the demo's target SLI (sent here, so the
 * test need not wait for the demo's first burn) pages whoever is on call; then the leading replica
 * is killed with SIGKILL, and the escalation to the lead a minute later still comes, once, from the
 * replica that took over. The first page rings once: if the kill came before the leader's outbox
 * recorded it, the next leader sends it again with the same key, and the pager drops the repeat,
 * as any receiver that honours idempotency keys does (ClusterIT counts raw deliveries).
 */
class DemoClusterIT {

  private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");
  private static final Pattern REPLICA = Pattern.compile("  (demo-[ab]): (http://127\\.0\\.0\\.1:\\d+)  \\(pid (\\d+),");
  private static final Pattern TARGET = Pattern.compile("A burn of (\\S+) \\(service (\\S+)\\)");
  private static final Pattern TOKEN = Pattern.compile("export GOVERNOR_TOKEN=(\\S+)");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> console = java.util.Collections.synchronizedList(new ArrayList<>());
  private Process demo;
  private String adminUrl;
  private String database;

  @AfterEach
  void stop() throws Exception {
    if (demo != null) {
      demo.destroy(); // its shutdown hook stops the replicas
      if (!demo.waitFor(60, TimeUnit.SECONDS)) demo.destroyForcibly();
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    System.out.println("---- the demo's console");
    synchronized (console) {
      console.forEach(System.out::println);
    }
    if (database != null) execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  @Test
  void killingTheLeaderDuringABurn_stillPagesOncePerEscalationStep() throws Exception {
    adminUrl = TestPostgres.url();
    Matcher url = DATABASE.matcher(adminUrl);
    assertThat(url.matches()).as(adminUrl).isTrue();
    database = "demo_cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + database);
    String clusterUrl = url.group(1) + database + (url.group(3) == null ? "" : url.group(3));

    int port = freePortPair();
    demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", Repository.root().resolve("cli/target/governor.jar").toString(),
        "demo", "--db", clusterUrl, "--port", Integer.toString(port), "--data-dir", dir.resolve("demo").toString(),
        "--backfill", "0s", "--burn-for", "0s", "--escalate-after", "1m")
        .redirectErrorStream(true).start();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) console.add(line);
      } catch (IOException closed) {
        // the demo ended
      }
    });
    awaitLine(l -> l.startsWith("Stop with ctrl-C"), Duration.ofMinutes(3));

    Map<String, long[]> replicas = new java.util.HashMap<>(); // name -> {port, pid}
    String sli = null, token = null;
    synchronized (console) {
      for (String line : console) {
        Matcher r = REPLICA.matcher(line);
        if (r.find()) replicas.put(r.group(1), new long[] {URI.create(r.group(2)).getPort(), Long.parseLong(r.group(3))});
        Matcher t = TARGET.matcher(line);
        if (t.find()) sli = t.group(1);
        Matcher k = TOKEN.matcher(line);
        if (k.find()) token = k.group(1);
      }
    }
    assertThat(replicas).containsOnlyKeys("demo-a", "demo-b");
    assertThat(sli).as("the burn target in the banner").isNotNull();
    assertThat(token).isNotNull();

    // A fast burn, sent through the follower: every request in the last minutes failed.
    String follower = leaderName(replicas, token).equals("demo-a") ? "demo-b" : "demo-a";
    HttpResponse<String> burn = http.send(HttpRequest.newBuilder(uri(replicas.get(follower), "/api/v1/events"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"events\": [{\"sli\": \"" + sli + "\", \"good\": 0, \"total\": 200000}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(burn.statusCode()).as(burn.body()).isEqualTo(200);

    String firstPage = awaitLine(l -> l.contains("PAGE     → ") && !l.contains("(level"), Duration.ofSeconds(90));
    String leader = leaderName(replicas, token);
    new ProcessBuilder("kill", "-9", Long.toString(replicas.get(leader)[1])).start().waitFor();

    awaitLine(l -> l.contains("PAGE     → " + DemoOnCall.LEAD + " (level 2"), Duration.ofMinutes(2));
    Thread.sleep(5_000); // long enough for a page sent twice to show
    synchronized (console) {
      assertThat(console.stream().filter(l -> l.contains("PAGE     → ") && !l.contains("(level")))
          .as("the first page, once").containsExactly(firstPage);
      assertThat(console.stream().filter(l -> l.contains("PAGE     → " + DemoOnCall.LEAD + " (level 2")))
          .as("the escalation, once, from the replica that took over").hasSize(1);
    }
    String survivor = leader.equals("demo-a") ? "demo-b" : "demo-a";
    assertThat(leaderName(Map.of(survivor, replicas.get(survivor)), token)).isEqualTo(survivor);
  }

  private String leaderName(Map<String, long[]> replicas, String token) throws Exception {
    for (long[] r : replicas.values()) {
      try {
        HttpResponse<String> cluster = http.send(HttpRequest.newBuilder(uri(r, "/api/v1/cluster"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode leader = ApiClient.JSON.readTree(cluster.body()).path("leader").path("replica");
        if (cluster.statusCode() == 200 && !leader.isMissingNode() && !leader.isNull()) return leader.asString();
      } catch (IOException down) {
        // the other one answers
      }
    }
    throw new AssertionError("no replica names a leader");
  }

  private static URI uri(long[] replica, String path) {
    return URI.create("http://127.0.0.1:" + replica[0] + path);
  }

  private String awaitLine(Predicate<String> wanted, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (console) {
        for (String line : console) if (wanted.test(line)) return line;
      }
      if (!demo.isAlive()) break;
      Thread.sleep(200);
    }
    throw new AssertionError("the demo did not print the line awaited within " + within + (demo.isAlive() ? "" : "; it exited"));
  }

  /** A port whose next is free too: the demo's replicas take both. */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (java.net.ServerSocket a = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        int port = a.getLocalPort();
        if (port >= 65535) continue;
        try (java.net.ServerSocket b = new java.net.ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no two free ports in a row on 127.0.0.1");
  }

  private void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
