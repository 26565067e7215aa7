package dev.governor.response;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentAlert;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentId;
import dev.governor.notify.Message;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a page, a follow-up and an automated action say about an incident: the subject a phone
 * shows ("[#12 TRIGGERED] checkout: checkout availability burns"), the facts, a link to the
 * incident and how to acknowledge it.
 */
public final class IncidentMessages {

  /** Alert summaries listed in a page; the rest are one click away. */
  static final int MAX_ALERTS = 10;

  private final String baseUrl;

  /** @param baseUrl where people reach Governor's UI and API, such as https://governor.example.com */
  public IncidentMessages(URI baseUrl) {
    if (baseUrl == null || baseUrl.getHost() == null
        || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
      throw new IllegalArgumentException("the public URL is an http:// or https:// URL, got '" + baseUrl + "'");
    }
    String text = baseUrl.toString();
    this.baseUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * {@code page} with a first link that acknowledges the incident as {@code person} in one click,
   * from the path and query the link maker gives ({@code /ack/12?t=...}).
   */
  public Message withAcknowledgeLink(Message page, String person, String pathAndQuery) {
    List<Message.Link> links = new java.util.ArrayList<>();
    links.add(new Message.Link("Acknowledge as " + person, URI.create(baseUrl + pathAndQuery)));
    links.addAll(page.links());
    return new Message(page.event(), page.subject(), page.text(), page.fields(),
        links.subList(0, Math.min(links.size(), Message.MAX_LINKS)));
  }

  public URI incidentUrl(IncidentId id) {
    return URI.create(baseUrl + "/incidents/" + id.number());
  }

  /** The page: {@code incident.triggered}. */
  public Message triggered(IncidentDetail detail) {
    Incident i = detail.incident();
    StringBuilder text = new StringBuilder(facts(i));
    List<IncidentAlert> open = detail.alerts().stream().filter(IncidentAlert::isOpen).toList();
    if (!open.isEmpty()) {
      text.append("\nAlerts:");
      for (IncidentAlert a : open.subList(0, Math.min(MAX_ALERTS, open.size()))) {
        text.append("\n- [").append(a.severity().label()).append("] ")
            .append(a.summary().isBlank() ? a.ref() : oneLine(a.summary()));
      }
      if (open.size() > MAX_ALERTS) text.append("\n- … and ").append(open.size() - MAX_ALERTS).append(" more");
    }
    text.append("\n\n").append(howToAcknowledge(i.id()));
    return message("incident.triggered", "TRIGGERED", i, text.toString());
  }

  /** To the people already paged: somebody took it, or it is over. */
  public Message followUp(Incident i, String event, String by) {
    String state = event.toUpperCase(Locale.ROOT);
    String text = "Incident #" + i.id().number() + " was " + event + " by " + by + ".\n" + facts(i);
    return message("incident." + event, state, i, text);
  }

  /** What a runbook automation receives. */
  public Message action(IncidentDetail detail, String event) {
    Incident i = detail.incident();
    return message("incident." + event, event.toUpperCase(Locale.ROOT), i, facts(i));
  }

  private Message message(String event, String state, Incident i, String text) {
    String services = String.join(",", i.services());
    String subject = "[#" + i.id().number() + " " + state + "] " + (services.isEmpty() ? "" : services + ": ")
        + oneLine(i.title());
    if (subject.length() > Message.MAX_SUBJECT) subject = subject.substring(0, Message.MAX_SUBJECT - 1) + "…";
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("incident", Long.toString(i.id().number()));
    fields.put("state", i.state().label());
    fields.put("severity", i.severity().label());
    if (!services.isEmpty()) fields.put("services", clip(services));
    if (!i.slos().isEmpty()) fields.put("slos", clip(String.join(",", i.slos())));
    fields.put("url", incidentUrl(i.id()).toString());
    if (text.length() > Message.MAX_TEXT) text = text.substring(0, Message.MAX_TEXT - 1) + "…";
    return new Message(event, subject, text, fields,
        List.of(new Message.Link("Incident #" + i.id().number(), incidentUrl(i.id()))));
  }

  private String facts(Incident i) {
    StringBuilder text = new StringBuilder();
    text.append("Severity: ").append(i.severity().label()).append('\n');
    text.append("Services: ").append(i.services().isEmpty() ? "(none named)" : String.join(", ", i.services())).append('\n');
    if (!i.slos().isEmpty()) text.append("SLOs: ").append(String.join(", ", i.slos())).append('\n');
    text.append("Opened: ").append(i.openedAt()).append('\n');
    text.append("Incident: ").append(incidentUrl(i.id())).append('\n');
    return text.toString();
  }

  private String howToAcknowledge(IncidentId id) {
    return "Acknowledge to stop escalation: governor incident ack " + id.number()
        + "\nor POST " + baseUrl + "/api/v1/incidents/" + id.number() + "/acknowledge {\"by\": \"<you>\"}";
  }

  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ').strip();
  }

  private static String clip(String value) {
    return value.length() > Message.MAX_FIELD_VALUE ? value.substring(0, Message.MAX_FIELD_VALUE - 1) + "…" : value;
  }
}
