-- When a print job last reported progress: a running job silent for minutes has lost its server.
ALTER TABLE print_jobs ADD COLUMN updated_at text COLLATE "C";
