package dev.governor.server.config;

import dev.governor.incident.IncidentSettings;
import dev.governor.slo.EvaluatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server needs to start, read from one YAML file ({@code config/governor.yaml}),
 * environment variables and command-line flags.
 *
 * @param bind the address to listen on; 127.0.0.1 keeps a fresh install off the network
 * @param port the TCP port; 0 picks a free one (see {@code GovernorServer.port()})
 * @param maxRequestBytes request bodies above this are refused with 413
 * @param dataDir where the embedded SQLite database lives
 * @param jdbcUrl a JDBC URL (PostgreSQL) to use instead of SQLite in {@code dataDir}
 * @param authTokens bearer tokens that may write; empty leaves the API open
 * @param maxFutureSkew how far ahead of the server's clock an event may be stamped
 * @param retentionMargin history kept beyond the longest SLO window
 * @param minEventsToPage the low-traffic guard of burn-rate alerts
 * @param tickInterval how often the evaluator advances its windows and evaluates alerts
 * @param githubWebhookSecret the secret GitHub signs webhook deliveries with; empty refuses them
 * @param gitlabWebhookToken the token GitLab sends with webhook deliveries; empty refuses them
 * @param rollbackHook where a failed release verification asks for a rollback
 * @param incidents how alerts group into incidents, wait, resolve and reopen
 */
public record ServerConfig(
    String bind,
    int port,
    long maxRequestBytes,
    Path dataDir,
    Optional<String> jdbcUrl,
    List<String> authTokens,
    Duration maxFutureSkew,
    Duration retentionMargin,
    long minEventsToPage,
    Duration tickInterval,
    String githubWebhookSecret,
    String gitlabWebhookToken,
    RollbackHook rollbackHook,
    IncidentSettings incidents) {

  /**
   * Where a failed release verification asks for a rollback.
   *
   * @param url empty: no hook, a failed verification is only recorded
   * @param secret the HMAC-SHA256 key of {@code X-Governor-Signature}; empty sends unsigned calls
   * @param initialBackoff the wait after the first failed attempt; it doubles per attempt, up to an hour
   */
  public record RollbackHook(Optional<java.net.URI> url, String secret, Duration initialBackoff) {
    public static final RollbackHook NONE = new RollbackHook(Optional.empty(), "", Duration.ofSeconds(10));

    @Override
    public String toString() {
      return "RollbackHook[url=" + url.map(Object::toString).orElse("(none)") + ", secret="
          + (secret.isEmpty() ? "(none)" : "***") + ", initialBackoff=" + initialBackoff + "]";
    }
  }

  public ServerConfig {
    authTokens = List.copyOf(authTokens);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must lie in 0..65535, got " + port);
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
    }
    if (!tickInterval.isPositive()) {
      throw new IllegalArgumentException("tickInterval must be positive, got " + tickInterval);
    }
    // The evaluator checks its own knobs; constructing them here fails at load, not at start.
    new EvaluatorSettings(maxFutureSkew, retentionMargin, minEventsToPage);
  }

  /**
   * Reads the configuration. Precedence, highest first: {@code overrides} (the CLI's flags, keyed
   * by config key such as {@code server.port}), the file, the environment variables that the
   * file's {@code ${NAME:default}} placeholders name, then the built-in defaults (which honour the
   * same environment variables, so a deployment without a file is configured by environment alone).
   *
   * @throws ConfigException naming the key and where its bad value came from
   */
  public static ServerConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    return ConfigLoader.load(file, env, overrides);
  }

  /** The built-in defaults, ignoring the process environment. */
  public static ServerConfig defaults() {
    return load(Optional.empty(), Map.of(), Map.of());
  }

  public boolean authEnabled() {
    return !authTokens.isEmpty();
  }

  public EvaluatorSettings evaluatorSettings() {
    return new EvaluatorSettings(maxFutureSkew, retentionMargin, minEventsToPage);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(bind, newPort, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, incidents);
  }

  public ServerConfig withDataDir(Path newDataDir) {
    return new ServerConfig(bind, port, maxRequestBytes, newDataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, incidents);
  }

  public ServerConfig withWebhookSecrets(String github, String gitlab) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, github, gitlab, rollbackHook, incidents);
  }

  public ServerConfig withAuthTokens(List<String> tokens) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, tokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, incidents);
  }

  /** Tokens are secrets: keep them out of logs and error reports. */
  @Override
  public String toString() {
    return "ServerConfig[bind=" + bind + ", port=" + port + ", maxRequestBytes=" + maxRequestBytes
        + ", dataDir=" + dataDir + ", jdbcUrl=" + jdbcUrl.map(ServerConfig::redactUrl).orElse("(SQLite)")
        + ", authTokens=" + authTokens.size() + " configured, maxFutureSkew=" + maxFutureSkew
        + ", retentionMargin=" + retentionMargin + ", minEventsToPage=" + minEventsToPage
        + ", tickInterval=" + tickInterval
        + ", githubWebhookSecret=" + (githubWebhookSecret.isEmpty() ? "(none)" : "***")
        + ", gitlabWebhookToken=" + (gitlabWebhookToken.isEmpty() ? "(none)" : "***")
        + ", rollbackHook=" + rollbackHook + ", incidents=" + incidents + "]";
  }

  /**
   * {@code url} fit for a message a person reads: the values of password parameters
   * ({@code password=}, {@code sslpassword=}) and of a password in user info
   * ({@code //user:secret@host}) become {@code ***}; host, database and user stay, because they are
   * what the person has to check.
   */
  public static String redactJdbcUrl(String url) {
    return url
        .replaceAll("(?i)([?&;][^=&;?]*password=)[^&;]*", "$1***")
        .replaceAll("//([^/@:?]*):[^/@?]*@", "//$1:***@");
  }

  private static String redactUrl(String url) {
    // JDBC URLs may carry password=...; everything after '?' is dropped rather than parsed.
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }
}
