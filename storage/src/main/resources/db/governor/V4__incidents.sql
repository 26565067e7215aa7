-- Incidents, their alerts and timelines, silences and maintenance windows (issue 6, incident
-- response). Placeholders as in V1. Instants are UTC epoch milliseconds; states are the lowercase
-- labels ("triggered", "acknowledged", "resolved"), severities PagerDuty's ("critical", "error",
-- "warning", "info"). Incident and alert numbers are given by the store, one more than the highest,
-- inside the write transaction that holds the incident lock (see JdbcIncidentStore).

CREATE TABLE incident (
  number ${int64} PRIMARY KEY,
  title TEXT NOT NULL,
  state TEXT NOT NULL,
  severity TEXT NOT NULL,
  group_key TEXT NOT NULL,
  opened_at ${int64} NOT NULL,
  notify_after ${int64} NOT NULL,
  acknowledged_at ${int64},
  acknowledged_by TEXT,
  resolved_at ${int64},
  resolved_by TEXT,
  reopen_count INTEGER NOT NULL,
  CHECK (state IN ('triggered', 'acknowledged', 'resolved')),
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
) ${strict};

-- The open incident of a group, the last resolved one of a group, lists by state, stats by period.
CREATE INDEX incident_by_group ON incident (group_key, state, number);
CREATE INDEX incident_by_state ON incident (state, number);
CREATE INDEX incident_by_opened ON incident (opened_at);

-- What an incident holds beyond its row: its services and SLOs (kinds 'service' and 'slo', value
-- ''), the labels of the alert that opened it ('label'), its roles ('role': the role, the person).
CREATE TABLE incident_attribute (
  incident ${int64} NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (incident, kind, name),
  CHECK (kind IN ('service', 'slo', 'label', 'role'))
) ${strict};

-- ?service= lists.
CREATE INDEX incident_attribute_by_name ON incident_attribute (kind, name, incident);

-- One alert: the life of one (integration, dedup key) from its first trigger to its resolution.
-- incident is NULL while it is suppressed ('silenced' or 'inhibited', by what suppressed_by says).
CREATE TABLE incident_alert (
  id ${int64} PRIMARY KEY,
  source TEXT NOT NULL,
  integration TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  incident ${int64} REFERENCES incident (number),
  state TEXT NOT NULL,
  suppression TEXT,
  suppressed_by TEXT,
  summary TEXT NOT NULL,
  severity TEXT NOT NULL,
  group_key TEXT NOT NULL,
  started_at ${int64} NOT NULL,
  first_seen ${int64} NOT NULL,
  last_seen ${int64} NOT NULL,
  resolved_at ${int64},
  CHECK (state IN ('triggered', 'acknowledged', 'resolved')),
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK ((suppression IS NULL) = (suppressed_by IS NULL)),
  CHECK (suppression IS NULL OR (suppression IN ('silenced', 'inhibited') AND incident IS NULL))
) ${strict};

-- PagerDuty's dedup rule as a constraint: at most one open alert per key.
CREATE UNIQUE INDEX incident_alert_open_key ON incident_alert (integration, dedup_key) WHERE resolved_at IS NULL;
CREATE INDEX incident_alert_by_key ON incident_alert (integration, dedup_key);
CREATE INDEX incident_alert_by_incident ON incident_alert (incident, id);

-- Labels ('label') and details ('detail') of an alert.
CREATE TABLE incident_alert_attribute (
  alert ${int64} NOT NULL REFERENCES incident_alert (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (alert, kind, name),
  CHECK (kind IN ('label', 'detail'))
) ${strict};

-- Links of an alert, in order; image is 1 for an image to show.
CREATE TABLE incident_alert_link (
  alert ${int64} NOT NULL REFERENCES incident_alert (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  href TEXT NOT NULL,
  label TEXT NOT NULL,
  image INTEGER NOT NULL,
  PRIMARY KEY (alert, position),
  CHECK (image IN (0, 1))
) ${strict};

-- An incident's timeline, append-only, in order of position; kind is the lowercase label ("alert",
-- "state", "notification", "comment", "action", "role", "escalation").
CREATE TABLE incident_timeline (
  incident ${int64} NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  at ${int64} NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (incident, position)
) ${strict};

-- The few machine-readable facts of a timeline entry.
CREATE TABLE incident_timeline_detail (
  incident ${int64} NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (incident, position, name),
  FOREIGN KEY (incident, position) REFERENCES incident_timeline (incident, position) ON DELETE CASCADE
) ${strict};

-- Alertmanager-style silences; an expired one keeps its row (ends_at in the past).
CREATE TABLE silence (
  id TEXT PRIMARY KEY,
  starts_at ${int64} NOT NULL,
  ends_at ${int64} NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  CHECK (ends_at >= starts_at)
) ${strict};

CREATE INDEX silence_by_end ON silence (ends_at);

-- The matchers of a silence, in order; op is "=", "!=", "=~" or "!~".
CREATE TABLE silence_matcher (
  silence TEXT NOT NULL REFERENCES silence (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  op TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (silence, position),
  CHECK (op IN ('=', '!=', '=~', '!~'))
) ${strict};

-- Recurring weekly maintenance windows: days are ISO day numbers ("1,7" is Monday and Sunday),
-- start_time the wall-clock time in zone ("23:00"), length an ISO-8601 duration ("PT3H").
CREATE TABLE maintenance_window (
  name TEXT PRIMARY KEY,
  days TEXT NOT NULL,
  start_time TEXT NOT NULL,
  length TEXT NOT NULL,
  zone TEXT NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL
) ${strict};

CREATE TABLE maintenance_window_matcher (
  maintenance_window TEXT NOT NULL REFERENCES maintenance_window (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  op TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (maintenance_window, position),
  CHECK (op IN ('=', '!=', '=~', '!~'))
) ${strict};
