package dev.governor.prometheus.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.sli.Bucket;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.Catalog;
import dev.governor.basics.EventCounts;
import dev.governor.slo.Evaluator;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.basics.SliName;
import dev.governor.testing.FakeClock;
import dev.governor.testing.InMemoryAlertStore;
import dev.governor.testing.InMemoryBucketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromqlPullerTest {

  static final String BAD = "sum(increase(http_requests_total{code=\"500\"}[1m]))";
  static final String TOTAL = "sum(increase(http_requests_total[1m]))";
  static final SeriesKey SERIES = SeriesKey.of(new SliName("checkout-errors"));
  /** The day before now, after whose end the first pull has caught up: 1439 whole minutes. */
  static final Instant OLDEST = Instant.parse("2026-03-01T10:01:00Z");
  static final Instant CAUGHT_UP = Instant.parse("2026-03-02T10:00:00Z");

  FakePrometheus prometheus;
  FakeClock clock = FakeClock.at("2026-03-02T10:00:30Z");
  InMemoryBucketStore buckets = new InMemoryBucketStore();
  Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);

  @BeforeEach
  void startPrometheus() throws Exception {
    prometheus = new FakePrometheus();
    prometheus.values = constant(3.0, 100.0);
  }

  @AfterEach
  void stopPrometheus() {
    prometheus.close();
  }

  static BiFunction<String, Instant, Double> constant(Double bad, Double total) {
    return (q, t) -> q.equals(BAD) ? bad : q.equals(TOTAL) ? total : null;
  }

  String spec(String connection) {
    return """
        apiVersion: openslo/v1
        kind: DataSource
        metadata: {name: prom}
        spec:
          type: Prometheus
          connectionDetails: {url: URL, delay: 0s%s}
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: checkout}
        spec:
          service: shop
          indicator:
            metadata: {name: checkout-errors}
            spec:
              ratioMetric:
                counter: true
                bad: {metricSource: {metricSourceRef: prom, spec: {query: 'http_requests_total{code="500"}'}}}
                total: {metricSource: {metricSourceRef: prom, spec: {query: http_requests_total}}}
          timeWindow: [{duration: 1d, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{targetPercent: 99}]
        """.formatted(connection).replace("URL", prometheus.url());
  }

  static Catalog catalog(String yaml) {
    ParsedSpecs parsed = SpecParser.parse("test.yaml", yaml);
    assertThat(parsed.problems()).isEmpty();
    return switch (CatalogResolver.resolve(parsed.documents())) {
      case Resolution.Resolved r -> r.catalog();
      case Resolution.Invalid i -> throw new AssertionError(i.problems());
    };
  }

  PromqlPuller puller(String connection) {
    Catalog catalog = catalog(spec(connection));
    evaluator.load(catalog);
    PromqlPuller puller = new PromqlPuller(evaluator, buckets, clock, new PrometheusClient(), PromqlPuller.Settings.DEFAULTS);
    puller.replan(catalog);
    return puller;
  }

  EventCounts stored() {
    return buckets.sum(SERIES, OLDEST.minus(Duration.ofDays(2)), OLDEST.plus(Duration.ofDays(2)));
  }

  @Test
  void catchUp_fillsEveryMinuteOfTheWindow_inChunksOfAtMostSixHours() {
    puller("").pullDue();

    List<Bucket> all = buckets.range(SERIES, OLDEST.minus(Duration.ofDays(2)), OLDEST.plus(Duration.ofDays(2)));
    assertThat(all).hasSize(1439);
    assertThat(all.getFirst().minute()).isEqualTo(OLDEST);
    assertThat(all.getLast().minute()).isEqualTo(CAUGHT_UP.minusSeconds(60));
    assertThat(all).allSatisfy(b -> assertThat(b.counts()).isEqualTo(new EventCounts(97, 100)));
    assertThat(prometheus.requests).hasSize(8).allSatisfy(r -> {
      assertThat(r.step()).isEqualTo(60);
      assertThat(Duration.between(r.start(), r.end())).isLessThan(Duration.ofHours(6));
    });
    // The first point of a chunk is the end of its first minute.
    assertThat(prometheus.requests.getFirst().start()).isEqualTo(OLDEST.plusSeconds(60));
    assertThat(prometheus.requests.getLast().end()).isEqualTo(CAUGHT_UP);
  }

  @Test
  void aMinuteIsPulledOnceItIsComplete_andNeverAgain() {
    PromqlPuller puller = puller("");
    puller.pullDue();
    prometheus.requests.clear();

    puller.pullDue();
    assertThat(prometheus.requests).as("nothing new is complete").isEmpty();

    clock.advance(Duration.ofMinutes(1));
    puller.pullDue();
    puller.pullDue();
    assertThat(prometheus.requests).hasSize(2).allSatisfy(r -> {
      assertThat(r.start()).isEqualTo(CAUGHT_UP.plusSeconds(60));
      assertThat(r.end()).isEqualTo(CAUGHT_UP.plusSeconds(60));
    });
    assertThat(stored()).isEqualTo(new EventCounts(97 * 1440, 100 * 1440));
  }

  @Test
  void aRestartedPuller_startsAfterTheNewestStoredMinute_soNothingCountsTwice() {
    puller("").pullDue();
    prometheus.requests.clear();

    clock.advance(Duration.ofMinutes(2));
    puller("").pullDue();

    assertThat(prometheus.requests).hasSize(2);
    assertThat(prometheus.requests.getFirst().start()).isEqualTo(CAUGHT_UP.plusSeconds(60));
    assertThat(stored()).isEqualTo(new EventCounts(97 * 1441, 100 * 1441));
  }

  @Test
  void aFailingSource_writesNothingForThoseMinutes_backsOff_andCatchesUpWhenItIsBack() {
    PromqlPuller puller = puller("");
    puller.pullDue();
    prometheus.failWith = 503;
    clock.advance(Duration.ofMinutes(3));
    puller.pullDue();

    assertThat(stored()).isEqualTo(new EventCounts(97 * 1439, 100 * 1439));
    SourceStatus status = puller.statuses().getFirst();
    assertThat(status.state()).isEqualTo("failing");
    assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("503").contains("fake outage"));
    assertThat(status.syncedThrough()).contains(CAUGHT_UP);
    assertThat(status.lag()).contains(Duration.ofSeconds(3 * 60 + 30));

    int before = prometheus.requests.size();
    puller.pullDue();
    assertThat(prometheus.requests).as("backing off").hasSize(before);

    prometheus.failWith = 0;
    clock.advance(Duration.ofSeconds(5));
    puller.pullDue();
    assertThat(stored()).isEqualTo(new EventCounts(97 * 1442, 100 * 1442));
    assertThat(puller.statuses().getFirst().state()).isEqualTo("ok");
    assertThat(puller.statuses().getFirst().failures()).isEqualTo(1);
  }

  @Test
  void anErrorInTheMiddleOfACatchUp_keepsTheChunksBefore_andResumesAfterThem() {
    PromqlPuller puller = puller("");
    prometheus.values = (q, t) -> {
      if (t.isAfter(OLDEST.plus(Duration.ofHours(7)))) throw new IllegalStateException("down");
      return constant(3.0, 100.0).apply(q, t);
    };
    puller.pullDue(); // the fake's handler throws: the connection closes without an answer
    assertThat(stored()).isEqualTo(new EventCounts(97 * 360, 100 * 360));
    assertThat(puller.statuses().getFirst().lastError()).hasValueSatisfying(e -> assertThat(e).contains("did not answer"));

    prometheus.values = constant(3.0, 100.0);
    clock.advance(Duration.ofMinutes(5));
    puller.pullDue();
    assertThat(stored()).isEqualTo(new EventCounts(97 * 1444, 100 * 1444));
  }

  @Test
  void aGroupedSlo_pullsPerLabelValue_andEachValueFeedsItsInstance() {
    prometheus.endpoints = List.of("/checkout", "/cart");
    prometheus.byEndpoint = (q, t, endpoint) -> q.startsWith("sum by (endpoint)")
        ? (q.contains("500") ? (endpoint.equals("/checkout") ? 2.0 : 0.0) : 100.0) : null;
    Catalog catalog = catalog(spec("").replace("  service: shop\n", "  service: shop\n  groupBy: [endpoint]\n"));
    evaluator.load(catalog);
    PromqlPuller puller = new PromqlPuller(evaluator, buckets, clock, new PrometheusClient(), PromqlPuller.Settings.DEFAULTS);
    puller.replan(catalog);
    puller.pullDue();

    var instances = evaluator.instanceStatuses(dev.governor.basics.SloName.of("checkout"));
    assertThat(instances).hasSize(2);
    // The least budget left first: /checkout lost 2 of every 100.
    assertThat(instances.get(0).slo().instance().orElseThrow().labels()).containsEntry("endpoint", "/checkout");
    assertThat(instances.get(0).objectives().getFirst().counts()).isEqualTo(new EventCounts(1439 * 98, 1439 * 100));
    assertThat(instances.get(1).objectives().getFirst().counts()).isEqualTo(new EventCounts(1439 * 100, 1439 * 100));
    // The SLI's own series counts both endpoints.
    assertThat(stored()).isEqualTo(new EventCounts(1439 * 198, 1439 * 200));
  }

  @Test
  void countsAreRounded_andGoodNeverExceedsTotal() {
    prometheus.values = (q, t) -> t.equals(CAUGHT_UP) ? (q.equals(BAD) ? 0.4 : 99.6) : null;
    puller("").pullDue();
    assertThat(stored()).isEqualTo(new EventCounts(100, 100));

    buckets = new InMemoryBucketStore();
    evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
    prometheus.values = (q, t) -> t.equals(CAUGHT_UP) ? (q.equals(BAD) ? 12.0 : 10.2) : null;
    puller("").pullDue();
    assertThat(stored()).as("bad capped at total").isEqualTo(new EventCounts(0, 10));
  }

  @Test
  void aMinuteWithoutATotalSampleHasNoData_butOneWithoutABadSampleHasNoBadEvents() {
    prometheus.values = (q, t) -> q.equals(TOTAL) && t.equals(CAUGHT_UP) ? 50.0 : null;
    puller("").pullDue();
    assertThat(buckets.range(SERIES, OLDEST, CAUGHT_UP.plusSeconds(60)))
        .containsExactly(new Bucket(CAUGHT_UP.minusSeconds(60), new EventCounts(50, 50)));
  }

  @Test
  void aMinuteWithoutAGoodSample_hasNoData_ratherThanZeroGood() {
    String good = "sum(increase(http_requests_total{code=\"200\"}[1m]))";
    String yaml = spec("").replace("bad: {metricSource: {metricSourceRef: prom, spec: {query: 'http_requests_total{code=\"500\"}'",
        "good: {metricSource: {metricSourceRef: prom, spec: {query: 'http_requests_total{code=\"200\"}'");
    prometheus.values = (q, t) -> q.equals(TOTAL) && !t.isBefore(CAUGHT_UP.minusSeconds(60)) ? Double.valueOf(50)
        : q.equals(good) && t.equals(CAUGHT_UP.minusSeconds(60)) ? Double.valueOf(40) : null;
    Catalog catalog = catalog(yaml);
    evaluator.load(catalog);
    PromqlPuller puller = new PromqlPuller(evaluator, buckets, clock, new PrometheusClient(), PromqlPuller.Settings.DEFAULTS);
    puller.replan(catalog);
    puller.pullDue();
    assertThat(puller.statuses().getFirst().lastError()).isEmpty();
    assertThat(buckets.range(SERIES, OLDEST, CAUGHT_UP.plusSeconds(60)))
        .containsExactly(new Bucket(CAUGHT_UP.minusSeconds(120), new EventCounts(40, 50)));
  }

  @Test
  void aTotalPresentInFewerThanHalfOfTheMinutes_marksTheSourceDegraded_namingTheScrapeInterval() {
    // Scraped every 2 minutes or so: increase(...[1m]) has two samples in one minute of three.
    prometheus.values = (q, t) -> t.getEpochSecond() / 60 % 3 == 0 ? Double.valueOf(q.equals(BAD) ? 1 : 10) : null;
    PromqlPuller puller = puller("");
    puller.pullDue();
    assertThat(puller.statuses()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("degraded");
      assertThat(s.warning()).hasValueSatisfying(w -> assertThat(w).contains("scrape interval").contains("30 s"));
    });

    prometheus.values = constant(3.0, 100.0);
    for (int i = 1; i <= PromqlPuller.PRESENCE_WINDOW; i++) {
      clock.set(CAUGHT_UP.plusSeconds(30 + 60L * i));
      puller.pullDue();
    }
    assertThat(puller.statuses().getFirst().state()).isEqualTo("ok");
  }

  @Test
  void minutesBeforeTheSeriesExisted_areNotGaps_soACatchUpOverThemIsNotDegraded() {
    // The service started ten minutes ago; the catch-up still covers the SLO's whole day.
    prometheus.values = (q, t) -> t.isAfter(CAUGHT_UP.minusSeconds(600)) ? Double.valueOf(q.equals(BAD) ? 1 : 10) : null;
    PromqlPuller puller = puller("");
    puller.pullDue();
    assertThat(puller.statuses().getFirst().state()).isEqualTo("ok");
  }

  @Test
  void everyQueryAsksForACompleteAnswer() {
    puller("").pullDue();
    assertThat(prometheus.requests).isNotEmpty()
        .allSatisfy(r -> assertThat(r.form()).containsEntry("partial_response", "false"));
  }

  @Test
  void aNegativeCount_isAnError_notData() {
    prometheus.values = (q, t) -> q.equals(TOTAL) ? -5.0 : null;
    PromqlPuller puller = puller("");
    puller.pullDue();
    assertThat(stored()).isEqualTo(EventCounts.NONE);
    assertThat(puller.statuses().getFirst().lastError()).hasValueSatisfying(e -> assertThat(e).contains("negative"));
  }

  @Test
  void aBearerTokenAndATenant_areSentAsHeaders() {
    puller(", token: s3cret, tenant: team-a").pullDue();
    assertThat(prometheus.requests).allSatisfy(r -> {
      assertThat(r.headers()).containsEntry("authorization", "Bearer s3cret").containsEntry("x-scope-orgid", "team-a");
    });
  }

  @Test
  void basicAuth_isSentAsAnAuthorizationHeader_andNeverShownInTheStatus() {
    PromqlPuller puller = puller(", username: governor, password: pa55");
    puller.pullDue();
    String expected = "Basic " + Base64.getEncoder().encodeToString("governor:pa55".getBytes());
    assertThat(prometheus.requests).allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", expected)
        .doesNotContainKey("x-scope-orgid"));
    assertThat(puller.statuses().toString()).doesNotContain("pa55").doesNotContain(expected);
  }

  @Test
  void anSliThatCannotBePulledHonestly_isListedAsRefusedWithTheReason() {
    String yaml = spec("").replace("http_requests_total{code=\"500\"}", "sum(irate(x[{{.window}}]))");
    Catalog catalog = catalog(yaml);
    evaluator.load(catalog);
    PromqlPuller puller = new PromqlPuller(evaluator, buckets, clock, new PrometheusClient(), PromqlPuller.Settings.DEFAULTS);
    puller.replan(catalog);
    puller.pullDue();

    assertThat(prometheus.requests).isEmpty();
    assertThat(puller.statuses()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("refused");
      assertThat(s.lastError()).hasValueSatisfying(e -> assertThat(e)
          .contains("uses irate()").contains("sum(increase(x[{{.window}}]))"));
    });
  }

  @Test
  void anSliWithoutAUrl_isNotPulled_itIsForTheRulesExportOrRemoteWrite() {
    String yaml = spec("").replace("url: " + prometheus.url() + ", ", "");
    // Without url the DataSource is refused by the reader; inline sources without url are the case here.
    String inline = yaml.substring(yaml.indexOf("---") + 4)
        .replace("metricSourceRef: prom,", "type: Prometheus,");
    Catalog catalog = catalog(inline);
    PromqlPuller puller = new PromqlPuller(evaluator, buckets, clock, new PrometheusClient(), PromqlPuller.Settings.DEFAULTS);
    puller.replan(catalog);
    assertThat(puller.statuses()).isEmpty();
  }
}
