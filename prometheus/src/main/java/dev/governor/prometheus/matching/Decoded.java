package dev.governor.prometheus.matching;

import java.util.List;

/** A pushed body, decoded: its series, or why it could not be read (a client error, not a bug). */
public sealed interface Decoded permits Decoded.Series, Decoded.Malformed {

  record Series(List<PushedSeries> series) implements Decoded {
    public Series {
      series = List.copyOf(series);
    }
  }

  record Malformed(String reason) implements Decoded {}
}
