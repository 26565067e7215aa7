package dev.governor.cli;

import dev.governor.server.backup.BackupArchive;
import dev.governor.server.backup.BackupManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code governor backup verify FILE}: reads a backup whole and checks it against its manifest. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
        "Check a backup file: every table against the row count and SHA-256 in its manifest, and that",
        "this Governor can restore it. Needs no server. Exits 1 when the file is damaged, edited,",
        "truncated or from a newer Governor, and says which."
    })
final class BackupVerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The backup file (governor-backup-*.zip).")
  Path file;

  @Override
  public Integer call() {
    try {
      BackupManifest manifest = BackupArchive.verify(file);
      spec.commandLine().getOut().println(file + ": good. Taken at " + manifest.takenAt() + " by Governor "
          + manifest.governorVersion() + " from " + manifest.database() + ", schema " + manifest.schemaVersion()
          + "; " + manifest.rows() + " rows in " + manifest.tables().size() + " tables, every checksum matches.");
      spec.commandLine().getOut().flush();
      return GovernorCommand.OK;
    } catch (BackupArchive.Invalid e) {
      spec.commandLine().getErr().println("governor: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return GovernorCommand.NO;
    }
  }
}
