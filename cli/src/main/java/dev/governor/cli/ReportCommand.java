package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor report}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Reports over calendar periods: SLO and SLA compliance (governor report slo).",
    subcommands = {ReportSloCommand.class})
final class ReportCommand {}
