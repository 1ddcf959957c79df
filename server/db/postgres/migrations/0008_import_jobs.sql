-- Import jobs in the database, not in one server's memory: polling a job through any server of
-- the same database answers, and a job whose server died is reported failed (server/db/import-jobs.ts).
CREATE TABLE import_jobs (
  id text PRIMARY KEY,
  layer text NOT NULL,
  file text NOT NULL,
  state text NOT NULL,
  n_read bigint NOT NULL DEFAULT 0,
  n_written bigint NOT NULL DEFAULT 0,
  report text,
  problem text,
  server text NOT NULL,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at text COLLATE "C" NOT NULL,
  heartbeat_at text COLLATE "C" NOT NULL,
  finished_at text COLLATE "C"
);
CREATE INDEX import_jobs_finished ON import_jobs (finished_at);
CREATE INDEX import_jobs_running ON import_jobs (server) WHERE state = 'running';
