package dev.governor.prometheus.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.governor.prometheus.matching.Decoded;
import dev.governor.prometheus.matching.Labels;
import dev.governor.prometheus.matching.PushedSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Decodes a Prometheus remote-write 1.0 body: a snappy block-compressed {@code prometheus.WriteRequest}.
 * Only what counting needs is read, by hand, with no generated classes:
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }           // 3 (metadata) is skipped
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }   // exemplars, histograms skipped
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }         // timestamp in ms since the epoch
 * </pre>
 * Every series is read as a counter: remote-write 1.0 does not say which series are counters, and
 * only counters make sense for the selectors that pick them.
 */
public final class RemoteWriteDecoder {

  private RemoteWriteDecoder() {}

  /**
   * @param maxDecodedBytes the largest uncompressed body accepted, so a small body cannot
   *     unpack into an exhausted heap
   */
  public static Decoded decode(byte[] compressed, long maxDecodedBytes) {
    byte[] body;
    try {
      if (!Snappy.isValidCompressedBuffer(compressed)) {
        return new Decoded.Malformed("the body is not snappy block-compressed"
            + " (remote-write 1.0 sends Content-Encoding: snappy, block format, not framed)");
      }
      int length = Snappy.uncompressedLength(compressed);
      if (length > maxDecodedBytes) {
        return new Decoded.Malformed("the body unpacks to " + length + " bytes, more than the "
            + maxDecodedBytes + " accepted; lower queue_config.max_samples_per_send");
      }
      body = Snappy.uncompress(compressed);
    } catch (IOException e) {
      return new Decoded.Malformed("the body is not valid snappy: " + e.getMessage());
    }
    try {
      return new Decoded.Series(writeRequest(body));
    } catch (IOException | RuntimeException e) {
      return new Decoded.Malformed("the body is not a prometheus.WriteRequest protobuf: " + e.getMessage());
    }
  }

  private static List<PushedSeries> writeRequest(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    List<PushedSeries> series = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        series.add(timeSeries(in));
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return series;
  }

  private static PushedSeries timeSeries(CodedInputStream in) throws IOException {
    Map<String, String> labels = new HashMap<>();
    List<PushedSeries.Sample> samples = new ArrayList<>(1);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int limit = in.pushLimit(in.readRawVarint32());
          String name = "", value = "";
          for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (t) {
              case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
              case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> value = in.readStringRequireUtf8();
              default -> in.skipField(t);
            }
          }
          in.popLimit(limit);
          if (labels.put(name, value) != null) {
            throw new IOException("a series has the label " + name + " twice");
          }
        }
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int limit = in.pushLimit(in.readRawVarint32());
          double value = 0;
          long timestamp = 0;
          for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (t) {
              case (1 << 3) | WireFormat.WIRETYPE_FIXED64 -> value = in.readDouble();
              case (2 << 3) | WireFormat.WIRETYPE_VARINT -> timestamp = in.readInt64();
              default -> in.skipField(t);
            }
          }
          in.popLimit(limit);
          samples.add(new PushedSeries.Sample(timestamp, value));
        }
        default -> in.skipField(tag);
      }
    }
    if (labels.getOrDefault(Labels.NAME, "").isEmpty()) {
      throw new IOException("a series has no __name__ label");
    }
    return new PushedSeries(Labels.of(labels), PushedSeries.Temporality.CUMULATIVE, samples);
  }
}
