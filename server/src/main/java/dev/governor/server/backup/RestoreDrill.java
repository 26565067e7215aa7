package dev.governor.server.backup;

import dev.governor.server.oncall.StoredOnCall;
import dev.governor.server.slo.SpecCatalog;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.storage.jdbc.Database;
import dev.governor.storage.jdbc.DatabaseRestore;
import dev.governor.storage.jdbc.StorageException;
import dev.governor.storage.jdbc.TableLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Proves that a backup restores: it restores the backup into a scratch SQLite database, checks every
 * table against the backup's checksums, starts an engine on it at the backup's moment (the running
 * sums loaded from the rollups, as a restarted server loads them) and compares what that engine
 * says with what the backup recorded ({@link BackupState}). Nothing of the drill touches the live
 * database, and nothing it starts sends a page or calls a hook: only the evaluator runs.
 *
 * <p>It reports the RPO (how old the backup was when the drill began: what a restore now would
 * lose) and the RTO (restore plus loading the sums: how long until a server on it is ready).
 */
public final class RestoreDrill {

  /**
   * What a drill found.
   *
   * @param backup the backup's file name
   * @param takenAt when the backup was taken; empty when its manifest could not be read
   * @param startedAt when the drill began
   * @param rpo how old the backup was then
   * @param restore how long the restore took
   * @param load how long the engine took to load its sums
   * @param rto restore plus load
   * @param rows the rows restored
   * @param passed whether every check held
   * @param problems what did not hold, each a sentence
   */
  public record Report(String backup, java.util.Optional<Instant> takenAt, Instant startedAt, Duration rpo, Duration restore,
      Duration load, Duration rto, long rows, boolean passed, List<String> problems) {
    public Report {
      problems = List.copyOf(problems);
    }
  }

  private final EvaluatorSettings settings;
  private final InstantSource clock;
  private final Map<String, String> env;

  public RestoreDrill(EvaluatorSettings settings, InstantSource clock, Map<String, String> env) {
    this.settings = settings;
    this.clock = clock;
    this.env = Map.copyOf(env);
  }

  /** Drills {@code backup} in a scratch folder under {@code scratchParent}, which it removes again. */
  public Report run(Path backup, Path scratchParent) {
    Instant startedAt = clock.instant();
    String name = backup.getFileName().toString();
    BackupManifest manifest;
    try {
      manifest = BackupArchive.verify(backup);
    } catch (BackupArchive.Invalid e) {
      return failed(name, java.util.Optional.empty(), startedAt, e.getMessage());
    }
    Instant takenAt = manifest.takenAtInstant();
    Path scratch;
    try {
      Files.createDirectories(scratchParent);
      scratch = Files.createTempDirectory(scratchParent, "drill-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a scratch folder in " + scratchParent + ": " + e.getMessage(), e);
    }
    try {
      long began = System.nanoTime();
      DatabaseRestore.Outcome restored;
      try {
        restored = DatabaseRestore.restoreSqlite(scratch, BackupArchive.source(backup, manifest), startedAt);
      } catch (DatabaseRestore.Refused | BackupArchive.Invalid | StorageException e) {
        return failed(name, java.util.Optional.of(takenAt), startedAt, "the restore failed: " + e.getMessage());
      }
      Duration restore = Duration.ofNanos(System.nanoTime() - began);
      try (Database db = Database.sqlite(scratch)) {
        List<String> problems = new ArrayList<>(compareTables(db, manifest));
        long loading = System.nanoTime();
        Catalog catalog = SpecCatalog.resolveStored(db.resources());
        Evaluator engine = new Evaluator(db.buckets(), db.alerts(), InstantSource.fixed(takenAt), settings, db.instances());
        engine.load(catalog);
        Duration load = Duration.ofNanos(System.nanoTime() - loading);
        BackupState state = BackupState.read(takenAt, catalog, engine::status, db.incidents(), db.deployments(),
            new StoredOnCall(db.onCall(), env).snapshot());
        problems.addAll(manifest.state().differences(state));
        return new Report(name, java.util.Optional.of(takenAt), startedAt, Duration.between(takenAt, startedAt), restore, load,
            restore.plus(load), restored.rows(), problems.isEmpty(), problems);
      }
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * Each restored table read back as a backup writes it must give the backup's checksum. A backup
   * of an older schema was migrated on the way in, so its tables differ by design; its state is
   * still compared.
   */
  private static List<String> compareTables(Database db, BackupManifest manifest) {
    if (manifest.schemaVersion() != Database.SCHEMA_VERSION) return List.of();
    return db.snapshot(snapshot -> {
      List<String> problems = new ArrayList<>();
      for (BackupManifest.TableEntry expected : manifest.tables()) {
        TableLayout table = snapshot.tables().stream().filter(t -> t.name().equals(expected.name())).findFirst().orElse(null);
        if (table == null) {
          problems.add("table " + expected.name() + " is missing after the restore");
          continue;
        }
        BackupManifest.TableEntry actual;
        try {
          actual = BackupArchive.writeTable(snapshot, table, OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (!actual.equals(expected)) {
          problems.add("table " + expected.name() + " came back with " + actual.rows() + " rows and checksum "
              + actual.sha256() + "; the backup has " + expected.rows() + " rows and " + expected.sha256());
        }
      }
      return problems;
    });
  }

  private static Report failed(String backup, java.util.Optional<Instant> takenAt, Instant startedAt, String problem) {
    return new Report(backup, takenAt, startedAt, takenAt.map(t -> Duration.between(t, startedAt)).orElse(Duration.ZERO), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0,
        false, List.of(problem));
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover scratch folder costs disk, not correctness; the next drill makes its own.
    }
  }
}
