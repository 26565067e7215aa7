package dev.governor.prometheus.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.governor.prometheus.matching.Decoded;
import dev.governor.prometheus.matching.Labels;
import dev.governor.prometheus.matching.PushedSeries;
import dev.governor.prometheus.matching.PushedSeries.Temporality;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.core.json.JsonFactory;
import dev.governor.ingest.NumberLimits;
import dev.governor.text.Quoted;

/**
 * Decodes an OTLP/HTTP {@code ExportMetricsServiceRequest}, as protobuf or as OTLP JSON, into the
 * series push intake counts. Only monotonic sums are kept: cumulative ones are counters, delta ones
 * increments. Gauges, non-monotonic sums, histograms and summaries are skipped. Field numbers
 * (opentelemetry-proto, metrics/v1 and common/v1):
 * <pre>
 * ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
 * ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
 * Resource        { repeated KeyValue attributes = 1; }
 * ScopeMetrics    { repeated Metric metrics = 2; }
 * Metric          { string name = 1; Sum sum = 7; }          // gauge = 5 and the rest skipped
 * Sum             { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3; }
 * NumberDataPoint { repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
 *                   double as_double = 4; sfixed64 as_int = 6; uint32 flags = 8; }
 * KeyValue        { string key = 1; AnyValue value = 2; }
 * AnyValue        { string_value = 1; bool_value = 2; int64 int_value = 3; double double_value = 4; ... }
 * </pre>
 * Labels are the resource's attributes and the point's (the point's win), names with anything but
 * letters, digits and _ turned into _, plus {@code job} and {@code instance} as Prometheus derives
 * them from {@code service.*}; the metric name becomes {@code __name__} the same way.
 */
public final class OtlpDecoder {

  static final int DELTA = 1;
  static final int CUMULATIVE = 2;
  /** NumberDataPoint.flags bit: the point carries no value (the series went away). */
  static final int NO_RECORDED_VALUE = 1;

  private static final JsonMapper JSON = JsonMapper.builder(
      JsonFactory.builder().streamReadConstraints(NumberLimits.STREAM_READ_CONSTRAINTS).build()).build();

  private OtlpDecoder() {}

  // ------------------------------------------------------------------ protobuf

  public static Decoded decodeProtobuf(byte[] body) {
    try {
      List<PushedSeries> out = new ArrayList<>();
      CodedInputStream in = CodedInputStream.newInstance(body);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == lengthDelimited(1)) {
          int limit = in.pushLimit(in.readRawVarint32());
          resourceMetrics(in, out);
          in.popLimit(limit);
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      return new Decoded.Series(out);
    } catch (IOException | RuntimeException e) {
      return new Decoded.Malformed("the body is not an OTLP ExportMetricsServiceRequest protobuf: " + e.getMessage());
    }
  }

