package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor dr}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "dr",
    mixinStandardHelpOptions = true,
    description = "Disaster recovery: prove that the backups restore.",
    subcommands = {DrDrillCommand.class})
final class DrCommand {}
