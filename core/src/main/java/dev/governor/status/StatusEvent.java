package dev.governor.status;

import java.time.Instant;

/**
 * One change the public is told of, in the feeds and to subscribers: a component's state changed,
 * an incident update was posted, a maintenance was scheduled.
 *
 * @param kind "component", "incident" or "maintenance"
 * @param subject what it is about: a component key, an incident id, a maintenance id
 */
public record StatusEvent(long id, Instant at, String kind, String subject, String title, String text) {}
