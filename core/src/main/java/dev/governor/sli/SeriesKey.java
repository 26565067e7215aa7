package dev.governor.sli;

import dev.governor.basics.SliName;
import dev.governor.basics.Threshold;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names one series of per-minute good/total counts. A ratio SLI has one series; a threshold SLI has
 * one per distinct threshold its objectives use, because "good" depends on the threshold.
 *
 * <p>A series may also be of one {@code version} of the service: events that name the version they
 * were served by (a canary and its baseline running side by side) are counted twice, once in the
 * SLI's own series, which SLOs read, and once in the series of that version, which only release
 * verification reads. So the SLO sees all traffic whatever the versions, and a canary can be
 * compared with its baseline over the same minutes.
 */
public record SeriesKey(SliName sli, Optional<Threshold> threshold, Optional<String> version)
    implements Comparable<SeriesKey> {

  /**
   * What a version may look like: 1-128 letters, digits and {@code . _ + : / -}, starting with a
   * letter or digit ("1.4.2", "v2.0.0-rc.1+build.7", "registry/app:2024-05-01"). '@' and '|' are
   * kept out because they separate the parts of {@link #id()}.
   */
  public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:/-]{0,127}");

  public SeriesKey {
    version.ifPresent(SeriesKey::checkVersion);
  }

  /** The SLI's own series for {@code threshold}, of every version. */
  public SeriesKey(SliName sli, Optional<Threshold> threshold) {
    this(sli, threshold, Optional.empty());
  }

  public static SeriesKey of(SliName sli) {
    return new SeriesKey(sli, Optional.empty(), Optional.empty());
  }

  /** This series restricted to the events of {@code version}. */
  public SeriesKey ofVersion(String version) {
    return new SeriesKey(sli, threshold, Optional.of(version));
  }

  /** Whether {@code version} can name a version series (see {@link #VERSION}). */
  public static boolean isValidVersion(String version) {
    return version != null && VERSION.matcher(version).matches();
  }

  public static String checkVersion(String version) {
    if (!isValidVersion(version)) {
      throw new IllegalArgumentException("a version must be 1-128 letters, digits, '.', '_', '+', ':', '/' or '-',"
          + " starting with a letter or digit, got '" + version + "'");
    }
    return version;
  }

  /**
   * A stable text id for storage: "checkout-availability", "checkout-latency|lt 0.3", and with a
   * version "checkout-availability@1.4.2" or "checkout-latency@1.4.2|lt 0.3".
   */
  public String id() {
    String base = version.map(v -> sli.value() + "@" + v).orElse(sli.value());
    return threshold.map(t -> base + "|" + t.key()).orElse(base);
  }

  public static SeriesKey parse(String id) {
    int bar = id.indexOf('|');
    String head = bar < 0 ? id : id.substring(0, bar);
    int at = head.indexOf('@');
    SliName sli = new SliName(at < 0 ? head : head.substring(0, at));
    Optional<String> version = at < 0 ? Optional.empty() : Optional.of(head.substring(at + 1));
    if (bar < 0) return new SeriesKey(sli, Optional.empty(), version);
    String[] opAndValue = id.substring(bar + 1).split(" ", 2);
    if (opAndValue.length != 2) throw new IllegalArgumentException("not a series id: '" + id + "'");
    return new SeriesKey(sli,
        Optional.of(new Threshold(
            dev.governor.basics.Operator.parse(opAndValue[0]), new java.math.BigDecimal(opAndValue[1]))),
        version);
  }

  // equals and hashCode written out: series keys are hashed for every event (see SliName's).
  @Override
  public boolean equals(Object other) {
    return other instanceof SeriesKey key && sli.equals(key.sli) && threshold.equals(key.threshold)
        && version.equals(key.version);
  }

  @Override
  public int hashCode() {
    return (31 * sli.hashCode() + threshold.hashCode()) * 31 + version.hashCode();
  }

  @Override
  public int compareTo(SeriesKey other) {
    return id().compareTo(other.id());
  }

  @Override
  public String toString() {
    return id();
  }
}
