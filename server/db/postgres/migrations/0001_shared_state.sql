-- What several servers on one database must share beyond the tables themselves.

-- Throttle counters are kept per (scope, key): a scope is one limit and window, as each
-- in-memory WindowCounter of the SQLite backend is, so one key counted under two limits
-- keeps two counts. Nothing worth keeping is in the first version of the table.
DROP TABLE counters;
CREATE UNLOGGED TABLE counters (
  scope text NOT NULL,
  key text NOT NULL,
  window_start bigint NOT NULL, -- ms since the epoch
  count integer NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX counters_key ON counters (key);

-- A counter bumped by every transaction that changes the wards, read under the wards' advisory
-- lock by every write of a point: a server whose ward index is older rebuilds it before it
-- derives ward_code / on_border, so a point written on B while A changes the wards is never
-- left with a ward that no longer exists.
CREATE TABLE ward_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  n bigint NOT NULL
);
INSERT INTO ward_generation (n) VALUES (0);

-- Change batches too large for a NOTIFY payload (8,000 bytes): the notification carries the
-- batch id, and each server reads the batch here. Swept after an hour.
CREATE TABLE change_batches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  changes text NOT NULL
);

-- Instants are ISO text compared as bytes, as in SQLite, whatever the database's collation
-- (a locale collation may order '~', the open-end mark, before digits).
ALTER TABLE features ALTER COLUMN t_start TYPE text COLLATE "C", ALTER COLUMN t_end TYPE text COLLATE "C",
  ALTER COLUMN created_at TYPE text COLLATE "C", ALTER COLUMN updated_at TYPE text COLLATE "C";
ALTER TABLE audit ALTER COLUMN at TYPE text COLLATE "C";
ALTER TABLE sessions ALTER COLUMN expires_at TYPE text COLLATE "C";
ALTER TABLE users ALTER COLUMN locked_until TYPE text COLLATE "C";

-- The facilities layer (SQLite's migration 0002 gives it its R*Tree).
CREATE INDEX features_geom_facilities ON features USING gist (geom) WHERE collection = 'facilities';
