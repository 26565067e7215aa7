package dev.governor.sli;

import java.util.List;
import java.util.Map;

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
  default IngestOutcome ingest(List<SliEvent> events, Source source) {
    return ingest(events, source, SourceMarks.NONE);
  }

  /**
   * As {@link #ingest(List, Source)}, and writes {@code marks} in the same transaction as the
   * batch's buckets; a refused batch writes neither. An empty batch writes its marks alone.
   */
  IngestOutcome ingest(List<SliEvent> events, Source source, SourceMarks marks);

  /** What the last accepted batches of {@code source} marked, by key ({@link SourceMarks}). */
  Map<String, String> marks(String source);
}
