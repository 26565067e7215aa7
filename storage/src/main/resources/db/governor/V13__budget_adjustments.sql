-- Budget adjustments (issue 14): applied BudgetAdjustment documents as the user wrote them, one row
-- per name, with who applied the version stored; the audit log keeps every change.
CREATE TABLE budget_adjustment (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL,
  applied_by TEXT NOT NULL
) ${strict};
