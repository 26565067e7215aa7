package dev.governor.server.ui;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentState;
import dev.governor.incident.SignalLink;
import dev.governor.incident.TimelineEntry;
import dev.governor.oncall.EscalationLevel;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.EscalationTarget;
import dev.governor.oncall.FinalSchedule;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.Shift;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.server.ui.Views.Time;
import dev.governor.slo.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the incident and on-call pages show, computed here so the templates only lay it out. As in
 * {@link Views}, text that senders and users wrote goes to the templates as it is: they escape it.
 */
public final class IncidentViews {

  /** How far ahead the on-call page shows each schedule's shifts. */
  static final Duration SHIFTS_AHEAD = Duration.ofDays(14);
  /** Colours the bar cycles through, one per person of a schedule (app.css .c0 … .c5). */
  static final int COLOURS = 6;

  private IncidentViews() {}

  /** The CSS class of a severity's badge: the overview's page red for the worst two, ticket amber, grey. */
  static String severityClass(String severity) {
    return switch (severity) {
      case "critical", "error" -> "page";
      case "warning" -> "ticket";
      default -> "nodata";
    };
  }

  // ---- the list

  public record IncidentRow(long id, String title, String state, String severity, String severityCss,
      List<String> services, Time opened, String toAck, String toResolve, boolean open) {

    static IncidentRow of(Incident i, Instant now) {
      String open = "open for " + Format.elapsed(Duration.between(i.openedAt(), now));
      return new IncidentRow(i.id().number(), i.title(), i.state().label(), i.severity().label(),
          severityClass(i.severity().label()), i.services(), Time.of(i.openedAt()),
          i.timeToAcknowledge().map(Format::elapsed).orElse(i.isOpen() ? "not yet" : "–"),
          i.timeToResolve().map(Format::elapsed).orElse(open), i.isOpen());
    }
  }

  /** The filter as the page offers it: a state of {@link #STATES} (empty for any) and a service. */
  public record IncidentFilter(String state, String service) {
    static final List<String> STATES = List.of("open", "triggered", "acknowledged", "resolved");

    public IncidentFilter {
      // Values the selects did not offer (a hand-edited URL) fall back to "any", as on the DORA page.
      if (!STATES.contains(state)) state = "";
    }

    public String query() {
      StringBuilder q = new StringBuilder();
      if (!state.isEmpty()) q.append("&state=").append(state);
      if (!service.isEmpty()) q.append("&service=").append(UiRoutes.encode(service));
      return q.isEmpty() ? "" : "?" + q.substring(1);
    }

    public boolean active() {
      return !state.isEmpty() || !service.isEmpty();
    }

    public List<String> states() {
      return STATES;
    }
  }

  public record IncidentsPage(boolean none, List<IncidentRow> open, List<IncidentRow> recent, List<String> services,
      IncidentFilter filter, Time at) {

    public long unacknowledged() {
      return open.stream().filter(i -> i.state().equals(IncidentState.TRIGGERED.label())).count();
    }
  }

  /** {@code open} first (newest first), then {@code recent} closed ones. */
  static IncidentsPage incidents(boolean none, List<Incident> open, List<Incident> recent, List<String> services,
      IncidentFilter filter, Instant now) {
    return new IncidentsPage(none, open.stream().map(i -> IncidentRow.of(i, now)).toList(),
        recent.stream().map(i -> IncidentRow.of(i, now)).toList(), services, filter, Time.of(now));
  }

  // ---- one incident

  public record SloLink(String name, boolean known) {}

  public record Role(String role, String person) {}

  public record Link(String href, String text) {}

  public record AlertItem(String severity, String severityCss, String state, String suppression, String summary,
      String integration, String source, String dedupKey, List<String> labels, List<Link> links, Time started,
      Time lastSeen, Time resolved) {}

  public record Entry(Time at, String kind, String actor, String text) {}

  public record IncidentPage(long id, String title, String state, String severity, String severityCss,
      List<String> services, List<SloLink> slos, List<Role> roles, Time opened, Time acknowledged,
      String acknowledgedBy, Time resolved, String resolvedBy, String toAck, String toResolve, int reopenCount,
      boolean open, List<AlertItem> alerts, List<Entry> timeline, String postmortemUrl, Time at) {}

  static IncidentPage incident(IncidentDetail detail, Predicate<String> sloExists, Instant now) {
    Incident i = detail.incident();
    IncidentRow row = IncidentRow.of(i, now);
    List<AlertItem> alerts = new ArrayList<>();
    for (IncidentAlert a : detail.alerts()) {
      alerts.add(new AlertItem(a.severity().label(), severityClass(a.severity().label()), a.state().label(),
          a.suppression().map(s -> s.kind().label() + " by " + s.by()).orElse(""), a.summary(), a.integration(),
          a.source().name().toLowerCase(Locale.ROOT), a.dedupKey(),
          a.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList(),
          links(a.links()), Time.of(a.startedAt()), Time.of(a.lastSeen()), a.resolvedAt().map(Time::of).orElse(null)));
    }
    List<Entry> timeline = new ArrayList<>();
    for (TimelineEntry e : detail.timeline()) timeline.add(new Entry(Time.of(e.at()), e.kind().label(), e.actor(), e.text()));
    return new IncidentPage(i.id().number(), i.title(), i.state().label(), i.severity().label(),
        row.severityCss(), i.services(), i.slos().stream().map(s -> new SloLink(s, sloExists.test(s))).toList(),
        i.sortedRoles().entrySet().stream().map(e -> new Role(e.getKey(), e.getValue())).toList(),
        Time.of(i.openedAt()), i.acknowledgedAt().map(Time::of).orElse(null), i.acknowledgedBy().orElse(""),
        i.resolvedAt().map(Time::of).orElse(null), i.resolvedBy().orElse(""), row.toAck(), row.toResolve(),
        i.reopenCount(), i.state() != IncidentState.RESOLVED, alerts, timeline,
        "/api/v1/incidents/" + i.id().number() + "/postmortem", Time.of(now));
  }

