package dev.governor.response;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentDetail;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentListener;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentState;
import dev.governor.incident.TimelineEntry;
import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryListener;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.notify.Outbox;
import dev.governor.notify.OutboxEntry;
import dev.governor.oncall.Escalation;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.OnCallDirectory;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;

/**
 * Pages people for incidents: the escalation policy's pages, as they fall due, to every contact of
 * each paged person; a word to those paged when someone acknowledges or resolves; and each
 * delivery's outcome on the incident's timeline.
 *
 * <p><b>No state of its own.</b> Each {@link #run()} (at the next due instant it returned, after
 * a change to an incident, and as a periodic safety sweep) looks at the open,
 * unacknowledged incidents whose {@link Incident#notifyAfter()} has passed, recomputes their due
 * pages with {@link Escalation#due} from the policy, the schedules and the time, and enqueues a
 * notification per page and contact under a key that is the same every time
 * ({@link ResponseKeys}). The outbox stores a key once, so running again, twice at once on a
 * restart, or after a crash sends nothing twice; a page is new exactly when {@code enqueue} says
 * so, and only then goes on the timeline. A crash between the enqueue and the timeline write
 * therefore loses a timeline line, never a page (and the settled line still comes). The listener
 * calls ({@link #opened} …) page at once when the group wait is already over.
 *
 * <p>Escalation stops when the incident is acknowledged or resolved: only triggered incidents are
 * escalated, so nothing later than the acknowledgement is computed. A reopened incident starts
 * again from round 1 under keys of its new life ({@code incident-12/reopen-1/…}).
 *
 * <p>Who is paged for an incident: the policies of its services (the default policy for a service
 * no policy names); one without services goes to the default policy. A level that reached nobody
 * (a gap in the schedule, a person without contacts, no policy at all) goes on the timeline once,
 * so an unstaffed page is visible rather than silent.
 */
public final class EscalationRunner implements IncidentListener, DeliveryListener {

  /** The actor of what this writes on timelines. */
  public static final String ACTOR = "escalation";

  /** Open incidents escalated per run; more than this open at once is a bigger problem than paging. */
  static final int MAX_OPEN = 1000;

  /** Paged notifications an acknowledgement looks through to find whom to tell. */
  static final int MAX_SENT = 1000;

  private final AlertSeverity pageFrom;
  private final IncidentEngine incidents;
  private final OnCallDirectory onCall;
  private final Outbox outbox;
  private final Predicate<Notification> enqueue;
  private final IncidentMessages messages;
  private final InstantSource clock;

  /**
   * @param outbox where what was sent is looked up (who was paged)
   * @param enqueue stores a notification for delivery and says whether its key was new (the
   *     dispatcher's {@code enqueue}, which also wakes the sender)
   */
  private final AcknowledgeLinks acknowledgeLinks;

  public EscalationRunner(IncidentEngine incidents, OnCallDirectory onCall, Outbox outbox,
      Predicate<Notification> enqueue, IncidentMessages messages, AlertSeverity pageFrom, InstantSource clock) {
    this(incidents, onCall, outbox, enqueue, messages, pageFrom, clock, AcknowledgeLinks.NONE);
  }

  /**
   * @param acknowledgeLinks makes the one-click acknowledge link each page carries for the person
   *     paged; {@link AcknowledgeLinks#NONE} for pages without one
   */
  public EscalationRunner(IncidentEngine incidents, OnCallDirectory onCall, Outbox outbox,
      Predicate<Notification> enqueue, IncidentMessages messages, AlertSeverity pageFrom, InstantSource clock,
      AcknowledgeLinks acknowledgeLinks) {
    this.acknowledgeLinks = acknowledgeLinks;
    this.pageFrom = pageFrom;
    this.incidents = incidents;
    this.onCall = onCall;
    this.outbox = outbox;
    this.enqueue = enqueue;
    this.messages = messages;
    this.clock = clock;
  }

