-- Incident counts per Hanoi day, ward and category (issue 12), as SQLite's incident_counts
-- (migration 0006 there): the commander's per-day chart and per-ward summary read a few thousand
-- kept rows instead of grouping a million features on every request. A missing day, ward or
-- category is '' (a primary key cannot hold NULL). Rows are never deleted: one that falls to 0
-- stays, and readers skip n = 0.
--
-- Kept by statement-level triggers: one upsert per statement with the statement's rows grouped
-- (a chunk of 5,000 imported rows is one INSERT of a few hundred keys, not 5,000 row triggers).
-- Concurrent writers: ON CONFLICT DO UPDATE adds to the committed row (no lost count), and each
-- upsert takes its keys' row locks in key order (ORDER BY), so two statements touching the same
-- keys wait for each other instead of deadlocking. A bulk import sets the insert trigger aside
-- (opsmap.incident_counts_deferred, set locally by server/db/postgres/bulk.ts) and adds its
-- batch's counts in one upsert at the end: otherwise it would hold the counts of every day it
-- touched locked for its whole run, and every incident edit on those days would wait for it.
CREATE TABLE incident_counts (
  day text COLLATE "C" NOT NULL,
  ward_code text COLLATE "C" NOT NULL,
  category text COLLATE "C" NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (day, ward_code, category)
);
INSERT INTO incident_counts (day, ward_code, category, n)
  SELECT coalesce(day, ''), coalesce(ward_code, ''), coalesce(category, ''), count(*)
  FROM features WHERE collection = 'incidents' GROUP BY 1, 2, 3;

CREATE FUNCTION incident_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('opsmap.incident_counts_deferred', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO incident_counts (day, ward_code, category, n)
    SELECT coalesce(day, ''), coalesce(ward_code, ''), coalesce(category, ''), count(*)
    FROM new_rows WHERE collection = 'incidents' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, ward_code, category) DO UPDATE SET n = incident_counts.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION incident_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incident_counts (day, ward_code, category, n)
    SELECT coalesce(day, ''), coalesce(ward_code, ''), coalesce(category, ''), -count(*)
    FROM old_rows WHERE collection = 'incidents' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, ward_code, category) DO UPDATE SET n = incident_counts.n + excluded.n;
  RETURN NULL;
END $$;

-- Only rows whose day, ward, category (or layer) changed move a count; an edit of anything else
-- (or a version bump) writes nothing here. A move within one statement nets out per key.
CREATE FUNCTION incident_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incident_counts (day, ward_code, category, n)
    SELECT d, w, c, sum(k) FROM (
      SELECT coalesce(o.day, '') AS d, coalesce(o.ward_code, '') AS w, coalesce(o.category, '') AS c, -1 AS k
      FROM old_rows o JOIN new_rows m ON m.id = o.id
      WHERE o.collection = 'incidents' AND (o.collection, o.day, o.ward_code, o.category) IS DISTINCT FROM (m.collection, m.day, m.ward_code, m.category)
      UNION ALL
      SELECT coalesce(m.day, ''), coalesce(m.ward_code, ''), coalesce(m.category, ''), 1
      FROM old_rows o JOIN new_rows m ON m.id = o.id
      WHERE m.collection = 'incidents' AND (o.collection, o.day, o.ward_code, o.category) IS DISTINCT FROM (m.collection, m.day, m.ward_code, m.category)
    ) moved GROUP BY 1, 2, 3 HAVING sum(k) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (day, ward_code, category) DO UPDATE SET n = incident_counts.n + excluded.n;
  RETURN NULL;
END $$;

-- Transition tables cannot go with a column list (UPDATE OF day, …): the update trigger runs on
-- every update and its join keeps only the rows that moved.
CREATE TRIGGER incident_counts_insert AFTER INSERT ON features REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_insert();
CREATE TRIGGER incident_counts_delete AFTER DELETE ON features REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_delete();
CREATE TRIGGER incident_counts_update AFTER UPDATE ON features REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_update();
