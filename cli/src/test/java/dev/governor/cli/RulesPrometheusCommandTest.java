package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code governor rules prometheus}: offline, all or nothing. */
class RulesPrometheusCommandTest {

  private final Path examples = Repository.root().resolve("examples");

  @Test
  void aSlothSpec_becomesARuleFile_onStandardOutput_exits0() {
    Cli.Run run = Cli.run("rules", "prometheus", examples.resolve("sloth-api.yaml").toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("groups:\n")
        .contains("- name: sloth-slo-sli-recordings-api-requests-availability\n")
        .contains("- name: sloth-slo-alerts-api-requests-latency\n")
        .contains("expr: vector(0.999)\n")
        .contains("expr: vector(0.001)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void dashO_writesTheFile_andSaysWhatItWrote(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("rules.yaml");
    Cli.Run run = Cli.run("rules", "prometheus", examples.resolve("sloth-api.yaml").toString(), "-o", out.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("wrote 6 rule groups for 2 SLOs to " + out + "\n");
    assertThat(Files.readString(out)).contains("record: slo:sli_error:ratio_rate30d\n");
  }

  @Test
  void anSloFedThroughGovernor_isRefusedWithTheReason_nothingWritten_exits1(@TempDir Path dir) {
    Path out = dir.resolve("rules.yaml");
    Cli.Run run = Cli.run("rules", "prometheus", examples.toString(), "-o", out.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("governor: SLO checkout-availability cannot be exported: its SLI checkout-availability is fed"
            + " through Governor's events API")
        .contains("governor: no rules written; --slo NAME exports only the SLOs you name");
    assertThat(out).doesNotExist();
  }

  @Test
  void dashDashSlo_picksTheExportableOnes_exits0() {
    Cli.Run run = Cli.run("rules", "prometheus", examples.toString(), "--slo", "api-requests-availability");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("sloth_id: api-requests-availability").doesNotContain("checkout");
  }

  @Test
  void anUnknownSloName_exits1() {
    Cli.Run run = Cli.run("rules", "prometheus", examples.toString(), "--slo", "nope");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("there is no SLO named 'nope' in the files");
  }

  @Test
  void anInvalidFile_exits1_withItsProblems(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: Bad_Name\n");
    Cli.Run run = Cli.run("rules", "prometheus", broken.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(broken + ":4: metadata.name:").contains("no rules written");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void theSpecsAlertingSection_namesLabelsAndDisablesTheAlerts_asInSloth() {
    Cli.Run run = Cli.run("rules", "prometheus", examples.resolve("sloth-api.yaml").toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().split("- alert: ApiHighErrorRate\n", -1)).hasSize(3);
    assertThat(run.out().split("- alert: ApiHighLatency\n", -1)).as("the page alert is disabled").hasSize(2);
    assertThat(run.out())
        .doesNotContain("ErrorBudgetBurn")
        .contains("      category: availability\n      severity: critical\n      sloth_severity: page\n")
        .contains("      summary: High error rate on API requests\n");
  }

  @Test
  void aFieldWrittenOtherwiseThanSlothWould_isAWarningOnStderr_andTheRulesAreWritten(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, """
        version: prometheus/v1
        service: api
        labels:
          app.kubernetes.io/name: api
        slos:
          - name: ratio
            objective: 99
            sli:
              raw:
                error_ratio_query: job:error_ratio:rate{{.window}}
            alerting:
              name: ApiErrors
        """);
    Cli.Run run = Cli.run("rules", "prometheus", spec.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEqualTo("governor: warning: SLO api-ratio: label 'app.kubernetes.io/name' is written as"
        + " app_kubernetes_io_name, since Prometheus label names hold only letters, digits and '_' (Sloth refuses"
        + " the spec instead)\n");
    assertThat(run.out()).contains("app_kubernetes_io_name: api\n").doesNotContain("# warning");
  }
}
