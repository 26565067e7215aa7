package dev.governor.ingest.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.SliName;
import dev.governor.capacity.CapacitySignal;
import dev.governor.slo.SpecProblem;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapacitySignalReaderTest {

  @Test
  void an_sli_traffic_signal_and_a_promql_floor_read_in_full() {
    CapacitySignalReader.Parsed parsed = CapacitySignalReader.parse("capacity.yaml", """
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata:
          name: checkout-traffic
        spec:
          description: Checkout requests per minute
          sli: checkout-availability
          unit: requests/min
          limit:
            max: 1200
          ticketWithin: 14d
        ---
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata:
          name: db-free-disk
        spec:
          prometheus:
            dataSource: prometheus
            query: node_filesystem_avail_bytes{mountpoint="/var/lib/postgresql"}
          unit: bytes
          limit:
            min: 10737418240
        """);

    assertThat(parsed.problems()).isEmpty();
    CapacitySignal traffic = parsed.documents().get(0).signal();
    assertThat(traffic).isEqualTo(new CapacitySignal("checkout-traffic", "Checkout requests per minute",
        new CapacitySignal.SliTraffic(SliName.of("checkout-availability")), "requests/min",
        new CapacitySignal.Limit(1200, true), Duration.ofDays(14), true));
    CapacitySignal disk = parsed.documents().get(1).signal();
    assertThat(disk.source()).isEqualTo(new CapacitySignal.PromQuery("prometheus",
        "node_filesystem_avail_bytes{mountpoint=\"/var/lib/postgresql\"}"));
    assertThat(disk.limit()).isEqualTo(new CapacitySignal.Limit(10737418240.0, false));
    assertThat(disk.ticketWithin()).isEqualTo(CapacitySignalReader.DEFAULT_TICKET_WITHIN);
    assertThat(parsed.documents().get(1).line()).isEqualTo(13);
  }

  @Test
  void every_problem_names_its_field_and_line_and_says_what_to_write() {
    CapacitySignalReader.Parsed parsed = CapacitySignalReader.parse("bad.yaml", """
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata:
          name: Checkout Traffic
        spec:
          sli: checkout-availability
          prometheus:
            dataSource: prometheus
            query: up
          limit:
            max: 10
            min: 1
          ticketWithin: soon
          colour: blue
        """);

    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).extracting(SpecProblem::path)
        .contains("metadata.name", "spec", "spec.limit", "spec.ticketWithin", "spec.colour");
    assertThat(parsed.problems()).filteredOn(p -> p.path().equals("spec.ticketWithin"))
        .singleElement().satisfies(p -> {
          assertThat(p.line()).isEqualTo(13);
          assertThat(p.message()).contains("such as 30d");
        });
    assertThat(parsed.problems()).filteredOn(p -> p.path().equals("spec.limit"))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("exactly one of max", "or min"));
  }

  @Test
  void a_document_without_a_limit_is_refused() {
    CapacitySignalReader.Parsed parsed = CapacitySignalReader.parse("nolimit.yaml", """
        apiVersion: governor.dev/v1
        kind: CapacitySignal
        metadata: {name: x}
        spec: {sli: checkout-availability}
        """);

    assertThat(parsed.isValid()).isFalse();
    assertThat(parsed.problems()).extracting(SpecProblem::message).anyMatch(m -> m.contains("limit is required"));
  }
}
