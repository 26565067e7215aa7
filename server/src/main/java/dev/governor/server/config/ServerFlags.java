package dev.governor.server.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The flags of the server process ({@code GovernorServer.main}): {@code [--config FILE] [--bind
 * HOST] [--port N] [--data-dir DIR] [--jdbc-url URL] [--tick-interval 10s] [--reports-retention 400d] [--replica-name NAME] [--advertise-url URL] [--lease-duration 6s]
 * [--insecure-open]}, each
 * an override of one configuration key. Tokens come from the config file or
 * {@code GOVERNOR_AUTH_TOKENS}, never from a flag: the command line of a process is visible to
 * every user of the machine ({@code ps}).
 */
public final class ServerFlags {

  private ServerFlags() {}

  /** The configuration the flags, the environment and the config file they name give. */
  public static ServerConfig load(String[] args, Map<String, String> env) {
    Optional<Path> file = Optional.empty();
    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--insecure-open")) {
        overrides.put("server.insecureOpen", "true");
        continue;
      }
      if (flag.equals("--token") || flag.startsWith("--token=")) {
        throw new ConfigException("--token is not accepted: a command line is visible to every user"
            + " of the machine (ps); put the tokens in auth.tokens of the config file or in"
            + " GOVERNOR_AUTH_TOKENS");
      }
      if (i + 1 >= args.length) throw new ConfigException("flag " + flag + " needs a value");
      String value = args[++i];
      switch (flag) {
        case "--config" -> file = Optional.of(Path.of(value));
        case "--bind" -> overrides.put("server.bind", value);
        case "--port" -> overrides.put("server.port", value);
        case "--data-dir" -> overrides.put("storage.dataDir", value);
        case "--jdbc-url" -> overrides.put("storage.jdbcUrl", value);
        case "--tick-interval" -> overrides.put("evaluation.tickInterval", value);
        case "--reports-retention" -> overrides.put("reports.retention", value);
        case "--replica-name" -> overrides.put("cluster.replicaName", value);
        case "--advertise-url" -> overrides.put("cluster.advertiseUrl", value);
        case "--lease-duration" -> overrides.put("cluster.leaseDuration", value);
        default -> throw new ConfigException("unknown flag " + flag);
      }
    }
    return ServerConfig.load(file, env, overrides);
  }
}
