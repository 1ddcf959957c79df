-- Street-zoom tiles of points from one index range (issue 12: a dense tile of incidents read 2,000
-- to 4,000 rows through the R*Tree, scattered over the file, and parsed each one's JSON). Two
-- compact columns the store writes with every write (server/db/compact-columns.ts): a point's tile
-- key, the Morton number of its zoom-20 cell (server/tiles/tile-key.ts), and an incident's
-- severity, which its tiles carry; and an index keyed by the tile key that holds all a point tile
-- of incidents draws. Hand-written backfill: opsmap_tile_key is tileKey, registered on the
-- connection before migrating (server/db/open.ts), so the key has one definition.
ALTER TABLE `features` ADD `severity` integer;--> statement-breakpoint
ALTER TABLE `features` ADD `tile_key` integer;--> statement-breakpoint
-- One pass over the table; the layer revision trigger would bump layer_stats once per row, so it is
-- set aside and each layer's revision is bumped once instead (as 0006 did).
DROP TRIGGER `layer_stats_rev_update`;--> statement-breakpoint
UPDATE `features` SET
  `severity` = CASE WHEN json_type(`properties`, '$.severity') IN ('integer', 'real') THEN json_extract(`properties`, '$.severity') END,
  `tile_key` = CASE WHEN json_extract(`geometry`, '$.type') = 'Point' THEN opsmap_tile_key(`minx`, `miny`) END;--> statement-breakpoint
UPDATE `layer_stats` SET `rev` = `rev` + 1;--> statement-breakpoint
CREATE TRIGGER `layer_stats_rev_update` AFTER UPDATE ON `features` BEGIN
  UPDATE `layer_stats` SET `rev` = `rev` + 1 WHERE `collection` = new.`collection`;
END;--> statement-breakpoint
CREATE INDEX `features_tile_points` ON `features` (`collection`,`tile_key`,`minx`,`miny`,`category`,`day`,`severity`);
