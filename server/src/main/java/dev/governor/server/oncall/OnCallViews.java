package dev.governor.server.oncall;

import dev.governor.notify.Channel;
import dev.governor.oncall.EscalationLevel;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.EscalationTarget;
import dev.governor.oncall.FinalSchedule;
import dev.governor.oncall.Layer;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.Restriction;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.ScheduleOverride;
import dev.governor.oncall.Shift;
import dev.governor.oncall.ShiftSource;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.text.Durations;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shapes of the on-call API. Built from the parsed resources, never from the stored text
 * of a User, which holds the secrets of its webhooks: a contact shows where it goes and whether it is
 * signed, nothing more.
 */
final class OnCallViews {

  private OnCallViews() {}

  record ContactView(String type, String target, boolean signed) {}

  record UserView(String name, String displayName, String timeZone, List<ContactView> contacts,
      List<String> schedules, Instant appliedAt) {}

  record UserList(List<UserView> users) {}

  record LayerView(String name, List<String> users, String start, String handoffTime, String turn,
      List<String> restrictions) {}

  record OverrideView(String user, Instant start, Instant end) {}

  record ShiftView(String user, String displayName, Instant start, Instant end, List<String> sources) {}

  record GapView(Instant start, Instant end) {}

  record FinalView(Instant from, Instant to, List<ShiftView> shifts, List<GapView> gaps) {}

  record OnCallView(String schedule, Instant at, String user, String displayName, Instant until, List<String> sources) {}

  record ScheduleSummary(String name, String timeZone, List<LayerView> layers, List<OverrideView> overrides,
      OnCallView onCallNow, Instant appliedAt) {}

  record ScheduleList(List<ScheduleSummary> schedules) {}

  record ScheduleDetail(String name, String timeZone, List<LayerView> layers, List<OverrideView> overrides,
      FinalView finalSchedule, Instant appliedAt, String source) {}

  record OnCallList(Instant at, List<OnCallView> schedules) {}

  record TargetView(String user, String schedule) {}

  record LevelView(int level, String after, List<TargetView> targets) {}

  record PolicyView(String name, List<String> services, boolean isDefault, List<LevelView> levels, int repeat,
      String repeatAfter, Instant appliedAt, String source) {}

  record PolicyList(List<PolicyView> policies) {}

  record AppliedView(String kind, String name, String result) {}

  record ApplyResponse(List<AppliedView> applied) {}

  static UserView user(User u, OnCallSnapshot oncall, Instant appliedAt) {
    List<String> schedules = oncall.schedules().values().stream()
        .filter(s -> s.users().contains(u.name())).map(s -> s.name().value()).toList();
    return new UserView(u.name().value(), u.displayName().orElse(null), u.timeZone().map(ZoneId::getId).orElse(null),
        u.contacts().stream().map(OnCallViews::contact).toList(), schedules, appliedAt);
  }

  /** Where a contact goes, without what could be a credential: no user info, query or Slack path. */
  static ContactView contact(Channel channel) {
    return switch (channel) {
      case Channel.Webhook w -> new ContactView("webhook", origin(w.url()) + nullToEmpty(w.url().getRawPath()), w.secret().isPresent());
      case Channel.Slack s -> new ContactView("slack", origin(s.url()) + "/…", false);
      case Channel.Email e -> new ContactView("email", e.address(), false);
    };
  }

  private static String origin(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  static LayerView layer(Layer l) {
    return new LayerView(l.name(), l.users().stream().map(UserName::value).toList(), l.start().toString(),
        l.handoffTime().toString(), l.turn().toString(), l.restrictions().stream().map(Restriction::describe).toList());
  }

  static List<OverrideView> overrides(Schedule s) {
    return s.overrides().stream().map((ScheduleOverride o) -> new OverrideView(o.user().value(), o.start(), o.end())).toList();
  }

  static ShiftView shift(Shift s, OnCallSnapshot oncall) {
    return new ShiftView(s.user().value(), displayName(s.user(), oncall), s.start(), s.end(),
        s.sources().stream().map(ShiftSource::label).toList());
  }

  static FinalView finalSchedule(FinalSchedule f, OnCallSnapshot oncall) {
    return new FinalView(f.from(), f.to(), f.shifts().stream().map(s -> shift(s, oncall)).toList(),
        f.gaps().stream().map(g -> new GapView(g.start(), g.end())).toList());
  }

  static String displayName(UserName user, OnCallSnapshot oncall) {
    return oncall.user(user).flatMap(User::displayName).orElse(null);
  }

  static PolicyView policy(EscalationPolicy p, Instant appliedAt, String source) {
    List<LevelView> levels = new ArrayList<>();
    for (int i = 0; i < p.levels().size(); i++) {
      EscalationLevel l = p.levels().get(i);
      levels.add(new LevelView(i + 1, Durations.format(l.after()), l.targets().stream().map(t -> switch (t) {
        case EscalationTarget.UserTarget u -> new TargetView(u.user().value(), null);
        case EscalationTarget.ScheduleTarget s -> new TargetView(null, s.schedule().value());
      }).toList()));
    }
    return new PolicyView(p.name().value(), p.services().stream().map(Object::toString).sorted().toList(), p.isDefault(),
        levels, p.repeat(), Durations.format(p.repeatAfter()), appliedAt, source);
  }
}
