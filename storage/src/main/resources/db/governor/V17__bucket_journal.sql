-- Acknowledged increments not yet folded into bucket, bucket_hour and bucket_day (see
-- JdbcBucketStore and BucketJournal). SQLite appends each batch here, a few pages at the end of
-- one table, instead of changing a page per series in each of the three tables; a fold moves the
-- rows into the buckets, summed, when a read needs their minutes or the journal has grown long.
-- PostgreSQL upserts directly and keeps this table empty, but folds what a restore brings in.
CREATE TABLE bucket_journal (
  seq ${bigSerialKey},
  series_id INTEGER NOT NULL REFERENCES series (id),
  minute ${int64} NOT NULL,
  good ${int64} NOT NULL,
  total ${int64} NOT NULL,
  CHECK (good >= 0 AND total >= good)
) ${strict};
