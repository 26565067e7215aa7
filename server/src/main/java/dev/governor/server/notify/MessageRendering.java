package dev.governor.server.notify;

import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.server.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as each channel shows it: JSON for a webhook, Slack mrkdwn, plain text for email. Each
 * rendering depends only on the stored notification, so every retry sends the same bytes (and the
 * same signature).
 */
public final class MessageRendering {

  private MessageRendering() {}

  /**
   * The JSON body of a webhook: the idempotency key (also in the {@code Idempotency-Key} header),
   * the event, subject, text, fields as an object, links, and when it was created.
   */
  public static String webhookJson(Notification n) {
    Message m = n.message();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("idempotencyKey", n.key().value());
    json.put("event", m.event());
    json.put("subject", m.subject());
    json.put("text", m.text());
    json.put("fields", m.fields());
    json.put("links", m.links().stream().map(MessageRendering::link).toList());
    json.put("createdAt", n.createdAt().toString());
    return Json.MAPPER.writeValueAsString(json);
  }

  /** The body of a Slack-compatible incoming webhook: {@code {"text": <mrkdwn>}}. */
  public static String slackJson(Notification n) {
    return Json.MAPPER.writeValueAsString(Map.of("text", slackText(n.message())));
  }

  /**
   * The subject in bold, the text, the fields as "*name:* value" lines and the links as Slack
   * links. Slack's mrkdwn has only three characters to escape (&amp;, &lt;, &gt;), which is all
   * that keeps a value such as {@code <!channel>} from pinging a whole channel.
   */
  public static String slackText(Message m) {
    StringBuilder out = new StringBuilder("*").append(slackEscape(m.subject())).append('*');
    if (!m.text().isEmpty()) out.append('\n').append(slackEscape(m.text()));
    if (!m.fields().isEmpty()) {
      out.append('\n');
      m.fields().forEach((name, value) -> out.append("\n*").append(name).append(":* ").append(slackEscape(value)));
    }
    if (!m.links().isEmpty()) {
      out.append("\n\n").append(String.join(" · ", m.links().stream()
          .map(l -> "<" + l.url() + "|" + slackEscape(l.title()) + ">").toList()));
    }
    return out.toString();
  }

  /** The plain-text body of an email; the subject travels in the Subject header. */
  public static String emailText(Notification n) {
    Message m = n.message();
    StringBuilder out = new StringBuilder();
    if (!m.text().isEmpty()) out.append(m.text()).append("\n\n");
    if (!m.fields().isEmpty()) {
      m.fields().forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
      out.append('\n');
    }
    for (Message.Link link : m.links()) out.append(link.title()).append(": ").append(link.url()).append('\n');
    if (!m.links().isEmpty()) out.append('\n');
    // "-- " (with the space) is the signature separator mail clients recognise and fold away.
    out.append("-- \nSent by Governor (").append(m.event()).append(", idempotency key ").append(n.key()).append(")\n");
    return out.toString();
  }

  /**
   * The Message-ID of the email for {@code key}: the same for every retry, so that a mail client or
   * a list server that sees it twice keeps one. The key becomes the part before the {@code @},
   * every character that may not stand there (and '=' and '.') written as =XX, so that two keys
   * never share an id; the domain is the sender's.
   */
  public static String messageId(NotificationKey key, String domain) {
    StringBuilder local = new StringBuilder();
    for (char c : key.value().toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-/?^_`{|}~".indexOf(c) >= 0) local.append(c);
      else local.append('=').append(String.format("%02X", (int) c));
    }
    return "<" + local + "@" + domain + ">";
  }

  private static Map<String, String> link(Message.Link link) {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("title", link.title());
    json.put("url", link.url().toString());
    return json;
  }

  private static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
