package dev.governor.server.config;

import dev.governor.slo.EvaluatorSettings;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads {@link ServerConfig} from the file, the environment and the flags; see {@link ServerConfig#load}. */
final class ConfigLoader {

  /** One config key, the environment variable that overrides it and its built-in default. */
  record Key(String name, String env, String defaultText) {}

  /** Kept in the order of {@code config/governor.yaml}; a test checks the two agree. */
  static final List<Key> KEYS = List.of(
      new Key("server.bind", "GOVERNOR_BIND", "127.0.0.1"),
      new Key("server.port", "GOVERNOR_PORT", "8080"),
      new Key("server.maxRequestSize", "GOVERNOR_MAX_REQUEST_SIZE", "16MiB"),
      new Key("server.publicUrl", "GOVERNOR_PUBLIC_URL", ""),
      new Key("server.insecureOpen", "GOVERNOR_INSECURE_OPEN", "false"),
      new Key("storage.dataDir", "GOVERNOR_DATA_DIR", "./data"),
      new Key("storage.jdbcUrl", "GOVERNOR_JDBC_URL", ""),
      new Key("storage.connectionTimeout", "GOVERNOR_DB_CONNECTION_TIMEOUT", "2s"),
      new Key("auth.tokens", "GOVERNOR_AUTH_TOKENS", ""),
      new Key("auth.sessionIdle", "GOVERNOR_SESSION_IDLE", "12h"),
      new Key("auth.sessionMaxAge", "GOVERNOR_SESSION_MAX_AGE", "7d"),
      new Key("auth.cookieSecure", "GOVERNOR_COOKIE_SECURE", "auto"),
      new Key("auth.signIn.maxFailures", "GOVERNOR_SIGN_IN_MAX_FAILURES", "5"),
      new Key("auth.signIn.window", "GOVERNOR_SIGN_IN_WINDOW", "15m"),
      new Key("auth.autoSignIn", "GOVERNOR_AUTO_SIGN_IN", ""),
      new Key("auth.linkValidity", "GOVERNOR_LINK_VALIDITY", "24h"),
      new Key("auth.publicMetrics", "GOVERNOR_PUBLIC_METRICS", "true"),
      new Key("auth.oidc.issuer", "GOVERNOR_OIDC_ISSUER", ""),
      new Key("auth.oidc.clientId", "GOVERNOR_OIDC_CLIENT_ID", ""),
      new Key("auth.oidc.clientSecret", "GOVERNOR_OIDC_CLIENT_SECRET", ""),
      new Key("auth.oidc.redirectUrl", "GOVERNOR_OIDC_REDIRECT_URL", ""),
      new Key("auth.oidc.scopes", "GOVERNOR_OIDC_SCOPES", "openid,profile,email"),
      new Key("auth.oidc.usernameClaim", "GOVERNOR_OIDC_USERNAME_CLAIM", "preferred_username"),
      new Key("auth.oidc.groupsClaim", "GOVERNOR_OIDC_GROUPS_CLAIM", "groups"),
      new Key("auth.oidc.adminGroups", "GOVERNOR_OIDC_ADMIN_GROUPS", ""),
      new Key("auth.oidc.defaultRole", "GOVERNOR_OIDC_DEFAULT_ROLE", "viewer"),
      new Key("auth.oidc.label", "GOVERNOR_OIDC_LABEL", "Single sign-on"),
      new Key("ingest.maxFutureSkew", "GOVERNOR_MAX_FUTURE_SKEW", "5m"),
      new Key("ingest.kafka.bootstrapServers", "GOVERNOR_KAFKA_BOOTSTRAP_SERVERS", ""),
      new Key("ingest.kafka.topic", "GOVERNOR_KAFKA_TOPIC", "governor-events"),
      new Key("ingest.kafka.groupId", "GOVERNOR_KAFKA_GROUP_ID", "governor"),
      new Key("ingest.kafka.deadLetterTopic", "GOVERNOR_KAFKA_DEAD_LETTER_TOPIC", ""),
      new Key("ingest.kafka.properties", "GOVERNOR_KAFKA_PROPERTIES", ""),
      new Key("retention.margin", "GOVERNOR_RETENTION_MARGIN", "1d"),
      new Key("reports.retention", "GOVERNOR_REPORTS_RETENTION", "400d"),
      new Key("alerts.minEventsToPage", "GOVERNOR_MIN_EVENTS_TO_PAGE", "10"),
      new Key("alerts.noDataAfter", "GOVERNOR_NO_DATA_AFTER", "15m"),
      new Key("evaluation.tickInterval", "GOVERNOR_TICK_INTERVAL", "10s"),
      new Key("integrations.github.secret", "GOVERNOR_GITHUB_WEBHOOK_SECRET", ""),
      new Key("integrations.gitlab.token", "GOVERNOR_GITLAB_WEBHOOK_TOKEN", ""),
      new Key("delivery.rollbackHook.url", "GOVERNOR_ROLLBACK_HOOK_URL", ""),
      new Key("delivery.rollbackHook.secret", "GOVERNOR_ROLLBACK_HOOK_SECRET", ""),
      new Key("delivery.rollbackHook.initialBackoff", "GOVERNOR_ROLLBACK_HOOK_INITIAL_BACKOFF", "10s"),
      new Key("notifications.smtp.host", "GOVERNOR_SMTP_HOST", ""),
      new Key("notifications.smtp.port", "GOVERNOR_SMTP_PORT", "587"),
      new Key("notifications.smtp.from", "GOVERNOR_SMTP_FROM", ""),
      new Key("notifications.smtp.username", "GOVERNOR_SMTP_USERNAME", ""),
      new Key("notifications.smtp.password", "GOVERNOR_SMTP_PASSWORD", ""),
      new Key("notifications.smtp.starttls", "GOVERNOR_SMTP_STARTTLS", "true"),
      new Key("notifications.connectTimeout", "GOVERNOR_NOTIFICATIONS_CONNECT_TIMEOUT", "5s"),
      new Key("notifications.timeout", "GOVERNOR_NOTIFICATIONS_TIMEOUT", "10s"),
      new Key("notifications.initialBackoff", "GOVERNOR_NOTIFICATIONS_INITIAL_BACKOFF", "10s"),
      new Key("notifications.maxBackoff", "GOVERNOR_NOTIFICATIONS_MAX_BACKOFF", "10m"),
      new Key("notifications.giveUpAfter", "GOVERNOR_NOTIFICATIONS_GIVE_UP_AFTER", "24h"),
      new Key("incidents.integrations", "GOVERNOR_INTEGRATIONS", ""),
      new Key("incidents.groupBy", "GOVERNOR_INCIDENT_GROUP_BY", "service"),
      new Key("incidents.groupWait", "GOVERNOR_INCIDENT_GROUP_WAIT", "30s"),
      new Key("incidents.autoResolve", "GOVERNOR_INCIDENT_AUTO_RESOLVE", "true"),
      new Key("incidents.reopenWithin", "GOVERNOR_INCIDENT_REOPEN_WITHIN", "0s"),
      new Key("incidents.suspectDeploymentLookBack", "GOVERNOR_INCIDENT_SUSPECT_DEPLOYMENT_LOOK_BACK", "24h"),
      new Key("incidents.actions", "GOVERNOR_INCIDENT_ACTIONS", ""),
      new Key("incidents.freezeDeploysFrom", "GOVERNOR_INCIDENT_FREEZE_DEPLOYS_FROM", "critical"),
      new Key("incidents.pageFrom", "GOVERNOR_INCIDENT_PAGE_FROM", "error"),
      new Key("gates.defaultPolicy.enabled", "GOVERNOR_GATES_DEFAULT_POLICY", "true"),
      new Key("gates.defaultPolicy.environments", "GOVERNOR_GATES_DEFAULT_POLICY_ENVIRONMENTS", ""),
      new Key("backup.dir", "GOVERNOR_BACKUP_DIR", ""),
      new Key("backup.schedule", "GOVERNOR_BACKUP_SCHEDULE", "0s"),
      new Key("backup.keep", "GOVERNOR_BACKUP_KEEP", "7"),
      new Key("backup.drillSchedule", "GOVERNOR_BACKUP_DRILL_SCHEDULE", "0s"),
      new Key("probes.enabled", "GOVERNOR_PROBES_ENABLED", "true"),
      new Key("probes.concurrency", "GOVERNOR_PROBES_CONCURRENCY", "256"),
      new Key("probes.resultRetention", "GOVERNOR_PROBES_RESULT_RETENTION", "30d"),
      new Key("status.path", "GOVERNOR_STATUS_PATH", "/status"),
      new Key("status.port", "GOVERNOR_STATUS_PORT", "0"),
      new Key("status.bind", "GOVERNOR_STATUS_BIND", ""),
      new Key("status.refresh", "GOVERNOR_STATUS_REFRESH", "30s"),
      new Key("cluster.replicaName", "GOVERNOR_REPLICA_NAME", ""),
      new Key("cluster.advertiseUrl", "GOVERNOR_ADVERTISE_URL", ""),
      new Key("cluster.leaseDuration", "GOVERNOR_LEASE_DURATION", "6s"));

  private static final Map<String, Key> BY_NAME =
      KEYS.stream().collect(Collectors.toMap(Key::name, Function.identity()));

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

  /** A value as found (a String, or a List of Strings for lists) and where it came from. */
  private record Raw(Object value, String source) {}

  private final Map<String, Object> file;
  private final String fileName;
  private final Map<String, String> env;
  private final Map<String, String> overrides;

  private ConfigLoader(
      Map<String, Object> file, String fileName, Map<String, String> env, Map<String, String> overrides) {
    this.file = file;
    this.fileName = fileName;
    this.env = env;
    this.overrides = overrides;
  }

  static ServerConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    overrides.keySet().forEach(k -> requireKnown(k, "flag"));
    Map<String, Object> values = file.map(ConfigLoader::readFile).orElse(Map.of());
    String fileName = file.map(Path::toString).orElse("(no file)");
    return new ConfigLoader(values, fileName, env, overrides).build();
  }

  private ServerConfig build() {
    return new ServerConfig(
        scalar("server.bind", "a host name or IP address", ConfigLoader::nonBlank),
        scalar("server.port", "a port number 0..65535 (0 picks a free port)", ConfigLoader::port),
        scalar("server.maxRequestSize", "a size such as 16MiB, 512KiB or 1048576", ConfigLoader::size),
        scalar("storage.dataDir", "a directory path", text -> Path.of(nonBlank(text))),
        scalar("storage.jdbcUrl", "empty, or a JDBC URL such as jdbc:postgresql://db:5432/governor or jdbc:sqlite:/var/lib/governor/governor.db",
            ConfigLoader::jdbcUrl),
        tokens(),
        duration("ingest.maxFutureSkew", "", d -> d),
        duration("retention.margin", "", d -> d),
        scalar("alerts.minEventsToPage", "a whole number >= 0", ConfigLoader::nonNegative),
        duration("evaluation.tickInterval", POSITIVE, ConfigLoader::positive),
        scalar("integrations.github.secret", "the GitHub webhook secret, or empty", text -> text),
        scalar("integrations.gitlab.token", "the GitLab webhook token, or empty", text -> text),
        new ServerConfig.RollbackHook(
            scalar("delivery.rollbackHook.url", "empty, or an http(s) URL such as https://deployer.example/rollback",
                ConfigLoader::hookUrl),
            scalar("delivery.rollbackHook.secret", "the secret the hook's payloads are signed with, or empty",
                text -> text),
            duration("delivery.rollbackHook.initialBackoff", POSITIVE, ConfigLoader::positive)),
        notifications(),
        duration("alerts.noDataAfter", "0 (off) or a whole number of minutes under a day, such as 15m or 1h",
            ConfigLoader::noDataAfter),
        integrations(),
        new dev.governor.incident.IncidentSettings(
            list("incidents.groupBy", "label names such as service, or service,env", ConfigLoader::labelName),
            duration("incidents.groupWait", "", d -> d),
            scalar("incidents.autoResolve", "true or false", ConfigLoader::bool),
            duration("incidents.reopenWithin", "", d -> d),
            List.of(dev.governor.incident.InhibitionRule.PAGE_INHIBITS_TICKET),
            duration("incidents.suspectDeploymentLookBack", "", d -> d)),
        new ServerConfig.Response(
            scalar("server.publicUrl", "empty, or the URL people reach Governor at, such as https://governor.example.com",
                ConfigLoader::hookUrl),
            actions(),
            scalar("incidents.freezeDeploysFrom", "critical, error, warning, info, or off",
                ConfigLoader::freezeFrom),
            scalar("incidents.pageFrom", "critical, error, warning or info",
                text -> freezeFrom(text).orElseThrow(() -> new IllegalArgumentException("not a severity: " + text)))),
        scalar("server.insecureOpen", "true or false", ConfigLoader::bool),
        duration("storage.connectionTimeout", "from 250ms to 1m, such as 2s", ConfigLoader::connectionTimeout),
        new ServerConfig.DefaultPolicy(
            scalar("gates.defaultPolicy.enabled", "true or false", ConfigLoader::bool),
            java.util.Set.copyOf(list("gates.defaultPolicy.environments",
                "environment names such as production, or production,staging; empty for every environment",
                text -> text))),
        new ServerConfig.Backup(
            scalar("backup.dir", "empty (the data directory's backups folder), or a directory path",
                text -> text.isEmpty() ? Optional.<Path>empty() : Optional.of(Path.of(text))),
            duration("backup.schedule", "0s (off) or at least 10s, such as 24h", ConfigLoader::offOrAtLeastTenSeconds),
            Math.toIntExact(scalar("backup.keep", "a whole number from 1 to 10000", wholeNumber(1, 10_000))),
            duration("backup.drillSchedule", "0s (off) or at least 10s, such as 168h", ConfigLoader::offOrAtLeastTenSeconds)),
        new ServerConfig.Probes(
            scalar("probes.enabled", "true or false", ConfigLoader::bool),
            Math.toIntExact(scalar("probes.concurrency", "a whole number from 1 to 10000", wholeNumber(1, 10_000))),
            duration("probes.resultRetention", "at least 1d, such as 30d", atLeast(Duration.ofDays(1)))),
        status(),
        access(),
        duration("reports.retention", "at least 1d, such as 400d", atLeast(Duration.ofDays(1))),
        new ServerConfig.Cluster(
            scalar("cluster.replicaName", "empty, or a name of letters, digits and .:_- such as governor-1",
                ConfigLoader::replicaName),
            scalar("cluster.advertiseUrl", "empty, or the http(s) URL the other replicas reach this one at, such as"
                + " http://10.0.0.5:8080, without a path", ConfigLoader::advertiseUrl),
            duration("cluster.leaseDuration", "from 2s to 1m, such as 6s",
                d -> between(d, Duration.ofSeconds(2), Duration.ofMinutes(1)))),
        kafka());
  }

  private Optional<ServerConfig.Kafka> kafka() {
    String servers = scalar("ingest.kafka.bootstrapServers",
        "empty (no Kafka intake), or host:port pairs such as kafka-1:9092,kafka-2:9092", ConfigLoader::bootstrapServers);
    String topic = scalar("ingest.kafka.topic", "a topic name of letters, digits and ._-, such as governor-events",
        ConfigLoader::topic);
    String groupId = scalar("ingest.kafka.groupId", "a consumer group id, such as governor", ConfigLoader::nonBlank);
    String deadLetter = scalar("ingest.kafka.deadLetterTopic",
        "empty (the topic's name and -dead-letter), or a topic name such as governor-events-dead-letter",
        text -> text.isEmpty() ? text : topic(text));
    Map<String, String> properties = new java.util.TreeMap<>();
    for (String property : list("ingest.kafka.properties",
        "Kafka client settings as name=value, such as security.protocol=SSL, other than the ones Governor sets: "
            + String.join(", ", GOVERNOR_SETS), ConfigLoader::clientProperty)) {
      int eq = property.indexOf('=');
      if (properties.put(property.substring(0, eq).trim(), property.substring(eq + 1).trim()) != null) {
        throw new ConfigException("ingest.kafka.properties names " + property.substring(0, eq).trim() + " twice");
      }
    }
    if (servers.isEmpty()) return Optional.empty();
    if (deadLetter.equals(topic)) {
      throw new ConfigException("ingest.kafka.deadLetterTopic must differ from ingest.kafka.topic (" + topic
          + "): records that are not events would be read again");
    }
    return Optional.of(new ServerConfig.Kafka(servers, topic, groupId, deadLetter.isEmpty() ? topic + "-dead-letter" : deadLetter,
        properties));
  }

  private static String bootstrapServers(String text) {
    for (String server : text.split(",")) {
      if (!text.isEmpty() && !server.trim().matches("[A-Za-z0-9.\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}")) {
        throw new IllegalArgumentException("not host:port: '" + Quoted.bounded(server.trim()) + "'");
      }
    }
    return text;
  }

  /** Kafka's own rule for topic names. */
  private static String topic(String text) {
    if (!text.matches("[A-Za-z0-9._-]{1,249}") || text.equals(".") || text.equals("..")) {
      throw new IllegalArgumentException("not a topic name: '" + Quoted.bounded(text) + "'");
    }
    return text;
  }

  /** What the Kafka intake sets itself: letting a setting change them would break counting once. */
  private static final List<String> GOVERNOR_SETS = List.of("bootstrap.servers", "group.id", "enable.auto.commit",
      "isolation.level", "key.deserializer", "value.deserializer", "key.serializer", "value.serializer");

  private static String clientProperty(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || !text.substring(0, eq).trim().matches("[a-z0-9.\\-_]+")) {
      throw new IllegalArgumentException("not name=value");
    }
    String name = text.substring(0, eq).trim();
    if (GOVERNOR_SETS.contains(name)) {
      throw new IllegalArgumentException(name + " is set by Governor (see ingest.kafka.*)");
    }
    return text;
  }

  private static Optional<java.net.URI> advertiseUrl(String text) {
    Optional<java.net.URI> url = hookUrl(text);
    // Requests are forwarded to the same path at the leader; a path here would be dropped.
    if (url.isPresent() && url.get().getRawPath() != null && !url.get().getRawPath().isEmpty()
        && !url.get().getRawPath().equals("/")) {
      throw new IllegalArgumentException("a path in " + text);
    }
    return url;
  }

  private static String replicaName(String text) {
    if (!text.isEmpty() && !text.matches("[A-Za-z0-9.:_-]{1,100}")) {
      throw new IllegalArgumentException("not a replica name: '" + Quoted.bounded(text) + "'");
    }
    return text;
  }

  private static Duration between(Duration d, Duration low, Duration high) {
    if (d.compareTo(low) < 0 || d.compareTo(high) > 0) throw new IllegalArgumentException("out of range: " + d);
    return d;
  }

  private ServerConfig.Access access() {
    Duration idle = duration("auth.sessionIdle", "at least 1m, such as 12h", atLeast(Duration.ofMinutes(1)));
    Duration maxAge = duration("auth.sessionMaxAge", "at least auth.sessionIdle, such as 7d", atLeast(Duration.ofMinutes(1)));
    if (maxAge.compareTo(idle) < 0) {
      throw new ConfigException("auth.sessionMaxAge (" + Durations.format(maxAge) + ") must be at least auth.sessionIdle ("
          + Durations.format(idle) + ")");
    }
    String cookieSecure = scalar("auth.cookieSecure", "auto, true or false", text -> {
      if (!List.of("auto", "true", "false").contains(text)) throw new IllegalArgumentException(text);
      return text;
    });
    int maxFailures = Math.toIntExact(scalar("auth.signIn.maxFailures", "a whole number from 1 to 1000", wholeNumber(1, 1000)));
    Duration window = duration("auth.signIn.window", "at least 1s, such as 15m", atLeast(Duration.ofSeconds(1)));
    String autoSignIn = scalar("auth.autoSignIn", "empty, or an account name such as admin", text -> {
      if (!text.isEmpty() && !dev.governor.basics.Names.isValid(text)) throw new IllegalArgumentException(text);
      return text;
    });
    Duration linkValidity = duration("auth.linkValidity", "from 1m to 30d, such as 24h", atLeast(Duration.ofMinutes(1)));
    if (linkValidity.compareTo(Duration.ofDays(30)) > 0) {
      throw new ConfigException("auth.linkValidity must be at most 30d, got " + Durations.format(linkValidity));
    }
    boolean publicMetrics = scalar("auth.publicMetrics", "true or false", ConfigLoader::bool);
    return new ServerConfig.Access(idle, maxAge, cookieSecure, maxFailures, window, autoSignIn, linkValidity,
        publicMetrics, oidc());
  }

  private Optional<ServerConfig.Oidc> oidc() {
    Optional<java.net.URI> issuer = scalar("auth.oidc.issuer", "empty, or the provider's issuer URL such as"
        + " https://accounts.example.com/realms/ops", ConfigLoader::hookUrl);
    String clientId = scalar("auth.oidc.clientId", "the client id registered with the provider", text -> text);
    String clientSecret = scalar("auth.oidc.clientSecret", "the client secret, or empty for a public client", text -> text);
    Optional<java.net.URI> redirect = scalar("auth.oidc.redirectUrl",
        "empty, or this server's callback such as https://governor.example.com/auth/oidc/callback", ConfigLoader::hookUrl);
    List<String> scopes = list("auth.oidc.scopes", "scopes such as openid,profile,email", text -> text);
    String usernameClaim = scalar("auth.oidc.usernameClaim", "a claim name such as preferred_username", ConfigLoader::nonBlank);
    String groupsClaim = scalar("auth.oidc.groupsClaim", "a claim name such as groups", ConfigLoader::nonBlank);
    List<String> adminGroups = list("auth.oidc.adminGroups", "group names, comma-separated", text -> text);
    dev.governor.access.Role defaultRole = scalar("auth.oidc.defaultRole", "viewer, responder, editor or admin",
        text -> dev.governor.access.Role.parse(text, "auth.oidc.defaultRole"));
    String label = scalar("auth.oidc.label", "the sign-in button's text", ConfigLoader::nonBlank);
    if (issuer.isEmpty()) return Optional.empty();
    if (clientId.isBlank()) {
      throw new ConfigException("auth.oidc.issuer is set but auth.oidc.clientId (GOVERNOR_OIDC_CLIENT_ID) is empty:"
          + " register Governor with the provider and set the client id it gives");
    }
    if (!scopes.contains("openid")) {
      throw new ConfigException("auth.oidc.scopes must include openid, got " + scopes);
    }
    return Optional.of(new ServerConfig.Oidc(issuer.get(), clientId, clientSecret, redirect, scopes, usernameClaim,
        groupsClaim, adminGroups, defaultRole, label));
  }

  private static Duration offOrAtLeastTenSeconds(Duration every) {
    if (every.isNegative() || (!every.isZero() && every.compareTo(Duration.ofSeconds(10)) < 0)) {
      throw new IllegalArgumentException("got " + Durations.format(every));
    }
    return every;
  }

  private ServerConfig.Status status() {
    String path = scalar("status.path", "a path such as /status", text -> text);
    int port = Math.toIntExact(scalar("status.port", "0 (the API's port) or a port from 1 to 65535", wholeNumber(0, 65535)));
    String bind = scalar("status.bind", "empty (server.bind) or an address such as 0.0.0.0", text -> text);
    Duration refresh = duration("status.refresh", "at least 5s, such as 30s", atLeast(Duration.ofSeconds(5)));
    try {
      return new ServerConfig.Status(path, port, bind, refresh);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (status.path and status.port, GOVERNOR_STATUS_PATH and GOVERNOR_STATUS_PORT)");
    }
  }

  /** A whole number in [min, max]; the caller's message says which range. */
  private static java.util.function.Function<String, Long> wholeNumber(long min, long max) {
    return text -> {
      long n = Long.parseLong(text);
      if (n < min || n > max) throw new IllegalArgumentException("out of range: " + n);
      return n;
    };
  }

  private static java.util.function.UnaryOperator<Duration> atLeast(Duration least) {
    return d -> {
      if (d.compareTo(least) < 0) throw new IllegalArgumentException("got " + Durations.format(d));
      return d;
    };
  }

  private static Duration connectionTimeout(Duration timeout) {
    // 250 ms is the pool's floor; past a minute a request waiting on a dead database is lost anyway.
    if (timeout.compareTo(Duration.ofMillis(250)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("out of range: " + Durations.format(timeout));
    }
    return timeout;
  }

  private static Optional<dev.governor.incident.AlertSeverity> freezeFrom(String text) {
    if (text.equals("off")) return Optional.empty();
    for (dev.governor.incident.AlertSeverity s : dev.governor.incident.AlertSeverity.values()) {
      if (s.label().equals(text)) return Optional.of(s);
    }
    throw new IllegalArgumentException("not a severity: " + text);
  }

  /**
   * {@code name url [on=opened,resolved] [services=checkout,payments] [minSeverity=critical]
   * [secret=...]} entries: a YAML list in the file, ';'-separated in the variable (',' separates
   * the values of one option). Messages never repeat a secret.
   */
  private List<dev.governor.response.IncidentAction> actions() {
    Raw raw = raw("incidents.actions");
    List<String> items = raw.value() instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : Arrays.asList(((String) raw.value()).split(";"));
    List<dev.governor.response.IncidentAction> actions = new ArrayList<>();
    int position = 0;
    for (String item : items) {
      if (item.isBlank()) continue;
      position++;
      String where = "incidents.actions (from " + raw.source() + "), entry " + position;
      String[] words = item.trim().split("\\s+");
      if (words.length < 2) {
        throw new ConfigException(where + " is not 'name url [on=opened,resolved] [services=checkout]"
            + " [minSeverity=critical] [secret=...]', such as 'runbook https://automation.example/hooks/governor'");
      }
      Set<String> events = Set.of("opened", "acknowledged", "resolved");
      Set<String> services = Set.of();
      dev.governor.incident.AlertSeverity least = dev.governor.incident.AlertSeverity.INFO;
      Optional<String> secret = Optional.empty();
      try {
        Optional<java.net.URI> url = hookUrl(words[1]);
        for (int i = 2; i < words.length; i++) {
          String[] option = words[i].split("=", 2);
          if (option.length < 2) throw new IllegalArgumentException("'" + (option[0].startsWith("secret") ? "secret" : words[i])
              + "' is not option=value");
          switch (option[0]) {
            case "on" -> events = Set.of(option[1].split(","));
            case "services" -> services = Set.of(option[1].split(","));
            case "minSeverity" -> least = freezeFrom(option[1]).orElseThrow(
                () -> new IllegalArgumentException("minSeverity is critical, error, warning or info"));
            case "secret" -> secret = Optional.of(option[1]);
            default -> throw new IllegalArgumentException("unknown option '" + option[0]
                + "'; the options are on, services, minSeverity and secret");
          }
        }
        actions.add(new dev.governor.response.IncidentAction(words[0],
            new dev.governor.notify.Channel.Webhook(url.orElseThrow(), secret), events, services, least));
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        throw new ConfigException(where + ": " + e.getMessage(), e);
      }
    }
    if (actions.stream().map(dev.governor.response.IncidentAction::name).distinct().count() != actions.size()) {
      throw new ConfigException("incidents.actions (from " + raw.source() + ") names an action twice; give each its own name");
    }
    return actions;
  }

  /** A comma-separated value (from the environment or a flag) or a YAML list, each item checked. */
  private List<String> list(String key, String expected, Function<String, String> item) {
    Raw raw = raw(key);
    List<String> items = raw.value() instanceof List<?> values
        ? values.stream().map(String::valueOf).toList()
        : Arrays.asList(((String) raw.value()).split(","));
    List<String> out = new ArrayList<>();
    for (String text : items) {
      if (text.isBlank()) continue;
      try {
        out.add(item.apply(text.trim()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("invalid item '" + text.trim() + "' in " + key + " (from " + raw.source()
            + "): expected " + expected, e);
      }
    }
    if (out.stream().distinct().count() != out.size()) {
      throw new ConfigException(key + " (from " + raw.source() + ") names an item twice: " + out);
    }
    return out;
  }

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private static String labelName(String text) {
    if (!LABEL_NAME.matcher(text).matches()) throw new IllegalArgumentException("not a label name: " + text);
    return text;
  }

  private ServerConfig.Notifications notifications() {
    ServerConfig.Smtp smtp = new ServerConfig.Smtp(
        scalar("notifications.smtp.host", "empty, or the host name of an SMTP server", text -> text),
        scalar("notifications.smtp.port", "a port number such as 587 (submission with STARTTLS) or 25", ConfigLoader::port),
        scalar("notifications.smtp.from", "empty, or an address such as governor@example.com or"
            + " 'Governor <governor@example.com>'", ConfigLoader::mailbox),
        scalar("notifications.smtp.username", "the SMTP user name, or empty for no authentication", text -> text),
        scalar("notifications.smtp.password", "the SMTP password, or empty", text -> text),
        scalar("notifications.smtp.starttls", "true or false", ConfigLoader::bool));
    if (smtp.configured() && smtp.from().isEmpty()) {
      throw new ConfigException("notifications.smtp.from is empty while notifications.smtp.host is set: an email"
          + " needs a sender; set notifications.smtp.from (GOVERNOR_SMTP_FROM) to an address such as governor@example.com");
    }
    Duration initial = duration("notifications.initialBackoff", POSITIVE, ConfigLoader::positive);
    Duration max = duration("notifications.maxBackoff", POSITIVE, ConfigLoader::positive);
    if (max.compareTo(initial) < 0) {
      throw new ConfigException("notifications.maxBackoff (" + Durations.format(max) + ") is shorter than"
          + " notifications.initialBackoff (" + Durations.format(initial) + "); make it at least as long");
    }
    return new ServerConfig.Notifications(smtp,
        duration("notifications.connectTimeout", POSITIVE, ConfigLoader::positive),
        duration("notifications.timeout", POSITIVE, ConfigLoader::positive),
        initial, max,
        duration("notifications.giveUpAfter", POSITIVE, ConfigLoader::positive));
  }

  private static String mailbox(String text) {
    if (text.isEmpty()) return text;
    try {
      // Strict: what Jakarta Mail will accept as the From header when the first email goes out.
      new jakarta.mail.internet.InternetAddress(text, true).validate();
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("not an address: " + e.getMessage(), e);
    }
    return text;
  }

  private static boolean bool(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("not true or false: " + text);
    };
  }

  /**
   * {@code kind:name:key} entries, comma-separated in the variable or a YAML list in the file. The
   * key is everything after the second ':', so it may hold ':' itself. Messages never repeat a key.
   */
  private List<ServerConfig.Integration> integrations() {
    Raw raw = raw("incidents.integrations");
    List<String> items = raw.value() instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : Arrays.asList(((String) raw.value()).split(","));
    List<ServerConfig.Integration> integrations = new ArrayList<>();
    int position = 0;
    for (String item : items) {
      String entry = item.trim();
      if (entry.isEmpty()) continue;
      position++;
      String where = "incidents.integrations (from " + raw.source() + "), entry " + position;
      String[] parts = entry.split(":", 3);
      if (parts.length < 3) {
        throw new ConfigException(where + " is not kind:name:key, such as alertmanager:prod-am:<key> or"
            + " pagerduty:ci:<key>");
      }
      ServerConfig.Integration.Kind kind = switch (parts[0].trim()) {
        case "alertmanager" -> ServerConfig.Integration.Kind.ALERTMANAGER;
        case "pagerduty" -> ServerConfig.Integration.Kind.PAGERDUTY;
        default -> throw new ConfigException(where + " has kind '" + parts[0].trim()
            + "'; the kind is alertmanager or pagerduty");
      };
      try {
        integrations.add(new ServerConfig.Integration(parts[1].trim(), kind, parts[2].trim()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ": " + e.getMessage(), e);
      }
    }
    Set<String> names = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (ServerConfig.Integration i : integrations) {
      if (!names.add(i.name())) {
        throw new ConfigException("incidents.integrations (from " + raw.source() + ") names '" + i.name()
            + "' twice; each integration needs its own name");
      }
      if (!keys.add(i.key())) {
        throw new ConfigException("incidents.integrations (from " + raw.source() + "): integration '" + i.name()
            + "' has the key of another integration; a key picks the integration, so give each its own");
      }
    }
    return integrations;
  }

  private static Duration noDataAfter(Duration d) {
    // EvaluatorSettings holds the rule; asking it here puts the key and its source in the message.
    new EvaluatorSettings(Duration.ZERO, Duration.ZERO, 0, d);
    return d;
  }

  private static Optional<java.net.URI> hookUrl(String text) {
    if (text.isEmpty()) return Optional.empty();
    java.net.URI uri = java.net.URI.create(text);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + text);
    }
    return Optional.of(uri);
  }

  private <T> T scalar(String key, String expected, Function<String, T> parse) {
    Raw raw = raw(key);
    if (!(raw.value() instanceof String text)) {
      throw new ConfigException(key + " (from " + raw.source() + ") must be a single value: " + expected);
    }
    try {
      return parse.apply(text.trim());
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      // Only our own parsers run here, so their refusal is the user's value, not a bug.
      throw new ConfigException("invalid value " + Quoted.string(text) + " for " + key + " (from " + raw.source()
          + "): expected " + expected, e);
    }
  }

  private List<String> tokens() {
    Raw raw = raw("auth.tokens");
    List<String> items = raw.value() instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : Arrays.asList(((String) raw.value()).split(","));
    List<String> tokens = items.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    for (String token : tokens) {
      if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        throw new ConfigException("auth.tokens (from " + raw.source()
            + ") holds a token with whitespace or control characters; a bearer token cannot carry them");
      }
    }
    return tokens;
  }

  private Raw raw(String key) {
    Key k = BY_NAME.get(key);
    if (overrides.containsKey(key)) {
      return new Raw(overrides.get(key), "flag " + key);
    }
    if (file.containsKey(key)) {
      return fromFile(key, file.get(key));
    }
    if (env.containsKey(k.env())) {
      return new Raw(env.get(k.env()), "environment variable " + k.env());
    }
    return new Raw(k.defaultText(), "built-in default");
  }

  private Raw fromFile(String key, Object value) {
    if (value instanceof List<?> list) {
      List<String> resolved = new ArrayList<>();
      for (Object item : list) resolved.add(substitute(key, item == null ? "" : String.valueOf(item)));
      return new Raw(resolved, "file " + fileName);
    }
    String text = value == null ? "" : String.valueOf(value);
    Matcher whole = PLACEHOLDER.matcher(text.trim());
    String source = "file " + fileName;
    if (whole.matches()) {
      source = env.containsKey(whole.group(1))
          ? "environment variable " + whole.group(1)
          : "file " + fileName + " (default of ${" + whole.group(1) + "})";
    }
    return new Raw(substitute(key, text), source);
  }

  private String substitute(String key, String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) value = m.group(2);
      if (value == null) {
        throw new ConfigException(key + " in file " + fileName + " needs environment variable "
            + m.group(1) + ", which is not set; write ${" + m.group(1) + ":default} to give a default");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, Object> readFile(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e, e);
    }
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(path.toString()).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ConfigException("config file " + path + " is not valid YAML: " + e.getMessage(), e);
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    if (root == null) return flat;
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("config file " + path + " must hold a mapping of sections (server:, storage:, ...)");
    }
    flatten("", map, flat, path);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> flat, Path path) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested && !BY_NAME.containsKey(key)) {
        flatten(key + ".", nested, flat, path);
      } else {
        requireKnown(key, "file " + path);
        flat.put(key, e.getValue());
      }
    }
  }

  private static void requireKnown(String key, String source) {
    if (!BY_NAME.containsKey(key)) {
      throw new ConfigException("unknown config key '" + key + "' in " + source + "; known keys: "
          + KEYS.stream().map(Key::name).collect(Collectors.joining(", ")));
    }
  }

  // The parsers below throw IllegalArgumentException with the reason; scalar() adds key and source.

  private static String nonBlank(String text) {
    if (text.isBlank()) throw new IllegalArgumentException("empty");
    return text;
  }

  private static int port(String text) {
    int port = Integer.parseInt(text);
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("out of range: " + port);
    return port;
  }

  private static long nonNegative(String text) {
    long value = Long.parseLong(text);
    if (value < 0) throw new IllegalArgumentException("negative: " + value);
    return value;
  }

  private static Optional<String> jdbcUrl(String text) {
    if (text.isEmpty()) return Optional.empty();
    if (!text.startsWith("jdbc:postgresql:") && !text.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException("not a PostgreSQL or SQLite JDBC URL: " + text);
    }
    return Optional.of(text);
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

  private static long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) throw new IllegalArgumentException("not a size: " + text);
    long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KiB" -> 1L << 10;
      case "MiB" -> 1L << 20;
      case "GiB" -> 1L << 30;
      default -> 1L;
    };
    long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    if (bytes < 1) throw new IllegalArgumentException("must be positive: " + text);
    return bytes;
  }

  private static final String POSITIVE = "longer than zero";

  /**
   * A duration key, read by the one grammar ({@link Durations}); {@code rule} checks the range and
   * {@code ruleText} says it (empty: any duration), in the message of either refusal.
   */
  private Duration duration(String key, String ruleText, java.util.function.UnaryOperator<Duration> rule) {
    Raw raw = raw(key);
    String where = key + " (from " + raw.source() + ")";
    String range = ruleText.isEmpty() ? "" : "; it must be " + ruleText;
    if (!(raw.value() instanceof String text)) {
      throw new ConfigException(where + " must be a single value: " + Durations.FORM + range);
    }
    Duration d;
    try {
      d = Durations.parse(text, where);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + range, e);
    }
    try {
      return rule.apply(d);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid value " + Quoted.string(text) + " for " + where + ": it must be " + ruleText
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    }
  }

  private static Duration positive(Duration duration) {
    if (!duration.isPositive()) throw new IllegalArgumentException("got " + Durations.format(duration));
    return duration;
  }
}
