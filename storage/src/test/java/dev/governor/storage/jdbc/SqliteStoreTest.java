package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import dev.governor.storage.StoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contract on a real SQLite file in a temporary directory, plus what is SQLite's own. */
class SqliteStoreTest extends StoreContract {

  private Path dataDir;

  @Nested
  class Buckets extends BucketsContract {}

  @Nested
  class Resources extends ResourcesContract {}

  @Nested
  class Alerts extends AlertsContract {}

  @Nested
  class Deployments extends DeploymentsContract {}

  @Nested
  class Commits extends CommitsContract {}

  @Nested
  class Policies extends PoliciesContract {}

  @Nested
  class CapacitySignals extends CapacitySignalsContract {}

  @Nested
  class Probes extends ProbesContract {}

  @Nested
  class Adjustments extends AdjustmentsContract {}

  @Nested
  class Instances extends InstancesContract {}

  @Nested
  class Leases extends LeasesContract {}

  @Nested
  class Composites extends CompositesContract {}

  @Nested
  class ProbeResults extends ProbeResultsContract {}

  @Nested
  class Status extends StatusContract {}

  @Nested
  class Access extends AccessContract {}

  @Nested
  class Sessions extends SessionsContract {}

  @Nested
  class AuditLog extends AuditLogContract {}

  @Nested
  class Audit extends AuditContract {}

  @Nested
  class Hooks extends HooksContract {}

  @Nested
  class Notifications extends NotificationsContract {}

  @Nested
  class OnCall extends OnCallContract {}

  @Nested
  class Incidents extends IncidentsContract {}

  @Override
  protected void createEmptyDatabase() throws IOException {
    dataDir = Files.createTempDirectory("governor-sqlite-test");
  }

  @Override
  protected Database open() {
    return Database.sqlite(dataDir.resolve("data"));
  }

