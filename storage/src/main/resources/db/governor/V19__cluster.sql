-- Replicas of Governor on one PostgreSQL database (issue 12). One row, name 'leader': which
-- replica leads, from where it answers, its term (the fencing token, one more at every takeover) and
-- until when its lease runs, in epoch milliseconds of the database's clock. SQLite runs one process
-- and never writes it.
CREATE TABLE cluster_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  holder_url TEXT NOT NULL,
  term ${int64} NOT NULL,
  since ${int64} NOT NULL,
  expires ${int64} NOT NULL
) ${strict};

-- Every replica running, or lately running: one row per process run, refreshed every lease round.
CREATE TABLE cluster_member (
  replica TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  started ${int64} NOT NULL,
  seen ${int64} NOT NULL
) ${strict};
