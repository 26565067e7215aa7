package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.ApiToken;
import dev.governor.access.AuditRecord;
import dev.governor.access.Role;
import dev.governor.access.Session;
import dev.governor.access.TeamName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A snapshot read row by row and loaded back, on real SQLite files and a real PostgreSQL, in both
 * directions: what goes in comes out the same, and a refused or failed restore changes nothing.
 */
class DatabaseRestoreTest {

  private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

  private Path dir;
  private final List<String> schemas = new ArrayList<>();

  @BeforeEach
  void createDirectory() throws IOException {
    dir = Files.createTempDirectory("governor-restore-test");
  }

  @AfterEach
  void cleanUp() throws IOException, SQLException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    for (String schema : schemas) execute(TestPostgres.url(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Test
  void schema_version_is_the_highest_migration() throws IOException {
    Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
    int highest = 0;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/governor"))) {
      for (Path file : files.toList()) {
        Matcher m = version.matcher(file.getFileName().toString());
        if (m.matches()) highest = Math.max(highest, Integer.parseInt(m.group(1)));
      }
    }
    assertThat(Database.SCHEMA_VERSION).isEqualTo(highest);
  }

  @Test
  void a_fresh_schema_has_rows_only_in_the_tables_its_migrations_seed() throws SQLException {
    for (String url : List.of(sqlite("fresh"), postgres())) {
      Copy fresh = copy(url);
      fresh.rows.forEach((table, rows) -> {
        if (!DatabaseRestore.SEEDED_BY_MIGRATIONS.contains(table)) assertThat(rows).as(table).isEmpty();
      });
    }
  }

  @Test
  void sqlite_rows_come_back_the_same_and_the_old_file_is_kept_aside() throws SQLException {
    String source = sqlite("source");
    fill(source);
    Copy copy = copy(source);
    String target = sqlite("target");
    Database.open(target).close();
    // A database that had something else: the restore replaces it whole.
    insertSeries(target, "old-series");

    DatabaseRestore.Outcome outcome = DatabaseRestore.restore(target, copy, NOW);

    assertThat(copy(target).rows).isEqualTo(copy.rows);
    assertThat(outcome.rows()).isEqualTo(copy.rowCount());
    assertThat(outcome.previous()).hasValueSatisfying(p -> assertThat(p.getFileName().toString())
        .isEqualTo("target.db.before-restore-20261205T080000Z"));
    assertThat(Files.exists(dir.resolve("target.db.restoring"))).isFalse();
  }

  @Test
  void postgresql_rows_come_back_the_same_and_new_rows_get_fresh_ids() throws SQLException {
    String source = postgres();
    fill(source);
    Copy copy = copy(source);
    String target = postgres();

    DatabaseRestore.restore(target, copy, NOW);

    assertThat(copy(target).rows).isEqualTo(copy.rows);
    // The identity sequence was restarted past the loaded ids, or this would collide with id 1.
    insertSeries(target, "after-restore");
    try (Database db = Database.open(target)) {
      assertThat(db.auditLog().record(new AuditRecord(0, NOW, "bob", "token.revoke", "token/ci", Optional.empty(), ""))
          .id()).isEqualTo(2);
      assertThat(db.sessions().useLink("d".repeat(64), NOW)).as("a link used before the backup").isFalse();
    }
  }

  @Test
  void a_sqlite_snapshot_restores_into_postgresql_and_back_to_the_same_rows() throws SQLException {
    String sqlite = sqlite("source");
    fill(sqlite);
    Copy fromSqlite = copy(sqlite);
    String postgres = postgres();
    DatabaseRestore.restore(postgres, fromSqlite, NOW);
    Copy fromPostgres = copy(postgres);
    String again = sqlite("again");
    DatabaseRestore.restore(again, fromPostgres, NOW);

    assertThat(fromPostgres.rows).isEqualTo(fromSqlite.rows);
    assertThat(copy(again).rows).isEqualTo(fromSqlite.rows);
    try (Database db = Database.open(postgres)) {
      assertThat(db.access().secret("ack-links", new byte[] {1})).hasSize(256).startsWith(0, 1, 2).endsWith(-2, -1);
      assertThat(db.sessions().session("b".repeat(64)).orElseThrow().groups()).containsExactly("x\nadmins", "back\\slash");
    }
  }

  @Test
  void a_snapshot_does_not_see_writes_that_commit_while_it_reads() throws SQLException {
    String url = sqlite("live");
    fill(url);
    try (Database db = Database.open(url)) {
      long[] counts = db.snapshot(snapshot -> {
        long before = count(snapshot, "series");
        insertSeries(url, "written-meanwhile");
        return new long[] {before, count(snapshot, "series")};
      });
      assertThat(counts[1]).isEqualTo(counts[0]);
      long after = db.snapshot(snapshot -> count(snapshot, "series"));
      assertThat(after).isEqualTo(counts[0] + 1);
    }
  }

  @Test
  void a_backup_from_a_newer_schema_is_refused_and_nothing_is_written() throws SQLException {
    Copy copy = copy(fillAndReturn(sqlite("source")));
    Copy newer = new Copy(Database.SCHEMA_VERSION + 1, copy.tables, copy.rows);
    String target = sqlite("target");

    assertThatThrownBy(() -> DatabaseRestore.restore(target, newer, NOW))
        .isInstanceOf(DatabaseRestore.Refused.class)
        .hasMessageContaining("schema version " + (Database.SCHEMA_VERSION + 1))
        .hasMessageContaining("newer than this Governor's " + Database.SCHEMA_VERSION);
    assertThat(Files.exists(dir.resolve("target.db"))).isFalse();
  }

  @Test
  void a_backup_of_an_older_schema_is_loaded_there_and_migrated() throws SQLException {
    // A database at version 7, the one before the rollup tables; its rows load at 7 and V8 runs on them.
    String old = sqlite("old");
    Database.migrate(Dialect.SQLITE, Database.sqliteRestoreSource(old), 7);
    insertSeries(old, "from-version-7");
    Copy copy = copyAsItIs(old);
    assertThat(copy.schemaVersion).isEqualTo(7);
    assertThat(copy.tables).extracting(TableLayout::name).doesNotContain("bucket_hour");

    String target = sqlite("target");
    DatabaseRestore.restore(target, copy, NOW);

    Copy restored = copy(target);
    assertThat(restored.schemaVersion).isEqualTo(Database.SCHEMA_VERSION);
    assertThat(restored.tables).extracting(TableLayout::name).contains("bucket_hour");
    assertThat(restored.rows.get("series")).extracting(r -> r.get(1)).containsExactly("from-version-7");
  }

  @Test
  void a_table_that_does_not_match_the_schema_is_refused_and_the_target_is_untouched() throws SQLException {
    String target = sqlite("target");
    fill(target);
    Copy before = copy(target);
    Copy copy = copy(target);
    List<TableLayout> tampered = new ArrayList<>(copy.tables);
    TableLayout series = tampered.stream().filter(t -> t.name().equals("series")).findFirst().orElseThrow();
    tampered.set(tampered.indexOf(series), new TableLayout("series",
        List.of(new TableLayout.Column("id", true), new TableLayout.Column("label", false)), series.orderBy().subList(0, 1)));

    assertThatThrownBy(() -> DatabaseRestore.restore(target, new Copy(copy.schemaVersion, tampered, copy.rows), NOW))
        .isInstanceOf(DatabaseRestore.Refused.class)
        .hasMessageContaining("table series does not match schema version");
    assertThat(copy(target).rows).isEqualTo(before.rows);
    assertThat(Files.exists(dir.resolve("target.db.restoring"))).isFalse();
  }

  @Test
  void a_row_the_database_refuses_fails_the_restore_and_the_target_is_untouched() throws SQLException {
    String target = sqlite("target");
    fill(target);
    Copy before = copy(target);
    Map<String, List<List<Object>>> broken = new LinkedHashMap<>(before.rows);
    List<List<Object>> buckets = new ArrayList<>(broken.get("bucket"));
    // good > total breaks the table's CHECK.
    buckets.add(Arrays.asList(1L, 999_000L, 5L, 1L));
    broken.put("bucket", buckets);

    assertThatThrownBy(() -> DatabaseRestore.restore(target, new Copy(before.schemaVersion, before.tables, broken), NOW))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("could not restore");
    assertThat(copy(target).rows).isEqualTo(before.rows);
    assertThat(Files.exists(dir.resolve("target.db.restoring"))).isFalse();
  }

  @Test
  void a_sqlite_database_that_a_server_has_open_is_not_replaced() throws SQLException {
    String target = sqlite("target");
    fill(target);
    Copy copy = copy(target);
    try (Database running = Database.open(target)) {
      running.buckets().sum(dev.governor.sli.SeriesKey.of(new dev.governor.basics.SliName("x")), NOW.minusSeconds(60), NOW);
      assertThatThrownBy(() -> DatabaseRestore.restore(target, copy, NOW))
          .isInstanceOf(DatabaseRestore.Refused.class)
          .hasMessageContaining("open in another process");
      assertThat(Files.exists(dir.resolve("target.db"))).isTrue();
      assertThat(copy(target).rows).isEqualTo(copy.rows);
    }
  }

  @Test
  void a_postgresql_target_with_data_is_refused_but_one_with_empty_tables_is_rebuilt() throws SQLException {
    String source = postgres();
    fill(source);
    Copy copy = copy(source);

    assertThatThrownBy(() -> DatabaseRestore.restore(source, copy, NOW))
        .isInstanceOf(DatabaseRestore.Refused.class)
        .hasMessageContaining("already holds Governor data");
    assertThat(copy(source).rows).isEqualTo(copy.rows);

    String emptyTables = postgres();
    try (Database db = Database.open(emptyTables)) {
      assertThat(db.dialect()).isEqualTo("postgresql");
    }
    DatabaseRestore.restore(emptyTables, copy, NOW);
    assertThat(copy(emptyTables).rows).isEqualTo(copy.rows);
  }

  // --- fixtures

  /** Rows as read from a snapshot: a restore source held in memory. */
  private record Copy(int schemaVersion, List<TableLayout> tables, Map<String, List<List<Object>>> rows)
      implements DatabaseRestore.Source {
    long rowCount() {
      return rows.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public void rows(TableLayout table, DatabaseSnapshot.RowSink sink) throws SQLException {
      for (List<Object> row : rows.getOrDefault(table.name(), List.of())) sink.row(row.toArray());
    }
  }

  private static Copy copy(String url) {
    try (Database db = Database.open(url)) {
      return db.snapshot(DatabaseRestoreTest::copy);
    }
  }

  /** Without opening a {@link Database}, which would migrate the schema first. */
  private static Copy copyAsItIs(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      return DatabaseSnapshot.read(Dialect.of(url), connection, DatabaseRestoreTest::copy);
    }
  }

  private static Copy copy(DatabaseSnapshot snapshot) throws SQLException {
    {
      {
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        for (TableLayout table : snapshot.tables()) {
          List<List<Object>> list = new ArrayList<>();
          snapshot.rows(table, values -> list.add(Arrays.asList(values)));
          rows.put(table.name(), list);
        }
        return new Copy(snapshot.schemaVersion(), snapshot.tables(), rows);
      }
    }
  }

  private static long count(DatabaseSnapshot snapshot, String table) throws SQLException {
    long[] n = {0};
    snapshot.rows(snapshot.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow(),
        values -> n[0]++);
    return n[0];
  }

  private String sqlite(String name) {
    return "jdbc:sqlite:" + dir.resolve(name + ".db");
  }

  private String postgres() throws SQLException {
    String schema = "governor_restore_" + UUID.randomUUID().toString().replace("-", "");
    execute(TestPostgres.url(), "CREATE SCHEMA " + schema);
    schemas.add(schema);
    String server = TestPostgres.url();
    return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static String fillAndReturn(String url) throws SQLException {
    fill(url);
    return url;
  }

  /** Rows in tables with an identity key, a composite key, a foreign key, text that needs care and a null. */
  private static void fill(String url) throws SQLException {
    Database.open(url).close();
    insertSeries(url, "checkout:ok");
    insertSeries(url, "tab\there, newline\nthere, backslash \\ and ünïcødé ✓");
    try (Connection connection = DriverManager.getConnection(url)) {
      try (PreparedStatement bucket = connection.prepareStatement(
          "INSERT INTO bucket (series_id, minute, good, total) VALUES (?, ?, ?, ?)")) {
        for (int minute = 0; minute < 50; minute++) {
          bucket.setLong(1, 1 + minute % 2);
          bucket.setLong(2, 1_764_000_000_000L + minute * 60_000L);
          bucket.setLong(3, minute);
          bucket.setLong(4, Long.MAX_VALUE - minute);
          bucket.addBatch();
        }
        bucket.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO resource (kind, name, source, applied_at) VALUES"
            + " ('SLO', 'b', 'kind: SLO', 1), ('SLO', 'B', 'x', 2), ('Service', 'a', '', 3)");
        statement.execute("INSERT INTO delivery_audit (at, action, subject, environment, version, outcome, actor, reason, detail)"
            + " VALUES (5, 'gate', 'checkout', NULL, 'v1', 'allow', NULL, NULL, '{}')");
      }
    }
    // The access tables through their stores: a secret of every byte value, escaped groups, nulls.
    try (Database db = Database.open(url)) {
      byte[] everyByte = new byte[256];
      for (int i = 0; i < everyByte.length; i++) everyByte[i] = (byte) i;
      db.access().secret("ack-links", everyByte);
      db.access().saveAccount(new Account(AccountName.of("alice"), "Alice", Optional.empty(), Role.ADMIN,
          Optional.of("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), Account.Origin.LOCAL, false, NOW));
      db.access().addToken(new ApiToken(0, "ci", Optional.of(TeamName.of("payments")), Role.EDITOR, "a".repeat(64),
          NOW, "alice", Optional.empty(), Optional.of(NOW), Optional.empty()));
      db.sessions().add(new Session("b".repeat(64), AccountName.of("alice"), List.of("x\nadmins", "back\\slash"),
          "c".repeat(40), NOW, NOW, "password"));
      db.sessions().useLink("d".repeat(64), NOW);
      db.auditLog().record(new AuditRecord(0, NOW, "alice", "token.create", "token/ci", Optional.empty(), "tab\tthere"));
    }
  }

  private static void insertSeries(String url, String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement insert = connection.prepareStatement("INSERT INTO series (name) VALUES (?)")) {
      insert.setString(1, name);
      insert.execute();
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