  @Override
  protected void dropDatabase() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
    }
  }

  @Test
  void sqlite_createsTheDataDirectoryAndGovernorDbInIt() {
    assertThat(dataDir.resolve("data/governor.db")).isRegularFile();
    assertThat(db.dialect()).isEqualTo("sqlite");
  }

  @Test
  void open_ofAFileUrl_usesThatFile() {
    Path file = dataDir.resolve("elsewhere.db");
    try (Database other = Database.open("jdbc:sqlite:" + file)) {
      assertThat(other.dialect()).isEqualTo("sqlite");
      assertThat(other.isHealthy()).isTrue();
    }
    assertThat(file).isRegularFile();
  }

  @Test
  void theFile_isInWalMode_andTheBucketTableIsStrictWithoutRowid() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/governor.db"));
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT wr, strict FROM pragma_table_list WHERE name = 'bucket'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("wr")).as("WITHOUT ROWID").isEqualTo(1);
        assertThat(rs.getInt("strict")).as("STRICT").isEqualTo(1);
      }
    }
  }

  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final SeriesKey CHECKOUT = SeriesKey.of(SliName.of("checkout"));
  private static final SeriesKey PAYMENTS = SeriesKey.of(SliName.of("payments"));

  private static BucketIncrement increment(SeriesKey series, Instant minute, long good, long total) {
    return new BucketIncrement(series, minute, new EventCounts(good, total));
  }

  /** Rows of a table as another connection to the file sees them: what has been committed. */
  private long rows(String table) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/governor.db"));
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void anAdd_isJournaled_andFoldedOnlyWhenAReadNeedsItsMinutes() throws SQLException {
    db.buckets().add(List.of(increment(CHECKOUT, NOON, 1, 2), increment(CHECKOUT, NOON, 3, 4)));
    assertThat(rows("bucket_journal")).isEqualTo(1);
    assertThat(rows("bucket")).isZero();

    assertThat(db.buckets().at(NOON.minus(Duration.ofMinutes(1)), List.of(CHECKOUT))).isEmpty();
    assertThat(rows("bucket_journal")).as("a read of older minutes leaves the journal").isEqualTo(1);

    assertThat(db.buckets().at(NOON, List.of(CHECKOUT))).containsExactly(Map.entry(CHECKOUT, new EventCounts(4, 6)));
    assertThat(rows("bucket_journal")).isZero();
    assertThat(List.of(rows("bucket"), rows("bucket_hour"), rows("bucket_day"))).containsExactly(1L, 1L, 1L);
  }

  @Test
  void journaledAddsOfOneBucket_foldIntoOneRow_summed() throws SQLException {
    for (int i = 0; i < 5; i++) db.buckets().add(List.of(increment(CHECKOUT, NOON, 1, 1)));
    assertThat(rows("bucket_journal")).isEqualTo(5);

    assertThat(db.buckets().sum(CHECKOUT, NOON.minus(Duration.ofDays(2)), NOON.plus(Duration.ofDays(2))))
        .isEqualTo(new EventCounts(5, 5));
    assertThat(List.of(rows("bucket_journal"), rows("bucket"), rows("bucket_hour"), rows("bucket_day")))
        .containsExactly(0L, 1L, 1L, 1L);
  }

  @Test
  void aJournalLeftBehind_isFoldedOnceByTheNextOpen() throws SQLException {
    db.buckets().add(List.of(increment(CHECKOUT, NOON, 1, 2)));
    reopenDatabase();
    assertThat(rows("bucket_journal")).as("closing does not fold, as a kill would not").isEqualTo(1);

    assertThat(db.buckets().at(NOON.minus(Duration.ofDays(1)), List.of(CHECKOUT)))
        .as("any first read folds: what a killed process left is not known").isEmpty();
    assertThat(rows("bucket_journal")).isZero();
    reopenDatabase();
    assertThat(db.buckets().sum(CHECKOUT, NOON, NOON.plus(Duration.ofHours(1)))).isEqualTo(new EventCounts(1, 2));
  }

  @Test
  void anAddThatMakesTheJournalLong_foldsItsOldestRows_untilHalfIsLeft() throws SQLException {
    // The same minute of 1,000 series again and again: many increments, few buckets.
    List<SeriesKey> series = IntStream.range(0, 1_000).mapToObj(i -> SeriesKey.of(SliName.of("s-" + i))).toList();
    int batches = JdbcBucketStore.FOLD_AT / series.size();
    for (int b = 0; b < batches; b++) db.buckets().add(series.stream().map(s -> increment(s, NOON, 1, 1)).toList());
    assertThat(rows("bucket_journal")).as("at the mark, not past it: one row per add").isEqualTo(batches);
    assertThat(rows("bucket")).isZero();

    db.buckets().add(series.stream().map(s -> increment(s, NOON, 1, 1)).toList());
    // 21,000 increments: the oldest eleven adds go, leaving 10,000, the fold's mark.
    assertThat(JdbcBucketStore.FOLD_DOWN_TO).isEqualTo(10_000);
    assertThat(rows("bucket_journal")).isEqualTo(10);
    assertThat(rows("bucket")).as("eleven adds of each bucket, written once").isEqualTo(1_000);
    assertThat(countsIn("bucket", 0)).isEqualTo(11);
    assertThat(db.buckets().at(NOON, series.subList(0, 1))).containsValue(new EventCounts(batches + 1, batches + 1));
  }

  @Test
  void anAddThatGivesTheJournalManyBuckets_foldsTheOldestMinutesWhole_longBeforeItIsLong() throws SQLException {
    // A new minute of 500 series each time: every increment is a bucket of its own.
    List<SeriesKey> series = IntStream.range(0, 500).mapToObj(i -> SeriesKey.of(SliName.of("s-" + i))).toList();
    int minutes = JdbcBucketStore.FOLD_AT_BUCKETS / series.size();
    for (int m = 0; m < minutes; m++) {
      Instant minute = NOON.plus(Duration.ofMinutes(m));
      db.buckets().add(series.stream().map(s -> increment(s, minute, 1, 1)).toList());
    }
    assertThat(rows("bucket")).isZero();

    Instant last = NOON.plus(Duration.ofMinutes(minutes));
    db.buckets().add(series.stream().map(s -> increment(s, last, 1, 1)).toList());
    // 3,000 buckets: the oldest minute's add leaves 2,500, the next one's 2,000, under 2,400.
    assertThat(JdbcBucketStore.FOLD_DOWN_TO_BUCKETS).isEqualTo(2_400);
    assertThat(rows("bucket_journal")).isEqualTo(4);
    assertThat(rows("bucket")).as("two minutes whole").isEqualTo(1_000);
    assertThat(minutesIn("bucket")).containsExactly(NOON.toEpochMilli(), NOON.plusSeconds(60).toEpochMilli());
  }

  @Test
  void aBucketInATakenAddAndAKeptOne_leavesTheJournalOnlyWithItsLastAdd() throws SQLException {
    List<SeriesKey> series = IntStream.range(0, 2_600).mapToObj(i -> SeriesKey.of(SliName.of("s-" + i))).toList();
    List<SeriesKey> first = series.subList(0, 200);
    db.buckets().add(first.stream().map(s -> increment(s, NOON, 1, 1)).toList());
    db.buckets().add(first.stream().map(s -> increment(s, NOON, 1, 1)).toList());
    Instant next = NOON.plusSeconds(60);
    db.buckets().add(series.subList(200, 2_600).stream().map(s -> increment(s, next, 1, 1)).toList());
    // 2,600 buckets. The first add alone leaves all 2,600 (the second still holds its 200): the
    // second goes too, leaving 2,400.
    assertThat(rows("bucket_journal")).isEqualTo(1);
    assertThat(rows("bucket")).isEqualTo(200);
    assertThat(countsIn("bucket", 0)).isEqualTo(2);
  }

  @Test
  void aRead_foldsOnlyTheAddsThatHoldAMinuteItNeeds() throws SQLException {
    db.buckets().add(List.of(increment(CHECKOUT, NOON, 1, 1)));
    db.buckets().add(List.of(increment(PAYMENTS, NOON.plusSeconds(60), 1, 1)));
    db.buckets().add(List.of(increment(CHECKOUT, NOON.plusSeconds(120), 1, 1)));

    assertThat(db.buckets().at(NOON, List.of(CHECKOUT))).containsExactly(Map.entry(CHECKOUT, new EventCounts(1, 1)));
    assertThat(minutesIn("bucket")).containsExactly(NOON.toEpochMilli());
    assertThat(rows("bucket_journal")).isEqualTo(2);

    assertThat(db.buckets().sum(PAYMENTS, NOON, NOON.plus(Duration.ofDays(1)))).isEqualTo(new EventCounts(1, 1));
    assertThat(rows("bucket_journal")).isZero();
  }

  @Test
  void anAddOfSeveralMinutes_isFoldedWhole_whenAReadNeedsItsOldest() throws SQLException {
    // Taking part of an add's row and leaving the row would fold that part again after a crash.
    db.buckets().add(List.of(increment(CHECKOUT, NOON, 1, 1), increment(CHECKOUT, NOON.plusSeconds(120), 2, 2)));

    assertThat(db.buckets().at(NOON, List.of(CHECKOUT))).containsExactly(Map.entry(CHECKOUT, new EventCounts(1, 1)));
    assertThat(rows("bucket_journal")).isZero();
    assertThat(minutesIn("bucket")).containsExactly(NOON.toEpochMilli(), NOON.plusSeconds(120).toEpochMilli());
    reopenDatabase();
    assertThat(db.buckets().sum(CHECKOUT, NOON, NOON.plus(Duration.ofHours(1)))).isEqualTo(new EventCounts(3, 3));
  }

  @Test
  void aRowJournalLeftByTheSchemaBefore_isFoldedIntoTheBuckets_byTheMigration() throws SQLException {
    Path file = dataDir.resolve("migrating.db");
    org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    Database.migrate(Dialect.SQLITE, source, 17);
    long hour = NOON.toEpochMilli();
    try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO series (id, name) VALUES (1, 'checkout'), (2, 'payments')");
      statement.execute("INSERT INTO bucket VALUES (1, " + hour + ", 5, 5)");
      statement.execute("INSERT INTO bucket_hour VALUES (1, " + hour + ", 5, 5)");
      statement.execute("INSERT INTO bucket_day VALUES (1, " + (hour - 12 * 3_600_000L) + ", 5, 5)");
      // Two rows of one bucket, one of a minute inside the next hour, one of another series, and one
      // from before 1970, whose hour and day are floored, not truncated towards zero.
      long later = hour + 3_600_000L + 25 * 60_000L;
      statement.execute("INSERT INTO bucket_journal (series_id, minute, good, total) VALUES (1, " + hour + ", 1, 2), (1, "
          + hour + ", 1, 1), (1, " + later + ", 0, 4), (2, " + hour + ", 3, 3), (2, -1500000, 1, 1)");
    }
    Database.migrate(Dialect.SQLITE, source, Database.SCHEMA_VERSION);
    try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
      long later = hour + 3_600_000L + 25 * 60_000L;
      assertThat(query(statement, "SELECT series_id, minute, good, total FROM bucket ORDER BY series_id, minute"))
          .containsExactly(List.of(1L, hour, 7L, 8L), List.of(1L, later, 0L, 4L), List.of(2L, -1_500_000L, 1L, 1L),
              List.of(2L, hour, 3L, 3L));
      assertThat(query(statement, "SELECT series_id, hour, good, total FROM bucket_hour ORDER BY series_id, hour"))
          .containsExactly(List.of(1L, hour, 7L, 8L), List.of(1L, hour + 3_600_000L, 0L, 4L),
              List.of(2L, -3_600_000L, 1L, 1L), List.of(2L, hour, 3L, 3L));
      assertThat(query(statement, "SELECT series_id, day, good, total FROM bucket_day ORDER BY series_id, day"))
          .containsExactly(List.of(1L, hour - 12 * 3_600_000L, 7L, 12L), List.of(2L, -86_400_000L, 1L, 1L),
              List.of(2L, hour - 12 * 3_600_000L, 3L, 3L));
      assertThat(query(statement, "SELECT COUNT(*) FROM bucket_journal")).containsExactly(List.of(0L));
    }
  }

  private static List<List<Long>> query(Statement statement, String sql) throws SQLException {
    List<List<Long>> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        List<Long> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(rs.getLong(i));
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void adds_partialFolds_readsAndReopens_inAnyOrder_giveTheCountsOfEveryAdd() throws SQLException {
    // Seeded, so a failure repeats: batches over 700 series and 12 minutes pass both fold marks
    // many times, reads of single minutes fold some of the journal, reopens leave it behind.
    java.util.Random random = new java.util.Random(11);
    List<SeriesKey> series = IntStream.range(0, 700).mapToObj(i -> SeriesKey.of(SliName.of("s-" + i))).toList();
    Map<SeriesKey, Map<Instant, long[]>> expected = new java.util.HashMap<>();
    for (int step = 0; step < 120; step++) {
      int kind = random.nextInt(20);
      if (kind == 0) {
        reopenDatabase();
      } else if (kind < 4) {
        Instant minute = NOON.plus(Duration.ofMinutes(random.nextInt(12)));
        List<SeriesKey> asked = series.subList(0, 50);
        Map<SeriesKey, EventCounts> want = new java.util.HashMap<>();
        for (SeriesKey key : asked) {
          long[] counts = expected.getOrDefault(key, Map.of()).get(minute);
          if (counts != null) want.put(key, new EventCounts(counts[0], counts[1]));
        }
        assertThat(db.buckets().at(minute, asked)).as("step %d", step).isEqualTo(want);
      } else {
        List<BucketIncrement> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          SeriesKey key = series.get(random.nextInt(series.size()));
          Instant minute = NOON.plus(Duration.ofMinutes(random.nextInt(12)));
          long good = random.nextInt(3);
          batch.add(increment(key, minute, good, good + random.nextInt(2) + 1));
          long[] counts = expected.computeIfAbsent(key, k -> new java.util.HashMap<>()).computeIfAbsent(minute, m -> new long[2]);
          counts[0] += good;
          counts[1] += batch.get(batch.size() - 1).counts().total();
        }
        db.buckets().add(batch);
      }
    }
    for (SeriesKey key : series) {
      long[] total = new long[2];
      expected.getOrDefault(key, Map.of()).values().forEach(c -> { total[0] += c[0]; total[1] += c[1]; });
      assertThat(db.buckets().sum(key, NOON.minus(Duration.ofDays(1)), NOON.plus(Duration.ofDays(1))))
          .as(key.id()).isEqualTo(new EventCounts(total[0], total[1]));
      assertThat(db.buckets().range(key, NOON, NOON.plus(Duration.ofHours(1))))
          .as(key.id()).hasSize(expected.getOrDefault(key, Map.of()).size());
    }
  }

  /** The distinct minutes of a bucket table, as another connection sees them. */
  private List<Long> minutesIn(String table) throws SQLException {
    List<Long> minutes = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/governor.db"));
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT DISTINCT minute FROM " + table + " ORDER BY minute")) {
      while (rs.next()) minutes.add(rs.getLong(1));
    }
    return minutes;
  }

  /** The good count of {@code table}'s row of the series numbered {@code index + 1}'s first bucket. */
  private long countsIn(String table, int index) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/governor.db"));
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT good FROM " + table + " WHERE series_id = " + (index + 1)
            + " ORDER BY minute LIMIT 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** 19 batches of 500 series over four minutes: a journal just short of folding by itself, slow to fold. */
  private List<SeriesKey> fillTheJournal() {
    List<SeriesKey> series = IntStream.range(0, 500).mapToObj(i -> SeriesKey.of(SliName.of("s-" + i))).toList();
    for (int m = 0; m < 19; m++) {
      Instant minute = NOON.plus(Duration.ofMinutes(m % 4));
      db.buckets().add(series.stream().map(s -> increment(s, minute, 1, 1)).toList());
    }
    return series;
  }

  @Test
  void aReadAfterAnAdd_seesIt_whileAnotherReadIsFoldingTheJournal() throws Exception {
    // The fold in flight has taken the journal's rows but not committed: a reader that took the
    // journal for empty then would read neither the journal nor the buckets.
    for (int trial = 0; trial < 8; trial++) {
      List<SeriesKey> series = fillTheJournal();
      Instant later = NOON.plus(Duration.ofDays(1 + trial));
      db.buckets().add(List.of(increment(CHECKOUT, later, 1, 1)));
      Thread folding = Thread.ofPlatform().start(() -> db.buckets().at(NOON, series.subList(0, 1)));
      Thread.sleep(trial * 5L);
      assertThat(db.buckets().at(later, List.of(CHECKOUT))).as("trial %d", trial)
          .containsExactly(Map.entry(CHECKOUT, new EventCounts(1, 1)));
      folding.join();
    }
  }

  @Test
  void aDayWithARowStillJournaled_keepsItsBound_whenAFoldTakesAnotherOfItsRows() {
    long fourQuintillion = 4_000_000_000_000_000_000L;
    db.buckets().add(List.of(increment(CHECKOUT, NOON, 0, fourQuintillion)));
    db.buckets().add(List.of(increment(CHECKOUT, NOON.plusSeconds(120), 0, fourQuintillion)));
    // Folds the first add only: the day's row now holds half of what the day will hold.
    db.buckets().at(NOON, List.of(CHECKOUT));

    // With the folded row alone the day would take it; with the journaled one it would pass 2^63-1.
    long oneAndAHalf = 1_500_000_000_000_000_000L;
    assertThatThrownBy(() -> db.buckets().add(List.of(increment(CHECKOUT, NOON.plusSeconds(180), 0, oneAndAHalf))))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("nothing was added");
    assertThat(db.buckets().sum(CHECKOUT, NOON, NOON.plus(Duration.ofHours(1))))
        .isEqualTo(new EventCounts(0, 2 * fourQuintillion));
  }

  @Test
  void anAdd_toADayWhoseRowRetentionDeleted_isStillRefusedPastTheLimitOfItsHours() {
    long nearMax = Long.MAX_VALUE - 10;
    db.buckets().add(List.of(increment(CHECKOUT, NOON, nearMax, nearMax)));
    db.buckets().deleteBefore(NOON.plus(Duration.ofDays(2)));

    assertThatThrownBy(() -> db.buckets().add(List.of(increment(CHECKOUT, NOON.plusSeconds(60), 100, 100))))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("nothing was added");
    // The refused add left nothing to fold: the store goes on.
    Instant later = NOON.plus(Duration.ofDays(3));
    db.buckets().add(List.of(increment(CHECKOUT, later, 1, 1)));
    assertThat(db.buckets().at(later, List.of(CHECKOUT))).containsExactly(Map.entry(CHECKOUT, new EventCounts(1, 1)));
  }

  @Test
  void aSnapshot_findsEveryAddInTheBuckets_andTheJournalEmpty() {
    db.buckets().add(List.of(increment(CHECKOUT, NOON, 1, 2)));

    EventCounts seen = db.snapshot(snapshot -> {
      long journaled = 0;
      for (TableLayout table : snapshot.tables()) {
        if (!table.name().equals("bucket_journal")) continue;
        long[] count = {0};
        snapshot.rows(table, row -> count[0]++);
        journaled = count[0];
      }
      assertThat(journaled).isZero();
      return snapshot.stores().buckets().at(NOON, List.of(CHECKOUT)).get(CHECKOUT);
    });
    assertThat(seen).isEqualTo(new EventCounts(1, 2));
  }

  @Test
  void open_ofAnInMemoryDatabase_throws_becauseEachConnectionWouldSeeAnotherOne() {
    assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite::memory:");
  }

  @Test
  void open_ofAnotherDatabase_throws_andDoesNotEchoThePassword() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/governor?password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://db/governor")
        .hasMessageNotContaining("secret");
  }
}
