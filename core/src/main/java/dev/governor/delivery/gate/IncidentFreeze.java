package dev.governor.delivery.gate;

import dev.governor.slo.ServiceName;

/**
 * An open incident severe enough to freeze the deploys of a service until it resolves: while the
 * service is on fire, only the fix (a hotfix with a reason, or a rollback) should go out.
 *
 * @param incident the incident's number
 * @param severity its severity as the API says it ("critical")
 */
public record IncidentFreeze(long incident, ServiceName service, String severity) {
  public IncidentFreeze {
    if (incident < 1) throw new IllegalArgumentException("an incident number is 1 or more, got " + incident);
    if (service == null) throw new IllegalArgumentException("an incident freeze needs a service");
    if (severity == null || severity.isBlank()) throw new IllegalArgumentException("an incident freeze needs a severity");
  }

  /** "incident #12 is open on checkout (critical): deploys are frozen until it resolves". */
  public String message() {
    return "incident #" + incident + " is open on " + service + " (" + severity + "): deploys are frozen until it resolves";
  }
}
