package dev.governor.notify;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a notification says, independent of the channel: a webhook receives it as JSON, Slack and
 * email as text.
 *
 * @param event what happened, for a receiver to route on: {@code incident.triggered},
 *     {@code incident.resolved}, {@code test}
 * @param subject one line: an email's subject, the bold first line of a Slack message
 * @param text plain text, possibly several lines; may be empty
 * @param fields the structured facts a receiver may act on (incident, severity, service...), in
 *     the order they are shown
 * @param links where a person goes next: the incident, a runbook, a dashboard
 */
public record Message(String event, String subject, String text, Map<String, String> fields, List<Link> links) {

  public static final int MAX_SUBJECT = 200;
  public static final int MAX_TEXT = 16_000;
  public static final int MAX_FIELDS = 32;
  public static final int MAX_FIELD_VALUE = 1_000;
  public static final int MAX_LINKS = 16;

  private static final Pattern EVENT = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  /** A link with the words a person sees for it. */
  public record Link(String title, URI url) {
    public Link {
      if (title == null || title.isBlank() || title.length() > MAX_SUBJECT || hasLineBreak(title)) {
        throw new IllegalArgumentException("a link title is one line of 1 to " + MAX_SUBJECT + " characters, got '" + title + "'");
      }
      if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
        throw new IllegalArgumentException("a link needs an http:// or https:// URL, got '" + url + "'");
      }
    }
  }

  public Message {
    if (event == null || event.length() > 64 || !EVENT.matcher(event).matches()) {
      throw new IllegalArgumentException(
          "an event is lowercase words joined by '.', '_' or '-', such as incident.triggered, got '" + event + "'");
    }
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT || hasLineBreak(subject)) {
      throw new IllegalArgumentException(
          "a subject is one line of 1 to " + MAX_SUBJECT + " characters, got '" + subject + "'");
    }
    if (text == null) text = "";
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("a message's text has at most " + MAX_TEXT + " characters, got " + text.length());
    }
    if (fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException("a message has at most " + MAX_FIELDS + " fields, got " + fields.size());
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (name == null || !FIELD.matcher(name).matches()) {
        throw new IllegalArgumentException("a field name is a letter followed by up to 63 letters, digits, '_', '.'"
            + " or '-', such as severity, got '" + name + "'");
      }
      if (value == null || value.length() > MAX_FIELD_VALUE || hasLineBreak(value)) {
        throw new IllegalArgumentException("the field " + name + " needs one line of at most " + MAX_FIELD_VALUE
            + " characters, got '" + value + "'");
      }
      ordered.put(name, value);
    });
    // Map.copyOf would lose the order the fields are shown in.
    fields = Collections.unmodifiableMap(ordered);
    if (links.size() > MAX_LINKS) {
      throw new IllegalArgumentException("a message has at most " + MAX_LINKS + " links, got " + links.size());
    }
    links = List.copyOf(links);
  }

  /** A message without fields or links. */
  public static Message of(String event, String subject, String text) {
    return new Message(event, subject, text, Map.of(), List.of());
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }
}
