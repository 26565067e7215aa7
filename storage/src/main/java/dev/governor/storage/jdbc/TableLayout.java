package dev.governor.storage.jdbc;

import java.util.List;

/**
 * One table of Governor's schema as a backup sees it: its columns in the order they are stored and
 * read, and the columns its rows are ordered by (the primary key).
 *
 * @param name the table, in lower case
 * @param columns every column; each holds integers or text, which is all the schema uses
 * @param orderBy the primary key's columns, in key order; every column when there is no key
 */
public record TableLayout(String name, List<Column> columns, List<Column> orderBy) {

  /** A column and whether it holds integers (else text). */
  public record Column(String name, boolean integer) {
    public Column {
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("a column name is lower-case letters, digits and _, got '"
            + name.substring(0, Math.min(name.length(), 100)) + "'");
      }
    }
  }

  public TableLayout {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      // Names go into SQL as they are, so they are held to what the schema's own names look like.
      throw new IllegalArgumentException("a table name is lower-case letters, digits and _, got '"
          + name.substring(0, Math.min(name.length(), 100)) + "'");
    }
    if (columns.isEmpty()) throw new IllegalArgumentException("table " + name + " has no columns");
    columns = List.copyOf(columns);
    orderBy = List.copyOf(orderBy);
    if (!columns.containsAll(orderBy)) {
      throw new IllegalArgumentException("table " + name + " is ordered by a column it does not have: " + orderBy);
    }
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
