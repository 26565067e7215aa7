package dev.governor.cli;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentListener;
import java.io.PrintWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a responder would tell the public when the demo shop breaks: a public update on the status
 * page when its incident opens ("investigating", a major outage of the shop front) and when it
 * resolves. Posted through the HTTP API like `governor status-page update`, from a thread of its
 * own: a listener runs in the thread that changed the incident and must not wait on the server.
 */
final class DemoStatusUpdates implements IncidentListener {

  private final ApiClient client;
  private final PrintWriter out;
  private final String statusUrl;
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
    post(incident.id().number(), """
        {"status": "investigating", "title": "The shop does not load",
         "message": "Pages of the shop answer with errors. We are looking into it.",
         "components": ["shop"], "impact": "major_outage"}""");
  }

  @Override
  public void resolved(Incident incident, String by) {
    if (!incident.services().contains("shop")) return;
    post(incident.id().number(), """
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
