package dev.governor.server.probes;

import dev.governor.incident.Signal;
import dev.governor.incident.SignalIntake;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeAlarms;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeResultStore;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SliSink;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every probe run goes, in this order: stored (durable), counted into its SLIs through the
 * same {@link SliSink} every other source writes through, then judged for incidents. Runs finish on
 * many threads; one thread of its own takes what has queued up and stores it in one transaction,
 * so 500 probes cost a few commits a second, not 500 fsyncs, and the alarms see each probe's runs
 * in order without a lock.
 *
 * <p>A run whose write failed is retried with the next batch, up to {@value #ATTEMPTS} times; a
 * crash between the store and the SLI loses at most one batch's counts (the results stay stored).
 */
final class ProbeResultPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProbeResultPipeline.class);
  private static final int ATTEMPTS = 3;
  private static final int LARGEST_BATCH = 1_000;

  private final ProbeResultStore store;
  private final SliSink slis;
  private final Supplier<SignalIntake> incidents;
  private final Supplier<Map<String, Probe>> probes;
  private final InstantSource clock;
  private final ProbeAlarms alarms = new ProbeAlarms();
  private final BlockingQueue<ProbeResult> queue = new LinkedBlockingQueue<>(100_000);
  /**
   * Put on the queue by {@link #close} to wake the worker, which otherwise waits for results
   * without a timeout: a server with no probes must not wake a thread five times a second.
   */
  private static final ProbeResult WAKE_UP = new ProbeResult("closing", Instant.EPOCH, Duration.ZERO, ProbeOutcome.UP, "");
  private volatile ProbeSlis feeds = ProbeSlis.NONE;
  private final Thread worker;
  private volatile boolean closing;

  ProbeResultPipeline(ProbeResultStore store, SliSink slis, Supplier<SignalIntake> incidents,
      Supplier<Map<String, Probe>> probes, InstantSource clock) {
    this.store = store;
    this.slis = slis;
    this.incidents = incidents;
    this.probes = probes;
    this.clock = clock;
    this.worker = Thread.ofPlatform().name("governor-probe-results").daemon().unstarted(this::drainUntilClosed);
  }

  /** Seeds the alarms from each probe's stored results, then starts taking results. */
  void start() {
    for (Probe probe : probes.get().values()) resume(probe);
    worker.start();
  }

  /** A probe applied (or changed) while running: its streak continues from what is stored. */
  void resume(Probe probe) {
    List<ProbeResult> newest = store.latest(probe.name(), Math.max(1, probe.failuresToOpen()));
    synchronized (alarms) {
      alarms.resume(probe, newest);
    }
  }

  /** The SLIs each probe feeds, from the catalog the evaluator just loaded. */
  void feeds(ProbeSlis feeds) {
    this.feeds = feeds;
  }

  ProbeSlis feeds() {
    return feeds;
  }

  /** Takes a result from a probe's thread; never blocks for long, never throws. */
  void accept(ProbeResult result) {
    if (!queue.offer(result)) log.warn("probe results are queued beyond 100,000; dropped a run of {}", result.probe());
  }

  /** Resolves what a deleted probe had open. */
  void forget(Probe probe) {
    List<Signal> signals;
    synchronized (alarms) {
      signals = alarms.forget(probe, clock.instant());
    }
    send(signals);
  }

  int failuresInARow(String probe) {
    synchronized (alarms) {
      return alarms.failuresInARow(probe);
    }
  }

  private void drainUntilClosed() {
    List<ProbeResult> batch = new ArrayList<>();
    int attempts = 0;
    while (!closing || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          ProbeResult first = queue.take();
          if (first == WAKE_UP) continue;
          batch.add(first);
        }
        queue.drainTo(batch, LARGEST_BATCH - batch.size());
        batch.removeIf(result -> result == WAKE_UP);
        if (batch.isEmpty()) continue;
        process(batch);
        batch.clear();
        attempts = 0;
      } catch (InterruptedException e) {
        closing = true;
      } catch (RuntimeException e) {
        if (++attempts >= ATTEMPTS) {
          log.error("storing {} probe results failed {} times; they are dropped", batch.size(), attempts, e);
          batch.clear();
          attempts = 0;
        } else {
          log.warn("storing {} probe results failed; trying again", batch.size(), e);
          sleepQuietly(Duration.ofMillis(500));
        }
      }
    }
  }

  private void process(List<ProbeResult> batch) {
    store.record(batch);
    ProbeSlis current = feeds;
    List<SliEvent> events = new ArrayList<>();
    for (ProbeResult result : batch) events.addAll(current.events(result));
    if (!events.isEmpty() && slis.ingest(events, SliSink.Source.ADAPTER) instanceof IngestOutcome.Rejected rejected) {
      // A batch is taken whole or not at all. The catalog changed between the index and the ingest
      // (an SLI was removed), or a run is too old for its window: count the others.
      java.util.Set<Integer> refused = new java.util.HashSet<>();
      rejected.problems().forEach(p -> refused.add(p.index()));
      List<SliEvent> rest = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) if (!refused.contains(i)) rest.add(events.get(i));
      log.warn("{} probe runs were refused by their SLIs, e.g. {}", refused.size(), rejected.problems().getFirst());
      if (!rest.isEmpty()) slis.ingest(rest, SliSink.Source.ADAPTER);
    }
    Map<String, Probe> applied = probes.get();
    List<Signal> signals = new ArrayList<>();
    synchronized (alarms) {
      for (ProbeResult result : batch) {
        Probe probe = applied.get(result.probe());
        if (probe != null) signals.addAll(alarms.judge(probe, result));
      }
    }
    send(signals);
  }

  private void send(List<Signal> signals) {
    if (signals.isEmpty()) return;
    try {
      incidents.get().accept(signals);
    } catch (RuntimeException e) {
      // The results are stored and counted; a failed intake is logged, and the next edge sends again.
      log.error("the incident engine refused {} probe signals", signals.size(), e);
    }
  }

  @Override
  public void close() {
    closing = true;
    // A full queue needs no waking: the worker drains it and then sees closing.
    queue.offer(WAKE_UP);
    try {
      worker.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
