package dev.governor.storage.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Every table of Governor's schema as it was at one moment, row by row, for a backup: the tables in
 * an order that loads without breaking a foreign key, each one's rows in primary-key order with text
 * compared byte by byte, so two databases with the same content (SQLite and PostgreSQL alike) read
 * the same. Values are {@code Long}, {@code String} or null: the schema has no other types.
 *
 * <p>Valid only inside {@link Database#snapshot}.
 */
public final class DatabaseSnapshot {

  /** What runs on a snapshot. */
  @FunctionalInterface
  public interface Work<T> {
    T run(DatabaseSnapshot snapshot) throws SQLException;
  }

  /** Hears the rows of a table one at a time, so a table larger than the heap can be read. */
  @FunctionalInterface
  public interface RowSink {
    void row(Object[] values) throws SQLException;
  }

  /**
   * Tables of the database that are not Governor's data: the migration history is rebuilt by a
   * restore, and a cluster's lease, roll and secret belong to the replicas running now, not to a backup.
   */
  static final Set<String> NOT_DATA = Set.of("flyway_schema_history", "cluster_lease", "cluster_member", "cluster_secret");

  private final Dialect dialect;
  private final Connection connection;
  private final int schemaVersion;
  private final List<TableLayout> tables;
  private final Database stores;

  private DatabaseSnapshot(Dialect dialect, Connection connection, int schemaVersion, List<TableLayout> tables) {
    this.dialect = dialect;
    this.connection = connection;
    this.schemaVersion = schemaVersion;
    this.tables = tables;
    this.stores = Database.over(dialect, connection);
  }

  /** Wraps the read that fixes a snapshot: the live bucket store folds its journal just before it. */
  @FunctionalInterface
  interface Start {
    int around(Connections.Work<Integer> firstRead, Connection connection) throws SQLException;
  }

  static <T> T read(Dialect dialect, Connection connection, Work<T> work) throws SQLException {
    return read(dialect, connection, (firstRead, c) -> firstRead.run(c), work);
  }

  static <T> T read(Dialect dialect, Connection connection, Start start, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    if (dialect == Dialect.POSTGRESQL) {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
    }
    try {
      // The first read fixes the snapshot: in a deferred SQLite transaction, and in PostgreSQL's
      // REPEATABLE READ, everything after it sees the database as it was here.
      int version = start.around(DatabaseSnapshot::schemaVersion, connection);
      DatabaseSnapshot snapshot = new DatabaseSnapshot(dialect, connection, version, layouts(dialect, connection));
      return work.run(snapshot);
    } finally {
      connection.rollback();
      if (dialect == Dialect.POSTGRESQL) {
        connection.setReadOnly(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      connection.setAutoCommit(true);
    }
  }

  /** "sqlite" or "postgresql". */
  public String dialect() {
    return dialect.label();
  }

  /** The version of the last migration applied to the database. */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** Governor's tables in an order that loads without breaking a foreign key. */
  public List<TableLayout> tables() {
    return tables;
  }

  /** Hands {@code sink} every row of {@code table}, in primary-key order. */
  public void rows(TableLayout table, RowSink sink) throws SQLException {
    rows(dialect, connection, table, sink);
  }

  /** Governor's stores, reading this snapshot; any write through them fails. */
  public Database stores() {
    return stores;
  }

  static void rows(Dialect dialect, Connection connection, TableLayout table, RowSink sink) throws SQLException {
    List<String> order = new ArrayList<>();
    for (TableLayout.Column column : table.orderBy()) {
      // PostgreSQL sorts text by the database's locale; "C" is the byte order SQLite uses.
      order.add(column.name() + (!column.integer() && dialect == Dialect.POSTGRESQL ? " COLLATE \"C\"" : ""));
    }
    String sql = "SELECT " + String.join(", ", table.columnNames()) + " FROM " + table.name()
        + " ORDER BY " + String.join(", ", order);
    try (Statement statement = connection.createStatement()) {
      // Without a fetch size PostgreSQL's driver reads the whole table into memory first.
      statement.setFetchSize(1_000);
      try (ResultSet rows = statement.executeQuery(sql)) {
        int width = table.columns().size();
        while (rows.next()) {
          Object[] values = new Object[width];
          for (int i = 0; i < width; i++) {
            values[i] = table.columns().get(i).integer() ? integer(rows, i + 1) : rows.getString(i + 1);
          }
          sink.row(values);
        }
      }
    }
  }

  private static Long integer(ResultSet rows, int index) throws SQLException {
    long value = rows.getLong(index);
    return rows.wasNull() ? null : value;
  }

  static int schemaVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
      int highest = 0;
      while (rows.next()) highest = Math.max(highest, Integer.parseInt(rows.getString(1)));
      if (highest == 0) throw new SQLException("the database has no Governor schema (no applied migration)");
      return highest;
    }
  }

  /** The tables of the connection's schema, parents before the tables that refer to them. */
  static List<TableLayout> layouts(Dialect dialect, Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String schema = dialect == Dialect.POSTGRESQL ? connection.getSchema() : null;
    Map<String, Set<String>> parents = new TreeMap<>();
    try (ResultSet tables = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        String name = tables.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
        if (!name.startsWith("sqlite_") && !NOT_DATA.contains(name)) parents.put(name, new TreeSet<>());
      }
    }
    for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
      try (ResultSet keys = meta.getImportedKeys(null, schema, table.getKey())) {
        while (keys.next()) {
          String parent = keys.getString("PKTABLE_NAME").toLowerCase(java.util.Locale.ROOT);
          if (!parent.equals(table.getKey())) table.getValue().add(parent);
        }
      }
    }
    List<TableLayout> ordered = new ArrayList<>();
    Set<String> placed = new TreeSet<>();
    // Kahn's order, with names breaking ties, so every database lists the same tables alike.
    while (placed.size() < parents.size()) {
      String next = parents.entrySet().stream()
          .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
          .map(Map.Entry::getKey)
          .findFirst()
          .orElseThrow(() -> new SQLException("the foreign keys of the schema form a cycle: " + parents));
      placed.add(next);
      ordered.add(layout(dialect, connection, meta, schema, next));
    }
    return List.copyOf(ordered);
  }

  private static TableLayout layout(Dialect dialect, Connection connection, DatabaseMetaData meta, String schema,
      String table) throws SQLException {
    List<TableLayout.Column> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet none = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData shape = none.getMetaData();
      for (int i = 1; i <= shape.getColumnCount(); i++) {
        int type = shape.getColumnType(i);
        boolean integer = type == Types.INTEGER || type == Types.BIGINT || type == Types.SMALLINT;
        columns.add(new TableLayout.Column(shape.getColumnName(i).toLowerCase(java.util.Locale.ROOT), integer));
      }
    }
    Map<Integer, String> key = new TreeMap<>();
    try (ResultSet primary = meta.getPrimaryKeys(null, schema, table)) {
      while (primary.next()) {
        key.put(primary.getInt("KEY_SEQ"), primary.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    Map<String, TableLayout.Column> byName = new LinkedHashMap<>();
    for (TableLayout.Column column : columns) byName.put(column.name(), column);
    List<TableLayout.Column> orderBy = key.isEmpty()
        ? columns
        : key.values().stream().map(byName::get).toList();
    if (orderBy.contains(null)) throw new SQLException("the primary key of " + table + " names an unknown column");
    return new TableLayout(table, columns, orderBy);
  }

  /** The connection as a data source whose connections ignore close and refuse to end the transaction. */
  static DataSource unclosable(Connection snapshot) {
    Connection guarded = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "close" -> {
              return null;
            }
            case "commit", "rollback", "setAutoCommit", "setReadOnly", "setTransactionIsolation" ->
                throw new SQLException("a snapshot is read-only: " + method.getName() + " is not allowed");
            default -> {
              try {
                return method.invoke(snapshot, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }
          }
        });
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getConnection" -> guarded;
          case "unwrap" -> throw new SQLException("not a wrapper");
          case "isWrapperFor" -> false;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "snapshot";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
