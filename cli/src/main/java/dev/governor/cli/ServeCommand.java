package dev.governor.cli;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ConfigException;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code governor serve}: runs the server in this process until SIGTERM or ctrl-C. Each flag
 * overrides one key of the config file, which overrides the environment (see config/governor.yaml).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Run the Governor server until stopped (SIGTERM or ctrl-C).",
        "Flags override the config file, which overrides GOVERNOR_* environment variables."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The YAML config file (default: env GOVERNOR_CONFIG; built-in defaults without one).")
  Path config;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (server.bind, default 127.0.0.1).")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one (server.port, default 8080).")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the SQLite database (storage.dataDir, default ./data).")
  Path dataDir;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "A PostgreSQL JDBC URL to use instead of SQLite (storage.jdbcUrl).")
  String jdbcUrl;

  @Override
  public Integer call() throws InterruptedException {
    GovernorCommand root = (GovernorCommand) spec.root().userObject();
    ServerConfig serverConfig = load(root.env());
    GovernorServer server = start(serverConfig);
    spec.commandLine().getOut().println("Governor is listening on " + server.baseUri()
        + (serverConfig.authEnabled() ? " (writes need a token)" : " (open: no tokens configured)"));
    spec.commandLine().getOut().println("Stop it with ctrl-C or SIGTERM.");
    spec.commandLine().getOut().flush();
    ServerLifetime.runUntilShutdown(server, () -> {});
    return GovernorCommand.OK;
  }

  ServerConfig load(Map<String, String> env) {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (bind != null) overrides.put("server.bind", bind);
    if (port != null) overrides.put("server.port", port.toString());
    if (dataDir != null) overrides.put("storage.dataDir", dataDir.toAbsolutePath().toString());
    if (jdbcUrl != null) overrides.put("storage.jdbcUrl", jdbcUrl);
    Optional<Path> file = Optional.ofNullable(config)
        .or(() -> Optional.ofNullable(env.get("GOVERNOR_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
    file.ifPresent(f -> {
      if (!f.toFile().isFile()) {
        throw new CliFailure("no such config file: " + f.toAbsolutePath());
      }
    });
    try {
      return ServerConfig.load(file, env, overrides);
    } catch (ConfigException e) {
      throw new CliFailure("bad configuration: " + e.getMessage(), e);
    }
  }

  /** Starts the server, turning the usual failure (port in use) into a sentence. */
  static GovernorServer start(ServerConfig config) {
    try {
      return GovernorServer.start(config);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null) {
        if (cause instanceof java.net.BindException) {
          throw new CliFailure("cannot listen on " + config.bind() + ":" + config.port()
              + " (" + cause.getMessage() + "); is another Governor running? Pick another with --port", e);
        }
        cause = cause.getCause();
      }
      throw e;
    }
  }
}
