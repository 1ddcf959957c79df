-- R*Tree indexes over feature bounding boxes, so a bbox query is an index lookup, not a scan.
-- drizzle cannot declare virtual tables (drizzle-orm#2046); triggers keep them in step with
-- the tables in the same transaction as every write.
CREATE VIRTUAL TABLE `features_rtree` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_insert` AFTER INSERT ON `features` BEGIN
  INSERT INTO `features_rtree` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` BEGIN
  UPDATE `features_rtree` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_delete` AFTER DELETE ON `features` BEGIN
  DELETE FROM `features_rtree` WHERE `id` = old.`id`;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `reference_rtree` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `reference_rtree_insert` AFTER INSERT ON `reference_features` BEGIN
  INSERT INTO `reference_rtree` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `reference_rtree_delete` AFTER DELETE ON `reference_features` BEGIN
  DELETE FROM `reference_rtree` WHERE `id` = old.`id`;
END;
