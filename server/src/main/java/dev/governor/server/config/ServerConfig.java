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
 * @param notifications how notifications are delivered: the SMTP server, timeouts and retries
 * @param noDataAfter how long an SLI that was sending may go quiet before its SLO fires a
 *     {@code nodata} ticket; zero turns no-data alerts off
 * @param integrations the senders of alerts (Alertmanager, PagerDuty Events v2) and their keys
 * @param incidents how alerts group into incidents, wait, resolve and reopen
 * @param response how incidents page people and call automations: the public URL in messages,
 *     the action webhooks, which incidents freeze deploys
 * @param insecureOpen whether the server may listen beyond loopback without tokens, open to anyone
 *     who reaches it
 * @param databaseConnectionTimeout how long a request waits for a PostgreSQL connection before it
 *     gets a 503: short, so that an outage answers quickly instead of piling requests up
 * @param defaultPolicy the deploy gate's policy for the services no policy names
 * @param backup where online backups go, how often they are taken and drilled, how many are kept
 * @param probes whether and how the server runs synthetic probes
 * @param status where the public status page is served and how often it is rebuilt
 * @param access sign-in: sessions, the throttle, single sign-on
 * @param reportsRetention how long the hourly sums of SLI counts are kept for SLO reports, beyond
 *     the minutes the evaluator keeps (its longest window plus the margin)
 * @param cluster how this server takes part in a cluster of replicas, when its database is PostgreSQL
 * @param kafka the Kafka intake, when a topic of events is to be consumed; empty: off
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
    Notifications notifications,
    Duration noDataAfter,
    List<Integration> integrations,
    IncidentSettings incidents,
    Response response,
    boolean insecureOpen,
    Duration databaseConnectionTimeout,
    DefaultPolicy defaultPolicy,
    Backup backup,
    Probes probes,
    Status status,
    Access access,
    Duration reportsRetention,
    Cluster cluster,
    Optional<Kafka> kafka) {

  /**
   * Events from a Kafka topic, in the events API's JSON, counted exactly once: the consumed offsets
   * are stored with the buckets they produced (see {@code KafkaIntake}).
   *
   * @param bootstrapServers host:port pairs of the cluster's brokers, comma-separated
   * @param topic the topic of event batches
   * @param groupId the consumer group the replicas consume as
   * @param deadLetterTopic where records that are not events go, with the reason in a header
   * @param clientProperties passed to the consumer and the producer as they are: TLS, SASL,
   *     timeouts, {@code auto.offset.reset}; a value may be a secret
   */
  public record Kafka(String bootstrapServers, String topic, String groupId, String deadLetterTopic,
      Map<String, String> clientProperties) {
    public Kafka {
      clientProperties = Map.copyOf(clientProperties);
    }

    /** Property values may hold passwords and JAAS configurations: only the names are shown. */
    @Override
    public String toString() {
      return "Kafka[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", groupId=" + groupId
          + ", deadLetterTopic=" + deadLetterTopic + ", clientProperties=" + new java.util.TreeSet<>(clientProperties.keySet()) + "]";
    }
  }

  /**
   * Replicas on one PostgreSQL database: how this one is named and reached, and how long the
   * leader's lease runs.
   *
   * @param replicaName what people call this replica; empty: its host and port
   * @param advertiseUrl where the other replicas reach this one; empty: the address it listens on
   *     (the host's name when it listens on every interface)
   * @param leaseDuration how long a leader's lease runs unrenewed: a leader that dies is replaced
   *     after about this long, and renews every sixth of it while it lives
   */
  public record Cluster(String replicaName, Optional<java.net.URI> advertiseUrl, Duration leaseDuration) {
    public Cluster {
      if (leaseDuration.compareTo(Duration.ofSeconds(2)) < 0 || leaseDuration.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("cluster.leaseDuration must be from 2s to 1m, got " + leaseDuration);
      }
    }

    public static Cluster defaults() {
      return new Cluster("", Optional.empty(), Duration.ofSeconds(6));
    }
  }

  /**
   * Sign-in and what a session may do.
   *
   * @param sessionIdle a session unused this long is signed out
   * @param sessionMaxAge a session this old is signed out, used or not
   * @param cookieSecure whether the session cookie is marked Secure: {@code auto} does when
   *     {@code server.publicUrl} is https or the request came over https
   * @param signInMaxFailures failed sign-ins, per account or per address, before more are refused
   * @param signInWindow the window those failures are counted in
   * @param autoSignIn an account a browser on loopback is signed in as without a password (the
   *     demo's); empty for none
   * @param linkValidity how long a one-click acknowledge link in a page works
   * @param publicMetrics whether /metrics answers without a token, for a Prometheus scrape
   * @param oidc single sign-on, when an issuer is configured
   */
  public record Access(Duration sessionIdle, Duration sessionMaxAge, String cookieSecure, int signInMaxFailures,
      Duration signInWindow, String autoSignIn, Duration linkValidity, boolean publicMetrics, Optional<Oidc> oidc) {
    public Access {
      if (!List.of("auto", "true", "false").contains(cookieSecure)) {
        throw new IllegalArgumentException("auth.cookieSecure must be auto, true or false, got '" + cookieSecure + "'");
      }
      if (sessionIdle.compareTo(Duration.ofMinutes(1)) < 0 || sessionMaxAge.compareTo(sessionIdle) < 0) {
        throw new IllegalArgumentException("auth.sessionIdle must be at least 1m and auth.sessionMaxAge at least"
            + " auth.sessionIdle, got " + sessionIdle + " and " + sessionMaxAge);
      }
      if (!autoSignIn.isEmpty() && !dev.governor.basics.Names.isValid(autoSignIn)) {
        throw new IllegalArgumentException("auth.autoSignIn must be empty or an account name, got '" + autoSignIn + "'");
      }
    }

    /** The defaults, without single sign-on. */
    public static Access defaults() {
      return new Access(Duration.ofHours(12), Duration.ofDays(7), "auto", 5, Duration.ofMinutes(15), "",
          Duration.ofHours(24), true, Optional.empty());
    }
  }

  /**
   * OpenID Connect single sign-on.
   *
   * @param redirectUrl where the provider sends the browser back; empty: server.publicUrl (or the
   *     listening address) + /auth/oidc/callback
   * @param adminGroups provider groups whose members are global admins
   * @param defaultRole the global role of every other account that signs in through the provider
   * @param label the sign-in button's text
   */
  public record Oidc(java.net.URI issuer, String clientId, String clientSecret, Optional<java.net.URI> redirectUrl,
      List<String> scopes, String usernameClaim, String groupsClaim, List<String> adminGroups,
      dev.governor.access.Role defaultRole, String label) {
    public Oidc {
      scopes = List.copyOf(scopes);
      adminGroups = List.copyOf(adminGroups);
      if (clientId.isBlank()) throw new IllegalArgumentException("auth.oidc.clientId is needed with auth.oidc.issuer");
      if (!scopes.contains("openid")) throw new IllegalArgumentException("auth.oidc.scopes must include openid, got " + scopes);
    }

    @Override
    public String toString() {
      return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=" + (clientSecret.isEmpty() ? "(none)" : "***")
          + ", scopes=" + scopes + ", adminGroups=" + adminGroups + ", defaultRole=" + defaultRole.label() + "]";
    }
  }

  /**
   * The public status page.
   *
   * @param path where it is served, such as /status
   * @param port 0: on the API's port; else a port of its own that serves only the status page
   * @param bind the address its own port listens on; empty: server.bind
   * @param refresh how often the page is rebuilt in the background (and right after each change)
   */
  public record Status(String path, int port, String bind, Duration refresh) {
    public Status {
      if (!path.matches("/|/[a-z0-9][a-z0-9/_-]*") || path.endsWith("/") && path.length() > 1 || path.startsWith("/api")
          || path.startsWith("/static")) {
        throw new IllegalArgumentException("status.path must be a path such as /status (lowercase letters, digits,"
            + " '/', '-', '_'; not under /api or /static), got '" + (path.length() > 60 ? path.substring(0, 60) : path) + "'");
      }
      if (path.equals("/") && port == 0) {
        throw new IllegalArgumentException("status.path may be / only on a port of its own (status.port): / is the"
            + " web UI's overview");
      }
      if (port < 0 || port > 65535) throw new IllegalArgumentException("status.port must be 0 to 65535, got " + port);
      if (refresh.compareTo(Duration.ofSeconds(5)) < 0) {
        throw new IllegalArgumentException("status.refresh must be at least 5s, got " + refresh);
      }
    }

    /** The base of the page's own links: empty when it is served at /. */
    public String base() {
      return path.equals("/") ? "" : path;
    }
  }

  /**
   * Synthetic probes.
   *
   * @param enabled whether this server runs the applied probes (a replica kept for reading may not)
   * @param concurrency how many probe runs may be under way at once; a hanging target holds one until its timeout
   * @param resultRetention how long the raw result of each run is kept (the daily counts are kept 400 days)
   */
  public record Probes(boolean enabled, int concurrency, Duration resultRetention) {
    public Probes {
      if (concurrency < 1 || concurrency > 10_000) {
        throw new IllegalArgumentException("probes.concurrency must be from 1 to 10000, got " + concurrency);
      }
      if (resultRetention.compareTo(Duration.ofDays(1)) < 0) {
        throw new IllegalArgumentException("probes.resultRetention must be at least 1d, got " + resultRetention);
      }
    }
  }

  /**
   * Online backups and restore drills.
   *
   * @param dir where backups are written; empty: {@code backups} in the data directory
   * @param schedule how often the server takes a backup; zero: only when asked
   * @param keep how many backups a scheduled one leaves, the newest
   * @param drillSchedule how often the server drills a restore of its newest backup; zero: only when asked
   */
  public record Backup(Optional<Path> dir, Duration schedule, int keep, Duration drillSchedule) {
    public Backup {
      if (keep < 1) throw new IllegalArgumentException("backup.keep must be at least 1, got " + keep);
      if (schedule.isNegative() || drillSchedule.isNegative()) {
        throw new IllegalArgumentException("backup schedules may not be negative");
      }
    }
  }

  /** Where backups go: {@code backup.dir}, or {@code backups} in the data directory. */
  public Path backupDir() {
    return backup.dir().orElse(dataDir.resolve("backups"));
  }

  /**
   * Incident response.
   *
   * @param publicUrl where people reach Governor, for the links in pages; empty: the listening address
   * @param actions webhooks told of incident events (runbook automation)
   * @param freezeDeploysFrom the least severity of an open incident that blocks the deploys of its
   *     services; empty: incidents freeze nothing
   */
  public record Response(Optional<java.net.URI> publicUrl, List<dev.governor.response.IncidentAction> actions,
      Optional<dev.governor.incident.AlertSeverity> freezeDeploysFrom, dev.governor.incident.AlertSeverity pageFrom) {
    public static final Response DEFAULT = new Response(Optional.empty(), List.of(),
        Optional.of(dev.governor.incident.AlertSeverity.CRITICAL), dev.governor.incident.AlertSeverity.ERROR);

    public Response {
      actions = List.copyOf(actions);
      if (actions.stream().map(dev.governor.response.IncidentAction::name).distinct().count() != actions.size()) {
        throw new IllegalArgumentException("two incident actions have the same name");
      }
    }

    /** Action URLs and secrets stay out of logs. */
    @Override
    public String toString() {
      return "Response[publicUrl=" + publicUrl.map(Object::toString).orElse("(listening address)") + ", actions="
          + actions.stream().map(dev.governor.response.IncidentAction::name).toList() + ", freezeDeploysFrom="
          + freezeDeploysFrom.map(dev.governor.incident.AlertSeverity::label).orElse("off")
          + ", pageFrom=" + pageFrom.label() + "]";
    }
  }

  /**
   * The deploy gate's default policy ({@code gates.defaultPolicy}): it blocks while an SLO of a
   * service that no policy names has spent its whole error budget; rollbacks, and hotfixes with a
   * reason, go through.
   *
   * @param enabled false: a service no policy names is never gated on its budget
   * @param environments the environments it gates; empty for every environment
   */
  public record DefaultPolicy(boolean enabled, java.util.Set<String> environments) {
    public DefaultPolicy {
      environments = java.util.Set.copyOf(environments);
    }

    /** The policy the gate judges by; empty when it is off. */
    public Optional<dev.governor.delivery.gate.ErrorBudgetPolicy> policy() {
      return enabled ? Optional.of(dev.governor.delivery.gate.ErrorBudgetPolicy.defaultPolicy(environments))
          : Optional.empty();
    }
  }

  /**
   * One sender of alerts: its name (which becomes the {@code integration} of its signals, so dedup
   * keys of different senders never collide), which API it speaks and the key it authenticates with.
   */
  public record Integration(String name, Kind kind, String key) {

    /** Which door the sender comes in by. */
    public enum Kind {
      /** {@code POST /api/v1/integrations/alertmanager}, key as bearer token or {@code ?token=}. */
      ALERTMANAGER,
      /** {@code POST /v2/enqueue}, key as {@code routing_key}. */
      PAGERDUTY;

      public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    /** "governor" names Governor's own alerts; a sender with that name would share their keys. */
    public static final String RESERVED_NAME = "governor";

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public Integration {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("an integration name is 1 to 63 lowercase letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit, got '" + name + "'");
      }
      if (name.equals(RESERVED_NAME)) {
        throw new IllegalArgumentException("the integration name 'governor' is taken by Governor's own alerts; choose another");
      }
      if (kind == null) throw new IllegalArgumentException("integration " + name + " needs a kind");
      if (key == null || key.isEmpty() || key.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == ',')) {
        // Never the key itself in the message: it ends up in logs.
        throw new IllegalArgumentException("the key of integration " + name
            + " must be non-empty, without whitespace, control characters or ','");
      }
    }

    /** Keys are secrets: keep them out of logs. */
    @Override
    public String toString() {
      return kind.label() + ":" + name + ":***";
    }
  }

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

  /**
   * How notifications (webhook, Slack, email) are delivered.
   *
   * @param smtp the mail server for email channels
   * @param connectTimeout how long connecting to a webhook or the SMTP server may take
   * @param timeout how long one delivery may take once connected, before it counts as failed
   * @param initialBackoff the wait after a first failed attempt; it doubles up to {@code maxBackoff}
   * @param giveUpAfter how long after its creation a notification is given up on, reported and kept
   */
  public record Notifications(Smtp smtp, Duration connectTimeout, Duration timeout, Duration initialBackoff,
      Duration maxBackoff, Duration giveUpAfter) {

    public Notifications {
      // Checked here so that a bad combination fails at load, not when the first notification fails.
      backoff(initialBackoff, maxBackoff, giveUpAfter);
    }

    public dev.governor.notify.Backoff backoff() {
      return backoff(initialBackoff, maxBackoff, giveUpAfter);
    }

    private static dev.governor.notify.Backoff backoff(Duration initial, Duration max, Duration giveUpAfter) {
      return new dev.governor.notify.Backoff(initial, max, giveUpAfter);
    }
  }

  /**
   * The SMTP server email notifications are sent through.
   *
   * @param host empty: no mail server, email channels are refused
   * @param from the sender, {@code governor@example.com} or {@code Governor <governor@example.com>}
   * @param username empty: no authentication
   * @param starttls whether the connection must be upgraded with STARTTLS before anything is sent
   */
  public record Smtp(String host, int port, String from, String username, String password, boolean starttls) {

    public boolean configured() {
      return !host.isEmpty();
    }

    @Override
    public String toString() {
      return "Smtp[host=" + (host.isEmpty() ? "(none)" : host) + ", port=" + port + ", from=" + from
          + ", username=" + (username.isEmpty() ? "(none)" : username) + ", password="
          + (password.isEmpty() ? "(none)" : "***") + ", starttls=" + starttls + "]";
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
    new EvaluatorSettings(maxFutureSkew, retentionMargin, minEventsToPage, noDataAfter);
    if (reportsRetention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("reports.retention must be at least 1d, got " + reportsRetention);
    }
    integrations = List.copyOf(integrations);
    // A key picks the integration of a delivery, so two integrations must never share one.
    if (integrations.stream().map(Integration::name).distinct().count() != integrations.size()) {
      throw new IllegalArgumentException("two integrations have the same name");
    }
    if (integrations.stream().map(Integration::key).distinct().count() != integrations.size()) {
      throw new IllegalArgumentException("two integrations have the same key; give each its own");
    }
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

  /**
   * Whether the configuration alone makes people sign in (tokens, or single sign-on): then the
   * server may listen beyond loopback. Accounts and stored tokens turn sign-in on too, at run time.
   */
  public boolean authEnabled() {
    return !authTokens.isEmpty() || access.oidc().isPresent();
  }

  public EvaluatorSettings evaluatorSettings() {
    return new EvaluatorSettings(maxFutureSkew, retentionMargin, minEventsToPage, noDataAfter);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(bind, newPort, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, integrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status, access, reportsRetention, cluster, kafka);
  }

  public ServerConfig withDataDir(Path newDataDir) {
    return new ServerConfig(bind, port, maxRequestBytes, newDataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, integrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status, access, reportsRetention, cluster, kafka);
  }

  public ServerConfig withWebhookSecrets(String github, String gitlab) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, github, gitlab, rollbackHook, notifications,
        noDataAfter, integrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status, access, reportsRetention, cluster, kafka);
  }

  public ServerConfig withAuthTokens(List<String> tokens) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, tokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, integrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status, access, reportsRetention, cluster, kafka);
  }

  public ServerConfig withIntegrations(List<Integration> newIntegrations) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, newIntegrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status, access, reportsRetention, cluster, kafka);
  }

  public ServerConfig withResponse(Response newResponse) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, integrations, incidents, newResponse, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status, access, reportsRetention, cluster, kafka);
  }

  public ServerConfig withAccess(Access newAccess) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, integrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status,
        newAccess, reportsRetention, cluster, kafka);
  }

  public ServerConfig withCluster(Cluster newCluster) {
    return new ServerConfig(bind, port, maxRequestBytes, dataDir, jdbcUrl, authTokens,
        maxFutureSkew, retentionMargin, minEventsToPage, tickInterval, githubWebhookSecret, gitlabWebhookToken, rollbackHook, notifications,
        noDataAfter, integrations, incidents, response, insecureOpen, databaseConnectionTimeout, defaultPolicy, backup, probes, status,
        access, reportsRetention, newCluster, kafka);
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
        + ", rollbackHook=" + rollbackHook + ", notifications=" + notifications
        + ", noDataAfter=" + noDataAfter + ", integrations=" + integrations + ", incidents=" + incidents + ", response=" + response
        + ", insecureOpen=" + insecureOpen + ", databaseConnectionTimeout=" + databaseConnectionTimeout
        + ", defaultPolicy=" + defaultPolicy + ", backup=" + backup + ", access=" + access
        + ", reportsRetention=" + reportsRetention + ", cluster=" + cluster + ", kafka=" + kafka + "]";
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
