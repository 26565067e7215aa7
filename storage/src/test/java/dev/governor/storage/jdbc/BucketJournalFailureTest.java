package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.SeriesKey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A fold whose transaction fails with an Error (an OutOfMemoryError while upserting, say) is
 * rolled back like any other: the journal's rows are back in the table, and what the store knows
 * about the journal must not say they were folded, or later reads skip them.
 */
class BucketJournalFailureTest {

  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");

  @TempDir Path dataDir;
  private final AtomicBoolean failHourlyUpserts = new AtomicBoolean();
  private JdbcBucketStore store;

  @BeforeEach
  void openAStoreWhoseHourlyUpsertsCanFail() {
    Database.sqlite(dataDir).close();
    String url = "jdbc:sqlite:" + dataDir.resolve(Database.SQLITE_FILE).toAbsolutePath();
    store = new JdbcBucketStore(new Connections(failing(sqlite(url, true)), sqlite(url, false)), Dialect.SQLITE,
        JdbcBucketStore.Writes.JOURNALED);
  }

  @Test
  void anErrorInAReadsFold_leavesTheJournalUnknown_soALaterReadStillFindsTheRows() {
    SeriesKey checkout = SeriesKey.of(SliName.of("checkout"));
    store.add(oneEachAt(List.of(checkout), NOON));
    store.add(oneEachAt(List.of(checkout), NOON.plusSeconds(60)));
    failHourlyUpserts.set(true);
    assertThatThrownBy(() -> store.at(NOON, List.of(checkout))).isInstanceOf(OutOfMemoryError.class);
    failHourlyUpserts.set(false);
    store.add(oneEachAt(List.of(checkout), NOON.plusSeconds(120)));

    assertThat(store.at(NOON, List.of(checkout))).containsEntry(checkout, new EventCounts(1, 1));
  }

  @Test
  void anErrorInAnAddsFold_failsTheAdd_andTheRetriedAddLeavesEveryEarlierRowReadable() {
    List<SeriesKey> series = IntStream.range(0, 500).mapToObj(i -> SeriesKey.of(SliName.of("s-" + i))).toList();
    for (int m = 0; m < 5; m++) store.add(oneEachAt(series, NOON.plus(Duration.ofMinutes(m))));
    Instant sixth = NOON.plus(Duration.ofMinutes(5));
    failHourlyUpserts.set(true);
    assertThatThrownBy(() -> store.add(oneEachAt(series, sixth))).isInstanceOf(OutOfMemoryError.class);
    failHourlyUpserts.set(false);
    store.add(oneEachAt(series, sixth));

    for (int m = 0; m < 6; m++) {
      Map<SeriesKey, EventCounts> each = new HashMap<>();
      series.forEach(s -> each.put(s, new EventCounts(1, 1)));
      assertThat(store.at(NOON.plus(Duration.ofMinutes(m)), series)).as("minute %d", m).isEqualTo(each);
    }
  }

  private static List<BucketIncrement> oneEachAt(List<SeriesKey> series, Instant minute) {
    return series.stream().map(s -> new BucketIncrement(s, minute, new EventCounts(1, 1))).toList();
  }

  private static SQLiteDataSource sqlite(String url, boolean writer) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    if (writer) config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl(url);
    return source;
  }

  /** {@code real}, whose connections throw an OutOfMemoryError preparing an hourly upsert while armed. */
  private DataSource failing(DataSource real) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (!method.getName().equals("getConnection")) return result;
          java.sql.Connection connection = (java.sql.Connection) result;
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class},
              (p, m, a) -> {
                if (failHourlyUpserts.get() && m.getName().equals("prepareStatement")
                    && ((String) a[0]).startsWith("INSERT INTO bucket_hour")) {
                  throw new OutOfMemoryError("injected while upserting hourly rows");
                }
                return invoke(connection, m, a);
              });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
