package dev.governor.cli;

import dev.governor.server.GovernorServer;
import dev.governor.server.RunningServer;
import dev.governor.server.config.ConfigException;
import dev.governor.server.config.ServerConfig;
import dev.governor.storage.jdbc.Database;
import dev.governor.storage.jdbc.StorageException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** The value of a password parameter, or the password of user info ({@code //user:secret@}). */
  private static final Pattern PASSWORD = Pattern.compile("(?i)(?:password=|//[^/@:?]*:)([^&;@/?]*)");

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

  @Option(names = "--insecure-open",
      description = "Listen beyond 127.0.0.1 without tokens, open to anyone who reaches the server"
          + " (server.insecureOpen). Without it such a start is refused.")
  boolean insecureOpen;

  @Option(names = "--default-policy", paramLabel = "true|false",
      description = "Whether the deploy gate blocks a service no policy names while an SLO of it has spent its"
          + " whole error budget (gates.defaultPolicy.enabled, default true).")
  String defaultPolicy;

  @Option(names = "--default-policy-environments", paramLabel = "ENVS",
      description = "The environments the default policy gates, comma-separated"
          + " (gates.defaultPolicy.environments, default every environment).")
  String defaultPolicyEnvironments;

  @Option(names = "--reports-retention", paramLabel = "DURATION",
      description = "How long hourly SLI sums are kept for SLO reports (reports.retention, default 400d).")
  String reportsRetention;

  @Option(names = "--replica-name", paramLabel = "NAME",
      description = "What people call this replica of a cluster on PostgreSQL (cluster.replicaName, default host:port).")
  String replicaName;

  @Option(names = "--advertise-url", paramLabel = "URL",
      description = "Where the other replicas reach this one (cluster.advertiseUrl, default the address it listens on).")
  String advertiseUrl;

  @Option(names = "--lease-duration", paramLabel = "DURATION",
      description = "How long the leader's lease runs unrenewed, 2s to 1m (cluster.leaseDuration, default 6s).")
  String leaseDuration;

  @Override
  public Integer call() throws InterruptedException {
    GovernorCommand root = (GovernorCommand) spec.root().userObject();
    ServerConfig serverConfig = load(root.env());
    RunningServer server = start(serverConfig);
    spec.commandLine().getOut().println("Governor is listening on " + server.listening() + "; from this machine: "
        + server.baseUri()
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
    if (insecureOpen) overrides.put("server.insecureOpen", "true");
    if (defaultPolicy != null) overrides.put("gates.defaultPolicy.enabled", defaultPolicy);
    if (defaultPolicyEnvironments != null) overrides.put("gates.defaultPolicy.environments", defaultPolicyEnvironments);
    if (reportsRetention != null) overrides.put("reports.retention", reportsRetention);
    if (replicaName != null) overrides.put("cluster.replicaName", replicaName);
    if (advertiseUrl != null) overrides.put("cluster.advertiseUrl", advertiseUrl);
    if (leaseDuration != null) overrides.put("cluster.leaseDuration", leaseDuration);
    return load(config, env, overrides);
  }

  /**
   * The configuration {@code serve} runs with: {@code config} (or {@code GOVERNOR_CONFIG}), the
   * environment and {@code overrides} keyed by config key; {@code backup restore} finds its target
   * database the same way.
   */
  static ServerConfig load(Path config, Map<String, String> env, Map<String, String> overrides) {
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

  /**
   * Starts the server, turning the usual failures into a sentence: the port is in use, the
   * database cannot be reached or migrated (a {@link StorageException}, which wraps Flyway's and
   * the pool's failures, or a bare {@link SQLException}), the data directory cannot be created.
   */
  static RunningServer start(ServerConfig config) {
    return start(config, GovernorServer::run);
  }

  /** As {@link #start(ServerConfig)}, starting the server with {@code starter}: the demo's runs in this process alone. */
  static <S extends RunningServer> S start(ServerConfig config, java.util.function.Function<ServerConfig, S> starter) {
    try {
      return starter.apply(config);
    } catch (ConfigException e) {
      // A setting that only start-up can judge, such as an open server beyond loopback.
      throw new CliFailure(e.getMessage(), e);
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new CliFailure("cannot listen on " + config.bind() + ":" + config.port()
              + " (" + cause.getMessage() + "); is another Governor running? Pick another with --port", e);
        }
      }
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StorageException || cause instanceof SQLException) {
          throw databaseFailure(config, e);
        }
        if (cause instanceof UncheckedIOException && config.jdbcUrl().isEmpty()) {
          // An IOException's message is often just the path ("/data"); its type says what happened.
          Throwable root = cause;
          while (root.getCause() != null) root = root.getCause();
          throw new CliFailure("cannot use the data directory " + config.dataDir().toAbsolutePath()
              + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ");"
              + " pick another with --data-dir or GOVERNOR_DATA_DIR", e);
        }
      }
      throw e;
    }
  }

  private static CliFailure databaseFailure(ServerConfig config, RuntimeException e) {
    String url = config.jdbcUrl()
        .orElseGet(() -> "jdbc:sqlite:" + config.dataDir().resolve(Database.SQLITE_FILE).toAbsolutePath());
    String where = config.jdbcUrl().isPresent()
        ? "check --db or GOVERNOR_JDBC_URL (storage.jdbcUrl) and that the database is up"
        : "check --data-dir or GOVERNOR_DATA_DIR (storage.dataDir) and that no other process holds the file";
    // The driver's words usually say what is wrong (refused, authentication failed, locked). They
    // should not hold the password, but a message is no place to find out that one did.
    String reason = rootMessage(e);
    for (String secret : passwordsIn(url)) {
      reason = reason.replace(secret, "***");
    }
    return new CliFailure("cannot open the database " + ServerConfig.redactJdbcUrl(url)
        + " (" + reason + "); " + where, e);
  }

  private static List<String> passwordsIn(String url) {
    List<String> secrets = new ArrayList<>();
    Matcher m = PASSWORD.matcher(url);
    while (m.find()) {
      if (!m.group(1).isEmpty()) secrets.add(m.group(1));
    }
    return secrets;
  }

  /** The innermost message: the driver's "Connection refused" rather than our "could not migrate". */
  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) message = c.getMessage();
    }
    return message == null ? e.toString() : message.strip();
  }
}
