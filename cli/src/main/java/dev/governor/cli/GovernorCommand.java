package dev.governor.cli;

import dev.governor.storage.jdbc.StorageException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code governor} command. Exit codes follow DESIGN.md: 0 when the command did its job, 1 when
 * the answer is "no" (a document is invalid, the server refused the input), 2 when there is no
 * answer at all (bad usage, an unreachable server, a server error). Scripts in CI can therefore
 * tell "my SLO is wrong" from "Governor is down".
 */
@Command(
    name = "governor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "SLOs, error budgets and burn-rate alerts: ship fast, stay inside your SLOs.",
    subcommands = {
        ServeCommand.class,
        DemoCommand.class,
        SloCommand.class,
        EventsCommand.class,
        AlertsCommand.class,
        RulesCommand.class,
        GateCommand.class,
        PolicyCommand.class,
        DeployCommand.class,
        DoraCommand.class,
        ReportCommand.class,
        OnCallCommand.class,
        IncidentCommand.class,
        BackupCommand.class,
        DrCommand.class,
        CapacityCommand.class,
        ProbeCommand.class,
        AdjustmentCommand.class,
        CompositeCommand.class,
        StatusPageCommand.class,
        UserCommand.class,
        TokenCommand.class,
        TeamCommand.class,
        ApplyCommand.class,
        ExportCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {
        "",
        "Exit codes: 0 ok, 1 the answer is no (invalid input, refused by the server),",
        "2 usage error or no answer (server unreachable or failing).",
        "Environment: GOVERNOR_SERVER (default http://127.0.0.1:8080), GOVERNOR_TOKEN."
    })
public final class GovernorCommand {

  static final int OK = 0;
  static final int NO = 1;
  static final int NO_ANSWER = 2;

  private final Map<String, String> env;
  private final InputStream stdin;

  public GovernorCommand() {
    this(System.getenv(), System.in);
  }

  /** Tests pass their own environment: the JVM's cannot be changed from inside. */
  GovernorCommand(Map<String, String> env, InputStream stdin) {
    this.env = Map.copyOf(env);
    this.stdin = Objects.requireNonNull(stdin);
  }

  Map<String, String> env() {
    return env;
  }

  InputStream stdin() {
    return stdin;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new GovernorCommand()).execute(args));
  }

  /** The configured command line; tests call this and set their own out and err writers. */
  static CommandLine commandLine(GovernorCommand root) {
    CommandLine cl = new CommandLine(root);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli already exits 2 on bad usage; stated here because scripts depend on it.
    cl.getCommandSpec().exitCodeOnInvalidInput(NO_ANSWER);
    cl.setExecutionExceptionHandler(GovernorCommand::handle);
    return cl;
  }

  /** Failures that are not the command's answer: no server, a server bug, a file we cannot read. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    switch (e) {
      case CliFailure f -> err.println("governor: " + f.getMessage());
      // The database went away while a command ran the server (serve, demo): an outage, not a bug.
      case StorageException s -> err.println("governor: the database failed: " + s.getMessage()
          + (s.getCause() == null ? "" : " (" + s.getCause().getMessage() + ")"));
      case CommandLine.ParameterException p -> {
        err.println("governor: " + p.getMessage());
        p.getCommandLine().usage(err);
      }
      default -> {
        err.println("governor: unexpected error, please report it: " + e);
        e.printStackTrace(err);
      }
    }
    err.flush();
    return NO_ANSWER;
  }
}
