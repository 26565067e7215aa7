package dev.governor.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An on-call schedule: rotation layers and overrides in one time zone, and the final schedule they
 * make.
 *
 * <h2>How the final schedule is computed</h2>
 *
 * <p>Each layer, on its own, is a rotation: turn {@code k} starts at {@code start + k * turn} and
 * belongs to {@code users[k mod n]}. Day- and week-based turns step in calendar days of the
 * schedule's zone, so a hand-off at 09:00 stays at 09:00 on the wall clock when the clocks change
 * and the turn across the change is an hour shorter or longer; no hour is lost or counted twice,
 * because each turn ends exactly where the next begins. Hour-based turns step in exact hours. A
 * wall-clock time that the zone skips (02:30 on the night of a spring change) happens when the
 * clock jumps past it ({@link WallClock}). Restrictions cut each turn down to their windows.
 *
 * <p>The layers are then stacked as PagerDuty stacks them: a later layer wins wherever it has
 * someone, an earlier layer shows through its gaps, and overrides win over every layer (a later
 * override over an earlier one). The computation is a sweep: every start and end of every layer's
 * stretches in the range is a boundary, and each piece between two boundaries goes to the highest
 * source that covers it. Pieces of the same person that touch are merged into one shift.
 *
 * <p>The work is proportional to the number of turns and restriction windows in the range times
 * the number of layers, whatever the time since the rotation started: a turn index is computed, not
 * counted up to. A year of a weekly rotation is a few hundred boundaries.
 */
public record Schedule(ScheduleName name, ZoneId zone, List<Layer> layers, List<ScheduleOverride> overrides)
    implements OnCallResource {

  public Schedule {
    if (name == null || zone == null) throw new IllegalArgumentException("a schedule needs a name and a time zone");
    layers = List.copyOf(layers);
    overrides = List.copyOf(overrides);
    Set<String> names = new HashSet<>();
    for (Layer layer : layers) {
      if (!names.add(layer.name())) {
        throw new IllegalArgumentException("schedule " + name + " has two layers named " + layer.name());
      }
    }
  }

  @Override
  public OnCallKind kind() {
    return OnCallKind.SCHEDULE;
  }

  @Override
  public String resourceName() {
    return name.value();
  }

  /** Everyone a layer or an override names. */
  public Set<UserName> users() {
    Set<UserName> users = new LinkedHashSet<>();
    layers.forEach(l -> users.addAll(l.users()));
    overrides.forEach(o -> users.add(o.user()));
    return users;
  }

  /** Who is on call at {@code at}; empty in a gap. */
  public Optional<UserName> onCallAt(Instant at) {
    return shiftAt(at).map(Shift::user);
  }

  /** The piece of the final schedule that covers {@code at}, from its layer or override; empty in a gap. */
  public Optional<Shift> shiftAt(Instant at) {
    // Through the same computation as a range, so that the two can never disagree.
    return shifts(at, at.plusNanos(1)).shifts().stream().findFirst();
  }

  /** The final schedule from {@code from} (included) to {@code to} (excluded). */
  public FinalSchedule shifts(Instant from, Instant to) {
    if (!to.isAfter(from)) throw new IllegalArgumentException("a range must end after it starts, got " + from + " .. " + to);
    // Sources from lowest to highest priority: layers in order, then overrides in order.
    List<List<Layer.Span>> sources = new ArrayList<>();
    List<ShiftSource> labels = new ArrayList<>();
    for (Layer layer : layers) {
      sources.add(layer.spans(from, to, zone));
      labels.add(new ShiftSource.OfLayer(layer.name()));
    }
    for (int i = 0; i < overrides.size(); i++) {
      ScheduleOverride o = overrides.get(i);
      if (!o.end().isAfter(from) || !o.start().isBefore(to)) continue;
      Instant s = o.start().isBefore(from) ? from : o.start();
      Instant e = o.end().isAfter(to) ? to : o.end();
      sources.add(List.of(new Layer.Span(s, e, o.user())));
      labels.add(new ShiftSource.OfOverride(i));
    }

    List<Instant> boundaries = new ArrayList<>();
    boundaries.add(from);
    boundaries.add(to);
    for (List<Layer.Span> spans : sources) {
      for (Layer.Span span : spans) {
        boundaries.add(span.start());
        boundaries.add(span.end());
      }
    }
    List<Instant> cuts = boundaries.stream().sorted().distinct().toList();

    int[] next = new int[sources.size()];
    List<Building> built = new ArrayList<>();
    for (int b = 0; b + 1 < cuts.size(); b++) {
      Instant pieceStart = cuts.get(b);
      Instant pieceEnd = cuts.get(b + 1);
      for (int s = sources.size() - 1; s >= 0; s--) {
        List<Layer.Span> spans = sources.get(s);
        int i = next[s];
        while (i < spans.size() && !spans.get(i).end().isAfter(pieceStart)) i++;
        next[s] = i;
        // Every span edge is a cut, so a span that starts at or before the piece covers all of it.
        if (i < spans.size() && !spans.get(i).start().isAfter(pieceStart)) {
          UserName user = spans.get(i).user();
          Building last = built.isEmpty() ? null : built.getLast();
          if (last != null && last.user.equals(user) && last.end.equals(pieceStart)) {
            last.end = pieceEnd;
            last.sources.add(labels.get(s));
          } else {
            built.add(new Building(user, pieceStart, pieceEnd, labels.get(s)));
          }
          break;
        }
      }
    }
    return new FinalSchedule(name, zone, from, to,
        built.stream().map(b -> new Shift(b.user, b.start, b.end, List.copyOf(b.sources))).toList());
  }

  /** A shift while adjacent pieces of the same user are merged into it. */
  private static final class Building {
    final UserName user;
    final Instant start;
    Instant end;
    final LinkedHashSet<ShiftSource> sources = new LinkedHashSet<>();

    Building(UserName user, Instant start, Instant end, ShiftSource source) {
      this.user = user;
      this.start = start;
      this.end = end;
      sources.add(source);
    }
  }
}
