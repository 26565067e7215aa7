package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.storage.jdbc.JdbcBucketStore.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A journal row's buckets come back exactly as they went in, and a damaged row is refused, not half read. */
class BucketJournalEncodingTest {

  @Test
  void buckets_comeBackExactly_atTheEdgesOfEveryField() {
    List<Row> rows = List.of(
        new Row(1, 1_740_830_400_000L, 0, 1),
        new Row(Integer.MAX_VALUE, -60_000L, Long.MAX_VALUE, Long.MAX_VALUE),
        new Row(0, Long.MIN_VALUE / 120_000 * 60_000, 0, Long.MAX_VALUE),
        new Row(7, Long.MAX_VALUE / 60_000 * 60_000, 5, 5));
    assertThat(BucketJournal.decode(BucketJournal.encode(rows))).isEqualTo(rows);
    assertThat(BucketJournal.decode(BucketJournal.encode(List.of()))).isEmpty();
  }

  @Test
  void randomBatches_comeBackExactly() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 200; trial++) {
      List<Row> rows = new ArrayList<>();
      for (int i = random.nextInt(300); i > 0; i--) {
        long good = random.nextInt(4) == 0 ? random.nextLong(Long.MAX_VALUE) : random.nextInt(1_000);
        rows.add(new Row(random.nextInt(Integer.MAX_VALUE), 60_000L * random.nextInt(30_000_000), good,
            good + random.nextLong(Long.MAX_VALUE - good)));
      }
      assertThat(BucketJournal.decode(BucketJournal.encode(rows))).as("trial %d", trial).isEqualTo(rows);
    }
  }

  @Test
  void aBatchOfOneMinuteOfNearSeries_takesAFewBytesABucket() {
    List<Row> rows = new ArrayList<>();
    for (int series = 1_000; series < 1_100; series++) rows.add(new Row(series, 1_740_830_400_000L, 9, 10));
    assertThat(BucketJournal.encode(rows).length).isLessThan(100 * 6 + 16);
  }

  @Test
  void aDamagedRow_isRefused() {
    byte[] bytes = BucketJournal.encode(List.of(new Row(3, 60_000L, 1, 2), new Row(4, 60_000L, 1, 2)));
    assertThatThrownBy(() -> BucketJournal.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends early");
    assertThatThrownBy(() -> BucketJournal.decode(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bytes after");
    // A count of 2^63 and more, a 65th bit, a good count past 2^63-1, a total past it.
    assertThatThrownBy(() -> BucketJournal.decode(new byte[] {1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    assertThatThrownBy(() -> BucketJournal.decode(new byte[] {1, 1, 0, 0, -128, -128, -128, -128, -128, -128, -128, -128, -128, 2, 0}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("longer than 64 bits");
    assertThatThrownBy(() -> BucketJournal.decode(new byte[] {1, 1, 0, 0, -128, -128, -128, -128, -128, -128, -128, -128, -128, 1, 0}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of range");
    byte[] maxGood = BucketJournal.encode(List.of(new Row(0, 0, Long.MAX_VALUE, Long.MAX_VALUE)));
    maxGood[maxGood.length - 1] = 1;
    assertThatThrownBy(() -> BucketJournal.decode(maxGood))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of range");
    byte[] notAMinute = BucketJournal.encode(List.of(new Row(3, 60_000L, 1, 2)));
    notAMinute[2] = 2; // the minute 1 ms from the epoch
    assertThatThrownBy(() -> BucketJournal.decode(notAMinute))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("whole minute");
    byte[] otherEncoding = bytes.clone();
    otherEncoding[0] = 9;
    assertThatThrownBy(() -> BucketJournal.decode(otherEncoding))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("encoding");
  }
}
