-- On-call: applied User, Schedule and EscalationPolicy documents (governor.dev/v1) as the user wrote
-- them, secrets of webhook contacts included; users, schedules and policies are parsed from the
-- source. kind is the document's kind ("User", "Schedule", "EscalationPolicy"). Placeholders as in V1.
CREATE TABLE oncall_document (
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL,
  PRIMARY KEY (kind, name)
) ${strict};
