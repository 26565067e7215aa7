package dev.governor.sli;

import java.util.List;

/**
 * Where SLI data enters Governor: the events API, remote-write and OTLP pushes, and the PromQL
 * puller all write through this port, and nothing else ingests. A batch is validated whole and is
 * stored atomically and durably before it is counted: when {@link IngestOutcome.Accepted} comes
 * back, the events survive a crash of the process.
 */
public interface SliSink {

  /**
   * Where a batch comes from. The events API may only feed SLIs whose metric source is Governor;
   * adapters (PromQL pulls, remote-write, OTLP) feed the SLIs of their own source types, so that
   * no SLI is ever counted from two places.
   */
  enum Source {
    EVENTS_API, ADAPTER
  }

  /** Validates the whole batch; stores and counts it all, or refuses it with every problem. */
  IngestOutcome ingest(List<SliEvent> events, Source source);
}
