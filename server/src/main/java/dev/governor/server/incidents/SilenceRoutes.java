package dev.governor.server.incidents;

import dev.governor.incident.IncidentEngine;
import dev.governor.incident.LabelMatcher;
import dev.governor.incident.MaintenanceWindow;
import dev.governor.incident.Silence;
import dev.governor.incident.SilenceId;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.basics.Names;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/silences} (Alertmanager's silences: matchers, a start and an end, who and why)
 * and {@code /api/v1/maintenance-windows} (recurring weekly windows in a time zone). DELETE of a
 * silence expires it, as Alertmanager does, so it stays listed as expired; DELETE of a window
 * removes it.
 */
public final class SilenceRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = IncidentEngine.MAX_SILENCES;
  static final String MATCHERS_EXAMPLE = "[\"service=\\\"checkout\\\"\"]";

  private final IncidentEngine engine;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public SilenceRoutes(IncidentEngine engine, RequestBodies bodies, InstantSource clock) {
    this.engine = engine;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/silences", this::listSilences);
    routes.post("/api/v1/silences", this::createSilence);
    routes.get("/api/v1/silences/{id}", this::getSilence);
    routes.delete("/api/v1/silences/{id}", this::expireSilence);
    routes.get("/api/v1/maintenance-windows", this::listWindows);
    routes.post("/api/v1/maintenance-windows", this::saveWindow);
    routes.delete("/api/v1/maintenance-windows/{name}", this::deleteWindow);
  }

  // ----- silences

  private void listSilences(Context ctx) {
    String state = Optional.ofNullable(ctx.queryParam("state")).orElse("").strip().toLowerCase(Locale.ROOT);
    Set<Silence.State> states = switch (state) {
      case "" -> EnumSet.of(Silence.State.ACTIVE, Silence.State.PENDING);
      case "active" -> EnumSet.of(Silence.State.ACTIVE);
      case "pending" -> EnumSet.of(Silence.State.PENDING);
      case "expired" -> EnumSet.of(Silence.State.EXPIRED);
      case "all" -> EnumSet.allOf(Silence.State.class);
      default -> throw HttpProblem.BadRequest.parameter("state",
          "state must be active, pending, expired or all, got '" + ctx.queryParam("state") + "'", "state=active");
    };
    int limit = limit(ctx);
    Instant now = clock.instant();
    List<Map<String, Object>> silences = engine.silences(states.contains(Silence.State.EXPIRED), MAX_LIMIT).stream()
        .filter(s -> states.contains(s.stateAt(now)))
        .limit(limit)
        .map(s -> view(s, now))
        .toList();
    ctx.json(Map.of("silences", silences));
  }

  private void createSilence(Context ctx) {
    JsonNode body = Bodies.object(ctx, bodies);
    Instant now = clock.instant();
    List<LabelMatcher> matchers = matchers(body);
    Optional<Instant> endsAtField = Bodies.optionalInstant(body, "endsAt");
    Optional<Duration> duration = Bodies.optionalDuration(body, "duration", "2h");
    // The store keeps milliseconds; checking at that precision keeps the engine's own checks quiet.
    Instant startsAt = Bodies.optionalInstant(body, "startsAt").orElse(now).truncatedTo(ChronoUnit.MILLIS);
    if (endsAtField.isPresent() == duration.isPresent()) {
      throw HttpProblem.BadRequest.field("endsAt", "give either endsAt (an RFC 3339 time) or duration (such as 2h),"
          + " exactly one of them", "2026-03-02T12:00:00Z");
    }
    Instant endsAt;
    try {
      endsAt = endsAtField.orElseGet(() -> startsAt.plus(duration.orElseThrow())).truncatedTo(ChronoUnit.MILLIS);
    } catch (java.time.DateTimeException | ArithmeticException beyondTime) {
      endsAt = Instant.MAX;
    }
    if (!dev.governor.incident.Instants.inRange(endsAt)) {
      throw HttpProblem.BadRequest.field(duration.isPresent() ? "duration" : "endsAt",
          "the silence would end " + endsAt + ", after the year 9999; give a shorter duration or an earlier endsAt",
          "2h");
    }
    if (!endsAt.isAfter(startsAt)) {
      throw HttpProblem.BadRequest.field("endsAt", "endsAt (" + endsAt + ") must be after startsAt (" + startsAt + ")",
          startsAt.plus(Duration.ofHours(2)).toString());
    }
    if (!endsAt.isAfter(now)) {
      throw HttpProblem.BadRequest.field("endsAt", "endsAt (" + endsAt + ") has passed; a silence must end in the future",
          now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString());
    }
    // A signed-in person is who silences; a script names them, as before.
    String createdBy = dev.governor.server.access.Requests.isPerson(ctx)
        ? dev.governor.server.access.Requests.actor(ctx, Optional.empty())
        : Bodies.text(body, "createdBy", "who silences", "alice");
    String comment = Bodies.text(body, "comment", "why it silences", "planned failover of the checkout database");
    Silence silence = engine.silence(matchers, startsAt, endsAt, createdBy, comment);
    ctx.status(201);
    ctx.header("Location", "/api/v1/silences/" + silence.id());
    ctx.json(view(silence, now));
  }

  private void getSilence(Context ctx) {
    SilenceId id = silenceId(ctx);
    Silence silence = engine.silenceById(id).orElseThrow(() -> silenceNotFound(id));
    ctx.json(view(silence, clock.instant()));
  }

  private void expireSilence(Context ctx) {
    SilenceId id = silenceId(ctx);
    Silence expired = engine.expireSilence(id).orElseThrow(() -> silenceNotFound(id));
    ctx.json(view(expired, clock.instant()));
  }

  private static SilenceId silenceId(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      return new SilenceId(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("id", e.getMessage(), "5f0c1a9e-3b1d-4c7a-9f44-0a1b2c3d4e5f");
    }
  }

  private static HttpProblem silenceNotFound(SilenceId id) {
    return new HttpProblem.NotFound("no silence has the id '" + id + "'; GET /api/v1/silences?state=all lists them");
  }

  static Map<String, Object> view(Silence s, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", s.id().value());
    json.put("matchers", s.matchers().stream().map(LabelMatcher::toString).toList());
    json.put("startsAt", s.startsAt().toString());
    json.put("endsAt", s.endsAt().toString());
    json.put("createdBy", s.createdBy());
    json.put("comment", s.comment());
    json.put("state", s.stateAt(now).label());
    return json;
  }

  // ----- maintenance windows

  private void listWindows(Context ctx) {
    Instant now = clock.instant();
    ctx.json(Map.of("maintenanceWindows", engine.maintenanceWindows().stream().map(w -> view(w, now)).toList()));
  }

  private void saveWindow(Context ctx) {
    JsonNode body = Bodies.object(ctx, bodies);
    String name = Bodies.text(body, "name", "the window's name", "db-patching");
    if (!Names.isValid(name)) {
      throw HttpProblem.BadRequest.field("name", "the field 'name' must be lowercase letters, digits, '-', '_', '.',"
          + " got '" + name + "'", "db-patching");
    }
    List<LabelMatcher> matchers = matchers(body);
    Set<DayOfWeek> days = days(body);
    LocalTime start = start(Bodies.text(body, "start", "the wall-clock time it starts, HH:MM", "23:00"));
    Duration length = Bodies.optionalDuration(body, "duration", "3h").orElseThrow(() -> HttpProblem.BadRequest.field(
        "duration", "the field 'duration' is required: how long each occurrence lasts, such as 3h", "3h"));
    if (length.compareTo(MaintenanceWindow.LONGEST) > 0) {
      throw HttpProblem.BadRequest.field("duration", "the field 'duration' is at most 7 days (7d), got "
          + dev.governor.text.Durations.format(length), "3h");
    }
    ZoneId zone = zone(Bodies.text(body, "timeZone", "the IANA time zone of start", "Europe/Berlin"));
    String createdBy = dev.governor.server.access.Requests.isPerson(ctx)
        ? dev.governor.server.access.Requests.actor(ctx, Optional.empty())
        : Bodies.text(body, "createdBy", "who sets it up", "alice");
    String comment = Bodies.optionalText(body, "comment", "monthly patching").orElse("");
    boolean created = engine.saveMaintenanceWindow(
        new MaintenanceWindow(name, matchers, days, start, length, zone, createdBy, comment));
    ctx.status(created ? 201 : 200);
    ctx.header("Location", "/api/v1/maintenance-windows");
    ctx.json(view(engine.maintenanceWindows().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(),
        clock.instant()));
  }

  private void deleteWindow(Context ctx) {
    String name = ctx.pathParam("name");
    if (!engine.deleteMaintenanceWindow(name)) {
      throw new HttpProblem.NotFound("no maintenance window named '" + name + "'; GET /api/v1/maintenance-windows lists them");
    }
    ctx.status(204);
  }

  static Map<String, Object> view(MaintenanceWindow w, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", w.name());
    json.put("matchers", w.matchers().stream().map(LabelMatcher::toString).toList());
    json.put("days", w.days().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
    json.put("start", w.start().toString());
    json.put("duration", dev.governor.text.Durations.format(w.length()));
    json.put("timeZone", w.zone().getId());
    json.put("createdBy", w.createdBy());
    json.put("comment", w.comment());
    json.put("activeNow", w.activeAt(now));
    json.put("nextStartsAt", w.nextStart(now).toString());
    return json;
  }

  private static Set<DayOfWeek> days(JsonNode body) {
    List<JsonNode> items = Bodies.array(body, "days", "[\"saturday\", \"sunday\"]");
    if (items.isEmpty()) {
      throw HttpProblem.BadRequest.field("days", "the field 'days' is required: the weekdays it recurs on, e.g."
          + " \"days\": [\"sunday\"]", "[\"sunday\"]");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (JsonNode item : items) {
      String text = item.isString() ? item.asString().strip().toUpperCase(Locale.ROOT) : "";
      DayOfWeek day = null;
      for (DayOfWeek d : DayOfWeek.values()) {
        if (!text.isEmpty() && (d.name().equals(text) || d.name().startsWith(text) && text.length() == 3)) day = d;
      }
      if (day == null) {
        throw HttpProblem.BadRequest.field("days", "the field 'days' holds weekdays such as monday or mon, got " + item,
            "[\"sunday\"]");
      }
      days.add(day);
    }
    return days;
  }

  private static LocalTime start(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw HttpProblem.BadRequest.field("start", "the field 'start' is a wall-clock time HH:MM such as 23:00, got '"
          + text + "'", "23:00");
    }
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw HttpProblem.BadRequest.field("timeZone", "the field 'timeZone' is an IANA time zone such as Europe/Berlin"
          + " or UTC, got '" + text + "'", "Europe/Berlin");
    }
  }

  // ----- shared

  /**
   * Matchers as Alertmanager writes them ({@code "service=~\"checkout|cart\""}) or as its API v2
   * sends them ({@code {"name": "service", "value": "checkout|cart", "isRegex": true, "isEqual": true}}).
   */
  static List<LabelMatcher> matchers(JsonNode body) {
    List<JsonNode> items = Bodies.array(body, "matchers", MATCHERS_EXAMPLE);
    if (items.isEmpty()) {
      throw HttpProblem.BadRequest.field("matchers", "the field 'matchers' is required: which alerts, e.g."
          + " \"matchers\": " + MATCHERS_EXAMPLE, MATCHERS_EXAMPLE);
    }
    List<LabelMatcher> matchers = new ArrayList<>();
    for (JsonNode item : items) {
      try {
        if (item.isString()) {
          matchers.add(LabelMatcher.parse(item.asString()));
        } else if (item.isObject() && item.path("name").isString() && item.path("value").isString()) {
          boolean regex = item.path("isRegex").asBoolean(false);
          boolean equal = item.path("isEqual").asBoolean(true);
          LabelMatcher.Op op = regex ? (equal ? LabelMatcher.Op.REGEX : LabelMatcher.Op.NOT_REGEX)
              : (equal ? LabelMatcher.Op.EQUAL : LabelMatcher.Op.NOT_EQUAL);
          matchers.add(new LabelMatcher(item.path("name").asString(), op, item.path("value").asString()));
        } else {
          throw new IllegalArgumentException("a matcher is a string such as service=\"checkout\" or an object with"
              + " name, value, isRegex and isEqual, got " + item);
        }
      } catch (IllegalArgumentException e) {
        // The matcher's own check says what is wrong with the value it was given.
        throw HttpProblem.BadRequest.field("matchers", "the field 'matchers' holds a bad matcher: " + e.getMessage(),
            MATCHERS_EXAMPLE);
      }
    }
    if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
      throw HttpProblem.BadRequest.field("matchers", "the matchers " + matchers + " would match every alert; at least"
          + " one must not match an empty value, such as service=\"checkout\"", MATCHERS_EXAMPLE);
    }
    return matchers;
  }

  private static int limit(Context ctx) {
    return QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  }
}
