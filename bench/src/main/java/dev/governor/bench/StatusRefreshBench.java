package dev.governor.bench;

import dev.governor.slo.Evaluator;
import dev.governor.slo.EvaluatorSettings;
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
import java.util.Arrays;
import java.util.List;

/**
 * N SLOs with D days of per-minute history: how long a full status refresh of every SLO and window
 * takes, and how much memory Governor holds for them.
 *
 * <p>Usage: {@code java -Xmx1g -cp benchmarks.jar dev.governor.bench.StatusRefreshBench [slos]
 * [days] [dir]}. The history is generated once into {@code dir} (about 20 bytes a bucket) and
 * reused by later runs.
 */
public final class StatusRefreshBench {

  public static void main(String[] args) throws Exception {
    int slos = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Path.of(args.length > 2 ? args[2] : "target/status-bench-" + slos + "x" + days);
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    Path marker = dir.resolve("history-until");
    if (!Files.exists(marker)) {
      Files.createDirectories(dir);
      try (Database created = Database.sqlite(dir)) {
        // Creates the schema through the migrations; the rows are written below in bulk.
      }
      long start = System.nanoTime();
      generateHistory(dir.resolve(Database.SQLITE_FILE), slos, days, end);
      Files.writeString(marker, end.toString());
      System.out.printf("generated %,d buckets in %.0f s%n", (long) slos * days * 1440,
          (System.nanoTime() - start) / 1e9);
    }
    Instant historyEnd = Instant.parse(Files.readString(marker).trim());
    // The clock stands at the end of the history, so every window is full of data.
    java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
        historyEnd.minusSeconds(1));
    InstantSource clock = now::get;

    try (Database database = Database.sqlite(dir)) {
      Evaluator evaluator = new Evaluator(database.buckets(), database.alerts(), clock, EvaluatorSettings.DEFAULTS);
      long loadStart = System.nanoTime();
      evaluator.load(BenchSlos.catalog(slos, Duration.ofDays(days)));
      System.out.printf("loaded %,d SLOs (running sums rebuilt from the store) in %.1f s%n", slos,
          (System.nanoTime() - loadStart) / 1e9);

      int rounds = 50;
      long[] nanos = new long[rounds];
      int windows = 0;
      for (int i = 0; i < rounds + 10; i++) {
        long t0 = System.nanoTime();
        List<SloStatus> all = evaluator.statuses();
        long t1 = System.nanoTime();
        if (i >= 10) nanos[i - 10] = t1 - t0;
        windows = all.stream().mapToInt(s -> s.objectives().stream().mapToInt(o -> o.burnRates().size()).sum()).sum();
      }
      Arrays.sort(nanos);
      System.out.printf("full refresh: %,d SLOs, %,d window values: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
          slos, windows, nanos[rounds / 2] / 1e6, nanos[rounds * 9 / 10] / 1e6, nanos[rounds - 1] / 1e6);

      // A tick: the clock passes a minute, every window of every SLO drops the minute that left it
      // (read back from the store) and every alert rule is judged.
      int ticks = 10;
      long[] tickNanos = new long[ticks];
      for (int i = 0; i < ticks; i++) {
        now.set(now.get().plus(Duration.ofMinutes(1)));
        long t0 = System.nanoTime();
        evaluator.tick();
        tickNanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(tickNanos);
      System.out.printf("tick (one minute later, %,d SLOs): median %.0f ms, max %.0f ms%n",
          slos, tickNanos[ticks / 2] / 1e6, tickNanos[ticks - 1] / 1e6);

      System.gc();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("memory: resident %,d MiB, heap used after GC %,d MiB (max heap %,d MiB)%n",
          BenchSlos.residentBytes() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }
  }

  /**
   * Writes the buckets straight into SQLite with one recursive query per SLO: the store's own add
   * path would take an hour for 432 million buckets, and what is measured here is reading them.
   */
  private static void generateHistory(Path file, int slos, int days, Instant end) throws Exception {
    long endMinute = end.toEpochMilli();
    long startMinute = end.minus(Duration.ofDays(days)).toEpochMilli();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=OFF");
      }
      c.setAutoCommit(false);
      try (PreparedStatement series = c.prepareStatement("INSERT INTO series (name) VALUES (?)");
           PreparedStatement buckets = c.prepareStatement("""
               WITH RECURSIVE m(minute) AS (SELECT ? UNION ALL SELECT minute + 60000 FROM m WHERE minute + 60000 < ?)
               INSERT INTO bucket (series_id, minute, good, total)
               SELECT (SELECT id FROM series WHERE name = ?), minute,
                      1000 - (abs(random()) % 3), 1000
               FROM m""")) {
        for (int i = 0; i < slos; i++) {
          String name = BenchSlos.sliName(i);
          series.setString(1, name);
          series.executeUpdate();
          buckets.setLong(1, startMinute);
          buckets.setLong(2, endMinute);
          buckets.setString(3, name);
          buckets.executeUpdate();
          if (i % 100 == 99) {
            c.commit();
            System.out.printf("  history: %,d of %,d SLOs%n", i + 1, slos);
          }
        }
      }
      c.commit();
    }
  }
}
