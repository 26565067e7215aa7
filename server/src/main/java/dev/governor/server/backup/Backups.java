package dev.governor.server.backup;

import dev.governor.basics.SloName;
import dev.governor.server.oncall.StoredOnCall;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.slo.Catalog;
import dev.governor.slo.History;
import dev.governor.storage.jdbc.Database;
import dev.governor.storage.jdbc.DatabaseSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backups in one folder: taking one while the server runs, listing them, and keeping only the
 * newest. A backup reads the whole database from one snapshot, so it is consistent however many
 * writes go on meanwhile, and it records what Governor said at that moment ({@link BackupState})
 * from the same snapshot.
 */
public final class Backups {

  /** Names sort by time: the newest is the last. */
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern NAME = Pattern.compile("governor-backup-\\d{8}T\\d{9}Z\\.zip");

  /** A backup in the folder, or a file with a backup's name that is not one (its problem says why). */
  public record Listed(String name, Path path, long bytes, Optional<BackupManifest> manifest, Optional<String> problem) {}

  /** A backup just written. */
  public record Taken(String name, Path path, long bytes, BackupManifest manifest) {}

  private final Database database;
  private final Path dir;
  private final InstantSource clock;
  private final Map<String, String> env;
  private final String governorVersion;

  /** {@code env} resolves the secrets on-call documents name, as the server's on-call does. */
  public Backups(Database database, Path dir, InstantSource clock, Map<String, String> env) {
    this.database = database;
    this.dir = dir;
    this.clock = clock;
    this.env = Map.copyOf(env);
    this.governorVersion = governorVersion();
  }

  public Path dir() {
    return dir;
  }

  /** Takes a backup now; one at a time, since two would only compete for the disk. */
  public synchronized Taken create() {
    try {
      Files.createDirectories(dir);
      removeLeftovers();
      return database.snapshot(snapshot -> {
        Instant takenAt = clock.instant();
        // Two backups in one millisecond (or under a clock that stands still) get names a
        // millisecond apart: a backup never replaces another, and names still sort by time.
        Instant named = takenAt;
        while (Files.exists(dir.resolve(nameAt(named)))) named = named.plusMillis(1);
        String name = nameAt(named);
        Path file = dir.resolve(name);
        BackupManifest manifest;
        try {
          manifest = BackupArchive.write(snapshot, stateOf(snapshot, takenAt), file, governorVersion, takenAt.toString());
          return new Taken(name, file, Files.size(file), manifest);
        } catch (IOException e) {
          throw new UncheckedIOException("could not write the backup " + file + ": " + e.getMessage(), e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the backup folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String nameAt(Instant at) {
    return "governor-backup-" + NAME_TIME.format(at) + ".zip";
  }

  private BackupState stateOf(DatabaseSnapshot snapshot, Instant at) throws SQLException {
    Database stores = snapshot.stores();
    Catalog catalog = SpecCatalog.resolveStored(stores.resources());
    History history = new History(stores.buckets(), stores.alerts(), () -> catalog);
    return BackupState.read(at, catalog, (SloName name) -> history.statusAt(name, at), stores.incidents(),
        stores.deployments(), new StoredOnCall(stores.onCall(), env).snapshot());
  }

  /** A backup process killed half way leaves a {@code .partial} file; it is of no use. */
  private void removeLeftovers() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".zip.partial") && NAME.matcher(name.substring(0, name.length() - ".partial".length())).matches()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** The backups in the folder, newest first; reads each one's manifest, not its tables. */
  public List<Listed> list() {
    if (!Files.isDirectory(dir)) return List.of();
    List<Listed> listed = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList()) {
        String name = file.getFileName().toString();
        if (!NAME.matcher(name).matches()) continue;
        long bytes = Files.size(file);
        try {
          listed.add(new Listed(name, file, bytes, Optional.of(BackupArchive.manifest(file)), Optional.empty()));
        } catch (BackupArchive.Invalid e) {
          listed.add(new Listed(name, file, bytes, Optional.empty(), Optional.of(e.getMessage())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the backups in " + dir + ": " + e.getMessage(), e);
    }
    return listed;
  }

  /** The backup of that name in the folder; empty when there is none or the name is not a backup's. */
  public Optional<Path> find(String name) {
    if (!NAME.matcher(name).matches()) return Optional.empty();
    Path file = dir.resolve(name);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** The newest backup whose manifest reads. */
  public Optional<Path> newest() {
    return list().stream().filter(l -> l.manifest().isPresent()).map(Listed::path).findFirst();
  }

  /** Deletes all but the {@code keep} newest backups; returns the names deleted. */
  public synchronized List<String> keepNewest(int keep) {
    List<String> deleted = new ArrayList<>();
    List<Listed> listed = list();
    for (Listed old : listed.subList(Math.min(keep, listed.size()), listed.size())) {
      try {
        Files.deleteIfExists(old.path());
        deleted.add(old.name());
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete the old backup " + old.path() + ": " + e.getMessage(), e);
      }
    }
    return deleted;
  }

  /** The version in the jar's manifest; "dev" when run from classes, as in tests. */
  static String governorVersion() {
    String version = Backups.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
