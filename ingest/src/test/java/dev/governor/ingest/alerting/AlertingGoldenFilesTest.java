package dev.governor.ingest.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.Signal;
import dev.governor.incident.SignalLink;
import dev.governor.ingest.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code alerting/in-*.json} (payloads from the Prometheus and PagerDuty docs and captured
 * from a real Alertmanager 0.25, see the README there) decodes to what its {@code out-*.txt} says.
 */
class AlertingGoldenFilesTest {

  static final Path DIR = Path.of("src/test/resources/alerting");
  static final Instant RECEIVED = Instant.parse("2026-11-21T10:04:17Z");

  static Stream<Path> inputs() {
    return Golden.inputs(DIR, "in-*.json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void eachPayloadDecodesToItsGoldenSignals(Path input) {
    byte[] json = Golden.read(input).getBytes(StandardCharsets.UTF_8);
    String name = input.getFileName().toString();
    StringBuilder out = new StringBuilder();
    if (name.startsWith("in-alertmanager")) {
      DecodedSignals decoded = AlertmanagerWebhookDecoder.decode(json, "prod-am");
      assertThat(decoded.problems()).as("problems").isEmpty();
      decoded.signals().forEach(s -> render(s, out));
    } else {
      PagerDutyEventDecoder.Decoded decoded = PagerDutyEventDecoder.decode(json, Optional.empty(), RECEIVED);
      assertThat(decoded.errors()).as("errors").isEmpty();
      out.append("routing key: ").append(decoded.routingKey().orElseThrow()).append('\n');
      render(decoded.event().orElseThrow().signal("ci"), out);
    }
    Golden.check(DIR, input, out.toString());
  }

  static void render(Signal s, StringBuilder out) {
    out.append(s.action()).append(' ').append(s.dedupKey().orElse("(no dedup key)")).append('\n');
    out.append("  source: ").append(s.source()).append(", integration: ").append(s.integration()).append('\n');
    out.append("  at: ").append(s.at()).append('\n');
    out.append("  severity: ").append(s.severity()).append('\n');
    out.append("  summary: ").append(escape(s.summary())).append('\n');
    map("labels", s.labels(), out);
    map("details", s.details(), out);
    out.append("  links:").append(s.links().isEmpty() ? " (none)" : "").append('\n');
    for (SignalLink link : s.links()) {
      out.append("    ").append(link.image() ? "image " : "").append('"').append(link.text()).append("\" ")
          .append(link.href()).append('\n');
    }
  }

  private static void map(String name, Map<String, String> values, StringBuilder out) {
    out.append("  ").append(name).append(':').append(values.isEmpty() ? " (none)" : "").append('\n');
    new TreeMap<>(values).forEach((k, v) -> out.append("    ").append(k).append(" = ").append(escape(v)).append('\n'));
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
