package dev.governor.oncall;

import dev.governor.slo.ServiceName;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is paged, in which order, until someone acknowledges: {@code levels} one after the other, then
 * the whole policy again {@code repeat} more times, each round starting {@code repeatAfter} after the
 * previous round's last level. It covers the incidents of {@code services}, and of every service no
 * other policy names when it is the default.
 */
public record EscalationPolicy(EscalationPolicyName name, List<EscalationLevel> levels, int repeat,
    Duration repeatAfter, Set<ServiceName> services, boolean isDefault) implements OnCallResource {

  /** More rounds than this are a typo: a person paged ten times has stopped listening. */
  public static final int MAX_REPEAT = 9;

  public EscalationPolicy {
    if (name == null) throw new IllegalArgumentException("an escalation policy needs a name");
    levels = List.copyOf(levels);
    if (levels.isEmpty()) throw new IllegalArgumentException("escalation policy " + name + " needs at least one level");
    if (repeat < 0 || repeat > MAX_REPEAT) {
      throw new IllegalArgumentException("repeat is 0 to " + MAX_REPEAT + " more rounds, got " + repeat);
    }
    if (repeatAfter == null || repeatAfter.isNegative() || (repeat > 0 && repeatAfter.isZero())) {
      throw new IllegalArgumentException("a policy that repeats waits longer than 0m before the next round, got " + repeatAfter);
    }
    services = Set.copyOf(services);
    if (services.isEmpty() && !isDefault) {
      throw new IllegalArgumentException("escalation policy " + name + " covers no service and is not the default,"
          + " so it would never page anyone");
    }
  }

  public boolean covers(ServiceName service) {
    return services.contains(service);
  }

  /** Rounds in all: the first and the repeats. */
  public int rounds() {
    return 1 + repeat;
  }

  /** Every schedule a level pages through. */
  public Set<ScheduleName> schedules() {
    Set<ScheduleName> schedules = new LinkedHashSet<>();
    for (EscalationLevel level : levels) {
      for (EscalationTarget t : level.targets()) if (t instanceof EscalationTarget.ScheduleTarget s) schedules.add(s.schedule());
    }
    return schedules;
  }

  /** Every user a level pages directly. */
  public Set<UserName> users() {
    Set<UserName> users = new LinkedHashSet<>();
    for (EscalationLevel level : levels) {
      for (EscalationTarget t : level.targets()) if (t instanceof EscalationTarget.UserTarget u) users.add(u.user());
    }
    return users;
  }

  @Override
  public OnCallKind kind() {
    return OnCallKind.ESCALATION_POLICY;
  }

  @Override
  public String resourceName() {
    return name.value();
  }
}
