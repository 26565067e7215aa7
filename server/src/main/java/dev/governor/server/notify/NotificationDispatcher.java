package dev.governor.server.notify;

import dev.governor.notify.Backoff;
import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryListener;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Notification;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.timing.DueTimer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import dev.governor.server.Fencing;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications from the durable outbox, at least once.
 *
 * <p>{@link #enqueue} stores a notification (durably, before it returns) and wakes the sender
 * thread. After each pass the thread asks the outbox when the next pending notification is due
 * (one indexed read) and sleeps until then, or until the next wake-up; it does not poll the
 * database while nothing is pending, apart from a {@link #SWEEP safety sweep}. Each pass takes the
 * due notifications, oldest due first, and makes one attempt at each. An acknowledged one is marked delivered; a failed one
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
 * <p>Whoever holds only the {@link Outbox} may enqueue into it directly; the next sweep (at most
 * {@link #SWEEP} later) sends what was enqueued, {@link #enqueue} saves that wait.
 *
 * <p>One dispatcher per database: in a cluster only the leader runs one, and it asks {@code mayAct}
 * before every send, so a leader that was paused past its lease and wakes up sends nothing more.
 */
public final class NotificationDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

  /**
   * How often the outbox is read when nobody said anything changed: for notifications enqueued
   * behind the dispatcher's back (another process, a crash between the commit and the wake-up).
   */
  static final Duration SWEEP = Duration.ofMinutes(5);

  /** How soon a pass that failed (the database is away) is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);

  /** How soon a server that may not send now (a cluster's leader unsure of its lease) looks again. */
  static final Duration NOT_LEADING_WAIT = Duration.ofSeconds(1);

  /** Notifications per pass; a full pass is followed by the next at once. */
  static final int BATCH = 50;

  private final Outbox outbox;
  private final Sender sender;
  private final Backoff backoff;
  private final InstantSource clock;
  private final boolean emailConfigured;
  private final AutoCloseable resources;
  private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();
  private final DueTimer timer;
  private final BooleanSupplier mayAct;

  /** With the configured HTTP and SMTP senders. */
  public static NotificationDispatcher create(ServerConfig.Notifications config, Outbox outbox, InstantSource clock) {
    return create(config, outbox, clock, Fencing.ALONE);
  }

  /**
   * @param fencing whether this server may send now: a cluster's leader sends only while its term
   *     holds, so a leader that was paused past its lease sends nothing when it wakes; its webhooks
   *     carry the term
   */
  public static NotificationDispatcher create(ServerConfig.Notifications config, Outbox outbox, InstantSource clock,
      Fencing fencing) {
    HttpSender http = new HttpSender(config.connectTimeout(), config.timeout(), fencing.term());
    EmailSender email = new EmailSender(config.smtp(), config.connectTimeout(), config.timeout(), clock);
    return new NotificationDispatcher(outbox, new ChannelSenders(http, email), config.backoff(), clock,
        email.configured(), http, fencing.mayAct());
  }

  /** With any sender: for tests, and for whoever sends another way. */
  public NotificationDispatcher(Outbox outbox, Sender sender, Backoff backoff, InstantSource clock) {
    this(outbox, sender, backoff, clock, () -> true);
  }

  /** With any sender, sending only while {@code mayAct} says so. */
  public NotificationDispatcher(Outbox outbox, Sender sender, Backoff backoff, InstantSource clock, BooleanSupplier mayAct) {
    this(outbox, sender, backoff, clock, true, () -> {}, mayAct);
  }

  private NotificationDispatcher(Outbox outbox, Sender sender, Backoff backoff, InstantSource clock,
      boolean emailConfigured, AutoCloseable resources, BooleanSupplier mayAct) {
    this.mayAct = mayAct;
    this.outbox = outbox;
    this.sender = sender;
    this.backoff = backoff;
    this.clock = clock;
    this.emailConfigured = emailConfigured;
    this.resources = resources;
    this.timer = new DueTimer("governor-notifications", clock, SWEEP, RETRY, sweep -> sendDueNow());
  }

  /** Starts the sender thread; what was pending before a restart is sent from now on. */
  public void start() {
    timer.start();
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
    // After the commit: the sender reads what is stored, so waking it sooner could miss it.
    if (created) timer.wake();
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

  /**
   * Sends everything due now, batch after batch, and says when the next pending notification is
   * due: what the sender thread sleeps until.
   */
  Optional<Instant> sendDueNow() {
    if (!mayAct.getAsBoolean()) return Optional.of(clock.instant().plus(NOT_LEADING_WAIT));
    while (sendDue() == BATCH && !Thread.currentThread().isInterrupted()) {
      // A full batch: more may be due; each pass settles or postpones what it took, so this ends.
    }
    if (Thread.currentThread().isInterrupted()) return Optional.empty(); // closing
    if (!mayAct.getAsBoolean()) return Optional.of(clock.instant().plus(NOT_LEADING_WAIT));
    return outbox.nextAttemptAt();
  }

  /** One pass over what is due now; returns how many notifications it took. */
  int sendDue() {
    List<OutboxEntry> due = outbox.due(clock.instant(), BATCH);
    Map<String, String> downThisPass = new HashMap<>();
    for (OutboxEntry entry : due) {
      // Asked before every send: a leader paused past its lease wakes up here and sends nothing
      // more; the next leader sends what is still pending. Nothing was taken, so 0 ends the pass.
      if (!mayAct.getAsBoolean()) return 0;
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
    timer.close();
    try {
      resources.close();
    } catch (Exception e) {
      log.warn("closing the notification senders failed", e);
    }
  }
}
