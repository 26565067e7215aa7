-- The public status page (issue 15). Placeholders as in V1; instants are UTC epoch milliseconds.
-- Ids are one more than the highest, given inside the write transaction.

-- The applied StatusPage document as written; at most one row.
CREATE TABLE status_page (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL
) ${strict};

-- Updates for the public about an incident, apart from its internal timeline. components is the
-- keys joined with commas; impact a component state label or NULL.
CREATE TABLE status_update (
  id ${int64} PRIMARY KEY,
  incident ${int64} NOT NULL,
  at ${int64} NOT NULL,
  phase TEXT NOT NULL CHECK (phase IN ('investigating', 'identified', 'monitoring', 'resolved')),
  title TEXT,
  message TEXT NOT NULL,
  components TEXT NOT NULL,
  impact TEXT
) ${strict};

CREATE TABLE status_maintenance (
  id ${int64} PRIMARY KEY,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  components TEXT NOT NULL,
  starts_at ${int64} NOT NULL,
  ends_at ${int64} NOT NULL,
  cancelled INTEGER NOT NULL
) ${strict};

CREATE TABLE status_override (
  component TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  reason TEXT NOT NULL,
  set_at ${int64} NOT NULL,
  until ${int64}
) ${strict};

-- What the feeds and subscribers are told, newest last.
CREATE TABLE status_event (
  id ${int64} PRIMARY KEY,
  at ${int64} NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL
) ${strict};

-- Each component's state as last told, so a restart does not announce it again.
CREATE TABLE status_component_state (
  component TEXT PRIMARY KEY,
  state TEXT NOT NULL
) ${strict};

-- channel_type webhook or email; target the URL or the address; secret the webhook's signing secret.
CREATE TABLE status_subscriber (
  id ${int64} PRIMARY KEY,
  channel_type TEXT NOT NULL CHECK (channel_type IN ('webhook', 'email')),
  target TEXT NOT NULL,
  secret TEXT,
  since ${int64} NOT NULL
) ${strict};