  /**
   * Only http and https links of a sender become links: a {@code javascript:} URL from an alert
   * payload must not run in an on-call engineer's session when clicked.
   */
  private static List<Link> links(List<SignalLink> links) {
    List<Link> out = new ArrayList<>();
    for (SignalLink l : links) {
      String scheme = Optional.ofNullable(l.href().getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) continue;
      String text = l.text() == null || l.text().isBlank() ? l.href().toString() : l.text();
      out.add(new Link(l.href().toString(), text));
    }
    return out;
  }

  // ---- on call

  /**
   * One shift on the schedule's bar: {@code x} and {@code width} in per mille of the range shown,
   * since the bar is an SVG drawn by attributes (the CSP allows no style attribute).
   */
  public record ShiftItem(String user, String label, Time start, Time end, String length, int x, int width,
      String colour, boolean now) {}

  public record ScheduleCard(String name, String zone, String onCall, Time until, List<ShiftItem> shifts,
      List<String> gaps, String ical) {}

  public record LevelItem(int number, String after, List<String> targets) {}

  public record PolicyCard(String name, String covers, List<LevelItem> levels, String repeat) {}

  public record OnCallPage(boolean empty, List<ScheduleCard> schedules, List<PolicyCard> policies, Time at,
      Time until) {}

  static OnCallPage onCall(OnCallSnapshot oncall, Instant now) {
    Instant until = now.plus(SHIFTS_AHEAD);
    List<ScheduleCard> schedules = new ArrayList<>();
    for (Schedule s : oncall.schedules().values()) {
      List<UserName> people = new ArrayList<>(s.users());
      FinalSchedule ahead = s.shifts(now, until);
      List<ShiftItem> shifts = new ArrayList<>();
      for (Shift sh : ahead.shifts()) {
        int x = perMille(Duration.between(now, sh.start()));
        int end = perMille(Duration.between(now, sh.end()));
        int index = people.indexOf(sh.user());
        shifts.add(new ShiftItem(sh.user().value(), label(oncall, sh.user()), Time.of(sh.start()), Time.of(sh.end()),
            Format.elapsed(sh.length()), x, Math.max(1, end - x), "c" + Math.floorMod(index, COLOURS), sh.covers(now)));
      }
      Optional<ShiftItem> current = shifts.stream().filter(ShiftItem::now).findFirst();
      List<String> gaps = ahead.gaps().stream()
          .map(g -> Format.utc(g.start()) + " – " + Format.utc(g.end()) + " (" + Format.elapsed(Duration.between(g.start(), g.end())) + ")")
          .toList();
      schedules.add(new ScheduleCard(s.name().value(), s.zone().getId(), current.map(ShiftItem::label).orElse(""),
          current.map(ShiftItem::end).filter(e -> !e.iso().equals(until.toString())).orElse(null), shifts, gaps,
          "/api/v1/schedules/" + s.name().value() + "/ical"));
    }
    List<PolicyCard> policies = new ArrayList<>();
    for (EscalationPolicy p : oncall.policies().values()) {
      List<LevelItem> levels = new ArrayList<>();
      for (int n = 0; n < p.levels().size(); n++) {
        EscalationLevel level = p.levels().get(n);
        levels.add(new LevelItem(n + 1, level.after().isZero() ? "right away"
            : Format.elapsed(level.after()) + " after " + (n == 0 ? "the incident starts paging" : "level " + n),
            level.targets().stream().map(t -> switch (t) {
              case EscalationTarget.ScheduleTarget st -> "whoever is on call in " + st.schedule().value();
              case EscalationTarget.UserTarget ut -> label(oncall, ut.user());
            }).toList()));
      }
      List<String> services = p.services().stream().map(ServiceName::value).sorted().toList();
      String covers = services.isEmpty() ? "every service no other policy names"
          : String.join(", ", services) + (p.isDefault() ? ", and every service no other policy names" : "");
      String repeat = p.repeat() == 0 ? "once, no repeats"
          : p.rounds() + " rounds, the next " + Format.elapsed(p.repeatAfter()) + " after the last level";
      policies.add(new PolicyCard(p.name().value(), covers, levels, repeat));
    }
    return new OnCallPage(schedules.isEmpty() && policies.isEmpty(), schedules, policies, Time.of(now), Time.of(until));
  }

  private static int perMille(Duration fromStart) {
    return (int) Math.clamp(fromStart.toSeconds() * 1000 / SHIFTS_AHEAD.toSeconds(), 0, 1000);
  }

  /** "Alice Andersen (alice)", or the bare name of a user who has no display name (or is gone). */
  private static String label(OnCallSnapshot oncall, UserName name) {
    return oncall.user(name).map(User::label).filter(l -> !l.equals(name.value()))
        .map(l -> l + " (" + name.value() + ")").orElse(name.value());
  }

  /**
   * An alert's labels ("k=v") as silence matchers, one a line, URL-encoded for the silences page's
   * form: {@code service="checkout"}.
   */
  public static String matchersOf(List<String> labels) {
    String lines = String.join("\n", labels.stream().map(l -> {
      int eq = l.indexOf('=');
      return l.substring(0, eq) + "=\"" + l.substring(eq + 1).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }).toList());
    return java.net.URLEncoder.encode(lines, java.nio.charset.StandardCharsets.UTF_8);
  }
}
