-- The notification outbox (webhook, Slack, email): each notification is kept until its target
-- acknowledges it or Governor gives up after retrying for notifications.giveUpAfter, so that neither
-- a target that is down nor a restart loses one. Placeholders as in V1.

-- idempotency_key is the caller's: a second enqueue of the same key inserts nothing. channel_target
-- is the webhook or Slack URL or the email address; channel_secret the webhook's HMAC key, which the
-- API never shows. state is the lowercase label; settled_at is when it was delivered or given up on.
CREATE TABLE notification (
  id ${serialKey},
  idempotency_key TEXT NOT NULL UNIQUE,
  channel_type TEXT NOT NULL,
  channel_target TEXT NOT NULL,
  channel_secret TEXT,
  event TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at ${int64} NOT NULL,
  settled_at ${int64},
  last_error TEXT,
  CHECK (channel_type IN ('webhook', 'slack', 'email')),
  CHECK (state IN ('pending', 'delivered', 'failed')),
  CHECK ((state = 'pending') = (settled_at IS NULL))
) ${strict};

-- The dispatcher's poll: pending notifications by when they are due.
CREATE INDEX notification_due ON notification (state, next_attempt_at);

-- The fields and links of a message, in their order: a field has kind 'field', its name and value;
-- a link kind 'link', its title as name and its URL as value.
CREATE TABLE notification_detail (
  notification_id INTEGER NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (notification_id, position),
  CHECK (kind IN ('field', 'link'))
) ${strictKeyed};
