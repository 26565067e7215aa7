package dev.governor.server.notify;

import dev.governor.notify.Backoff;
import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryListener;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Notification;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import dev.governor.server.config.ServerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications from the durable outbox, at least once.
 *
 * <p>{@link #enqueue} stores a notification (durably, before it returns) and wakes the sender
 * thread; the thread also polls every {@link #POLL}. Each pass takes the due notifications, oldest
 * due first, and makes one attempt at each. An acknowledged one is marked delivered; a failed one
 * is rescheduled by the {@link Backoff} (doubling waits, capped), or, once its time is up, marked
 * failed: kept in the outbox, logged as a warning and told to the listeners, never dropped
 * silently. Because the queue is the database, a restart, even a SIGKILL, resumes where it
 * stopped.
 *
 * <p>At least once, not exactly once: a crash after the target took a notification and before the
 * outbox recorded it, or an acknowledgement lost on the way back, makes the next attempt a repeat.
 * The idempotency key travels with every attempt (header and body of a webhook, Message-ID of an
 * email) so that the receiver can drop it; Slack cannot.
 *
 * <p>A target that does not answer costs one timeout per pass, not one per notification: when an
 * attempt says its target is down (refused, timed out, 5xx), the pass does not try the others bound
 * for the same target and counts them as failed with the same error, so they back off together.
 *
 * <p>Whoever holds only the {@link Outbox} may enqueue into it directly; the next poll sends what
 * was enqueued, {@link #enqueue} only saves that wait.
 *
 * <p>One dispatcher per database: two servers sharing a PostgreSQL database would each send every
 * due notification (still at least once, but more repeats) until a leader runs the schedules.
 */
public final class NotificationDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

  static final Duration POLL = Duration.ofMillis(500);

  /** Notifications per pass; a full pass is followed by the next at once. */
  static final int BATCH = 50;

  private final Outbox outbox;
  private final Sender sender;
  private final Backoff backoff;
  private final InstantSource clock;
  private final boolean emailConfigured;
  private final AutoCloseable resources;
  private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private volatile boolean started;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "governor-notifications");
    t.setDaemon(true);
    return t;
  });

  /** With the configured HTTP and SMTP senders. */
  public static NotificationDispatcher create(ServerConfig.Notifications config, Outbox outbox, InstantSource clock) {
    HttpSender http = new HttpSender(config.connectTimeout(), config.timeout());
    EmailSender email = new EmailSender(config.smtp(), config.connectTimeout(), config.timeout(), clock);
    return new NotificationDispatcher(outbox, new ChannelSenders(http, email), config.backoff(), clock,
        email.configured(), http);
  }

  /** With any sender: for tests, and for whoever sends another way. */
  public NotificationDispatcher(Outbox outbox, Sender sender, Backoff backoff, InstantSource clock) {
    this(outbox, sender, backoff, clock, true, () -> {});
  }

  private NotificationDispatcher(Outbox outbox, Sender sender, Backoff backoff, InstantSource clock,
      boolean emailConfigured, AutoCloseable resources) {
    this.outbox = outbox;
    this.sender = sender;
    this.backoff = backoff;
    this.clock = clock;
    this.emailConfigured = emailConfigured;
    this.resources = resources;
  }

  /** Starts the sender thread; what was pending before a restart is sent from now on. */
  public void start() {
    started = true;
    thread.scheduleWithFixedDelay(this::sendDueQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stores {@code notification} for delivery and wakes the sender. Enqueuing a key that is stored
   * already changes nothing, so a caller that is not sure whether it enqueued (it crashed, it
   * retries) simply enqueues again.
   *
   * @return whether the key was new
   */
  public boolean enqueue(Notification notification) {
    boolean created = outbox.enqueue(notification);
    if (created) wake();
    return created;
  }

  /** Told of every notification delivered or given up on, from now on. */
  public void addListener(DeliveryListener listener) {
    listeners.add(listener);
  }

  /** The outbox, to look at what is pending, delivered and failed. */
  public Outbox outbox() {
    return outbox;
  }

  /** Whether an SMTP server is configured, without which email channels cannot be delivered. */
  public boolean emailConfigured() {
    return emailConfigured;
  }

  private void wake() {
    // One queued wake-up is enough however many notifications arrive before it runs.
    if (started && wakeQueued.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          wakeQueued.set(false);
          sendDueQuietly();
        });
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // Stopping: the notification is stored and goes out after the restart.
      }
    }
  }

  private void sendDueQuietly() {
    try {
      while (sendDue() == BATCH && !Thread.currentThread().isInterrupted()) {
        // A full batch: more may be due; each pass settles or postpones what it took, so this ends.
      }
    } catch (RuntimeException e) {
      // The database may be away for a moment; the next poll tries again, and nothing is lost.
      log.warn("notification dispatcher failed; retrying at the next poll", e);
    }
  }

  /** One pass over what is due now; returns how many notifications it took. */
  int sendDue() {
    List<OutboxEntry> due = outbox.due(clock.instant(), BATCH);
    Map<String, String> downThisPass = new HashMap<>();
    for (OutboxEntry entry : due) {
      Notification n = entry.notification();
      String target = target(n.channel());
      String earlier = downThisPass.get(target);
      Attempt attempt = earlier != null
          ? new Attempt.Failed("not tried: " + earlier + " (an earlier attempt to the same target in this pass)", true)
          : sender.send(n);
      if (Thread.currentThread().isInterrupted()) {
        // Stopping mid-send: whether it arrived is unknown, so it stays pending, uncounted, and is
        // sent again after the restart.
        return due.size();
      }
      switch (attempt) {
        case Attempt.Acknowledged ok -> delivered(entry, ok);
        case Attempt.Failed failed -> {
          if (failed.targetDown() && earlier == null) downThisPass.put(target, failed.error());
          failed(entry, failed.error(), earlier == null);
        }
      }
    }
    return due.size();
  }

  private void delivered(OutboxEntry entry, Attempt.Acknowledged ok) {
    Instant at = clock.instant();
    if (!outbox.delivered(entry.id(), at)) return;
    log.debug("notification {} delivered to {} ({}) after {} attempt(s)", entry.key(),
        entry.notification().channel().describe(), ok.detail(), entry.attempts() + 1);
    tell(entry.settled(DeliveryState.DELIVERED, at, Optional.empty()));
  }

  private void failed(OutboxEntry entry, String error, boolean tried) {
    Instant at = clock.instant();
    Notification n = entry.notification();
    switch (backoff.afterFailure(n.createdAt(), entry.attempts() + 1, at)) {
      case Backoff.Retry retry -> {
        // During an outage only the attempts really made are worth a line each.
        if (outbox.failed(entry.id(), retry.at(), error) && tried) {
          log.info("notification {} to {} failed ({}); attempt {} at {}", n.key(), n.channel().describe(), error,
              entry.attempts() + 2, retry.at());
        }
      }
      case Backoff.GiveUp giveUp -> {
        if (outbox.gaveUp(entry.id(), at, error)) {
          log.warn("notification {} to {} failed for good after {} attempts over {}: {}; it stays in the outbox"
              + " as failed (GET /api/v1/notifications?state=failed)", n.key(), n.channel().describe(),
              entry.attempts() + 1, Duration.between(n.createdAt(), at), error);
          tell(entry.settled(DeliveryState.FAILED, at, Optional.of(error)));
        }
      }
    }
  }

  private void tell(OutboxEntry settled) {
    for (DeliveryListener listener : listeners) {
      try {
        listener.settled(settled);
      } catch (RuntimeException e) {
        log.error("a notification listener failed on {}; delivery goes on", settled.key(), e);
      }
    }
  }

  /** What one failure stands for: an HTTP host (every path on it), or the one SMTP server. */
  private static String target(Channel channel) {
    return switch (channel) {
      case Channel.Webhook w -> w.url().getScheme() + "://" + w.url().getRawAuthority();
      case Channel.Slack s -> s.url().getScheme() + "://" + s.url().getRawAuthority();
      case Channel.Email e -> "smtp";
    };
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      resources.close();
    } catch (Exception e) {
      log.warn("closing the notification senders failed", e);
    }
  }
}
