package dev.governor.bench;

import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.slo.Evaluator;
import dev.governor.slo.IntakeWaits;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.slo.SloStatus;
import dev.governor.storage.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N SLOs with D days of history in SQLite: how long a restart takes to be ready (the running sums
 * rebuilt from the store's rollups), how long a full status refresh takes, how long ingestion
 * waits while the tick moves every window a minute, and how much memory Governor holds.
 *
 * <p>Usage: {@code java -Xmx3g -cp benchmarks.jar dev.governor.bench.EngineBench [slos] [days] [dir]
 * [minuteDays] [pragmas]}. The history is generated once into {@code dir} and reused by later runs. With
 * {@code minuteDays} below {@code days}, minute rows are written for the last {@code minuteDays}
 * only and the older history exists as hourly and daily rollups alone: 100,000 SLOs x 30 days of
 * minutes would be 4.3 billion rows (about 100 GB), more than the machine's disk. A restart reads
 * the same rows either way (days, hours and the minutes at the windows' edges).
 */
public final class EngineBench {

  public static void main(String[] args) throws Exception {
    int slos = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Path.of(args.length > 2 ? args[2] : "target/engine-bench-" + slos + "x" + days);
    int minuteDays = args.length > 3 ? Integer.parseInt(args[3]) : days;
    // SQLite pragmas for the measured opens, as a database URL's query carries them (for example
    // cache_size=-1048576 for a page cache of 1 GiB a connection instead of 2 MiB).
    String pragmas = args.length > 4 ? "?" + args[4] : "";
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);

    Path marker = dir.resolve("history-until");
    if (!Files.exists(marker)) {
      Files.createDirectories(dir);
      try (Database created = Database.sqlite(dir)) {
        // Creates the schema through the migrations; the rows are written below in bulk.
      }
      long start = System.nanoTime();
      generateHistory(dir.resolve(Database.SQLITE_FILE), slos, days, minuteDays, end);
      Files.writeString(marker, end.toString());
      System.out.printf("generated %,d SLOs x %d days (minutes for the last %d) in %.0f s%n", slos, days,
          minuteDays, (System.nanoTime() - start) / 1e9);
    }
    Instant historyEnd = Instant.parse(Files.readString(marker).trim());
    // The clock stands at the end of the history, so every window is full of data.
    AtomicReference<Instant> now = new AtomicReference<>(historyEnd.minusSeconds(1));
    InstantSource clock = now::get;
    System.out.printf("load average before: %s%n", loadAverage());

    for (int round = 1; round <= 2; round++) {
      long openStart = System.nanoTime();
      try (Database database = Database.open("jdbc:sqlite:" + dir.resolve(Database.SQLITE_FILE).toAbsolutePath() + pragmas)) {
        Evaluator evaluator = new Evaluator(database.buckets(), database.alerts(), clock, EvaluatorSettings.DEFAULTS);
        evaluator.load(BenchSlos.catalog(slos, Duration.ofDays(days)));
        System.out.printf("restart %d: database opened and %,d SLOs' running sums loaded in %.2f s (ready: %s)%n",
            round, slos, (System.nanoTime() - openStart) / 1e9, evaluator.ready());
        if (round == 2) measure(evaluator, now, slos);
      }
    }
    System.out.printf("load average after: %s%n", loadAverage());
  }

  private static String inMillis(long[] nanos) {
    return Arrays.stream(nanos).mapToObj(n -> Long.toString(Math.round(n / 1e6))).collect(java.util.stream.Collectors.joining(", "));
  }

  private static void measure(Evaluator evaluator, AtomicReference<Instant> now, int slos) throws Exception {
    refresh(evaluator, slos, "full refresh");

    // After a start each tick also reads up to 4,096 series' last six hours from the store, once, so
    // that later ticks find the minutes leaving the shorter windows in memory: first those ticks,
    // then the steady state.
    int filling = (slos + 4095) / 4096 + 1;
    long fillStart = System.nanoTime();
    for (int i = 0; i < filling; i++) {
      now.set(now.get().plus(Duration.ofMinutes(1)));
      evaluator.tick();
    }
    System.out.printf("the first %d ticks after the start, reading the recent minutes once: %.1f s in all%n",
        filling, (System.nanoTime() - fillStart) / 1e9);

    // The tick alone: what moving every window a minute and judging every rule costs.
    long[] quiet = new long[5];
    long[] quietReads = new long[quiet.length];
    long[] quietAllocated = new long[quiet.length];
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < quiet.length; i++) {
      now.set(now.get().plus(Duration.ofMinutes(1)));
      long read0 = BenchSlos.deviceReadBytes();
      long allocated0 = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      evaluator.tick();
      quiet[i] = System.nanoTime() - t0;
      quietAllocated[i] = (threads.getCurrentThreadAllocatedBytes() - allocated0) >> 20;
      quietReads[i] = (BenchSlos.deviceReadBytes() - read0) >> 20;
    }
    System.out.printf("ticks with no ingestion, in order: %s ms, reading %s MiB from the device, allocating %s MiB%n",
        inMillis(quiet), Arrays.toString(quietReads), Arrays.toString(quietAllocated));
    Arrays.sort(quiet);
    System.out.printf("tick with no ingestion (%,d SLOs): median %.0f ms, max %.0f ms%n", slos,
        quiet[quiet.length / 2] / 1e6, quiet[quiet.length - 1] / 1e6);

    // Every series written once first, as in a server that has run for a minute: the first write of
    // a series after a start reads its newest minute, hour and day pages from the device when the
    // file cache does not hold them (at 100,000 series about 1.2 GB), which is the start's cost, not
    // the tick's.
    long warm0 = System.nanoTime();
    long warmRead0 = BenchSlos.deviceReadBytes();
    for (int first = 0; first < slos; first += 1000) {
      List<SliEvent> batch = new ArrayList<>(1000);
      for (int k = first; k < Math.min(slos, first + 1000); k++) {
        batch.add(new SliEvent.Counts(SliName.of(BenchSlos.sliName(k)), now.get(), new EventCounts(1, 1)));
      }
      if (!(evaluator.ingest(batch) instanceof IngestOutcome.Accepted)) throw new IllegalStateException("warm-up refused");
    }
    System.out.printf("every series written once before the ingestion below: %.1f s, %,d MiB read from the device%n",
        (System.nanoTime() - warm0) / 1e9, (BenchSlos.deviceReadBytes() - warmRead0) >> 20);

    // Ingestion beside the tick: one thread sends durable batches of 1,000 events over 100 SLIs
    // in the current minute, as a busy sender does, while the clock passes a minute and the tick
    // moves every window of every SLO. Each batch's latency is kept with whether a tick ran.
    AtomicBoolean ticking = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> latencies = new ArrayList<>();
    // The writer's own CPU time per batch beside its latency: whether a batch that takes longer
    // while a tick runs waited for a core or did more work on one (on a VM, a core shared with the
    // host or a cache shared with the tick makes the same work cost more CPU time).
    java.util.concurrent.atomic.AtomicLong writerAllocated = new java.util.concurrent.atomic.AtomicLong();
    Thread writer = new Thread(() -> {
      Random random = new Random(1);
      long allocated0 = threads.getCurrentThreadAllocatedBytes();
      while (!stop.get()) {
        List<SliEvent> batch = new ArrayList<>(1000);
        Instant t = now.get();
        int first = random.nextInt(Math.max(1, slos - 100));
        for (int k = 0; k < 1000; k++) {
          batch.add(new SliEvent.Counts(SliName.of(BenchSlos.sliName(first + k % 100)), t,
              new EventCounts(random.nextInt(1000) == 0 ? 0 : 1, 1)));
        }
        boolean during = ticking.get();
        long queued0 = queuedForCoreNanos();
        long collected0 = collectionMillis();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        IngestOutcome outcome = evaluator.ingest(batch);
        long took = System.nanoTime() - t0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long queued = queuedForCoreNanos() - queued0;
        long collected = (collectionMillis() - collected0) * 1_000_000;
        if (!(outcome instanceof IngestOutcome.Accepted)) throw new IllegalStateException(outcome.toString());
        synchronized (latencies) {
          latencies.add(new long[] {took, during || ticking.get() ? 1 : 0, cpu, queued, collected});
        }
      }
      writerAllocated.set(threads.getCurrentThreadAllocatedBytes() - allocated0);
    }, "bench-writer");
    evaluator.takeIntakeWaits();
    CollectorPauses collections = new CollectorPauses().start();
    writer.start();
    int ticks = 10;
    long[] tickNanos = new long[ticks];
    long[] tickReads = new long[ticks];
    long[] tickAllocated = new long[ticks];
    for (int i = 0; i < ticks; i++) {
      Thread.sleep(1500);
      ticking.set(true);
      now.set(now.get().plus(Duration.ofMinutes(1)));
      long read0 = BenchSlos.deviceReadBytes();
      long allocated0 = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      evaluator.tick();
      tickNanos[i] = System.nanoTime() - t0;
      tickAllocated[i] = (threads.getCurrentThreadAllocatedBytes() - allocated0) >> 20;
      tickReads[i] = (BenchSlos.deviceReadBytes() - read0) >> 20;
      ticking.set(false);
    }
    Thread.sleep(1000);
    stop.set(true);
    writer.join();
    IntakeWaits waits = evaluator.takeIntakeWaits();
    System.out.printf("collections meanwhile (a pause inside a wait or a hold counts in it): %s%n", collections.stop());
    System.out.printf("ingestion waited for shards held exclusive (ticks, fills): %,d batches, %.1f ms in all,"
        + " longest %.2f ms; the longest exclusive hold %.2f ms, by %s%n", waits.batches(), waits.total().toNanos() / 1e6,
        waits.longest().toNanos() / 1e6, waits.longestHold().toNanos() / 1e6, waits.longestHolder());
    System.out.printf("ticks beside ingestion, in order: %s ms, reading %s MiB from the device, allocating %s MiB%n",
        inMillis(tickNanos), Arrays.toString(tickReads), Arrays.toString(tickAllocated));
    System.out.printf("the writer allocated %,d MiB, %.2f MiB a batch (its events included)%n", writerAllocated.get() >> 20,
        writerAllocated.get() / 1048576.0 / Math.max(1, latencies.size()));
    Arrays.sort(tickNanos);
    System.out.printf("tick (one minute later, %,d SLOs): median %.0f ms, max %.0f ms%n",
        slos, tickNanos[ticks / 2] / 1e6, tickNanos[ticks - 1] / 1e6);
    report("batches while a tick ran", latencies.stream().filter(l -> l[1] == 1).mapToLong(l -> l[0]).toArray(),
        latencies.stream().filter(l -> l[1] == 1).mapToLong(l -> l[2]).toArray());
    report("batches with no tick", latencies.stream().filter(l -> l[1] == 0).mapToLong(l -> l[0]).toArray(),
        latencies.stream().filter(l -> l[1] == 0).mapToLong(l -> l[2]).toArray());
    slowestApart("batches while a tick ran", latencies.stream().filter(l -> l[1] == 1).toList());
    slowestApart("batches with no tick", latencies.stream().filter(l -> l[1] == 0).toList());

    // Once more away from the start: the first refreshes share the collector with the start's
    // garbage and the sums it just built, which the young collections are still copying.
    refresh(evaluator, slos, "full refresh after the ticks");

    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf("memory: resident %,d MiB, heap used after GC %,d MiB (max heap %,d MiB)%n",
        BenchSlos.residentBytes() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
  }

  /** {@code Evaluator.statuses()} 35 times; the last 30 are reported. */
  private static void refresh(Evaluator evaluator, int slos, String label) {
    int rounds = 30;
    long[] nanos = new long[rounds];
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Refresh last = null;
    for (int i = 0; i < rounds + 5; i++) {
      last = refreshOnce(evaluator, threads);
      if (i >= 5) nanos[i - 5] = last.nanos();
    }
    System.out.printf("%s, in order: %s ms; the last allocated %,d MB%n", label, inMillis(nanos), last.bytes() >> 20);
    Arrays.sort(nanos);
    System.out.printf("%s: %,d SLOs, %,d window values: median %.1f ms, p90 %.1f ms, max %.1f ms%n", label,
        slos, last.windows(), nanos[rounds / 2] / 1e6, nanos[rounds * 9 / 10] / 1e6, nanos[rounds - 1] / 1e6);
  }

  private record Refresh(long nanos, long bytes, int windows) {}

  /**
   * One refresh whose statuses are dropped when it returns, as a request's are once answered: a loop
   * that kept the last list while building the next would make the collector copy both.
   */
  private static Refresh refreshOnce(Evaluator evaluator, com.sun.management.ThreadMXBean threads) {
    long bytes0 = threads.getCurrentThreadAllocatedBytes();
    long t0 = System.nanoTime();
    List<SloStatus> all = evaluator.statuses();
    long t1 = System.nanoTime();
    long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
    int windows = all.stream().mapToInt(s -> s.objectives().stream().mapToInt(o -> o.burnRates().size()).sum()).sum();
    return new Refresh(t1 - t0, bytes, windows);
  }

  private static void report(String what, long[] nanos, long[] cpuNanos) {
    if (nanos.length == 0) {
      System.out.printf("%s: none%n", what);
      return;
    }
    Arrays.sort(nanos);
    Arrays.sort(cpuNanos);
    System.out.printf("%s: %,d batches of 1,000 events, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " the writer's CPU time a batch p50 %.2f ms, p99 %.2f ms, %.1f s in all%n", what,
        nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
        nanos[nanos.length - 1] / 1e6, cpuNanos[cpuNanos.length / 2] / 1e6,
        cpuNanos[(int) (cpuNanos.length * 0.99)] / 1e6, Arrays.stream(cpuNanos).sum() / 1e9);
  }

  /**
   * Where the slowest hundredth of the batches spent their time, against all of them: on a core, queued
   * for one (runnable while both cores ran something else), inside a collection (a pause stops the
   * writer wherever it is), and the rest, blocked (the commit's fsync, a shard lock, a page read from
   * the device). Collections are counted whole when one ended inside the batch, to the millisecond.
   */
  private static void slowestApart(String what, List<long[]> batches) {
    if (batches.size() < 100) return;
    List<long[]> slowest = batches.stream().sorted((a, b) -> Long.compare(b[0], a[0]))
        .limit(batches.size() / 100).toList();
    System.out.printf("%s, the slowest 1 %% (%d) against all (%,d), mean ms: %s | %s%n", what, slowest.size(),
        batches.size(), apart(slowest), apart(batches));
  }

  private static String apart(List<long[]> batches) {
    double n = batches.size();
    double wall = batches.stream().mapToLong(b -> b[0]).sum() / n / 1e6;
    double cpu = batches.stream().mapToLong(b -> b[2]).sum() / n / 1e6;
    double queued = batches.stream().mapToLong(b -> b[3]).sum() / n / 1e6;
    double collected = batches.stream().mapToLong(b -> b[4]).sum() / n / 1e6;
    return String.format("latency %.2f = on a core %.2f + queued for a core %.2f + collections %.2f + blocked %.2f",
        wall, cpu, queued, collected, wall - cpu - queued - collected);
  }

  /** The calling thread's time runnable but not running, from the second field of its schedstat. */
  private static long queuedForCoreNanos() {
    try {
      String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat")).trim()
          .split(" ");
      return Long.parseLong(fields[1]);
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long collectionMillis() {
    long millis = 0;
    for (var collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      // G1 and ZGC also report their concurrent cycles, which do not stop the writer.
      if (collector.getName().contains("Concurrent") || collector.getName().contains("Cycles")) continue;
      millis += Math.max(0, collector.getCollectionTime());
    }
    return millis;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /**
   * Writes the rows straight into SQLite, a few statements per SLO: the store's own add path would
   * take hours for hundreds of millions of buckets, and what is measured here is reading them.
   * Hourly and daily rollups are what the store would have kept: sums of the minutes, and where
   * minutes are not written, hours of 60,000 events with 0 to 119 bad ones.
   */
  private static void generateHistory(Path file, int slos, int days, int minuteDays, Instant end) throws Exception {
    long endMilli = end.toEpochMilli();
    long startMilli = end.minus(Duration.ofDays(days)).toEpochMilli();
    long minutesFrom = end.minus(Duration.ofDays(minuteDays)).toEpochMilli();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=OFF");
      }
      c.setAutoCommit(false);
      try (PreparedStatement series = c.prepareStatement("INSERT INTO series (name) VALUES (?) RETURNING id");
           PreparedStatement minutes = c.prepareStatement("""
               WITH RECURSIVE m(minute) AS (SELECT ? UNION ALL SELECT minute + 60000 FROM m WHERE minute + 60000 < ?)
               INSERT INTO bucket (series_id, minute, good, total)
               SELECT ?, minute, 1000 - (abs(random()) % 3), 1000 FROM m""");
           PreparedStatement olderHours = c.prepareStatement("""
               WITH RECURSIVE h(hour) AS (SELECT ? UNION ALL SELECT hour + 3600000 FROM h WHERE hour + 3600000 < ?)
               INSERT INTO bucket_hour (series_id, hour, good, total)
               SELECT ?, hour, 60000 - (abs(random()) % 120), 60000 FROM h""");
           PreparedStatement recentHours = c.prepareStatement("""
               INSERT INTO bucket_hour (series_id, hour, good, total)
               SELECT series_id, minute - (minute % 3600000), SUM(good), SUM(total) FROM bucket
               WHERE series_id = ? GROUP BY 2""");
           PreparedStatement daysOf = c.prepareStatement("""
               INSERT INTO bucket_day (series_id, day, good, total)
               SELECT series_id, hour - (hour % 86400000), SUM(good), SUM(total) FROM bucket_hour
               WHERE series_id = ? GROUP BY 2""")) {
        for (int i = 0; i < slos; i++) {
          series.setString(1, BenchSlos.sliName(i));
          int id;
          try (var rs = series.executeQuery()) {
            rs.next();
            id = rs.getInt(1);
          }
          minutes.setLong(1, minutesFrom);
          minutes.setLong(2, endMilli);
          minutes.setInt(3, id);
          minutes.executeUpdate();
          if (minutesFrom > startMilli) {
            olderHours.setLong(1, startMilli);
            olderHours.setLong(2, minutesFrom);
            olderHours.setInt(3, id);
            olderHours.executeUpdate();
          }
          recentHours.setInt(1, id);
          recentHours.executeUpdate();
          daysOf.setInt(1, id);
          daysOf.executeUpdate();
          if (i % 500 == 499) {
            c.commit();
            System.out.printf("  history: %,d of %,d SLOs%n", i + 1, slos);
          }
        }
      }
      c.commit();
    }
  }
}
