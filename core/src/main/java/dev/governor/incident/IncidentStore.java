package dev.governor.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Durable incidents, their alerts and timelines, silences and maintenance windows.
 *
 * <p>Everything goes through a transaction: {@link #write} runs the engine's work on one, so a
 * batch of signals is stored whole or not at all, and reads inside it see its own writes. Writes
 * are serialised with every other incident write, of this process and of other replicas sharing
 * the database, so that two signals for the same key can never both open an alert, and incident
 * numbers are given in order.
 */
public interface IncidentStore {

  /**
   * Runs {@code work} in one write transaction: committed, and durable, when it returns; rolled
   * back when it throws.
   */
  <T> T write(Function<Tx, T> work);

  /** Runs {@code work} on committed data; it must not write. */
  <T> T read(Function<Tx, T> work);

  /** What a transaction may do. */
  interface Tx {

    /** The number the next incident gets: one more than the highest given. */
    IncidentId nextIncidentId();

    /** Inserts the incident, or replaces the one with its id. */
    void saveIncident(Incident incident);

    Optional<Incident> incident(IncidentId id);

    /** The newest open incident of the group. */
    Optional<Incident> openIncidentInGroup(String groupKey);

    /** The resolved incident of the group that resolved last. */
    Optional<Incident> lastResolvedInGroup(String groupKey);

    /** Newest (highest number) first. */
    List<Incident> incidents(IncidentQuery query);

    /** The id the next alert gets: one more than the highest given. */
    long nextAlertId();

    /** Inserts the alert, or replaces the one with its id. */
    void saveAlert(IncidentAlert alert);

    /** The alert of this key that has not resolved; there is at most one. */
    Optional<IncidentAlert> openAlert(String integration, String dedupKey);

    /** Every alert that has not resolved, suppressed or not, oldest first. */
    List<IncidentAlert> openAlerts();

    /** The alerts of an incident, oldest first. */
    List<IncidentAlert> alertsOf(IncidentId incident);

    /** Which of {@code keys} of {@code integration} any alert, open or resolved, ever had. */
    Set<String> knownDedupKeys(String integration, Collection<String> keys);

    /** Appends to the incident's timeline. */
    void appendTimeline(IncidentId incident, TimelineEntry entry);

    /** The incident's timeline in the order it was written. */
    List<TimelineEntry> timeline(IncidentId incident);

    /** Inserts the silence, or replaces the one with its id. */
    void saveSilence(Silence silence);

    Optional<Silence> silence(SilenceId id);

    /**
     * Silences that end after {@code endingAfter} (all of them when empty), latest start first, at
     * most {@code limit}.
     */
    List<Silence> silences(Optional<Instant> endingAfter, int limit);

    /** Inserts the window or replaces the one of its name; true when it is new. */
    boolean saveMaintenanceWindow(MaintenanceWindow window);

    /** False when there was none of that name. */
    boolean deleteMaintenanceWindow(String name);

    /** Ordered by name. */
    List<MaintenanceWindow> maintenanceWindows();
  }
}
