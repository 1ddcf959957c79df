CREATE TABLE `plan_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text,
	`address` text,
	`action` text NOT NULL,
	`station_id` integer NOT NULL,
	`version` integer NOT NULL,
	`before` text,
	`after` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `plan_audit_station` ON `plan_audit` (`station_id`,`version`);--> statement-breakpoint
CREATE TABLE `station_plans` (
	`station_id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`plan` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `station_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` integer NOT NULL,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`body` text NOT NULL,
	`incident_id` integer,
	`actor` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `station_reports_station` ON `station_reports` (`station_id`,`at`);