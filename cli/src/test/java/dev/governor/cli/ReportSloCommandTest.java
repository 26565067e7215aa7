package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code governor report slo} against a canned server: what it asks for and how it prints the answer. */
class ReportSloCommandTest {

  static final String REPORT = """
      {"period":"2026-11","title":"November 2026","zone":"Europe/Berlin","complete":true,
       "teams":[{"name":"web","objectives":2,"met":1,"missed":1,"noData":0,"slaObjectives":1,"slaMissed":0}],
       "objectives":[
        {"slo":"checkout-availability","objective":"contract","target":"0.995","sla":true,"outcome":"met",
         "attainment":0.997879,"budgetSpent":0.424161,"worstDay":{"date":"2026-11-25","attainment":0.976},
         "slaMet":true,"slaMargin":0.002879,"change":-0.000482},
        {"slo":"checkout-availability","objective":"internal","target":"0.999","sla":false,"outcome":"missed",
         "attainment":0.997879,"budgetSpent":2.120805,"worstDay":null,"slaMet":null,"slaMargin":null,"change":null}]}
      """;

  final FakeGovernor fake = new FakeGovernor();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aTable_showsTheTeamsAndOneRowPerObjective() {
    fake.answer("GET /api/v1/reports/slo", 200, REPORT);

    Cli.Run run = Cli.run("report", "slo", "--server", fake.url(), "--period", "2026-11", "--zone", "Europe/Berlin",
        "--team", "web");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(fake.last().pathAndQuery()).isEqualTo("/api/v1/reports/slo?period=2026-11&zone=Europe%2FBerlin&team=web");
    assertThat(run.out()).startsWith("SLO report November 2026 (2026-11, Europe/Berlin)\n\n"
        + "team web: 1 of 2 objectives met, 1 missed, SLA 1 of 1 met\n");
    assertThat(run.out()).containsPattern("checkout-availability +contract +99.500% +99.788% met +42.416% +2026-11-25 97.600%"
        + " +met by 0.288 pp +-0.048 pp");
    assertThat(run.out()).containsPattern("internal +99.900% +99.788% missed +212.080% +- +- +-");
  }

  @Test
  void csv_isTheServersCsv_askedForByFormat() {
    fake.answer("GET /api/v1/reports/slo", 200, "\"period,zone\\r\\n2026-11,UTC\\r\\n\"");

    Cli.Run run = Cli.run("report", "slo", "--server", fake.url(), "--period", "2026-11", "-o", "csv");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(fake.last().pathAndQuery()).isEqualTo("/api/v1/reports/slo?period=2026-11&format=csv");
    assertThat(fake.last().header("Accept")).startsWith("text/csv");
  }

  @Test
  void aBadPeriod_refusedByTheServer_exits1_withTheProblem() {
    fake.answer("GET /api/v1/reports/slo", 400, """
        {"type":"/problems/bad-request","title":"Bad request","status":400,"parameter":"period",
         "detail":"period: month 13 does not exist in 2026 (1..12); write it as 2026-11"}""");

    Cli.Run run = Cli.run("report", "slo", "--server", fake.url(), "--period", "2026-13");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("month 13 does not exist");
  }
}
