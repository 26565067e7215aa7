package dev.governor.storage.jdbc;

import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SourceMarks;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-minute buckets in one table keyed by (series number, minute).
 *
 * <p>Writing is the hot path: the server ingests hundreds of thousands of events a second, in
 * batches of about a thousand, and every batch is one {@link #add} that must be durable when it
 * returns. Three things keep that cheap. First, a batch is summed in memory before it reaches the
 * database: a thousand events of a few series in the current minute become a few rows, and an
 * overflow inside the batch fails before anything is written. Second, the rows go out as one
 * batched upsert ({@code ON CONFLICT DO UPDATE SET good = good + excluded.good}) in one
 * transaction, so the whole batch costs one commit, that is one fsync, and it is all or nothing.
 * Third, the rows are sorted by key: the b-tree is walked in order, and on PostgreSQL two replicas
 * that upsert the same buckets lock them in the same order and cannot deadlock.
 *
 * <p>That is how PostgreSQL writes. SQLite appends the batch to {@link BucketJournal} instead and
 * folds the journal into these tables later, each bucket once for many batches: there a commit
 * costs a WAL page per changed page, and the three rows of a bucket sit on three pages per series.
 *
 * <p>A series is stored by number. New series are numbered in the same transaction as their
 * buckets; the numbers go into the in-memory cache only after that transaction commits, so a batch
 * that rolls back cannot leave the cache pointing at a series row that does not exist.
 *
 * <p>No index besides the primary key. {@link #sum} and {@link #range} read one series' minutes in
 * key order; {@link #at} asks for one minute of a few series, which is one point lookup per series
 * in the primary key. An index on (minute, series) would serve {@code at} with one range scan
 * instead of n lookups, but it would be written on every add, which is where the time goes;
 * n lookups for the few series of a tick cost microseconds. {@link #deleteBefore} deletes per
 * series, a range of the primary key each, instead of scanning the whole table for old minutes.
 */
final class JdbcBucketStore implements BucketStore {

  /** Parameters per IN list: far below both databases' limits, large enough to be few statements. */
  static final int IN_CHUNK = 500;

  /**
   * Journaled increments (a bucket once for each add that brought it) past which an add folds the
   * journal's oldest rows, in its own transaction, until {@link #FOLD_DOWN_TO} are left: many adds
   * to few buckets (the same minute of 100 series again and again) would otherwise grow the
   * journal, what this process keeps of it and what a start reads back, without end. Half of it
   * goes, because a fold takes whole rows: such a fold writes the same few buckets whether it takes
   * ten rows or a hundred, so it takes a hundred and comes ten times less often. What it leaves,
   * 10,000, is more than four times what a fold for the bucket mark leaves (2,400), so that adds of
   * every series four times a minute are folded by the bucket mark, which takes whole minutes
   * (below), and this mark never splits one of their minutes.
   */
  static final int FOLD_AT = 20_000;

  static final int FOLD_DOWN_TO = FOLD_AT / 2;

  /**
   * Distinct journaled buckets past which an add folds the oldest rows until at most {@link
   * #FOLD_DOWN_TO_BUCKETS} are left. A fold's time goes by the buckets it writes, each on its own
   * pages when series are many: at 100,000 series a fold of 2,500 buckets held the writer 100-250
   * ms. An add of 1,000 events over 100 of 100,000 series brings 100 buckets and folds the oldest
   * one or two adds' rows (batch p99 46 ms, against 61 ms folding 500 buckets every fifth add). At
   * 500 series each minute brings 500 buckets in four adds, and every other minute the first add
   * folds the two oldest minutes whole, each bucket added to four times and written once. Where the
   * adds of a minute bring different series, a fold can take some of a minute's rows and leave
   * others that hold the same buckets, which are then written again by a later fold.
   */
  static final int FOLD_AT_BUCKETS = 2_500;

  static final int FOLD_DOWN_TO_BUCKETS = FOLD_AT_BUCKETS - 100;

  /** How adds reach the bucket tables. */
  enum Writes {
    /** Through {@link BucketJournal}, folded later (SQLite: one writer, and a commit costs per page). */
    JOURNALED,
    /** Upserted in the add's own transaction (PostgreSQL, where replicas write side by side). */
    DIRECT,
    /** Not at all: the store of a read-only snapshot, which reads what the snapshot holds. */
    NONE
  }

  /** Series whose old buckets one retention transaction deletes, so the writer is not held long. */
  private static final int DELETE_CHUNK = 100;

  /** The three tables of counts: minutes, and their hourly and daily rollups. */
  private enum Level {
    MINUTE("bucket", "minute", 60_000L),
    HOUR("bucket_hour", "hour", 3_600_000L),
    DAY("bucket_day", "day", 86_400_000L);

    final String table;
    final String column;
    final long millis;
    final String upsert;

    Level(String table, String column, long millis) {
      this.table = table;
      this.column = column;
      this.millis = millis;
      this.upsert = "INSERT INTO " + table + " (series_id, " + column + ", good, total) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (series_id, " + column + ") DO UPDATE"
          + " SET good = " + table + ".good + excluded.good, total = " + table + ".total + excluded.total";
    }

    long floor(long epochMilli) {
      return Math.floorDiv(epochMilli, millis) * millis;
    }

    long ceil(long epochMilli) {
      return -Math.floorDiv(-epochMilli, millis) * millis;
    }
  }

  private final Connections db;
  private final Dialect dialect;
  private final Writes writes;
  private final BucketJournal journal = new BucketJournal();
  /** Held by every journaled add and by {@link #foldedWhile}, so nothing is appended in between. */
  private final ReentrantLock appending = new ReentrantLock();
  /**
   * Held by every fold from before its take until the journal's state says what it left, and by
   * every add (which may fold first): two folds never overlap, so a fold that finishes late cannot
   * write its view of the journal over a later one's.
   */
  private final ReentrantLock folding = new ReentrantLock();
  /** Series id text to its number. Numbers never change, so entries never go stale. */
  private final Map<String, Integer> numbers = new ConcurrentHashMap<>();

  JdbcBucketStore(Connections db, Dialect dialect, Writes writes) {
    this.db = db;
    this.dialect = dialect;
    this.writes = writes;
  }

  private record Cell(String series, long minute) {}

  record Row(int series, long minute, long good, long total) {}

  @Override
  public void add(List<BucketIncrement> increments, List<SourceMarks> marks) {
    Map<Cell, long[]> cells = new HashMap<>();
    for (BucketIncrement increment : increments) {
      long[] counts = cells.computeIfAbsent(
          new Cell(increment.series().id(), increment.minute().toEpochMilli()), c -> new long[2]);
      try {
        counts[0] = Math.addExact(counts[0], increment.counts().good());
        counts[1] = Math.addExact(counts[1], increment.counts().total());
      } catch (ArithmeticException e) {
        throw overflow(increment.series(), increment.minute(), e);
      }
    }
    // An empty bucket is no bucket: range() promises non-empty ones only.
    cells.values().removeIf(counts -> counts[1] == 0);
    if (cells.isEmpty()) {
      if (!marks.isEmpty()) writeMarksAlone(marks);
      return;
    }

    Set<String> names = new LinkedHashSet<>();
    cells.keySet().forEach(cell -> names.add(cell.series()));
    if (writes == Writes.JOURNALED) {
      journal(increments.size(), cells, names, marks);
    } else {
      upsertNow(increments.size(), cells, names, marks);
    }
  }

  @Override
  public Map<String, String> marks(String source) {
    try {
      return db.read(connection -> {
        Map<String, String> marks = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT mark, value FROM source_mark WHERE source = ?")) {
          select.setString(1, source);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) marks.put(rs.getString(1), rs.getString(2));
          }
        }
        return marks;
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the marks of " + source, e);
    }
  }

  private void writeMarksAlone(List<SourceMarks> marks) {
    try {
      db.write(connection -> {
        writeMarks(connection, marks);
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not write the marks of " + marks.getFirst().source(), e);
    }
  }

  /** In order, so that a later mark of a key replaces an earlier one of the same transaction. */
  private static void writeMarks(Connection connection, List<SourceMarks> marks) throws SQLException {
    if (marks.isEmpty()) return;
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO source_mark (source, mark, value)"
            + " VALUES (?, ?, ?) ON CONFLICT (source, mark) DO UPDATE SET value = excluded.value");
        PreparedStatement delete = connection.prepareStatement("DELETE FROM source_mark WHERE source = ? AND mark = ?")) {
      for (SourceMarks m : marks) {
        for (Map.Entry<String, String> e : m.set().entrySet()) {
          upsert.setString(1, m.source());
          upsert.setString(2, e.getKey());
          upsert.setString(3, e.getValue());
          upsert.addBatch();
        }
        if (!m.set().isEmpty()) upsert.executeBatch();
        for (String key : m.removed()) {
          delete.setString(1, m.source());
          delete.setString(2, key);
          delete.addBatch();
        }
        if (!m.removed().isEmpty()) delete.executeBatch();
      }
    }
  }

  /**
   * The add as journal rows, with in the same transaction the folds it calls for: the whole journal
   * first when its state is unknown (at start, after a failure), so the overflow bound is read from
   * tables that hold every earlier add, and the oldest rows after, when the journal has passed a
   * mark. One commit either way, and if the fold fails the add fails with it, having written
   * nothing: a client that sends it again counts it once.
   */
  private void journal(int increments, Map<Cell, long[]> cells, Set<String> names, List<SourceMarks> marks) {
    appending.lock();
    folding.lock();
    try {
      Map<String, Integer> numbered = new HashMap<>();
      try {
        db.write(connection -> {
          if (journal.isUnknown()) upsertAll(connection, journal.takeBefore(connection, Long.MAX_VALUE));
          Map<String, Integer> known = numbersOf(connection, names, true);
          Map<Integer, String> nameOf = new HashMap<>();
          known.forEach((name, number) -> nameOf.put(number, name));
          List<Row> rows = new ArrayList<>(cells.size());
          cells.forEach((cell, counts) ->
              rows.add(new Row(known.get(cell.series()), cell.minute(), counts[0], counts[1])));
          journal.append(connection, rows, nameOf::get);
          writeMarks(connection, marks);
          if (journal.increments() > FOLD_AT || journal.buckets() > FOLD_AT_BUCKETS) {
            upsertAll(connection, journal.takeOldest(connection, FOLD_DOWN_TO_BUCKETS, FOLD_DOWN_TO));
          }
          numbered.putAll(known);
          return null;
        });
      } catch (SQLException | RuntimeException | Error e) {
        // Rolled back (Connections.write), a fold's take with it: the rows are in the journal
        // again, and what was known about them is not.
        journal.forget();
        if (e instanceof RuntimeException runtime) throw runtime;
        if (e instanceof Error error) throw error;
        throw new StorageException("could not add " + increments + " increments to " + cells.size() + " buckets", e);
      }
      journal.committed();
      numbers.putAll(numbered);
    } finally {
      folding.unlock();
      appending.unlock();
    }
  }

  /**
   * Moves the journal's rows that hold a minute before {@code endMillis} into the bucket tables in
   * one transaction. The writer is SQLite's one connection, so no add commits between the rows taken
   * and the buckets written; the journal is said to have lost them only after the commit, so no
   * reader skips a fold that has not landed yet.
   */
  private void fold(long endMillis) {
    folding.lock();
    try {
      try {
        db.write(connection -> {
          upsertAll(connection, journal.takeBefore(connection, endMillis));
          return null;
        });
      } catch (SQLException | RuntimeException | Error e) {
        journal.forget();
        if (e instanceof Error error) throw error;
        throw new StorageException("could not fold the bucket journal into the buckets", e);
      }
      journal.committed();
    } finally {
      folding.unlock();
    }
  }

  /** Before reading minutes that end at {@code endMillis}: the journal's rows among them folded in. */
  private void foldBefore(long endMillis) {
    if (writes != Writes.NONE && journal.holdsMinutesBefore(endMillis)) fold(endMillis);
  }

  /**
   * Runs {@code begin} with the journal folded and no add in between: a snapshot that starts inside
   * it finds every acknowledged add in the bucket tables and an empty journal, so a backup's state
   * and its restored tables agree.
   */
  <T> T foldedWhile(Connections.Work<T> begin, Connection connection) throws SQLException {
    appending.lock();
    try {
      if (writes != Writes.NONE && journal.mayHoldRows()) fold(Long.MAX_VALUE);
      return begin.run(connection);
    } finally {
      appending.unlock();
    }
  }

  private void upsertNow(int increments, Map<Cell, long[]> cells, Set<String> names, List<SourceMarks> marks) {
    Map<String, Integer> numbered = new HashMap<>();
    try {
      db.write(connection -> {
        Map<String, Integer> known = numbersOf(connection, names, true);
        List<Row> rows = new ArrayList<>(cells.size());
        cells.forEach((cell, counts) ->
            rows.add(new Row(known.get(cell.series()), cell.minute(), counts[0], counts[1])));
        upsertAll(connection, rows);
        writeMarks(connection, marks);
        numbered.putAll(known);
        return null;
      });
    } catch (SQLException e) {
      if (dialect.isOverflow(e)) {
        throw (ArithmeticException) new ArithmeticException(
            "adding these " + increments + " increments would take a bucket's counts past"
                + " 2^63-1; nothing was added").initCause(e);
      }
      throw new StorageException(
          "could not add " + increments + " increments to " + cells.size() + " buckets", e);
    }
    numbers.putAll(numbered);
  }

  /**
   * Minutes first, then hours, then days, each in key order: every writer takes the rows of all
   * three tables in the same order.
   */
  private static void upsertAll(Connection connection, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) return;
    upsert(connection, Level.MINUTE, rows);
    upsert(connection, Level.HOUR, rollUp(rows, Level.HOUR));
    upsert(connection, Level.DAY, rollUp(rows, Level.DAY));
  }

  @Override
  public void replace(SeriesKey series, Map<Instant, EventCounts> minutes) {
    if (minutes.isEmpty()) return;
    // Adds held: the journal is folded and stays empty, so the series' overflow bounds can be
    // read again from the tables once this has set its minutes.
    appending.lock();
    try {
      foldBefore(Long.MAX_VALUE);
      replaceFolded(series, minutes);
    } finally {
      appending.unlock();
    }
  }

  private void replaceFolded(SeriesKey series, Map<Instant, EventCounts> minutes) {
    Map<String, Integer> numbered = new HashMap<>();
    try {
      db.write(connection -> {
        Map<String, Integer> known = numbersOf(connection, Set.of(series.id()), true);
        int id = known.get(series.id());
        Map<Long, long[]> before = new HashMap<>();
        List<Long> asked = minutes.keySet().stream().map(Instant::toEpochMilli).sorted().toList();
        for (int from = 0; from < asked.size(); from += IN_CHUNK) {
          List<Long> chunk = asked.subList(from, Math.min(asked.size(), from + IN_CHUNK));
          try (PreparedStatement select = connection.prepareStatement("SELECT minute, good, total FROM bucket"
              + " WHERE series_id = ? AND minute IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
            select.setInt(1, id);
            for (int i = 0; i < chunk.size(); i++) select.setLong(i + 2, chunk.get(i));
            try (java.sql.ResultSet rs = select.executeQuery()) {
              while (rs.next()) before.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
          }
        }
        List<Row> deltas = new ArrayList<>();
        try (PreparedStatement set = connection.prepareStatement("INSERT INTO bucket (series_id, minute, good, total)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (series_id, minute) DO UPDATE SET good = excluded.good, total = excluded.total");
            PreparedStatement delete = connection.prepareStatement("DELETE FROM bucket WHERE series_id = ? AND minute = ?")) {
          for (long minute : asked) {
            EventCounts next = minutes.get(Instant.ofEpochMilli(minute));
            long[] old = before.getOrDefault(minute, new long[2]);
            if (next.total() == 0) {
              if (old[1] == 0) continue;
              delete.setInt(1, id);
              delete.setLong(2, minute);
              delete.addBatch();
            } else {
              set.setInt(1, id);
              set.setLong(2, minute);
              set.setLong(3, next.good());
              set.setLong(4, next.total());
              set.addBatch();
            }
            if (next.good() != old[0] || next.total() != old[1]) {
              deltas.add(new Row(id, minute, next.good() - old[0], next.total() - old[1]));
            }
          }
          set.executeBatch();
          delete.executeBatch();
        }
        // The rollups move by the difference; an hour or day left empty is no row, as with minutes.
        for (Level level : List.of(Level.HOUR, Level.DAY)) {
          List<Row> rolled = rollUp(deltas, level);
          rolled.sort(Comparator.comparingInt(Row::series).thenComparingLong(Row::minute));
          // UPDATE first: a difference may be negative, and an INSERT ... ON CONFLICT checks the
          // proposed row against the table's CHECK before it finds the conflict (PostgreSQL).
          try (PreparedStatement update = connection.prepareStatement("UPDATE " + level.table
                  + " SET good = good + ?, total = total + ? WHERE series_id = ? AND " + level.column + " = ?");
              PreparedStatement insert = connection.prepareStatement("INSERT INTO " + level.table
                  + " (series_id, " + level.column + ", good, total) VALUES (?, ?, ?, ?)")) {
            for (Row r : rolled) {
              update.setLong(1, r.good());
              update.setLong(2, r.total());
              update.setInt(3, r.series());
              update.setLong(4, r.minute());
              if (update.executeUpdate() == 0) {
                insert.setInt(1, r.series());
                insert.setLong(2, r.minute());
                insert.setLong(3, r.good());
                insert.setLong(4, r.total());
                insert.executeUpdate();
              }
            }
          }
          try (PreparedStatement empty = connection.prepareStatement("DELETE FROM " + level.table
              + " WHERE series_id = ? AND " + level.column + " = ? AND total = 0")) {
            for (Row r : rolled) {
              empty.setInt(1, r.series());
              empty.setLong(2, r.minute());
              empty.addBatch();
            }
            empty.executeBatch();
          }
        }
        numbered.putAll(known);
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not set " + minutes.size() + " minutes of " + series.id(), e);
    }
    numbers.putAll(numbered);
    numbered.values().forEach(journal::forgetBoundsOf);
  }

  private static void upsert(Connection connection, Level level, List<Row> rows) throws SQLException {
    rows.sort(Comparator.comparingInt(Row::series).thenComparingLong(Row::minute));
    writeRows(connection, level.upsert, rows);
  }

  /** Runs {@code sql}, which takes (series, minute, good, total), once per row in one batch. */
  static void writeRows(Connection connection, String sql, List<Row> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Row row : rows) {
        statement.setInt(1, row.series());
        statement.setLong(2, row.minute());
        statement.setLong(3, row.good());
        statement.setLong(4, row.total());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** The minute rows summed per hour or day; a batch of one minute gives as many rows as it had. */
  private static List<Row> rollUp(List<Row> minutes, Level level) {
    record Key(int series, long start) {}
    Map<Key, long[]> sums = new HashMap<>();
    for (Row row : minutes) {
      long[] sum = sums.computeIfAbsent(new Key(row.series(), level.floor(row.minute())), k -> new long[2]);
      sum[0] += row.good();
      sum[1] += row.total();
    }
    List<Row> rows = new ArrayList<>(sums.size());
    sums.forEach((key, sum) -> rows.add(new Row(key.series(), key.start(), sum[0], sum[1])));
    return rows;
  }

  private static ArithmeticException overflow(SeriesKey series, Instant minute, ArithmeticException e) {
    return (ArithmeticException) new ArithmeticException(
        "the increments for series '" + series.id() + "' at " + minute
            + " add up to more than 2^63-1; nothing was added").initCause(e);
  }

  @Override
  public EventCounts sum(SeriesKey series, Instant from, Instant to) {
    checkInterval(from, to);
    return sums(List.of(series), List.of(new TimeRange(from, to))).get(series).getFirst();
  }

  /**
   * Each range is cut into the minutes up to its first whole hour, the hours up to its first whole
   * day, whole days, and the same back down at its end; each piece is read from its own table. The
   * pieces of every range and series are fetched together: per chunk of series, one query per
   * table and merged span, in key order, summed through prefix sums.
   */
  @Override
  public Map<SeriesKey, List<EventCounts>> sums(Collection<SeriesKey> series, List<TimeRange> ranges) {
    Map<SeriesKey, List<EventCounts>> out = new HashMap<>();
    if (series.isEmpty()) return out;
    foldBefore(ranges.stream().mapToLong(r -> r.end().toEpochMilli()).max().orElse(Long.MIN_VALUE));
    Map<String, SeriesKey> byName = new HashMap<>();
    series.forEach(key -> byName.put(key.id(), key));
    long retained = retainedFrom();
    List<List<Piece>> pieces = new ArrayList<>(ranges.size());
    for (TimeRange range : ranges) {
      pieces.add(pieces(Math.max(range.start().toEpochMilli(), retained), range.end().toEpochMilli()));
    }
    Map<Level, List<long[]>> spans = new java.util.EnumMap<>(Level.class);
    for (Level level : Level.values()) {
      spans.put(level, merged(pieces.stream().flatMap(List::stream).filter(p -> p.level() == level).toList()));
    }
    try {
      db.read(connection -> {
        Map<String, Integer> known = numbersOf(connection, byName.keySet(), false);
        Map<Integer, SeriesKey> byNumber = new HashMap<>();
        known.forEach((name, number) -> byNumber.put(number, byName.get(name)));
        for (List<Integer> chunk : chunks(new ArrayList<>(byNumber.keySet()))) {
          Map<Integer, Map<Level, Prefix>> read = new HashMap<>();
          for (Level level : Level.values()) {
            for (long[] span : spans.get(level)) readSpan(connection, level, chunk, span, read);
          }
          for (int number : chunk) {
            Map<Level, Prefix> rows = read.getOrDefault(number, Map.of());
            List<EventCounts> sums = new ArrayList<>(ranges.size());
            for (List<Piece> rangePieces : pieces) {
              long good = 0;
              long total = 0;
              for (Piece piece : rangePieces) {
                Prefix prefix = rows.get(piece.level());
                if (prefix == null) continue;
                good += prefix.good(piece.from(), piece.to());
                total += prefix.total(piece.from(), piece.to());
              }
              sums.add(total == 0 ? EventCounts.NONE : new EventCounts(good, total));
            }
            out.put(byNumber.get(number), sums);
          }
        }
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not sum " + series.size() + " series over " + ranges.size() + " ranges", e);
    }
    for (SeriesKey key : series) {
      out.computeIfAbsent(key, k -> java.util.Collections.nCopies(ranges.size(), EventCounts.NONE));
    }
    return out;
  }

  /** [from, to) of one table, in epoch milliseconds. */
  private record Piece(Level level, long from, long to) {}

  /** [from, to) as minutes, hours and days, largest in the middle. */
  private static List<Piece> pieces(long from, long to) {
    List<Piece> pieces = new ArrayList<>(5);
    if (from >= to) return pieces;
    long h1 = Level.HOUR.ceil(from);
    if (h1 >= to) {
      pieces.add(new Piece(Level.MINUTE, from, to));
      return pieces;
    }
    long h2 = Level.HOUR.floor(to);
    if (from < h1) pieces.add(new Piece(Level.MINUTE, from, h1));
    long d1 = Level.DAY.ceil(h1);
    long d2 = Level.DAY.floor(h2);
    if (d1 < d2) {
      if (h1 < d1) pieces.add(new Piece(Level.HOUR, h1, d1));
      pieces.add(new Piece(Level.DAY, d1, d2));
      if (d2 < h2) pieces.add(new Piece(Level.HOUR, d2, h2));
    } else if (h1 < h2) {
      pieces.add(new Piece(Level.HOUR, h1, h2));
    }
    if (h2 < to) pieces.add(new Piece(Level.MINUTE, h2, to));
    return pieces;
  }

  /** The pieces' spans, overlapping ones joined, oldest first. */
  private static List<long[]> merged(List<Piece> pieces) {
    List<long[]> spans = new ArrayList<>();
    pieces.stream().sorted(Comparator.comparingLong(Piece::from)).forEach(p -> {
      if (!spans.isEmpty() && p.from() <= spans.getLast()[1]) {
        spans.getLast()[1] = Math.max(spans.getLast()[1], p.to());
      } else {
        spans.add(new long[] {p.from(), p.to()});
      }
    });
    return spans;
  }

  private static void readSpan(Connection connection, Level level, List<Integer> chunk, long[] span,
      Map<Integer, Map<Level, Prefix>> into) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT series_id, " + level.column + ", good, total FROM " + level.table + " WHERE series_id IN ("
            + marks(chunk.size()) + ") AND " + level.column + " >= ? AND " + level.column + " < ?"
            + " ORDER BY series_id, " + level.column)) {
      for (int i = 0; i < chunk.size(); i++) select.setInt(i + 1, chunk.get(i));
      select.setLong(chunk.size() + 1, span[0]);
      select.setLong(chunk.size() + 2, span[1]);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          into.computeIfAbsent(rs.getInt(1), k -> new java.util.EnumMap<>(Level.class))
              .computeIfAbsent(level, k -> new Prefix())
              .append(rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
      }
    }
  }

  /** One series' rows of one table, oldest first, with running sums: any [from, to) in O(log rows). */
  private static final class Prefix {
    private long[] starts = new long[16];
    private long[] good = new long[17];
    private long[] total = new long[17];
    private int size;

    void append(long start, long g, long t) {
      if (size == starts.length) {
        starts = java.util.Arrays.copyOf(starts, size * 2);
        good = java.util.Arrays.copyOf(good, size * 2 + 1);
        total = java.util.Arrays.copyOf(total, size * 2 + 1);
      }
      starts[size] = start;
      good[size + 1] = good[size] + g;
      total[size + 1] = total[size] + t;
      size++;
    }

    long good(long from, long to) {
      return good[index(to)] - good[index(from)];
    }

    long total(long from, long to) {
      return total[index(to)] - total[index(from)];
    }

    /** How many rows start before {@code instant}. */
    private int index(long instant) {
      int i = java.util.Arrays.binarySearch(starts, 0, size, instant);
      return i >= 0 ? i : -i - 1;
    }
  }

  /** Where the history starts: rollups that begin before it also count minutes retention deleted. */
  private long retainedFrom() {
    long known = retainedFrom;
    if (known != UNKNOWN) return known;
    try {
      known = db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT retained_from FROM bucket_retention WHERE id = 1"); ResultSet rs = select.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read where the bucket history starts", e);
    }
    retainedFrom = known;
    return known;
  }

  private static final long UNKNOWN = Long.MIN_VALUE;

  /** Cached; only {@link #deleteBefore} moves it, and it moves only forward. */
  private volatile long retainedFrom = UNKNOWN;

  @Override
  public List<Bucket> range(SeriesKey series, Instant from, Instant to) {
    checkInterval(from, to);
    return buckets(Level.MINUTE, series, from, to);
  }

  /** The non-empty rows of one level of one series in [from, to), oldest first. */
  private List<Bucket> buckets(Level level, SeriesKey series, Instant from, Instant to) {
    foldBefore(to.toEpochMilli());
    try {
      return db.read(connection -> {
        Integer number = numberOf(connection, series.id());
        if (number == null) return List.of();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT " + level.column + ", good, total FROM " + level.table + " WHERE series_id = ? AND "
                + level.column + " >= ? AND " + level.column + " < ? ORDER BY " + level.column)) {
          select.setInt(1, number);
          select.setLong(2, from.toEpochMilli());
          select.setLong(3, to.toEpochMilli());
          List<Bucket> buckets = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              buckets.add(new Bucket(
                  Instant.ofEpochMilli(rs.getLong(1)), new EventCounts(rs.getLong(2), rs.getLong(3))));
            }
          }
          return buckets;
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read series '" + series.id() + "' over [" + from + ", " + to + ")", e);
    }
  }

  /** From the hourly rollups: one row an hour instead of sixty. */
  @Override
  public List<Bucket> hourly(SeriesKey series, Instant from, Instant to) {
    if (Level.HOUR.floor(from.toEpochMilli()) != from.toEpochMilli()
        || Level.HOUR.floor(to.toEpochMilli()) != to.toEpochMilli()) {
      throw new IllegalArgumentException("hourly sums need whole hours, got [" + from + ", " + to + ")");
    }
    checkInterval(from, to);
    return buckets(Level.HOUR, series, from, to);
  }

  @Override
  public Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series) {
    if (!Minutes.isStart(minute)) {
      throw new IllegalArgumentException("a bucket starts on a whole minute, got " + minute);
    }
    if (series.isEmpty()) return Map.of();
    foldBefore(minute.toEpochMilli() + 60_000L);
    try {
      return db.read(connection -> {
        Map<Integer, SeriesKey> byNumber = storedByNumber(connection, series);
        Map<SeriesKey, EventCounts> found = new HashMap<>();
        for (List<Integer> chunk : chunks(new ArrayList<>(byNumber.keySet()))) {
          try (PreparedStatement select = connection.prepareStatement(
              "SELECT series_id, good, total FROM bucket WHERE minute = ? AND series_id IN ("
                  + marks(chunk.size()) + ")")) {
            select.setLong(1, minute.toEpochMilli());
            for (int i = 0; i < chunk.size(); i++) select.setInt(i + 2, chunk.get(i));
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                found.put(byNumber.get(rs.getInt(1)), new EventCounts(rs.getLong(2), rs.getLong(3)));
              }
            }
          }
        }
        return found;
      });
    } catch (SQLException e) {
      throw new StorageException("could not read " + series.size() + " series at " + minute, e);
    }
  }

  /** The given series that have a row number, by it; a series never written has none. */
  private Map<Integer, SeriesKey> storedByNumber(Connection connection, Collection<SeriesKey> series) throws SQLException {
    Map<String, SeriesKey> byName = new HashMap<>();
    series.forEach(key -> byName.put(key.id(), key));
    Map<Integer, SeriesKey> byNumber = new HashMap<>();
    numbersOf(connection, byName.keySet(), false).forEach((name, number) -> byNumber.put(number, byName.get(name)));
    return byNumber;
  }

  @Override
  public Map<SeriesKey, List<Bucket>> ranges(Collection<SeriesKey> series, Instant from, Instant to) {
    checkInterval(from, to);
    if (series.isEmpty()) return Map.of();
    foldBefore(to.toEpochMilli());
    try {
      return db.read(connection -> {
        Map<Integer, SeriesKey> byNumber = storedByNumber(connection, series);
        Map<SeriesKey, List<Bucket>> found = new HashMap<>();
        for (List<Integer> chunk : chunks(new ArrayList<>(byNumber.keySet()))) {
          // The primary key (series_id, minute) answers this with one short range per series.
          try (PreparedStatement select = connection.prepareStatement(
              "SELECT series_id, minute, good, total FROM bucket WHERE series_id IN (" + marks(chunk.size())
                  + ") AND minute >= ? AND minute < ? ORDER BY series_id, minute")) {
            for (int i = 0; i < chunk.size(); i++) select.setInt(i + 1, chunk.get(i));
            select.setLong(chunk.size() + 1, from.toEpochMilli());
            select.setLong(chunk.size() + 2, to.toEpochMilli());
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                found.computeIfAbsent(byNumber.get(rs.getInt(1)), k -> new ArrayList<>()).add(
                    new Bucket(Instant.ofEpochMilli(rs.getLong(2)), new EventCounts(rs.getLong(3), rs.getLong(4))));
              }
            }
          }
        }
        return found;
      });
    } catch (SQLException e) {
      throw new StorageException("could not read " + series.size() + " series over [" + from + ", " + to + ")", e);
    }
  }

  @Override
  public Map<SeriesKey, List<Instant>> minutesFrom(Collection<SeriesKey> series, Instant from) {
    if (series.isEmpty()) return Map.of();
    foldBefore(Long.MAX_VALUE);
    try {
      return db.read(connection -> {
        Map<Integer, SeriesKey> byNumber = storedByNumber(connection, series);
        Map<SeriesKey, List<Instant>> found = new HashMap<>();
        for (List<Integer> chunk : chunks(new ArrayList<>(byNumber.keySet()))) {
          // The primary key (series_id, minute) answers this with one short range per series.
          try (PreparedStatement select = connection.prepareStatement(
              "SELECT series_id, minute FROM bucket WHERE series_id IN (" + marks(chunk.size())
                  + ") AND minute >= ? ORDER BY series_id, minute")) {
            for (int i = 0; i < chunk.size(); i++) select.setInt(i + 1, chunk.get(i));
            select.setLong(chunk.size() + 1, from.toEpochMilli());
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                found.computeIfAbsent(byNumber.get(rs.getInt(1)), k -> new ArrayList<>())
                    .add(Instant.ofEpochMilli(rs.getLong(2)));
              }
            }
          }
        }
        return found;
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the minutes of " + series.size() + " series from " + from, e);
    }
  }

  @Override
  public long deleteBefore(Instant cutoff) {
    // Journaled minutes before the cutoff would otherwise come back at the next fold.
    foldBefore(cutoff.toEpochMilli());
    long deleted = 0;
    try {
      List<Integer> all = db.read(connection -> {
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM series ORDER BY id");
            ResultSet rs = select.executeQuery()) {
          while (rs.next()) ids.add(rs.getInt(1));
        }
        return ids;
      });
      // The new start of history is written before anything is deleted: from then on no read
      // uses a rollup that also counts minutes about to go.
      long cut = cutoff.toEpochMilli();
      long from = Math.max(retainedFrom(), cut);
      db.write(connection -> {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE bucket_retention SET retained_from = ? WHERE id = 1 AND retained_from < ?")) {
          update.setLong(1, from);
          update.setLong(2, from);
          update.executeUpdate();
        }
        return null;
      });
      retainedFrom = from;
      for (int start = 0; start < all.size(); start += DELETE_CHUNK) {
        List<Integer> chunk = all.subList(start, Math.min(all.size(), start + DELETE_CHUNK));
        deleted += db.write(connection -> {
          long count = 0;
          for (Level level : List.of(Level.MINUTE, Level.DAY)) {
            // A rollup goes once all of its minutes have: the day that holds the cutoff stays. The
            // hourly sums stay for reports until deleteHourlyBefore (reports.retention).
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + level.table + " WHERE series_id = ? AND " + level.column + " < ?")) {
              for (int number : chunk) {
                delete.setInt(1, number);
                delete.setLong(2, level == Level.MINUTE ? cut : level.floor(cut));
                delete.addBatch();
              }
              int[] counts = delete.executeBatch();
              if (level == Level.MINUTE) for (int n : counts) count += n;
            }
          }
          return count;
        });
      }
      return deleted;
    } catch (SQLException e) {
      throw new StorageException(
          "could not delete buckets before " + cutoff + " (" + deleted + " were deleted)", e);
    }
  }

  /**
   * The hourly sums go per series and chunk, like the minutes. Reads of sums are not affected: they
   * never use an hour before the minutes' retained start (see {@code bucket_retention}).
   */
  @Override
  public long deleteHourlyBefore(Instant cutoff) {
    long cut = Level.HOUR.floor(cutoff.toEpochMilli());
    foldBefore(cut);
    long deleted = 0;
    try {
      List<Integer> all = db.read(connection -> {
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM series ORDER BY id");
            ResultSet rs = select.executeQuery()) {
          while (rs.next()) ids.add(rs.getInt(1));
        }
        return ids;
      });
      for (int start = 0; start < all.size(); start += DELETE_CHUNK) {
        List<Integer> chunk = all.subList(start, Math.min(all.size(), start + DELETE_CHUNK));
        deleted += db.write(connection -> {
          long count = 0;
          try (PreparedStatement delete = connection.prepareStatement(
              "DELETE FROM bucket_hour WHERE series_id = ? AND hour < ?")) {
            for (int number : chunk) {
              delete.setInt(1, number);
              delete.setLong(2, cut);
              delete.addBatch();
            }
            for (int n : delete.executeBatch()) count += n;
          }
          return count;
        });
      }
      return deleted;
    } catch (SQLException e) {
      throw new StorageException(
          "could not delete hourly sums before " + cutoff + " (" + deleted + " were deleted)", e);
    }
  }

  private static void checkInterval(Instant from, Instant to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("an interval [from, to) needs from <= to, got [" + from + ", " + to + ")");
    }
  }

  /** The number of one series, or null when it has none yet. */
  private Integer numberOf(Connection connection, String name) throws SQLException {
    Integer cached = numbers.get(name);
    if (cached != null) return cached;
    return numbersOf(connection, Set.of(name), false).get(name);
  }

  /**
   * The numbers of the named series. With {@code create}, inside a write transaction, series
   * without one get one; without it, they are left out. Only numbers read outside a write go into
   * the cache here: a write's new numbers are cached by the caller after its commit.
   */
  private Map<String, Integer> numbersOf(Connection connection, Set<String> names, boolean create)
      throws SQLException {
    Map<String, Integer> known = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      Integer number = numbers.get(name);
      if (number != null) known.put(name, number);
      else missing.add(name);
    }
    if (missing.isEmpty()) return known;
    if (create) {
      // DO NOTHING rather than a check first: another PostgreSQL replica may be numbering the same
      // series right now; this waits for it and then reads its number.
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO series (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
        for (String name : missing) {
          insert.setString(1, name);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    Map<String, Integer> found = new HashMap<>();
    for (List<String> chunk : chunks(missing)) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT name, id FROM series WHERE name IN (" + marks(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) select.setString(i + 1, chunk.get(i));
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) found.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    if (create && found.size() != missing.size()) {
      throw new StorageException("numbered " + missing.size() + " new series but found " + found.size());
    }
    if (!create) numbers.putAll(found);
    known.putAll(found);
    return known;
  }

  static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int start = 0; start < all.size(); start += IN_CHUNK) {
      chunks.add(all.subList(start, Math.min(all.size(), start + IN_CHUNK)));
    }
    return chunks;
  }

  static String marks(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }
}