  /**
   * Pages what is due for every triggered incident whose group wait is over, and says when the next
   * page falls due: the earliest end of a group wait still running, or next escalation level, of
   * the incidents that page. Empty when none will without a change to an incident (an
   * acknowledgement, an alert that makes a ticket a page, ...), which the listener calls report.
   */
  public synchronized Optional<Instant> run() {
    Instant now = clock.instant();
    List<Incident> open = incidents.list(new IncidentQuery(Set.of(IncidentState.TRIGGERED), Optional.empty(),
        Optional.empty(), MAX_OPEN));
    if (open.isEmpty()) return Optional.empty(); // the usual case: no need to read the on-call documents
    OnCallSnapshot snapshot = onCall.snapshot();
    Optional<Instant> next = Optional.empty();
    for (Incident incident : open) {
      if (pageFrom.worseThan(incident.severity())) continue;
      next = earliest(next, incident.notifyAfter().isAfter(now) ? Optional.of(incident.notifyAfter())
          : escalate(incident, snapshot, now));
    }
    return next;
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return a.get().isBefore(b.get()) ? a : b;
  }

  /** Pages what is due for one incident now, if it is triggered and its group wait is over. */
  public synchronized void run(IncidentId id) {
    Instant now = clock.instant();
    incidents.get(id).map(IncidentDetail::incident)
        .filter(i -> i.state() == IncidentState.TRIGGERED && pages(i, now))
        .ifPresent(i -> escalate(i, onCall.snapshot(), now));
  }

  /**
   * Whether the incident pages now: its group wait is over and it is at least {@code pageFrom}. A
   * warning (an alert that named no severity, a burn-rate ticket) waits for office hours; it pages
   * once an alert that is worse joins it.
   */
  private boolean pages(Incident incident, Instant now) {
    return !incident.notifyAfter().isAfter(now) && !pageFrom.worseThan(incident.severity());
  }

  /** Pages what is due; returns when the incident's next level falls due, if one will. */
  private Optional<Instant> escalate(Incident incident, OnCallSnapshot snapshot, Instant now) {
    // The timeline says when each level was notified; the message is built only for a new page.
    Supplier<IncidentDetail> detail = memo(() -> incidents.get(incident.id()).orElseThrow());
    Supplier<Message> page = memo(() -> messages.triggered(detail.get()));
    List<EscalationPolicy> policies = policiesFor(incident, snapshot);
    if (policies.isEmpty()) {
      missOnce(incident, detail, ResponseKeys.lifePrefix(incident) + "no-policy", now,
          "nobody was paged: no escalation policy covers "
              + (incident.services().isEmpty() ? "incidents without a service" : String.join(", ", incident.services()))
              + " and none is the default");
      return Optional.empty();
    }
    Optional<Instant> next = Optional.empty();
    Escalation.Incident escalated = new Escalation.Incident(incident.id(), incident.notifyAfter(), Optional.empty(),
        Optional.empty(), Optional.of(notified(incident, detail.get().timeline())));
    for (EscalationPolicy policy : policies) {
      Escalation.Result result = snapshot.escalation(policy, escalated, now);
      next = earliest(next, result.nextDue());
      for (Escalation.Page p : result.pages()) {
        Optional<User> user = snapshot.user(p.user());
        if (user.isEmpty() || user.get().contacts().isEmpty()) {
          missOnce(incident, detail, ResponseKeys.lifePrefix(incident) + "round-" + p.round() + "/level-" + p.level()
              + "/" + p.user() + "/miss", now, "could not page " + p.user() + " (level " + p.level() + ", round "
              + p.round() + "): " + (user.isEmpty() ? "no such user" : "they have no contacts"));
          continue;
        }
        Map<String, Integer> ofType = new HashMap<>();
        for (Channel contact : user.get().contacts()) {
          int n = ofType.merge(contact.type(), 1, Integer::sum);
          NotificationKey key = ResponseKeys.page(incident, p, contact.type(), n);
          // Most runs find every page queued already: asking the outbox first spares reading the
          // incident and writing a transaction per page and contact on every tick.
          if (outbox.get(key).isPresent()) continue;
          // The list this run works through may be seconds old: an incident acknowledged meanwhile
          // must not be paged (the detail is read fresh, once, at the first new page).
          if (detail.get().incident().state() != IncidentState.TRIGGERED) return Optional.empty();
          Message message = acknowledgeLinks.pathFor(incident.id(), p.user().value())
              .map(path -> messages.withAcknowledgeLink(page.get(), p.user().value(), path)).orElseGet(page);
          if (enqueue.test(new Notification(key, contact, message, now))) {
            boolean escalation = p.level() > 1 || p.round() > 1;
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("key", key.value());
            facts.put("user", p.user().value());
            facts.put("channel", contact.type());
            facts.put("level", Integer.toString(p.level()));
            facts.put("round", Integer.toString(p.round()));
            facts.put("policy", policy.name().value());
            record(incident.id(), new TimelineEntry(now,
                escalation ? TimelineEntry.Kind.ESCALATION : TimelineEntry.Kind.NOTIFICATION, ACTOR,
                "paged " + p.user() + " via " + contact.type() + " (level " + p.level() + ", round " + p.round() + ")",
                facts));
          }
        }
      }
      for (Escalation.Miss miss : result.misses()) {
        missOnce(incident, detail, ResponseKeys.lifePrefix(incident) + "round-" + miss.round() + "/level-" + miss.level()
            + "/schedule-" + miss.schedule() + "/miss", now, "nobody paged through schedule " + miss.schedule()
            + " (level " + miss.level() + ", round " + miss.round() + "): " + switch (miss.why()) {
              case NOBODY_ON_CALL -> "nobody is on call then";
              case NO_SUCH_SCHEDULE -> "no such schedule";
            });
      }
    }
    return next;
  }

