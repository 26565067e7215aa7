package dev.governor.prometheus.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.governor.prometheus.matching.Decoded;
import dev.governor.prometheus.matching.Labels;
import dev.governor.prometheus.matching.PushedSeries;
import dev.governor.prometheus.matching.PushedSeries.Temporality;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpDecoderTest {

  static final long T = 1_700_000_000_000L;

  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] stringAttribute(String key, String value) throws IOException {
    return message(kv -> {
      kv.writeString(1, key);
      kv.writeByteArray(2, message(v -> v.writeString(1, value)));
    });
  }

  /** A request with one resource (service.name checkout), one scope, a sum, a gauge and a delta sum. */
  static byte[] request() throws IOException {
    byte[] cumulativePoint = message(p -> {
      p.writeByteArray(7, stringAttribute("http.response.status_code", "200"));
      p.writeByteArray(7, message(kv -> { // an int attribute
        kv.writeString(1, "port");
        kv.writeByteArray(2, message(v -> v.writeInt64(3, 8080)));
      }));
      p.writeFixed64(2, (T - 60_000) * 1_000_000);
      p.writeFixed64(3, T * 1_000_000);
      p.writeSFixed64(6, 42);
    });
    byte[] sum = message(s -> {
      s.writeByteArray(1, cumulativePoint);
      s.writeEnum(2, 2); // CUMULATIVE
      s.writeBool(3, true);
    });
    byte[] gauge = message(g -> g.writeByteArray(1, message(p -> {
      p.writeFixed64(3, T * 1_000_000);
      p.writeDouble(4, 0.5);
    })));
    byte[] deltaSum = message(s -> {
      s.writeByteArray(1, message(p -> {
        p.writeFixed64(3, T * 1_000_000);
        p.writeDouble(4, 3.0);
      }));
      s.writeEnum(2, 1); // DELTA
      s.writeBool(3, true);
    });
    byte[] scope = message(sm -> {
      sm.writeByteArray(1, message(sc -> sc.writeString(1, "io.opentelemetry.http")));
      sm.writeByteArray(2, message(m -> {
        m.writeString(1, "http.server.requests");
        m.writeString(3, "1");
        m.writeByteArray(7, sum);
      }));
      sm.writeByteArray(2, message(m -> {
        m.writeString(1, "queue.size");
        m.writeByteArray(5, gauge);
      }));
      sm.writeByteArray(2, message(m -> {
        m.writeString(1, "jobs.done");
        m.writeByteArray(7, deltaSum);
      }));
    });
    byte[] resourceMetrics = message(rm -> {
      rm.writeByteArray(2, scope); // scopes before the resource: the decoder must not depend on order
      rm.writeByteArray(1, message(r -> {
        r.writeByteArray(1, stringAttribute("service.name", "checkout"));
        r.writeByteArray(1, stringAttribute("service.instance.id", "pod-1"));
      }));
    });
    return message(req -> req.writeByteArray(1, resourceMetrics));
  }

  @Test
  void aProtobufRequest_yieldsItsMonotonicSums_withResourceAttributesAsLabels() throws IOException {
    Decoded decoded = OtlpDecoder.decodeProtobuf(request());

    assertThat(decoded).isInstanceOf(Decoded.Series.class);
    List<PushedSeries> series = ((Decoded.Series) decoded).series();
    assertThat(series).containsExactly(
        new PushedSeries(Labels.of("__name__", "http_server_requests", "service_name", "checkout",
            "service_instance_id", "pod-1", "job", "checkout", "instance", "pod-1",
            "http_response_status_code", "200", "port", "8080"), Temporality.CUMULATIVE,
            List.of(new PushedSeries.Sample(T, 42, T - 60_000))),
        new PushedSeries(Labels.of("__name__", "jobs_done", "service_name", "checkout",
            "service_instance_id", "pod-1", "job", "checkout", "instance", "pod-1"), Temporality.DELTA,
            List.of(new PushedSeries.Sample(T, 3.0, 0))));
  }

  @Test
  void aJsonRequest_decodesLikeTheProtobufOne() {
    String json = """
        {"resourceMetrics": [{
          "resource": {"attributes": [
            {"key": "service.name", "value": {"stringValue": "checkout"}},
            {"key": "service.instance.id", "value": {"stringValue": "pod-1"}}]},
          "scopeMetrics": [{
            "scope": {"name": "io.opentelemetry.http"},
            "metrics": [
              {"name": "http.server.requests", "unit": "1",
               "sum": {"aggregationTemporality": 2, "isMonotonic": true, "dataPoints": [
                 {"attributes": [{"key": "http.response.status_code", "value": {"stringValue": "200"}},
                                 {"key": "port", "value": {"intValue": "8080"}}],
                  "startTimeUnixNano": "%d", "timeUnixNano": "%d", "asInt": "42"}]}},
              {"name": "queue.size", "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asDouble": 0.5}]}},
              {"name": "jobs.done",
               "sum": {"aggregationTemporality": 1, "isMonotonic": true, "dataPoints": [
                 {"timeUnixNano": "%d", "asDouble": 3.0}]}},
              {"name": "in.flight",
               "sum": {"aggregationTemporality": 2, "isMonotonic": false, "dataPoints": [
                 {"timeUnixNano": "%d", "asInt": "4"}]}}
            ]}]}]}
        """.formatted((T - 60_000) * 1_000_000, T * 1_000_000, T * 1_000_000, T * 1_000_000, T * 1_000_000);
    Decoded fromJson = OtlpDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8));

    assertThat(fromJson).isInstanceOf(Decoded.Series.class);
    try {
      assertThat(fromJson).isEqualTo(OtlpDecoder.decodeProtobuf(request()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aPointWithoutARecordedValue_isSkipped() {
    String json = """
        {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "c", "sum": {"aggregationTemporality": 2,
          "isMonotonic": true, "dataPoints": [{"timeUnixNano": "1", "asInt": "1", "flags": 1}]}}]}]}]}
        """;

    assertThat(OtlpDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Decoded.Series(List.of()));
  }

  @Test
  void brokenBodies_areMalformed_withTheReason() {
    assertThat(OtlpDecoder.decodeJson("{\"resourceMetrics\": 3}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(Decoded.Malformed.class, m -> assertThat(m.reason()).contains("resourceMetrics must be an array"));
    assertThat(OtlpDecoder.decodeJson("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(Decoded.Malformed.class, m -> assertThat(m.reason()).contains("not JSON"));
    assertThat(OtlpDecoder.decodeProtobuf(new byte[] {0x0a, 0x7f, 0x01}))
        .isInstanceOfSatisfying(Decoded.Malformed.class, m -> assertThat(m.reason()).contains("ExportMetricsServiceRequest"));
  }
}
