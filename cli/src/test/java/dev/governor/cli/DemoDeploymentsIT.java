package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.governor.server.GovernorServer;
import dev.governor.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo's deployments recorded the way {@code governor demo} records them, through the HTTP API
 * of a real server, and the DORA numbers the API (and so the DORA page) reports for them: the
 * hand-checked values worked out in {@link DemoDeploymentsTest}.
 */
class DemoDeploymentsIT {

  static final LocalDate TODAY = LocalDate.parse("2026-03-09");

  @Test
  void theDemosDeployments_giveTheHandCheckedDoraNumbers_andARestartRecordsNothingTwice(@TempDir Path dataDir) {
    try (GovernorServer server = GovernorServer.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of(
        "server.bind", "127.0.0.1", "server.port", "0", "storage.dataDir", dataDir.toString(), "storage.jdbcUrl", "")))) {
      ApiClient client = new ApiClient(server.baseUri(), Optional.empty());

      // 28 checkout deploys and 2 hotfixes, 14 of catalog, 4 of identity.
      assertThat(DemoDeployments.record(client, TODAY)).isEqualTo(new DemoDeployments.Recorded(48, 0));
      assertThat(DemoDeployments.record(client, TODAY)).isEqualTo(new DemoDeployments.Recorded(0, 48));

      String period = "from=2026-02-09T00:00:00Z&to=2026-03-09T00:00:00Z";
      JsonNode checkout = client.get("/api/v1/dora?service=checkout&" + period).body();
      assertThat(checkout.at("/deploymentFrequency/deployments").asInt()).isEqualTo(28);
      assertThat(checkout.at("/deploymentFrequency/perDay").asDouble()).isEqualTo(1.0);
      assertThat(checkout.at("/deploymentFrequency/band").asString()).isEqualTo("elite");
      assertThat(checkout.at("/deploymentFrequency/medianIntervalSeconds").asLong()).isEqualTo(24 * 3600);
      assertThat(checkout.at("/changeLeadTime/samples").asInt()).isEqualTo(54);
      assertThat(checkout.at("/changeLeadTime/medianSeconds").asLong()).isEqualTo(3600 + 15 * 60);
      assertThat(checkout.at("/changeLeadTime/p90Seconds").asLong()).isEqualTo(18 * 3600 + 15 * 60);
      assertThat(checkout.at("/changeFailRate/count").asInt()).isEqualTo(4);
      assertThat(checkout.at("/changeFailRate/of").asInt()).isEqualTo(28);
      assertThat(checkout.at("/changeFailRate/band").asString()).isEqualTo("medium");
      assertThat(checkout.at("/failedDeploymentRecoveryTime/medianSeconds").asLong()).isEqualTo(3600 + 40 * 60);
      assertThat(checkout.at("/failedDeploymentRecoveryTime/p90Seconds").asLong()).isEqualTo(2 * 3600 + 50 * 60);
      assertThat(checkout.at("/failedDeploymentRecoveryTime/band").asString()).isEqualTo("high");
      assertThat(checkout.at("/deploymentReworkRate/count").asInt()).isEqualTo(2);

      JsonNode all = client.get("/api/v1/dora?" + period).body();
      assertThat(all.at("/deploymentFrequency/deployments").asInt()).isEqualTo(46);
      assertThat(all.at("/changeLeadTime/medianSeconds").asLong()).isEqualTo(18 * 3600 + 15 * 60);
      assertThat(all.at("/changeLeadTime/p90Seconds").asLong()).isEqualTo(71 * 3600 + 20 * 60);
      assertThat(all.at("/changeFailRate/rate").asDouble()).isCloseTo(6 / 46.0, within(1e-12));
      assertThat(all.at("/failedDeploymentRecoveryTime/medianSeconds").asLong()).isEqualTo(3600);

      // The rollback went through the outcome endpoint, as a deploy system reports one.
      JsonNode rolledBack = client.get("/api/v1/deployments/demo-checkout-2026-03-02").body();
      assertThat(rolledBack.path("outcome").asString()).as("c=4 on 2026-03-02").isEqualTo("rolled_back");
      assertThat(rolledBack.path("rolledBackAt").asString()).isEqualTo("2026-03-02T10:45:00Z");
    }
  }
}
