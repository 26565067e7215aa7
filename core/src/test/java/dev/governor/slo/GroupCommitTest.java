package dev.governor.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.basics.EventCounts;
import dev.governor.basics.SliName;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private static final List<BucketIncrement> BATCH = List.of(new BucketIncrement(SeriesKey.of(SliName.of("api-ok")),
      Instant.parse("2026-12-06T10:00:00Z"), new EventCounts(1, 1)));

  /** The first add waits to be let go; every later one fails with an Error, as a store can with a VM in trouble. */
  private static final class StallThenBreak implements BucketStore {
    final InMemoryBucketStore store = new InMemoryBucketStore();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void add(List<BucketIncrement> increments, List<dev.governor.sli.SourceMarks> marks) {
      if (calls.incrementAndGet() == 1) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        store.add(increments, marks);
        return;
      }
      throw new AssertionError("the store broke mid-commit");
    }

    @Override public Map<String, String> marks(String source) { return store.marks(source); }
    @Override public void replace(SeriesKey series, Map<Instant, EventCounts> minutes) { store.replace(series, minutes); }
    @Override public EventCounts sum(SeriesKey series, Instant from, Instant to) { return store.sum(series, from, to); }
    @Override public List<Bucket> range(SeriesKey series, Instant from, Instant to) { return store.range(series, from, to); }
    @Override public Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series) { return store.at(minute, series); }
    @Override public long deleteBefore(Instant cutoff) { return store.deleteBefore(cutoff); }
  }

  @Test
  void an_error_out_of_a_groups_commit_fails_every_batch_of_the_group() throws Exception {
    StallThenBreak store = new StallThenBreak();
    GroupCommit commit = new GroupCommit(store);
    Thread first = Thread.ofPlatform().start(() -> commit.write(BATCH, dev.governor.sli.SourceMarks.NONE));
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
    // Two batches queue behind the stalled commit and go to the store together.
    AtomicReference<Throwable> a = new AtomicReference<>();
    AtomicReference<Throwable> b = new AtomicReference<>();
    Thread ta = Thread.ofPlatform().start(() -> attempt(commit, a));
    Thread tb = Thread.ofPlatform().start(() -> attempt(commit, b));
    Thread.sleep(300);
    store.release.countDown();
    first.join(10_000);
    ta.join(10_000);
    tb.join(10_000);

    assertThat(store.calls.get()).as("the two queued batches were one group").isEqualTo(2);
    assertThat(a.get()).as("neither batch may count as written").isNotNull();
    assertThat(b.get()).as("neither batch may count as written").isNotNull();
  }

  private static void attempt(GroupCommit commit, AtomicReference<Throwable> outcome) {
    try {
      commit.write(BATCH, dev.governor.sli.SourceMarks.NONE);
    } catch (Throwable t) {
      outcome.set(t);
    }
  }
}
