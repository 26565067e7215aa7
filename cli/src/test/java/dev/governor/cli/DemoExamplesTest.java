package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.slo.Catalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoExamplesTest {

  @Test
  void theDemoSkipsTheExamplesThatReadPrometheus_andFeedsEverySloItApplies() {
    List<SpecFiles.SpecFile> all = DemoExamples.find(Repository.root().resolve("examples"));

    DemoExamples.Selection selection = DemoExamples.feedable(all);

    assertThat(selection.skipped()).map(n -> Path.of(n).getFileName().toString())
        .containsExactlyInAnyOrder("prometheus-pull.yaml", "prometheus-push.yaml", "sloth-api.yaml");
    assertThat(selection.reason()).contains("Prometheus");
    assertThat(selection.feedable()).map(f -> Path.of(f.name()).getFileName().toString())
        .contains("checkout.yaml", "payments-timeslices.yaml", "search-latency.yaml", "identity.yaml");
    Catalog catalog = catalogOf(selection.feedable());
    assertThat(catalog.slos()).hasSizeGreaterThanOrEqualTo(10);
    // What the UI would show as a permanent "no data" row: an SLO whose SLI neither the traffic nor
    // one of the demo's probes (run against the shop it serves) feeds.
    Set<String> fed = DemoTraffic.feedsOf(catalog).stream().map(f -> f.sli().value()).collect(Collectors.toSet());
    Set<String> probes = DemoExamples.probes(Repository.root().resolve("examples")).stream()
        .flatMap(f -> dev.governor.ingest.probe.ProbeReader.parse(f.name(), f.text()).documents().stream())
        .map(d -> d.probe().name()).collect(Collectors.toSet());
    assertThat(probes).contains("demo-shop");
    assertThat(catalog.slos()).allSatisfy(slo -> {
      var sources = slo.indicator().metric().sources();
      if (sources.stream().allMatch(DemoExamples::isProbe)) {
        assertThat(probes).as("SLO %s", slo.name()).contains(String.valueOf(sources.getFirst().spec().get("probe")));
      } else {
        assertThat(fed).as("SLO %s", slo.name()).contains(slo.indicator().name().value());
      }
    });
  }

  @Test
  void theDemoAppliesThePolicies_ofTheCheckout_orTheCopiesBundledWithTheJar(@org.junit.jupiter.api.io.TempDir Path empty) {
    List<SpecFiles.SpecFile> local = DemoExamples.policies(Repository.root().resolve("examples"));
    List<SpecFiles.SpecFile> bundled = DemoExamples.policies(empty);

    assertThat(local).map(f -> Path.of(f.name()).getFileName().toString()).containsExactly("checkout-policy.yaml");
    assertThat(bundled).map(SpecFiles.SpecFile::name).containsExactly("(bundled) policies/checkout-policy.yaml");
    assertThat(bundled.getFirst().text()).isEqualTo(local.getFirst().text());
  }

  @Test
  void aFileThatDoesNotParse_isKept_soApplyingItReportsWhy() {
    var broken = new SpecFiles.SpecFile("broken.yaml", "apiVersion: openslo/v1\nkind: SLO\nmetadata: [\n");

    DemoExamples.Selection selection = DemoExamples.feedable(List.of(broken));

    assertThat(selection.feedable()).containsExactly(broken);
    assertThat(selection.skipped()).isEmpty();
  }

  private static Catalog catalogOf(List<SpecFiles.SpecFile> files) {
    List<ResourceDocument> documents = new ArrayList<>();
    for (SpecFiles.SpecFile f : files) {
      var parsed = SpecParser.parse(f.name(), f.text());
      assertThat(parsed.problems()).as(f.name()).isEmpty();
      documents.addAll(parsed.documents());
    }
    Resolution resolution = CatalogResolver.resolve(documents);
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    return ((Resolution.Resolved) resolution).catalog();
  }
}
