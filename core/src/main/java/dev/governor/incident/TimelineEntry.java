package dev.governor.incident;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One line of an incident's timeline: what happened, when, and who did it (a person, or the
 * integration or component that acted: "alertmanager", "governor", "escalation").
 *
 * @param detail a few machine-readable facts: the alert's key, the role and person, the channel
 */
public record TimelineEntry(Instant at, Kind kind, String actor, String text, Map<String, String> detail) {

  public enum Kind {
    /** An alert joined, changed, was acknowledged or resolved by its source. */
    ALERT,
    /** The incident opened, was acknowledged, resolved or reopened. */
    STATE,
    /** Someone was notified, or a notification failed. */
    NOTIFICATION,
    /** A person wrote a note. */
    COMMENT,
    /** An automated response action ran (a rollback, a runbook). */
    ACTION,
    /** A role (commander, communications, scribe …) was given to someone. */
    ROLE,
    /** The escalation policy moved to another level or person. */
    ESCALATION,
    /** A deployment was linked to it as the likely cause, or unlinked. */
    DEPLOYMENT;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind ofLabel(String label) {
      for (Kind k : values()) if (k.label().equals(label)) return k;
      throw new IllegalArgumentException("a timeline kind is one of alert, state, notification, comment, action,"
          + " role, escalation, deployment, got '" + label + "'");
    }
  }

  /** The longest text one entry holds; a note longer than this belongs in a postmortem. */
  public static final int MAX_TEXT = 10_000;

  public TimelineEntry {
    if (at == null) throw new IllegalArgumentException("a timeline entry needs a time");
    if (kind == null) throw new IllegalArgumentException("a timeline entry needs a kind");
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a timeline entry needs an actor: who or what did it, got '" + actor + "'");
    }
    if (text == null || text.isBlank()) throw new IllegalArgumentException("a timeline entry needs a text");
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("a timeline entry's text is at most " + MAX_TEXT + " characters, got "
          + text.length());
    }
    detail = Map.copyOf(detail);
  }

  public static TimelineEntry of(Instant at, Kind kind, String actor, String text) {
    return new TimelineEntry(at, kind, actor, text, Map.of());
  }
}
