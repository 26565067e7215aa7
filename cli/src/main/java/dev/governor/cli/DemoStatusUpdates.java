package dev.governor.cli;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentListener;
import java.io.PrintWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a responder would tell the public when the demo shop breaks: a public update on the status
 * page when its incident opens ("investigating", a major outage of the shop front), and "resolved"
 * once the probe passes again. That is earlier than the incident itself resolves: the burn-rate
 * alerts of the shop's young SLOs keep it open a while, which is for the responders, not the public.
 * Posted through the HTTP API like `governor status-page update`, from a thread of its own: a
 * listener runs in the thread that changed the incident and must not wait on the server.
 */
final class DemoStatusUpdates implements IncidentListener {

  private final ApiClient client;
  private final PrintWriter out;
  private final String statusUrl;
  /** The shop incidents the public was told of and not yet told are over. */
  private final java.util.Set<Long> investigating = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ExecutorService poster = Executors.newSingleThreadExecutor(
      Thread.ofPlatform().name("governor-demo-status").daemon().factory());

  DemoStatusUpdates(ApiClient client, PrintWriter out, String statusUrl) {
    this.client = client;
    this.out = out;
    this.statusUrl = statusUrl;
  }

  @Override
  public void opened(Incident incident) {
    if (!incident.services().contains("shop")) return;
    investigating.add(incident.id().number());
    post(incident.id().number(), """
        {"status": "investigating", "title": "The shop does not load",
         "message": "Pages of the shop answer with errors. We are looking into it.",
         "components": ["shop"], "impact": "major_outage"}""");
  }

  @Override
  public void resolved(Incident incident, String by) {
    if (incident.services().contains("shop")) resolve(incident.id().number());
  }

  /**
   * Called by the demo's 5-second loop: once the shop's probe passes again, the public hears the
   * shop is back, whether or not the incident is still open for the responders.
   */
  void step() {
    if (investigating.isEmpty()) return;
    ApiResponse probe = client.get("/api/v1/probes/demo-shop");
    String state = probe.ok() ? Json.text(probe.body().path("summary"), "state").orElse("") : "";
    if (state.equals("up") || state.equals("degraded")) investigating.forEach(this::resolve);
  }

  private void resolve(long incident) {
    if (!investigating.remove(incident)) return;
    post(incident, """
        {"status": "resolved", "message": "The shop works again. We are sorry for the trouble."}""");
  }

  private void post(long incident, String body) {
    poster.execute(() -> {
      ApiResponse r = client.post("/api/v1/incidents/" + incident + "/status-updates", "application/json", body);
      synchronized (out) {
        out.println(r.ok()
            ? "STATUS → public update on incident #" + incident + " (" + statusUrl + ")"
            : "demo: could not post a public update on incident #" + incident + " (HTTP " + r.status() + ")");
        out.flush();
      }
    });
  }
}
