package dev.governor.cli;

import picocli.CommandLine.Command;

/** {@code governor policy}: a group only; run without a subcommand it prints usage and exits 2. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Apply and list error-budget policies (ErrorBudgetPolicy YAML), which the deploy gate judges by.",
    subcommands = {PolicyApplyCommand.class, PolicyListCommand.class})
final class PolicyCommand {}
