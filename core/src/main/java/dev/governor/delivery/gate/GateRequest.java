package dev.governor.delivery.gate;

import dev.governor.slo.ServiceName;
import java.util.Optional;

/**
 * "May this deploy go out?": the service, where to and what, and the overrides it claims.
 *
 * @param reason why a hotfix, rollback or approval overrides the rules; recorded in the audit trail
 * @param actor who or what asks (a pipeline, a person), recorded with the decision
 * @param approvedBy who approved the deploy, when a rule requires an approval
 */
public record GateRequest(
    ServiceName service,
    Optional<String> environment,
    Optional<String> version,
    boolean hotfix,
    boolean rollback,
    Optional<String> reason,
    Optional<String> actor,
    Optional<String> approvedBy) {

  public GateRequest {
    reason = reason.map(String::strip).filter(r -> !r.isEmpty());
    approvedBy = approvedBy.map(String::strip).filter(r -> !r.isEmpty());
  }

  /** A plain deploy of {@code service}: no environment, version or override. */
  public static GateRequest of(ServiceName service) {
    return new GateRequest(service, Optional.empty(), Optional.empty(), false, false,
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
