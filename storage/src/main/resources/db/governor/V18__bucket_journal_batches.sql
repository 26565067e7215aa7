-- The bucket journal becomes one row per add, its buckets encoded in one value (see BucketJournal):
-- a row per bucket cost SQLite an insert each and a fold a delete each, about a fifth of the ingest
-- path's CPU. What the row journal still holds (a process killed before it folded) goes into the
-- buckets first, summed as a fold sums it; hours and days floored for minutes before 1970 too.
INSERT INTO bucket (series_id, minute, good, total)
  SELECT series_id, minute, SUM(good), SUM(total) FROM bucket_journal WHERE true GROUP BY series_id, minute
  ON CONFLICT (series_id, minute) DO UPDATE
  SET good = bucket.good + excluded.good, total = bucket.total + excluded.total;

INSERT INTO bucket_hour (series_id, hour, good, total)
  SELECT series_id, minute - ((minute % 3600000) + 3600000) % 3600000, SUM(good), SUM(total)
  FROM bucket_journal WHERE true GROUP BY series_id, minute - ((minute % 3600000) + 3600000) % 3600000
  ON CONFLICT (series_id, hour) DO UPDATE
  SET good = bucket_hour.good + excluded.good, total = bucket_hour.total + excluded.total;

INSERT INTO bucket_day (series_id, day, good, total)
  SELECT series_id, minute - ((minute % 86400000) + 86400000) % 86400000, SUM(good), SUM(total)
  FROM bucket_journal WHERE true GROUP BY series_id, minute - ((minute % 86400000) + 86400000) % 86400000
  ON CONFLICT (series_id, day) DO UPDATE
  SET good = bucket_day.good + excluded.good, total = bucket_day.total + excluded.total;

DROP TABLE bucket_journal;

-- Acknowledged adds not yet folded into bucket, bucket_hour and bucket_day, one row per add:
-- seq in the order they were appended, increments their buckets (series number, minute, good,
-- total) in BucketJournal's encoding. PostgreSQL upserts directly and keeps this table empty.
CREATE TABLE bucket_journal (
  seq ${int64} PRIMARY KEY,
  increments ${bytes} NOT NULL
) ${strict};
