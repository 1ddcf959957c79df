-- R*Tree index and its triggers for the facilities layer (hospitals, clinics, health stations,
-- police, fire stations, isolation facilities), as 0001_rtree.sql does for the first five layers.
CREATE VIRTUAL TABLE `features_rtree_facilities` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_facilities_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'facilities' BEGIN
  INSERT INTO `features_rtree_facilities` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_facilities_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` WHEN new.`collection` = 'facilities' BEGIN
  UPDATE `features_rtree_facilities` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_facilities_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'facilities' BEGIN
  DELETE FROM `features_rtree_facilities` WHERE `id` = old.`id`;
END;
