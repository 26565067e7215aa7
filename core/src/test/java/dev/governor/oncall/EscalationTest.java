package dev.governor.oncall;

import static dev.governor.oncall.Schedules.ALICE;
import static dev.governor.oncall.Schedules.BOB;
import static dev.governor.oncall.Schedules.CAROL;
import static dev.governor.oncall.Schedules.at;
import static dev.governor.oncall.Schedules.layer;
import static dev.governor.oncall.Schedules.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.incident.IncidentId;
import dev.governor.slo.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The example policy: level 1 pages whoever is on call in "primary" at once, level 2 pages carol 5
 * minutes later, and the policy runs twice more, each round 5 minutes after the last level.
 */
class EscalationTest {

  static final Instant T = at("2026-03-02T10:00:00Z");
  static final IncidentId INCIDENT = new IncidentId(42);
  static final ScheduleName PRIMARY = ScheduleName.of("primary");

  /** alice until 10:08, then bob: daily turns handing off at 10:08 UTC. */
  static final Schedule SCHEDULE = new Schedule(PRIMARY, ZoneOffset.UTC,
      List.of(layer("daily", "2026-03-01T10:08", TurnLength.days(1), users("alice", "bob"))), List.of());

  static final EscalationPolicy POLICY = new EscalationPolicy(EscalationPolicyName.of("team"),
      List.of(new EscalationLevel(Duration.ZERO, List.of(new EscalationTarget.ScheduleTarget(PRIMARY))),
          new EscalationLevel(Duration.ofMinutes(5), List.of(new EscalationTarget.UserTarget(CAROL)))),
      2, Duration.ofMinutes(5), Set.of(ServiceName.of("checkout")), false);

  static Escalation.Result due(Escalation.Incident incident, Instant now) {
    return Escalation.due(POLICY, incident, name -> Optional.ofNullable(Map.of(PRIMARY, SCHEDULE).get(name)), now);
  }

  static Escalation.Incident open() {
    return new Escalation.Incident(INCIDENT, T, Optional.empty(), Optional.empty());
  }

  static List<String> pages(Escalation.Result r) {
    return r.pages().stream().map(p -> p.round() + "." + p.level() + " " + p.user() + " " + p.due()).toList();
  }

  @Test
  void theFirstLevel_isDueAtOnce_andTheSecond_fiveMinutesLater() {
    Escalation.Result atStart = due(open(), T);

    assertThat(pages(atStart)).containsExactly("1.1 alice 2026-03-02T10:00:00Z");
    assertThat(atStart.nextDue()).contains(T.plus(Duration.ofMinutes(5)));
    assertThat(atStart.state()).isEqualTo(Escalation.State.ESCALATING);

    Escalation.Result later = due(open(), T.plus(Duration.ofMinutes(5)));
    assertThat(pages(later)).containsExactly("1.1 alice 2026-03-02T10:00:00Z", "1.2 carol 2026-03-02T10:05:00Z");
    assertThat(later.nextDue()).contains(T.plus(Duration.ofMinutes(10)));
  }

  @Test
  void theScheduleIsAskedAtTheLevelsDueInstant_soARepeatAfterTheHandOffPagesTheNewPerson() {
    Escalation.Result all = due(open(), T.plus(Duration.ofHours(1)));

    // Rounds start at 10:00, 10:10 and 10:20; the hand-off to bob is at 10:08.
    assertThat(pages(all)).containsExactly(
        "1.1 alice 2026-03-02T10:00:00Z", "1.2 carol 2026-03-02T10:05:00Z",
        "2.1 bob 2026-03-02T10:10:00Z", "2.2 carol 2026-03-02T10:15:00Z",
        "3.1 bob 2026-03-02T10:20:00Z", "3.2 carol 2026-03-02T10:25:00Z");
    assertThat(all.nextDue()).isEmpty();
    assertThat(all.state()).isEqualTo(Escalation.State.EXHAUSTED);
  }

  @Test
  void anAcknowledgement_stopsEveryLevelDueAtOrAfterIt() {
    Escalation.Incident acked = new Escalation.Incident(INCIDENT, T, Optional.of(T.plus(Duration.ofMinutes(5))), Optional.empty());

    Escalation.Result r = due(acked, T.plus(Duration.ofHours(1)));

    // Acknowledged at 10:05 sharp: carol's page, due then, is not needed.
    assertThat(pages(r)).containsExactly("1.1 alice 2026-03-02T10:00:00Z");
    assertThat(r.nextDue()).isEmpty();
    assertThat(r.state()).isEqualTo(Escalation.State.ACKNOWLEDGED);
  }

  @Test
  void aResolution_stopsItToo_andAnAcknowledgementStillToComeDoesNotStopWhatIsDueBeforeIt() {
    Escalation.Incident resolved = new Escalation.Incident(INCIDENT, T, Optional.empty(), Optional.of(T.plus(Duration.ofMinutes(12))));
    assertThat(pages(due(resolved, T.plus(Duration.ofHours(1))))).hasSize(3);
    assertThat(due(resolved, T.plus(Duration.ofHours(1))).state()).isEqualTo(Escalation.State.RESOLVED);

    // Recomputed as of 10:06 for an incident acknowledged at 10:12: two pages, and nothing more to come.
    Escalation.Incident ackedLater = new Escalation.Incident(INCIDENT, T, Optional.of(T.plus(Duration.ofMinutes(12))), Optional.empty());
    Escalation.Result asOf = due(ackedLater, T.plus(Duration.ofMinutes(6)));
    assertThat(asOf.pages()).hasSize(2);
    assertThat(asOf.nextDue()).contains(T.plus(Duration.ofMinutes(10)));
    assertThat(asOf.state()).isEqualTo(Escalation.State.ESCALATING);
  }

