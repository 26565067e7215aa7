-- One schema for SQLite and PostgreSQL. Where the two must differ, a placeholder says so; Dialect.java
-- gives each its value:
--   ${int64}          a 64-bit integer: INTEGER in SQLite (always 64-bit there), BIGINT in PostgreSQL.
--   ${serialKey}      an integer primary key the database numbers itself.
--   ${strict}         SQLite's STRICT: a value of the wrong type is an error instead of being stored
--                     as it comes. This is what makes a count that overflows 64 bits fail in SQLite,
--                     which would otherwise store the sum as a REAL; PostgreSQL raises on overflow.
--   ${strictKeyed}    STRICT plus WITHOUT ROWID: the table is its primary-key b-tree, with no rowid
--                     and no second tree to keep up on every write.
-- Instants are UTC epoch milliseconds.

-- SLI series, numbered, so that the many bucket rows carry a small integer instead of the series id
-- text. A series is never renamed or deleted: its number is stable and may be cached.
CREATE TABLE series (
  id ${serialKey},
  name TEXT NOT NULL UNIQUE
) ${strict};

-- Per-minute good/total counts. The primary key serves every query: sum and range read one series'
-- minutes in order, "at" looks up (series, minute) points, and retention deletes per series.
CREATE TABLE bucket (
  series_id INTEGER NOT NULL REFERENCES series (id),
  minute ${int64} NOT NULL,
  good ${int64} NOT NULL,
  total ${int64} NOT NULL,
  PRIMARY KEY (series_id, minute),
  CHECK (good >= 0 AND total >= good)
) ${strictKeyed};

-- Applied OpenSLO documents; kind is the OpenSLO spelling ("SLO", "AlertPolicy").
CREATE TABLE resource (
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL,
  PRIMARY KEY (kind, name)
) ${strict};

-- Alert history; state and severity are the lowercase labels ("firing", "page").
CREATE TABLE alert (
  id TEXT PRIMARY KEY,
  slo TEXT NOT NULL,
  objective TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL,
  started_at ${int64} NOT NULL,
  resolved_at ${int64},
  summary TEXT NOT NULL,
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
) ${strict};

CREATE INDEX alert_by_start ON alert (started_at);
CREATE INDEX alert_by_state ON alert (state, started_at);
CREATE INDEX alert_by_slo ON alert (slo, started_at);
