ALTER TABLE `layer_stats` ADD `rev` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A layer's revision, bumped in the same transaction as every write (hand-written triggers), so
-- "has this layer changed?" is one lookup. The former stamp (count, max id, max updated_at)
-- scanned the layer and missed a change made within the same millisecond as the last one.
DROP TRIGGER `layer_stats_insert`;
--> statement-breakpoint
CREATE TRIGGER `layer_stats_insert` AFTER INSERT ON `features` BEGIN
  INSERT INTO `layer_stats` (`collection`, `n`, `minx`, `miny`, `maxx`, `maxy`, `t0`, `t1`, `rev`)
    VALUES (new.`collection`, 1, new.`minx`, new.`miny`, new.`maxx`, new.`maxy`, coalesce(new.`t_start`, ''), coalesce(new.`t_end`, '~'), 1)
  ON CONFLICT (`collection`) DO UPDATE SET `n` = `n` + 1, `rev` = `rev` + 1,
    `minx` = min(coalesce(`minx`, excluded.`minx`), excluded.`minx`), `miny` = min(coalesce(`miny`, excluded.`miny`), excluded.`miny`),
    `maxx` = max(coalesce(`maxx`, excluded.`maxx`), excluded.`maxx`), `maxy` = max(coalesce(`maxy`, excluded.`maxy`), excluded.`maxy`),
    `t0` = min(coalesce(`t0`, excluded.`t0`), excluded.`t0`), `t1` = max(coalesce(`t1`, excluded.`t1`), excluded.`t1`);
END;
--> statement-breakpoint
CREATE TRIGGER `layer_stats_rev_delete` AFTER DELETE ON `features` BEGIN
  UPDATE `layer_stats` SET `rev` = `rev` + 1 WHERE `collection` = old.`collection`;
END;
--> statement-breakpoint
CREATE TRIGGER `layer_stats_rev_update` AFTER UPDATE ON `features` BEGIN
  UPDATE `layer_stats` SET `rev` = `rev` + 1 WHERE `collection` = new.`collection`;
END;
