package dev.governor.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

  /** The file shipped in the repository; Surefire runs in server/. */
  private static final Path SHIPPED = Path.of("../config/governor.yaml");

  @TempDir Path dir;

  @Test
  void redactJdbcUrl_hidesEveryPassword_andKeepsWhatAPersonMustCheck() {
    assertThat(ServerConfig.redactJdbcUrl(
        "jdbc:postgresql://db:5432/governor?user=gov&password=hunter2&sslpassword=k3y&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/governor?user=gov&password=***&sslpassword=***&ssl=true");
    assertThat(ServerConfig.redactJdbcUrl("jdbc:postgresql://gov:hunter2@db/governor"))
        .isEqualTo("jdbc:postgresql://gov:***@db/governor");
    assertThat(ServerConfig.redactJdbcUrl("jdbc:sqlite:/var/lib/governor/governor.db"))
        .isEqualTo("jdbc:sqlite:/var/lib/governor/governor.db");
  }

  @Test
  void withNothingGiven_theDefaultsApply() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.maxRequestBytes()).isEqualTo(16L << 20);
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.jdbcUrl()).isEmpty();
    assertThat(config.authTokens()).isEmpty();
    assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.retentionMargin()).isEqualTo(Duration.ofDays(1));
    assertThat(config.minEventsToPage()).isEqualTo(10);
    assertThat(config.tickInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theShippedFile_givesTheDefaults() {
    assertThat(ServerConfig.load(Optional.of(SHIPPED), Map.of(), Map.of())).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void theShippedFile_commentsEveryKey_andReadsEachFromItsEnvironmentVariable() throws IOException {
    List<String> lines = Files.readAllLines(SHIPPED);
    Pattern entry = Pattern.compile("^( *)([A-Za-z]+): *(.*)$");
    Map<String, String> valuesByKey = new LinkedHashMap<>();
    List<String> section = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = entry.matcher(lines.get(i));
      if (!m.matches()) continue;
      int depth = m.group(1).length() / 2;
      if (m.group(3).isEmpty()) { // a section, possibly nested (integrations.github)
        section = new ArrayList<>(section.subList(0, Math.min(depth, section.size())));
        section.add(m.group(2));
        continue;
      }
      String key = String.join(".", section.subList(0, Math.min(depth, section.size()))) + "." + m.group(2);
      assertThat(lines.get(i - 1).trim()).as("comment above " + key).startsWith("#");
      valuesByKey.put(key, m.group(3));
    }

    assertThat(valuesByKey.keySet())
        .containsExactlyElementsOf(ConfigLoader.KEYS.stream().map(ConfigLoader.Key::name).toList());
    for (ConfigLoader.Key key : ConfigLoader.KEYS) {
      assertThat(valuesByKey.get(key.name()))
          .isEqualTo("${" + key.env() + ":" + key.defaultText() + "}");
    }
  }

  @Test
  void theDatabaseConnectionTimeout_defaultsTo2s_andStaysWithin250msAndAMinute() {
    assertThat(ServerConfig.defaults().databaseConnectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_DB_CONNECTION_TIMEOUT", "500ms"), Map.of())
        .databaseConnectionTimeout()).isEqualTo(Duration.ofMillis(500));
    for (String bad : new String[] {"0s", "100ms", "2m", "soon"}) {
      assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("storage.connectionTimeout", bad)))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("storage.connectionTimeout")
          .hasMessageContaining("250ms to 1m");
    }
  }

  @Test
  void everyDurationKey_readsTheOneGrammar_compoundUnitsWeeksAndIsoAlike() {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_TICK_INTERVAL", "1m30s"), Map.of(
        "incidents.groupWait", "2m30s", "notifications.giveUpAfter", "1w", "retention.margin", "PT36H",
        "incidents.reopenWithin", "0", "alerts.noDataAfter", "1h30m"));

    assertThat(config.tickInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.incidents().groupWait()).isEqualTo(Duration.ofSeconds(150));
    assertThat(config.notifications().giveUpAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(config.retentionMargin()).isEqualTo(Duration.ofHours(36));
    assertThat(config.incidents().reopenWithin()).isZero();
    assertThat(config.noDataAfter()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void aBadDuration_namesTheKey_quotesTheValueBounded_andSaysHowToWriteIt() {
    String huge = "5".repeat(100_000) + "minutes";
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("incidents.groupWait", huge)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("incidents.groupWait")
        .hasMessageContaining("1h30m")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("retention.margin", "1D")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention.margin").hasMessageContaining("\"1D\"").hasMessageContaining("use d");
  }

  @Test
  void environmentVariables_overrideTheFileDefaults_andFlagsOverrideBoth() {
    Map<String, String> env = Map.of("GOVERNOR_PORT", "9090", "GOVERNOR_BIND", "0.0.0.0",
        "GOVERNOR_AUTH_TOKENS", "a-token, b-token");

    ServerConfig fromEnv = ServerConfig.load(Optional.of(SHIPPED), env, Map.of());
    ServerConfig fromFlag = ServerConfig.load(Optional.of(SHIPPED), env, Map.of("server.port", "7070"));

    assertThat(fromEnv.port()).isEqualTo(9090);
    assertThat(fromEnv.bind()).isEqualTo("0.0.0.0");
    assertThat(fromEnv.authTokens()).containsExactly("a-token", "b-token");
    assertThat(fromFlag.port()).isEqualTo(7070);
    assertThat(fromFlag.bind()).isEqualTo("0.0.0.0");
  }

  @Test
  void withoutAFile_environmentVariablesStillApply() {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_TICK_INTERVAL", "1m"), Map.of());

    assertThat(config.tickInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFileMayPinValues_andListTokens() throws IOException {
    Path file = write("""
        server:
          port: 0
        storage:
          jdbcUrl: jdbc:postgresql://db/governor
        auth:
          tokens:
            - first
            - ${SECOND_TOKEN:fallback}
        ingest:
          maxFutureSkew: PT30S
        """);

    ServerConfig config = ServerConfig.load(Optional.of(file), Map.of("GOVERNOR_PORT", "9999"), Map.of());

    assertThat(config.port()).as("a plain value in the file is not overridden by the environment").isZero();
    assertThat(config.jdbcUrl()).contains("jdbc:postgresql://db/governor");
    assertThat(config.authTokens()).containsExactly("first", "fallback");
    assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aBadValue_namesTheKeyAndWhereItCameFrom() {
    assertThatThrownBy(() -> ServerConfig.load(Optional.of(SHIPPED), Map.of("GOVERNOR_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.port")
        .hasMessageContaining("environment variable GOVERNOR_PORT")
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("evaluation.tickInterval", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.tickInterval")
        .hasMessageContaining("flag");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("storage.jdbcUrl", "postgres://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.jdbcUrl");
  }

  @Test
  void theKafkaIntake_isOffUntilBrokersAreNamed_andPassesClientSettingsThrough() throws IOException {
    assertThat(ServerConfig.load(Optional.of(SHIPPED), Map.of(), Map.of()).kafka()).isEmpty();
    Path file = write("""
        ingest:
          kafka:
            bootstrapServers: kafka-1:9092,kafka-2:9092
            topic: slo-events
            properties:
              - security.protocol=SASL_SSL
              - sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="g" password="s3cret";
        """);
    ServerConfig.Kafka kafka = ServerConfig.load(Optional.of(file), Map.of(), Map.of()).kafka().orElseThrow();

    assertThat(kafka.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(kafka.groupId()).isEqualTo("governor");
    assertThat(kafka.deadLetterTopic()).isEqualTo("slo-events-dead-letter");
    assertThat(kafka.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"g\" password=\"s3cret\";");
    assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
  }

  @Test
  void badKafkaSettings_nameTheKeyAndHowToFixIt() {
    Map<String, String> brokers = Map.of("GOVERNOR_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    assertThatThrownBy(() -> ServerConfig.load(Optional.of(SHIPPED), Map.of("GOVERNOR_KAFKA_BOOTSTRAP_SERVERS", "kafka"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.kafka.bootstrapServers").hasMessageContaining("host:port");
    assertThatThrownBy(() -> ServerConfig.load(Optional.of(SHIPPED), brokers, Map.of("ingest.kafka.topic", "a topic")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.kafka.topic");
    assertThatThrownBy(() -> ServerConfig.load(Optional.of(SHIPPED),
        Map.of("GOVERNOR_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "GOVERNOR_KAFKA_PROPERTIES", "enable.auto.commit=true"),
        Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.kafka.properties").hasMessageContaining("other than the ones Governor sets")
        .hasMessageContaining("enable.auto.commit");
    assertThatThrownBy(() -> ServerConfig.load(Optional.of(SHIPPED), brokers,
        Map.of("ingest.kafka.topic", "events", "ingest.kafka.deadLetterTopic", "events")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.kafka.deadLetterTopic must differ");
  }

  @Test
  void aBadValueInTheFile_namesTheFile() throws IOException {
    Path file = write("alerts:\n  minEventsToPage: -3\n");

    assertThatThrownBy(() -> ServerConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.minEventsToPage")
        .hasMessageContaining("file " + file);
  }

  @Test
  void unknownKeys_areRefused_soTyposDoNotPassSilently() throws IOException {
    Path file = write("server:\n  prot: 9090\n");

    assertThatThrownBy(() -> ServerConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.prot")
        .hasMessageContaining("server.port");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flag");
  }

  @Test
  void aPlaceholderWithoutDefault_needsItsVariable() throws IOException {
    Path file = write("storage:\n  jdbcUrl: ${DB_URL}\n");

    assertThatThrownBy(() -> ServerConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DB_URL");
    assertThat(ServerConfig.load(Optional.of(file), Map.of("DB_URL", "jdbc:sqlite:/tmp/x.db"), Map.of()).jdbcUrl())
        .contains("jdbc:sqlite:/tmp/x.db");
  }

  @Test
  void invalidYaml_isAConfigError() throws IOException {
    Path file = write("server: [\n");

    assertThatThrownBy(() -> ServerConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void incidents_defaultToGroupingByServiceWithA30sWait_andReadListsFromTheEnvironmentOrTheFile() throws IOException {
    var defaults = ServerConfig.defaults().incidents();
    assertThat(defaults).isEqualTo(dev.governor.incident.IncidentSettings.DEFAULTS);

    var fromEnv = ServerConfig.load(Optional.of(SHIPPED), Map.of("GOVERNOR_INCIDENT_GROUP_BY", "service, env",
        "GOVERNOR_INCIDENT_AUTO_RESOLVE", "false", "GOVERNOR_INCIDENT_REOPEN_WITHIN", "10m"), Map.of()).incidents();
    assertThat(fromEnv.groupBy()).containsExactly("service", "env");
    assertThat(fromEnv.autoResolve()).isFalse();
    assertThat(fromEnv.reopenWithin()).isEqualTo(Duration.ofMinutes(10));
    assertThat(fromEnv.groupWait()).isEqualTo(Duration.ofSeconds(30));

    Path file = write("incidents:\n  groupBy:\n    - cluster\n    - alertname\n  groupWait: 1m\n");
    var fromFile = ServerConfig.load(Optional.of(file), Map.of(), Map.of()).incidents();
    assertThat(fromFile.groupBy()).containsExactly("cluster", "alertname");
    assertThat(fromFile.groupWait()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_INCIDENT_GROUP_BY", ""), Map.of())
        .incidents().groupBy()).as("empty groups by alertname only").isEmpty();
  }

  @Test
  void badIncidentSettings_nameTheKey() {
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_INCIDENT_GROUP_BY", "service,my-label"),
        Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("incidents.groupBy").hasMessageContaining("my-label");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("incidents.groupBy", "service,service")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("incidents.groupBy");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("incidents.autoResolve", "maybe")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("incidents.autoResolve").hasMessageContaining("maybe");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("incidents.reopenWithin", "-1m")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("incidents.reopenWithin");
  }

  @Test
  void theDefaultPolicy_isOnForEveryEnvironment_andTheEnvironmentOrAFlagTurnsItOffOrNarrowsIt() {
    ServerConfig defaults = ServerConfig.defaults();
    ServerConfig fromEnv = ServerConfig.load(Optional.of(SHIPPED), Map.of("GOVERNOR_GATES_DEFAULT_POLICY", "false",
        "GOVERNOR_GATES_DEFAULT_POLICY_ENVIRONMENTS", "production, staging"), Map.of());
    ServerConfig fromFlag = ServerConfig.load(Optional.of(SHIPPED), Map.of("GOVERNOR_GATES_DEFAULT_POLICY", "false"),
        Map.of("gates.defaultPolicy.enabled", "true"));

    assertThat(defaults.defaultPolicy().enabled()).isTrue();
    assertThat(defaults.defaultPolicy().environments()).isEmpty();
    assertThat(defaults.defaultPolicy().policy()).map(p -> p.name()).contains("default");
    assertThat(fromEnv.defaultPolicy().enabled()).isFalse();
    assertThat(fromEnv.defaultPolicy().policy()).isEmpty();
    assertThat(fromEnv.defaultPolicy().environments()).containsExactlyInAnyOrder("production", "staging");
    assertThat(fromFlag.defaultPolicy().enabled()).isTrue();
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_GATES_DEFAULT_POLICY", "maybe"),
        Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gates.defaultPolicy.enabled")
        .hasMessageContaining("environment variable GOVERNOR_GATES_DEFAULT_POLICY");
  }

  @Test
  void tokensStayOutOfToString() {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("auth.tokens", "very-secret"));

    assertThat(config.toString()).doesNotContain("very-secret").contains("1 configured");
  }

  @Test
  void notifications_default_toNoSmtp_andRetriesDoublingFrom10sUpTo10mForADay() {
    ServerConfig.Notifications n = ServerConfig.defaults().notifications();

    assertThat(n.smtp().configured()).isFalse();
    assertThat(n.smtp().port()).isEqualTo(587);
    assertThat(n.smtp().starttls()).isTrue();
    assertThat(n.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(n.backoff()).isEqualTo(dev.governor.notify.Backoff.DEFAULT);
  }

  @Test
  void notifications_anSmtpHostNeedsASender_andTheBackoffMustNotShrink() {
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_SMTP_HOST", "mail.example.com"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.smtp.from");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_SMTP_FROM", "governor at example"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.smtp.from")
        .hasMessageContaining("governor at example");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(),
        Map.of("notifications.initialBackoff", "1m", "notifications.maxBackoff", "30s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.maxBackoff");
    assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_SMTP_STARTTLS", "maybe"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.smtp.starttls");

    ServerConfig.Smtp smtp = ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_SMTP_HOST", "mail.example.com",
        "GOVERNOR_SMTP_FROM", "Governor <governor@example.com>", "GOVERNOR_SMTP_STARTTLS", "false"), Map.of())
        .notifications().smtp();
    assertThat(smtp.from()).isEqualTo("Governor <governor@example.com>");
    assertThat(smtp.starttls()).isFalse();
  }

  @Test
  void theSmtpPassword_staysOutOfToString() {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_SMTP_PASSWORD", "mail-secret"), Map.of());

    assertThat(config.toString()).doesNotContain("mail-secret").contains("password=***");
  }

  @Test
  void integrations_comeAsKindNameKey_fromTheEnvironmentOrAsAYamlList() throws IOException {
    ServerConfig fromEnv = ServerConfig.load(Optional.of(SHIPPED),
        Map.of("GOVERNOR_INTEGRATIONS", "alertmanager:prod-am:KEY1, pagerduty:ci:KEY:2"), Map.of());
    Path file = write("""
        incidents:
          integrations:
            - alertmanager:prod-am:${AM_KEY:fallback}
            - pagerduty:ci:KEY2
        """);
    ServerConfig fromFile = ServerConfig.load(Optional.of(file), Map.of("AM_KEY", "from-env"), Map.of());

    assertThat(fromEnv.integrations()).containsExactly(
        new ServerConfig.Integration("prod-am", ServerConfig.Integration.Kind.ALERTMANAGER, "KEY1"),
        new ServerConfig.Integration("ci", ServerConfig.Integration.Kind.PAGERDUTY, "KEY:2"));
    assertThat(fromFile.integrations()).extracting(ServerConfig.Integration::key).containsExactly("from-env", "KEY2");
    assertThat(ServerConfig.defaults().integrations()).isEmpty();
  }

  @Test
  void aBadIntegration_isRefusedWithoutRepeatingAnyKey() {
    Map<String, String> bad = Map.of(
        "slack:team:SECRET1", "kind is alertmanager or pagerduty",
        "alertmanager:SECRET1", "is not kind:name:key",
        "alertmanager:Prod AM:SECRET1", "integration name",
        "alertmanager:governor:SECRET1", "taken by Governor's own alerts",
        "alertmanager:prod-am:", "must be non-empty",
        "alertmanager:a:SECRET1,pagerduty:a:SECRET2", "names 'a' twice",
        "alertmanager:a:SECRET1,pagerduty:b:SECRET1", "has the key of another integration");
    bad.forEach((value, message) ->
        assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_INTEGRATIONS", value), Map.of()))
            .as(value)
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("incidents.integrations")
            .hasMessageContaining("environment variable GOVERNOR_INTEGRATIONS")
            .hasMessageContaining(message)
            .message().doesNotContain("SECRET"));
  }

  @Test
  void integrationKeysStayOutOfToString() {
    ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("incidents.integrations", "pagerduty:ci:very-secret"));

    assertThat(config.toString()).doesNotContain("very-secret").contains("pagerduty:ci:***");
  }

  @Test
  void noDataAfter_defaultsTo15Minutes_zeroTurnsItOff_andOtherValuesAreWholeMinutesUnderADay() {
    assertThat(ServerConfig.defaults().noDataAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(ServerConfig.defaults().evaluatorSettings().noDataAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_NO_DATA_AFTER", "0"), Map.of())
        .evaluatorSettings().noDataAlerts()).isFalse();
    assertThat(ServerConfig.load(Optional.empty(), Map.of(), Map.of("alerts.noDataAfter", "1h")).noDataAfter())
        .isEqualTo(Duration.ofHours(1));
    for (String bad : List.of("90s", "1d", "-5m", "soon")) {
      assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("GOVERNOR_NO_DATA_AFTER", bad), Map.of()))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("alerts.noDataAfter")
          .hasMessageContaining("whole number of minutes under a day");
    }
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("governor.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
