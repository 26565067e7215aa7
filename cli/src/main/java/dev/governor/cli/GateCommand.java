package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor gate}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = "Ask whether a deploy may go out, judged on the error budget and the policies.",
    subcommands = {GateCheckCommand.class})
final class GateCommand {}
