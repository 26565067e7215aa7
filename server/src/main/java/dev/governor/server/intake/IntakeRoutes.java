package dev.governor.server.intake;

import dev.governor.incident.IncidentId;
import dev.governor.incident.IntakeResult;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalIntake;
import dev.governor.ingest.alerting.AlertmanagerWebhookDecoder;
import dev.governor.ingest.alerting.DecodedSignals;
import dev.governor.ingest.alerting.PagerDutyEventDecoder;
import dev.governor.server.config.ServerConfig.Integration;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The doors alerts from other tools come in by, each guarded by the keys of
 * {@code incidents.integrations} rather than by Governor's API tokens (which these senders cannot
 * send as well):
 *
 * <ul>
 *   <li>{@code POST /api/v1/integrations/alertmanager}: an Alertmanager {@code webhook_config}; the
 *       key comes as {@code Authorization: Bearer <key>} (Alertmanager's
 *       {@code http_config.authorization}) or, for senders that cannot set a header, as
 *       {@code ?token=<key>}. Answers 200 with one result per alert; problems are RFC 9457.
 *   <li>{@code POST /v2/enqueue}: PagerDuty's Events API v2 at PagerDuty's own path, so a sender
 *       changes only the host; {@code routing_key} is the key. Answers as PagerDuty does (202
 *       {@code {"status":"success",...}}, 400 {@code {"status":"invalid event",...}}), because
 *       PagerDuty clients read those bodies, not problem documents.
 * </ul>
 *
 * <p>A key unknown, or configured for the other door, is refused before the body is looked at,
 * and nothing reaches the intake unless the whole delivery is valid: a refusal changes nothing.
 */
public final class IntakeRoutes {

  public static final String ALERTMANAGER = "/api/v1/integrations/alertmanager";
  public static final String ENQUEUE = "/v2/enqueue";

  /**
   * PagerDuty takes events of up to 512 KB and Alertmanager cuts its own at 512,000 bytes; read as
   * KiB so that both readings of "KB" pass, whatever {@code server.maxRequestSize} says.
   */
  public static final long ENQUEUE_LIMIT = 512 * 1024;

  private static final String BEARER = "Bearer ";
  private static final String CHALLENGE = "Bearer realm=\"governor-integrations\"";

  private final SignalIntake intake;
  private final IntegrationKeys keys;
  private final RequestBodies bodies;
  private final RequestBodies enqueueBodies = new RequestBodies(ENQUEUE_LIMIT);
  private final InstantSource clock;

  /**
   * @param intake where valid signals go: the incident engine
   * @param bodies reads Alertmanager payloads, up to {@code server.maxRequestSize}
   */
  public IntakeRoutes(SignalIntake intake, List<Integration> integrations, RequestBodies bodies, InstantSource clock) {
    this.intake = intake;
    this.keys = new IntegrationKeys(integrations);
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post(ALERTMANAGER, this::alertmanager);
    routes.post(ENQUEUE, this::enqueue);
  }

  /** One signal's fate, as the Alertmanager route reports it. */
  record Result(String dedupKey, String disposition, Long incident) {
    static Result of(IntakeResult r) {
      return new Result(r.dedupKey(), r.disposition().name().toLowerCase(Locale.ROOT),
          r.incident().map(IncidentId::number).orElse(null));
    }
  }

  record AlertmanagerAnswer(String integration, List<Result> results) {}

  record PagerDutySuccess(String status, String message, String dedup_key) {}

  record PagerDutyInvalid(String status, String message, List<String> errors) {}

  private void alertmanager(Context ctx) {
    Integration integration = authenticate(ctx);
    byte[] body = bodies.read(ctx);
    DecodedSignals decoded = AlertmanagerWebhookDecoder.decode(body, integration.name());
    if (!decoded.isValid()) throw new HttpProblem.InvalidPayload("Alertmanager payload", decoded.problems());
    List<IntakeResult> results = decoded.signals().isEmpty() ? List.of() : accept(decoded.signals());
    ctx.json(new AlertmanagerAnswer(integration.name(), results.stream().map(Result::of).toList()));
  }

