package dev.governor.bench;

import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.slo.Evaluator;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.storage.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process ingestion into a durable SQLite bucket store, one thread (one core). A batch is 1,000
 * events of {@code slis} SLIs, stamped within the current minute, as a busy service's request
 * log would send them; the score is events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(1)
@Threads(1)
public class IngestBenchmark {

  static final int BATCH = 1000;

  @Param({"100"})
  int slis;

  Path dir;
  Database database;
  Evaluator evaluator;
  List<SliEvent> events;
  List<BucketIncrement> increments;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("governor-bench");
    database = Database.sqlite(dir);
    evaluator = new Evaluator(database.buckets(), database.alerts(), InstantSource.system(),
        EvaluatorSettings.DEFAULTS);
    evaluator.load(BenchSlos.catalog(slis, Duration.ofDays(28)));
    SplittableRandom random = new SplittableRandom(1);
    Instant now = Instant.now();
    events = new ArrayList<>(BATCH);
    increments = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      SliName sli = SliName.of(BenchSlos.sliName(random.nextInt(slis)));
      Instant time = now.minusMillis(random.nextInt(60_000));
      EventCounts counts = new EventCounts(random.nextInt(1000) == 0 ? 0 : 1, 1);
      events.add(new SliEvent.Counts(sli, time, counts));
      increments.add(new BucketIncrement(SeriesKey.of(sli), Minutes.floor(time), counts));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    database.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The bucket store alone: pre-aggregation, upsert, commit with fsync. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void bucketStoreAdd() {
    database.buckets().add(increments);
  }

  /** The whole in-process path: validation, store, running sums and alert rules. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object evaluatorIngest() {
    return evaluator.ingest(events);
  }
}
