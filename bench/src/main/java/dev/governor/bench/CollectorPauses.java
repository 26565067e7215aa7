package dev.governor.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections of a stretch of a benchmark, per collector: how many, their time in all and the
 * longest. A collector pause stops every thread, so one that falls inside an ingest's wait for a
 * shard counts in that wait, and inside a tick's hold in the hold; this says how long they were.
 * Per collector because some report pauses (G1 Young Generation, ZGC Minor Pauses, Copy) and some
 * concurrent work (G1 Concurrent GC, ZGC Minor Cycles), which stops nothing.
 */
final class CollectorPauses {

  private final Map<String, long[]> byCollector = new TreeMap<>();
  private final NotificationListener listener = (notification, handback) -> {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long millis = info.getGcInfo().getDuration();
    synchronized (byCollector) {
      long[] seen = byCollector.computeIfAbsent(info.getGcName(), k -> new long[3]);
      seen[0]++;
      seen[1] += millis;
      seen[2] = Math.max(seen[2], millis);
    }
  };

  /** Starts counting. */
  CollectorPauses start() {
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) bean).addNotificationListener(listener, null, null);
    }
    return this;
  }

  /** Stops counting; one line per collector: count, time in all, longest. */
  String stop() {
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) bean).removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // added to every bean in start(); nothing to remove means nothing was counted there
      }
    }
    StringBuilder out = new StringBuilder();
    synchronized (byCollector) {
      byCollector.forEach((name, seen) -> out.append(out.isEmpty() ? "" : "; ").append(String.format(
          "%s %d, %d ms in all, longest %d ms", name, seen[0], seen[1], seen[2])));
    }
    return out.isEmpty() ? "none" : out.toString();
  }
}
