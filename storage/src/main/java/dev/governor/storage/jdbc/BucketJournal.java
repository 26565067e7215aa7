package dev.governor.storage.jdbc;

import dev.governor.storage.jdbc.JdbcBucketStore.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Acknowledged increments that are durable but not yet in the bucket tables: the {@code
 * bucket_journal} table and what this process knows about it.
 *
 * <p>Why a journal: in SQLite a commit writes every page it changed to the WAL, and a bucket's
 * minute, hour and day rows sit on three different pages per series. A batch of one minute of 500
 * series changed about 1,100 pages, 4 MB, and cost 25 ms of CPU, four times a minute for the same
 * minute of the same series. Appended to the journal, the same batch is 500 rows on a few pages at
 * its end; {@link JdbcBucketStore} folds the journal into the bucket tables when a read needs the
 * minutes it holds or when it has grown long, and then each bucket is written once for all the
 * batches since the last fold.
 *
 * <p>The journal is written and folded only through SQLite's one writer connection, so the state
 * here is changed inside those transactions, one at a time, and read by readers to decide whether
 * they must fold first. Whatever a failed transaction leaves, {@link #forget} makes the state
 * unknown, and unknown means "fold before anything else", as at start, when a killed process may
 * have left rows.
 *
 * <p>An add is refused when it would take a bucket past 2^63-1, before anything is written, as the
 * direct upserts refuse it; the journal must never hold a row that cannot be folded. A day's row
 * is the sum of its hours and minutes, so it is the one to check: this keeps, per series and day
 * touched since the last fold, what the day row will hold once everything journaled is folded.
 */
final class BucketJournal {

  private static final long EMPTY = Long.MAX_VALUE;
  private static final long UNKNOWN = Long.MIN_VALUE;
  private static final long DAY = 86_400_000L;

  private record Day(int series, long day) {}

  private final Object lock = new Object();
  /** The oldest minute a journal row holds: {@link #EMPTY}, or {@link #UNKNOWN} until a fold says. */
  private volatile long oldestMinute = UNKNOWN;
  /** Rows appended since the last fold; guarded by {@code lock}. */
  private long rows;
  /** Per series and day: the day row's counts once the journal is folded; guarded by {@code lock}. */
  private final Map<Day, long[]> dayTotals = new HashMap<>();

  /** True when a read of minutes before {@code endMillis} must fold the journal first. */
  boolean holdsMinutesBefore(long endMillis) {
    return oldestMinute < endMillis;
  }

  /** True when nothing here says the journal is empty. */
  boolean mayHoldRows() {
    return oldestMinute != EMPTY;
  }

  boolean isUnknown() {
    return oldestMinute == UNKNOWN;
  }

  long rows() {
    synchronized (lock) {
      return rows;
    }
  }

  /**
   * Appends {@code batch} (summed per bucket, series numbered) in the caller's write transaction.
   *
   * @throws ArithmeticException when a day's counts would pass 2^63-1; nothing was appended
   */
  void append(Connection connection, List<Row> batch, IntFunction<String> nameOf) throws SQLException {
    synchronized (lock) {
      Map<Day, long[]> sums = new HashMap<>();
      long oldest = EMPTY;
      for (Row row : batch) {
        long[] sum = sums.computeIfAbsent(new Day(row.series(), Math.floorDiv(row.minute(), DAY) * DAY), d -> new long[2]);
        sum[0] = Math.addExact(sum[0], row.good());
        sum[1] = Math.addExact(sum[1], row.total());
        oldest = Math.min(oldest, row.minute());
      }
      readMissingDays(connection, sums.keySet());
      Map<Day, long[]> after = new HashMap<>();
      for (Map.Entry<Day, long[]> entry : sums.entrySet()) {
        long[] before = dayTotals.get(entry.getKey());
        try {
          after.put(entry.getKey(), new long[] {
              Math.addExact(before[0], entry.getValue()[0]), Math.addExact(before[1], entry.getValue()[1])});
        } catch (ArithmeticException e) {
          throw (ArithmeticException) new ArithmeticException("adding these increments would take the counts of series '"
              + nameOf.apply(entry.getKey().series()) + "' on " + java.time.Instant.ofEpochMilli(entry.getKey().day())
              + " past 2^63-1; nothing was added").initCause(e);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO bucket_journal (series_id, minute, good, total) VALUES (?, ?, ?, ?)")) {
        for (Row row : batch) {
          insert.setInt(1, row.series());
          insert.setLong(2, row.minute());
          insert.setLong(3, row.good());
          insert.setLong(4, row.total());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      dayTotals.putAll(after);
      rows += batch.size();
      if (oldest < oldestMinute) oldestMinute = oldest;
    }
  }

  /** The stored day rows not known here yet; a journaled day is always known, so these are exact. */
  private void readMissingDays(Connection connection, java.util.Set<Day> days) throws SQLException {
    Map<Long, List<Integer>> missing = new HashMap<>();
    for (Day day : days) {
      if (!dayTotals.containsKey(day)) missing.computeIfAbsent(day.day(), d -> new ArrayList<>()).add(day.series());
    }
    for (Map.Entry<Long, List<Integer>> entry : missing.entrySet()) {
      long day = entry.getKey();
      for (Integer series : entry.getValue()) dayTotals.put(new Day(series, day), new long[2]);
      List<Integer> all = entry.getValue();
      for (int from = 0; from < all.size(); from += JdbcBucketStore.IN_CHUNK) {
        List<Integer> chunk = all.subList(from, Math.min(all.size(), from + JdbcBucketStore.IN_CHUNK));
        try (PreparedStatement select = connection.prepareStatement("SELECT series_id, good, total FROM bucket_day"
            + " WHERE day = ? AND series_id IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
          select.setLong(1, day);
          for (int i = 0; i < chunk.size(); i++) select.setInt(i + 2, chunk.get(i));
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) dayTotals.put(new Day(rs.getInt(1), day), new long[] {rs.getLong(2), rs.getLong(3)});
          }
        }
      }
    }
  }

  /**
   * Takes every journal row out, in the caller's write transaction, summed per bucket; the caller
   * adds them to the bucket tables in the same transaction. The state says "empty" from here: if
   * the transaction then fails, the caller must {@link #forget}.
   */
  List<Row> take(Connection connection) throws SQLException {
    synchronized (lock) {
      record Bucket(int series, long minute) {}
      Map<Bucket, long[]> sums = new HashMap<>();
      try (PreparedStatement delete = connection.prepareStatement(
              "DELETE FROM bucket_journal RETURNING series_id, minute, good, total");
          ResultSet rs = delete.executeQuery()) {
        while (rs.next()) {
          long[] sum = sums.computeIfAbsent(new Bucket(rs.getInt(1), rs.getLong(2)), b -> new long[2]);
          sum[0] = Math.addExact(sum[0], rs.getLong(3));
          sum[1] = Math.addExact(sum[1], rs.getLong(4));
        }
      }
      List<Row> taken = new ArrayList<>(sums.size());
      sums.forEach((bucket, sum) -> taken.add(new Row(bucket.series(), bucket.minute(), sum[0], sum[1])));
      dayTotals.clear();
      rows = 0;
      oldestMinute = EMPTY;
      return taken;
    }
  }

  /** After a failed append or fold: nothing here can be trusted until the next fold. */
  void forget() {
    synchronized (lock) {
      dayTotals.clear();
      rows = 0;
      oldestMinute = UNKNOWN;
    }
  }
}
