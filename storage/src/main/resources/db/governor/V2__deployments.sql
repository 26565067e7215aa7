-- Deployments, their changes, and what webhooks taught us about history (see V1 for the
-- placeholders). Instants are UTC epoch milliseconds; outcome is the lowercase label
-- ("in_progress", "succeeded", "failed", "rolled_back").

CREATE TABLE deployment (
  id TEXT PRIMARY KEY,
  service TEXT NOT NULL,
  environment TEXT NOT NULL,
  version TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  started_at ${int64} NOT NULL,
  finished_at ${int64},
  outcome TEXT NOT NULL,
  failed_after_success_at ${int64},
  rolled_back_at ${int64},
  deployment_trigger TEXT NOT NULL,
  CHECK (outcome IN ('in_progress', 'succeeded', 'failed', 'rolled_back'))
) ${strict};

-- Listing by service and environment, newest first, and DORA's range scans.
CREATE INDEX deployment_by_service ON deployment (service, environment, started_at);
CREATE INDEX deployment_by_start ON deployment (started_at);

-- The changes a deployment carries, in order: a commit (sha, authored_at, committed_at) or a pull
-- request (number, opened_at, merged_at, first_commit_at).
CREATE TABLE deployment_change (
  deployment_id TEXT NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  sha TEXT,
  pr_number ${int64},
  authored_at ${int64},
  committed_at ${int64},
  opened_at ${int64},
  merged_at ${int64},
  first_commit_at ${int64},
  PRIMARY KEY (deployment_id, position),
  CHECK ((kind = 'commit' AND sha IS NOT NULL AND authored_at IS NOT NULL AND committed_at IS NOT NULL)
      OR (kind = 'pull_request' AND pr_number IS NOT NULL AND opened_at IS NOT NULL))
) ${strict};

-- Labels (kind 'label') and named links (kind 'link') of a deployment.
CREATE TABLE deployment_attribute (
  deployment_id TEXT NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (deployment_id, kind, name),
  CHECK (kind IN ('label', 'link'))
) ${strict};

-- Incidents a deployment caused; the incident feature fills it.
CREATE TABLE deployment_incident (
  deployment_id TEXT NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  incident_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (deployment_id, incident_id)
) ${strict};

-- Commits from push events, each with the commit before it in its push, so that the history
-- between two deployments can be walked.
CREATE TABLE pushed_commit (
  sha TEXT PRIMARY KEY,
  parent_sha TEXT,
  ref TEXT NOT NULL,
  authored_at ${int64} NOT NULL,
  committed_at ${int64} NOT NULL
) ${strict};

CREATE INDEX pushed_commit_by_ref ON pushed_commit (ref, committed_at);

-- Merged pull requests by the commit their merge produced (squash or merge commit).
CREATE TABLE merged_pull_request (
  merge_commit_sha TEXT PRIMARY KEY,
  number ${int64} NOT NULL,
  opened_at ${int64} NOT NULL,
  merged_at ${int64} NOT NULL,
  first_commit_at ${int64}
) ${strict};

-- Webhook deliveries already applied ("github", "gitlab"), so that a redelivery is applied once.
CREATE TABLE webhook_delivery (
  source TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  received_at ${int64} NOT NULL,
  PRIMARY KEY (source, delivery_id)
) ${strict};
