package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import dev.governor.server.backup.BackupArchive;
import dev.governor.storage.jdbc.DatabaseRestore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Online backups, restores and drills of a server that has SLOs with events, an open incident, a
 * deployment and an on-call schedule, over real HTTP on a real SQLite file. The clock stands at 10:00:30.
 */
class BackupApiTest {

  static final String JSON = "application/json";

  @TempDir Path dataDir;
  @TempDir Path restoredDir;
  TestServer api;

  @BeforeEach
  void start() throws IOException {
    api = new TestServer(dataDir);
    fill(api);
  }

  /** SLO events, a deployment, the on-call examples and an open incident. */
  static void fill(TestServer api) throws IOException {
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    TestServer.Response events = api.events("""
        {"events": [
          {"sli": "checkout-requests", "time": "2026-03-02T09:58:10Z", "good": 495, "total": 500},
          {"sli": "checkout-requests", "time": "2026-03-02T09:59:30Z", "good": 1000, "total": 1000},
          {"sli": "checkout-requests", "time": "2026-03-02T10:00:05Z", "good": 998, "total": 1000}
        ]}""");
    assertThat(events.status()).as(events.body()).isEqualTo(200);
    assertThat(api.post("/api/v1/deployments", JSON, DeliveryApiTest.DEPLOYMENT).status()).isEqualTo(201);
    for (Path file : OnCallApiTest.examples()) {
      TestServer.Response r = api.post("/api/v1/oncall?file=" + file.getFileName(), "application/yaml", Files.readString(file));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    api.server.incidents().accept(List.of(new Signal(SignalSource.ALERTMANAGER, "alertmanager", SignalAction.TRIGGER,
        Optional.of("checkout-5xx"), "checkout answers 5xx", AlertSeverity.CRITICAL,
        Map.of("service", "checkout", "alertname", "HighErrorRate"), Map.of(), List.of(), api.clock.instant())));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void a_backup_taken_online_restores_to_a_server_that_says_the_same() {
    String liveStatus = api.get("/api/v1/slos/checkout-availability/status").body();
    String liveIncidents = api.get("/api/v1/incidents").body();

    TestServer.Response created = api.post("/api/v1/backups", JSON, "");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode backup = created.json();
    assertThat(backup.path("name").asString()).isEqualTo("governor-backup-20260302T100030000Z.zip");
    assertThat(backup.path("takenAt").asString()).isEqualTo("2026-03-02T10:00:30Z");
    assertThat(backup.path("schemaVersion").asInt()).isEqualTo(dev.governor.storage.jdbc.Database.SCHEMA_VERSION);
    assertThat(backup.path("database").asString()).isEqualTo("sqlite");
    assertThat(backup.at("/state/slos/0").asString())
        .isEqualTo("checkout-availability/available good=2493 total=2500 goodUnits=2493");
    assertThat(backup.at("/state/incidents/0").asString()).startsWith("#1 TRIGGERED CRITICAL");
    assertThat(backup.at("/state/deployments/0").asString()).startsWith("run-1 checkout production 1.4.2");
    assertThat(backup.path("state").path("onCall")).isNotEmpty();
    Path file = Path.of(backup.path("path").asString());
    assertThat(file).exists().hasParent(dataDir.resolve("backups"));
    assertThat(api.get("/api/v1/backups").json().at("/backups/0/name").asString()).isEqualTo(backup.path("name").asString());

    api.close();
    DatabaseRestore.restoreSqlite(restoredDir, BackupArchive.source(file), api.clock.instant());
    api = new TestServer(restoredDir);

    assertThat(api.get("/api/v1/slos/checkout-availability/status").body()).isEqualTo(liveStatus);
    assertThat(api.get("/api/v1/incidents").body()).isEqualTo(liveIncidents);
  }

  @Test
  void a_postgresql_server_backs_up_online_and_the_backup_drills_and_restores_into_sqlite() throws Exception {
    String server = dev.governor.storage.jdbc.TestPostgres.url();
    String schema = "governor_backup_" + java.util.UUID.randomUUID().toString().replace("-", "");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(server);
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (TestServer postgres = new TestServer(restoredDir.resolve("pg-side"), Map.of("storage.jdbcUrl", url))) {
      fill(postgres);
      String liveStatus = postgres.get("/api/v1/slos/checkout-availability/status").body();
      JsonNode backup = postgres.post("/api/v1/backups", JSON, "").json();
      assertThat(backup.path("database").asString()).isEqualTo("postgresql");
      JsonNode drill = postgres.post("/api/v1/dr/drills?wait=true", JSON, "").json();
      assertThat(drill.path("problems")).as(drill.toString()).isEmpty();
      assertThat(drill.path("passed").asBoolean()).isTrue();

      Path sqlite = restoredDir.resolve("from-postgres");
      DatabaseRestore.restoreSqlite(sqlite, BackupArchive.source(Path.of(backup.path("path").asString())),
          postgres.clock.instant());
      try (TestServer restored = new TestServer(sqlite)) {
        assertThat(restored.get("/api/v1/slos/checkout-availability/status").body()).isEqualTo(liveStatus);
      }
    } finally {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(server);
          java.sql.Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void a_drill_restores_the_newest_backup_and_finds_the_same_state() {
    api.post("/api/v1/backups", JSON, "");
    api.clock.advance(Duration.ofMinutes(90));

    TestServer.Response drill = api.post("/api/v1/dr/drills?wait=true", JSON, "");

    assertThat(drill.status()).as(drill.body()).isEqualTo(200);
    JsonNode report = drill.json();
    assertThat(report.path("problems")).as(drill.body()).isEmpty();
    assertThat(report.path("passed").asBoolean()).isTrue();
    assertThat(report.path("rpoSeconds").asDouble()).isEqualTo(5400.0);
    assertThat(report.path("rtoSeconds").asDouble()).isPositive();
    assertThat(report.path("rows").asLong()).isPositive();
    assertThat(api.get("/api/v1/dr/drills").json().at("/drills/0/backup").asString())
        .isEqualTo(report.path("backup").asString());
    // The drill cleans up after itself.
    assertThat(dataDir.resolve("backups/.drills").toFile().list()).isEmpty();
  }

  @Test
  void a_drill_asked_for_without_wait_runs_on_its_own_and_its_id_says_when_it_is_done() {
    api.post("/api/v1/backups", JSON, "");

    TestServer.Response started = api.post("/api/v1/dr/drills", JSON, "");

    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String location = started.header("Location");
    assertThat(location).isEqualTo("/api/v1/dr/drills/" + started.json().path("id").asString());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> !api.get(location).json().path("state").asString().equals("running"));
    JsonNode report = api.get(location).json();
    assertThat(report.path("passed").asBoolean()).as(report.toString()).isTrue();
    assertThat(api.get("/api/v1/dr/drills/no-such-drill").status()).isEqualTo(404);
  }

  @Test
  void a_drill_of_a_damaged_backup_fails_and_opens_a_ticket_that_the_next_good_drill_resolves() throws IOException {
    Path good = Path.of(api.post("/api/v1/backups", JSON, "").json().path("path").asString());
    api.clock.advance(Duration.ofSeconds(1));
    Path damaged = Path.of(api.post("/api/v1/backups", JSON, "").json().path("path").asString());
    rewriteEntry(damaged, "tables/series.tsv", text -> text.replace("checkout", "checkouT"));

    JsonNode failed = api.post("/api/v1/dr/drills?wait=true", JSON, "").json();

    assertThat(failed.path("passed").asBoolean()).isFalse();
    assertThat(failed.at("/problems/0").asString()).contains("the table series does not match its checksum");
    JsonNode incidents = api.get("/api/v1/incidents").json();
    assertThat(incidents.toString()).contains("Restore drill of " + damaged.getFileName() + " failed");

    JsonNode passed = api.post("/api/v1/dr/drills?wait=true&backup=" + good.getFileName(), JSON, "").json();
    assertThat(passed.path("passed").asBoolean()).as(passed.toString()).isTrue();
    assertThat(api.server.incidents().openAlerts(dev.governor.server.backup.BackupFeature.INTEGRATION)).isEmpty();
  }

  @Test
  void verify_refuses_a_truncated_an_edited_and_a_newer_backup_and_restore_leaves_the_target_alone() throws IOException {
    Path file = Path.of(api.post("/api/v1/backups", JSON, "").json().path("path").asString());
    assertThat(BackupArchive.verify(file).rows()).isPositive();

    Path truncated = restoredDir.resolve("truncated.zip");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> BackupArchive.verify(truncated))
        .isInstanceOf(BackupArchive.Invalid.class).hasMessageContaining("not a complete backup");

    Path edited = restoredDir.resolve("edited.zip");
    Files.copy(file, edited);
    rewriteEntry(edited, "tables/bucket.tsv", text -> text.replace("\t998\t", "\t999\t"));
    assertThatThrownBy(() -> BackupArchive.verify(edited))
        .isInstanceOf(BackupArchive.Invalid.class).hasMessageContaining("the table bucket does not match its checksum");

    Path newer = restoredDir.resolve("newer.zip");
    Files.copy(file, newer);
    rewriteEntry(newer, "manifest.json", text -> text.replace(
        "\"schemaVersion\" : " + dev.governor.storage.jdbc.Database.SCHEMA_VERSION, "\"schemaVersion\" : 99"));
    assertThatThrownBy(() -> BackupArchive.verify(newer))
        .isInstanceOf(BackupArchive.Invalid.class).hasMessageContaining("schema version 99");

    Path target = restoredDir.resolve("target");
    assertThatThrownBy(() -> DatabaseRestore.restoreSqlite(target, BackupArchive.source(edited), api.clock.instant()))
        .isInstanceOf(BackupArchive.Invalid.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void a_backup_that_changed_between_verify_and_restore_fails_the_restore_and_changes_nothing() throws IOException {
    Path file = Path.of(api.post("/api/v1/backups", JSON, "").json().path("path").asString());
    DatabaseRestore.Source source = BackupArchive.source(file);
    rewriteEntry(file, "tables/bucket.tsv", text -> text.replace("\t998\t", "\t999\t"));

    Path target = restoredDir.resolve("target");
    assertThatThrownBy(() -> DatabaseRestore.restoreSqlite(target, source, api.clock.instant()))
        .isInstanceOf(BackupArchive.Invalid.class).hasMessageContaining("does not match its checksum");
    assertThat(target.resolve("governor.db")).doesNotExist();
    assertThat(target.resolve("governor.db.restoring")).doesNotExist();
  }

  @Test
  void old_backups_beyond_keep_are_deleted_newest_kept() {
    dev.governor.server.backup.Backups backups = new dev.governor.server.backup.Backups(
        api.server.database(), dataDir.resolve("backups"), api.clock, Map.of());
    for (int i = 0; i < 4; i++) {
      backups.create();
      api.clock.advance(Duration.ofMinutes(1));
    }

    List<String> deleted = backups.keepNewest(2);

    assertThat(deleted).containsExactly("governor-backup-20260302T100130000Z.zip", "governor-backup-20260302T100030000Z.zip");
    assertThat(backups.list()).extracting(dev.governor.server.backup.Backups.Listed::name)
        .containsExactly("governor-backup-20260302T100330000Z.zip", "governor-backup-20260302T100230000Z.zip");
  }

  /** Rewrites one entry of a zip, keeping the others byte for byte, as a careless edit would. */
  static void rewriteEntry(Path zipFile, String entryName, java.util.function.UnaryOperator<String> edit)
      throws IOException {
    Path rewritten = zipFile.resolveSibling(zipFile.getFileName() + ".rewritten");
    try (ZipFile in = new ZipFile(zipFile.toFile());
        OutputStream file = Files.newOutputStream(rewritten);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (ZipEntry entry : java.util.Collections.list(in.entries())) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream data = in.getInputStream(entry)) {
          byte[] bytes = data.readAllBytes();
          if (entry.getName().equals(entryName)) {
            String edited = edit.apply(new String(bytes, StandardCharsets.UTF_8));
            assertThat(edited).as("the edit changes " + entryName).isNotEqualTo(new String(bytes, StandardCharsets.UTF_8));
            bytes = edited.getBytes(StandardCharsets.UTF_8);
          }
          out.write(bytes);
        }
        out.closeEntry();
      }
    }
    Files.move(rewritten, zipFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
