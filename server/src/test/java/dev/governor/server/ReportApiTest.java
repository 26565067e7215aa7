package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report API and page over real HTTP: formats, filters, and a 400 naming the field for bad input. */
class ReportApiTest {

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir, Map.of(), ReportGoldenTest.NOW);
    assertThat(api.applyYaml(TestServer.resource("report-slos.yaml")).status()).isEqualTo(200);
    ReportGoldenTest.history(api);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void withoutAPeriod_theReportIsOfTheCurrentMonth_soFar() {
    TestServer.Response r = api.get("/api/v1/reports/slo");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("period").asString()).isEqualTo("2026-11");
    assertThat(r.json().get("complete").asBoolean()).isFalse();
    assertThat(r.json().at("/objectives/0/days/25/state").asString()).isEqualTo("not-yet");
  }

  @Test
  void acceptTextCsv_answersCsv_withOneRowPerObjective() {
    TestServer.Response r = api.send("/api/v1/reports/slo?period=2026-Q3", Map.of("Accept", "text/csv"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    assertThat(r.body().split("\r\n")).hasSize(4);
    assertThat(r.body()).startsWith("period,zone,from,to,team,service,slo,objective,");
    assertThat(r.body()).contains("2026-Q3,UTC,2026-07-01T00:00:00Z,2026-10-01T00:00:00Z,web,checkout,checkout-availability,contract");
  }

  @Test
  void filters_narrowTheReport_toAServiceOrATeam() {
    assertThat(api.get("/api/v1/reports/slo?period=2026-10&service=checkout").json().get("objectives").size()).isEqualTo(3);
    assertThat(api.get("/api/v1/reports/slo?period=2026-W44&team=web").json().get("objectives").size()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0} is refused, naming {1}")
  @CsvSource(delimiter = '|', value = {
      "period=2026-13|period|month 13 does not exist",
      "period=last-month|period|period must be a month (2026-11), an ISO week (2026-W47) or a quarter (2026-Q4)",
      "period=2026-11&zone=Mars/Olympus|zone|zone must be an IANA time zone",
      "period=2026-11&service=nope|service|no SLO of a service named 'nope'",
      "period=2026-11&team=nope|team|no team named 'nope'",
      "period=2026-11&format=pdf|format|format must be json or csv"})
  void badInput_isA400Problem_namingTheParameter(String query, String parameter, String detail) {
    TestServer.Response r = api.get("/api/v1/reports/slo?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("parameter").asString()).isEqualTo(parameter);
    assertThat(r.json().get("detail").asString()).contains(detail);
    assertThat(r.json().get("example").asString()).isNotBlank();
  }

  @Test
  void thePage_carriesTheTable_anSvgChartPerObjective_andAPrintStylesheet() {
    TestServer.Response r = api.get("/reports/slo?period=2026-10&zone=Europe/Berlin");
    assertThat(r.status()).isEqualTo(200);
    String html = r.body();
    assertThat(html).contains("SLO report · October 2026");
    assertThat(html).contains("<table class=\"report-table\" id=\"report-objectives\">");
    assertThat(html).contains("data-slo=\"checkout-availability\" data-objective=\"contract\"");
    // Two charts (days and trend) for each of the three objectives, drawn on the server.
    assertThat(html.split("<svg class=\"report-chart\"", -1)).hasSize(7);
    assertThat(html).contains("class=\"rbar missed\"").contains("<line class=\"target\"");
    assertThat(html).contains("met by 0.288 pp");
    assertThat(html).contains("href=\"/api/v1/reports/slo?period=2026-10&amp;zone=Europe%2FBerlin&amp;format=csv\"");
    assertThat(html).contains("<a href=\"/reports/slo\" aria-current=\"page\">Reports</a>");
    assertThat(html).doesNotContain("style=");
    String css = api.get("/static/app.css").body();
    assertThat(css).contains("@media print").contains(".report-objective { break-before: page;");
  }

  @Test
  void thePage_withABadPeriod_saysWhatIsWrong_withA400() {
    TestServer.Response r = api.get("/reports/slo?period=2026-99");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("month 99 does not exist").contains("<form class=\"filters no-print\"");
  }
}
