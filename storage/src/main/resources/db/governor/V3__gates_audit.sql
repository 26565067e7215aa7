-- Error-budget policies, the delivery audit trail and the rollback hook's outbox (issue 5, gates and
-- verification). Placeholders as in V1.

-- Applied ErrorBudgetPolicy documents as the user wrote them; the policy is parsed from the source.
CREATE TABLE budget_policy (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL
) ${strict};

-- Every gate decision and override, verification and rollback, append-only. action is the label
-- ("gate.decision", "gate.override", "verification", "rollback.requested", "rollback.delivered");
-- subject the service of a gate or the deployment id of a verification or rollback.
CREATE TABLE delivery_audit (
  id ${serialKey},
  at ${int64} NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  environment TEXT,
  version TEXT,
  outcome TEXT NOT NULL,
  actor TEXT,
  reason TEXT,
  detail TEXT NOT NULL
) ${strict};

CREATE INDEX delivery_audit_by_subject ON delivery_audit (subject, id);

-- Rollback hook calls until their endpoint acknowledges them (a 2xx), so that a restart does not
-- forget a rollback that was asked for. payload is the JSON body exactly as signed.
CREATE TABLE hook_outbox (
  id ${serialKey},
  deployment TEXT NOT NULL,
  url TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at ${int64} NOT NULL,
  delivered_at ${int64},
  last_error TEXT
) ${strict};

CREATE INDEX hook_outbox_due ON hook_outbox (delivered_at, next_attempt_at);
