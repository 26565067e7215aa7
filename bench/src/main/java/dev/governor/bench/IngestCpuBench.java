package dev.governor.bench;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.sli.SliEvent;
import dev.governor.slo.Evaluator;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.storage.jdbc.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole in-process ingest path (admission, durable store, running sums, alert rules), as
 * {@link IngestBenchmark#evaluatorIngest} runs it, counted in CPU seconds instead of wall time: on a
 * shared two-core machine a wall-clock score moves with whatever else runs, and the thread also
 * waits for fsync, which costs the core nothing. Events per CPU second of the whole process (every
 * thread, the JIT and the collector included, user and system time) is what one core can take.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.governor.bench.IngestCpuBench [SLIS] [SECONDS] [THREADS] [MINUTES]
 * </pre>
 * Defaults: 100 SLIs, 30 s measured after 15 s of warm-up, 1 thread, 1 minute. A batch is 1,000
 * events of random SLIs stamped at random within the last {@code MINUTES} whole minutes before the
 * clock's (64 such batches, in turn): whole minutes, because with events "within the last 60 s" the
 * second a run began decided how they fell into one minute or two, and so how many buckets each
 * batch brought, and runs of the same code differed by half. SQLite with
 * {@code synchronous=FULL}, every batch fsynced before it returns; the evaluator ticks as the server
 * ticks it.
 */
public final class IngestCpuBench {

  static final int BATCH = 1000;

  public static void main(String[] args) throws Exception {
    int slis = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int minutes = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Path dir = Files.createTempDirectory("governor-ingest-cpu");
    try (Database database = Database.sqlite(dir)) {
      Evaluator evaluator = new Evaluator(database.buckets(), database.alerts(), InstantSource.system(),
          EvaluatorSettings.DEFAULTS);
      evaluator.load(BenchSlos.catalog(slis, Duration.ofDays(28)));
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-ticker");
        thread.setDaemon(true);
        return thread;
      });
      tickAsTheServerDoes(evaluator, ticker);
      run(evaluator, slis, 15, threads, minutes);
      long[] cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      long events = run(evaluator, slis, seconds, threads, minutes);
      long[] cpu1 = processCpuNanos();
      long user = cpu1[0] - cpu0[0];
      long system = cpu1[1] - cpu0[1];
      long cpu = user + system;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf("%d SLIs, %d thread(s), %d s: %,d events; %,.0f events/s of wall time;"
              + " %.2f CPU-s of the process (user %.2f, system %.2f); %,.0f events per CPU-second;"
              + " %,.0f per user CPU-second; load average %s%n",
          slis, threads, seconds, events, events / wall, cpu / 1e9, user / 1e9, system / 1e9,
          events / (cpu / 1e9), events / (user / 1e9), loadAverage());
      ticker.shutdownNow();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Ticks {@code evaluator} as the server's scheduler does: every 10 s and just past each minute
   * boundary. Without ticks the series' recent minutes are never read and the sums stay at the
   * minute of the load; once the clock has passed it nothing bounds a batch's newest minute, so
   * admission reads the store for the cap and folds the journal, every batch: runs that crossed a
   * minute after the load took half the events per CPU-second of runs that did not.
   */
  private static void tickAsTheServerDoes(Evaluator evaluator, ScheduledExecutorService ticker) {
    ticker.execute(() -> {
      evaluator.tick();
      long toBoundary = 60_000 - Math.floorMod(System.currentTimeMillis(), 60_000) + 50;
      ticker.schedule(() -> tickAsTheServerDoes(evaluator, ticker), Math.min(10_000, toBoundary), TimeUnit.MILLISECONDS);
    });
  }

  /**
   * Ingests batches from {@code threads} threads for {@code seconds}; the events taken. The batches
   * are made before the clock starts, 64 per thread, so that making them is not counted.
   */
  private static long run(Evaluator evaluator, int slis, int seconds, int threads, int minutes)
      throws InterruptedException {
    List<List<List<SliEvent>>> batches = new ArrayList<>();
    Instant firstMinute = Minutes.floor(Instant.now()).minus(Duration.ofMinutes(minutes));
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(t);
      List<List<SliEvent>> mine = new ArrayList<>();
      for (int b = 0; b < 64; b++) {
        List<SliEvent> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
          SliName sli = SliName.of(BenchSlos.sliName(random.nextInt(slis)));
          events.add(new SliEvent.Counts(sli, firstMinute.plusMillis(random.nextInt(60_000 * minutes)),
              new EventCounts(random.nextInt(1000) == 0 ? 0 : 1, 1)));
        }
        mine.add(events);
      }
      batches.add(mine);
    }
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    long[] taken = new long[threads];
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      running.add(Thread.ofPlatform().start(() -> {
        List<List<SliEvent>> mine = batches.get(me);
        for (int b = 0; System.nanoTime() < until; b++) {
          evaluator.ingest(mine.get(b % mine.size()));
          taken[me] += BATCH;
        }
      }));
    }
    for (Thread thread : running) thread.join();
    long sum = 0;
    for (long n : taken) sum += n;
    return sum;
  }

  /**
   * utime and stime of this process, from /proc/self/stat, in nanoseconds (Linux's USER_HZ, 100):
   * apart, because the kernel's share (fsync on this VM's virtual disk) moves from run to run.
   */
  private static long[] processCpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(fields[11]) * 10_000_000L, Long.parseLong(fields[12]) * 10_000_000L};
  }

  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }
}
