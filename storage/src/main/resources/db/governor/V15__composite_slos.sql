-- Composite SLOs (issue 14): applied CompositeSLO documents as the user wrote them, one row per
-- name, as probe keeps its documents. Their derived minutes live in bucket, under composite.<name>.
CREATE TABLE composite_slo (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL
) ${strict};
