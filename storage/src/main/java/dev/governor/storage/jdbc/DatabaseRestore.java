package dev.governor.storage.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Loads the rows of a backup into a database, all or nothing.
 *
 * <p>The rows go into a schema at the version the backup was taken at, in one transaction, and the
 * schema is migrated to this Governor's version afterwards, so a backup from an older Governor comes
 * back migrated; one from a newer Governor is refused, since this one cannot know its tables.
 *
 * <ul>
 *   <li>SQLite: the database is built in a file beside the target ({@code governor.db.restoring})
 *       and renamed over it at the end, so a restore that fails or is killed leaves the target as it
 *       was; the previous file is kept beside it ({@code governor.db.before-restore-<time>}).
 *   <li>PostgreSQL: the target schema must hold no Governor data (a schema that only has empty
 *       tables, as a killed restore leaves it, counts as empty and is rebuilt). The rows go in
 *       one transaction, so a failed restore leaves nothing behind but empty tables.
 * </ul>
 */
public final class DatabaseRestore {

  /** Why a restore will not run: the message says what to do instead. The target is untouched. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** Where the rows come from, table by table. */
  public interface Source {
    /** The schema version the rows were read at. */
    int schemaVersion();

    /** The tables the source has, as they were read. */
    List<TableLayout> tables();

    /** Hands {@code sink} every row of {@code table}. */
    void rows(TableLayout table, DatabaseSnapshot.RowSink sink) throws IOException, SQLException;
  }

  /**
   * What a restore did.
   *
   * @param rows the rows loaded
   * @param previous where the SQLite file that was replaced now is; empty when there was none, and
   *     for PostgreSQL
   */
  public record Outcome(long rows, Optional<Path> previous) {}

  private static final int BATCH = 1_000;

  /**
   * Tables that a migration fills with rows of its own, so a fresh schema has rows there; a restore
   * replaces them with the backup's, and they do not make a target count as holding data.
   */
  static final java.util.Set<String> SEEDED_BY_MIGRATIONS = java.util.Set.of("bucket_retention");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private DatabaseRestore() {}

  /**
   * Restores {@code source} into the database at {@code jdbcUrl} (as {@link Database#open} takes
   * it); stop every Governor that uses that database first.
   *
   * @throws Refused when the backup is from a newer schema, its tables do not match its schema
   *     version, or the target is in use or holds data
   * @throws StorageException when the database fails; the target is as it was
   */
  public static Outcome restore(String jdbcUrl, Source source, Instant now) {
    if (source.schemaVersion() > Database.SCHEMA_VERSION) {
      throw new Refused("the backup is of schema version " + source.schemaVersion() + ", newer than this Governor's "
          + Database.SCHEMA_VERSION + ": restore it with the Governor that took it, or a newer one");
    }
    return switch (Dialect.of(jdbcUrl)) {
      case SQLITE -> intoSqlite(jdbcUrl, source, now);
      case POSTGRESQL -> intoPostgres(jdbcUrl, source);
    };
  }

