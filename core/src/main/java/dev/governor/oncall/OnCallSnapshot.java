package dev.governor.oncall;

import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The users, schedules and escalation policies applied at one moment, read together so that what
 * they say of each other agrees. Names that point nowhere are refused when documents are applied
 * and deleted; should one slip through anyway (a replica's concurrent delete), a schedule still
 * names its user and escalation reports the missing schedule rather than failing.
 */
public record OnCallSnapshot(Map<UserName, User> users, Map<ScheduleName, Schedule> schedules,
    Map<EscalationPolicyName, EscalationPolicy> policies) implements OnCallDirectory {

  public static final OnCallSnapshot EMPTY = new OnCallSnapshot(Map.of(), Map.of(), Map.of());

  public OnCallSnapshot {
    users = Collections.unmodifiableMap(new TreeMap<>(users));
    schedules = Collections.unmodifiableMap(new TreeMap<>(schedules));
    policies = Collections.unmodifiableMap(new TreeMap<>(policies));
  }

  public static OnCallSnapshot of(Collection<? extends OnCallResource> resources) {
    Map<UserName, User> users = new TreeMap<>();
    Map<ScheduleName, Schedule> schedules = new TreeMap<>();
    Map<EscalationPolicyName, EscalationPolicy> policies = new TreeMap<>();
    for (OnCallResource r : resources) {
      switch (r) {
        case User u -> users.put(u.name(), u);
        case Schedule s -> schedules.put(s.name(), s);
        case EscalationPolicy p -> policies.put(p.name(), p);
      }
    }
    return new OnCallSnapshot(users, schedules, policies);
  }

  @Override
  public OnCallSnapshot snapshot() {
    return this;
  }

  public Optional<User> user(UserName name) {
    return Optional.ofNullable(users.get(name));
  }

  public Optional<Schedule> schedule(ScheduleName name) {
    return Optional.ofNullable(schedules.get(name));
  }

  public Optional<EscalationPolicy> policy(EscalationPolicyName name) {
    return Optional.ofNullable(policies.get(name));
  }

  /** The policy that names {@code service}, else the default policy, else none. */
  public Optional<EscalationPolicy> policyFor(ServiceName service) {
    Optional<EscalationPolicy> named = policies.values().stream().filter(p -> p.covers(service)).findFirst();
    return named.isPresent() ? named : policies.values().stream().filter(EscalationPolicy::isDefault).findFirst();
  }

  /** The pages {@code policy} has made due for {@code incident} by {@code now}, through these schedules. */
  public Escalation.Result escalation(EscalationPolicy policy, Escalation.Incident incident, Instant now) {
    return Escalation.due(policy, incident, this::schedule, now);
  }

  /** The same through the policy that covers {@code service}; empty when none does. */
  public Optional<Escalation.Result> escalation(ServiceName service, Escalation.Incident incident, Instant now) {
    return policyFor(service).map(p -> escalation(p, incident, now));
  }

  /**
   * What refers to the resource {@code name} of {@code kind}, as a person reads it ("schedule primary
   * (layer weekly)", "escalation policy checkout (level 2)"): what stops it from being deleted.
   */
  public List<String> referrers(OnCallKind kind, String name) {
    List<String> out = new ArrayList<>();
    switch (kind) {
      case USER -> {
        for (Schedule s : schedules.values()) {
          for (Layer l : s.layers()) {
            if (l.users().stream().anyMatch(u -> u.value().equals(name))) out.add("schedule " + s.name() + " (layer " + l.name() + ")");
          }
          for (int i = 0; i < s.overrides().size(); i++) {
            if (s.overrides().get(i).user().value().equals(name)) out.add("schedule " + s.name() + " (overrides[" + i + "])");
          }
        }
        for (EscalationPolicy p : policies.values()) {
          for (int i = 0; i < p.levels().size(); i++) {
            if (p.levels().get(i).targets().contains(new EscalationTarget.UserTarget(UserName.of(name)))) {
              out.add("escalation policy " + p.name() + " (level " + (i + 1) + ")");
            }
          }
        }
      }
      case SCHEDULE -> {
        for (EscalationPolicy p : policies.values()) {
          for (int i = 0; i < p.levels().size(); i++) {
            if (p.levels().get(i).targets().contains(new EscalationTarget.ScheduleTarget(ScheduleName.of(name)))) {
              out.add("escalation policy " + p.name() + " (level " + (i + 1) + ")");
            }
          }
        }
      }
      case ESCALATION_POLICY -> {
        // Nothing on-call names a policy; incidents pick theirs by service.
      }
    }
    return out;
  }
}
