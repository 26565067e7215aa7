package dev.governor.cli;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo adds around an incident so that it tells a story from page to postmortem: a
 * release of the burning service a minute before each burn (a real burn rarely comes from nowhere,
 * and the postmortem draft names the last deployment of the service that went live before the
 * incident as its suspect), and a line on the console when an incident is acknowledged or resolved,
 * the latter with where its postmortem draft is.
 */
final class DemoIncidents implements IncidentListener {

  /** How long before a burn its release goes live: well inside the suspect look-back, before the incident. */
  static final Duration RELEASE_LEAD = Duration.ofMinutes(1);

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

  private final ApiClient client;
  private final String service;
  private final String baseUrl;
  private final String serverFlag;
  private final PrintWriter out;
  private Instant releasedFor = Instant.MIN;

  /**
   * @param service the burning SLO's service, whose release precedes each burn
   * @param serverFlag {@code " --server URL"} when the CLI's default server is not the demo's, else ""
   */
  DemoIncidents(ApiClient client, String service, String serverFlag, PrintWriter out) {
    this.client = client;
    this.service = service;
    this.baseUrl = client.base().toString().replaceAll("/+$", "");
    this.serverFlag = serverFlag;
    this.out = out;
  }

  /**
   * Records the release of the coming burn once, when the burn is at most {@link #RELEASE_LEAD}
   * away. Its id is the burn's start, so a restart in the same minute records nothing twice.
   */
  void step(Instant now, DemoTraffic traffic) {
    Optional<Instant> burn = traffic.nextBurn(now);
    if (burn.isEmpty() || burn.get().equals(releasedFor) || Duration.between(now, burn.get()).compareTo(RELEASE_LEAD) > 0) {
      return;
    }
    releasedFor = burn.get();
    Instant live = now.truncatedTo(ChronoUnit.SECONDS);
    String id = "demo-release-" + service + "-" + STAMP.format(burn.get());
    DemoDeployments.Planned release = new DemoDeployments.Planned(id, service, "risky-" + STAMP.format(burn.get()),
        DemoDeployments.sha(id), live.minus(Duration.ofMinutes(4)), live, false,
        List.of(new DemoDeployments.Change.Commit(DemoDeployments.sha(id), live.minus(Duration.ofMinutes(30)))),
        Map.of("demo", "risky-release"), Optional.empty());
    ApiResponse r = client.post("/api/v1/deployments", "application/json",
        ApiClient.JSON.writeValueAsString(DemoDeployments.body(release)));
    print(r.ok()
        ? "demo: deployed " + service + " " + release.version() + " (" + id + "), a risky release: it breaks in a minute"
        : "demo: could not record the release " + id + ": HTTP " + r.status() + " " + r.body());
  }

  @Override
  public void acknowledged(Incident incident, String by) {
    print("demo: incident #" + incident.id().number() + " acknowledged by " + by + ": escalation stops");
  }

  @Override
  public void resolved(Incident incident, String by) {
    long n = incident.id().number();
    print("demo: incident #" + n + " resolved by " + by + ". Its postmortem draft (SLO impact, suspect deployment, "
        + "timeline): " + baseUrl + "/api/v1/incidents/" + n + "/postmortem or ./governor incident postmortem " + n
        + serverFlag);
  }

  private void print(String line) {
    synchronized (out) {
      out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
      out.flush();
    }
  }
}
