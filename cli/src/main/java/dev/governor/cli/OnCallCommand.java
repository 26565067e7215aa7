package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor oncall}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "oncall",
    mixinStandardHelpOptions = true,
    description = "Apply users, schedules and escalation policies, and ask who is on call.",
    subcommands = {
        OnCallApplyCommand.class,
        OnCallNowCommand.class
    })
final class OnCallCommand {}
