package dev.governor.slo;

import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SourceMarks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes batches durable together: while one thread writes, the batches that arrive queue up, and
 * the next writer stores them all in one transaction, so concurrent requests share one fsync.
 * No caller returns before its own increments are durable. A group that fails is written again
 * batch by batch, so one bad batch cannot fail the others that happened to share its commit.
 *
 * <p>The lock here guards the queue only; it is never held while the store writes.
 */
final class GroupCommit {

  private final BucketStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private List<Pending> queue = new ArrayList<>();
  private boolean writing;

  private static final class Pending {
    final List<BucketIncrement> increments;
    final SourceMarks marks;
    boolean done;
    RuntimeException failure;

    Pending(List<BucketIncrement> increments, SourceMarks marks) {
      this.increments = increments;
      this.marks = marks;
    }

    List<SourceMarks> marksToWrite() {
      return marks.isEmpty() ? List.of() : List.of(marks);
    }
  }

  GroupCommit(BucketStore store) {
    this.store = store;
  }

  /**
   * Returns once {@code increments} and {@code marks} are durable; throws what the store threw for
   * them. Marks of one group are written in the order their batches came.
   */
  void write(List<BucketIncrement> increments, SourceMarks marks) {
    Pending mine = new Pending(increments, marks);
    lock.lock();
    try {
      queue.add(mine);
      while (!mine.done) {
        if (writing) {
          written.awaitUninterruptibly();
          continue;
        }
        writing = true;
        List<Pending> group = queue;
        queue = new ArrayList<>();
        lock.unlock();
        boolean stored = false;
        try {
          store(group);
          stored = true;
        } finally {
          lock.lock();
          for (Pending p : group) {
            // An Error out of the store leaves the group's fate unknown: no batch of it may count
            // as written and be applied to the sums (the writer's own request throws that Error).
            if (!stored && p.failure == null) p.failure = new IllegalStateException("the commit of this batch's group was cut short");
            p.done = true;
          }
          writing = false;
          written.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) throw mine.failure;
  }

  private void store(List<Pending> group) {
    try {
      if (group.size() == 1) {
        store.add(group.getFirst().increments, group.getFirst().marksToWrite());
      } else {
        List<BucketIncrement> all = new ArrayList<>();
        List<SourceMarks> marks = new ArrayList<>();
        for (Pending p : group) {
          all.addAll(p.increments);
          marks.addAll(p.marksToWrite());
        }
        store.add(all, marks);
      }
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.getFirst().failure = e;
      } else {
        for (Pending p : group) {
          try {
            store.add(p.increments, p.marksToWrite());
          } catch (RuntimeException own) {
            p.failure = own;
          }
        }
      }
    }
  }
}