  private static final Pattern STEP = Pattern.compile("round-(\\d{1,9})/level-(\\d{1,9})/");

  /**
   * When each level of the incident's current life was first notified (paged, or found to reach
   * nobody), read from what this runner wrote on the timeline: durable, so a restart times the next
   * level from the same moment.
   */
  static Map<String, Instant> notified(Incident incident, List<TimelineEntry> timeline) {
    String life = ResponseKeys.lifePrefix(incident);
    Map<String, Instant> at = new HashMap<>();
    for (TimelineEntry e : timeline) {
      String key = e.detail().get("key");
      if (!ACTOR.equals(e.actor()) || key == null || !key.startsWith(life)) continue;
      Matcher step = STEP.matcher(key.substring(life.length()));
      if (!step.lookingAt()) continue;
      at.merge(Escalation.step(Integer.parseInt(step.group(1)), Integer.parseInt(step.group(2))), e.at(),
          (a, b) -> a.isBefore(b) ? a : b);
    }
    return at;
  }

  /** Distinct policies of the incident's services; the default one for an incident without services. */
  static List<EscalationPolicy> policiesFor(Incident incident, OnCallSnapshot snapshot) {
    Set<EscalationPolicy> policies = new LinkedHashSet<>();
    for (String service : incident.services()) {
      // Services of other tools' alerts are free text; a name Governor cannot hold falls to the default.
      if (Names.isValid(service)) snapshot.policyFor(ServiceName.of(service)).ifPresent(policies::add);
      else snapshot.policies().values().stream().filter(EscalationPolicy::isDefault).findFirst().ifPresent(policies::add);
    }
    if (incident.services().isEmpty()) {
      snapshot.policies().values().stream().filter(EscalationPolicy::isDefault).findFirst().ifPresent(policies::add);
    }
    return new ArrayList<>(policies);
  }

