package dev.governor.ingest.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.notify.Channel;
import dev.governor.oncall.EscalationLevel;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.EscalationTarget;
import dev.governor.oncall.Layer;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallResource;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.Restriction;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.ScheduleName;
import dev.governor.oncall.ScheduleOverride;
import dev.governor.oncall.TurnLength;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnCallReaderTest {

  static final OnCallReader.Secrets ENV = OnCallReader.Secrets.fromEnvironment(Map.of("ALICE_SECRET", "from-the-env"));

  static final String TEAM = """
      apiVersion: governor.dev/v1
      kind: User
      metadata:
        name: alice
      spec:
        displayName: Alice Andersen
        timeZone: Europe/Berlin
        contacts:
          - webhook: https://hooks.example.com/alice
            secretFromEnv: ALICE_SECRET
          - slack: https://hooks.slack.com/services/T0/B0/xyz
          - email: alice@example.com
      ---
      apiVersion: governor.dev/v1
      kind: User
      metadata: {name: bob}
      spec:
        contacts:
          - webhook: http://127.0.0.1:9099/bob
            secret: inline-s3cret
      ---
      apiVersion: governor.dev/v1
      kind: Schedule
      metadata:
        name: primary
      spec:
        timeZone: Europe/Berlin
        layers:
          - name: weekly
            users: [alice, bob]
            start: 2026-01-05
            handoffTime: "09:00"
            turn: 1w
          - name: office
            users: [bob]
            start: 2026-01-05T08:30
            turn: 12h
            restrictions:
              - daily: {from: "9:00", to: "17:00"}
              - weekly: {from: fri 18:00, to: monday 08:00}
        overrides:
          - {user: bob, start: 2026-03-10T09:00, end: "2026-03-10T12:00:00Z"}
      ---
      apiVersion: governor.dev/v1
      kind: EscalationPolicy
      metadata:
        name: shop-team
      spec:
        services: [checkout, payments]
        levels:
          - notify: [{schedule: primary}]
          - after: 5m
            notify:
              - user: bob
        repeat: 2
      """;

  static List<OnCallResource> resources(OnCallReader.Parsed parsed) {
    return parsed.documents().stream().map(OnCallReader.Document::resource).toList();
  }

  @Test
  void aTeamFile_readsIntoUsersASchedulesAndAPolicy() {
    OnCallReader.Parsed parsed = OnCallReader.parse("team.yaml", TEAM, ENV);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
    List<OnCallResource> r = resources(parsed);
    assertThat(r.get(0)).isEqualTo(new User(UserName.of("alice"), Optional.of("Alice Andersen"),
        Optional.of(ZoneId.of("Europe/Berlin")), List.of(
            new Channel.Webhook(URI.create("https://hooks.example.com/alice"), Optional.of("from-the-env")),
            new Channel.Slack(URI.create("https://hooks.slack.com/services/T0/B0/xyz")),
            new Channel.Email("alice@example.com"))));
    assertThat(((User) r.get(1)).contacts()).containsExactly(
        new Channel.Webhook(URI.create("http://127.0.0.1:9099/bob"), Optional.of("inline-s3cret")));
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertThat(r.get(2)).isEqualTo(new Schedule(ScheduleName.of("primary"), berlin, List.of(
            new Layer("weekly", List.of(UserName.of("alice"), UserName.of("bob")), LocalDateTime.parse("2026-01-05T09:00"),
                TurnLength.weeks(1), List.of()),
            new Layer("office", List.of(UserName.of("bob")), LocalDateTime.parse("2026-01-05T08:30"), TurnLength.hours(12),
                List.of(new Restriction.Daily(LocalTime.of(9, 0), LocalTime.of(17, 0)),
                    new Restriction.Weekly(DayOfWeek.FRIDAY, LocalTime.of(18, 0), DayOfWeek.MONDAY, LocalTime.of(8, 0))))),
        List.of(new ScheduleOverride(UserName.of("bob"), Instant.parse("2026-03-10T08:00:00Z"), Instant.parse("2026-03-10T12:00:00Z")))));
    EscalationPolicy policy = (EscalationPolicy) r.get(3);
    assertThat(policy.levels()).containsExactly(
        new EscalationLevel(Duration.ZERO, List.of(new EscalationTarget.ScheduleTarget(ScheduleName.of("primary")))),
        new EscalationLevel(Duration.ofMinutes(5), List.of(new EscalationTarget.UserTarget(UserName.of("bob")))));
    assertThat(policy.repeat()).isEqualTo(2);
    assertThat(policy.repeatAfter()).as("the last level's wait").isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.services()).containsExactlyInAnyOrder(ServiceName.of("checkout"), ServiceName.of("payments"));
    assertThat(policy.isDefault()).isFalse();
    // Each document keeps its own text, which is what is stored.
    assertThat(parsed.documents().get(2).source()).startsWith("apiVersion: governor.dev/v1\nkind: Schedule");
    assertThat(parsed.documents().get(2).line()).isEqualTo(22);
    assertThat(OnCallReader.check(parsed.documents(), OnCallSnapshot.EMPTY)).isEmpty();
  }

  @Test
  void everyProblem_isReportedWithItsPathAndLine_andHowToFixIt() {
    String text = """
        apiVersion: governor.dev/v1
        kind: Schedule
        metadata:
          name: primary
        spec:
          timeZone: Europe/Berlim
          layers:
            - name: weekly
              users: [alice, Bob]
              start: 2026-01-05
              turn: 30m
              restrictions:
                - daily: {from: "9am", to: "17:00"}
                - weekly: {from: funday 09:00, to: friday 17:00}
            - name: weekly
              users: [alice]
              start: 2026-01-05T09:00
              turn: 1w
          overrides:
            - {user: carol, start: 2026-03-11T09:00, end: 2026-03-10T09:00}
          overides: []
        ---
        apiVersion: governor.dev/v1
        kind: EscalationPolicie
        metadata: {name: p}
        spec: {}
        """;

    List<SpecProblem> problems = OnCallReader.parse("bad.yaml", text, ENV).problems();

    assertThat(problems).extracting(p -> p.line() + " " + p.path()).containsExactly(
        "6 spec.timeZone",
        "9 spec.layers[0].users[1]",
        "10 spec.layers[0].handoffTime",
        "11 spec.layers[0].turn",
        "13 spec.layers[0].restrictions[0].daily.from",
        "14 spec.layers[0].restrictions[0].weekly.from".replace("[0].weekly", "[1].weekly"),
        "15 spec.layers[1].name",
        "20 spec.overrides[0].end",
        "21 spec.overides",
        "24 kind");
    assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("bad.yaml"));
    assertThat(problems.get(0).message()).contains("IANA zone").contains("Europe/Berlim");
    assertThat(problems.get(2).message()).contains("handoffTime: \"09:00\"");
    assertThat(problems.get(3).message()).contains("12h, 1d or 1w");
    assertThat(problems.get(5).message()).contains("monday 09:00").contains("funday");
    assertThat(problems.get(8).message()).contains("did you mean overrides?");
    assertThat(problems.get(9).message()).contains("did you mean EscalationPolicy?");
    assertThat(problems.get(9).document()).isEqualTo(2);
  }

  @Test
  void policyProblems_nameTheirField() {
    String text = """
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: p}
        spec:
          levels:
            - after: 5 minutes
              notify: [{user: carol, schedule: primary}]
            - notify: []
          repeat: 12
        """;

    List<SpecProblem> problems = OnCallReader.parse("p.yaml", text, ENV).problems();

    assertThat(problems).extracting(p -> p.line() + " " + p.path()).containsExactly(
        "5 spec.services",
        "6 spec.levels[0].after",
        "7 spec.levels[0].notify[0]",
        "8 spec.levels[1].notify",
        "9 spec.repeat");
    assertThat(problems.get(0).message()).contains("default: true");
    assertThat(problems.get(4).message()).contains("0 to 9").contains("12");
  }

  @Test
  void aMissingSecretVariable_isAProblemWhenApplying_andAWarningWhenLoading_andTheSecretIsNeverInAMessage() {
    String text = """
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: carol}
        spec:
          contacts:
            - webhook: http://127.0.0.1:9099/carol
              secretFromEnv: CAROL_SECRET
            - email: carol@example.com
              secret: top-secret-value
            - webhook: not a url
              secret: another-secret-value
        """;

    OnCallReader.Parsed applying = OnCallReader.parse("carol.yaml", text, ENV);
    assertThat(applying.problems()).extracting(p -> p.line() + " " + p.path()).containsExactly(
        "7 spec.contacts[0].secretFromEnv", "9 spec.contacts[1].secret", "10 spec.contacts[2].webhook");
    assertThat(applying.problems().getFirst().message()).contains("CAROL_SECRET is not set");
    assertThat(applying.problems().toString()).doesNotContain("top-secret-value").doesNotContain("another-secret-value");

    String loadable = text.substring(0, text.indexOf("    - email"));
    OnCallReader.Parsed loading = OnCallReader.parse("stored", loadable, ENV.lenient());
    assertThat(loading.problems()).isEmpty();
    assertThat(loading.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("unsigned"));
    assertThat(((User) resources(loading).getFirst()).contacts())
        .containsExactly(new Channel.Webhook(URI.create("http://127.0.0.1:9099/carol"), Optional.empty()));
  }

  @Test
  void check_findsNamesThatPointNowhere_withTheirPathAndLine() {
    OnCallReader.Parsed parsed = OnCallReader.parse("team.yaml", TEAM.replace("users: [alice, bob]", "users: [alice, bobb]")
        .replace("schedule: primary", "schedule: secondary"), ENV);

    List<SpecProblem> problems = OnCallReader.check(parsed.documents(), OnCallSnapshot.EMPTY);

    assertThat(problems).extracting(p -> p.document() + ":" + p.line() + " " + p.path()).containsExactly(
        "3:30 spec.layers[0].users[1]", "4:51 spec.levels[0].notify[0].schedule");
    assertThat(problems.get(0).message()).contains("no User named 'bobb'").contains("did you mean bob?");
    assertThat(problems.get(1).message()).contains("no Schedule named 'secondary'");
  }

  @Test
  void check_acceptsNamesThatAreAlreadyApplied_andRefusesAServiceTwoPoliciesClaim() {
    OnCallReader.Parsed team = OnCallReader.parse("team.yaml", TEAM, ENV);
    OnCallSnapshot applied = OnCallSnapshot.of(resources(team));
    String other = """
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: other}
        spec:
          services: [search, checkout]
          default: true
          levels: [{notify: [{user: alice}, {schedule: primary}]}]
        ---
        apiVersion: governor.dev/v1
        kind: EscalationPolicy
        metadata: {name: fallback}
        spec:
          default: true
          levels: [{notify: [{user: bob}]}]
        """;

    List<SpecProblem> problems = OnCallReader.check(OnCallReader.parse("other.yaml", other, ENV).documents(), applied);

    assertThat(problems).extracting(p -> p.line() + " " + p.path()).containsExactly(
        "5 spec.services[1]", "13 spec.default");
    assertThat(problems.get(0).message()).contains("already covered by escalation policy 'shop-team'");
    assertThat(problems.get(1).message()).contains("'other' is already the default");
    // Applying the team again replaces its own policy: no clash with itself.
    assertThat(OnCallReader.check(team.documents(), applied)).isEmpty();
  }

  @Test
  void aNameDefinedTwiceInAFile_isAProblem_butTheSameNameInTwoKindsIsNot() {
    String user = """
        apiVersion: governor.dev/v1
        kind: User
        metadata: {name: primary}
        spec: {}
        """;
    String schedule = """
        apiVersion: governor.dev/v1
        kind: Schedule
        metadata: {name: primary}
        spec:
          timeZone: UTC
          layers: [{name: all, users: [primary], start: 2026-01-05T09:00, turn: 1d}]
        """;

    assertThat(OnCallReader.parse("twice.yaml", user + "---\n" + user, ENV).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("User 'primary' is defined twice"));
    OnCallReader.Parsed both = OnCallReader.parse("both.yaml", user + "---\n" + schedule, ENV);
    assertThat(both.problems()).isEmpty();
    assertThat(both.documents()).extracting(OnCallReader.Document::kind).containsExactly(OnCallKind.USER, OnCallKind.SCHEDULE);
  }
}
