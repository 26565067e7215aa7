package dev.governor.incident;

/**
 * Told about incidents once each change is stored, in the thread that made it: notifications,
 * escalation and automated actions hook in here. A listener that throws is logged and the others
 * still run; the change stays stored. Listeners should hand work to a durable outbox rather than
 * do it inline, and anything that must not be missed across a crash should also be found from the
 * store ({@link Incident#notifyAfter()} of open incidents), since a crash between the commit and
 * the call loses the call.
 */
public interface IncidentListener {

  default void opened(Incident incident) {}

  default void acknowledged(Incident incident, String by) {}

  default void resolved(Incident incident, String by) {}

  /** Reopened by a person, or by an alert of its group firing again within {@code reopenWithin}. */
  default void reopened(Incident incident, String by) {}

  /**
   * Something escalation may care about changed on an open incident: an alert joined, the
   * severity got worse, a role was assigned. {@code why} is the timeline entry that says so.
   */
  default void changed(Incident incident, TimelineEntry why) {}
}
