package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor deploy}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = "Record deployments and their outcomes, for the DORA metrics (governor dora).",
    subcommands = {DeployRecordCommand.class, DeployOutcomeCommand.class})
final class DeployCommand {}
