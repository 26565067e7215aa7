package dev.governor.server.backup;

import dev.governor.server.http.Json;
import dev.governor.storage.jdbc.Database;
import dev.governor.storage.jdbc.DatabaseRestore;
import dev.governor.storage.jdbc.DatabaseSnapshot;
import dev.governor.storage.jdbc.TableLayout;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JacksonException;

/**
 * A backup on disk: one zip file with {@code tables/<table>.tsv} for each table (a header line, then
 * one line per row, see {@link RowCodec}) and {@code manifest.json} ({@link BackupManifest}) with
 * each table's row count and SHA-256. A zip because every platform opens one, and because a
 * truncated file fails to open instead of reading as a shorter backup.
 *
 * <p>The checksums catch a damaged or edited file, not a forger: anyone who can write the file can
 * write a matching manifest too. Keep backups where only operators can write.
 */
public final class BackupArchive {

  static final String MANIFEST = "manifest.json";

  private BackupArchive() {}

  /** Why a file is not a backup this Governor can use; the message says what is wrong with it. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message);
    }

    Invalid(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Writes every table of {@code snapshot} and {@code state} to {@code file}, through a
   * {@code .partial} file that is made durable and then renamed, so a process killed half way
   * leaves no file that looks like a backup.
   */
  static BackupManifest write(DatabaseSnapshot snapshot, BackupState state, Path file, String governorVersion,
      String takenAt) throws IOException, SQLException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    List<BackupManifest.TableEntry> entries = new ArrayList<>();
    try {
      BackupManifest manifest;
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial), StandardCharsets.UTF_8)) {
        zip.setLevel(6);
        for (TableLayout table : snapshot.tables()) {
          zip.putNextEntry(new ZipEntry("tables/" + table.name() + ".tsv"));
          entries.add(writeTable(snapshot, table, zip));
          zip.closeEntry();
        }
        manifest = new BackupManifest(BackupManifest.FORMAT, governorVersion, snapshot.schemaVersion(),
            snapshot.dialect(), takenAt, entries, state);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
      }
      // The file's bytes first, then its name: a crash after the rename finds the whole file.
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
      return manifest;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Writes {@code table}'s header and rows to {@code out} (left open) and says what it wrote: the
   * manifest's entry, whose checksum a drill compares with a restored table's.
   */
  static BackupManifest.TableEntry writeTable(DatabaseSnapshot snapshot, TableLayout table, OutputStream out)
      throws IOException, SQLException {
    MessageDigest sha256 = sha256();
    Writer writer = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(out, sha256),
        StandardCharsets.UTF_8), 1 << 16);
    writer.write(RowCodec.header(table));
    writer.write('\n');
    long[] rows = {0};
    try {
      snapshot.rows(table, values -> {
        try {
          writer.write(RowCodec.encode(table, values));
          writer.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        rows[0]++;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    writer.flush();
    return new BackupManifest.TableEntry(table.name(), List.of(RowCodec.header(table).split("\t")), rows[0],
        HexFormat.of().formatHex(sha256.digest()));
  }

  /**
   * Reads the manifest without checking the tables: cheap, for listing.
   *
   * @throws Invalid when the file is not a backup or its manifest is unreadable
   */
  public static BackupManifest manifest(Path file) {
    try (ZipFile zip = open(file)) {
      return manifest(zip, file);
    } catch (IOException e) {
      throw new Invalid(file + " could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads every table of the backup and checks its rows, row count and SHA-256 against the
   * manifest, and that this Governor knows its format and schema.
   *
   * @throws Invalid naming the first problem: truncated, damaged, edited, or from a newer Governor
   */
  public static BackupManifest verify(Path file) {
    try (ZipFile zip = open(file)) {
      BackupManifest manifest = manifest(zip, file);
      for (BackupManifest.TableEntry entry : manifest.tables()) {
        TableLayout table = layout(entry);
        readTable(zip, file, entry, table, values -> {});
      }
      return manifest;
    } catch (IOException e) {
      throw new Invalid(file + " could not be read: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new IllegalStateException("a sink that does nothing failed", e);
    }
  }

  /**
   * The backup's rows for {@link DatabaseRestore}: each table is checked against the manifest as it
   * is read, so a file that changed since it was verified fails the restore's one transaction and
   * leaves the target as it was.
   */
  public static DatabaseRestore.Source source(Path file) {
    return source(file, verify(file));
  }

  /** As {@link #source(Path)}, for a file whose {@code manifest} was just verified. */
  static DatabaseRestore.Source source(Path file, BackupManifest manifest) {
    List<TableLayout> tables = manifest.tables().stream().map(BackupArchive::layout).toList();
    return new DatabaseRestore.Source() {
      @Override
      public int schemaVersion() {
        return manifest.schemaVersion();
      }

      @Override
      public List<TableLayout> tables() {
        return tables;
      }

      @Override
      public void rows(TableLayout table, DatabaseSnapshot.RowSink sink) throws IOException, SQLException {
        BackupManifest.TableEntry entry = manifest.tables().stream()
            .filter(t -> t.name().equals(table.name())).findFirst().orElseThrow();
        try (ZipFile zip = open(file)) {
          readTable(zip, file, entry, table, sink);
        }
      }
    };
  }

  private static ZipFile open(Path file) {
    if (!Files.isRegularFile(file)) throw new Invalid(file + " is not a file");
    try {
      return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (ZipException e) {
      throw new Invalid(file + " is not a complete backup (truncated or damaged: " + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new Invalid(file + " could not be read: " + e.getMessage(), e);
    }
  }

  private static BackupManifest manifest(ZipFile zip, Path file) throws IOException {
    ZipEntry entry = zip.getEntry(MANIFEST);
    if (entry == null) throw new Invalid(file + " has no " + MANIFEST + ": it is not a Governor backup");
    BackupManifest manifest;
    try (InputStream in = zip.getInputStream(entry)) {
      manifest = Json.MAPPER.readValue(in, BackupManifest.class);
    } catch (JacksonException | ZipException e) {
      throw new Invalid(file + " has a damaged " + MANIFEST + ": " + e.getMessage(), e);
    }
    if (!BackupManifest.FORMAT.equals(manifest.format())) {
      throw new Invalid(file + " is of format '" + manifest.format() + "', this Governor reads " + BackupManifest.FORMAT);
    }
    if (manifest.schemaVersion() > Database.SCHEMA_VERSION) {
      throw new Invalid(file + " is of schema version " + manifest.schemaVersion() + " (Governor "
          + manifest.governorVersion() + "), newer than this Governor's " + Database.SCHEMA_VERSION
          + ": restore it with that Governor or a newer one");
    }
    try {
      manifest.takenAtInstant();
      manifest.tables().forEach(BackupArchive::layout);
    } catch (RuntimeException e) {
      throw new Invalid(file + " has a damaged " + MANIFEST + ": " + e.getMessage(), e);
    }
    return manifest;
  }

  private static TableLayout layout(BackupManifest.TableEntry entry) {
    List<TableLayout.Column> columns = RowCodec.columns(String.join("\t", entry.columns()));
    return new TableLayout(entry.name(), columns, columns);
  }

  private static void readTable(ZipFile zip, Path file, BackupManifest.TableEntry entry, TableLayout table,
      DatabaseSnapshot.RowSink sink) throws IOException, SQLException {
    ZipEntry zipped = zip.getEntry("tables/" + entry.name() + ".tsv");
    if (zipped == null) throw new Invalid(file + " lacks the table " + entry.name() + " that its manifest lists");
    MessageDigest sha256 = sha256();
    long rows = 0;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new DigestInputStream(zip.getInputStream(zipped), sha256),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)), 1 << 16)) {
      String header = lines.readLine();
      if (!RowCodec.header(table).equals(header)) {
        throw new Invalid(file + ": the table " + entry.name() + " does not start with the header its manifest gives");
      }
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Object[] values;
        try {
          values = RowCodec.decode(table, line);
        } catch (IllegalArgumentException e) {
          throw new Invalid(file + ": line " + (rows + 2) + " of table " + entry.name() + " is damaged: " + e.getMessage(), e);
        }
        sink.row(values);
        rows++;
      }
    } catch (ZipException | CharacterCodingException | java.io.EOFException e) {
      throw new Invalid(file + ": the table " + entry.name() + " is damaged (" + e + ")", e);
    }
    String digest = HexFormat.of().formatHex(sha256.digest());
    if (rows != entry.rows() || !digest.equals(entry.sha256())) {
      throw new Invalid(file + ": the table " + entry.name() + " does not match its checksum (" + rows + " rows, the"
          + " manifest says " + entry.rows() + "): the file was damaged or edited after it was written");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
