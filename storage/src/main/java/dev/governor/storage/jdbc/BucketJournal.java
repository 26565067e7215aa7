package dev.governor.storage.jdbc;

import dev.governor.storage.jdbc.JdbcBucketStore.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * they must fold first. A fold says the journal is empty only once its transaction has committed
 * ({@link #committed}): until then a reader that needs the journal's minutes folds too, which
 * waits for the writer and so for the fold in flight. Folds never overlap (the store holds one
 * lock from a take to its {@link #committed} or {@link #forget}), so what a fold says about the
 * journal is never an older fold's view. After a failed transaction {@link #forget}
 * makes the state unknown, and unknown means "fold before anything else", as at start, when a
 * killed process may have left rows.
 *
 * <p>An add is refused when it would take a bucket past 2^63-1, before anything is written, as the
 * direct upserts refuse it; the journal must never hold a row that cannot be folded. Every row of a
 * day (its minutes, hours and the day's own row) is at most the larger of the day's row and the sum
 * of its hours (retention deletes a day's row and minutes but keeps its hours for reports), so that
 * bound is the one to check. This keeps it per series and day touched: what it will be once
 * everything journaled is folded. A fold does not change it, a failed append leaves it too high,
 * which only refuses more, and it is dropped only when the journal is known to be empty.
 */
final class BucketJournal {

  private static final long EMPTY = Long.MAX_VALUE;
  private static final long UNKNOWN = Long.MIN_VALUE;
  private static final long DAY = 86_400_000L;

  private record Day(int series, long day) {}

  private record Bucket(int series, long minute) {}

  /** What {@link #take} took, and how many appends there had been when it did. */
  record Taken(List<Row> rows, long appendsBefore) {}

  private final Object lock = new Object();
  /**
   * No journal row is older than this minute: {@link #EMPTY} when there is none, {@link #UNKNOWN}
   * until a fold has committed. Lowered by appends, raised only by {@link #committed}.
   */
  private volatile long oldestMinute = UNKNOWN;
  /** Appends ever made; guarded by {@code lock}. */
  private long appends;
  /** Rows, distinct buckets and the oldest minute appended since the last take; guarded by {@code lock}. */
  private long rowsSinceTake;
  private final Set<Bucket> bucketsSinceTake = new HashSet<>();
  private long oldestSinceTake = EMPTY;
  /** Per series and day: the bound described above, once the journal is folded; guarded by {@code lock}. */
  private final Map<Day, long[]> dayBounds = new HashMap<>();

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

  /** Rows appended since the last fold took the journal's rows. */
  long rows() {
    synchronized (lock) {
      return rowsSinceTake;
    }
  }

  /** Distinct buckets among them: what a fold writes, three rows (minute, hour, day) each at most. */
  int buckets() {
    synchronized (lock) {
      return bucketsSinceTake.size();
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
        long[] before = dayBounds.get(entry.getKey());
        try {
          after.put(entry.getKey(), new long[] {
              Math.addExact(before[0], entry.getValue()[0]), Math.addExact(before[1], entry.getValue()[1])});
        } catch (ArithmeticException e) {
          throw (ArithmeticException) new ArithmeticException("adding these increments would take the counts of series '"
              + nameOf.apply(entry.getKey().series()) + "' on " + java.time.Instant.ofEpochMilli(entry.getKey().day())
              + " past 2^63-1; nothing was added").initCause(e);
        }
      }
      JdbcBucketStore.writeRows(connection,
          "INSERT INTO bucket_journal (series_id, minute, good, total) VALUES (?, ?, ?, ?)", batch);
      dayBounds.putAll(after);
      appends++;
      rowsSinceTake += batch.size();
      for (Row row : batch) bucketsSinceTake.add(new Bucket(row.series(), row.minute()));
      oldestSinceTake = Math.min(oldestSinceTake, oldest);
      if (oldest < oldestMinute) oldestMinute = oldest;
    }
  }

  /**
   * The bounds of days not known here yet, from the tables: a day known here has all its journal
   * rows counted, so a day not known has none, and the tables alone bound it.
   */
  private void readMissingDays(Connection connection, java.util.Set<Day> days) throws SQLException {
    Map<Long, List<Integer>> missing = new HashMap<>();
    for (Day day : days) {
      if (!dayBounds.containsKey(day)) missing.computeIfAbsent(day.day(), d -> new ArrayList<>()).add(day.series());
    }
    // Kept aside until every read has succeeded: a bound left half read would be low.
    Map<Day, long[]> read = new HashMap<>();
    for (Map.Entry<Long, List<Integer>> entry : missing.entrySet()) {
      long day = entry.getKey();
      for (Integer series : entry.getValue()) read.put(new Day(series, day), new long[2]);
      // A day's row counts every minute ever added to the day, so it bounds its hours while it
      // exists; only where retention has deleted it are the hours, which reports keep, read.
      List<Integer> withoutDayRow = new ArrayList<>();
      for (List<Integer> chunk : JdbcBucketStore.chunks(entry.getValue())) {
        raise(read, connection, day, chunk, "SELECT series_id, good, total FROM bucket_day WHERE day = ? AND series_id IN ("
            + JdbcBucketStore.marks(chunk.size()) + ")", 1);
        for (Integer series : chunk) if (read.get(new Day(series, day))[1] == 0) withoutDayRow.add(series);
      }
      for (List<Integer> chunk : JdbcBucketStore.chunks(withoutDayRow)) {
        raise(read, connection, day, chunk, "SELECT series_id, SUM(good), SUM(total) FROM bucket_hour WHERE hour >= ?"
            + " AND hour < ? AND series_id IN (" + JdbcBucketStore.marks(chunk.size()) + ") GROUP BY series_id", 2);
      }
    }
    dayBounds.putAll(read);
  }

  /** Raises each series' bound for {@code day} in {@code read} to what {@code sql} finds (series, good, total). */
  private static void raise(Map<Day, long[]> read, Connection connection, long day, List<Integer> chunk, String sql,
      int dayParameters) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, day);
      if (dayParameters == 2) select.setLong(2, day + DAY);
      for (int i = 0; i < chunk.size(); i++) select.setInt(i + 1 + dayParameters, chunk.get(i));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          long[] bound = read.get(new Day(rs.getInt(1), day));
          bound[0] = Math.max(bound[0], rs.getLong(2));
          bound[1] = Math.max(bound[1], rs.getLong(3));
        }
      }
    }
  }

  /**
   * Takes every journal row out, in the caller's write transaction, summed per bucket; the caller
   * adds them to the bucket tables in the same transaction and, once it has committed, calls
   * {@link #committed}, or {@link #forget} if it failed.
   */
  Taken take(Connection connection) throws SQLException {
    synchronized (lock) {
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
      rowsSinceTake = 0;
      bucketsSinceTake.clear();
      oldestSinceTake = EMPTY;
      return new Taken(taken, appends);
    }
  }

  /**
   * The fold that took {@code taken} has committed: what is left in the journal is what was
   * appended since. With nothing appended since, the journal is empty and the tables alone bound
   * every day, so the bounds kept here can go.
   */
  void committed(Taken taken) {
    synchronized (lock) {
      oldestMinute = oldestSinceTake;
      if (appends == taken.appendsBefore()) dayBounds.clear();
    }
  }

  /**
   * The bounds of {@code series}' days are to be read from the tables again: a replace has set its
   * minutes, with the journal empty and no add in between.
   */
  void forgetBoundsOf(int series) {
    synchronized (lock) {
      dayBounds.keySet().removeIf(day -> day.series() == series);
    }
  }

  /**
   * After a failed append or fold: the journal may hold rows this state does not know of, so the
   * next add or read folds first. The bounds stay: a failed fold changed nothing, and a failed
   * append left them higher than they are, which only refuses more.
   */
  void forget() {
    synchronized (lock) {
      oldestMinute = UNKNOWN;
    }
  }
}
