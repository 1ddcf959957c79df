-- Compact columns on PostgreSQL (issue 12), as SQLite's migration 0006: ward_code, category and
-- status are STORED generated columns here already (0003), computed once per write; this adds
-- `day`, the Hanoi day of an incident, which counts per day and the tiles' counts per cell, category
-- and day read instead of converting t_start on every row. A generated column cannot hold it (the
-- text-to-timestamptz cast is not immutable), so a trigger sets it on every insert and on every
-- update of the time, whichever code writes the row.
ALTER TABLE features ADD COLUMN day text;
CREATE FUNCTION opsmap_features_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.day := CASE WHEN NEW.collection = 'incidents' AND NEW.t_start IS NOT NULL
    THEN to_char((NEW.t_start::timestamptz) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') END;
  RETURN NEW;
END $$;
CREATE TRIGGER features_day BEFORE INSERT OR UPDATE OF t_start, collection ON features FOR EACH ROW EXECUTE FUNCTION opsmap_features_day();
UPDATE features SET day = to_char((t_start::timestamptz) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') WHERE collection = 'incidents' AND t_start IS NOT NULL;
-- Counts per day and ward over a window: the time index answers the window, this one the whole layer.
CREATE INDEX features_day ON features (collection, day, category, ward_code);
