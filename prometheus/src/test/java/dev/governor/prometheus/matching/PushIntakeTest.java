package dev.governor.prometheus.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.prometheus.matching.PushIntake.Receiver;
import dev.governor.prometheus.matching.PushedSeries.Sample;
import dev.governor.prometheus.matching.PushedSeries.Temporality;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PushIntakeTest {

  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final SliName SLI = SliName.of("checkout-requests");

  final FakeClock clock = new FakeClock(T0);
  final InMemoryBucketStore buckets = new InMemoryBucketStore();
  final Evaluator evaluator = new Evaluator(buckets, new InMemoryAlertStore(), clock, EvaluatorSettings.DEFAULTS);
  PushIntake intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT);

  static final Labels OK = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "200");
  static final Labels FAILED = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "503");

  @BeforeEach
  void load() {
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code!~\"5..\"}")));
  }

  @Test
  void theFirstSampleOfASeries_onlySetsTheBaseline() {
    push(OK, sample("10:00:05", 1000));
    push(FAILED, sample("10:00:05", 40));
    settle();

    assertThat(minutes()).isEmpty();
    assertThat(intake.stats().samplesBaseline().get(Receiver.REMOTE_WRITE)).isEqualTo(2);
  }

  @Test
  void increments_landInTheMinuteOfTheirSample_onceThatMinuteIsOverAndSettled() {
    push(OK, sample("10:00:05", 1000), sample("10:00:35", 1090));
    push(FAILED, sample("10:00:05", 40), sample("10:00:35", 50));
    push(OK, sample("10:01:05", 1100));
    clock.set(at("10:01:10"));
    intake.flush();
    assertThat(minutes()).as("10:00 ended, but not 20 s ago yet").isEmpty();

    clock.set(at("10:01:20"));
    intake.flush();
    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(90, 100)));

    settle();
    assertThat(minutes()).containsExactly(
        Map.entry(at("10:00"), new EventCounts(90, 100)), Map.entry(at("10:01"), new EventCounts(10, 10)));
  }

  @Test
  void aGroupedSlo_assemblesEachEndpointsMinutesApart_andEachFeedsItsInstance() {
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code!~\"5..\"}")
        .replace("  service: checkout\n", "  service: checkout\n  groupBy: [endpoint]\n")));
    Labels cartOk = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "200", "endpoint", "/cart");
    Labels payOk = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "200", "endpoint", "/pay");
    Labels payFailed = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "503", "endpoint", "/pay");
    push(cartOk, sample("10:00:05", 100), sample("10:00:35", 150));
    push(payOk, sample("10:00:05", 10), sample("10:00:35", 18));
    push(payFailed, sample("10:00:05", 1), sample("10:00:35", 3));
    settle();

    // The SLI's own series sums both endpoints.
    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(58, 60)));
    var instances = evaluator.instanceStatuses(dev.governor.basics.SloName.of("checkout-availability"));
    assertThat(instances).hasSize(2);
    assertThat(instances.get(0).slo().instance().orElseThrow().labels()).containsEntry("endpoint", "/pay");
    assertThat(instances.get(0).objectives().getFirst().counts()).isEqualTo(new EventCounts(8, 10));
    assertThat(instances.get(1).objectives().getFirst().counts()).isEqualTo(new EventCounts(50, 50));
  }

  @Test
  void aSeriesSeenBefore_isMatchedAgainstTheNewCatalog_onceItChanges() {
    push(OK, sample("10:00:05", 100));
    push(OK, sample("10:00:20", 110)); // +10, good and total: matched and remembered as both
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code=\"201\"}")));
    push(OK, sample("10:00:35", 120)); // +10, now total only
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code=\"200\"}")));
    push(OK, sample("10:00:50", 125)); // +5, good and total again
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(15, 25)));
  }

  @Test
  void aSeriesThatStopsMatching_isCountedAsUnmatched_andKeepsItsBaselineForWhenItMatchesAgain() {
    push(OK, sample("10:00:05", 100));
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"search\"}")
        .replace("query: 'http_requests_total{job=\"checkout\"}'", "query: 'http_requests_total{job=\"search\"}'")));
    push(OK, sample("10:00:20", 110));
    assertThat(intake.stats().seriesUnmatched().get(Receiver.REMOTE_WRITE)).isEqualTo(1);
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code!~\"5..\"}")));
    push(OK, sample("10:00:35", 117)); // the baseline is still 100: unmatched samples are not counted
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(17, 17)));
  }

  @Test
  void aCounterThatDrops_restartedFromZero_soItsNewValueIsTheIncrement() {
    push(OK, sample("10:00:05", 1000), sample("10:00:20", 1010), sample("10:00:35", 7), sample("10:00:50", 9));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(10 + 7 + 2, 10 + 7 + 2)));
  }

  @Test
  void samplesNotAfterTheLastOne_areIgnored_soARetriedRequestCountsOnce() {
    PushedSeries batch = series(OK, sample("10:00:05", 100), sample("10:00:20", 110));
    intake.accept(Receiver.REMOTE_WRITE, List.of(batch));
    intake.accept(Receiver.REMOTE_WRITE, List.of(batch)); // Prometheus retries after a timeout
    push(OK, sample("10:00:10", 105)); // out of order
    push(OK, sample("10:00:30", 115));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(15, 15)));
    assertThat(intake.stats().samplesIgnored().get(Receiver.REMOTE_WRITE)).isEqualTo(3);
  }

  @Test
  void goodAndTotalInSeparateRequests_landTogether_neverAsAMinuteOfErrors() {
    push(OK, sample("10:00:05", 0));
    push(FAILED, sample("10:00:05", 0));
    push(FAILED, sample("10:00:40", 1)); // the total's share arrives first ...
    clock.set(at("10:00:45"));
    intake.flush();
    push(OK, sample("10:00:40", 99)); // ... the good one a moment later, on another connection
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(99, 100)));
  }

  @Test
  void aTotalWhoseGoodIsLate_waitsForTheGrace_insteadOfBeingWrittenAsAllErrors() {
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code=\"200\"}")));
    push(OK, sample("10:00:05", 0));
    push(FAILED, sample("10:00:05", 0));
    push(OK, sample("10:00:30", 0)); // the good series has been seen; it sends 0 for 10:00
    push(FAILED, sample("10:01:10", 3)); // 10:01's total comes ...
    clock.set(at("10:02:30")); // ... past settle, with no good sample for 10:01 yet
    intake.flush();
    assertThat(minutes()).isEmpty();

    push(OK, sample("10:01:20", 97)); // late, but within the grace: it lands in its own minute
    clock.set(at("10:04"));
    intake.flush();
    assertThat(minutes()).containsEntry(at("10:01"), new EventCounts(97, 100));
  }

  @Test
  void afterTheGrace_theMinuteIsWrittenWithWhatIsKnown_andLateGoodIsDropped_notMovedToAnotherMinute() {
    evaluator.load(catalog(slo("good", "http_requests_total{job=\"checkout\", code=\"200\"}")));
    push(OK, sample("10:00:05", 0));
    push(FAILED, sample("10:00:05", 0));
    push(OK, sample("10:00:30", 0));
    push(FAILED, sample("10:01:10", 3));
    clock.set(at("10:04:01"));
    intake.flush();
    assertThat(minutes()).containsEntry(at("10:01"), new EventCounts(0, 3));

    push(OK, sample("10:01:20", 97), sample("10:02:10", 97)); // the 97 belong to 10:01, written already
    push(FAILED, sample("10:02:20", 3), sample("10:03:20", 4));
    push(OK, sample("10:03:30", 97));
    clock.set(at("10:10"));
    intake.flush();
    assertThat(minutes()).containsExactly(
        Map.entry(at("10:01"), new EventCounts(0, 3)), Map.entry(at("10:03"), new EventCounts(0, 1)));
    // 97 good and the same 97 as total (the series matches both selectors), none of it moved.
    assertThat(intake.stats().countsDropped()).isEqualTo(2 * 97);
  }

  @Test
  void aCheckpoint_asTheProcessStops_leavesTheMinuteBeingAssembledToTheNextProcess() {
    push(OK, sample("10:00:05", 0), sample("10:00:40", 9));
    clock.set(at("10:00:50"));
    assertThat(intake.checkpoint()).as("nothing due: no minute stored").isZero();
    assertThat(minutes()).isEmpty();

    intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT); // the next process
    push(OK, sample("10:00:55", 12));
    settle();
    assertThat(minutes()).as("the minute whole, not cut at the stop").containsExactly(
        Map.entry(at("10:00"), new EventCounts(12, 12)));
  }

  @Test
  void anOtlpCounterThatStartedAfterTheIntake_countsItsFirstValue_asANewProcess() {
    long before = T0.minus(Duration.ofDays(3)).toEpochMilli();
    long after = at("10:00:02").toEpochMilli();
    intake.accept(Receiver.OTLP, List.of(
        new PushedSeries(OK, Temporality.CUMULATIVE, List.of(new Sample(at("10:00:10").toEpochMilli(), 7, after))),
        new PushedSeries(FAILED, Temporality.CUMULATIVE, List.of(new Sample(at("10:00:10").toEpochMilli(), 500, before)))));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(7, 7)));
  }

  @Test
  void anOtlpCounterForgottenWhileIdle_comesBackAsTheSameCounter_notAsANewProcess() {
    intake = new PushIntake(evaluator, clock, new PushIntake.Settings(100, Duration.ofMinutes(5), Duration.ofSeconds(20)));
    long started = at("10:00:02").toEpochMilli();
    intake.accept(Receiver.OTLP, List.of(
        new PushedSeries(OK, Temporality.CUMULATIVE, List.of(new Sample(at("10:00:10").toEpochMilli(), 7, started)))));
    clock.set(at("10:10"));
    intake.flush(); // idle for 10 minutes: forgotten
    intake.accept(Receiver.OTLP, List.of(
        new PushedSeries(OK, Temporality.CUMULATIVE, List.of(new Sample(at("10:10:10").toEpochMilli(), 9, started)))));
    clock.set(at("10:15"));
    intake.flush();

    assertThat(minutes()).as("its 7 counted once; back, it sets a new baseline").containsExactly(
        Map.entry(at("10:00"), new EventCounts(7, 7)));
  }

  @Test
  void fractionalIncrements_accumulate_soNothingIsLostToRounding() {
    push(OK, sample("10:00:00", 0.0), sample("10:00:10", 0.5), sample("10:00:20", 1.0), sample("10:00:30", 1.5),
        sample("10:00:40", 2.0));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(2, 2)));
  }

  @Test
  void seriesNoSelectorMatches_areDroppedAndCounted() {
    Accepted a = accepted(intake.accept(Receiver.OTLP, List.of(
        series(Labels.of("__name__", "process_cpu_seconds_total", "job", "checkout"), sample("10:00:05", 1)),
        series(Labels.of("__name__", "http_requests_total", "job", "search", "code", "200"), sample("10:00:05", 1)),
        series(OK, sample("10:00:05", 1)))));

    assertThat(a.matched()).isEqualTo(1);
    assertThat(a.unmatched()).isEqualTo(2);
    assertThat(intake.stats().seriesUnmatched()).containsEntry(Receiver.OTLP, 2L).containsEntry(Receiver.REMOTE_WRITE, 0L);
    assertThat(intake.stats().seriesTracked()).isEqualTo(1);
  }

  @Test
  void deltaSums_countEveryValue_withoutABaseline() {
    intake.accept(Receiver.OTLP, List.of(new PushedSeries(OK, Temporality.DELTA, List.of(sample("10:00:05", 7)))));
    intake.accept(Receiver.OTLP, List.of(new PushedSeries(FAILED, Temporality.DELTA, List.of(sample("10:00:05", 1)))));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(7, 8)));
  }

  @Test
  void aLaterStartTime_isAReset_evenWhenTheValueDidNotDrop() {
    long start1 = at("09:00").toEpochMilli(), start2 = at("10:00:15").toEpochMilli();
    intake.accept(Receiver.OTLP, List.of(new PushedSeries(OK, Temporality.CUMULATIVE, List.of(
        new Sample(at("10:00:10").toEpochMilli(), 5, start1),
        new Sample(at("10:00:20").toEpochMilli(), 8, start2)))));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(8, 8)));
  }

  @Test
  void anSliCountingBadEvents_storesTotalMinusBadAsGood() {
    evaluator.load(catalog(slo("bad", "http_requests_total{job=\"checkout\", code=~\"5..\"}")));
    push(OK, sample("10:00:05", 0), sample("10:00:35", 97));
    push(FAILED, sample("10:00:05", 0), sample("10:00:35", 3));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(97, 100)));
  }

  @Test
  void goodAboveTotal_carriesOverToTheNextMinuteOnce() {
    // good and total from different series that disagree for a moment: good is counted before total
    evaluator.load(catalog(slo("good", "ok_total{job=\"checkout\"}")
        .replace("http_requests_total{job=\"checkout\"}", "all_total{job=\"checkout\"}")));
    Labels ok = Labels.of("__name__", "ok_total", "job", "checkout");
    Labels all = Labels.of("__name__", "all_total", "job", "checkout");
    push(ok, sample("10:00:05", 0), sample("10:00:59", 10));
    push(all, sample("10:00:05", 0), sample("10:00:58", 6), sample("10:01:01", 10));
    settle();

    assertThat(minutes()).containsExactly(
        Map.entry(at("10:00"), new EventCounts(6, 6)), Map.entry(at("10:01"), new EventCounts(4, 4)));
    assertThat(intake.stats().countsDropped()).isZero();
  }

  @Test
  void aSeriesIdleLongerThanIdleAfter_isForgotten_andStartsFromANewBaseline() {
    intake = new PushIntake(evaluator, clock, new PushIntake.Settings(100, Duration.ofMinutes(5), Duration.ofSeconds(20)));
    push(OK, sample("10:00:05", 100));
    clock.set(at("10:10"));
    intake.flush();
    assertThat(intake.stats().seriesTracked()).isZero();

    push(OK, sample("10:10:05", 150));
    settle();
    assertThat(minutes()).isEmpty();
  }

  @Test
  void theMostSeriesRemembered_isBounded_bySettings() {
    intake = new PushIntake(evaluator, clock, new PushIntake.Settings(2, Duration.ofMinutes(5), Duration.ofSeconds(20)));
    for (int i = 0; i < 5; i++) {
      push(Labels.of("__name__", "http_requests_total", "job", "checkout", "pod", "p" + i), sample("10:00:05", 1));
    }
    assertThat(intake.stats().seriesTracked()).isEqualTo(2);
  }

  @Test
  void slisWithAPrometheusUrl_areLeftToThePullSource() {
    String pulled = slo("good", "http_requests_total{job=\"checkout\", code!~\"5..\"}")
        .replace("spec:\n              query:", "spec:\n              url: http://prometheus:9090\n              query:");
    evaluator.load(catalog(pulled));
    push(OK, sample("10:00:05", 1));

    assertThat(intake.stats().pushedSlis()).isZero();
    assertThat(intake.stats().seriesUnmatched().get(Receiver.REMOTE_WRITE)).isEqualTo(1);
    assertThat(intake.problems()).isEmpty();
  }

  @Test
  void anSliWithOnlySomeSourcesInPushForm_isFedByNeither_andSaysSo() {
    String mixed = slo("good", "http_requests_total{job=\"checkout\", code!~\"5..\"}")
        .replaceFirst("spec:\n              query:", "spec:\n              url: http://prometheus:9090\n              query:");
    evaluator.load(catalog(mixed));

    assertThat(intake.stats().pushedSlis()).isZero();
    assertThat(intake.problems()).singleElement().asString().contains("mixes pushed selectors");
  }

  @Test
  void aSelectorThatDoesNotParse_isReported_andItsSliIsNotFed() {
    evaluator.load(catalog(slo("good", "sum(rate(http_requests_total[5m]))")));

    assertThat(intake.problems()).singleElement().asString()
        .contains("SLI checkout-requests, good query").contains("only a plain series selector");
    assertThat(intake.stats().pushedSlis()).isZero();
  }

  /** Every push written before its answer: what a restart restores is then the last push, exactly. */
  static final PushIntake.Settings EVERY_PUSH = PushIntake.Settings.DEFAULT.withCheckpointEvery(Duration.ZERO);

  @Test
  void anIntakeThatDies_isFollowedByOneThatCarriesOn_fromTheStoredBaselinesAndPendingMinutes() {
    intake = new PushIntake(evaluator, clock, EVERY_PUSH);
    push(OK, sample("10:00:05", 1000), sample("10:00:35", 1090));
    push(FAILED, sample("10:00:05", 40), sample("10:00:35", 50));
    push(OK, sample("10:01:05", 1100));
    clock.set(at("10:01:10"));
    intake.flush(); // 10:00 not due yet: pending, and only in the marks

    intake = new PushIntake(evaluator, clock, EVERY_PUSH); // the process died: no checkpoint
    push(OK, sample("10:01:35", 1130));
    push(FAILED, sample("10:01:35", 51));
    settle();

    assertThat(minutes()).containsExactly(
        Map.entry(at("10:00"), new EventCounts(90, 100)), Map.entry(at("10:01"), new EventCounts(40, 41)));
    assertThat(intake.stats().samplesBaseline().get(Receiver.REMOTE_WRITE)).as("no new baseline").isZero();
  }

  @Test
  void aCrashBetweenCheckpoints_losesNoIncreaseOfACounter_theNextSampleCountsItInItsMinute() {
    push(OK, sample("10:00:05", 1000)); // the first push is written: no checkpoint yet
    push(OK, sample("10:00:35", 1090)); // within the second: held in memory only
    assertThat(buckets.marks("push").get(PushMarks.seriesMark(OK))).startsWith(at("10:00:05").toEpochMilli() + "\t");

    intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT); // died before the checkpoint
    push(OK, sample("10:01:05", 1100));
    settle();
    assertThat(minutes()).as("+90 of 10:00 and +10 of 10:01, all in 10:01")
        .containsExactly(Map.entry(at("10:01"), new EventCounts(100, 100)));
  }

  @Test
  void aCheckpoint_isWrittenOnceItsIntervalHasPassed() {
    push(OK, sample("10:00:05", 1000));
    push(OK, sample("10:00:35", 1090));
    clock.set(T0.plusSeconds(1));
    push(FAILED, sample("10:00:40", 3)); // the second has passed: everything changed is written

    assertThat(buckets.marks("push").get(PushMarks.seriesMark(OK))).startsWith(at("10:00:35").toEpochMilli() + "\t");
    assertThat(buckets.marks("push")).containsKey(PushMarks.seriesMark(FAILED));
  }

  @Test
  void anOtlpDelta_isWrittenBeforeTheAnswer_forItCarriesOnlyItself() {
    push(OK, sample("10:00:05", 1000));
    intake.accept(Receiver.OTLP, List.of(new PushedSeries(FAILED, Temporality.DELTA,
        List.of(new Sample(at("10:00:20").toEpochMilli(), 4)))));

    intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT);
    settle();
    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(0, 4)));
  }

  @Test
  void aWrittenMinute_staysWritten_forTheIntakeThatCarriesOn() {
    push(OK, sample("10:00:05", 1000), sample("10:00:35", 1090));
    settle();
    intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT);
    push(OK, sample("10:00:50", 1095)); // late for a minute already written: dropped, not added to it

    settle();
    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(90, 90)));
    assertThat(intake.stats().countsDropped()).as("5 for each of its targets, good and total").isEqualTo(10);
  }

  @Test
  void aPushWhoseWriteFails_fails_andItsRetryCountsFromWhatTheStoreHolds() {
    var failing = new java.util.concurrent.atomic.AtomicBoolean();
    dev.governor.sli.SliSink sink = sink(() -> {
      if (failing.get()) throw new IllegalStateException("the database is down");
    }, () -> {});
    intake = new PushIntake(sink, evaluator::catalog, clock, EVERY_PUSH);
    push(OK, sample("10:00:05", 1000));
    failing.set(true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> push(OK, sample("10:00:35", 1090)))
        .hasMessageContaining("down");
    failing.set(false);
    // The sender's retry: the state was read back from the store, so the sample counts, in its minute.
    push(OK, sample("10:00:35", 1090));

    intake = new PushIntake(sink, evaluator::catalog, clock, EVERY_PUSH);
    push(OK, sample("10:01:05", 1100));
    settle();
    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(90, 90)),
        Map.entry(at("10:01"), new EventCounts(10, 10)));
  }

  @Test
  void aForgottenSeries_losesItsMark_andAnUnreadableMarkIsDropped() {
    intake = new PushIntake(evaluator, clock, new PushIntake.Settings(100, Duration.ofMinutes(5), Duration.ofSeconds(20)));
    push(OK, sample("10:00:05", 100));
    assertThat(buckets.marks("push")).containsKey(PushMarks.seriesMark(OK));
    clock.set(at("10:10"));
    intake.flush();
    assertThat(buckets.marks("push")).doesNotContainKey(PushMarks.seriesMark(OK));

    buckets.add(List.of(), List.of(new dev.governor.sli.SourceMarks("push", Map.of("s:garbage", "not\ta mark"), java.util.Set.of())));
    intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT);
    push(OK, sample("10:10:05", 150));
    assertThat(buckets.marks("push")).doesNotContainKey("s:garbage").containsKey(PushMarks.seriesMark(OK));
  }

  @Test
  void anOtlpCounterThatStartedBeforeThisProcess_setsABaseline_evenIfAnotherProcessListenedThen() {
    push(OK, sample("10:00:05", 1000)); // the first process listens from 10:00
    clock.set(at("10:02"));
    intake = new PushIntake(evaluator, clock, PushIntake.Settings.DEFAULT); // the next one, from 10:02
    intake.accept(Receiver.OTLP, List.of(new PushedSeries(FAILED, Temporality.CUMULATIVE,
        List.of(new Sample(at("10:02:05").toEpochMilli(), 7, at("10:01").toEpochMilli())))));

    clock.set(at("10:05"));
    intake.flush();
    // It may be a counter the first process counted and forgot: counted whole, its history would count twice.
    assertThat(minutes()).isEmpty();
  }

  @Test
  void aDeltaRequestWaitingWhileAnotherWriteFails_failsToo_soItsSenderSendsItAgain() throws Exception {
    var holdNext = new java.util.concurrent.atomic.AtomicBoolean();
    var entered = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    intake = new PushIntake(sink(() -> {
      if (!holdNext.getAndSet(false)) return;
      entered.countDown();
      try {
        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the database went away");
    }, () -> {}), evaluator::catalog, clock, EVERY_PUSH);
    push(OK, sample("10:00:05", 1000));

    holdNext.set(true);
    Thread failing = Thread.ofPlatform().start(() -> {
      try {
        push(OK, sample("10:00:20", 1010)); // its write is held, then fails
      } catch (IllegalStateException expected) {
        // the store's failure, for this request's sender
      }
    });
    entered.await(10, java.util.concurrent.TimeUnit.SECONDS);
    var delta = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    Thread waiting = Thread.ofPlatform().start(() -> {
      try {
        intake.accept(Receiver.OTLP, List.of(new PushedSeries(FAILED, Temporality.DELTA,
            List.of(new Sample(at("10:00:25").toEpochMilli(), 4)))));
      } catch (Throwable t) {
        delta.set(t);
      }
    });
    // The delta is counted and waits for the writer (parked on its lock) before the held write fails.
    for (int i = 0; i < 500 && waiting.getState() != Thread.State.WAITING; i++) Thread.sleep(10);
    assertThat(waiting.getState()).isEqualTo(Thread.State.WAITING);
    release.countDown();
    failing.join(10_000);
    waiting.join(10_000);

    assertThat(delta.get()).isInstanceOf(PushIntake.NotStored.class);
  }

  @Test
  void aWriteThatLandedThoughItsAnswerWasLost_isNotCountedTwice() {
    var loseNextAnswer = new java.util.concurrent.atomic.AtomicBoolean();
    dev.governor.sli.SliSink sink = sink(() -> {}, () -> {
      if (loseNextAnswer.getAndSet(false)) throw new IllegalStateException("the connection broke after the commit");
    });
    intake = new PushIntake(sink, evaluator::catalog, clock, EVERY_PUSH);
    push(OK, sample("10:00:05", 1000), sample("10:00:35", 1090));
    clock.set(at("10:01:25")); // 10:00 is due
    loseNextAnswer.set(true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> push(OK, sample("10:01:05", 1100)))
        .hasMessageContaining("broke");
    push(OK, sample("10:01:05", 1100)); // the sender's retry: a duplicate of what the store holds
    push(OK, sample("10:01:35", 1120));
    settle();

    assertThat(minutes()).containsExactly(Map.entry(at("10:00"), new EventCounts(90, 90)),
        Map.entry(at("10:01"), new EventCounts(30, 30)));
  }

  @Test
  void marks_holdLabelsOfAnyText() {
    Labels odd = Labels.of("__name__", "x", "path", "a\tb\\c\n\0d\u00e9\t", "q", "tab\there");
    PushMarks.SeriesMark m = new PushMarks.SeriesMark(odd, 123, 0.1 + 0.2, 7, 0.3);
    String value = PushMarks.seriesValue(m);
    assertThat(value).doesNotContain("\0");
    assertThat(PushMarks.readSeries(value)).isEqualTo(m);
    assertThat(PushMarks.seriesMark(odd)).isNotEqualTo(PushMarks.seriesMark(OK)).hasSize(22);
  }

  // ------------------------------------------------------------------ helpers

  /** The evaluator as a sink, running {@code beforeStore} before each batch and {@code afterStore} once it is stored. */
  dev.governor.sli.SliSink sink(Runnable beforeStore, Runnable afterStore) {
    return new dev.governor.sli.SliSink() {
      @Override
      public dev.governor.sli.IngestOutcome ingest(List<dev.governor.sli.SliEvent> events, Source source,
          dev.governor.sli.SourceMarks marks) {
        beforeStore.run();
        dev.governor.sli.IngestOutcome stored = evaluator.ingest(events, source, marks);
        afterStore.run();
        return stored;
      }

      @Override
      public Map<String, String> marks(String source) {
        return evaluator.marks(source);
      }
    };
  }

  record Accepted(int matched, int unmatched) {}

  static Accepted accepted(PushIntake.Accepted a) {
    return new Accepted(a.matchedSeries(), a.unmatchedSeries());
  }

  void push(Labels labels, Sample... samples) {
    intake.accept(Receiver.REMOTE_WRITE, List.of(series(labels, samples)));
  }

  static PushedSeries series(Labels labels, Sample... samples) {
    return new PushedSeries(labels, Temporality.CUMULATIVE, List.of(samples));
  }

  static Sample sample(String time, double value) {
    return new Sample(at(time).toEpochMilli(), value);
  }

  static Instant at(String time) {
    return Instant.parse("2026-11-21T" + (time.length() == 5 ? time + ":00" : time) + "Z");
  }

  /** Far enough on that every pushed minute is due. */
  void settle() {
    clock.set(at("10:05"));
    intake.flush();
  }

  Map<Instant, EventCounts> minutes() {
    Map<Instant, EventCounts> out = new LinkedHashMap<>();
    for (Bucket b : buckets.range(SeriesKey.of(SLI), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)))) {
      out.put(b.minute(), b.counts());
    }
    return out;
  }

  static String slo(String role, String firstQuery) {
    return """
        apiVersion: openslo/v1
        kind: Service
        metadata: {name: checkout}
        spec: {}
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: checkout-availability}
        spec:
          service: checkout
          indicator:
            metadata: {name: checkout-requests}
            spec:
              ratioMetric:
                counter: true
                %s:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: '%s'
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: 'http_requests_total{job="checkout"}'
          timeWindow: [{duration: 28d, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{targetPercent: 99.9}]
        """.formatted(role, firstQuery);
  }

  static Catalog catalog(String yaml) {
    ParsedSpecs parsed = SpecParser.parse("test.yaml", yaml);
    assertThat(parsed.problems()).isEmpty();
    return switch (CatalogResolver.resolve(parsed.documents())) {
      case Resolution.Resolved r -> r.catalog();
      case Resolution.Invalid i -> throw new AssertionError(i.problems());
    };
  }
}
