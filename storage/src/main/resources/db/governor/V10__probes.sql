-- Synthetic probes (issue 15): applied Probe documents as the user wrote them, one row per name, as
-- capacity_signal keeps its documents.
CREATE TABLE probe (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL
) ${strict};

-- One row per run, stamped by the clock of the process that ran it; kept for probes.resultRetention.
-- A probe never runs twice at once, so (probe, started_at) names a run, and a result stored twice
-- (a retried write) is one row.
CREATE TABLE probe_result (
  probe TEXT NOT NULL,
  started_at ${int64} NOT NULL,
  latency_us ${int64} NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('up', 'degraded', 'down')),
  detail TEXT NOT NULL,
  PRIMARY KEY (probe, started_at)
) ${strict};

-- Runs per probe and hour by outcome, written in the same transaction as the results they count:
-- 90 days of uptime bars read about 2,000 rows a probe instead of 260,000, and the counts outlive
-- the raw results (kept 400 days).
CREATE TABLE probe_hour (
  probe TEXT NOT NULL,
  hour_start ${int64} NOT NULL,
  up ${int64} NOT NULL,
  degraded ${int64} NOT NULL,
  down ${int64} NOT NULL,
  PRIMARY KEY (probe, hour_start)
) ${strict};
