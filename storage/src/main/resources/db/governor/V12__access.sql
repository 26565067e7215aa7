-- People and access (issue 13): accounts, Team documents, service-account tokens, the server's own
-- secrets, sign-in sessions, used one-click links and the audit log of actions.

-- password_hash is the PHC string of an Argon2id hash; NULL for an account that signs in only
-- through single sign-on. origin: local or oidc.
CREATE TABLE account (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT,
  global_role TEXT NOT NULL CHECK (global_role IN ('viewer', 'responder', 'editor', 'admin')),
  password_hash TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('local', 'oidc')),
  disabled ${int64} NOT NULL,
  created_at ${int64} NOT NULL
) ${strict};

-- Team documents as the user wrote them, one row per name, as probe keeps its documents.
CREATE TABLE team (
  name TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  applied_at ${int64} NOT NULL
) ${strict};

-- Only the SHA-256 (hex) of a token is kept; a request's token is looked up by it.
CREATE TABLE api_token (
  id ${serialKey},
  name TEXT NOT NULL,
  team TEXT,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'responder', 'editor', 'admin')),
  hash TEXT NOT NULL UNIQUE,
  created_at ${int64} NOT NULL,
  created_by TEXT NOT NULL,
  expires_at ${int64},
  last_used_at ${int64},
  revoked_at ${int64}
) ${strict};

-- Keys the server makes once and keeps (the one-click link key); shared by every replica. The
-- bytes are base64 text, not a BLOB/bytea: backups carry integers and text only (DatabaseSnapshot).
CREATE TABLE access_secret (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) ${strict};

-- id_hash is the SHA-256 (hex) of the cookie's session id: a copy of the database signs nobody in.
-- sign_on_groups holds the single sign-on groups of the sign-in, each on a line ended by a line
-- break, with \ and line breaks in a name escaped as \\ and \n. Not "session" and "groups",
-- which are SQL keywords.
CREATE TABLE web_session (
  id_hash TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  sign_on_groups TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  last_seen_at ${int64} NOT NULL,
  method TEXT NOT NULL
) ${strict};

CREATE INDEX web_session_by_account ON web_session (account);

-- One-click links already used, by the SHA-256 of the link's token: the primary key makes the
-- second use fail, on one server or across replicas.
CREATE TABLE used_link (
  link_hash TEXT PRIMARY KEY,
  used_at ${int64} NOT NULL
) ${strict};

-- What people and service accounts did, append-only, newest (highest id) read first; each index
-- serves one filter of the audit page with its ORDER BY id DESC LIMIT n.
CREATE TABLE audit_action (
  id ${serialKey},
  at ${int64} NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  team TEXT,
  detail TEXT NOT NULL
) ${strict};

CREATE INDEX audit_action_by_actor ON audit_action (actor, id);
CREATE INDEX audit_action_by_team ON audit_action (team, id);
CREATE INDEX audit_action_by_subject ON audit_action (subject, id);