  /** Restores into {@code dataDir}'s {@code governor.db}, as {@link Database#sqlite} opens it. */
  public static Outcome restoreSqlite(Path dataDir, Source source, Instant now) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the data directory " + dataDir, e);
    }
    return restore("jdbc:sqlite:" + dataDir.resolve(Database.SQLITE_FILE).toAbsolutePath(), source, now);
  }

  private static Outcome intoSqlite(String jdbcUrl, Source source, Instant now) {
    String spec = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = spec.indexOf('?');
    Path target = Path.of(query < 0 ? spec : spec.substring(0, query)).toAbsolutePath();
    Path building = sibling(target, ".restoring");
    try {
      // What a killed restore left is of no use: it is rebuilt from the start.
      for (String leftover : List.of("", "-wal", "-shm", "-journal")) {
        Files.deleteIfExists(sibling(building, leftover));
      }
      long rows;
      try {
        DataSource dataSource = Database.sqliteRestoreSource("jdbc:sqlite:" + building);
        Database.migrate(Dialect.SQLITE, dataSource, source.schemaVersion());
        try (Connection connection = dataSource.getConnection()) {
          rows = load(Dialect.SQLITE, connection, source);
        }
        Database.migrate(Dialect.SQLITE, dataSource, Database.SCHEMA_VERSION);
      } catch (RuntimeException | SQLException | IOException e) {
        Files.deleteIfExists(building);
        throw e;
      }
      // The last connection closed folded the write-ahead log into the file; now make the file and
      // then its name durable, so that the rename never points at data still in flight.
      force(building, false);
      Optional<Path> previous = Optional.empty();
      if (Files.exists(target)) {
        refuseInUse(target);
        Path aside = sibling(target, ".before-restore-" + STAMP.format(now));
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        previous = Optional.of(aside);
      }
      Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
      force(target.getParent(), true);
      return new Outcome(rows, previous);
    } catch (SQLException e) {
      throw new StorageException("could not restore into " + target + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not restore into " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * A server that has the file open keeps its write-ahead log; renaming the file from under it would
   * leave that log beside the restored file, where SQLite would replay it into the wrong database.
   * The last connection to close removes the log, so a log still there after ours closed means
   * someone else has the database open.
   */
  private static void refuseInUse(Path target) throws SQLException {
    try (Connection connection = Database.sqliteRestoreSource("jdbc:sqlite:" + target).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    if (Files.exists(sibling(target, "-wal"))) {
      throw new Refused(target + " is open in another process (a Governor server?): its write-ahead log is"
          + " in use. Stop the server, then restore again");
    }
  }

  private static Outcome intoPostgres(String jdbcUrl, Source source) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl);
    Properties batched = new Properties();
    batched.setProperty("reWriteBatchedInserts", "true");
    try (Connection connection = DriverManager.getConnection(jdbcUrl, batched)) {
      clearEmptySchema(connection);
      Database.migrate(Dialect.POSTGRESQL, dataSource, source.schemaVersion());
      long rows = load(Dialect.POSTGRESQL, connection, source);
      Database.migrate(Dialect.POSTGRESQL, dataSource, Database.SCHEMA_VERSION);
      return new Outcome(rows, Optional.empty());
    } catch (SQLException e) {
      throw new StorageException("could not restore into " + Dialect.redacted(jdbcUrl) + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not restore into " + Dialect.redacted(jdbcUrl) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A PostgreSQL target may have Governor's tables only when they are empty: a server that started
   * on it once, or a restore that was killed before its one transaction committed. Those are dropped,
   * so the schema can be built at the backup's version.
   */
  private static void clearEmptySchema(Connection connection) throws SQLException {
    if (!hasTable(connection, "flyway_schema_history")) return;
    List<TableLayout> tables = DatabaseSnapshot.layouts(Dialect.POSTGRESQL, connection);
    for (TableLayout table : tables) {
      if (SEEDED_BY_MIGRATIONS.contains(table.name())) continue;
      try (Statement statement = connection.createStatement();
          ResultSet any = statement.executeQuery("SELECT 1 FROM " + table.name() + " LIMIT 1")) {
        if (any.next()) {
          throw new Refused("the target database already holds Governor data (table " + table.name() + " has rows):"
              + " restore into an empty database or schema, then point Governor at it");
        }
      }
    }
    List<String> names = new ArrayList<>(tables.stream().map(TableLayout::name).toList());
    // The migration history, and a cluster's lease, roll and secret if replicas ran on it: not
    // data, so never refused for their rows, but built again with the schema like the rest.
    for (String notData : DatabaseSnapshot.NOT_DATA) {
      if (hasTable(connection, notData)) names.add(notData);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE " + String.join(", ", names) + " CASCADE");
    }
  }

  private static boolean hasTable(Connection connection, String table) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), table, new String[] {"TABLE"})) {
      return tables.next();
    }
  }

  /** Loads every row in one transaction; the schema is at the source's version. */
  private static long load(Dialect dialect, Connection connection, Source source) throws SQLException, IOException {
    List<TableLayout> expected = DatabaseSnapshot.layouts(dialect, connection);
    Map<String, TableLayout> given = source.tables().stream()
        .collect(Collectors.toMap(TableLayout::name, Function.identity(), (a, b) -> a));
    for (TableLayout table : expected) {
      TableLayout theirs = given.get(table.name());
      if (theirs == null || !theirs.columns().equals(table.columns())) {
        throw new Refused("the backup's table " + table.name() + " does not match schema version "
            + source.schemaVersion() + ": it has " + (theirs == null ? "no such table" : theirs.columns())
            + ", the schema has " + table.columns());
      }
    }
    if (given.size() != expected.size()) {
      List<String> extra = new ArrayList<>(given.keySet());
      extra.removeAll(expected.stream().map(TableLayout::name).toList());
      Collections.sort(extra);
      throw new Refused("the backup has tables that schema version " + source.schemaVersion() + " does not: " + extra);
    }
    connection.setAutoCommit(false);
    try {
      // The schema is fresh, but its migrations may have seeded rows the backup has too.
      for (TableLayout table : expected.reversed()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("DELETE FROM " + table.name());
        }
      }
      long rows = 0;
      for (TableLayout table : expected) rows += loadTable(connection, table, source);
      if (dialect == Dialect.POSTGRESQL) restartIdentities(connection);
      connection.commit();
      return rows;
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailed) {
        e.addSuppressed(rollbackFailed);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static long loadTable(Connection connection, TableLayout table, Source source)
      throws SQLException, IOException {
    String sql = "INSERT INTO " + table.name() + " (" + String.join(", ", table.columnNames()) + ") VALUES ("
        + String.join(", ", Collections.nCopies(table.columns().size(), "?")) + ")";
    long[] rows = {0};
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      source.rows(table, values -> {
        if (values.length != table.columns().size()) {
          throw new SQLException("a row of " + table.name() + " has " + values.length + " values, the table "
              + table.columns().size() + " columns");
        }
        for (int i = 0; i < values.length; i++) {
          Object value = values[i];
          if (value == null) insert.setObject(i + 1, null);
          else if (table.columns().get(i).integer()) insert.setLong(i + 1, (Long) value);
          else insert.setString(i + 1, (String) value);
        }
        insert.addBatch();
        if (++rows[0] % BATCH == 0) insert.executeBatch();
      });
      insert.executeBatch();
    }
    return rows[0];
  }

  /** Rows loaded with their ids leave the identity sequences behind them; the next insert would collide. */
  private static void restartIdentities(Connection connection) throws SQLException {
    List<String[]> identities = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet columns = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
            + " WHERE is_identity = 'YES' AND table_schema = current_schema()")) {
      while (columns.next()) identities.add(new String[] {columns.getString(1), columns.getString(2)});
    }
    for (String[] identity : identities) {
      try (PreparedStatement restart = connection.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?),"
          + " COALESCE((SELECT MAX(" + identity[1] + ") FROM " + identity[0] + "), 0) + 1, false)")) {
        restart.setString(1, identity[0]);
        restart.setString(2, identity[1]);
        restart.execute();
      }
    }
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void force(Path path, boolean directory) throws IOException {
    try (FileChannel channel = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
