package dev.governor.bench;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import dev.governor.storage.jdbc.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one batch of a live server costs the bucket store against a long history: the batch that
 * {@code bench/prometheus-beside.sh} posts every 15 seconds, one minute of {@code n} series, four
 * batches a minute, added to a data directory that already holds 30 days of minutes (make one with
 * the script and {@code KEEP=1}, or with {@code PrometheusBeside buckets}). Copy the directory
 * first: the adds stay in it.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.governor.bench.StoreAddCost DATA_DIR [N] [ADDS]
 * </pre>
 * Prints the CPU time of the adding thread per add over the second half of the adds (the first
 * half warms the JIT), the longest add in wall time (an add that folds the journal), and how long
 * the read that folds what is left takes. Series are named as the script names them
 * ({@code bench-i-ok}). Defaults: 500 series, 200 adds.
 */
public final class StoreAddCost {

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: StoreAddCost DATA_DIR [N] [ADDS]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int adds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    List<SeriesKey> series = new ArrayList<>(n);
    for (int i = 0; i < n; i++) series.add(SeriesKey.of(SliName.of("bench-" + i + "-ok")));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Database db = Database.sqlite(dir)) {
      Instant start = Minutes.floor(Instant.now());
      // The first read after an open folds whatever a previous run left; not part of any add.
      db.buckets().at(start.minusSeconds(86_400L * 40), series.subList(0, 1));
      long[] cpu = new long[adds];
      long longest = 0;
      int longestAt = -1;
      for (int a = 0; a < adds; a++) {
        Instant minute = start.plusSeconds(60L * (a / 4));
        List<BucketIncrement> batch = new ArrayList<>(n);
        for (SeriesKey key : series) batch.add(new BucketIncrement(key, minute, new EventCounts(249, 250)));
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        db.buckets().add(batch);
        long wall = System.nanoTime() - wall0;
        cpu[a] = threads.getCurrentThreadCpuTime() - cpu0;
        if (wall > longest) {
          longest = wall;
          longestAt = a;
        }
      }
      long[] measured = Arrays.copyOfRange(cpu, adds / 2, adds);
      Arrays.sort(measured);
      double mean = Arrays.stream(measured).average().orElse(0) / 1e6;
      long fold0 = System.nanoTime();
      db.buckets().at(start, series.subList(0, 1));
      double fold = (System.nanoTime() - fold0) / 1e6;
      System.out.printf("%d adds of %d series (one minute each, four adds a minute): CPU per add over the second"
              + " half: median %.2f ms, mean %.2f ms; longest add %.1f ms of wall time (add %d); the read that"
              + " folded the rest: %.1f ms%n",
          adds, n, measured[measured.length / 2] / 1e6, mean, longest / 1e6, longestAt, fold);
    }
  }
}
