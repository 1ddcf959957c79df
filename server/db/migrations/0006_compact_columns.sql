-- Compact columns (issue 12). Hand-written: drizzle-kit's draft forgot the indexes on the columns
-- it drops, and cannot declare triggers. ward_code, category and status were VIRTUAL generated
-- columns over the properties JSON: nothing stored, but SQLite re-parsed each row's JSON whenever a
-- query read them, even through an index that held them (1,000,000 incidents: a month of counts
-- 2.2 s, hot spots 8 s). They become plain columns the store writes with every write
-- (server/db/compact-columns.ts), plus `day`, the Hanoi day of an incident.
DROP INDEX `features_ward`;--> statement-breakpoint
DROP INDEX `features_status`;--> statement-breakpoint
DROP INDEX `features_time_points`;--> statement-breakpoint
ALTER TABLE `features` DROP COLUMN `ward_code`;--> statement-breakpoint
ALTER TABLE `features` DROP COLUMN `category`;--> statement-breakpoint
ALTER TABLE `features` DROP COLUMN `status`;--> statement-breakpoint
ALTER TABLE `features` ADD `ward_code` text;--> statement-breakpoint
ALTER TABLE `features` ADD `category` text;--> statement-breakpoint
ALTER TABLE `features` ADD `status` text;--> statement-breakpoint
ALTER TABLE `features` ADD `day` text;--> statement-breakpoint
-- The backfill is one pass over the table; the layer revision trigger would bump layer_stats once
-- per row, so it is set aside and each layer's revision is bumped once instead.
DROP TRIGGER `layer_stats_rev_update`;--> statement-breakpoint
UPDATE `features` SET
  `ward_code` = CASE WHEN json_type(`properties`, '$.ward_code') = 'text' THEN json_extract(`properties`, '$.ward_code') END,
  `category` = CASE WHEN json_type(`properties`, '$.category') = 'text' THEN json_extract(`properties`, '$.category') END,
  `status` = CASE WHEN json_type(`properties`, '$.status') = 'text' THEN json_extract(`properties`, '$.status') END,
  -- t_start of an incident is its UTC instant; Hanoi is seven hours on, without summer time.
  `day` = CASE WHEN `collection` = 'incidents' AND `t_start` IS NOT NULL THEN date(`t_start`, '+7 hours') END;--> statement-breakpoint
UPDATE `layer_stats` SET `rev` = `rev` + 1;--> statement-breakpoint
CREATE TRIGGER `layer_stats_rev_update` AFTER UPDATE ON `features` BEGIN
  UPDATE `layer_stats` SET `rev` = `rev` + 1 WHERE `collection` = new.`collection`;
END;--> statement-breakpoint
CREATE INDEX `features_ward` ON `features` (`collection`,`ward_code`);--> statement-breakpoint
CREATE INDEX `features_status` ON `features` (`collection`,`status`);--> statement-breakpoint
-- Covering index for time windows and hot spots: time, category, ward and the point, no row read.
CREATE INDEX `features_time_points` ON `features` (`collection`,`t_start`,`category`,`ward_code`,`minx`,`miny`);--> statement-breakpoint
-- Incidents per Hanoi day, ward and category, kept by the triggers below in the same transaction
-- as every write (a bulk write of many rows sets the insert trigger aside and adds its counts at
-- the end, server/db/sqlite/bulk.ts). '' stands for a missing value: these are keys of a unique index.
CREATE TABLE `incident_counts` (
	`day` text NOT NULL,
	`ward_code` text NOT NULL,
	`category` text NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_counts_key` ON `incident_counts` (`day`,`ward_code`,`category`);--> statement-breakpoint
INSERT INTO `incident_counts` (`day`, `ward_code`, `category`, `n`)
  SELECT coalesce(`day`, ''), coalesce(`ward_code`, ''), coalesce(`category`, ''), count(*) FROM `features` WHERE `collection` = 'incidents' GROUP BY 1, 2, 3;--> statement-breakpoint
CREATE TRIGGER `incident_counts_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'incidents' BEGIN
  INSERT INTO `incident_counts` (`day`, `ward_code`, `category`, `n`) VALUES (coalesce(new.`day`, ''), coalesce(new.`ward_code`, ''), coalesce(new.`category`, ''), 1)
  ON CONFLICT (`day`, `ward_code`, `category`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `incident_counts_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'incidents' BEGIN
  UPDATE `incident_counts` SET `n` = `n` - 1
  WHERE `day` = coalesce(old.`day`, '') AND `ward_code` = coalesce(old.`ward_code`, '') AND `category` = coalesce(old.`category`, '');
END;--> statement-breakpoint
CREATE TRIGGER `incident_counts_update` AFTER UPDATE OF `day`, `ward_code`, `category` ON `features` WHEN old.`collection` = 'incidents' BEGIN
  UPDATE `incident_counts` SET `n` = `n` - 1
  WHERE `day` = coalesce(old.`day`, '') AND `ward_code` = coalesce(old.`ward_code`, '') AND `category` = coalesce(old.`category`, '');
  INSERT INTO `incident_counts` (`day`, `ward_code`, `category`, `n`) VALUES (coalesce(new.`day`, ''), coalesce(new.`ward_code`, ''), coalesce(new.`category`, ''), 1)
  ON CONFLICT (`day`, `ward_code`, `category`) DO UPDATE SET `n` = `n` + 1;
END;
