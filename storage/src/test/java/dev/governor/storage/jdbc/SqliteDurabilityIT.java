package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An add that returned is on disk: a writer process is killed with SIGKILL in the middle of its
 * adds, and every batch it reported as committed is there when the file is opened again, while the
 * batch it was writing is there whole or not at all.
 */
class SqliteDurabilityIT {

  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  private static final int SERIES = 10;
  private static final int MINUTES_PER_BATCH = 10;
  private static final int ENOUGH_COMMITS = 300;
  private static final Duration AT_MOST = Duration.ofSeconds(6);

  private final Path dataDir;

  SqliteDurabilityIT() throws IOException {
    dataDir = Files.createTempDirectory("governor-durability");
  }

  @AfterEach
  void deleteDataDir() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
    }
  }

  static List<SeriesKey> series() {
    return IntStream.range(0, SERIES).mapToObj(i -> SeriesKey.of(SliName.of("series-" + i))).toList();
  }

  /** Batch n: every series gets (n+1) good of (n+2) events in each of its minutes. */
  static List<BucketIncrement> batch(int n) {
    List<BucketIncrement> increments = new ArrayList<>();
    for (int m = 0; m < MINUTES_PER_BATCH; m++) {
      Instant minute = minute(n, m);
      for (SeriesKey key : series()) {
        increments.add(new BucketIncrement(key, minute, new EventCounts(n + 1, n + 2)));
      }
    }
    return increments;
  }

  static Instant minute(int batch, int m) {
    return T0.plus(Duration.ofMinutes((long) batch * MINUTES_PER_BATCH + m));
  }

  /** The process that gets killed: adds batch after batch and says so after each returns. */
  public static void main(String[] args) {
    try (Database db = Database.sqlite(Path.of(args[0]))) {
      // Bounded, so that a writer whose parent died stops by itself.
      for (int n = 0; n < 100_000; n++) {
        db.buckets().add(batch(n));
        System.out.println("committed " + n);
        System.out.flush();
      }
    }
  }

  @Test
  void everyBatchReportedCommitted_survivesAKill9OfTheWriter() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process writer = new ProcessBuilder(
            java, "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            SqliteDurabilityIT.class.getName(), dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();

    int lastCommitted = -1;
    long deadline = System.nanoTime() + AT_MOST.toNanos();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) lastCommitted = Integer.parseInt(line.substring(10));
        if (lastCommitted >= ENOUGH_COMMITS || System.nanoTime() > deadline) {
          // SIGKILL: no shutdown hook, no close, no checkpoint. Through the handle, because
          // Process.destroyForcibly() also closes our end of the pipe, with the last lines in it.
          writer.toHandle().destroyForcibly();
          break;
        }
      }
      assertThat(writer.waitFor(10, TimeUnit.SECONDS)).as("the writer ended").isTrue();
      // Lines the writer printed before it died are still in the pipe.
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) lastCommitted = Integer.parseInt(line.substring(10));
      }
    } finally {
      writer.toHandle().destroyForcibly();
    }
    assertThat(writer.exitValue()).as("killed, not finished (exit code)").isNotZero();
    assertThat(lastCommitted).as("batches the writer committed before it was killed").isGreaterThan(10);

    try (Database db = Database.sqlite(dataDir)) {
      for (int n = 0; n <= lastCommitted; n++) {
        for (int m = 0; m < MINUTES_PER_BATCH; m++) {
          Map<SeriesKey, EventCounts> found = db.buckets().at(minute(n, m), series());
          assertThat(found).as("batch %d, minute %d", n, m).hasSize(SERIES);
          assertThat(found.values()).as("batch %d", n).containsOnly(new EventCounts(n + 1, n + 2));
        }
      }
      int inFlight = lastCommitted + 1;
      long bucketsOfInFlight = db.buckets().range(series().getFirst(), minute(inFlight, 0), minute(inFlight + 1, 0)).size();
      assertThat(bucketsOfInFlight).as("the batch being written when the kill came: all or nothing")
          .isIn(0L, (long) MINUTES_PER_BATCH);
      assertThat(db.buckets().range(series().getFirst(), minute(inFlight + 1, 0), minute(100_000, 0)))
          .as("nothing after the batch in flight").isEmpty();
      // Sums over days read the hourly and daily rollups, which the batches the kill left in the
      // journal reached only when the reopened store folded it: once, and all of it.
      long good = 0;
      long total = 0;
      for (int n = 0; n <= (bucketsOfInFlight == 0 ? lastCommitted : inFlight); n++) {
        good += (long) MINUTES_PER_BATCH * (n + 1);
        total += (long) MINUTES_PER_BATCH * (n + 2);
      }
      assertThat(db.buckets().sum(series().getFirst(), T0, T0.plus(Duration.ofDays(400))))
          .as("every batch once in the daily rollups").isEqualTo(new EventCounts(good, total));
      long hourlyGood = 0;
      long hourlyTotal = 0;
      for (var hour : db.buckets().hourly(series().getFirst(), T0, T0.plus(Duration.ofDays(400)))) {
        hourlyGood += hour.counts().good();
        hourlyTotal += hour.counts().total();
      }
      assertThat(new EventCounts(hourlyGood, hourlyTotal)).as("every batch once in the hourly rollups")
          .isEqualTo(new EventCounts(good, total));
    }
  }
}
