CREATE TABLE `sign_in_counters` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_counters_key` ON `sign_in_counters` (`key`);--> statement-breakpoint
CREATE TABLE `sign_in_pairs` (
	`account` text NOT NULL,
	`address` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last` integer DEFAULT 0 NOT NULL,
	`known_until` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account`, `address`)
);
