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

-- A random secret the replicas share, made by the first one: a follower sends it with the requests
-- it forwards, so that the leader believes the client address it names (the sign-in throttle
-- counts failures per address) and nobody else can name one.
CREATE TABLE cluster_secret (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL
) ${strict};
