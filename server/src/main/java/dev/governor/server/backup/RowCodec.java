package dev.governor.server.backup;

import dev.governor.storage.jdbc.TableLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a table as one line of a backup: tab-separated values, {@code \N} for null, and in
 * text a backslash, tab, newline and carriage return escaped as PostgreSQL's COPY escapes them. A
 * line holds no raw tab or newline but its separators, so a backup reads line by line, and the
 * same rows always give the same bytes, which is what the checksums compare.
 */
final class RowCodec {

  private static final String NULL = "\\N";

  private RowCodec() {}

  /** The first line of a table: each column as {@code name:int} or {@code name:text}. */
  static String header(TableLayout table) {
    List<String> columns = new ArrayList<>();
    for (TableLayout.Column column : table.columns()) columns.add(column.name() + (column.integer() ? ":int" : ":text"));
    return String.join("\t", columns);
  }

  /**
   * The columns a header line names.
   *
   * @throws IllegalArgumentException when the line is not a header
   */
  static List<TableLayout.Column> columns(String header) {
    List<TableLayout.Column> columns = new ArrayList<>();
    for (String field : header.split("\t", -1)) {
      int colon = field.lastIndexOf(':');
      String type = colon < 0 ? "" : field.substring(colon + 1);
      if (!type.equals("int") && !type.equals("text")) {
        throw new IllegalArgumentException("a column of the header is not name:int or name:text: "
            + field.substring(0, Math.min(field.length(), 100)));
      }
      columns.add(new TableLayout.Column(field.substring(0, colon), type.equals("int")));
    }
    return columns;
  }

  static String encode(TableLayout table, Object[] values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) line.append('\t');
      Object value = values[i];
      if (value == null) {
        line.append(NULL);
      } else if (table.columns().get(i).integer()) {
        line.append((long) (Long) value);
      } else {
        escape((String) value, line);
      }
    }
    return line.toString();
  }

  /**
   * The values of a line.
   *
   * @throws IllegalArgumentException when the line does not fit the table's columns
   */
  static Object[] decode(TableLayout table, String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != table.columns().size()) {
      throw new IllegalArgumentException("a row of " + table.name() + " has " + fields.length + " values, the table "
          + table.columns().size() + " columns");
    }
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String field = fields[i];
      if (field.equals(NULL)) {
        values[i] = null;
      } else if (table.columns().get(i).integer()) {
        try {
          values[i] = Long.parseLong(field);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("column " + table.columns().get(i).name() + " of " + table.name()
              + " holds integers, got '" + field.substring(0, Math.min(field.length(), 40)) + "'");
        }
      } else {
        values[i] = unescape(field, table);
      }
    }
    return values;
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  private static String unescape(String field, TableLayout table) {
    if (field.indexOf('\\') < 0) return field;
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == field.length()) throw new IllegalArgumentException("a value of " + table.name() + " ends in a lone \\");
      out.append(switch (field.charAt(i)) {
        case '\\' -> '\\';
        case 't' -> '\t';
        case 'n' -> '\n';
        case 'r' -> '\r';
        default -> throw new IllegalArgumentException("a value of " + table.name() + " has an unknown escape \\"
            + field.charAt(i));
      });
    }
    return out.toString();
  }
}
