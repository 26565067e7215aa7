package dev.governor.prometheus.promql;

import dev.governor.prometheus.promql.PrometheusClient.QueryFailed;
import dev.governor.prometheus.promql.PullPlan.Target;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketStore;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliSink;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.slo.Catalog;
import dev.governor.basics.EventCounts;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fills the per-minute buckets of SLIs whose data lives in Prometheus, by running their queries
 * through {@code /api/v1/query_range}.
 *
 * <h2>Minutes</h2>
 * Each query is written to yield the events of the minute before its evaluation time (see
 * {@link PerMinuteQuery}), and ranges are asked for with whole-minute start and end and a step of
 * 60 s, so the point at T, a whole minute, is the bucket of the minute that starts at T-1m. A minute
 * is pulled once the backend has had {@link Connection#delay} after its end to ingest its samples,
 * and never again.
 *
 * <h2>Counts from increase()</h2>
 * {@code increase(x[1m])} is not an integer: Prometheus extrapolates from the first and last sample
 * in the minute to the minute's edges, so with scrapes every 15 s it scales a 45 s difference by
 * 60/45. Each minute's value is rounded to the nearest integer: the estimate is unbiased, so the
 * rounding errors of many minutes cancel instead of piling up as truncation would (always down).
 * Good (or bad) and total come from two queries that are extrapolated and rounded separately, so
 * a minute may say 101 good of 100 total; good is capped at total (bad likewise), because a bucket
 * with more good than total events cannot exist and the true ratio is 1 (or 0) as near as the data
 * can tell. A minute whose total has no sample has no data. One whose bad query has no sample but
 * whose total has counts 0 bad events, as a counter of errors that never happened is often absent
 * in Prometheus; one whose good query has no sample has no data either, because reading it as 0
 * good would record a minute of 100 % errors for what is only a gap in the good series.
 *
 * <h2>Scrape interval</h2>
 * {@code increase(x[1m])} needs two samples inside the minute; a counter scraped every minute
 * has one, and the minute has no value at all. Such minutes are lost, not miscounted, and nothing
 * in one answer tells a gap from a quiet minute, so the puller watches the last
 * {@value #PRESENCE_WINDOW} minutes it pulled since the total's first value: when the total had a
 * sample in fewer than half of them, the status is {@code degraded} with the likely cause. Prometheus must scrape
 * the SLI's counters at least every 30 s.
 *
 * <h2>Never twice, never invented</h2>
 * Buckets add up, so a minute ingested twice would count twice. Each SLI keeps a high-water mark,
 * {@code syncedThrough}: every minute before it has been ingested. It is read from the store when
 * the SLI is first pulled (the newest bucket of its series, plus a minute), only ever moves forward,
 * and moves only after the evaluator has durably stored a chunk. One lock per SLI, kept for the life
 * of the puller, means two pulls of one SLI (a catch-up and a scheduled pull, or the pulls of an old
 * and a re-planned target) never overlap. A query that fails, or an ingest that is refused, moves
 * nothing: those minutes stay without data (never good, never bad), and are pulled when the source
 * answers again, after a backoff that doubles up to {@link Settings#maxBackoff}.
 */
public final class PromqlPuller implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PromqlPuller.class.getName());
  private static final Duration STEP = Minutes.ONE;
  /** A lag beyond this is catching up rather than keeping pace. */
  private static final Duration CATCHING_UP = Duration.ofMinutes(5);
  /** How many recently pulled minutes the scrape-interval check looks at, and the fewest it judges. */
  static final int PRESENCE_WINDOW = 60;
  private static final int PRESENCE_MINIMUM = 10;

  /**
   * @param chunk the longest range one request asks for while catching up
   * @param interval how often the scheduler looks for SLIs with a newly complete minute
   * @param concurrency how many SLIs are pulled at once
   */
  public record Settings(Duration chunk, Duration interval, int concurrency, Duration minBackoff, Duration maxBackoff) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofHours(6), Duration.ofSeconds(5), 4, Duration.ofSeconds(5), Duration.ofMinutes(5));

    public Settings {
      Minutes.requireWholeMinutes(chunk, "chunk");
      if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      if (!interval.isPositive() || !minBackoff.isPositive() || maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException("interval and backoffs must be positive, minBackoff <= maxBackoff, got "
            + this);
      }
    }
  }

  /** What one SLI's pulling has done; guarded by {@link #lock} except for reads of the status. */
  private static final class SeriesState {
    final ReentrantLock lock = new ReentrantLock();
    volatile Target target;
    volatile Instant syncedThrough;
    volatile Instant lastSuccess;
    volatile String lastError;
    volatile Instant lastErrorAt;
    volatile Instant nextAttempt;
    volatile int failuresInARow;
    volatile long queries;
    volatile long failures;
    /** For the last pulled minutes, oldest first: whether the total had a sample. */
    final java.util.ArrayDeque<Boolean> totalPresent = new java.util.ArrayDeque<>();

    synchronized void sawMinute(boolean present) {
      // Minutes before the series' first value are before it existed (a catch-up over a window
      // older than the service), not gaps.
      if (!present && !totalPresent.contains(true)) return;
      totalPresent.addLast(present);
      if (totalPresent.size() > PRESENCE_WINDOW) totalPresent.removeFirst();
    }

    /** The degraded warning, if the total is missing from most recent minutes yet not from all. */
    synchronized Optional<String> scrapeWarning() {
      long present = totalPresent.stream().filter(b -> b).count();
      if (totalPresent.size() < PRESENCE_MINIMUM || present == 0 || present * 2 >= totalPresent.size()) {
        return Optional.empty();
      }
      return Optional.of("the total query had a value in only " + present + " of the last " + totalPresent.size()
          + " minutes pulled since its first value, so the other minutes have no data; the likely cause is a scrape"
          + " interval above 30 s (increase(...[1m]) needs two samples in the minute, so scrape the SLI's targets at"
          + " least every 30 s), unless the series comes and goes");
    }

    SeriesState(Target target) {
      this.target = target;
    }
  }

  private final SliSink sink;
  private final java.util.function.Supplier<Duration> retention;
  private final BucketStore buckets;
  private final InstantSource clock;
  private final PrometheusClient client;
  private final Settings settings;
  /** By SLI, for the life of the puller: the lock must outlive re-plans (see the class comment). */
  private final Map<SliName, SeriesState> states = new ConcurrentHashMap<>();
  private volatile Map<SliName, PullPlan.Entry> plan = Map.of();
  private final Set<SliName> running = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService scheduler;
  /** The repeating look for due SLIs while any SLI is pulled; guarded by this. */
  private java.util.concurrent.ScheduledFuture<?> rounds;
  private ExecutorService workers;

  public PromqlPuller(Evaluator evaluator, BucketStore buckets, InstantSource clock, PrometheusClient client,
      Settings settings) {
    this.sink = evaluator;
    this.retention = evaluator::retention;
    this.buckets = buckets;
    this.clock = clock;
    this.client = client;
    this.settings = settings;
  }

  /**
   * Plans the pulls for {@code catalog}: cheap, no I/O, safe to call from a request thread. An SLI
   * whose queries did not change keeps its status; every SLI keeps its high-water mark.
   */
  public void replan(Catalog catalog) {
    Map<SliName, PullPlan.Entry> next = new LinkedHashMap<>();
    for (PullPlan.Entry e : PullPlan.of(catalog)) {
      next.put(e.sli(), e);
      if (e instanceof Target t) {
        SeriesState state = states.computeIfAbsent(t.sli(), k -> new SeriesState(t));
        Target before = state.target;
        state.target = t;
        if (!before.sameQueries(t)) {
          synchronized (state) {
            state.totalPresent.clear();
          }
          state.failuresInARow = 0;
          state.nextAttempt = null;
          state.lastError = null;
          state.lastErrorAt = null;
        }
      }
    }
    plan = next;
    scheduleRounds(true);
  }

  /** Starts pulling on its own threads: a scheduler thread and {@link Settings#concurrency} workers. */
  public synchronized void start() {
    if (scheduler != null) return;
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "governor-promql-scheduler"));
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    workers = Executors.newFixedThreadPool(settings.concurrency(), r -> daemon(r, "governor-promql-" + n.incrementAndGet()));
    scheduleRounds(false);
  }

  /**
   * Looks for due SLIs every interval while some SLI is pulled, and not at all while none is: a
   * scheduler that wakes to find nothing still costs CPU on a server that pulls nothing.
   *
   * @param now whether to look once right away too, so that a new plan's SLIs need not wait
   */
  private synchronized void scheduleRounds(boolean now) {
    if (scheduler == null) return;
    boolean pulling = plan.values().stream().anyMatch(e -> e instanceof Target);
    try {
      if (pulling && rounds == null) {
        rounds = scheduler.scheduleWithFixedDelay(this::dispatch, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
      } else if (!pulling && rounds != null) {
        rounds.cancel(false);
        rounds = null;
      } else if (pulling && now) {
        scheduler.execute(this::dispatch);
      }
    } catch (RejectedExecutionException closed) {
      // Closing: nothing more to pull.
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Hands every SLI that is due and not being pulled to a worker. */
  private void dispatch() {
    try {
      for (PullPlan.Entry e : plan.values()) {
        if (!(e instanceof Target t) || !isDue(t) || !running.add(t.sli())) continue;
        try {
          workers.execute(() -> {
            try {
              pull(t.sli());
            } finally {
              running.remove(t.sli());
            }
          });
        } catch (RejectedExecutionException closed) {
          running.remove(t.sli());
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "planning PromQL pulls failed; the next round runs in " + settings.interval(), e);
    }
  }

  private boolean isDue(Target t) {
    SeriesState state = states.get(t.sli());
    Instant now = clock.instant();
    if (state == null) return false;
    if (state.nextAttempt != null && now.isBefore(state.nextAttempt)) return false;
    return state.syncedThrough == null || state.syncedThrough.isBefore(newestEnd(t, now));
  }

  /** Pulls every SLI that is due, one after the other, on the calling thread (for tests). */
  public void pullDue() {
    for (PullPlan.Entry e : plan.values()) {
      if (e instanceof Target t && isDue(t)) pull(t.sli());
    }
  }

  /** The end of the newest minute that is complete in the target's backends. */
  private static Instant newestEnd(Target t, Instant now) {
    Duration delay = t.first().connection().delay().compareTo(t.total().connection().delay()) > 0
        ? t.first().connection().delay()
        : t.total().connection().delay();
    return Minutes.floor(now.minus(delay));
  }

  /** Catches one SLI up to its newest complete minute, chunk by chunk, oldest first. */
  void pull(SliName sli) {
    SeriesState state = states.get(sli);
    if (state == null || !state.lock.tryLock()) return; // another pull of it runs; it will get there
    try {
      if (!(plan.get(sli) instanceof Target)) return; // re-planned away meanwhile
      Target t = state.target;
      Instant now = clock.instant();
      Instant newestEnd = newestEnd(t, now);
      // The evaluator refuses events older than its retention; a minute of margin for the clock moving on.
      Instant retained = Minutes.floor(now.minus(retention.get())).plus(Duration.ofMinutes(2));
      Instant oldest = Minutes.floor(t.oldestNeeded(now));
      if (oldest.isBefore(retained)) oldest = retained;
      if (state.syncedThrough == null) state.syncedThrough = syncedInStore(sli, oldest, newestEnd);
      Instant from = state.syncedThrough.isBefore(oldest) ? oldest : state.syncedThrough;
      while (from.isBefore(newestEnd)) {
        if (Thread.currentThread().isInterrupted()) return;
        Instant to = from.plus(settings.chunk());
        if (to.isAfter(newestEnd)) to = newestEnd;
        ingest(state, t, from, to);
        state.syncedThrough = to;
        state.lastSuccess = clock.instant();
        state.failuresInARow = 0;
        state.nextAttempt = null;
        from = to;
      }
    } catch (QueryFailed e) {
      failed(state, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The store or the evaluator failed (a database outage): the minutes stay unwritten and are retried.
      LOG.log(System.Logger.Level.WARNING, "pulling SLI " + sli + " failed; retried with backoff", e);
      failed(state, "Governor could not store the pulled minutes: " + e);
    } finally {
      state.lock.unlock();
    }
  }

  /**
   * The minutes [from, to): the points at from+1m ... to. For an SLI of grouped SLOs the queries keep
   * their groupBy labels, and each value set becomes events with those labels, which pick the instance.
   */
  private void ingest(SeriesState state, Target t, Instant from, Instant to)
      throws QueryFailed, InterruptedException {
    Instant firstPoint = from.plus(STEP);
    List<String> groupBy = t.slos().stream().flatMap(s -> s.groupBy().stream()).distinct().sorted().toList();
    state.queries++;
    Map<Map<String, String>, Map<Instant, Double>> totals =
        client.queryRangeBy(t.total().connection(), t.total().promql(), firstPoint, to, STEP, groupBy);
    state.queries++;
    Map<Map<String, String>, Map<Instant, Double>> firsts =
        client.queryRangeBy(t.first().connection(), t.first().promql(), firstPoint, to, STEP, groupBy);
    List<SliEvent> events = new ArrayList<>();
    List<Boolean> presence = new ArrayList<>();
    for (Instant at = firstPoint; !at.isAfter(to); at = at.plus(STEP)) {
      boolean present = false;
      for (Map.Entry<Map<String, String>, Map<Instant, Double>> group : totals.entrySet()) {
        Double totalValue = group.getValue().get(at);
        if (totalValue == null) continue;
        present = true;
        Double firstValue = firsts.getOrDefault(group.getKey(), Map.of()).get(at);
        long totalCount = Math.round(totalValue);
        long firstCount = firstValue == null ? 0 : Math.round(firstValue);
        if (totalCount < 0 || firstCount < 0) {
          throw new QueryFailed("the " + (totalCount < 0 ? "total" : t.first().role()) + " query is negative at " + at
              + " (" + (totalCount < 0 ? totalValue : firstValue) + "); an event count never is, check the query");
        }
        if (totalCount == 0) continue;
        // No good sample is no data (see the class comment); no bad sample is no errors.
        if (firstValue == null && t.shape() == PullPlan.Shape.GOOD) continue;
        long capped = Math.min(firstCount, totalCount);
        long good = t.shape() == PullPlan.Shape.GOOD ? capped : totalCount - capped;
        events.add(new SliEvent.Counts(t.sli(), at.minus(STEP), new EventCounts(good, totalCount), Optional.empty(),
            group.getKey()));
      }
      presence.add(present);
    }
    // Only once the minutes are stored (or had nothing): a failed chunk is pulled again.
    Runnable remember = () -> presence.forEach(state::sawMinute);
    if (events.isEmpty()) {
      remember.run();
      return;
    }
    if (sink.ingest(events, SliSink.Source.ADAPTER) instanceof IngestOutcome.Rejected r) {
      throw new QueryFailed("Governor refused the pulled minutes: " + r.problems().getFirst().message());
    }
    remember.run();
  }

  /** Where the store's data of the series ends: after its newest bucket, or {@code oldest} without one. */
  private Instant syncedInStore(SliName sli, Instant oldest, Instant newestEnd) {
    List<Bucket> stored = buckets.range(SeriesKey.of(sli), oldest, newestEnd.plus(Duration.ofDays(1)));
    return stored.isEmpty() ? oldest : stored.getLast().minute().plus(Minutes.ONE);
  }

  private void failed(SeriesState state, String message) {
    Instant now = clock.instant();
    state.failures++;
    state.failuresInARow++;
    state.lastError = message;
    state.lastErrorAt = now;
    long factor = 1L << Math.min(20, state.failuresInARow - 1);
    Duration backoff = settings.minBackoff().multipliedBy(factor);
    state.nextAttempt = now.plus(backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff);
  }

  /** Every SLI the current plan pulls or refuses, in the catalog's order. */
  public List<SourceStatus> statuses() {
    Instant now = clock.instant();
    List<SourceStatus> all = new ArrayList<>();
    for (PullPlan.Entry e : plan.values()) {
      switch (e) {
        case PullPlan.Refused r -> all.add(new SourceStatus(r.sli(), r.dataSource(), Optional.empty(), "refused",
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(r.reason()), Optional.empty(),
            Optional.empty(), 0, 0));
        case Target t -> {
          SeriesState s = states.get(t.sli());
          Optional<Instant> synced = Optional.ofNullable(s.syncedThrough);
          Optional<Duration> lag = synced.map(at -> now.isAfter(at) ? Duration.between(at, now) : Duration.ZERO);
          Optional<String> warning = s.scrapeWarning();
          String state = s.lastErrorAt != null && (s.lastSuccess == null || s.lastErrorAt.isAfter(s.lastSuccess))
              ? "failing"
              : synced.isEmpty() ? "pending"
              : lag.orElseThrow().compareTo(CATCHING_UP.plus(t.total().connection().delay())) > 0 ? "catching-up"
              : warning.isPresent() ? "degraded"
              : "ok";
          String url = t.first().connection().url().equals(t.total().connection().url())
              ? t.total().connection().url().toString()
              : t.first().connection().url() + ", " + t.total().connection().url();
          all.add(new SourceStatus(t.sli(), t.dataSource(), Optional.of(url), state, synced, lag,
              Optional.ofNullable(s.lastSuccess), Optional.ofNullable(s.lastError), Optional.ofNullable(s.lastErrorAt),
              warning, s.queries, s.failures));
        }
      }
    }
    return all;
  }

  /** Stops the threads; a pull in flight is interrupted and writes nothing more. */
  @Override
  public synchronized void close() {
    if (scheduler == null) return;
    scheduler.shutdownNow();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "a PromQL pull still runs 10 s after it was interrupted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