  private static int lengthDelimited(int field) {
    return (field << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static void resourceMetrics(CodedInputStream in, List<PushedSeries> out) throws IOException {
    Map<String, String> resource = new LinkedHashMap<>();
    List<byte[]> scopes = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == lengthDelimited(1)) {
        int limit = in.pushLimit(in.readRawVarint32());
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (t == lengthDelimited(1)) keyValue(in, resource);
          else in.skipField(t);
        }
        in.popLimit(limit);
      } else if (tag == lengthDelimited(2)) {
        // The resource may come after its scopes on the wire; read them once it is known.
        scopes.add(in.readByteArray());
      } else {
        in.skipField(tag);
      }
    }
    Map<String, String> base = new HashMap<>();
    OtlpNames.addResource(resource, base);
    for (byte[] scope : scopes) {
      CodedInputStream s = CodedInputStream.newInstance(scope);
      for (int tag = s.readTag(); tag != 0; tag = s.readTag()) {
        if (tag == lengthDelimited(2)) {
          int limit = s.pushLimit(s.readRawVarint32());
          metric(s, base, out);
          s.popLimit(limit);
        } else {
          s.skipField(tag);
        }
      }
    }
  }

  private static void metric(CodedInputStream in, Map<String, String> base, List<PushedSeries> out) throws IOException {
    String name = "";
    byte[] sum = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == lengthDelimited(1)) name = in.readStringRequireUtf8();
      else if (tag == lengthDelimited(7)) sum = in.readByteArray();
      else in.skipField(tag);
    }
    if (sum == null) return;
    CodedInputStream s = CodedInputStream.newInstance(sum);
    List<byte[]> points = new ArrayList<>();
    int temporality = 0;
    boolean monotonic = false;
    for (int tag = s.readTag(); tag != 0; tag = s.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> points.add(s.readByteArray());
        case (2 << 3) | WireFormat.WIRETYPE_VARINT -> temporality = s.readEnum();
        case (3 << 3) | WireFormat.WIRETYPE_VARINT -> monotonic = s.readBool();
        default -> s.skipField(tag);
      }
    }
    Temporality kind = temporality(temporality, monotonic);
    if (kind == null) return;
    for (byte[] point : points) {
      CodedInputStream p = CodedInputStream.newInstance(point);
      Map<String, String> attributes = new LinkedHashMap<>();
      long start = 0, time = 0;
      double value = Double.NaN;
      int flags = 0;
      for (int tag = p.readTag(); tag != 0; tag = p.readTag()) {
        switch (tag) {
          case (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> keyValue(p, attributes);
          case (2 << 3) | WireFormat.WIRETYPE_FIXED64 -> start = p.readFixed64();
          case (3 << 3) | WireFormat.WIRETYPE_FIXED64 -> time = p.readFixed64();
          case (4 << 3) | WireFormat.WIRETYPE_FIXED64 -> value = p.readDouble();
          case (6 << 3) | WireFormat.WIRETYPE_FIXED64 -> value = p.readSFixed64();
          case (8 << 3) | WireFormat.WIRETYPE_VARINT -> flags = p.readUInt32();
          default -> p.skipField(tag);
        }
      }
      point(name, base, attributes, kind, start, time, value, flags, out);
    }
  }

  private static void keyValue(CodedInputStream in, Map<String, String> into) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String key = "";
    String value = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == lengthDelimited(1)) {
        key = in.readStringRequireUtf8();
      } else if (tag == lengthDelimited(2)) {
        int inner = in.pushLimit(in.readRawVarint32());
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          switch (t) {
            case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> value = in.readStringRequireUtf8();
            case (2 << 3) | WireFormat.WIRETYPE_VARINT -> value = Boolean.toString(in.readBool());
            case (3 << 3) | WireFormat.WIRETYPE_VARINT -> value = Long.toString(in.readInt64());
            case (4 << 3) | WireFormat.WIRETYPE_FIXED64 -> value = number(in.readDouble());
            default -> in.skipField(t); // arrays, maps and bytes make no label
          }
        }
        in.popLimit(inner);
      } else {
        in.skipField(tag);
      }
    }
    in.popLimit(limit);
    if (value != null) into.put(key, value);
  }

  // ------------------------------------------------------------------ JSON

  /** OTLP JSON: lowerCamelCase field names, 64-bit integers as strings (numbers accepted too). */
  public static Decoded decodeJson(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      return new Decoded.Malformed("the body is not JSON: " + e.getOriginalMessage());
    }
    try {
      if (root == null || !root.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
      List<PushedSeries> out = new ArrayList<>();
      for (JsonNode rm : array(root, "resourceMetrics")) {
        Map<String, String> resource = new LinkedHashMap<>();
        attributes(rm.path("resource"), resource);
        Map<String, String> base = new HashMap<>();
        OtlpNames.addResource(resource, base);
        List<JsonNode> scopes = new ArrayList<>(array(rm, "scopeMetrics"));
        scopes.addAll(array(rm, "instrumentationLibraryMetrics")); // before OTLP 0.19
        for (JsonNode sm : scopes) {
          for (JsonNode metric : array(sm, "metrics")) jsonMetric(metric, base, out);
        }
      }
      return new Decoded.Series(out);
    } catch (IllegalArgumentException e) {
      return new Decoded.Malformed("the body is not an OTLP JSON ExportMetricsServiceRequest: " + e.getMessage());
    }
  }

  private static void jsonMetric(JsonNode metric, Map<String, String> base, List<PushedSeries> out) {
    JsonNode sum = metric.path("sum");
    if (!sum.isObject()) return;
    String name = metric.path("name").asString("");
    Temporality kind = temporality(enumValue(sum.path("aggregationTemporality")), sum.path("isMonotonic").asBoolean(false));
    if (kind == null) return;
    for (JsonNode p : array(sum, "dataPoints")) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes(p, attributes);
      double value = p.has("asDouble") ? jsonDouble(p.get("asDouble"), "asDouble")
          : p.has("asInt") ? jsonLong(p.get("asInt"), "asInt") : Double.NaN;
      point(name, base, attributes, kind, jsonLong(p.path("startTimeUnixNano"), "startTimeUnixNano"),
          jsonLong(p.path("timeUnixNano"), "timeUnixNano"), value, (int) jsonLong(p.path("flags"), "flags"), out);
    }
  }

  private static void attributes(JsonNode holder, Map<String, String> into) {
    for (JsonNode kv : array(holder, "attributes")) {
      JsonNode v = kv.path("value");
      String value = null;
      if (v.has("stringValue")) value = v.get("stringValue").asString();
      else if (v.has("boolValue")) value = Boolean.toString(v.get("boolValue").asBoolean());
      else if (v.has("intValue")) value = Long.toString(jsonLong(v.get("intValue"), "intValue"));
      else if (v.has("doubleValue")) value = number(jsonDouble(v.get("doubleValue"), "doubleValue"));
      if (value != null) into.put(kv.path("key").asString(""), value);
    }
  }

  private static List<JsonNode> array(JsonNode holder, String field) {
    JsonNode a = holder.path(field);
    if (a.isMissingNode() || a.isNull()) return List.of();
    if (!a.isArray()) throw new IllegalArgumentException(field + " must be an array");
    List<JsonNode> items = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) items.add(a.get(i));
    return items;
  }

  private static int enumValue(JsonNode node) {
    if (node.isNumber()) return node.asInt();
    return switch (node.asString("")) {
      case "AGGREGATION_TEMPORALITY_DELTA" -> DELTA;
      case "AGGREGATION_TEMPORALITY_CUMULATIVE" -> CUMULATIVE;
      default -> 0;
    };
  }

  private static long jsonLong(JsonNode node, String field) {
    if (node.isMissingNode() || node.isNull()) return 0;
    if (node.isIntegralNumber()) return node.asLong();
    if (node.isString()) {
      try {
        return Long.parseLong(node.asString());
      } catch (NumberFormatException e) {
        // unsigned 64-bit nanoseconds beyond Long.MAX_VALUE are far past any real time
      }
    }
    throw new IllegalArgumentException(field + " must be an integer (a string of digits in OTLP JSON), got " + Quoted.bounded(node.toString()));
  }

  private static double jsonDouble(JsonNode node, String field) {
    if (node.isNumber()) return node.asDouble();
    if (node.isString()) {
      return switch (node.asString()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> throw new IllegalArgumentException(field + " must be a number, got " + Quoted.bounded(node.toString()));
      };
    }
    throw new IllegalArgumentException(field + " must be a number, got " + Quoted.bounded(node.toString()));
  }

  // ------------------------------------------------------------------ shared

  /** Monotonic sums only: cumulative ones are counters, delta ones increments; null for the rest. */
  private static Temporality temporality(int temporality, boolean monotonic) {
    if (!monotonic) return null;
    return switch (temporality) {
      case CUMULATIVE -> Temporality.CUMULATIVE;
      case DELTA -> Temporality.DELTA;
      default -> null;
    };
  }

  private static void point(String metric, Map<String, String> base, Map<String, String> attributes,
      Temporality kind, long startNanos, long timeNanos, double value, int flags, List<PushedSeries> out) {
    if ((flags & NO_RECORDED_VALUE) != 0 || timeNanos == 0 || metric.isEmpty()) return;
    Map<String, String> labels = new HashMap<>(base);
    attributes.forEach((k, v) -> labels.put(OtlpNames.labelName(k), v));
    labels.put(Labels.NAME, OtlpNames.metricName(metric));
    out.add(new PushedSeries(Labels.of(labels), kind,
        List.of(new PushedSeries.Sample(timeNanos / 1_000_000, value, startNanos / 1_000_000))));
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