  /** The alertmanager integration whose key the request carries; a 401 otherwise. */
  private Integration authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    String key;
    if (header != null && !header.isBlank()) {
      if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        throw unauthorized("the Authorization header must be \"Bearer <key>\" with the key of an alertmanager"
            + " integration in incidents.integrations (webhook_config http_config.authorization sends it)");
      }
      key = header.substring(BEARER.length()).trim();
    } else {
      key = Optional.ofNullable(ctx.queryParam("token")).map(String::trim).orElse("");
      if (key.isEmpty()) {
        throw unauthorized(ALERTMANAGER + " needs the key of an alertmanager integration from"
            + " incidents.integrations, as Authorization: Bearer <key> (webhook_config"
            + " http_config.authorization) or as ?token=<key>");
      }
    }
    Integration integration = keys.find(key).orElseThrow(() -> unauthorized(
        "the key is not one of incidents.integrations; check the webhook_config's credentials"));
    if (integration.kind() != Integration.Kind.ALERTMANAGER) {
      throw unauthorized("the key belongs to the " + integration.kind().label() + " integration '" + integration.name()
          + "', which sends PagerDuty events to " + ENQUEUE + "; configure an alertmanager integration for this sender");
    }
    return integration;
  }

  private static HttpProblem unauthorized(String detail) {
    return new HttpProblem.Unauthorized(detail, CHALLENGE);
  }

  private void enqueue(Context ctx) {
    byte[] body;
    try {
      body = enqueueBodies.read(ctx);
    } catch (HttpProblem.PayloadTooLarge e) {
      invalid(ctx, 413, List.of("Event object is larger than " + ENQUEUE_LIMIT + " bytes (512 KB), the limit of the"
          + " Events API v2; make payload.custom_details smaller"));
      return;
    }
    PagerDutyEventDecoder.Decoded decoded =
        PagerDutyEventDecoder.decode(body, Optional.ofNullable(ctx.header("X-Routing-Key")), clock.instant());
    Optional<Integration> integration = decoded.routingKey().flatMap(keys::find);
    if (decoded.routingKey().isPresent()) {
      // The key first, as PagerDuty does: whoever does not hold one learns nothing about the event.
      if (integration.isEmpty()) {
        invalid(ctx, 400, List.of("Invalid routing key: it is not the key of a pagerduty integration in Governor's"
            + " incidents.integrations"));
        return;
      }
      if (integration.get().kind() != Integration.Kind.PAGERDUTY) {
        invalid(ctx, 400, List.of("Invalid routing key: it belongs to the " + integration.get().kind().label()
            + " integration '" + integration.get().name() + "', whose webhooks go to " + ALERTMANAGER
            + "; configure a pagerduty integration for this sender"));
        return;
      }
    }
    if (!decoded.errors().isEmpty()) {
      invalid(ctx, 400, decoded.errors());
      return;
    }
    Signal signal = decoded.event().orElseThrow().signal(integration.orElseThrow().name());
    IntakeResult result = accept(List.of(signal)).getFirst();
    ctx.status(202);
    ctx.json(new PagerDutySuccess("success", "Event processed", result.dedupKey()));
  }

  private static void invalid(Context ctx, int status, List<String> errors) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Json.MAPPER.writeValueAsString(new PagerDutyInvalid("invalid event", "Event object is invalid", errors)));
  }

  private List<IntakeResult> accept(List<Signal> signals) {
    List<IntakeResult> results = intake.accept(signals);
    if (results.size() != signals.size()) {
      throw new IllegalStateException("the intake answered " + results.size() + " results for " + signals.size()
          + " signals; it must answer one per signal");
    }
    return results;
  }
}
