package dev.governor.oncall;

/** Whom a level of an escalation policy pages: a person, or whoever is on call in a schedule then. */
public sealed interface EscalationTarget {

  String describe();

  record UserTarget(UserName user) implements EscalationTarget {
    public UserTarget {
      if (user == null) throw new IllegalArgumentException("a user target needs a user");
    }

    @Override
    public String describe() {
      return "user " + user;
    }
  }

  /** Whoever is on call in {@code schedule} when the level is due, not when the incident opened. */
  record ScheduleTarget(ScheduleName schedule) implements EscalationTarget {
    public ScheduleTarget {
      if (schedule == null) throw new IllegalArgumentException("a schedule target needs a schedule");
    }

    @Override
    public String describe() {
      return "schedule " + schedule;
    }
  }
}
