package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor events}: a group only. */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "Push SLI events to a Governor server.",
    subcommands = EventsSendCommand.class)
final class EventsCommand {}
