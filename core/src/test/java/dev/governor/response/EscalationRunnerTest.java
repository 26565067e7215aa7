package dev.governor.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.IncidentEngine;
import dev.governor.incident.IncidentId;
import dev.governor.incident.IncidentSettings;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import dev.governor.incident.TimelineEntry;
import dev.governor.notify.Channel;
import dev.governor.notify.DeliveryState;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.notify.OutboxEntry;
import dev.governor.oncall.EscalationLevel;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.EscalationPolicyName;
import dev.governor.oncall.EscalationTarget;
import dev.governor.oncall.Layer;
import dev.governor.oncall.OnCallResource;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.ScheduleName;
import dev.governor.oncall.TurnLength;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.slo.ServiceName;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryIncidentStore;
import dev.governor.testing.InMemoryOutbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EscalationRunnerTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  final FakeClock clock = new FakeClock(T0);
  final IncidentEngine engine = new IncidentEngine(new InMemoryIncidentStore(), clock, IncidentSettings.DEFAULTS);
  final InMemoryOutbox outbox = new InMemoryOutbox();
  OnCallSnapshot oncall = OnCallSnapshot.of(team(false));
  final EscalationRunner runner = new EscalationRunner(engine, () -> oncall, outbox, outbox::enqueue,
      new IncidentMessages(URI.create("https://governor.example.com/")), AlertSeverity.ERROR, clock);

  {
    engine.addListener(runner);
  }

  static List<OnCallResource> team(boolean policyCoversCheckout) {
    User alice = new User(UserName.of("alice"), Optional.empty(), Optional.empty(), List.of(
        new Channel.Webhook(URI.create("http://127.0.0.1:9/alice"), Optional.empty()),
        new Channel.Webhook(URI.create("http://127.0.0.1:9/alice-phone"), Optional.empty()),
        new Channel.Email("alice@example.com")));
    User carol = new User(UserName.of("carol"), Optional.empty(), Optional.empty(),
        List.of(new Channel.Webhook(URI.create("http://127.0.0.1:9/carol"), Optional.empty())));
    User dave = new User(UserName.of("dave"), Optional.empty(), Optional.empty(), List.of());
    Schedule primary = new Schedule(ScheduleName.of("primary"), ZoneId.of("Europe/Berlin"), List.of(
        new Layer("weekly", List.of(UserName.of("alice")), LocalDateTime.parse("2026-01-05T09:00"), TurnLength.weeks(1),
            List.of())), List.of());
    EscalationPolicy policy = new EscalationPolicy(EscalationPolicyName.of("shop-team"), List.of(
        new EscalationLevel(Duration.ZERO, List.of(new EscalationTarget.ScheduleTarget(ScheduleName.of("primary")))),
        new EscalationLevel(Duration.ofMinutes(5), List.of(new EscalationTarget.UserTarget(UserName.of("carol")),
            new EscalationTarget.UserTarget(UserName.of("dave"))))),
        0, Duration.ofMinutes(5), policyCoversCheckout ? java.util.Set.of(ServiceName.of("checkout")) : java.util.Set.of(
            ServiceName.of("payments")), false);
    return List.of(alice, carol, dave, primary, policy);
  }

  IncidentId trigger(String service) {
    return trigger(service, AlertSeverity.CRITICAL);
  }

  IncidentId trigger(String service, AlertSeverity severity) {
    engine.accept(List.of(new Signal(SignalSource.ALERTMANAGER, "am", SignalAction.TRIGGER, Optional.of("k-" + service),
        "checkout error rate 12 %", severity, Map.of("service", service), Map.of(), List.of(), T0)));
    return engine.list(dev.governor.incident.IncidentQuery.all(10)).getFirst().id();
  }

  List<String> timeline(IncidentId id) {
    return engine.get(id).orElseThrow().timeline().stream()
        .filter(e -> e.actor().equals(EscalationRunner.ACTOR))
        .map(e -> e.kind().label() + ": " + e.text()).toList();
  }

  @Test
  void run_saysWhenTheNextPageFallsDue_theEarliestGroupWaitEndOrNextLevel_andNothingOnceNoneWillPage() {
    oncall = OnCallSnapshot.of(team(true));
    assertThat(runner.run()).as("no incident: nothing to wake up for").isEmpty();
    IncidentId checkout = trigger("checkout");
    assertThat(runner.run()).as("the end of the group wait").contains(T0.plusSeconds(30));

    clock.advance(Duration.ofSeconds(10));
    trigger("payments"); // no policy covers payments: paged nobody, but its group wait still ends
    assertThat(runner.run()).contains(T0.plusSeconds(30));

    clock.advance(Duration.ofSeconds(20));
    assertThat(runner.run()).as("checkout paged its first level; payments' wait ends next").contains(T0.plusSeconds(40));
    assertThat(outbox.keys()).contains("incident-1/round-1/level-1/alice/webhook");

    clock.advance(Duration.ofSeconds(10));
    assertThat(runner.run()).as("checkout's second level, 5 minutes after its first was paged")
        .contains(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
    assertThat(runner.run()).as("asking again changes nothing").contains(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(5));
    assertThat(runner.run()).as("every level of the only round paged: nothing more will").isEmpty();
    assertThat(outbox.keys()).contains("incident-1/round-1/level-2/carol/webhook");
    engine.acknowledge(checkout, "carol");
    assertThat(runner.run()).isEmpty();
  }

  @Test
  void run_hasNothingDue_forATicketNobodyIsPagedFor_norForAnAcknowledgedIncident() {
    oncall = OnCallSnapshot.of(team(true));
    trigger("checkout", AlertSeverity.WARNING);
    assertThat(runner.run()).as("a warning pages nobody until a worse alert joins it").isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(runner.run()).isEmpty();
    assertThat(outbox.keys()).isEmpty();

    trigger("shipping");
    IncidentId page = engine.list(dev.governor.incident.IncidentQuery.all(10)).stream()
        .filter(i -> i.services().contains("shipping")).findFirst().orElseThrow().id();
    assertThat(runner.run()).contains(clock.instant().plusSeconds(30));
    engine.acknowledge(page, "alice");
    assertThat(runner.run()).as("acknowledged before its group wait ended").isEmpty();
  }

  @Test
  void pagesTheOnCallPerson_afterTheGroupWait_onEveryContact_once() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout");
    runner.run();
    assertThat(outbox.keys()).as("the group wait holds the page back").isEmpty();

    clock.advance(Duration.ofSeconds(30));
    runner.run();
    runner.run();
    assertThat(outbox.keys()).containsExactly(
        "incident-1/round-1/level-1/alice/webhook",
        "incident-1/round-1/level-1/alice/webhook/2",
        "incident-1/round-1/level-1/alice/email");
    Notification page = outbox.get(NotificationKey.of("incident-1/round-1/level-1/alice/webhook")).orElseThrow().notification();
    assertThat(page.message().subject()).isEqualTo("[#1 TRIGGERED] checkout: checkout error rate 12 %");
    assertThat(page.message().text()).contains("Severity: critical", "Services: checkout",
        "- [critical] checkout error rate 12 %", "https://governor.example.com/incidents/1",
        "governor incident ack 1");
    assertThat(timeline(id)).containsExactly(
        "notification: paged alice via webhook (level 1, round 1)",
        "notification: paged alice via webhook (level 1, round 1)",
        "notification: paged alice via email (level 1, round 1)");
  }

  @Test
  void aWarning_pagesNobody_untilSomethingWorseJoinsIt() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout", AlertSeverity.WARNING);
    clock.advance(Duration.ofMinutes(30));
    runner.run();
    assertThat(outbox.keys()).as("a warning is below pageFrom (error)").isEmpty();

    engine.accept(List.of(new Signal(SignalSource.ALERTMANAGER, "am", SignalAction.TRIGGER, Optional.of("k-worse"),
        "checkout is down", AlertSeverity.CRITICAL, Map.of("service", "checkout"), Map.of(), List.of(), clock.instant())));
    runner.run();
    assertThat(engine.get(id).orElseThrow().incident().severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(outbox.keys()).contains("incident-1/round-1/level-1/alice/webhook");
  }

  /**
   * The case: a ticket opened the incident and paged nobody; a page alert joined later.
   * Level 2 waits its five minutes from when level 1 was paged, not from the incident's opening, and
   * the page describes the page alert, not the ticket.
   */
  @Test
  void aLevelIsTimedFromWhenThePreviousLevelWasPaged_notFromTheOpening_andThePageNamesTheWorstAlert() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout", AlertSeverity.WARNING);
    clock.advance(Duration.ofMinutes(4));
    runner.run();
    assertThat(outbox.keys()).isEmpty();

    engine.accept(List.of(new Signal(SignalSource.ALERTMANAGER, "am", SignalAction.TRIGGER, Optional.of("k-page"),
        "checkout burns its budget at 16x", AlertSeverity.CRITICAL, Map.of("service", "checkout"), Map.of(), List.of(),
        clock.instant())));
    runner.run();
    assertThat(outbox.keys()).contains("incident-1/round-1/level-1/alice/webhook").noneMatch(k -> k.contains("level-2"));
    Notification page = outbox.get(NotificationKey.of("incident-1/round-1/level-1/alice/webhook")).orElseThrow().notification();
    assertThat(page.message().subject()).contains("checkout burns its budget at 16x");
    assertThat(engine.get(id).orElseThrow().incident().title()).isEqualTo("checkout burns its budget at 16x");

    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    runner.run();
    assertThat(outbox.keys()).as("4m59s after level 1 was paged").noneMatch(k -> k.contains("level-2"));

    clock.advance(Duration.ofSeconds(1));
    runner.run();
    assertThat(outbox.keys()).as("5m after level 1 was paged").contains("incident-1/round-1/level-2/carol/webhook");
  }

  @Test
  void aPageAlertJoiningLongAfterTheOpening_pagesLevelOneAlone_andLevelTwoItsDelayLater() {
    oncall = OnCallSnapshot.of(team(true));
    trigger("checkout", AlertSeverity.WARNING);
    clock.advance(Duration.ofMinutes(30));
    engine.accept(List.of(new Signal(SignalSource.ALERTMANAGER, "am", SignalAction.TRIGGER, Optional.of("k-page"),
        "checkout is down", AlertSeverity.CRITICAL, Map.of("service", "checkout"), Map.of(), List.of(),
        clock.instant())));
    runner.run();
    assertThat(outbox.keys()).contains("incident-1/round-1/level-1/alice/webhook").noneMatch(k -> k.contains("level-2"));

    clock.advance(Duration.ofMinutes(4));
    runner.run();
    assertThat(outbox.keys()).noneMatch(k -> k.contains("level-2"));
    clock.advance(Duration.ofMinutes(1));
    runner.run();
    assertThat(outbox.keys()).contains("incident-1/round-1/level-2/carol/webhook");
  }

  @Test
  void theNextLevelIsTimedFromTheRecordedPage_evenByARunnerThatStartedAfresh() {
    oncall = OnCallSnapshot.of(team(true));
    trigger("checkout", AlertSeverity.WARNING);
    clock.advance(Duration.ofMinutes(4));
    engine.accept(List.of(new Signal(SignalSource.ALERTMANAGER, "am", SignalAction.TRIGGER, Optional.of("k-page"),
        "checkout is down", AlertSeverity.CRITICAL, Map.of("service", "checkout"), Map.of(), List.of(),
        clock.instant())));
    runner.run();

    // A restart: a new runner over the same store and outbox knows only what they hold.
    EscalationRunner restarted = new EscalationRunner(engine, () -> oncall, outbox, outbox::enqueue,
        new IncidentMessages(URI.create("https://governor.example.com/")), AlertSeverity.ERROR, clock);
    clock.advance(Duration.ofMinutes(3));
    restarted.run();
    assertThat(outbox.keys()).noneMatch(k -> k.contains("level-2"));
    clock.advance(Duration.ofMinutes(2));
    restarted.run();
    assertThat(outbox.keys()).contains("incident-1/round-1/level-2/carol/webhook");
  }

  @Test
  void escalatesToLevelTwo_whenNobodyAcknowledges_andRecordsAPersonWithoutContactsOnce() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout");
    clock.advance(Duration.ofSeconds(30));
    runner.run();
    clock.advance(Duration.ofMinutes(4));
    runner.run();
    assertThat(outbox.keys()).noneMatch(k -> k.contains("level-2"));

    clock.advance(Duration.ofMinutes(1));
    runner.run();
    runner.run();
    assertThat(outbox.keys()).contains("incident-1/round-1/level-2/carol/webhook");
    assertThat(timeline(id)).contains("escalation: paged carol via webhook (level 2, round 1)",
        "escalation: could not page dave (level 2, round 1): they have no contacts")
        .filteredOn(l -> l.contains("dave")).hasSize(1);
  }

  @Test
  void anAcknowledgement_stopsEscalation_andTellsThoseAlreadyPaged_butNotWhoAcknowledged() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout");
    clock.advance(Duration.ofSeconds(30));
    runner.run();
    clock.advance(Duration.ofMinutes(5));
    runner.run();
    engine.acknowledge(id, "carol");
    int sent = outbox.keys().size();
    assertThat(outbox.keys()).contains("incident-1/acknowledged/alice/webhook", "incident-1/acknowledged/alice/email")
        .noneMatch(k -> k.startsWith("incident-1/acknowledged/carol"));

    clock.advance(Duration.ofHours(1));
    runner.run();
    assertThat(outbox.keys()).hasSize(sent);

    engine.resolve(id, "carol");
    assertThat(outbox.keys()).contains("incident-1/resolved/alice/webhook");
    assertThat(outbox.get(NotificationKey.of("incident-1/resolved/alice/webhook")).orElseThrow().notification().message()
        .subject()).isEqualTo("[#1 RESOLVED] checkout: checkout error rate 12 %");
    assertThat(timeline(id)).contains("notification: told alice via webhook that it was acknowledged",
        "notification: told alice via email that it was resolved");
  }

  @Test
  void aReopenedIncident_pagesAgain_underTheKeysOfItsNewLife() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout");
    clock.advance(Duration.ofSeconds(30));
    runner.run();
    engine.resolve(id, "alice");
    clock.advance(Duration.ofMinutes(10));
    engine.reopen(id, "alice", "it is back");
    clock.advance(Duration.ofSeconds(30));
    runner.run();
    assertThat(outbox.keys()).contains("incident-1/reopen-1/round-1/level-1/alice/webhook");
  }

  @Test
  void withoutAPolicy_nobodyIsPaged_andTheTimelineSaysSoOnce() {
    IncidentId id = trigger("checkout");
    clock.advance(Duration.ofMinutes(1));
    runner.run();
    runner.run();
    assertThat(outbox.keys()).isEmpty();
    assertThat(timeline(id)).containsExactly(
        "escalation: nobody was paged: no escalation policy covers checkout and none is the default");
  }

  @Test
  void settledNotifications_goOnTheTimeline() {
    oncall = OnCallSnapshot.of(team(true));
    IncidentId id = trigger("checkout");
    clock.advance(Duration.ofSeconds(30));
    runner.run();
    OutboxEntry page = outbox.get(NotificationKey.of("incident-1/round-1/level-1/alice/webhook")).orElseThrow();
    runner.settled(page.settled(DeliveryState.DELIVERED, clock.instant(), Optional.empty()));
    OutboxEntry email = outbox.get(NotificationKey.of("incident-1/round-1/level-1/alice/email")).orElseThrow();
    runner.settled(new OutboxEntry(email.id(), email.notification(), DeliveryState.FAILED, 7, clock.instant(),
        Optional.of(clock.instant()), Optional.of("no SMTP server")));
    runner.settled(new OutboxEntry(99, new Notification(NotificationKey.of("test/123"), page.notification().channel(),
        page.notification().message(), T0), DeliveryState.DELIVERED, 1, T0, Optional.of(T0), Optional.empty()));
    assertThat(timeline(id)).contains("notification: notification to alice via webhook delivered",
        "notification: notification to alice via email failed for good after 7 attempts: no SMTP server");
  }

  @Test
  void keys_readBackAsWhatTheyWereSentFor() {
    assertThat(ResponseKeys.parse(NotificationKey.of("incident-12/reopen-2/round-3/level-2/carol/webhook/2")))
        .contains(new ResponseKeys.Page(new IncidentId(12), 3, 2, "carol", "webhook"));
    assertThat(ResponseKeys.parse(NotificationKey.of("incident-12/acknowledged/carol/slack")))
        .contains(new ResponseKeys.FollowUp(new IncidentId(12), "acknowledged", "carol", "slack"));
    assertThat(ResponseKeys.parse(NotificationKey.of("incident-12/action/runbook/opened")))
        .contains(new ResponseKeys.Action(new IncidentId(12), "runbook", "opened"));
    assertThat(ResponseKeys.parse(NotificationKey.of("incident-0/action/runbook/opened"))).isEmpty();
    assertThat(ResponseKeys.parse(NotificationKey.of("rollback/7"))).isEmpty();
  }
}
