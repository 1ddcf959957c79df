-- Collection metadata without a scan, as SQLite's layer_stats: each layer's count, bounding box
-- and time range kept by triggers. Unlike SQLite (one writer at a time), servers write here
-- concurrently, and one row per layer updated by every write would make every transaction
-- writing a layer wait for the others to commit (an import of a million incidents would hold
-- every incident edit for its whole run). So each statement that changes features appends one
-- delta row per layer (count change; box and times it adds), which readers sum, and which
-- readers fold into one row now and then (feature-queries.ts). A delete or a move that
-- touches the extent's edge marks it stale, and the next reader recomputes it once, as on SQLite.
-- Open ends are '' (start) and '~' (end), compared bytewise (COLLATE "C").
CREATE TABLE layer_stats (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection text NOT NULL,
  n bigint NOT NULL,
  minx float8,
  miny float8,
  maxx float8,
  maxy float8,
  t0 text COLLATE "C",
  t1 text COLLATE "C",
  stale boolean NOT NULL DEFAULT false
);
CREATE INDEX layer_stats_collection ON layer_stats (collection);
INSERT INTO layer_stats (collection, n, minx, miny, maxx, maxy, t0, t1)
  SELECT collection, count(*), min(minx), min(miny), max(maxx), max(maxy), min(coalesce(t_start, '')), max(coalesce(t_end, '~')) FROM features GROUP BY collection;

CREATE FUNCTION layer_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_stats (collection, n, minx, miny, maxx, maxy, t0, t1)
    SELECT collection, count(*), min(minx), min(miny), max(maxx), max(maxy), min(coalesce(t_start, '')), max(coalesce(t_end, '~'))
    FROM new_rows GROUP BY collection;
  RETURN NULL;
END $$;

-- Whether rows with this box and times touch the layer's extent as it stands (a NULL: no extent yet, or none known: stale).
CREATE FUNCTION layer_stats_touches(layer text, x0 float8, y0 float8, x1 float8, y1 float8, a text, b text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(x0 <= min(minx) OR y0 <= min(miny) OR x1 >= max(maxx) OR y1 >= max(maxy) OR a <= min(t0) OR b >= max(t1), true)
  FROM layer_stats WHERE collection = layer
$$;

CREATE FUNCTION layer_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_stats (collection, n, stale)
    SELECT d.collection, -d.n, layer_stats_touches(d.collection, d.minx, d.miny, d.maxx, d.maxy, d.t0, d.t1)
    FROM (SELECT collection, count(*) AS n, min(minx) AS minx, min(miny) AS miny, max(maxx) AS maxx, max(maxy) AS maxy, min(coalesce(t_start, '')) AS t0, max(coalesce(t_end, '~')) AS t1
          FROM old_rows GROUP BY collection) d;
  RETURN NULL;
END $$;

-- A version bump with the same box and times changes nothing here.
CREATE FUNCTION layer_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_stats (collection, n, minx, miny, maxx, maxy, t0, t1, stale)
    SELECT m.collection, 0, m.nminx, m.nminy, m.nmaxx, m.nmaxy, m.nt0, m.nt1, layer_stats_touches(m.collection, m.minx, m.miny, m.maxx, m.maxy, m.t0, m.t1)
    FROM (SELECT n.collection,
            min(o.minx) AS minx, min(o.miny) AS miny, max(o.maxx) AS maxx, max(o.maxy) AS maxy, min(coalesce(o.t_start, '')) AS t0, max(coalesce(o.t_end, '~')) AS t1,
            min(n.minx) AS nminx, min(n.miny) AS nminy, max(n.maxx) AS nmaxx, max(n.maxy) AS nmaxy, min(coalesce(n.t_start, '')) AS nt0, max(coalesce(n.t_end, '~')) AS nt1
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (o.minx, o.miny, o.maxx, o.maxy, o.t_start, o.t_end) IS DISTINCT FROM (n.minx, n.miny, n.maxx, n.maxy, n.t_start, n.t_end)
          GROUP BY n.collection) m;
  RETURN NULL;
END $$;

CREATE TRIGGER layer_stats_insert AFTER INSERT ON features REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION layer_stats_insert();
CREATE TRIGGER layer_stats_delete AFTER DELETE ON features REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION layer_stats_delete();
CREATE TRIGGER layer_stats_update AFTER UPDATE ON features REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION layer_stats_update();
