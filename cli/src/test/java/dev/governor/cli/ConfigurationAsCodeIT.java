package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole configuration in git: the repository's examples applied with one {@code governor apply},
 * exported, applied to an empty server, exported again byte for byte the same; and {@code apply
 * --prune} deleting what the folder no longer has, after showing the diff.
 */
class ConfigurationAsCodeIT {

  static final String TOKEN = "it-token";
  static final Path EXAMPLES = Repository.root().resolve("examples");

  @TempDir Path dir;
  GovernorServer first;
  GovernorServer second;

  @BeforeEach
  void start() {
    first = start(dir.resolve("first"));
    second = start(dir.resolve("second"));
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  static GovernorServer start(Path data) {
    return GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of("LOCAL_PROMETHEUS_TOKEN", "t"), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", data.toString(), "storage.jdbcUrl", "",
        "auth.tokens", TOKEN)));
  }

  static Cli.Run cli(GovernorServer server, String... args) {
    return Cli.run(Map.of("GOVERNOR_SERVER", server.baseUri().toString(), "GOVERNOR_TOKEN", TOKEN), "", args);
  }

  /** Every kind the examples have: OpenSLO and Sloth, policies, on-call, capacity. */
  static String[] examples() {
    return new String[] {EXAMPLES.resolve("checkout.yaml").toString(), EXAMPLES.resolve("search-latency.yaml").toString(),
        EXAMPLES.resolve("sloth-api.yaml").toString(), EXAMPLES.resolve("demo").toString(),
        EXAMPLES.resolve("policies").toString(), EXAMPLES.resolve("oncall").toString(),
        EXAMPLES.resolve("capacity/checkout-traffic.yaml").toString()};
  }

  @Test
  void an_export_applied_to_an_empty_server_exports_byte_for_byte_the_same() throws Exception {
    String[] apply = Stream.concat(Stream.of("apply"), Stream.of(examples())).toArray(String[]::new);
    Cli.Run applied = cli(first, apply);
    assertThat(applied.exit()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("+ SLO checkout-availability created", "+ ErrorBudgetPolicy checkout-policy created",
        "+ User alice created", "+ CapacitySignal checkout-traffic created");

    Cli.Run exported = cli(first, "export", dir.resolve("one").toString());
    assertThat(exported.exit()).as(exported.toString()).isZero();
    Cli.Run again = cli(second, "apply", dir.resolve("one").toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    Cli.Run reexported = cli(second, "export", dir.resolve("two").toString());
    assertThat(reexported.exit()).isZero();

    for (String file : ExportCommand.FILES) {
      assertThat(dir.resolve("two").resolve(file)).as(file).exists();
      assertThat(Files.readAllBytes(dir.resolve("two").resolve(file)))
          .as(file).isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(file)));
    }
    // Applying the export once more changes nothing.
    Cli.Run noop = cli(second, "apply", "--prune", dir.resolve("two").toString());
    assertThat(noop.out()).startsWith("no changes");
  }

  @Test
  void prune_shows_the_diff_then_deletes_what_the_folder_no_longer_has_dependants_first() throws Exception {
    String[] apply = Stream.concat(Stream.of("apply"), Stream.of(examples())).toArray(String[]::new);
    assertThat(cli(first, apply).exit()).isZero();
    Path folder = dir.resolve("git");
    assertThat(cli(first, "export", folder.toString()).exit()).isZero();
    // Someone removes the capacity signal, and the search-latency SLO with its Service, from the folder.
    Files.delete(folder.resolve("capacity.yaml"));
    String openslo = Files.readString(folder.resolve("openslo.yaml"));
    List<String> documents = List.of(openslo.split("(?m)^---\n"));
    String kept = String.join("---\n", documents.stream()
        .filter(d -> !d.contains("name: search-latency\n") && !d.contains("name: search\n")).toList());
    assertThat(kept).isNotEqualTo(openslo);
    Files.writeString(folder.resolve("openslo.yaml"), kept);

    Cli.Run preview = cli(first, "apply", "--prune", "--dry-run", folder.toString());
    assertThat(preview.exit()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("- CapacitySignal checkout-traffic deleted", "- SLO search-latency deleted",
        "- Service search deleted", "(dry run: nothing was changed)");
    // The SLO names the Service: it goes first, or the Service's delete would be refused.
    assertThat(preview.out().indexOf("- SLO search-latency")).isLessThan(preview.out().indexOf("- Service search"));
    assertThat(cli(first, "capacity").out()).contains("checkout-traffic");

    Cli.Run pruned = cli(first, "apply", "--prune", folder.toString());
    assertThat(pruned.exit()).as(pruned.toString()).isZero();
    Cli.Run after = cli(first, "export", dir.resolve("after").toString());
    assertThat(after.exit()).isZero();
    assertThat(dir.resolve("after/capacity.yaml")).doesNotExist();
    assertThat(Files.readString(dir.resolve("after/openslo.yaml"))).isEqualTo(kept)
        .doesNotContain("name: search-latency\n");
    assertThat(cli(first, "apply", "--prune", folder.toString()).out()).startsWith("no changes");
  }

  @Test
  void a_kind_governor_does_not_take_is_refused_with_its_file_and_line_and_nothing_is_applied() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("mixed"));
    Files.copy(EXAMPLES.resolve("checkout.yaml"), folder.resolve("a.yaml"));
    Files.writeString(folder.resolve("b.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");

    Cli.Run refused = cli(first, "apply", folder.toString());

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("b.yaml", "apps/v1", "Deployment");
    Cli.Run export = cli(first, "export");
    assertThat(export.out()).isEmpty();
  }

  @Test
  void an_escalation_policy_naming_an_unknown_schedule_is_refused_before_the_slos_are_applied() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("dangling"));
    Files.copy(EXAMPLES.resolve("checkout.yaml"), folder.resolve("a.yaml"));
    Files.writeString(folder.resolve("b.yaml"), """
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: shop-team}
        spec:
          services: [checkout]
          levels:
            - after: 0m
              notify:
                - schedule: nobody-wrote-this
        """);

    Cli.Run refused = cli(first, "apply", folder.toString());

    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("nobody-wrote-this", "nothing was applied");
    assertThat(cli(first, "export").out()).isEmpty();
  }

  @Test
  void a_bad_document_is_refused_before_anything_changes() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bad"));
    Files.copy(EXAMPLES.resolve("checkout.yaml"), folder.resolve("a.yaml"));
    // A good document first, so the bad one's line in the file is not its line in the document.
    Files.writeString(folder.resolve("b.yaml"), """
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata: {name: fine}
        spec: {sli: checkout-availability, limit: {max: 10}}
        ---
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata: {name: x}
        spec:
          sli: checkout-availability
          limit: {max: lots}
        """);

    Cli.Run refused = cli(first, "apply", folder.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("b.yaml:11", "spec.limit.max", "nothing was applied");
    assertThat(cli(first, "export").out()).isEmpty();
  }
}
