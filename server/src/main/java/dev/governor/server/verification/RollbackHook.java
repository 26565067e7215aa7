package dev.governor.server.verification;

import dev.governor.basics.OnFirstUse;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.gate.AuditEntry;
import dev.governor.delivery.gate.AuditTrail;
import dev.governor.delivery.verification.HookCall;
import dev.governor.delivery.verification.HookOutbox;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.Json;
import dev.governor.server.timing.DueTimer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback hook: a failed verification queues one call in the durable outbox
 * ({@link HookOutbox}); a background sender posts every due call, signed, until its endpoint answers
 * 2xx, waiting {@code initialBackoff x 2^(attempts-1)} (at most an hour) after each failure. Because
 * the queue is in the database, a restart resumes where it stopped. The call carries an
 * {@code Idempotency-Key} that stays the same across retries, so an endpoint that acknowledged a
 * call whose answer was lost can recognise the repeat: delivery is at least once.
 *
 * <p>The deployment is marked rolled back when the hook acknowledges the call, not when it is
 * queued: until then nothing has rolled back, and DORA should not count it.
 */
public final class RollbackHook implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RollbackHook.class);

  static final Duration MAX_BACKOFF = Duration.ofHours(1);
  /** How often the outbox is read when nothing was queued here: a safety net, as for notifications. */
  static final Duration SWEEP = Duration.ofMinutes(5);
  static final Duration RETRY = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final String SIGNATURE_HEADER = "X-Governor-Signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final ServerConfig.RollbackHook config;
  private final HookOutbox outbox;
  private final AuditTrail audit;
  private final DeploymentStore deployments;
  private final InstantSource clock;
  /** How soon a server that may not act now looks again. */
  private static final Duration NOT_LEADING_WAIT = Duration.ofSeconds(1);
  /** Built on the first hook call: most servers never roll back, and a client keeps a thread awake. */
  private final OnFirstUse<HttpClient> http = new OnFirstUse<>(
      () -> HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build());
  private final DueTimer sender;
  private final java.util.function.BooleanSupplier mayAct;
  private final java.util.OptionalLong term;

  public RollbackHook(ServerConfig.RollbackHook config, HookOutbox outbox, AuditTrail audit,
      DeploymentStore deployments, InstantSource clock) {
    this(config, outbox, audit, deployments, clock, dev.governor.server.Fencing.ALONE);
  }

  /** @param fencing whether this server may call the hook now (a cluster's leader while its term holds), and its term */
  public RollbackHook(ServerConfig.RollbackHook config, HookOutbox outbox, AuditTrail audit,
      DeploymentStore deployments, InstantSource clock, dev.governor.server.Fencing fencing) {
    this.mayAct = fencing.mayAct();
    this.term = fencing.term();
    this.config = config;
    this.outbox = outbox;
    this.audit = audit;
    this.deployments = deployments;
    this.clock = clock;
    this.sender = new DueTimer("governor-rollback-hook", clock, SWEEP, RETRY, sweep -> sendDue());
  }

  public void start() {
    sender.start();
  }

  public boolean configured() {
    return config.url().isPresent();
  }

  /**
   * Queues the rollback of {@code deployment} unless one was queued already (a second failing
   * verification asks for nothing new); returns the call queued now, or empty.
   */
  public Optional<HookCall> request(Deployment deployment, String verdict, double score, List<String> reasons, Optional<String> actor) {
    if (config.url().isEmpty() || !outbox.ofDeployment(deployment.id().value()).isEmpty()) return Optional.empty();
    Instant now = clock.instant();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", "rollback.requested");
    payload.put("deployment", deployment.id().value());
    payload.put("service", deployment.service().value());
    payload.put("environment", deployment.environment());
    payload.put("version", deployment.version());
    payload.put("verdict", verdict);
    payload.put("score", score);
    payload.put("reasons", reasons);
    payload.put("requestedAt", now.toString());
    HookCall call = outbox.enqueue(deployment.id().value(), config.url().get(), Json.MAPPER.writeValueAsString(payload), now);
    audit.record(new AuditEntry(0, now, AuditEntry.Action.ROLLBACK_REQUESTED, deployment.id().value(),
        Optional.of(deployment.environment()), Optional.of(deployment.version()), "requested", actor,
        Optional.of("release verification failed"), "POST " + call.url() + " (" + idempotencyKey(call) + ")"));
    sender.wake();
    return Optional.of(call);
  }

  static String idempotencyKey(HookCall call) {
    return "governor-rollback-" + call.id();
  }

  /** {@code sha256=<hex>} of the HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String signature(String secret, String body) {
    return dev.governor.server.http.HmacSignature.sha256(secret, body);
  }

  static Duration backoff(Duration initial, int attempts) {
    Duration wait = initial.multipliedBy(1L << Math.min(attempts - 1, 30));
    return wait.compareTo(MAX_BACKOFF) > 0 || wait.isNegative() ? MAX_BACKOFF : wait;
  }

  /** Sends every call due now; returns when the next waiting one is due (the sender sleeps until then). */
  private Optional<Instant> sendDue() {
    List<HookCall> due;
    do {
      due = outbox.due(clock.instant(), 20);
      for (HookCall call : due) {
        if (Thread.currentThread().isInterrupted()) return Optional.empty(); // closing
        // A deposed or unsure leader calls nothing more: the next leader calls what is still due.
        if (!mayAct.getAsBoolean()) return Optional.of(clock.instant().plus(NOT_LEADING_WAIT));
        send(call);
      }
    } while (due.size() == 20);
    return outbox.nextAttemptAt();
  }

  private void send(HookCall call) {
    String error;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(call.url())
          .timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json")
          .header(IDEMPOTENCY_HEADER, idempotencyKey(call))
          .POST(HttpRequest.BodyPublishers.ofString(call.payload(), StandardCharsets.UTF_8));
      if (!config.secret().isEmpty()) request.header(SIGNATURE_HEADER, signature(config.secret(), call.payload()));
      term.ifPresent(t -> request.header(dev.governor.server.Fencing.HEADER, Long.toString(t)));
      HttpResponse<Void> response = http.get().send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        acknowledged(call, response.statusCode());
        return;
      }
      error = "HTTP " + response.statusCode();
    } catch (java.io.IOException e) {
      error = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Instant next = clock.instant().plus(backoff(config.initialBackoff(), call.attempts() + 1));
    outbox.failed(call.id(), next, error);
    log.info("rollback hook call {} for deployment {} failed ({}); next attempt at {}", call.id(), call.deployment(), error, next);
  }

  private void acknowledged(HookCall call, int status) {
    Instant now = clock.instant();
    outbox.delivered(call.id(), now);
    Optional<Deployment> d = deployments.markRolledBack(DeploymentId.of(call.deployment()), now);
    audit.record(new AuditEntry(0, now, AuditEntry.Action.ROLLBACK_DELIVERED, call.deployment(),
        d.map(Deployment::environment), d.map(Deployment::version), "acknowledged", Optional.empty(), Optional.empty(),
        "HTTP " + status + " from " + call.url() + " after " + (call.attempts() + 1) + " attempt(s); deployment marked rolled back"));
  }

  @Override
  public void close() {
    sender.close(REQUEST_TIMEOUT);
  }
}
