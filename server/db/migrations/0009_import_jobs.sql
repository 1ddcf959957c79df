-- Import jobs in the database, not in one server's memory: polling a job through any server of
-- the same database answers (server/db/import-jobs.ts). Hand-written: drizzle's schema does not
-- describe this table, which only server/db/sqlite/import-jobs.ts reads and writes.
CREATE TABLE `import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`layer` text NOT NULL,
	`file` text NOT NULL,
	`state` text NOT NULL,
	`n_read` integer DEFAULT 0 NOT NULL,
	`n_written` integer DEFAULT 0 NOT NULL,
	`report` text,
	`problem` text,
	`server` text NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` text NOT NULL,
	`heartbeat_at` text NOT NULL,
	`finished_at` text
);--> statement-breakpoint
CREATE INDEX `import_jobs_finished` ON `import_jobs` (`finished_at`);
