package dev.governor.oncall;

import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.util.Optional;

/**
 * Who can be paged and how: the read side of on-call that incident escalation uses. Each call reads
 * the applied documents afresh; take one {@link #snapshot()} to ask several questions of the same
 * state.
 *
 * <pre>{@code
 * OnCallSnapshot oncall = directory.snapshot();
 * oncall.escalation(service, new Escalation.Incident(id, openedAt, ackedAt, resolvedAt), clock.instant())
 *     .ifPresent(result -> result.pages().forEach(page ->
 *         oncall.user(page.user()).ifPresent(user -> outbox.enqueue(page.key(), user.contacts(), ...))));
 * }</pre>
 */
public interface OnCallDirectory {

  /** The users, schedules and policies applied now, read together. */
  OnCallSnapshot snapshot();

  default Optional<User> user(UserName name) {
    return snapshot().user(name);
  }

  default Optional<Schedule> schedule(ScheduleName name) {
    return snapshot().schedule(name);
  }

  default Optional<EscalationPolicy> policyFor(ServiceName service) {
    return snapshot().policyFor(service);
  }

  /** The pages due by {@code now} under the policy that covers {@code service}; empty when none does. */
  default Optional<Escalation.Result> escalation(ServiceName service, Escalation.Incident incident, Instant now) {
    return snapshot().escalation(service, incident, now);
  }
}
