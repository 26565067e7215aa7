package dev.governor.server.backup;

import java.time.Instant;
import java.util.List;

/**
 * What a backup holds, written into it as {@code manifest.json}: enough to check it whole and to
 * know whether this Governor can restore it.
 *
 * @param format {@value #FORMAT}; another value is refused
 * @param governorVersion the version of the Governor that took it
 * @param schemaVersion the database schema version its rows were read at
 * @param database the database it was read from, "sqlite" or "postgresql" (a restore may go to either)
 * @param takenAt when the snapshot was read, RFC 3339
 * @param tables each table's file: its columns, row count and SHA-256 of its bytes
 * @param state what Governor said at {@code takenAt}, for a drill to compare with
 */
public record BackupManifest(String format, String governorVersion, int schemaVersion, String database,
    String takenAt, List<TableEntry> tables, BackupState state) {

  public static final String FORMAT = "governor-backup/1";

  /** One table of the backup: {@code tables/<name>.tsv} in the archive. */
  public record TableEntry(String name, List<String> columns, long rows, String sha256) {
    public TableEntry {
      columns = List.copyOf(columns);
    }
  }

  public BackupManifest {
    tables = List.copyOf(tables);
  }

  public Instant takenAtInstant() {
    return Instant.parse(takenAt);
  }

  /** The rows of every table together. */
  public long rows() {
    return tables.stream().mapToLong(TableEntry::rows).sum();
  }
}
