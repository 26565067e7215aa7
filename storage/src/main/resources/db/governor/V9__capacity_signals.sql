-- Capacity planning (issue 16): applied CapacitySignal documents as the user wrote them, one row per
-- name, as budget_policy keeps policies. The forecasts are computed from the SLI buckets and from
-- PromQL; only the documents are state.
CREATE TABLE capacity_signal (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL
) ${strict};
