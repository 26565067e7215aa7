package dev.governor.storage.jdbc;

import dev.governor.storage.jdbc.JdbcBucketStore.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Acknowledged increments that are durable but not yet in the bucket tables: the {@code
 * bucket_journal} table and what this process knows about it.
 *
 * <p>Why a journal: in SQLite a commit writes every page it changed to the WAL, and a bucket's
 * minute, hour and day rows sit on three different pages per series. A batch of one minute of 500
 * series changed about 1,100 pages, 4 MB, and cost 25 ms of CPU, four times a minute for the same
 * minute of the same series. Appended to the journal, the same batch is one row at its end; {@link
 * JdbcBucketStore} folds journal rows into the bucket tables when a read needs the minutes they hold
 * or when the journal has grown long, and then each bucket is written once for all the batches in
 * the fold.
 *
 * <p>One row per add, its buckets encoded in one value ({@link #encode}): a row per bucket cost an
 * insert each and, at the fold, a delete each, about a fifth of the whole ingest path's CPU. The
 * rows' buckets are also kept here, decoded, so a fold sums them from memory and deletes the rows by
 * number; the table is read only while the journal is unknown (at start, after a failure).
 *
 * <p>A fold takes whole rows, never part of one: a fold that took some of a row's buckets and left
 * the row would, after a crash, fold those buckets twice. It takes them by their oldest minute, then
 * in the order they were appended: all of them before a snapshot, the rows holding a minute a read
 * needs, or just enough to bring a long journal under its marks. Rows mostly hold one minute, so a
 * fold mostly takes a minute's rows together and writes each of its buckets once (see the marks in
 * {@link JdbcBucketStore}); a fold of a few rows does not write the others: at 100,000 series one
 * fold of the whole journal held the writer 100-250 ms.
 *
 * <p>The journal is written and folded only through SQLite's one writer connection, so the state
 * here is changed inside those transactions, one at a time, and read by readers to decide whether
 * they must fold first. A fold changes what readers see only once its transaction has committed
 * ({@link #committed}): until then a reader that needs the journal's minutes folds too, which
 * waits for the writer and so for the fold in flight. Folds never overlap (the store holds one
 * lock from a take to its {@link #committed} or {@link #forget}), so what a fold says about the
 * journal is never an older fold's view. After a failed transaction {@link #forget} makes the
 * state unknown, and unknown means "fold everything, read from the table, before anything else",
 * as at start, when a killed process may have left rows.
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
  /** The first byte of an encoded row, so that a later encoding can still read this one. */
  private static final byte ENCODING = 1;

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

  /** A series' minute: one bucket. */
  private record Bucket(int series, long minute) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Bucket b && series == b.series && minute == b.minute;
    }

    @Override
    public int hashCode() {
      return 31 * series + Long.hashCode(minute);
    }
  }

  /** A journal row as folds take them: oldest minute first, then in the order appended. */
  private record Position(long oldestMinute, long seq) implements Comparable<Position> {
    @Override
    public int compareTo(Position other) {
      int byMinute = Long.compare(oldestMinute, other.oldestMinute);
      return byMinute != 0 ? byMinute : Long.compare(seq, other.seq);
    }
  }

  private final Object lock = new Object();
  /**
   * No journal row holds a minute older than this: {@link #EMPTY} when there is none, {@link
   * #UNKNOWN} until a fold has committed. Lowered by appends, raised only by {@link #committed}.
   */
  private volatile long oldestMinute = UNKNOWN;
  /**
   * The journal's rows and their buckets, in the order folds take them: exact once a fold has
   * committed, while {@link #oldestMinute} is not {@link #UNKNOWN}; guarded by {@code lock}.
   */
  private final TreeMap<Position, List<Row>> journaled = new TreeMap<>();
  /** Per bucket, how many of {@link #journaled}'s rows hold it; guarded by {@code lock}. */
  private final Map<Bucket, int[]> rowsPerBucket = new HashMap<>();
  /**
   * Per series and day, how many of {@link #rowsPerBucket}'s buckets fall in it: the days whose
   * bounds must stay, kept as buckets come and go (rebuilding them from every bucket at each fold
   * took 3 % of an add at 100,000 series); guarded by {@code lock}.
   */
  private final Map<Day, int[]> bucketsPerDay = new HashMap<>();
  /** Buckets in all of {@link #journaled}'s rows, one per row that holds it; guarded by {@code lock}. */
  private long increments;
  /**
   * The number the next row gets: above every row's in the table once the journal is known (the
   * first append of a process follows a fold of everything, which reads the table); guarded by
   * {@code lock}.
   */
  private long nextSeq = 1;
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

  /**
   * Increments in the journal, as far as known: a bucket counts once for each row that holds it.
   * What a fold of every row sums.
   */
  long increments() {
    synchronized (lock) {
      return increments;
    }
  }

  /** Distinct buckets in the journal: what a fold of them all writes, three rows (minute, hour, day) each at most. */
  int buckets() {
    synchronized (lock) {
      return rowsPerBucket.size();
    }
  }

  /**
   * Appends {@code batch} (summed per bucket, series numbered) as one row, in the caller's write
   * transaction.
   *
   * @throws ArithmeticException when a day's counts would pass 2^63-1; nothing was appended
   */
  void append(Connection connection, List<Row> batch, IntFunction<String> nameOf) throws SQLException {
    if (batch.isEmpty()) return;
    synchronized (lock) {
      Map<Day, long[]> sums = new HashMap<>();
      long oldest = EMPTY;
      for (Row row : batch) {
        long[] sum = sums.computeIfAbsent(dayOf(row), d -> new long[2]);
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
      long seq = nextSeq;
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO bucket_journal (seq, increments) VALUES (?, ?)")) {
        insert.setLong(1, seq);
        insert.setBytes(2, encode(batch));
        insert.executeUpdate();
      }
      nextSeq = seq + 1;
      dayBounds.putAll(after);
      List<Row> rows = List.copyOf(batch);
      journaled.put(new Position(oldest, seq), rows);
      count(rows, +1);
      if (oldest < oldestMinute) oldestMinute = oldest;
    }
  }

  /** Counts {@code rows}' buckets in or out of the journal ({@code sign} 1 or -1). */
  private void count(List<Row> rows, int sign) {
    for (Row row : rows) {
      Bucket bucket = new Bucket(row.series(), row.minute());
      if (sign > 0) {
        int[] held = rowsPerBucket.computeIfAbsent(bucket, b -> new int[1]);
        if (held[0]++ == 0) bucketsPerDay.computeIfAbsent(dayOf(row), d -> new int[1])[0]++;
      } else if (--rowsPerBucket.get(bucket)[0] == 0) {
        rowsPerBucket.remove(bucket);
        Day day = dayOf(row);
        if (--bucketsPerDay.get(day)[0] == 0) bucketsPerDay.remove(day);
      }
    }
    increments += sign * (long) rows.size();
  }

  private static Day dayOf(Row row) {
    return new Day(row.series(), Math.floorDiv(row.minute(), DAY) * DAY);
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
   * Takes out every row that holds a minute before {@code endMillis}, in the caller's write
   * transaction, their buckets summed; every row while the state is unknown. The caller adds them
   * to the bucket tables in the same transaction and, once it has committed, calls {@link
   * #committed}, or {@link #forget} if it failed.
   */
  List<Row> takeBefore(Connection connection, long endMillis) throws SQLException {
    synchronized (lock) {
      if (isUnknown()) return takeAll(connection);
      return take(connection, List.copyOf(journaled.headMap(new Position(endMillis, Long.MIN_VALUE)).keySet()));
    }
  }

  /**
   * Takes out the oldest rows (as {@link #takeBefore} does) until the journal holds at most {@code
   * buckets} distinct buckets and {@code increments} increments; every row while the state is
   * unknown.
   */
  List<Row> takeOldest(Connection connection, int buckets, long increments) throws SQLException {
    synchronized (lock) {
      if (isUnknown()) return takeAll(connection);
      // Counted as the take below will count them: a row's buckets leave only with their last row.
      Map<Bucket, int[]> left = new HashMap<>();
      int bucketsLeft = rowsPerBucket.size();
      long incrementsLeft = this.increments;
      List<Position> taken = new ArrayList<>();
      for (Map.Entry<Position, List<Row>> entry : journaled.entrySet()) {
        if (bucketsLeft <= buckets && incrementsLeft <= increments) break;
        taken.add(entry.getKey());
        incrementsLeft -= entry.getValue().size();
        for (Row row : entry.getValue()) {
          Bucket bucket = new Bucket(row.series(), row.minute());
          int[] rows = left.computeIfAbsent(bucket, b -> new int[] {rowsPerBucket.get(b)[0]});
          if (--rows[0] == 0) bucketsLeft--;
        }
      }
      return take(connection, taken);
    }
  }

  /** The rows at {@code positions} out of the table and this state, their buckets summed. */
  private List<Row> take(Connection connection, List<Position> positions) throws SQLException {
    if (positions.isEmpty()) return List.of();
    int deleted = 0;
    for (List<Position> chunk : JdbcBucketStore.chunks(positions)) {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM bucket_journal WHERE seq IN (" + JdbcBucketStore.marks(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) delete.setLong(i + 1, chunk.get(i).seq());
        deleted += delete.executeUpdate();
      }
    }
    if (deleted != positions.size()) {
      // Someone else wrote the table, or this state is wrong: folding from it could count a
      // bucket twice or never. The caller rolls back, forgets, and the next take reads the table.
      throw new IllegalStateException("the bucket journal held " + deleted + " of the " + positions.size()
          + " rows this process appended to it");
    }
    Map<Bucket, long[]> sums = new HashMap<>();
    for (Position position : positions) {
      List<Row> rows = journaled.remove(position);
      count(rows, -1);
      sum(sums, rows);
    }
    tookSinceCommit = true;
    return rowsOf(sums);
  }

  /** Every row of the table, read from it, since this state may not know them all. */
  private List<Row> takeAll(Connection connection) throws SQLException {
    Map<Bucket, long[]> sums = new HashMap<>();
    long lastSeq = 0;
    try (PreparedStatement select = connection.prepareStatement("SELECT seq, increments FROM bucket_journal");
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        lastSeq = Math.max(lastSeq, rs.getLong(1));
        try {
          sum(sums, decode(rs.getBytes(2)));
        } catch (IllegalStateException | ArithmeticException e) {
          // Never skipped: its increments were acknowledged. Every add and read fails until it is
          // mended; an overflow here is damage too, since no add that could overflow was appended.
          throw new IllegalStateException("bucket_journal row " + rs.getLong(1) + " cannot be read: " + e.getMessage(), e);
        }
      }
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM bucket_journal")) {
      delete.executeUpdate();
    }
    journaled.clear();
    rowsPerBucket.clear();
    bucketsPerDay.clear();
    increments = 0;
    nextSeq = Math.max(nextSeq, lastSeq + 1);
    tookSinceCommit = true;
    return rowsOf(sums);
  }

  private static void sum(Map<Bucket, long[]> sums, List<Row> rows) {
    for (Row row : rows) {
      long[] sum = sums.computeIfAbsent(new Bucket(row.series(), row.minute()), b -> new long[2]);
      sum[0] = Math.addExact(sum[0], row.good());
      sum[1] = Math.addExact(sum[1], row.total());
    }
  }

  private static List<Row> rowsOf(Map<Bucket, long[]> sums) {
    List<Row> rows = new ArrayList<>(sums.size());
    sums.forEach((bucket, sum) -> rows.add(new Row(bucket.series(), bucket.minute(), sum[0], sum[1])));
    return rows;
  }

  /**
   * The fold that took rows has committed: the journal holds what is known here, and a day with no
   * row left in it is bounded by the tables alone.
   */
  void committed() {
    synchronized (lock) {
      oldestMinute = journaled.isEmpty() ? EMPTY : journaled.firstKey().oldestMinute();
      // Only a take leaves days without rows; most adds take nothing.
      if (!tookSinceCommit) return;
      tookSinceCommit = false;
      dayBounds.keySet().retainAll(bucketsPerDay.keySet());
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
      journaled.clear();
      rowsPerBucket.clear();
      bucketsPerDay.clear();
      increments = 0;
    }
  }

  /**
   * A row's buckets as one value: a version byte, the count, then per bucket the minute and series
   * as differences from the bucket before (zigzag varints: a batch's buckets are mostly one minute,
   * so the minute takes a byte, and the series, in the order the add summed them, two or three),
   * good, and total less good (varints; both are never negative): six to eight bytes a bucket
   * instead of 28.
   */
  static byte[] encode(List<Row> rows) {
    Encoder out = new Encoder(rows.size() * 8 + 8);
    out.buffer[out.length++] = ENCODING;
    out.unsigned(rows.size());
    long minute = 0;
    long series = 0;
    for (Row row : rows) {
      out.signed(row.minute() - minute);
      out.signed(row.series() - series);
      out.unsigned(row.good());
      out.unsigned(row.total() - row.good());
      minute = row.minute();
      series = row.series();
    }
    return Arrays.copyOf(out.buffer, out.length);
  }

  /** The buckets {@link #encode} wrote; an IllegalStateException when {@code bytes} is not such a value. */
  static List<Row> decode(byte[] bytes) {
    Decoder in = new Decoder(bytes);
    if (in.next() != ENCODING) throw new IllegalStateException("a bucket journal row in an encoding this version does not know");
    long count = in.unsigned();
    // Each bucket takes at least four bytes: a count past that is damage, not a batch.
    if (count < 0 || count > bytes.length / 4) throw new IllegalStateException("a corrupt bucket journal row: " + count + " buckets");
    List<Row> rows = new ArrayList<>((int) count);
    long minute = 0;
    long series = 0;
    for (long i = 0; i < count; i++) {
      // Wrapping, as the differences were taken: two minutes far apart differ by more than a long.
      minute += in.signed();
      series += in.signed();
      if (Math.floorMod(minute, 60_000L) != 0) {
        throw new IllegalStateException("a corrupt bucket journal row: bucket " + i + " is not at a whole minute");
      }
      long good = in.unsigned();
      long rest = in.unsigned();
      if (good < 0 || rest < 0 || rest > Long.MAX_VALUE - good || series != (int) series) {
        throw new IllegalStateException("a corrupt bucket journal row: bucket " + i + " is out of range");
      }
      long total = good + rest;
      rows.add(new Row((int) series, minute, good, total));
    }
    if (in.position != bytes.length) throw new IllegalStateException("a corrupt bucket journal row: bytes after its buckets");
    return rows;
  }

  private static final class Encoder {
    byte[] buffer;
    int length;

    Encoder(int capacity) {
      buffer = new byte[capacity];
    }

    void signed(long value) {
      unsigned((value << 1) ^ (value >> 63));
    }

    void unsigned(long value) {
      if (buffer.length - length < 10) buffer = Arrays.copyOf(buffer, buffer.length * 2);
      while ((value & ~0x7FL) != 0) {
        buffer[length++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buffer[length++] = (byte) value;
    }
  }

  private static final class Decoder {
    final byte[] bytes;
    int position;

    Decoder(byte[] bytes) {
      this.bytes = bytes;
    }

    byte next() {
      if (position >= bytes.length) throw new IllegalStateException("a corrupt bucket journal row: it ends early");
      return bytes[position++];
    }

    long signed() {
      long value = unsigned();
      return (value >>> 1) ^ -(value & 1);
    }

    long unsigned() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        // The tenth byte carries only the 64th bit.
        if (shift == 63 && (b & 0x7E) != 0) break;
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) return value;
      }
      throw new IllegalStateException("a corrupt bucket journal row: a number longer than 64 bits");
    }
  }
}
