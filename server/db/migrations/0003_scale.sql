CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text,
	`address` text,
	`collection` text NOT NULL,
	`source` text NOT NULL,
	`inserted` integer NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`undone_at` text,
	`undone_by` text
);
--> statement-breakpoint
CREATE TABLE `layer_stats` (
	`collection` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`minx` real,
	`miny` real,
	`maxx` real,
	`maxy` real,
	`t0` text,
	`t1` text,
	`stale` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `features_collection_time`;--> statement-breakpoint
ALTER TABLE `features` ADD `batch_id` integer;--> statement-breakpoint
ALTER TABLE `features` ADD `ward_code` text GENERATED ALWAYS AS (json_extract(properties, '$.ward_code')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `features` ADD `category` text GENERATED ALWAYS AS (json_extract(properties, '$.category')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `features` ADD `status` text GENERATED ALWAYS AS (json_extract(properties, '$.status')) VIRTUAL;--> statement-breakpoint
CREATE INDEX `features_batch` ON `features` (`batch_id`);--> statement-breakpoint
CREATE INDEX `features_ward` ON `features` (`collection`,`ward_code`);--> statement-breakpoint
CREATE INDEX `features_status` ON `features` (`collection`,`status`);--> statement-breakpoint
CREATE INDEX `features_time_points` ON `features` (`collection`,`t_start`,`category`,`ward_code`,`minx`,`miny`);
--> statement-breakpoint
-- Layer counts and extents kept by triggers (hand-written: drizzle cannot declare triggers).
-- An insert grows the extent; a delete or move that touches the extent's edge marks it stale,
-- and the next reader recomputes it once (server/db/store.ts, layerExtent).
INSERT INTO `layer_stats` (`collection`, `n`, `minx`, `miny`, `maxx`, `maxy`, `t0`, `t1`)
  SELECT `collection`, count(*), min(`minx`), min(`miny`), max(`maxx`), max(`maxy`), min(coalesce(`t_start`, '')), max(coalesce(`t_end`, '~')) FROM `features` GROUP BY `collection`;
--> statement-breakpoint
CREATE TRIGGER `layer_stats_insert` AFTER INSERT ON `features` BEGIN
  INSERT INTO `layer_stats` (`collection`, `n`, `minx`, `miny`, `maxx`, `maxy`, `t0`, `t1`)
    VALUES (new.`collection`, 1, new.`minx`, new.`miny`, new.`maxx`, new.`maxy`, coalesce(new.`t_start`, ''), coalesce(new.`t_end`, '~'))
  ON CONFLICT (`collection`) DO UPDATE SET `n` = `n` + 1,
    `minx` = min(coalesce(`minx`, excluded.`minx`), excluded.`minx`), `miny` = min(coalesce(`miny`, excluded.`miny`), excluded.`miny`),
    `maxx` = max(coalesce(`maxx`, excluded.`maxx`), excluded.`maxx`), `maxy` = max(coalesce(`maxy`, excluded.`maxy`), excluded.`maxy`),
    `t0` = min(coalesce(`t0`, excluded.`t0`), excluded.`t0`), `t1` = max(coalesce(`t1`, excluded.`t1`), excluded.`t1`);
END;
--> statement-breakpoint
CREATE TRIGGER `layer_stats_delete` AFTER DELETE ON `features` BEGIN
  UPDATE `layer_stats` SET `n` = `n` - 1,
    `stale` = CASE WHEN old.`minx` <= `minx` OR old.`miny` <= `miny` OR old.`maxx` >= `maxx` OR old.`maxy` >= `maxy`
      OR coalesce(old.`t_start`, '') <= `t0` OR coalesce(old.`t_end`, '~') >= `t1` THEN 1 ELSE `stale` END
  WHERE `collection` = old.`collection`;
END;
--> statement-breakpoint
CREATE TRIGGER `layer_stats_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy`, `t_start`, `t_end` ON `features` BEGIN
  UPDATE `layer_stats` SET
    `stale` = CASE WHEN old.`minx` <= `minx` OR old.`miny` <= `miny` OR old.`maxx` >= `maxx` OR old.`maxy` >= `maxy`
      OR coalesce(old.`t_start`, '') <= `t0` OR coalesce(old.`t_end`, '~') >= `t1` THEN 1 ELSE `stale` END,
    `minx` = min(`minx`, new.`minx`), `miny` = min(`miny`, new.`miny`), `maxx` = max(`maxx`, new.`maxx`), `maxy` = max(`maxy`, new.`maxy`),
    `t0` = min(`t0`, coalesce(new.`t_start`, '')), `t1` = max(`t1`, coalesce(new.`t_end`, '~'))
  WHERE `collection` = new.`collection`;
END;
