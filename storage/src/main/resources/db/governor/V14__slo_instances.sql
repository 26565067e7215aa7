-- Grouped SLOs (issue 14): the instances each has made, one row per group and label value set,
-- so a restart knows them (and the group's limit holds) before the first event. The labels are
-- kept as a form-encoded text (k=v&k2=v2, keys sorted), which is also the key.
CREATE TABLE slo_instance (
  slo TEXT NOT NULL,
  labels TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  PRIMARY KEY (slo, labels)
) ${strict};
