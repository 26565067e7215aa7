package dev.governor.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.probe.ProbeResultStore;
import dev.governor.probe.ProbeResultStore.DayCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ProbeResultStore} must do: raw runs for the UI, and days of counts for uptime bars. */
public abstract class ProbeResultStoreContract extends PortContract<ProbeResultStore> {

  private static ProbeResult run(String probe, Instant at, ProbeOutcome outcome) {
    return new ProbeResult(probe, at, Duration.ofNanos(123_456_000), outcome, outcome == ProbeOutcome.DOWN ? "HTTP 500" : "");
  }

  @Test
  void results_comeBackNewestFirst_withTheirLatencyToTheMicrosecond_afterARestart() {
    store.record(List.of(run("shop", minute(0), ProbeOutcome.UP), run("shop", minute(1), ProbeOutcome.DOWN),
        run("api", minute(1), ProbeOutcome.DEGRADED)));

    List<ProbeResult> latest = reopen().latest("shop", 5);

    assertThat(latest).containsExactly(run("shop", minute(1), ProbeOutcome.DOWN), run("shop", minute(0), ProbeOutcome.UP));
    assertThat(latest.getFirst().latency()).isEqualTo(Duration.ofNanos(123_456_000));
    assertThat(store.latest("shop", 1)).hasSize(1);
    assertThat(store.between("shop", minute(0), minute(1))).containsExactly(run("shop", minute(0), ProbeOutcome.UP));
  }

  @Test
  void aResultStoredTwice_isOneRun_andCountedOnce() {
    ProbeResult once = run("shop", minute(0), ProbeOutcome.UP);
    store.record(List.of(once));
    store.record(List.of(once, run("shop", minute(1), ProbeOutcome.UP)));

    assertThat(store.latest("shop", 10)).hasSize(2);
    LocalDate day = LocalDate.ofInstant(T0, ZoneOffset.UTC);
    assertThat(store.daily("shop", day, day, ZoneOffset.UTC)).containsEntry(day, new DayCounts(2, 0, 0));
  }

  @Test
  void daily_countsEachDayOfTheZone_andLeavesDaysWithoutRunsOut() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Instant lateOnTheFirst = Instant.parse("2025-03-01T22:30:00Z"); // 23:30 in Berlin
    Instant earlyOnTheSecond = Instant.parse("2025-03-01T23:30:00Z"); // 00:30 on the 2nd in Berlin
    Instant fourth = Instant.parse("2025-03-04T12:00:00Z");
    store.record(List.of(run("shop", lateOnTheFirst, ProbeOutcome.UP), run("shop", lateOnTheFirst.plusSeconds(30), ProbeOutcome.DOWN),
        run("shop", earlyOnTheSecond, ProbeOutcome.DEGRADED), run("shop", fourth, ProbeOutcome.UP),
        run("other", earlyOnTheSecond, ProbeOutcome.DOWN)));

    var days = store.daily("shop", LocalDate.parse("2025-03-01"), LocalDate.parse("2025-03-03"), berlin);

    assertThat(days).containsExactly(
        java.util.Map.entry(LocalDate.parse("2025-03-01"), new DayCounts(1, 0, 1)),
        java.util.Map.entry(LocalDate.parse("2025-03-02"), new DayCounts(0, 1, 0)));
    assertThat(days.get(LocalDate.parse("2025-03-01")).uptime()).isEqualTo(0.5);
  }

  @Test
  void deleteBefore_dropsOldRuns_butKeepsTheirDailyCountsForTheUptimeBars() {
    store.record(List.of(run("shop", minute(0), ProbeOutcome.UP), run("shop", minute(90), ProbeOutcome.DOWN)));

    assertThat(store.deleteBefore(minute(60))).isEqualTo(1);

    assertThat(store.latest("shop", 10)).containsExactly(run("shop", minute(90), ProbeOutcome.DOWN));
    LocalDate day = LocalDate.ofInstant(T0, ZoneOffset.UTC);
    assertThat(store.daily("shop", day, day, ZoneOffset.UTC)).containsEntry(day, new DayCounts(1, 0, 1));
  }
}
