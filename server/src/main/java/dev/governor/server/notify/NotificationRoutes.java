package dev.governor.server.notify;

import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/notifications}: the outbox, newest first. {@code POST
 * /api/v1/notifications/test}: queues a test notification to a channel given in the body, as a
 * contact point's "Test" button does, and answers 202 with its idempotency key before it is sent;
 * the outbox tells how it went.
 */
public final class NotificationRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final NotificationDispatcher dispatcher;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public NotificationRoutes(NotificationDispatcher dispatcher, RequestBodies bodies, InstantSource clock) {
    this.dispatcher = dispatcher;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/notifications", this::list);
    routes.post("/api/v1/notifications/test", this::test);
  }

  record NotificationList(List<NotificationView> notifications) {}

  private void list(Context ctx) {
    String key = Optional.ofNullable(ctx.queryParam("key")).orElse("");
    List<NotificationView> views = dispatcher.outbox().list(state(ctx), key, limit(ctx)).stream()
        .map(NotificationView::of)
        .toList();
    ctx.json(new NotificationList(views));
  }

  private static Optional<DeliveryState> state(Context ctx) {
    String state = ctx.queryParam("state");
    if (state == null || state.isEmpty()) return Optional.empty();
    return Optional.of(DeliveryState.ofLabel(state).orElseThrow(() -> HttpProblem.BadRequest.parameter(
        "state", "state must be pending, delivered or failed, got '" + state + "'", "state=failed")));
  }

  private static int limit(Context ctx) {
    return QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  }

  private void test(Context ctx) {
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(bodies.read(ctx));
    } catch (JacksonException e) {
      throw new HttpProblem.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new HttpProblem.BadRequest("the body must be a JSON object such as"
          + " {\"channel\": {\"type\": \"webhook\", \"url\": \"https://hooks.example.com/governor\"}}");
    }
    Channel channel = channel(body.get("channel"));
    NotificationKey key = key(body.get("idempotencyKey"));
    Instant now = clock.instant();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("channel", channel.describe());
    Message message = new Message("test", "Test notification from Governor",
        "This is a test of the channel " + channel.describe() + ", sent by Governor at " + now
            + ". If you can read it, Governor reaches this channel.",
        fields, List.of());
    boolean created = dispatcher.enqueue(new Notification(key, channel, message, now));

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("idempotencyKey", key.value());
    json.put("created", created);
    json.put("channel", channel.describe());
    ctx.status(HttpStatus.ACCEPTED);
    ctx.header("Location", "/api/v1/notifications?key=" + URLEncoder.encode(key.value(), StandardCharsets.UTF_8));
    ctx.json(json);
  }

  /** The caller's key, to make a repeated test idempotent, or a new one. */
  private static NotificationKey key(JsonNode node) {
    if (node == null || node.isNull()) return NotificationKey.of("test/" + UUID.randomUUID());
    if (!node.isString()) throw field("idempotencyKey", "must be a string, got " + node);
    try {
      return NotificationKey.of(node.asString());
    } catch (IllegalArgumentException e) {
      throw field("idempotencyKey", "is invalid: " + e.getMessage());
    }
  }

  private Channel channel(JsonNode node) {
    if (node == null || node.isNull()) {
      throw field("channel", "is required, e.g. \"channel\": {\"type\": \"webhook\", \"url\": \"https://hooks.example.com/governor\"}");
    }
    if (!node.isObject()) throw field("channel", "must be an object with a type, got " + node);
    String type = text(node, "type").orElseThrow(() -> field("channel.type", "is required: webhook, slack or email"));
    return switch (type) {
      case "webhook" -> {
        URI url = url(node);
        Optional<String> secret = text(node, "secret");
        yield build("channel.url", () -> new Channel.Webhook(url, secret));
      }
      case "slack" -> {
        URI url = url(node);
        yield build("channel.url", () -> new Channel.Slack(url));
      }
      case "email" -> {
        if (!dispatcher.emailConfigured()) {
          throw field("channel.type", "is email, but this server has no SMTP server to send it through;"
              + " set notifications.smtp.host (GOVERNOR_SMTP_HOST) and notifications.smtp.from");
        }
        String address = text(node, "address").orElseThrow(
            () -> field("channel.address", "is required for an email channel, e.g. \"address\": \"oncall@example.com\""));
        try {
          // Stricter than the channel's own check: what the SMTP client will accept when it sends.
          new InternetAddress(address, true).validate();
        } catch (AddressException e) {
          throw field("channel.address", "is not an address an email can be sent to: " + e.getMessage());
        }
        yield build("channel.address", () -> new Channel.Email(address));
      }
      default -> throw field("channel.type", "must be webhook, slack or email, got '" + type + "'");
    };
  }

  private static URI url(JsonNode channel) {
    String text = text(channel, "url").orElseThrow(
        () -> field("channel.url", "is required, e.g. \"url\": \"https://hooks.example.com/governor\""));
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw field("channel.url", "is not a URL: " + e.getMessage());
    }
  }

  /** The channel's own checks say what is wrong with the value; nothing else may throw here. */
  private static Channel build(String field, Supplier<Channel> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw field(field, "is invalid: " + e.getMessage());
    }
  }

  private static Optional<String> text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isString()) throw field("channel." + name, "must be a string, got " + value);
    return Optional.of(value.asString()).filter(s -> !s.isEmpty());
  }

  private static HttpProblem.BadRequest field(String name, String detail) {
    return new HttpProblem.BadRequest("the field '" + name + "' " + detail);
  }
}