  private void missOnce(Incident incident, Supplier<IncidentDetail> detail, String key, Instant now, String text) {
    // The timeline is the record of a miss (nothing is sent), so it is looked up there.
    boolean recorded = detail.get().timeline().stream().anyMatch(e -> key.equals(e.detail().get("key")));
    if (!recorded) {
      record(incident.id(), new TimelineEntry(now, TimelineEntry.Kind.ESCALATION, ACTOR, text, Map.of("key", key)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Listeners: sooner than the next tick

  @Override
  public void opened(Incident incident) {
    run(incident.id());
  }

  @Override
  public void reopened(Incident incident, String by) {
    run(incident.id());
  }

  @Override
  public void changed(Incident incident, TimelineEntry why) {
    // A new service may bring another policy.
    run(incident.id());
  }

  @Override
  public void acknowledged(Incident incident, String by) {
    followUp(incident, "acknowledged", by);
  }

  @Override
  public void resolved(Incident incident, String by) {
    followUp(incident, "resolved", by);
  }

  /**
   * Tells each person paged for the incident (in any of its lives) what happened, once per event
   * and life, through their contacts now; not the person who did it.
   */
  synchronized void followUp(Incident incident, String event, String by) {
    Set<String> paged = new LinkedHashSet<>();
    for (OutboxEntry sent : outbox.list(Optional.empty(), ResponseKeys.prefix(incident.id()), MAX_SENT)) {
      ResponseKeys.parse(sent.key()).ifPresent(s -> {
        if (s instanceof ResponseKeys.Page p) paged.add(p.user());
      });
    }
    if (paged.isEmpty()) return;
    OnCallSnapshot snapshot = onCall.snapshot();
    Instant now = clock.instant();
    Message message = messages.followUp(incident, event, by);
    for (String name : paged) {
      if (name.equals(by)) continue;
      Optional<User> user = Names.isValid(name) ? snapshot.user(UserName.of(name)) : Optional.empty();
      if (user.isEmpty()) continue;
      Map<String, Integer> ofType = new HashMap<>();
      for (Channel contact : user.get().contacts()) {
        int n = ofType.merge(contact.type(), 1, Integer::sum);
        NotificationKey key = ResponseKeys.followUp(incident, event, name, contact.type(), n);
        if (enqueue.test(new Notification(key, contact, message, now))) {
          record(incident.id(), new TimelineEntry(now, TimelineEntry.Kind.NOTIFICATION, ACTOR,
              "told " + name + " via " + contact.type() + " that it was " + event,
              Map.of("key", key.value(), "user", name, "channel", contact.type())));
        }
      }
    }
  }

  /** A page, follow-up or action delivered or given up on: its line on the incident's timeline. */
  @Override
  public void settled(OutboxEntry entry) {
    Optional<ResponseKeys.Sent> sent = ResponseKeys.parse(entry.key());
    if (sent.isEmpty()) return;
    String outcome = entry.state() == DeliveryState.DELIVERED ? "delivered"
        : "failed for good after " + entry.attempts() + " attempts: " + entry.lastError().orElse("no answer");
    TimelineEntry.Kind kind = TimelineEntry.Kind.NOTIFICATION;
    String text = switch (sent.get()) {
      case ResponseKeys.Page p -> "notification to " + p.user() + " via " + p.channel() + " " + outcome;
      case ResponseKeys.FollowUp f -> "notification to " + f.user() + " via " + f.channel() + " (" + f.event() + ") "
          + outcome;
      case ResponseKeys.Action a -> {
        kind = TimelineEntry.Kind.ACTION;
        yield "action " + a.action() + " (" + a.event() + ") " + outcome;
      }
    };
    if (text.length() > TimelineEntry.MAX_TEXT) text = text.substring(0, TimelineEntry.MAX_TEXT);
    record(sent.get().incident(), new TimelineEntry(entry.settledAt().orElse(clock.instant()), kind, ACTOR, text,
        Map.of("key", entry.key().value(), "state", entry.state().label())));
  }

  private void record(IncidentId id, TimelineEntry entry) {
    incidents.record(id, entry);
  }

  private static <T> Supplier<T> memo(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) value = supplier.get();
        return value;
      }
    };
  }
}
