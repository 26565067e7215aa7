package dev.governor.cli;

import dev.governor.server.backup.BackupArchive;
import dev.governor.server.backup.BackupManifest;
import dev.governor.server.config.ServerConfig;
import dev.governor.storage.jdbc.DatabaseRestore;
import dev.governor.storage.jdbc.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code governor backup restore FILE}: loads a backup into the database {@code governor serve}
 * would open with the same config and flags, all or nothing.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {
        "Restore a backup into the database that `governor serve` opens with the same --config, --data-dir",
        "and --db (by default ./data). Stop the server first. The backup is verified first; the restore is",
        "all or nothing. SQLite: the previous governor.db is kept beside it as governor.db.before-restore-<time>.",
        "PostgreSQL: the target must hold no Governor data (restore into a new, empty database).",
        "A backup from an older Governor is migrated; one from a newer Governor is refused (exit 1)."
    })
final class BackupRestoreCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The backup file (governor-backup-*.zip).")
  Path file;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The server's YAML config file (default: env GOVERNOR_CONFIG; built-in defaults without one).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the SQLite database (storage.dataDir, default ./data).")
  Path dataDir;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = "A PostgreSQL JDBC URL to restore into instead (storage.jdbcUrl).")
  String jdbcUrl;

  @Override
  public Integer call() {
    GovernorCommand root = (GovernorCommand) spec.root().userObject();
    ServerConfig target = target(root.env());
    BackupManifest manifest;
    DatabaseRestore.Source source;
    try {
      manifest = BackupArchive.verify(file);
      source = BackupArchive.source(file);
    } catch (BackupArchive.Invalid e) {
      return refused(e.getMessage());
    }
    String where = target.jdbcUrl().map(ServerConfig::redactJdbcUrl)
        .orElse(target.dataDir().resolve("governor.db").toAbsolutePath().toString());
    DatabaseRestore.Outcome outcome;
    try {
      outcome = target.jdbcUrl()
          .map(url -> DatabaseRestore.restore(url, source, Instant.now()))
          .orElseGet(() -> DatabaseRestore.restoreSqlite(target.dataDir(), source, Instant.now()));
    } catch (DatabaseRestore.Refused | BackupArchive.Invalid e) {
      return refused(e.getMessage() + " (nothing was changed)");
    } catch (StorageException e) {
      throw new CliFailure("the restore failed and changed nothing: " + e.getMessage(), e);
    }
    var out = spec.commandLine().getOut();
    out.println("restored " + outcome.rows() + " rows of " + file.getFileName() + " (taken at " + manifest.takenAt()
        + ", schema " + manifest.schemaVersion() + ") into " + where);
    outcome.previous().ifPresent(p -> out.println("the database it replaced is kept at " + p));
    out.println("start the server on it: governor serve" + (config != null ? " --config " + config : "")
        + (dataDir != null ? " --data-dir " + dataDir : "") + (jdbcUrl != null ? " --db '...'" : ""));
    out.flush();
    return GovernorCommand.OK;
  }

  private int refused(String message) {
    spec.commandLine().getErr().println("governor: " + message);
    spec.commandLine().getErr().flush();
    return GovernorCommand.NO;
  }

  private ServerConfig target(Map<String, String> env) {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (dataDir != null) overrides.put("storage.dataDir", dataDir.toAbsolutePath().toString());
    if (jdbcUrl != null) overrides.put("storage.jdbcUrl", jdbcUrl);
    return ServeCommand.load(config, env, overrides);
  }
}