  @Test
  void keys_areStable_soARecomputationAfterARestartYieldsTheSamePages() {
    List<String> early = due(open(), T.plus(Duration.ofMinutes(7))).pages().stream().map(Escalation.Page::key).toList();
    List<String> late = due(open(), T.plus(Duration.ofHours(2))).pages().stream().map(Escalation.Page::key).toList();

    assertThat(early).containsExactly("incident-42/round-1/level-1/alice", "incident-42/round-1/level-2/carol");
    assertThat(late).startsWith(early.toArray(String[]::new)).doesNotHaveDuplicates().hasSize(6);
    assertThat(Escalation.key(INCIDENT, 3, 2, CAROL)).isEqualTo("incident-42/round-3/level-2/carol");
  }

  @Test
  void beforeTheIncidentNotifies_nothingIsDue() {
    Escalation.Result r = due(open(), T.minusSeconds(1));

    assertThat(r.pages()).isEmpty();
    assertThat(r.nextDue()).contains(T);
  }

  @Test
  void aUserNamedTwiceInALevel_isPagedOnce_andAScheduleWithNobody_isReportedAsAMiss() {
    Schedule office = new Schedule(ScheduleName.of("office"), ZoneOffset.UTC,
        List.of(layer("office", "2026-03-01T00:00", TurnLength.weeks(1), users("alice"),
            new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(10, 0)))), List.of());
    EscalationPolicy policy = new EscalationPolicy(EscalationPolicyName.of("office"),
        List.of(new EscalationLevel(Duration.ZERO, List.of(new EscalationTarget.ScheduleTarget(PRIMARY),
            new EscalationTarget.UserTarget(ALICE), new EscalationTarget.ScheduleTarget(office.name()),
            new EscalationTarget.ScheduleTarget(ScheduleName.of("gone"))))),
        0, Duration.ZERO, Set.of(), true);
    Map<ScheduleName, Schedule> schedules = Map.of(PRIMARY, SCHEDULE, office.name(), office);

    Escalation.Result r = Escalation.due(policy, open(), n -> Optional.ofNullable(schedules.get(n)), T);

    assertThat(r.pages()).singleElement().satisfies(p -> {
      assertThat(p.user()).isEqualTo(ALICE);
      assertThat(p.via()).isEqualTo(new EscalationTarget.ScheduleTarget(PRIMARY));
    });
    assertThat(r.misses()).extracting(Escalation.Miss::schedule, Escalation.Miss::why).containsExactly(
        org.assertj.core.groups.Tuple.tuple(office.name(), Escalation.Unstaffed.NOBODY_ON_CALL),
        org.assertj.core.groups.Tuple.tuple(ScheduleName.of("gone"), Escalation.Unstaffed.NO_SUCH_SCHEDULE));
    assertThat(r.state()).isEqualTo(Escalation.State.EXHAUSTED);
  }

  @Test
  void thePolicyForAService_isTheOneNamingIt_elseTheDefault() {
    EscalationPolicy fallback = new EscalationPolicy(EscalationPolicyName.of("fallback"), POLICY.levels(), 0,
        Duration.ZERO, Set.of(), true);
    OnCallSnapshot oncall = OnCallSnapshot.of(List.of(SCHEDULE, POLICY, fallback,
        new User(BOB, Optional.empty(), Optional.empty(), List.of())));

    assertThat(oncall.policyFor(ServiceName.of("checkout"))).contains(POLICY);
    assertThat(oncall.policyFor(ServiceName.of("search"))).contains(fallback);
    assertThat(oncall.escalation(ServiceName.of("checkout"), open(), T).orElseThrow().pages()).hasSize(1);
    assertThat(oncall.referrers(OnCallKind.SCHEDULE, "primary"))
        .containsExactly("escalation policy fallback (level 1)", "escalation policy team (level 1)");
    assertThat(oncall.referrers(OnCallKind.USER, "bob")).containsExactly("schedule primary (layer daily)");
    assertThat(oncall.referrers(OnCallKind.USER, "carol"))
        .containsExactly("escalation policy fallback (level 2)", "escalation policy team (level 2)");
    assertThat(OnCallSnapshot.EMPTY.policyFor(ServiceName.of("checkout"))).isEmpty();
  }

  @Test
  void invalidPolicies_areRefused() {
    assertThatThrownBy(() -> new EscalationPolicy(EscalationPolicyName.of("p"), List.of(), 0, Duration.ZERO, Set.of(), true))
        .hasMessageContaining("at least one level");
    assertThatThrownBy(() -> new EscalationPolicy(EscalationPolicyName.of("p"), POLICY.levels(), 2, Duration.ZERO, Set.of(), true))
        .hasMessageContaining("longer than 0m");
    assertThatThrownBy(() -> new EscalationPolicy(EscalationPolicyName.of("p"), POLICY.levels(), 0, Duration.ZERO, Set.of(), false))
        .hasMessageContaining("never page");
    assertThatThrownBy(() -> new EscalationLevel(Duration.ofMinutes(-1), POLICY.levels().getFirst().targets()))
        .hasMessageContaining("PT-1M");
  }
}
