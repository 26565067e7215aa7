package dev.governor.response;

import dev.governor.incident.Incident;
import dev.governor.incident.IncidentId;
import dev.governor.notify.NotificationKey;
import dev.governor.oncall.Escalation;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The idempotency keys of everything incident response sends, and how to read them back. They all
 * start with {@code incident-12/}, so the outbox lists an incident's notifications by prefix; after
 * the n-th reopen they continue with {@code reopen-n/}, so a reopened incident pages again rather
 * than being taken for a repeat of its first life.
 *
 * <ul>
 *   <li>a page: {@code incident-12/round-1/level-2/carol/webhook}, {@code …/webhook/2} for a second webhook
 *   <li>a follow-up: {@code incident-12/acknowledged/carol/webhook}, {@code incident-12/resolved/carol/slack}
 *   <li>an action: {@code incident-12/action/runbook/opened}
 * </ul>
 */
public final class ResponseKeys {

  private ResponseKeys() {}

  private static final Pattern PAGE = Pattern.compile(
      "incident-([1-9]\\d{0,17})/(?:reopen-\\d+/)?round-(\\d{1,9})/level-(\\d{1,9})/([^/]+)/([a-z]+)(?:/\\d+)?");
  private static final Pattern FOLLOW_UP = Pattern.compile(
      "incident-([1-9]\\d{0,17})/(?:reopen-\\d+/)?(acknowledged|resolved)/([^/]+)/([a-z]+)(?:/\\d+)?");
  private static final Pattern ACTION = Pattern.compile(
      "incident-([1-9]\\d{0,17})/(?:reopen-\\d+/)?action/([^/]+)/([a-z]+)");

  /** What a key says it was for. */
  public sealed interface Sent {
    IncidentId incident();
  }

  public record Page(IncidentId incident, int round, int level, String user, String channel) implements Sent {}

  public record FollowUp(IncidentId incident, String event, String user, String channel) implements Sent {}

  public record Action(IncidentId incident, String action, String event) implements Sent {}

  /** "incident-12/" or "incident-12/reopen-1/": where every key of the incident's current life starts. */
  public static String lifePrefix(Incident incident) {
    return prefix(incident.id()) + (incident.reopenCount() == 0 ? "" : "reopen-" + incident.reopenCount() + "/");
  }

  /** "incident-12/": where every key of the incident starts. */
  public static String prefix(IncidentId id) {
    return "incident-" + id.number() + "/";
  }

  /** The key of one contact of a paged person: {@code n} counts the contacts of the same type from 1. */
  public static NotificationKey page(Incident incident, Escalation.Page page, String channelType, int n) {
    // Escalation's key is "incident-12/round-…"; the life's prefix goes where "incident-12/" is.
    String rest = page.key().substring(prefix(incident.id()).length());
    return NotificationKey.of(lifePrefix(incident) + rest + "/" + channelType + (n > 1 ? "/" + n : ""));
  }

  public static NotificationKey followUp(Incident incident, String event, String user, String channelType, int n) {
    return NotificationKey.of(lifePrefix(incident) + event + "/" + user + "/" + channelType + (n > 1 ? "/" + n : ""));
  }

  public static NotificationKey action(Incident incident, String action, String event) {
    return NotificationKey.of(lifePrefix(incident) + "action/" + action + "/" + event);
  }

  /** What {@code key} was sent for, when incident response sent it. */
  public static Optional<Sent> parse(NotificationKey key) {
    Matcher m = PAGE.matcher(key.value());
    if (m.matches()) {
      return Optional.of(new Page(new IncidentId(Long.parseLong(m.group(1))), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
    }
    m = FOLLOW_UP.matcher(key.value());
    if (m.matches()) {
      return Optional.of(new FollowUp(new IncidentId(Long.parseLong(m.group(1))), m.group(2), m.group(3), m.group(4)));
    }
    m = ACTION.matcher(key.value());
    if (m.matches()) return Optional.of(new Action(new IncidentId(Long.parseLong(m.group(1))), m.group(2), m.group(3)));
    return Optional.empty();
  }
}
