package dev.governor.status;

import dev.governor.incident.IncidentId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Durable state of the public status page: its document, updates, maintenance, overrides, events and subscribers. */
public interface StatusStore {

  /** The applied StatusPage document, as written; empty when none is applied. */
  Optional<StoredPage> page();

  void savePage(StoredPage page);

  boolean deletePage();

  /** Stores an update (its id is given by the store) and its feed event in one transaction. */
  StatusUpdate addUpdate(StatusUpdate update, StatusEvent event);

  /** Every update of the incidents that have one, oldest first. */
  List<StatusUpdate> updates();

  Maintenance addMaintenance(Maintenance maintenance, StatusEvent event);

  /** Cancels one; false when there is none or it was cancelled already. */
  boolean cancelMaintenance(long id, StatusEvent event);

  /** Maintenance that ends after {@code after}, by start. */
  List<Maintenance> maintenances(Instant after);

  void setOverride(ComponentOverride override);

  boolean clearOverride(String component);

  List<ComponentOverride> overrides();

  /** Records that components changed state, one event each, and their states as last known. */
  List<StatusEvent> recordStates(Map<String, ComponentState> states, List<StatusEvent> events);

  /** The states last recorded, by component. */
  Map<String, ComponentState> lastStates();

  /** The newest events, newest first. */
  List<StatusEvent> events(int limit);

  StatusSubscriber subscribe(StatusSubscriber subscriber);

  boolean unsubscribe(long id);

  List<StatusSubscriber> subscribers();

  /** An applied StatusPage document. */
  record StoredPage(String name, String source, Instant appliedAt) {}

  /** Whether an incident exists is the incident store's business; this only keeps its public updates. */
  default List<StatusUpdate> updatesOf(IncidentId incident) {
    return updates().stream().filter(u -> u.incident().equals(incident)).toList();
  }
}
