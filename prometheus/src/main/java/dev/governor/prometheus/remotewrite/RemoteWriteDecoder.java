package dev.governor.prometheus.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.governor.prometheus.matching.Decoded;
import dev.governor.prometheus.matching.Labels;
import dev.governor.prometheus.matching.PushedSeries;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
 *
 * <h2>Why the labels are looked up before they are read</h2>
 * A Prometheus sends the same series every scrape interval, so most label sets in a request came
 * before. Decoding them (UTF-8 checks, a string per name and value, the sort check) was the larger
 * part of what a request cost once matching was cheap. A decoder instance therefore remembers the
 * label sets it decoded by their encoded bytes: a series whose labels arrive byte for byte as
 * before costs a hash of those bytes and one comparison, and gets the very same {@link Labels}
 * (whose hash code is known). The memory is bounded ({@link #DEFAULT_CACHED_LABEL_SETS} sets, none
 * longer than {@link #MAX_CACHED_BYTES}); a set that no longer fits is simply decoded again. The
 * framing (series, samples) is read by hand from the body; label strings are decoded, when they
 * must be, by protobuf's {@code CodedInputStream}, which checks their UTF-8.
 */
public final class RemoteWriteDecoder {

  /** Label sets remembered by a decoder made with {@link #RemoteWriteDecoder()}: some tens of MiB at most. */
  public static final int DEFAULT_CACHED_LABEL_SETS = 1 << 16;
  /** Encoded label sets longer than this are decoded every time; real series are far shorter. */
  static final int MAX_CACHED_BYTES = 2048;

  private static final int TIMESERIES = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int LABEL = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int SAMPLE = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int SAMPLE_VALUE = (1 << 3) | WireFormat.WIRETYPE_FIXED64;
  private static final int SAMPLE_TIMESTAMP = (2 << 3) | WireFormat.WIRETYPE_VARINT;

  private final LabelCache cache;

  /** A decoder that remembers up to {@link #DEFAULT_CACHED_LABEL_SETS} label sets; safe for concurrent use. */
  public RemoteWriteDecoder() {
    this(DEFAULT_CACHED_LABEL_SETS);
  }

  /** @param cachedLabelSets how many label sets to remember; 0 decodes every one */
  public RemoteWriteDecoder(int cachedLabelSets) {
    if (cachedLabelSets < 0) throw new IllegalArgumentException("cachedLabelSets must not be negative, got " + cachedLabelSets);
    this.cache = cachedLabelSets == 0 ? null : new LabelCache(cachedLabelSets);
  }

  /** {@link #read} by a decoder that remembers nothing, for a one-off body. */
  public static Decoded decode(byte[] compressed, long maxDecodedBytes) {
    return new RemoteWriteDecoder(0).read(compressed, maxDecodedBytes);
  }

  /**
   * @param maxDecodedBytes the largest uncompressed body accepted, so a small body cannot
   *     unpack into an exhausted heap
   */
  public Decoded read(byte[] compressed, long maxDecodedBytes) {
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

  private List<PushedSeries> writeRequest(byte[] body) throws IOException {
    Reader in = new Reader(body, 0, body.length);
    List<PushedSeries> series = new ArrayList<>();
    while (in.more()) {
      int tag = in.tag();
      if (tag == TIMESERIES) {
        int length = in.length();
        series.add(timeSeries(body, in.pos, in.pos + length));
        in.pos += length;
      } else {
        in.skip(tag);
      }
    }
    return series;
  }

  private PushedSeries timeSeries(byte[] body, int from, int to) throws IOException {
    Reader in = new Reader(body, from, to);
    int labelsFrom = -1, labelsTo = -1;
    boolean contiguous = true;
    List<PushedSeries.Sample> samples = List.of();
    while (in.more()) {
      int at = in.pos;
      int tag = in.tag();
      if (tag == LABEL) {
        if (labelsFrom < 0) labelsFrom = at;
        else if (labelsTo != at) contiguous = false;
        int length = in.length(); // read before pos: `pos += length()` would add to the pos before the varint
        in.pos += length;
        labelsTo = in.pos;
      } else if (tag == SAMPLE) {
        int length = in.length();
        PushedSeries.Sample sample = sample(new Reader(body, in.pos, in.pos + length));
        in.pos += length;
        // One sample per series is what Prometheus sends; the list grows only past that.
        if (samples.isEmpty()) samples = List.of(sample);
        else {
          if (!(samples instanceof ArrayList)) samples = new ArrayList<>(samples);
          samples.add(sample);
        }
      } else {
        in.skip(tag);
      }
    }
    Labels labels;
    if (labelsFrom < 0) labels = Labels.of();
    else if (!contiguous || cache == null || labelsTo - labelsFrom > MAX_CACHED_BYTES) labels = labels(body, from, to);
    else {
      labels = cache.get(body, labelsFrom, labelsTo);
      if (labels == null) {
        labels = labels(body, labelsFrom, labelsTo);
        cache.put(body, labelsFrom, labelsTo, labels);
      }
    }
    if (labels.metricName().isEmpty()) {
      throw new IOException("a series has no __name__ label");
    }
    return new PushedSeries(labels, PushedSeries.Temporality.CUMULATIVE, samples);
  }

  private static PushedSeries.Sample sample(Reader in) throws IOException {
    double value = 0;
    long timestamp = 0;
    while (in.more()) {
      int tag = in.tag();
      switch (tag) {
        case SAMPLE_VALUE -> value = Double.longBitsToDouble(in.fixed64());
        case SAMPLE_TIMESTAMP -> timestamp = in.varint();
        default -> in.skip(tag);
      }
    }
    return new PushedSeries.Sample(timestamp, value);
  }

  /** The labels among the fields in {@code body[from, to)}, other fields skipped. */
  private static Labels labels(byte[] body, int from, int to) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body, from, to - from);
    String[] names = new String[8], values = new String[8];
    int count = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != LABEL) {
        in.skipField(tag);
        continue;
      }
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
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        values = Arrays.copyOf(values, count * 2);
      }
      names[count] = name;
      values[count++] = value;
    }
    try {
      return Labels.ofArrays(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e); // a label given twice
    }
  }

  /** Reads protobuf's wire format from {@code buf[pos, limit)}; every read checks the bounds. */
  private static final class Reader {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] buf;
    int pos;
    final int limit;

    Reader(byte[] buf, int pos, int limit) {
      this.buf = buf;
      this.pos = pos;
      this.limit = limit;
    }

    boolean more() {
      return pos < limit;
    }

    int tag() throws IOException {
      long tag = varint();
      if ((tag >>> 3) == 0 || tag > Integer.MAX_VALUE) throw new IOException("invalid field tag " + tag + " at byte " + pos);
      return (int) tag;
    }

    long varint() throws IOException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= limit) throw truncated();
        byte b = buf[pos++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) return value;
      }
      throw new IOException("a varint runs past 10 bytes at byte " + pos);
    }

    int length() throws IOException {
      long length = varint();
      if (length < 0 || length > limit - pos) throw truncated();
      return (int) length;
    }

    long fixed64() throws IOException {
      if (limit - pos < 8) throw truncated();
      long value = (long) LONG_LE.get(buf, pos);
      pos += 8;
      return value;
    }

    void skip(int tag) throws IOException {
      switch (tag & 7) {
        case WireFormat.WIRETYPE_VARINT -> varint();
        case WireFormat.WIRETYPE_FIXED64 -> fixed64();
        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int length = length();
          pos += length;
        }
        case WireFormat.WIRETYPE_FIXED32 -> {
          if (limit - pos < 4) throw truncated();
          pos += 4;
        }
        default -> throw new IOException("field " + (tag >>> 3) + " has wire type " + (tag & 7)
            + ", which no remote-write message uses, at byte " + pos);
      }
    }

    private IOException truncated() {
      return new IOException("a field runs past the end of its message at byte " + pos);
    }
  }

  /**
   * Label sets by their encoded bytes, in sets of {@link #WAYS} slots chosen by the bytes' hash.
   * Readers and writers race without locks: an entry is immutable, so a reader sees a whole one
   * or an older one, and a lost write only means one more decode.
   */
  private static final class LabelCache {
    static final int WAYS = 4;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private record Entry(long hash, byte[] bytes, Labels labels) {}

    private final Entry[] slots;
    private final int setMask;

    LabelCache(int capacity) {
      int sets = Integer.highestOneBit(Math.max(1, capacity / WAYS));
      slots = new Entry[sets * WAYS];
      setMask = sets - 1;
    }

    Labels get(byte[] buf, int from, int to) {
      long hash = hash(buf, from, to);
      int base = ((int) hash & setMask) * WAYS;
      for (int i = 0; i < WAYS; i++) {
        Entry e = slots[base + i];
        if (e != null && e.hash == hash && Arrays.equals(e.bytes, 0, e.bytes.length, buf, from, to)) return e.labels;
      }
      return null;
    }

    void put(byte[] buf, int from, int to, Labels labels) {
      long hash = hash(buf, from, to);
      int base = ((int) hash & setMask) * WAYS;
      int way = 0;
      while (way < WAYS && slots[base + way] != null) way++;
      if (way == WAYS) way = ThreadLocalRandom.current().nextInt(WAYS);
      slots[base + way] = new Entry(hash, Arrays.copyOfRange(buf, from, to), labels);
    }

    /**
     * A 64-bit hash of {@code buf[from, to)}. The rotation matters: a multiplication carries a
     * difference only towards the high bits, and without it series that differ in the upper bytes
     * of a word crowded into a few sets and pushed each other out.
     */
    private static long hash(byte[] buf, int from, int to) {
      long h = to - from;
      int i = from;
      for (; i + 8 <= to; i += 8) h = Long.rotateLeft((h ^ (long) LONG_LE.get(buf, i)) * 0x9E3779B97F4A7C15L, 29) * 0xBF58476D1CE4E5B9L;
      for (; i < to; i++) h = Long.rotateLeft((h ^ buf[i]) * 0x9E3779B97F4A7C15L, 29) * 0xBF58476D1CE4E5B9L;
      // murmur3's finalizer: every input bit reaches the low bits that pick the set
      h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
      h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
      return h ^ (h >>> 33);
    }
  }
}
