-- A gate decision looks up the approvals and hotfix grants given for its service within their
-- validity: by subject, action and time, so that the many decisions recorded for a busy service
-- are neither read nor able to push a grant out of reach.
CREATE INDEX delivery_audit_by_subject_action ON delivery_audit (subject, action, at);
