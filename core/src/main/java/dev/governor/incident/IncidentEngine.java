package dev.governor.incident;

import dev.governor.incident.IntakeResult.Disposition;
import dev.governor.incident.TimelineEntry.Kind;
import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns alert signals into incidents and runs their lifecycle: the engine behind every
 * {@link SignalIntake}.
 *
 * <h2>Dedup: PagerDuty's rules, per (integration, dedup key)</h2>
 * An alert is the life of one key from its first trigger to its resolution. A trigger for a key
 * whose alert is open refreshes that alert (summary, severity, labels, details, links, last seen)
 * and changes nothing else; a trigger after it resolved opens a new alert with a new id. An
 * acknowledge or resolve for a key with no open alert is {@code DROPPED}: a late resolve must not
 * resurrect anything. A trigger without a key gets a random one, so it always opens a new alert.
 * The same key in two integrations names two alerts; keys are the sender's, and two senders
 * never agreed on them.
 *
 * <h2>Suppression: silences, maintenance windows, inhibition</h2>
 * A new alert that an active silence or maintenance window matches is {@code SILENCED}; one that an
 * open alert inhibits (by default a page suppresses the ticket of the same SLO) is
 * {@code INHIBITED}. Either way it is stored, with what suppressed it, and opens no incident. It
 * is judged again on every trigger that refreshes it: once nothing suppresses it any more (the
 * silence ended, the page resolved) it goes into an incident like a new alert. Alertmanager
 * re-sends firing alerts, and Governor's own reconciliation re-sends suppressed ones on every tick,
 * so an alert still firing when a maintenance window closes does page. Suppression is decided when
 * an alert arrives, not retroactively: a silence made now does not take alerts out of open
 * incidents.
 *
 * <h2>Grouping</h2>
 * A new alert joins the open incident of its group, so one outage is one incident however many
 * alerts it fires. The group key is the values of the {@code groupBy} labels (default
 * {@code service}; a missing one counts as "", as in Alertmanager's group_by). An alert that carries
 * none of them groups by its integration and {@code alertname} label, the way Alertmanager names an
 * alert; one without an alertname either stays alone (its group is its own key). Alone is the
 * safe choice: two unlabelled alerts from a PagerDuty sender have nothing to say they are related,
 * and merging them would hide the second page. Integrations are not part of a label group: a
 * Governor burn-rate page and an Alertmanager alert for the same service are the same outage.
 *
 * <p>When the group has no open incident, a new one opens, numbered by the store in order, with
 * {@code notifyAfter = openedAt + groupWait}: the escalation runner pages only then, so alerts
 * that fire together make one page. If {@code reopenWithin} is positive and the group's last
 * incident resolved less than that ago, that incident reopens instead: a flapping alert is one
 * incident, not ten.
 *
 * <h2>Lifecycle</h2>
 * Triggered, acknowledged, resolved; a resolved incident may be reopened, by a person or by its
 * group firing again within {@code reopenWithin}. Acknowledging or resolving an incident does the
 * same to its open alerts as Governor sees them (the sender is not told; a later resolve from it
 * is dropped, a later trigger opens a new alert, as in PagerDuty). In the other direction, alerts
 * acknowledged at their source acknowledge the incident once all its open alerts are, and alerts
 * resolving resolve it once all are, when {@code autoResolve} is on. A new alert joining an
 * acknowledged incident leaves it acknowledged: someone is on it. Refusals (acknowledging a
 * resolved incident, reopening an open one) are {@link IncidentOutcome.Refused} values.
 *
 * <p>Every alert arrival and change, state change, note, role and recorded notification or action
 * goes on the incident's timeline with who did it and when. Changes by a sender name its
 * integration as the actor.
 *
 * <h2>Durability and listeners</h2>
 * Each call is one store transaction: a batch of signals is stored whole or not at all, and is
 * stored when {@link #accept} returns. The store serialises incident writes (across replicas on
 * PostgreSQL), so the reads a decision is based on cannot change under it. Listeners are called
 * after the commit, in the calling thread, in the order the changes were made; a failing listener
 * is logged and does not undo anything.
 */
public final class IncidentEngine implements SignalIntake {

  private static final System.Logger LOG = System.getLogger(IncidentEngine.class.getName());

  /** The most silences a list returns. */
  public static final int MAX_SILENCES = 1000;

  private final IncidentStore store;
  private final InstantSource clock;
  private final IncidentSettings settings;
  private final List<IncidentListener> listeners = new CopyOnWriteArrayList<>();
  /** Counts committed changes; a snapshot of the open incidents is good while it has not moved. */
  private final AtomicLong changes = new AtomicLong();
  private volatile OpenIncidents open = new OpenIncidents(-1, List.of());

  public IncidentEngine(IncidentStore store, InstantSource clock, IncidentSettings settings) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
  }

  public IncidentSettings settings() {
    return settings;
  }

  /** Adds a listener, told about every later change. */
  public void addListener(IncidentListener listener) {
    listeners.add(listener);
  }

  // ---------------------------------------------------------------------------------------------
  // Intake

  @Override
  public List<IntakeResult> accept(List<Signal> signals) {
    if (signals.isEmpty()) return List.of();
    Instant now = now();
    return run(work -> {
      List<IntakeResult> results = new ArrayList<>(signals.size());
      for (Signal signal : signals) results.add(work.apply(signal));
      return results;
    }, now);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Acknowledges the incident and its open alerts; acknowledging it again changes nothing. */
  public IncidentOutcome acknowledge(IncidentId id, String who) {
    String by = requireActor(who);
    return change(id, (work, incident) -> switch (incident.state()) {
      case RESOLVED -> new IncidentOutcome.Refused(incident,
          "incident " + id + " is resolved; reopen it before acknowledging it");
      case ACKNOWLEDGED -> new IncidentOutcome.Applied(incident, false);
      case TRIGGERED -> new IncidentOutcome.Applied(work.acknowledge(incident, by, "acknowledged by " + by), true);
    });
  }

  /** Resolves the incident and its open alerts; resolving it again changes nothing. */
  public IncidentOutcome resolve(IncidentId id, String who) {
    String by = requireActor(who);
    return change(id, (work, incident) -> incident.isOpen()
        ? new IncidentOutcome.Applied(work.resolve(incident, by, "resolved by " + by), true)
        : new IncidentOutcome.Applied(incident, false));
  }

  /** Reopens a resolved incident; {@code why} goes on the timeline. */
  public IncidentOutcome reopen(IncidentId id, String who, String why) {
    String by = requireActor(who);
    requireText(why, "why");
    return change(id, (work, incident) -> incident.isOpen()
        ? new IncidentOutcome.Refused(incident,
            "incident " + id + " is " + incident.state().label() + "; only a resolved incident can be reopened")
        : new IncidentOutcome.Applied(work.reopen(incident, by, "reopened by " + by + ": " + why.strip()), true));
  }

  /** Adds a note by a person to the timeline, whatever the state (notes after the fact are normal). */
  public IncidentOutcome note(IncidentId id, String who, String text) {
    String by = requireActor(who);
    requireText(text, "text");
    return change(id, (work, incident) -> {
      work.append(incident.id(), new TimelineEntry(work.now, Kind.COMMENT, by, text.strip(), Map.of()));
      return new IncidentOutcome.Applied(incident, true);
    });
  }

  /** Gives {@code role} (commander, communications, scribe …) to {@code person}. */
  public IncidentOutcome assignRole(IncidentId id, String role, String person, String who) {
    Incident.requireRole(role);
    requireText(person, "person");
    String by = requireActor(who);
    return change(id, (work, incident) -> {
      String previous = incident.roles().get(role);
      if (person.strip().equals(previous)) return new IncidentOutcome.Applied(incident, false);
      Incident assigned = incident.withRole(role, person.strip());
      work.tx.saveIncident(assigned);
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("role", role);
      detail.put("person", person.strip());
      if (previous != null) detail.put("previous", previous);
      TimelineEntry entry = new TimelineEntry(work.now, Kind.ROLE, by,
          person.strip() + " is " + role + (previous == null ? "" : ", taking over from " + previous), detail);
      work.append(id, entry);
      work.events.add(l -> l.changed(assigned, entry));
      return new IncidentOutcome.Applied(assigned, true);
    });
  }

  /**
   * Appends what another part of Governor did for the incident: a notification sent, an
   * escalation, an automated action.
   */
  public IncidentOutcome record(IncidentId id, TimelineEntry entry) {
    return change(id, (work, incident) -> {
      work.append(id, entry);
      return new IncidentOutcome.Applied(incident, true);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  public Optional<IncidentDetail> get(IncidentId id) {
    return store.read(tx -> tx.incident(id).map(i -> new IncidentDetail(i, tx.alertsOf(id), tx.timeline(id))));
  }

  public List<Incident> list(IncidentQuery query) {
    return store.read(tx -> tx.incidents(query));
  }

  /** The most open incidents {@link #openIncidents()} holds. */
  public static final int MAX_OPEN = 1000;

  /**
   * The open incidents, newest first, at most {@link #MAX_OPEN}: read from the store again only
   * after a change committed through this engine, because deploy gates ask at every decision and
   * the open set changes far less often than pipelines ask. A change is counted after its commit
   * and the count is read before the store, so a snapshot is never kept past a change it missed.
   */
  public List<Incident> openIncidents() {
    OpenIncidents known = open;
    long now = changes.get();
    if (known.changes() == now) return known.incidents();
    List<Incident> read = List.copyOf(list(IncidentQuery.open(MAX_OPEN)));
    open = new OpenIncidents(now, read);
    return read;
  }

  private record OpenIncidents(long changes, List<Incident> incidents) {}

  /**
   * Time to acknowledge and to resolve of the incidents opened in {@code period}, with medians per
   * service and per team; {@code teamOfService} names the team of a service whose incident has no
   * {@code team} label.
   */
  public IncidentStats stats(TimeRange period, Function<String, Optional<String>> teamOfService) {
    List<Incident> opened = store.read(tx -> tx.incidents(
        new IncidentQuery(Set.of(), Optional.empty(), Optional.of(period), Integer.MAX_VALUE)));
    return IncidentStats.of(period, opened, teamOfService);
  }

  /** The open alerts of {@code integration}, suppressed or not: what a source believes is firing. */
  public List<IncidentAlert> openAlerts(String integration) {
    return store.read(tx -> tx.openAlerts().stream().filter(a -> a.integration().equals(integration)).toList());
  }

  /** Which of {@code keys} the integration ever sent, for senders that reconcile their state. */
  public Set<String> knownDedupKeys(String integration, Collection<String> keys) {
    if (keys.isEmpty()) return Set.of();
    return store.read(tx -> tx.knownDedupKeys(integration, keys));
  }

  // ---------------------------------------------------------------------------------------------
  // Silences and maintenance windows

  /**
   * Makes a silence.
   *
   * @throws IllegalArgumentException when the matchers select every alert, it ends before it
   *     starts or before now, or createdBy or comment is missing
   */
  public Silence silence(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
      String comment) {
    Instant now = now();
    startsAt = startsAt.truncatedTo(ChronoUnit.MILLIS);
    endsAt = endsAt.truncatedTo(ChronoUnit.MILLIS);
    if (!endsAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("endsAt must be after startsAt, got " + startsAt + " .. " + endsAt);
    }
    if (!endsAt.isAfter(now)) {
      throw new IllegalArgumentException("endsAt " + endsAt + " has passed (it is " + now + "); a silence must end in the future");
    }
    Silence silence = new Silence(SilenceId.random(), matchers, startsAt, endsAt,
        createdBy == null ? null : createdBy.strip(), comment == null ? null : comment.strip());
    store.write(tx -> {
      tx.saveSilence(silence);
      return null;
    });
    return silence;
  }

  /** Ends the silence now; empty when there is none with that id. An expired one stays as it is. */
  public Optional<Silence> expireSilence(SilenceId id) {
    Instant now = now();
    return store.write(tx -> tx.silence(id).map(s -> {
      Silence expired = s.expiredAt(now);
      if (!expired.equals(s)) tx.saveSilence(expired);
      return expired;
    }));
  }

  public Optional<Silence> silenceById(SilenceId id) {
    return store.read(tx -> tx.silence(id));
  }

  /** Pending and active silences, and expired ones too when asked; latest start first. */
  public List<Silence> silences(boolean includeExpired, int limit) {
    Optional<Instant> endingAfter = includeExpired ? Optional.empty() : Optional.of(clock.instant());
    return store.read(tx -> tx.silences(endingAfter, limit));
  }

  /** Stores the window, replacing the one of its name; true when it is new. */
  public boolean saveMaintenanceWindow(MaintenanceWindow window) {
    return store.write(tx -> tx.saveMaintenanceWindow(window));
  }

  public boolean deleteMaintenanceWindow(String name) {
    return store.write(tx -> tx.deleteMaintenanceWindow(name));
  }

  public List<MaintenanceWindow> maintenanceWindows() {
    return store.read(IncidentStore.Tx::maintenanceWindows);
  }

  // ---------------------------------------------------------------------------------------------
  // How a call runs

  private IncidentOutcome change(IncidentId id, BiFunction<Work, Incident, IncidentOutcome> change) {
    return run(work -> work.tx.incident(id)
        .map(incident -> change.apply(work, incident))
        .orElseGet(() -> new IncidentOutcome.NotFound(id)), now());
  }

  private <T> T run(Function<Work, T> body, Instant now) {
    List<Consumer<IncidentListener>> events = new ArrayList<>();
    T result = store.write(tx -> {
      events.clear(); // in case a store runs the work again after a conflict
      return body.apply(new Work(tx, now, events));
    });
    changes.incrementAndGet();
    for (Consumer<IncidentListener> event : events) {
      for (IncidentListener listener : listeners) {
        try {
          event.accept(listener);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "incident listener " + listener + " failed; the change is stored", e);
        }
      }
    }
    return result;
  }

  /** One transaction's worth of decisions; listeners' calls wait in {@code events} for the commit. */
  private final class Work {
    final IncidentStore.Tx tx;
    final Instant now;
    final List<Consumer<IncidentListener>> events;
    private List<Silence> silences;
    private List<MaintenanceWindow> windows;

    Work(IncidentStore.Tx tx, Instant now, List<Consumer<IncidentListener>> events) {
      this.tx = tx;
      this.now = now;
      this.events = events;
    }

    IntakeResult apply(Signal signal) {
      return switch (signal.action()) {
        case TRIGGER -> trigger(signal);
        case ACKNOWLEDGE -> acknowledgeAlert(signal);
        case RESOLVE -> resolveAlert(signal);
      };
    }

    private IntakeResult trigger(Signal signal) {
      String key = signal.dedupKey().orElseGet(() -> UUID.randomUUID().toString());
      Optional<IncidentAlert> open = tx.openAlert(signal.integration(), key);
      if (open.isEmpty()) {
        IncidentAlert alert = new IncidentAlert(tx.nextAlertId(), signal.source(), signal.integration(), key,
            Optional.empty(), IncidentState.TRIGGERED, Optional.empty(), signal.summary(), signal.severity(),
            signal.labels(), signal.details(), signal.links(),
            groupKey(settings.groupBy(), signal.integration(), key, signal.labels()),
            signal.at().truncatedTo(ChronoUnit.MILLIS), now, now, Optional.empty());
        Optional<Suppression> why = suppression(alert);
        if (why.isPresent()) {
          tx.saveAlert(alert.suppressed(why.get()));
          return new IntakeResult(key, why.get().kind().disposition(), Optional.empty());
        }
        return place(alert);
      }
      IncidentAlert before = open.get();
      IncidentAlert alert = before.refreshed(signal, now);
      if (before.suppression().isPresent()) {
        Optional<Suppression> still = suppression(alert);
        if (still.isPresent()) {
          tx.saveAlert(alert.suppressed(still.get()));
          return new IntakeResult(key, Disposition.UPDATED, Optional.empty());
        }
        return place(alert);
      }
      IncidentId id = alert.incident().orElseThrow(() -> new IllegalStateException(
          "open alert " + alert.ref() + " is neither suppressed nor in an incident"));
      tx.saveAlert(alert);
      Incident incident = tx.incident(id).orElseThrow();
      Incident summarised = incident.summarising(tx.alertsOf(id));
      if (!summarised.equals(incident)) tx.saveIncident(summarised);
      if (alert.severity() != before.severity()) {
        TimelineEntry entry = alertEntry(alert, "alert " + alert.ref() + " changed severity from "
            + before.severity().label() + " to " + alert.severity().label());
        append(id, entry);
        if (summarised.severity().worseThan(incident.severity())) events.add(l -> l.changed(summarised, entry));
      }
      retitled(incident, summarised);
      return new IntakeResult(key, Disposition.UPDATED, Optional.of(id));
    }

    /** Puts an alert that nothing suppresses into its group's incident, a reopened one, or a new one. */
    private IntakeResult place(IncidentAlert alert) {
      Optional<Incident> open = tx.openIncidentInGroup(alert.groupKey());
      if (open.isPresent()) {
        Incident incident = open.get();
        tx.saveAlert(alert.inIncident(incident.id()));
        Incident joined = incident.summarising(tx.alertsOf(incident.id()));
        tx.saveIncident(joined);
        TimelineEntry entry = alertEntry(alert, "alert joined: " + describe(alert));
        append(incident.id(), entry);
        retitled(incident, joined);
        events.add(l -> l.changed(joined, entry));
        return new IntakeResult(alert.dedupKey(), Disposition.JOINED_INCIDENT, Optional.of(incident.id()));
      }
      Optional<Incident> recent = recentlyResolved(alert.groupKey());
      if (recent.isPresent()) {
        Incident incident = recent.get();
        Duration since = Duration.between(incident.resolvedAt().orElseThrow(), now);
        tx.saveAlert(alert.inIncident(incident.id()));
        Incident reopened = incident.reopened(now.plus(settings.groupWait())).summarising(tx.alertsOf(incident.id()));
        tx.saveIncident(reopened);
        append(incident.id(), alertEntry(alert, "alert fired: " + describe(alert)));
        append(incident.id(), new TimelineEntry(now, Kind.STATE, alert.integration(),
            "reopened: an alert of its group fired again " + since.toSeconds() + "s after it resolved"
                + " (within reopenWithin " + settings.reopenWithin() + ")",
            Map.of("state", IncidentState.TRIGGERED.label(), "alert", alert.ref())));
        events.add(l -> l.reopened(reopened, alert.integration()));
        return new IntakeResult(alert.dedupKey(), Disposition.JOINED_INCIDENT, Optional.of(incident.id()));
      }
      IncidentId id = tx.nextIncidentId();
      IncidentAlert member = alert.inIncident(id);
      Incident incident = new Incident(id, title(alert), IncidentState.TRIGGERED, alert.severity(), List.of(),
          List.of(), alert.labels(), alert.groupKey(), now, now.plus(settings.groupWait()), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), 0).summarising(List.of(member));
      tx.saveIncident(incident); // before its alert, which refers to it
      tx.saveAlert(member);
      append(id, new TimelineEntry(now, Kind.STATE, alert.integration(), "incident opened",
          Map.of("state", IncidentState.TRIGGERED.label())));
      append(id, alertEntry(alert, "alert fired: " + describe(alert)));
      events.add(l -> l.opened(incident));
      return new IntakeResult(alert.dedupKey(), Disposition.OPENED_INCIDENT, Optional.of(id));
    }

    private Optional<Incident> recentlyResolved(String groupKey) {
      if (!settings.reopenWithin().isPositive()) return Optional.empty();
      return tx.lastResolvedInGroup(groupKey)
          .filter(i -> !now.isAfter(i.resolvedAt().orElseThrow().plus(settings.reopenWithin())));
    }

    private IntakeResult acknowledgeAlert(Signal signal) {
      String key = signal.dedupKey().orElseThrow();
      Optional<IncidentAlert> open = tx.openAlert(signal.integration(), key);
      if (open.isEmpty()) return new IntakeResult(key, Disposition.DROPPED, Optional.empty());
      IncidentAlert alert = open.get();
      IncidentAlert acknowledged = alert.withState(IncidentState.ACKNOWLEDGED, now);
      tx.saveAlert(acknowledged);
      if (alert.incident().isEmpty() || alert.state() == IncidentState.ACKNOWLEDGED) {
        return new IntakeResult(key, Disposition.ACKNOWLEDGED, alert.incident());
      }
      IncidentId id = alert.incident().get();
      append(id, alertEntry(alert, "alert " + alert.ref() + " acknowledged at its source"));
      Incident incident = tx.incident(id).orElseThrow();
      boolean allAcknowledged = tx.alertsOf(id).stream()
          .filter(IncidentAlert::isOpen)
          .allMatch(a -> a.state() == IncidentState.ACKNOWLEDGED);
      if (incident.state() == IncidentState.TRIGGERED && allAcknowledged) {
        acknowledge(incident, alert.integration(), "acknowledged: every open alert was acknowledged at its source");
      }
      return new IntakeResult(key, Disposition.ACKNOWLEDGED, Optional.of(id));
    }

    private IntakeResult resolveAlert(Signal signal) {
      String key = signal.dedupKey().orElseThrow();
      Optional<IncidentAlert> open = tx.openAlert(signal.integration(), key);
      if (open.isEmpty()) return new IntakeResult(key, Disposition.DROPPED, Optional.empty());
      IncidentAlert alert = open.get();
      tx.saveAlert(alert.withState(IncidentState.RESOLVED, now));
      if (alert.incident().isEmpty()) return new IntakeResult(key, Disposition.RESOLVED, Optional.empty());
      IncidentId id = alert.incident().get();
      append(id, alertEntry(alert, "alert " + alert.ref() + " resolved at its source"));
      Incident incident = tx.incident(id).orElseThrow();
      boolean allResolved = tx.alertsOf(id).stream().noneMatch(IncidentAlert::isOpen);
      if (incident.isOpen() && allResolved) {
        if (settings.autoResolve()) {
          resolve(incident, alert.integration(), "resolved: all its alerts resolved");
        } else {
          append(id, new TimelineEntry(now, Kind.ALERT, alert.integration(),
              "all its alerts resolved; auto-resolve is off, so it stays open until someone resolves it", Map.of()));
        }
      }
      return new IntakeResult(key, Disposition.RESOLVED, Optional.of(id));
    }

    Incident acknowledge(Incident incident, String by, String text) {
      Incident acknowledged = incident.acknowledged(now, by);
      for (IncidentAlert a : tx.alertsOf(incident.id())) {
        if (a.state() == IncidentState.TRIGGERED) tx.saveAlert(a.withState(IncidentState.ACKNOWLEDGED, now));
      }
      tx.saveIncident(acknowledged);
      append(incident.id(), new TimelineEntry(now, Kind.STATE, by, text,
          Map.of("state", IncidentState.ACKNOWLEDGED.label())));
      events.add(l -> l.acknowledged(acknowledged, by));
      return acknowledged;
    }

    Incident resolve(Incident incident, String by, String text) {
      Incident resolved = incident.resolved(now, by);
      for (IncidentAlert a : tx.alertsOf(incident.id())) {
        if (a.isOpen()) tx.saveAlert(a.withState(IncidentState.RESOLVED, now));
      }
      tx.saveIncident(resolved);
      append(incident.id(), new TimelineEntry(now, Kind.STATE, by, text,
          Map.of("state", IncidentState.RESOLVED.label())));
      events.add(l -> l.resolved(resolved, by));
      return resolved;
    }

    Incident reopen(Incident incident, String by, String text) {
      Incident reopened = incident.reopened(now.plus(settings.groupWait()));
      tx.saveIncident(reopened);
      append(incident.id(), new TimelineEntry(now, Kind.STATE, by, text,
          Map.of("state", IncidentState.TRIGGERED.label())));
      events.add(l -> l.reopened(reopened, by));
      return reopened;
    }

    void append(IncidentId id, TimelineEntry entry) {
      tx.appendTimeline(id, entry);
    }

    /** Says on the timeline when the severity rose or the title moved to another alert, and why. */
    private void retitled(Incident before, Incident after) {
      boolean raised = after.severity().worseThan(before.severity());
      boolean retitled = !after.title().equals(before.title());
      if (!raised && !retitled) return;
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("severity", after.severity().label());
      detail.put("title", after.title());
      append(after.id(), new TimelineEntry(now, Kind.STATE, "governor",
          (raised ? "severity raised from " + before.severity().label() + " to " + after.severity().label() : "")
              + (raised && retitled ? "; " : "")
              + (retitled ? "title now names the most severe firing alert: " + after.title() : ""),
          detail));
    }

    private TimelineEntry alertEntry(IncidentAlert alert, String text) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("alert", Long.toString(alert.id()));
      detail.put("integration", alert.integration());
      detail.put("dedupKey", alert.dedupKey());
      detail.put("severity", alert.severity().label());
      return new TimelineEntry(now, Kind.ALERT, alert.integration(), text, detail);
    }

    /** What keeps this alert out of incidents now, if anything; silences first, then inhibition. */
    private Optional<Suppression> suppression(IncidentAlert alert) {
      if (silences == null) {
        silences = tx.silences(Optional.of(now), Integer.MAX_VALUE);
        windows = tx.maintenanceWindows();
      }
      for (Silence s : silences) {
        if (s.silences(alert.labels(), now)) return Optional.of(new Suppression(Suppression.Kind.SILENCED, "silence " + s.id()));
      }
      for (MaintenanceWindow w : windows) {
        if (w.silences(alert.labels(), now)) {
          return Optional.of(new Suppression(Suppression.Kind.SILENCED, "maintenance " + w.name()));
        }
      }
      List<InhibitionRule> rules = settings.inhibitionRules().stream()
          .filter(r -> LabelMatcher.all(r.target(), alert.labels()))
          .toList();
      if (rules.isEmpty()) return Optional.empty(); // spares the read of every open alert
      for (IncidentAlert source : tx.openAlerts()) {
        if (source.id() == alert.id()) continue;
        for (InhibitionRule rule : rules) {
          if (rule.inhibits(source.labels(), alert.labels())) {
            return Optional.of(new Suppression(Suppression.Kind.INHIBITED, "alert " + source.ref()));
          }
        }
      }
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The store keeps milliseconds; deciding on the same precision makes what is returned what is stored. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The group of an alert: {@code by:service="checkout"} from the groupBy labels it carries (a
   * missing one is ""), else {@code alertname:"integration","name"}, else
   * {@code alert:"integration","key"} (alone).
   */
  static String groupKey(List<String> groupBy, String integration, String dedupKey, Map<String, String> labels) {
    if (groupBy.stream().anyMatch(l -> present(labels.get(l)))) {
      return "by:" + groupBy.stream().map(l -> l + "=" + quote(labels.getOrDefault(l, "")))
          .collect(Collectors.joining(","));
    }
    String alertname = labels.get("alertname");
    if (present(alertname)) return "alertname:" + quote(integration) + "," + quote(alertname);
    return "alert:" + quote(integration) + "," + quote(dedupKey);
  }

  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  static String title(IncidentAlert alert) {
    if (present(alert.summary())) return alert.summary().strip();
    String alertname = alert.labels().get("alertname");
    return present(alertname) ? alertname.strip() : "alert " + alert.ref();
  }

  private static String describe(IncidentAlert alert) {
    return (present(alert.summary()) ? alert.summary().strip() : alert.ref()) + " (" + alert.severity().label() + ")";
  }

  private static String requireActor(String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("by must name who acts, such as \"alice\", got '" + by + "'");
    }
    return by.strip();
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException(what + " must not be empty");
    if (text.length() > TimelineEntry.MAX_TEXT) {
      throw new IllegalArgumentException(what + " is at most " + TimelineEntry.MAX_TEXT + " characters, got " + text.length());
    }
  }
}
