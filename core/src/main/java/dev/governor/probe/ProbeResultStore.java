package dev.governor.probe;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The raw results of probe runs, kept for the retention period. */
public interface ProbeResultStore {

  /** Stores the results, all or nothing; when this returns they survive a crash. */
  void record(List<ProbeResult> results);

  /** The newest {@code limit} results of a probe, newest first. */
  List<ProbeResult> latest(String probe, int limit);

  /** The results of a probe started in [from, to), oldest first. */
  List<ProbeResult> between(String probe, Instant from, Instant to);

  /**
   * Per calendar day in {@code zone}, for the days in [from, to] that have results, how the runs
   * went. A day without runs is absent: a gap, not "up".
   */
  Map<LocalDate, DayCounts> daily(String probe, LocalDate from, LocalDate to, ZoneId zone);

  /** Deletes the results started before {@code cutoff}; returns how many. */
  int deleteBefore(Instant cutoff);

  /** The runs of one day by outcome. */
  record DayCounts(long up, long degraded, long down) {
    public DayCounts {
      if (up < 0 || degraded < 0 || down < 0) {
        throw new IllegalArgumentException("counts cannot be negative, got " + up + "/" + degraded + "/" + down);
      }
    }

    public long runs() {
      return up + degraded + down;
    }

    /** The share of runs that passed; 1 when there were none. */
    public double uptime() {
      return runs() == 0 ? 1 : (double) (up + degraded) / runs();
    }
  }
}
