-- Hourly and daily sums of the minute buckets, kept in the same transaction as every minute they
-- sum, so they are exact by construction, late data included. Rebuilding a 30-day window at start
-- reads about 30 days, 48 hours and a few hundred minutes per series instead of 43,200 minutes.
CREATE TABLE bucket_hour (
  series_id INTEGER NOT NULL REFERENCES series (id),
  hour ${int64} NOT NULL,
  good ${int64} NOT NULL,
  total ${int64} NOT NULL,
  PRIMARY KEY (series_id, hour),
  CHECK (good >= 0 AND total >= good)
) ${strictKeyed};

CREATE TABLE bucket_day (
  series_id INTEGER NOT NULL REFERENCES series (id),
  day ${int64} NOT NULL,
  good ${int64} NOT NULL,
  total ${int64} NOT NULL,
  PRIMARY KEY (series_id, day),
  CHECK (good >= 0 AND total >= good)
) ${strictKeyed};

-- Retention deletes minutes before a cutoff inside an hour or a day: the rollup of that hour or day
-- still counts the deleted minutes. Reads never use a rollup that starts before this instant.
CREATE TABLE bucket_retention (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  retained_from ${int64} NOT NULL
) ${strict};

INSERT INTO bucket_retention (id, retained_from)
  VALUES (1, 0);

INSERT INTO bucket_hour (series_id, hour, good, total)
  SELECT series_id, minute - (minute % 3600000), SUM(good), SUM(total) FROM bucket
  GROUP BY series_id, minute - (minute % 3600000);

INSERT INTO bucket_day (series_id, day, good, total)
  SELECT series_id, minute - (minute % 86400000), SUM(good), SUM(total) FROM bucket
  GROUP BY series_id, minute - (minute % 86400000);
