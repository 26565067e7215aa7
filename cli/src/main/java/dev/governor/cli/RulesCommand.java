package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor rules}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Export SLOs as rules for other systems to alert on.",
    subcommands = {RulesPrometheusCommand.class})
final class RulesCommand {}
