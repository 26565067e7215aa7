package dev.governor.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.incident.AlertSeverity;
import dev.governor.response.IncidentAction;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentResponseConfigTest {

  static ServerConfig load(Map<String, String> env) {
    return ServerConfig.load(Optional.empty(), env, Map.of());
  }

  @Test
  void defaults_linkToTheListeningAddress_callNoActions_andFreezeOnCriticalIncidents() {
    ServerConfig.Response r = load(Map.of()).response();
    assertThat(r.publicUrl()).isEmpty();
    assertThat(r.actions()).isEmpty();
    assertThat(r.freezeDeploysFrom()).contains(AlertSeverity.CRITICAL);
  }

  @Test
  void actions_readFromTheVariable_withTheirOptions() {
    ServerConfig config = load(Map.of(
        "GOVERNOR_PUBLIC_URL", "https://governor.example.com",
        "GOVERNOR_INCIDENT_FREEZE_DEPLOYS_FROM", "off",
        "GOVERNOR_INCIDENT_ACTIONS", "runbook https://automation.example/hooks/governor on=opened,resolved"
            + " services=checkout,payments minSeverity=error secret=s3cret; audit http://127.0.0.1:9000/log"));
    ServerConfig.Response r = config.response();
    assertThat(r.publicUrl()).contains(URI.create("https://governor.example.com"));
    assertThat(r.freezeDeploysFrom()).isEmpty();
    IncidentAction runbook = r.actions().getFirst();
    assertThat(runbook.name()).isEqualTo("runbook");
    assertThat(runbook.events()).isEqualTo(Set.of("opened", "resolved"));
    assertThat(runbook.services()).isEqualTo(Set.of("checkout", "payments"));
    assertThat(runbook.minSeverity()).isEqualTo(AlertSeverity.ERROR);
    assertThat(runbook.target().secret()).contains("s3cret");
    assertThat(r.actions().get(1).events()).isEqualTo(Set.of("opened", "acknowledged", "resolved"));
    assertThat(config.toString()).contains("actions=[runbook, audit]").doesNotContain("s3cret");
  }

  @Test
  void aBadAction_isRefused_namingTheKeyAndEntry_withoutItsSecret() {
    assertThatThrownBy(() -> load(Map.of("GOVERNOR_INCIDENT_ACTIONS", "runbook https://a.example/h secret=hunter2 on=started")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("incidents.actions (from environment variable GOVERNOR_INCIDENT_ACTIONS), entry 1")
        .hasMessageContaining("started")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> load(Map.of("GOVERNOR_INCIDENT_ACTIONS", "runbook ftp://a.example/h")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> load(Map.of("GOVERNOR_INCIDENT_FREEZE_DEPLOYS_FROM", "severe")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("incidents.freezeDeploysFrom");
  }
}
