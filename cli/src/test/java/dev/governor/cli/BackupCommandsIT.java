package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.backup.BackupArchive;
import dev.governor.server.backup.BackupManifest;
import dev.governor.server.config.ServerConfig;
import dev.governor.storage.jdbc.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Backups and restores end to end: taken through the CLI while a load test writes, restored into a
 * new data directory where a server says what the backup recorded; and a kill -9 of the server in
 * the middle of a backup, and of the CLI in the middle of a restore, after which nothing is
 * corrupted and the next try succeeds.
 */
class BackupCommandsIT {

  static final Path SLO = Repository.root().resolve("examples/checkout.yaml");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void a_backup_taken_under_load_holds_every_event_acknowledged_before_it_began_and_restores_to_the_same_status()
      throws Exception {
    Path data = dir.resolve("data");
    GovernorServer server = start(data);
    AtomicLong acknowledged = new AtomicLong();
    long sent;
    long acknowledgedBeforeBackup;
    BackupManifest manifest;
    Path backup;
    try {
      URI base = server.baseUri();
      assertThat(post(base, "/api/v1/slos", "application/yaml", Files.readString(SLO)).statusCode()).isEqualTo(200);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      AtomicLong attempts = new AtomicLong();
      for (int w = 0; w < 2; w++) {
        writers.add(Thread.ofPlatform().start(() -> {
          // Bounded in count and time: at most 400 requests of one event each, to 127.0.0.1.
          for (int i = 0; i < 200 && !stop.get(); i++) {
            attempts.incrementAndGet();
            String body = "{\"events\": [{\"sli\": \"checkout-availability\", \"time\": \"" + Instant.now() + "\", \"good\": 1, \"total\": 1}]}";
            if (post(base, "/api/v1/events", "application/json", body).statusCode() == 200) acknowledged.incrementAndGet();
          }
        }));
      }
      while (acknowledged.get() < 100) Thread.sleep(5);
      // Every event acknowledged before the backup was asked for must be in it; those acknowledged
      // while it ran may or may not be.
      acknowledgedBeforeBackup = acknowledged.get();
      Cli.Run create = cli(server, "backup", "create", "-o", "json");
      assertThat(create.exit()).as(create.toString()).isZero();
      backup = Path.of(ApiClient.JSON.readTree(create.out()).path("path").asString());
      for (Thread writer : writers) writer.join(Duration.ofSeconds(60));
      stop.set(true);
      sent = attempts.get();

      Cli.Run list = cli(server, "backup", "list");
      assertThat(list.out()).contains(backup.getFileName().toString());
      Cli.Run drill = cli(server, "dr", "drill");
      assertThat(drill.exit()).as(drill.toString()).isZero();
      assertThat(drill.out()).contains("PASSED", "RPO", "RTO");
    } finally {
      server.close();
    }

    Cli.Run verify = Cli.run("backup", "verify", backup.toString());
    assertThat(verify.exit()).as(verify.toString()).isZero();
    manifest = BackupArchive.verify(backup);
    long inBackup = total(manifest);
    assertThat(inBackup).isBetween(acknowledgedBeforeBackup, sent);

    Path restored = dir.resolve("restored");
    Cli.Run restore = Cli.run("backup", "restore", backup.toString(), "--data-dir", restored.toString());
    assertThat(restore.exit()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("restored " + manifest.rows() + " rows");
    GovernorServer again = start(restored);
    try {
      JsonNode status = ApiClient.JSON.readTree(get(again.baseUri(), "/api/v1/slos/checkout-availability/status").body());
      assertThat(status.at("/objectives/0/total").asLong()).isEqualTo(inBackup);
      assertThat(status.at("/objectives/0/good").asLong()).isEqualTo(inBackup);
    } finally {
      again.close();
    }
  }

  @Test
  void a_server_killed_while_it_writes_a_backup_leaves_no_broken_backup_and_the_next_one_succeeds() throws Exception {
    Path data = dir.resolve("data");
    Process server = serverProcess(data);
    URI base = awaitListening(server);
    long events = fill(base);
    // How long a whole backup takes here, so that the kills land inside one, not before or after.
    long began = System.nanoTime();
    assertThat(post(base, "/api/v1/backups", "application/json", "").statusCode()).isEqualTo(201);
    long wholeMillis = (System.nanoTime() - began) / 1_000_000;
    boolean cutOne = false;
    for (double share : new double[] {0.3, 0.5, 0.7, 0.85}) {
      CompletableFuture<HttpResponse<String>> backup = http.sendAsync(
          HttpRequest.newBuilder(base.resolve("/api/v1/backups")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep((long) (wholeMillis * share));
      server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      backup.handle((r, e) -> null).get(20, TimeUnit.SECONDS);

      // A file named as a backup is a whole backup; a cut one is only ever a .partial.
      for (Path file : backups(data)) assertThat(BackupArchive.verify(file).rows()).isPositive();
      try (Stream<Path> files = Files.list(data.resolve("backups"))) {
        cutOne |= files.anyMatch(p -> p.getFileName().toString().endsWith(".partial"));
      }
      server = serverProcess(data);
      base = awaitListening(server);
      JsonNode status = ApiClient.JSON.readTree(get(base, "/api/v1/slos/checkout-availability/status").body());
      assertThat(status.at("/objectives/0/total").asLong()).isEqualTo(events);
    }
    assertThat(cutOne).as("a kill landed while a backup was being written (a whole one takes %d ms)", wholeMillis)
        .isTrue();
    HttpResponse<String> backup = post(base, "/api/v1/backups", "application/json", "");
    assertThat(backup.statusCode()).as(backup.body()).isEqualTo(201);
    assertThat(BackupArchive.verify(Path.of(ApiClient.JSON.readTree(backup.body()).path("path").asString())).rows())
        .isPositive();
    try (Stream<Path> files = Files.list(data.resolve("backups"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
    server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  @Test
  void a_restore_killed_half_way_leaves_the_old_database_or_none_and_the_next_try_restores_it_whole() throws Exception {
    Path data = dir.resolve("data");
    Process server = serverProcess(data);
    URI base = awaitListening(server);
    long events = fill(base);
    HttpResponse<String> taken = post(base, "/api/v1/backups", "application/json", "");
    Path backup = Path.of(ApiClient.JSON.readTree(taken.body()).path("path").asString());
    server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);

    // The target has a database of its own, with another SLO and no events.
    Path target = dir.resolve("target");
    GovernorServer other = start(target);
    try {
      post(other.baseUri(), "/api/v1/slos", "application/yaml", Files.readString(SLO).replace("checkout", "search"));
    } finally {
      other.close();
    }

    // How long a whole restore process takes here (most of it the JVM starting), so that the timed
    // kills land inside the restore itself.
    long began = System.nanoTime();
    Process whole = cliProcess("backup", "restore", backup.toString(), "--data-dir", dir.resolve("scratch").toString());
    assertThat(whole.waitFor()).isZero();
    long wholeMillis = (System.nanoTime() - began) / 1_000_000;
    // The first kill waits for the restore's own sign that it is building its file, so that one kill
    // always lands there however loaded the machine is; the others land at shares of a whole run.
    Path building = target.resolve(Database.SQLITE_FILE + ".restoring");
    boolean cutOne = false;
    for (double share : new double[] {0, 0.6, 0.75, 0.85, 0.95}) {
      Process restore = cliProcess("backup", "restore", backup.toString(), "--data-dir", target.toString());
      if (share == 0) {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wholeMillis * 3);
        while (!Files.exists(building) && restore.isAlive() && System.nanoTime() < giveUp) {
          Thread.sleep(1);
        }
      } else {
        Thread.sleep((long) (wholeMillis * share));
      }
      restore.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      cutOne |= Files.exists(building);
      // Whatever the moment: governor.db is the old database or the restored one, whole; or, between
      // the two renames, it is missing and the old one is kept aside.
      Path db = target.resolve(Database.SQLITE_FILE);
      if (Files.exists(db)) {
        try (Database opened = Database.sqlite(target)) {
          List<String> names = opened.resources().all().stream().map(r -> r.name()).toList();
          assertThat(names.contains("search-availability") || names.contains("checkout-availability"))
              .as("the old SLOs or the restored ones: %s", names).isTrue();
        }
      } else {
        try (Stream<Path> files = Files.list(target)) {
          assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("governor.db.before-restore-"));
        }
      }
    }
    assertThat(cutOne).as("a kill landed while the restore was building its file (a whole run takes %d ms)", wholeMillis)
        .isTrue();
    Cli.Run restore = Cli.run("backup", "restore", backup.toString(), "--data-dir", target.toString());
    assertThat(restore.exit()).as(restore.toString()).isZero();
    GovernorServer restored = start(target);
    try {
      JsonNode status = ApiClient.JSON.readTree(get(restored.baseUri(), "/api/v1/slos/checkout-availability/status").body());
      assertThat(status.at("/objectives/0/total").asLong()).isEqualTo(events);
      assertThat(get(restored.baseUri(), "/api/v1/slos/search-availability").statusCode()).isEqualTo(404);
    } finally {
      restored.close();
    }
  }

  @Test
  void restore_refuses_a_damaged_file_with_exit_1_and_changes_nothing() throws Exception {
    Path damaged = dir.resolve("governor-backup-20261205T000000000Z.zip");
    Files.writeString(damaged, "PK this is not a zip");
    Path target = dir.resolve("target");

    Cli.Run verify = Cli.run("backup", "verify", damaged.toString());
    Cli.Run restore = Cli.run("backup", "restore", damaged.toString(), "--data-dir", target.toString());

    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.err()).contains("is not a complete backup");
    assertThat(restore.exit()).isEqualTo(1);
    assertThat(restore.err()).contains("is not a complete backup");
    assertThat(target).doesNotExist();
  }

  // --- helpers

  /** Events for one SLI in each minute of the last six days: enough rows that a backup takes a while. */
  private long fill(URI base) throws Exception {
    assertThat(post(base, "/api/v1/slos", "application/yaml", Files.readString(SLO)).statusCode()).isEqualTo(200);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    long events = 0;
    for (int day = 0; day < 6; day++) {
      StringBuilder body = new StringBuilder("{\"events\": [");
      for (int minute = 0; minute < 1440; minute++) {
        Instant at = now.minus(Duration.ofMinutes(day * 1440L + minute + 1));
        if (minute > 0) body.append(',');
        body.append("{\"sli\": \"checkout-availability\", \"time\": \"").append(at).append("\", \"good\": 3, \"total\": 3}");
        events += 3;
      }
      HttpResponse<String> r = post(base, "/api/v1/events", "application/json", body.append("]}").toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    return events;
  }

  private static long total(BackupManifest manifest) {
    String line = manifest.state().slos().getFirst();
    return Long.parseLong(line.replaceAll(".* total=(\\d+).*", "$1"));
  }

  private static List<Path> backups(Path data) throws IOException {
    Path folder = data.resolve("backups");
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().matches("governor-backup-.*\\.zip")).toList();
    }
  }

  private static GovernorServer start(Path data) {
    return GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", data.toString(), "storage.jdbcUrl", "")));
  }

  private static Cli.Run cli(GovernorServer server, String... args) {
    return Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString()), "", args);
  }

  private static Process serverProcess(Path data) throws IOException {
    Files.createDirectories(data);
    return java(data.resolve("server.log"), GovernorServer.class.getName(),
        "--bind", "127.0.0.1", "--port", "0", "--data-dir", data.toString());
  }

  private Process cliProcess(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(GovernorCommand.class.getName()));
    all.addAll(List.of(args));
    return java(dir.resolve("cli.log"), all.toArray(String[]::new));
  }

  private static Process java(Path log, String... mainAndArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(mainAndArgs));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static URI awaitListening(Process process) throws Exception {
    CompletableFuture<URI> address = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("governor listening on ")) {
            address.complete(URI.create(line.substring("governor listening on ".length()).trim()));
          }
        }
      } catch (IOException e) {
        address.completeExceptionally(e);
      }
      address.completeExceptionally(new IllegalStateException("the server exited before it listened"));
    });
    URI base = address.get(30, TimeUnit.SECONDS);
    // It listens before its sums are loaded; wait for ready.
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> ready = client.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (ready.statusCode() == 200) return base;
      Thread.sleep(50);
    }
    throw new IllegalStateException("the server did not get ready");
  }

  private HttpResponse<String> post(URI base, String path, String contentType, String body) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
          .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(URI base, String path) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
