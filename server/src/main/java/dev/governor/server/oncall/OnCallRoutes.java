package dev.governor.server.oncall;

import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.EscalationPolicyName;
import dev.governor.oncall.FinalSchedule;
import dev.governor.oncall.ICalFeed;
import dev.governor.oncall.OnCallDocument;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.ScheduleName;
import dev.governor.oncall.Shift;
import dev.governor.oncall.ShiftSource;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.QueryParams;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.oncall.OnCallViews.OnCallView;
import dev.governor.basics.Names;
import dev.governor.slo.SpecProblem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * On-call over HTTP: {@code POST /api/v1/oncall} applies User, Schedule and EscalationPolicy YAML,
 * all or nothing; users, schedules and escalation policies are read and deleted each under their
 * own path; a schedule answers who is on call at an instant, its final schedule over a range, and
 * an iCalendar feed.
 *
 * <p>The feeds are plain GETs, and reads need no token (see {@code BearerAuth}), so a calendar app
 * can subscribe to {@code /api/v1/schedules/primary/ical} by its URL alone.
 */
public final class OnCallRoutes {

  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

  /** The longest range a final schedule or feed is computed for: a year, and some. */
  static final Duration MAX_RANGE = Duration.ofDays(400);
  static final Duration DEFAULT_RANGE = Duration.ofDays(14);
  /** What a subscribed calendar shows: the last two weeks and the next three months. */
  static final Duration FEED_PAST = Duration.ofDays(14);
  static final Duration FEED_FUTURE = Duration.ofDays(90);
  /** How far ahead "until" looks for the end of the shift on call now. */
  static final Duration UNTIL_HORIZON = Duration.ofDays(35);
  /** Instants outside these years are typos, and far enough out the calendar arithmetic overflows. */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

  static final String CALENDAR = "text/calendar; charset=utf-8";

  private final StoredOnCall oncall;
  private final RequestBodies bodies;
  private final InstantSource clock;

  public OnCallRoutes(StoredOnCall oncall, RequestBodies bodies, InstantSource clock) {
    this.oncall = oncall;
    this.bodies = bodies;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/oncall", this::apply);
    routes.get("/api/v1/oncall", this::whoIsOnCall);
    routes.get("/api/v1/users", this::users);
    routes.get("/api/v1/users/{name}", this::user);
    routes.delete("/api/v1/users/{name}", ctx -> delete(ctx, OnCallKind.USER, "user"));
    routes.get("/api/v1/users/{name}/ical", this::userFeed);
    routes.get("/api/v1/schedules", this::schedules);
    routes.get("/api/v1/schedules/{name}", this::schedule);
    routes.delete("/api/v1/schedules/{name}", ctx -> delete(ctx, OnCallKind.SCHEDULE, "schedule"));
    routes.get("/api/v1/schedules/{name}/oncall", this::scheduleOnCall);
    routes.get("/api/v1/schedules/{name}/ical", this::scheduleFeed);
    routes.get("/api/v1/escalation-policies", this::policies);
    routes.get("/api/v1/escalation-policies/{name}", this::policy);
    routes.delete("/api/v1/escalation-policies/{name}", ctx -> delete(ctx, OnCallKind.ESCALATION_POLICY, "escalation policy"));
  }

