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
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Acknowledged increments that are durable but not yet in the bucket tables: the {@code
 * bucket_journal} table and what this process knows about it.
 *
 * <p>Why a journal: in SQLite a commit writes every page it changed to the WAL, and a bucket's
 * minute, hour and day rows sit on three different pages per series. A batch of one minute of 500
 * series changed about 1,100 pages, 4 MB, and cost 25 ms of CPU, four times a minute for the same
 * minute of the same series. Appended to the journal, the same batch is 500 rows on a few pages at
 * its end; {@link JdbcBucketStore} folds journal rows into the bucket tables when a read needs the
 * minutes they hold or when the journal has grown long, and then each bucket is written once for
 * all the batches since it was last folded.
 *
 * <p>A fold takes the journal's oldest buckets, in (minute, series) order, up to a key: all of them
 * before a snapshot, the minutes a read needs, or just enough to bring a long journal a slice under
 * its marks. Every row of a bucket goes in the same fold, so a bucket whose minute has passed is
 * written once; the current minute's buckets, still being added to, are the last to go. What the
 * journal holds is known here bucket by bucket, so a fold of a few hundred buckets does not wait
 * for the others: at 100,000 series one fold of the whole journal held the writer for 100-250 ms.
 *
 * <p>The journal is written and folded only through SQLite's one writer connection, so the state
 * here is changed inside those transactions, one at a time, and read by readers to decide whether
 * they must fold first. A fold changes what readers see only once its transaction has committed
 * ({@link #committed}): until then a reader that needs the journal's minutes folds too, which
 * waits for the writer and so for the fold in flight. Folds never overlap (the store holds one
 * lock from a take to its {@link #committed} or {@link #forget}), so what a fold says about the
 * journal is never an older fold's view. After a failed transaction {@link #forget} makes the
 * state unknown, and unknown means "fold everything before anything else", as at start, when a
 * killed process may have left rows.
 *
 * <p>An add is refused when it would take a bucket past 2^63-1, before anything is written, as the
 * direct upserts refuse it; the journal must never hold a row that cannot be folded. Every row of a
 * day (its minutes, hours and the day's own row) is at most the larger of the day's row and the sum
 * of its hours (retention deletes a day's row and minutes but keeps its hours for reports), so that
 * bound is the one to check. This keeps it per series and day with rows in the journal: what it
 * will be once they are folded. A fold does not change it, a failed append leaves it too high,
 * which only refuses more, and it is dropped once the journal holds no row of that day.
 */
final class BucketJournal {

  private static final long EMPTY = Long.MAX_VALUE;
  private static final long UNKNOWN = Long.MIN_VALUE;
  private static final long DAY = 86_400_000L;

  /** A series' day; equals and hashCode written out for the reason {@code SliName} gives. */
  private record Day(int series, long day) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Day d && series == d.series && day == d.day;
    }

    @Override
    public int hashCode() {
      return 31 * series + Long.hashCode(day);
    }
  }

  /** A journal key, ordered as folds take them: oldest minute first. */
  record Bucket(int series, long minute) implements Comparable<Bucket> {
    /** Past every bucket: a fold up to it takes the whole journal. */
    static final Bucket ALL = new Bucket(Integer.MAX_VALUE, Long.MAX_VALUE);

    /** The first bucket of {@code minute}: a fold up to it takes every earlier minute. */
    static Bucket firstOf(long minute) {
      return new Bucket(Integer.MIN_VALUE, minute);
    }

    @Override
    public int compareTo(Bucket other) {
      int byMinute = Long.compare(minute, other.minute);
      return byMinute != 0 ? byMinute : Integer.compare(series, other.series);
    }
  }

  private final Object lock = new Object();
  /**
   * No journal row is older than this minute: {@link #EMPTY} when there is none, {@link #UNKNOWN}
   * until a fold has committed. Lowered by appends, raised only by {@link #committed}.
   */
  private volatile long oldestMinute = UNKNOWN;
  /**
   * Rows per bucket in the journal, oldest first: exact once a fold has committed, while {@link
   * #oldestMinute} is not {@link #UNKNOWN}; guarded by {@code lock}.
   */
  private final TreeMap<Bucket, int[]> rowsByBucket = new TreeMap<>();
  /** The sum of {@link #rowsByBucket}'s counts; guarded by {@code lock}. */
  private long rows;
  /** Whether a take has run since the last {@link #committed}; guarded by {@code lock}. */
  private boolean tookSinceCommit;
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

  /** Rows in the journal, as far as known. */
  long rows() {
    synchronized (lock) {
      return rows;
    }
  }

  /** Distinct buckets among them: what a fold of them all writes, three rows (minute, hour, day) each at most. */
  int buckets() {
    synchronized (lock) {
      return rowsByBucket.size();
    }
  }

  /**
   * The first bucket to keep when the oldest are folded until at most {@code buckets} buckets and
   * {@code rows} rows are left; {@link Bucket#ALL} when everything goes.
   */
  Bucket keepFrom(int buckets, long rows) {
    synchronized (lock) {
      int bucketsLeft = rowsByBucket.size();
      long rowsLeft = this.rows;
      for (Map.Entry<Bucket, int[]> entry : rowsByBucket.entrySet()) {
        if (bucketsLeft <= buckets && rowsLeft <= rows) return entry.getKey();
        bucketsLeft--;
        rowsLeft -= entry.getValue()[0];
      }
      return Bucket.ALL;
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
      rows += batch.size();
      for (Row row : batch) rowsByBucket.computeIfAbsent(new Bucket(row.series(), row.minute()), b -> new int[1])[0]++;
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
   * Takes the rows of every bucket before {@code keepFrom} out, in the caller's write transaction,
   * summed per bucket; everything while the state is unknown. The caller adds them to the bucket
   * tables in the same transaction and, once it has committed, calls {@link #committed}, or {@link
   * #forget} if it failed.
   */
  List<Row> take(Connection connection, Bucket keepFrom) throws SQLException {
    synchronized (lock) {
      Bucket upTo = isUnknown() ? Bucket.ALL : keepFrom;
      if (!isUnknown() && (rowsByBucket.isEmpty() || rowsByBucket.firstKey().compareTo(upTo) >= 0)) return List.of();
      Map<Bucket, long[]> sums = new HashMap<>();
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM bucket_journal"
          + " WHERE minute < ? OR (minute = ? AND series_id < ?) RETURNING series_id, minute, good, total")) {
        delete.setLong(1, upTo.minute());
        delete.setLong(2, upTo.minute());
        delete.setInt(3, upTo.series());
        try (ResultSet rs = delete.executeQuery()) {
          while (rs.next()) {
            long[] sum = sums.computeIfAbsent(new Bucket(rs.getInt(1), rs.getLong(2)), b -> new long[2]);
            sum[0] = Math.addExact(sum[0], rs.getLong(3));
            sum[1] = Math.addExact(sum[1], rs.getLong(4));
          }
        }
      }
      List<Row> taken = new ArrayList<>(sums.size());
      sums.forEach((bucket, sum) -> taken.add(new Row(bucket.series(), bucket.minute(), sum[0], sum[1])));
      Map<Bucket, int[]> gone = rowsByBucket.headMap(upTo);
      for (int[] count : gone.values()) rows -= count[0];
      gone.clear();
      tookSinceCommit = true;
      return taken;
    }
  }

  /**
   * The fold that took rows has committed: the journal holds what is known here, and a day with no
   * row left in it is bounded by the tables alone.
   */
  void committed() {
    synchronized (lock) {
      oldestMinute = rowsByBucket.isEmpty() ? EMPTY : rowsByBucket.firstKey().minute();
      // Only a take leaves days without rows; most adds take nothing.
      if (!tookSinceCommit) return;
      tookSinceCommit = false;
      Set<Day> stillJournaled = new HashSet<>();
      for (Bucket bucket : rowsByBucket.keySet()) {
        stillJournaled.add(new Day(bucket.series(), Math.floorDiv(bucket.minute(), DAY) * DAY));
      }
      dayBounds.keySet().retainAll(stillJournaled);
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
      rowsByBucket.clear();
      rows = 0;
    }
  }
}
