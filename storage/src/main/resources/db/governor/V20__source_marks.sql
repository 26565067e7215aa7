-- What an intake remembers about its source to count each event once (issue 12): a pushed
-- counter's last value, the minutes it is still assembling, a Kafka partition's next offset. Written
-- in the same transaction as the buckets those counts went to, so that a restart or a new leader
-- reads back exactly where the stored counts end.
CREATE TABLE source_mark (
  source TEXT NOT NULL,
  mark TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (source, mark)
) ${strict};
