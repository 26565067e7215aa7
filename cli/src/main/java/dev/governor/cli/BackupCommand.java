package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor backup}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
        "Take online backups on a running server, list them, verify a backup file and restore one.",
        "create and list talk to the server; verify and restore work on files, with the server stopped."
    },
    subcommands = {
        BackupCreateCommand.class,
        BackupListCommand.class,
        BackupVerifyCommand.class,
        BackupRestoreCommand.class
    })
final class BackupCommand {}
