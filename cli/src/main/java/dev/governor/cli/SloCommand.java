package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor slo}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "slo",
    mixinStandardHelpOptions = true,
    description = "Validate, apply, list, delete SLO specs (OpenSLO v1 YAML) and read their status.",
    subcommands = {
        SloValidateCommand.class,
        SloApplyCommand.class,
        SloStatusCommand.class,
        SloListCommand.class,
        SloDeleteCommand.class
    })
final class SloCommand {}
