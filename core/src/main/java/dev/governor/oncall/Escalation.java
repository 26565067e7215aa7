package dev.governor.oncall;

import dev.governor.incident.IncidentId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which pages an escalation policy has made due for an incident by {@code now}, and when the next one
 * falls due.
 *
 * <p>A pure function of its inputs: the caller keeps no escalation state, it recomputes on every
 * tick (and after a restart) and hands each page to the notification outbox under its
 * {@link Page#key() key}, which is the same every time for the same incident, round, level and
 * person, so the outbox sends each page once.
 *
 * <p>Timing: round 1 starts when the incident starts notifying; level {@code i} is due its
 * {@link EscalationLevel#after() after} the previous level (the first level: after the round's
 * start); round {@code r + 1} starts {@link EscalationPolicy#repeatAfter() repeatAfter} the last
 * level of round {@code r}. An acknowledgement or resolution at or before a level's due instant
 * stops it and everything after. A schedule target pages whoever is on call in the schedule at
 * the level's due instant, so the answer does not change with the time it is computed at.
 */
public final class Escalation {

  private Escalation() {}

  /**
   * What escalation needs to know of an incident.
   *
   * @param notifyFrom when round 1 starts: the end of the group wait
   * @param notified when each level was notified so far ({@link #step}), for an incident being
   *     paged: the next level falls due its delay after that moment, as in PagerDuty, not after the
   *     level's planned time, and a level due but not yet recorded is being notified now. A level
   *     that paged late (the incident was a ticket nobody is paged for, then a page alert joined) so
   *     delays the levels after it. Empty for a plan (a preview), which times every level from
   *     {@code notifyFrom}.
   */
  public record Incident(IncidentId id, Instant notifyFrom, Optional<Instant> acknowledgedAt,
      Optional<Instant> resolvedAt, Optional<Map<String, Instant>> notified) {
    public Incident {
      if (id == null || notifyFrom == null) throw new IllegalArgumentException("an incident needs an id and a start");
      notified = notified.map(Map::copyOf);
    }

    /** The plan of an incident: every level at its planned time. */
    public Incident(IncidentId id, Instant notifyFrom, Optional<Instant> acknowledgedAt, Optional<Instant> resolvedAt) {
      this(id, notifyFrom, acknowledgedAt, resolvedAt, Optional.empty());
    }
  }

  /** The name of a level in {@link Incident#notified}: "round-1/level-2". */
  public static String step(int round, int level) {
    return "round-" + round + "/level-" + level;
  }

  /** One person to page, for one level of one round. */
  public record Page(IncidentId incident, int round, int level, UserName user, Instant due, EscalationTarget via,
      String key) {}

  /** Why a level's schedule target paged nobody. */
  public enum Unstaffed {
    /** The schedule has a gap at the due instant. */
    NOBODY_ON_CALL,
    /** The policy names a schedule that does not exist (any more). */
    NO_SUCH_SCHEDULE
  }

  /** A schedule target of a due level that paged nobody: worth showing, since the level may have paged no one at all. */
  public record Miss(int round, int level, ScheduleName schedule, Instant due, Unstaffed why) {}

  public enum State {
    /** Pages went or will go out, and more are to come. */
    ESCALATING,
    /** Someone acknowledged by now: no further pages. */
    ACKNOWLEDGED,
    /** Resolved by now: no further pages. */
    RESOLVED,
    /** Every level of every round is due and nobody acknowledged: nothing more will page. */
    EXHAUSTED
  }

  /**
   * @param pages every page due by {@code now}, in due order; the same list, extended, on every call
   * @param misses schedule targets of due levels that had nobody on call
   * @param nextDue when the next level falls due, if one will
   */
  public record Result(List<Page> pages, List<Miss> misses, Optional<Instant> nextDue, State state) {
    public Result {
      pages = List.copyOf(pages);
      misses = List.copyOf(misses);
    }
  }

  /** The idempotency key of a page: "incident-42/round-1/level-2/alice". */
  public static String key(IncidentId incident, int round, int level, UserName user) {
    return "incident-" + incident.number() + "/round-" + round + "/level-" + level + "/" + user.value();
  }

  public static Result due(EscalationPolicy policy, Incident incident,
      Function<ScheduleName, Optional<Schedule>> schedules, Instant now) {
    Instant stop = earliest(incident.acknowledgedAt(), incident.resolvedAt());
    List<Page> pages = new ArrayList<>();
    List<Miss> misses = new ArrayList<>();
    Optional<Instant> nextDue = Optional.empty();
    // When the level before was notified (or was planned to be, if it has not been yet).
    Instant previous = incident.notifyFrom();
    boolean stopped = false;
    rounds:
    for (int round = 1; round <= policy.rounds(); round++) {
      Instant due = previous;
      for (int level = 1; level <= policy.levels().size(); level++) {
        EscalationLevel l = policy.levels().get(level - 1);
        due = previous.plus(l.after());
        if (stop != null && !due.isBefore(stop)) {
          stopped = true;
          break rounds;
        }
        if (due.isAfter(now)) {
          nextDue = Optional.of(due);
          break rounds;
        }
        Set<UserName> paged = new LinkedHashSet<>();
        for (EscalationTarget target : l.targets()) {
          switch (target) {
            case EscalationTarget.UserTarget u -> {
              if (paged.add(u.user())) pages.add(page(incident, round, level, u.user(), due, target));
            }
            case EscalationTarget.ScheduleTarget s -> {
              Optional<Schedule> schedule = schedules.apply(s.schedule());
              if (schedule.isEmpty()) {
                misses.add(new Miss(round, level, s.schedule(), due, Unstaffed.NO_SUCH_SCHEDULE));
                continue;
              }
              Optional<UserName> onCall = schedule.get().onCallAt(due);
              if (onCall.isEmpty()) {
                misses.add(new Miss(round, level, s.schedule(), due, Unstaffed.NOBODY_ON_CALL));
              } else if (paged.add(onCall.get())) {
                pages.add(page(incident, round, level, onCall.get(), due, target));
              }
            }
          }
        }
        previous = notifiedAt(incident, round, level, due, now);
      }
      previous = previous.plus(policy.repeatAfter());
    }
    State state;
    if (incident.resolvedAt().isPresent() && !incident.resolvedAt().get().isAfter(now)) state = State.RESOLVED;
    else if (incident.acknowledgedAt().isPresent() && !incident.acknowledgedAt().get().isAfter(now)) state = State.ACKNOWLEDGED;
    else if (nextDue.isEmpty() && !stopped) state = State.EXHAUSTED;
    else state = State.ESCALATING;
    return new Result(pages, misses, nextDue, state);
  }

  /** When a level that fell due at {@code due} was notified, as {@link Incident#notified} says. */
  private static Instant notifiedAt(Incident incident, int round, int level, Instant due, Instant now) {
    if (incident.notified().isEmpty()) return due;
    Instant recorded = incident.notified().get().get(step(round, level));
    Instant at = recorded != null ? recorded : now; // due by now and not yet recorded: it is being paged now
    return at.isAfter(due) ? at : due;
  }

  private static Page page(Incident incident, int round, int level, UserName user, Instant due, EscalationTarget via) {
    return new Page(incident.id(), round, level, user, due, via, key(incident.id(), round, level, user));
  }

  private static Instant earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) return b.orElse(null);
    if (b.isEmpty()) return a.get();
    return a.get().isBefore(b.get()) ? a.get() : b.get();
  }
}