  private void apply(Context ctx) {
    RequestBodies.requireMediaType(ctx, YAML);
    String file = Optional.ofNullable(ctx.queryParam("file")).filter(f -> !f.isBlank()).orElse("request.yaml");
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bodies.read(ctx))).toString();
    } catch (CharacterCodingException e) {
      throw invalid(List.of(new SpecProblem(file, 1, "", 0, "the body is not UTF-8 text; save the file as UTF-8")));
    }
    switch (oncall.apply(file, text, clock.instant(), "true".equals(ctx.queryParam("dryRun")))) {
      case StoredOnCall.ApplyOutcome.Invalid invalid -> throw invalid(invalid.problems());
      case StoredOnCall.ApplyOutcome.Applied applied -> ctx.json(new OnCallViews.ApplyResponse(applied.results().stream()
          .map(r -> new OnCallViews.AppliedView(r.kind().kind(), r.name(), r.result())).toList()));
    }
  }

  private static HttpProblem invalid(List<SpecProblem> problems) {
    return new HttpProblem.InvalidDocument(problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the on-call documents; nothing was applied. Fix them and apply again.", problems);
  }

  private void delete(Context ctx, OnCallKind kind, String what) {
    String name = ctx.pathParam("name");
    if (!Names.isValid(name)) throw notFound(what, name, kind);
    switch (oncall.delete(kind, name)) {
      case StoredOnCall.DeleteOutcome.Deleted d -> ctx.status(204);
      case StoredOnCall.DeleteOutcome.Absent a -> throw notFound(what, name, kind);
      case StoredOnCall.DeleteOutcome.Referenced r -> throw new HttpProblem.Conflict(what + " " + name
          + " is still named by " + String.join(", ", r.referrers()) + "; change or delete "
          + (r.referrers().size() == 1 ? "it" : "them") + " first, then delete " + name, List.of());
    }
  }

  // ---- users

  private void users(Context ctx) {
    StoredOnCall.Read read = oncall.read();
    ctx.json(new OnCallViews.UserList(read.snapshot().users().values().stream()
        .map(u -> OnCallViews.user(u, read.snapshot(), appliedAt(read, OnCallKind.USER, u.resourceName()))).toList()));
  }

  private void user(Context ctx) {
    StoredOnCall.Read read = oncall.read();
    User user = user(ctx, read.snapshot());
    ctx.json(OnCallViews.user(user, read.snapshot(), appliedAt(read, OnCallKind.USER, user.resourceName())));
  }

  private void userFeed(Context ctx) {
    OnCallSnapshot snapshot = oncall.snapshot();
    User user = user(ctx, snapshot);
    Range range = range(ctx, FEED_PAST, FEED_FUTURE);
    calendar(ctx, user.name().value(), ICalFeed.forUser(user, snapshot.schedules().values(), range.from, range.to, clock.instant()));
  }

  private static User user(Context ctx, OnCallSnapshot snapshot) {
    String name = ctx.pathParam("name");
    if (!Names.isValid(name)) throw notFound("user", name, OnCallKind.USER);
    return snapshot.user(UserName.of(name)).orElseThrow(() -> notFound("user", name, OnCallKind.USER));
  }

  // ---- schedules

  private void schedules(Context ctx) {
    StoredOnCall.Read read = oncall.read();
    Instant now = clock.instant();
    ctx.json(new OnCallViews.ScheduleList(read.snapshot().schedules().values().stream()
        .map(s -> new OnCallViews.ScheduleSummary(s.name().value(), s.zone().getId(),
            s.layers().stream().map(OnCallViews::layer).toList(), OnCallViews.overrides(s),
            onCall(s, now, read.snapshot()), appliedAt(read, OnCallKind.SCHEDULE, s.resourceName())))
        .toList()));
  }

  private void schedule(Context ctx) {
    StoredOnCall.Read read = oncall.read();
    Schedule s = schedule(ctx, read.snapshot());
    Range range = range(ctx, Duration.ZERO, DEFAULT_RANGE);
    Optional<OnCallDocument> stored = read.document(OnCallKind.SCHEDULE, s.resourceName());
    ctx.json(new OnCallViews.ScheduleDetail(s.name().value(), s.zone().getId(),
        s.layers().stream().map(OnCallViews::layer).toList(), OnCallViews.overrides(s),
        OnCallViews.finalSchedule(s.shifts(range.from, range.to), read.snapshot()),
        stored.map(OnCallDocument::appliedAt).orElse(null), stored.map(OnCallDocument::source).orElse(null)));
  }

  private void scheduleOnCall(Context ctx) {
    OnCallSnapshot snapshot = oncall.snapshot();
    Schedule s = schedule(ctx, snapshot);
    ctx.json(onCall(s, instant(ctx, "at").orElse(clock.instant()), snapshot));
  }

  private void scheduleFeed(Context ctx) {
    OnCallSnapshot snapshot = oncall.snapshot();
    Schedule s = schedule(ctx, snapshot);
    Range range = range(ctx, FEED_PAST, FEED_FUTURE);
    Function<UserName, String> label = u -> snapshot.user(u).map(User::label).orElse(u.value());
    calendar(ctx, s.name().value(), ICalFeed.forSchedule(s, range.from, range.to, label, clock.instant()));
  }

  private void whoIsOnCall(Context ctx) {
    OnCallSnapshot snapshot = oncall.snapshot();
    Instant at = instant(ctx, "at").orElse(clock.instant());
    ctx.json(new OnCallViews.OnCallList(at, snapshot.schedules().values().stream().map(s -> onCall(s, at, snapshot)).toList()));
  }

  /** Who is on call in {@code s} at {@code at}, and until when, if that is within {@link #UNTIL_HORIZON}. */
  private static OnCallView onCall(Schedule s, Instant at, OnCallSnapshot snapshot) {
    FinalSchedule ahead = s.shifts(at, at.plus(UNTIL_HORIZON));
    Optional<Shift> now = ahead.shifts().stream().findFirst().filter(sh -> sh.covers(at));
    return new OnCallView(s.name().value(), at, now.map(sh -> sh.user().value()).orElse(null),
        now.map(sh -> OnCallViews.displayName(sh.user(), snapshot)).orElse(null),
        now.map(Shift::end).filter(end -> end.isBefore(ahead.to())).orElse(null),
        now.map(sh -> sh.sources().stream().map(ShiftSource::label).toList()).orElse(List.of()));
  }

  private static Schedule schedule(Context ctx, OnCallSnapshot snapshot) {
    String name = ctx.pathParam("name");
    if (!Names.isValid(name)) throw notFound("schedule", name, OnCallKind.SCHEDULE);
    return snapshot.schedule(ScheduleName.of(name)).orElseThrow(() -> notFound("schedule", name, OnCallKind.SCHEDULE));
  }

  // ---- escalation policies

  private void policies(Context ctx) {
    StoredOnCall.Read read = oncall.read();
    ctx.json(new OnCallViews.PolicyList(read.snapshot().policies().values().stream().map(p -> policyView(read, p)).toList()));
  }

  private void policy(Context ctx) {
    StoredOnCall.Read read = oncall.read();
    String name = ctx.pathParam("name");
    if (!Names.isValid(name)) throw notFound("escalation policy", name, OnCallKind.ESCALATION_POLICY);
    EscalationPolicy p = read.snapshot().policy(EscalationPolicyName.of(name))
        .orElseThrow(() -> notFound("escalation policy", name, OnCallKind.ESCALATION_POLICY));
    ctx.json(policyView(read, p));
  }

  private static OnCallViews.PolicyView policyView(StoredOnCall.Read read, EscalationPolicy p) {
    Optional<OnCallDocument> stored = read.document(OnCallKind.ESCALATION_POLICY, p.resourceName());
    return OnCallViews.policy(p, stored.map(OnCallDocument::appliedAt).orElse(null), stored.map(OnCallDocument::source).orElse(null));
  }

  // ---- shared

  private static Instant appliedAt(StoredOnCall.Read read, OnCallKind kind, String name) {
    return read.document(kind, name).map(OnCallDocument::appliedAt).orElse(null);
  }

  private static HttpProblem notFound(String what, String name, OnCallKind kind) {
    String list = switch (kind) {
      case USER -> "/api/v1/users";
      case SCHEDULE -> "/api/v1/schedules";
      case ESCALATION_POLICY -> "/api/v1/escalation-policies";
    };
    return new HttpProblem.NotFound("there is no " + what + " named '" + name + "'; GET " + list + " lists them");
  }

  private static void calendar(Context ctx, String name, String feed) {
    ctx.contentType(CALENDAR);
    ctx.header("Content-Disposition", "inline; filename=\"" + name + ".ics\"");
    ctx.result(feed);
  }

  private record Range(Instant from, Instant to) {}

  /** {@code from} and {@code to} from the query, each defaulting around now; at most {@link #MAX_RANGE} apart. */
  private Range range(Context ctx, Duration pastByDefault, Duration futureByDefault) {
    Instant now = clock.instant();
    Optional<Instant> givenFrom = instant(ctx, "from");
    Optional<Instant> givenTo = instant(ctx, "to");
    Instant from = givenFrom.orElseGet(() -> givenTo.map(t -> t.minus(pastByDefault.plus(futureByDefault))).orElse(now.minus(pastByDefault)));
    Instant to = givenTo.orElse(from.plus(pastByDefault.plus(futureByDefault)));
    if (!to.isAfter(from)) {
      throw HttpProblem.BadRequest.parameter("to", "to must lie after from, got from=" + from + " to=" + to,
          "to=" + from.plus(DEFAULT_RANGE));
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw HttpProblem.BadRequest.parameter("to", "from and to may be at most " + MAX_RANGE.toDays()
          + " days apart, got " + Duration.between(from, to).toDays() + " days; ask for a year at a time",
          "to=" + from.plus(Duration.ofDays(365)));
    }
    return new Range(from, to);
  }

  /** An RFC 3339 query parameter, past or future, or empty when absent. */
  static Optional<Instant> instant(Context ctx, String parameter) {
    Optional<Instant> at = QueryParams.instant(ctx, parameter);
    if (at.isPresent() && (at.get().isBefore(EARLIEST) || !at.get().isBefore(LATEST))) {
      throw HttpProblem.BadRequest.parameter(parameter, parameter + " must lie between " + EARLIEST + " and " + LATEST
          + ", got " + at.get(), parameter + "=2026-03-02T10:00:00Z");
    }
    return at;
  }
}
