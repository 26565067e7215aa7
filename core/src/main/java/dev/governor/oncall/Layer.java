package dev.governor.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One rotation: {@code users} take turns of {@code turn} each, in order and round again, the first
 * turn starting at {@code start}, a wall-clock time of the schedule's zone whose time of day is the
 * hand-off time. Before {@code start} the layer has nobody. With {@code restrictions}, only the
 * parts of each turn inside them are on call.
 */
public record Layer(String name, List<UserName> users, LocalDateTime start, TurnLength turn,
    List<Restriction> restrictions) {

  public Layer {
    OnCallNames.check(name, "a layer name");
    users = List.copyOf(users);
    if (users.isEmpty()) throw new IllegalArgumentException("layer " + name + " needs at least one user");
    if (start == null || turn == null) throw new IllegalArgumentException("layer " + name + " needs a start and a turn length");
    restrictions = List.copyOf(restrictions);
  }

  /** The hand-off time of day: when one turn ends and the next begins, on day- and week-based turns. */
  public java.time.LocalTime handoffTime() {
    return start.toLocalTime();
  }

  /** The user whose turn is number {@code turn} (0 is the first), ignoring restrictions. */
  UserName userOfTurn(long turnIndex) {
    return users.get((int) Math.floorMod(turnIndex, (long) users.size()));
  }

  /** When turn {@code k} starts; turns before the first (negative k) are computed the same way. */
  Instant turnStart(long k, ZoneId zone) {
    if (turn.followsWallClock()) return WallClock.instantOf(start.plusDays(Math.multiplyExact(k, turn.days())), zone);
    return WallClock.instantOf(start, zone).plus(turn.exact().multipliedBy(k));
  }

  /** The turn that covers {@code t}: turnStart(k) <= t < turnStart(k + 1). */
  long turnAt(Instant t, ZoneId zone) {
    long k;
    if (turn.followsWallClock()) {
      // Whole wall-clock days since the start, a guess off by one at most around a DST change.
      k = Math.floorDiv(ChronoUnit.DAYS.between(start, LocalDateTime.ofInstant(t, zone)), turn.days());
    } else {
      k = Math.floorDiv(Duration.between(WallClock.instantOf(start, zone), t).getSeconds(), turn.exact().getSeconds());
    }
    while (turnStart(k, zone).isAfter(t)) k--;
    while (!turnStart(k + 1, zone).isAfter(t)) k++;
    return k;
  }

  /** Who this layer has on call from {@code from} to {@code to}: ordered stretches, apart, cut to the range. */
  List<Span> spans(Instant from, Instant to, ZoneId zone) {
    Instant first = turnStart(0, zone);
    Instant lo = from.isBefore(first) ? first : from;
    if (!lo.isBefore(to)) return List.of();
    List<Span> turns = new ArrayList<>();
    long k = turnAt(lo, zone);
    Instant turnStart = turnStart(k, zone);
    while (turnStart.isBefore(to)) {
      Instant turnEnd = turnStart(k + 1, zone);
      Instant s = turnStart.isBefore(lo) ? lo : turnStart;
      Instant e = turnEnd.isAfter(to) ? to : turnEnd;
      if (s.isBefore(e)) turns.add(new Span(s, e, userOfTurn(k)));
      k++;
      turnStart = turnEnd;
    }
    if (restrictions.isEmpty()) return turns;
    return intersect(turns, windows(lo, to, zone));
  }

  /** The union of the restrictions' windows that overlap [from, to), ordered and apart. */
  List<Window> windows(Instant from, Instant to, ZoneId zone) {
    List<Window> all = new ArrayList<>();
    // A window that started up to a week (weekly) or a day (daily) before the range may still be open.
    LocalDate last = LocalDate.ofInstant(to, zone).plusDays(1);
    for (Restriction r : restrictions) {
      LocalDate day = LocalDate.ofInstant(from, zone).minusDays(8);
      for (; !day.isAfter(last); day = day.plusDays(1)) {
        LocalDateTime startLocal;
        LocalDateTime endLocal;
        switch (r) {
          case Restriction.Daily d -> {
            startLocal = day.atTime(d.from());
            endLocal = (d.to().isAfter(d.from()) ? day : day.plusDays(1)).atTime(d.to());
          }
          case Restriction.Weekly w -> {
            if (day.getDayOfWeek() != w.fromDay()) continue;
            startLocal = day.atTime(w.fromTime());
            endLocal = day.plusDays(w.spanDays()).atTime(w.toTime());
          }
        }
        Instant s = WallClock.instantOf(startLocal, zone);
        Instant e = WallClock.instantOf(endLocal, zone);
        // Both ends inside one DST gap make an empty window.
        if (e.isAfter(s) && e.isAfter(from) && s.isBefore(to)) all.add(new Window(s, e));
      }
    }
    all.sort(Comparator.comparing(Window::start));
    List<Window> union = new ArrayList<>();
    for (Window w : all) {
      Window previous = union.isEmpty() ? null : union.getLast();
      if (previous != null && !w.start().isAfter(previous.end())) {
        if (w.end().isAfter(previous.end())) union.set(union.size() - 1, new Window(previous.start(), w.end()));
      } else {
        union.add(w);
      }
    }
    return union;
  }

  private static List<Span> intersect(List<Span> turns, List<Window> windows) {
    List<Span> out = new ArrayList<>();
    int w = 0;
    for (Span t : turns) {
      while (w < windows.size() && !windows.get(w).end().isAfter(t.start())) w++;
      for (int i = w; i < windows.size() && windows.get(i).start().isBefore(t.end()); i++) {
        Window win = windows.get(i);
        Instant s = win.start().isAfter(t.start()) ? win.start() : t.start();
        Instant e = win.end().isBefore(t.end()) ? win.end() : t.end();
        if (s.isBefore(e)) out.add(new Span(s, e, t.user()));
      }
    }
    return out;
  }

  /** A stretch when one user is on call in one layer or override. */
  record Span(Instant start, Instant end, UserName user) {}

  /** A stretch a restriction allows. */
  record Window(Instant start, Instant end) {}
}
