package dev.governor.prometheus.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.governor.prometheus.matching.Decoded;
import dev.governor.prometheus.matching.Labels;
import dev.governor.prometheus.matching.PushedSeries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteDecoderTest {

  /** Builds a WriteRequest by hand, as Prometheus sends it. */
  static byte[] writeRequest(Object[][] series) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(body);
    for (Object[] s : series) {
      String[] labels = (String[]) s[0];
      double[][] samples = (double[][]) s[1];
      out.writeByteArray(1, timeSeries(labels, samples));
    }
    // metadata (field 3) the decoder must skip
    out.writeByteArray(3, message(o -> o.writeString(4, "counter help text")));
    out.flush();
    return body.toByteArray();
  }

  static byte[] timeSeries(String[] labels, double[][] samples) throws IOException {
    return message(ts -> {
      for (int i = 0; i < labels.length; i += 2) {
        String name = labels[i], value = labels[i + 1];
        ts.writeByteArray(1, message(l -> {
          l.writeString(1, name);
          l.writeString(2, value);
        }));
      }
      for (double[] s : samples) {
        ts.writeByteArray(2, message(x -> {
          x.writeDouble(1, s[1]);
          x.writeInt64(2, (long) s[0]);
        }));
      }
      ts.writeByteArray(3, message(e -> e.writeDouble(2, 1.0))); // an exemplar, skipped
    });
  }

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

  @Test
  void aSnappyWriteRequest_decodesToItsSeries_skippingMetadataAndExemplars() throws IOException {
    byte[] body = Snappy.compress(writeRequest(new Object[][] {
        {new String[] {"__name__", "http_requests_total", "job", "checkout", "code", "200"},
            new double[][] {{1_700_000_000_000L, 10}, {1_700_000_015_000L, 12.5}}},
        {new String[] {"__name__", "up", "job", "checkout"}, new double[][] {{1_700_000_000_000L, 1}}}}));

    Decoded decoded = RemoteWriteDecoder.decode(body, 1 << 20);

    assertThat(decoded).isInstanceOf(Decoded.Series.class);
    var series = ((Decoded.Series) decoded).series();
    assertThat(series).hasSize(2);
    assertThat(series.get(0).labels()).isEqualTo(Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "200"));
    assertThat(series.get(0).temporality()).isEqualTo(PushedSeries.Temporality.CUMULATIVE);
    assertThat(series.get(0).samples()).containsExactly(
        new PushedSeries.Sample(1_700_000_000_000L, 10), new PushedSeries.Sample(1_700_000_015_000L, 12.5));
    assertThat(series.get(1).labels().metricName()).isEqualTo("up");
  }

  @Test
  void aBodyThatIsNotSnappy_isMalformed() {
    Decoded decoded = RemoteWriteDecoder.decode("hello, not snappy at all".getBytes(StandardCharsets.UTF_8), 1 << 20);

    assertThat(decoded).isInstanceOfSatisfying(Decoded.Malformed.class,
        m -> assertThat(m.reason()).contains("snappy"));
  }

  @Test
  void snappyThatIsNotAWriteRequest_isMalformed() throws IOException {
    Decoded decoded = RemoteWriteDecoder.decode(Snappy.compress(new byte[] {0x0a, 0x7f, 0x01}), 1 << 20);

    assertThat(decoded).isInstanceOfSatisfying(Decoded.Malformed.class,
        m -> assertThat(m.reason()).contains("prometheus.WriteRequest"));
  }

  @Test
  void aSeriesWithoutAName_isMalformed() throws IOException {
    byte[] body = Snappy.compress(writeRequest(new Object[][] {{new String[] {"job", "x"}, new double[][] {{1, 1}}}}));

    assertThat(RemoteWriteDecoder.decode(body, 1 << 20)).isInstanceOfSatisfying(Decoded.Malformed.class,
        m -> assertThat(m.reason()).contains("no __name__"));
  }

  @Test
  void aBodyThatUnpacksBeyondTheLimit_isRefusedBeforeUnpacking() throws IOException {
    byte[] zeros = new byte[100_000];

    assertThat(RemoteWriteDecoder.decode(Snappy.compress(zeros), 10_000)).isInstanceOfSatisfying(Decoded.Malformed.class,
        m -> assertThat(m.reason()).contains("unpacks to 100000 bytes"));
  }

  @Test
  void aDecoderThatRemembersLabelSets_decodesRepeatedSeriesAlike_andNeverMixesUpSimilarOnes() throws IOException {
    RemoteWriteDecoder decoder = new RemoteWriteDecoder(8); // small, so sets also get evicted
    Object[][] series = new Object[40][];
    for (int i = 0; i < series.length; i++) {
      series[i] = new Object[] {new String[] {"__name__", "http_requests_total", "job", "checkout", "pod", "p" + i},
          new double[][] {{1_700_000_000_000L + i, i}}};
    }
    byte[] body = Snappy.compress(writeRequest(series));
    var first = ((Decoded.Series) decoder.read(body, 1 << 20)).series();
    var again = ((Decoded.Series) decoder.read(body, 1 << 20)).series();
    var fresh = ((Decoded.Series) RemoteWriteDecoder.decode(body, 1 << 20)).series();

    assertThat(again).isEqualTo(first).isEqualTo(fresh);
    for (int i = 0; i < series.length; i++) {
      assertThat(again.get(i).labels().get("pod")).isEqualTo("p" + i);
    }
  }

  @Test
  void aRepeatedLabelSet_isTheSameLabelsAsBefore() throws IOException {
    RemoteWriteDecoder decoder = new RemoteWriteDecoder();
    byte[] body = Snappy.compress(writeRequest(new Object[][] {
        {new String[] {"__name__", "up", "job", "checkout"}, new double[][] {{1, 1}}}}));

    Labels first = ((Decoded.Series) decoder.read(body, 1 << 20)).series().getFirst().labels();
    Labels second = ((Decoded.Series) decoder.read(body, 1 << 20)).series().getFirst().labels();

    assertThat(second).isSameAs(first);
  }

  @Test
  void labelsBetweenSamples_andLabelsOutOfOrder_areReadAsTheirSet() throws IOException {
    byte[] series = message(ts -> {
      ts.writeByteArray(1, message(l -> {
        l.writeString(1, "job");
        l.writeString(2, "checkout");
      }));
      ts.writeByteArray(2, message(x -> {
        x.writeDouble(1, 3);
        x.writeInt64(2, 1000);
      }));
      ts.writeByteArray(1, message(l -> {
        l.writeString(1, "__name__");
        l.writeString(2, "up");
      }));
    });
    byte[] body = Snappy.compress(message(w -> w.writeByteArray(1, series)));

    var decoded = ((Decoded.Series) new RemoteWriteDecoder().read(body, 1 << 20)).series();

    assertThat(decoded.getFirst().labels()).isEqualTo(Labels.of("__name__", "up", "job", "checkout"));
    assertThat(decoded.getFirst().samples()).containsExactly(new PushedSeries.Sample(1000, 3));
  }

  @Test
  void aLabelGivenTwice_andAFieldRunningPastItsMessage_areMalformed() throws IOException {
    byte[] twice = Snappy.compress(writeRequest(new Object[][] {
        {new String[] {"__name__", "up", "job", "a", "job", "b"}, new double[][] {{1, 1}}}}));
    byte[] cut = writeRequest(new Object[][] {{new String[] {"__name__", "up"}, new double[][] {{1, 1}}}});

    assertThat(new RemoteWriteDecoder().read(twice, 1 << 20)).isInstanceOfSatisfying(Decoded.Malformed.class,
        m -> assertThat(m.reason()).contains("the label job is given twice"));
    assertThat(new RemoteWriteDecoder().read(Snappy.compress(java.util.Arrays.copyOf(cut, cut.length - 30)), 1 << 20))
        .isInstanceOfSatisfying(Decoded.Malformed.class, m -> assertThat(m.reason()).contains("runs past the end"));
  }

  @Test
  void labelSetsThatDifferInAFewBytes_spreadOverTheCache_soEachIsRecognisedTheNextTime() throws IOException {
    RemoteWriteDecoder decoder = new RemoteWriteDecoder();
    Object[][] series = new Object[4000][];
    for (int i = 0; i < series.length; i++) {
      // As Prometheus' series differ: in short values somewhere inside the label bytes.
      series[i] = new Object[] {new String[] {"__name__", "http_requests_total", "code", i % 2 == 0 ? "200" : "500",
          "handler", "/api/v1/items", "instance", "host-" + (i / 200) + ":9090", "job", "checkout", "method", "GET",
          "sli", "s" + (i / 2 % 100)}, new double[][] {{1, 1}}};
    }
    byte[] body = Snappy.compress(writeRequest(series));
    var first = ((Decoded.Series) decoder.read(body, 1 << 24)).series();
    var again = ((Decoded.Series) decoder.read(body, 1 << 24)).series();

    int recognised = 0;
    for (int i = 0; i < series.length; i++) if (again.get(i).labels() == first.get(i).labels()) recognised++;
    assertThat(recognised).as("label sets found again in a cache 16 times their number").isEqualTo(series.length);
  }
}
