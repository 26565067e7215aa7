package dev.governor.server.access;

import dev.governor.access.AuditLog;
import dev.governor.access.AuditRecord;
import dev.governor.access.SessionStore;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentOutcome;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One-click acknowledge from a page: {@code GET /ack/{id}?t=...} shows what will happen and a
 * button; {@code POST /ack/{id}} (the same token in the form) acknowledges as the person the link
 * was made for, with no sign-in. The GET changes nothing, since mail scanners and chat unfurlers
 * open every link they see. The signed token is the credential: it names the incident, the person
 * and an expiry; it works once (the store remembers its hash) and for that incident only.
 */
public final class AckRoutes {

  private final AckLinks links;
  private final SessionStore ledger;
  private final AuditLog audit;
  private final Supplier<IncidentEngine> incidents;
  private final InstantSource clock;
  private final BiConsumer<Context, Map<String, Object>> render;

  public AckRoutes(AckLinks links, SessionStore ledger, AuditLog audit, Supplier<IncidentEngine> incidents,
      InstantSource clock, BiConsumer<Context, Map<String, Object>> render) {
    this.links = links;
    this.ledger = ledger;
    this.audit = audit;
    this.incidents = incidents;
    this.clock = clock;
    this.render = render;
  }

  public void register(RoutesConfig routes) {
    routes.get("/ack/{id}", this::confirm);
    routes.post("/ack/{id}", this::acknowledge);
  }

  private void confirm(Context ctx) {
    Optional<AckLinks.Result.Valid> valid = check(ctx, ctx.queryParam("t"));
    if (valid.isEmpty()) return;
    Map<String, Object> model = model(valid.get(), ctx.queryParam("t"));
    model.put("state", "confirm");
    incidents.get().get(new IncidentId(valid.get().incident())).ifPresent(d -> model.put("title", d.incident().title()));
    render.accept(ctx, model);
  }

  private void acknowledge(Context ctx) {
    String token = ctx.formParam("t");
    Optional<AckLinks.Result.Valid> valid = check(ctx, token);
    if (valid.isEmpty()) return;
    AckLinks.Result.Valid link = valid.get();
    Map<String, Object> model = model(link, "");
    if (!ledger.useLink(link.linkHash(), clock.instant())) {
      refuse(ctx, 409, "This link was used already. Open the incident to see who acknowledged it.", link.incident());
      return;
    }
    IncidentOutcome outcome = incidents.get().acknowledge(new IncidentId(link.incident()), link.person());
    switch (outcome) {
      case IncidentOutcome.Applied applied -> {
        model.put("state", applied.changed() ? "done" : "already");
        model.put("title", applied.incident().title());
        audit.record(new AuditRecord(0, clock.instant(), link.person(), "incident.acknowledge",
            "incidents/" + link.incident(), Optional.empty(), "one-click link from a page"));
        render.accept(ctx, model);
      }
      case IncidentOutcome.NotFound notFound -> refuse(ctx, 404, "There is no incident #" + link.incident() + ".", link.incident());
      case IncidentOutcome.Refused refused -> refuse(ctx, 409, "Not acknowledged: " + refused.reason(), link.incident());
    }
  }

  private Optional<AckLinks.Result.Valid> check(Context ctx, String token) {
    long incident;
    try {
      incident = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      refuse(ctx, 400, "This link is broken: the incident number is not a number.", 0);
      return Optional.empty();
    }
    if (token == null || token.isEmpty()) {
      refuse(ctx, 400, "This link is incomplete: its token is missing. Copy the whole link from the page.", incident);
      return Optional.empty();
    }
    return switch (links.verify(token, incident)) {
      case AckLinks.Result.Valid v -> Optional.of(v);
      case AckLinks.Result.Invalid invalid -> {
        refuse(ctx, 403, "This link does not work: " + invalid.why() + ".", incident);
        yield Optional.empty();
      }
    };
  }

  private Map<String, Object> model(AckLinks.Result.Valid link, String token) {
    Map<String, Object> model = new HashMap<>();
    model.put("id", link.incident());
    model.put("person", link.person());
    model.put("token", token);
    model.put("title", "");
    model.put("message", "");
    return model;
  }

  private void refuse(Context ctx, int status, String message, long incident) {
    Map<String, Object> model = new HashMap<>();
    model.put("id", incident);
    model.put("person", "");
    model.put("token", "");
    model.put("title", "");
    model.put("state", "refused");
    model.put("message", message);
    ctx.status(status);
    render.accept(ctx, model);
  }
}
