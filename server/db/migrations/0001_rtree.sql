-- R*Tree indexes over feature bounding boxes, one per layer, so that a bbox query is an
-- index lookup that never touches another layer's rows (the count of a page is then
-- answered by the index alone). drizzle cannot declare virtual tables (drizzle-orm#2046);
-- triggers keep the indexes in step with `features` in the same transaction as every write.
CREATE VIRTUAL TABLE `features_rtree_wards` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_wards_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'wards' BEGIN
  INSERT INTO `features_rtree_wards` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_wards_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` WHEN new.`collection` = 'wards' BEGIN
  UPDATE `features_rtree_wards` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_wards_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'wards' BEGIN
  DELETE FROM `features_rtree_wards` WHERE `id` = old.`id`;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `features_rtree_checkpoints` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_checkpoints_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'checkpoints' BEGIN
  INSERT INTO `features_rtree_checkpoints` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_checkpoints_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` WHEN new.`collection` = 'checkpoints' BEGIN
  UPDATE `features_rtree_checkpoints` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_checkpoints_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'checkpoints' BEGIN
  DELETE FROM `features_rtree_checkpoints` WHERE `id` = old.`id`;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `features_rtree_quarantine_zones` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_quarantine_zones_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'quarantine-zones' BEGIN
  INSERT INTO `features_rtree_quarantine_zones` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_quarantine_zones_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` WHEN new.`collection` = 'quarantine-zones' BEGIN
  UPDATE `features_rtree_quarantine_zones` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_quarantine_zones_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'quarantine-zones' BEGIN
  DELETE FROM `features_rtree_quarantine_zones` WHERE `id` = old.`id`;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `features_rtree_polling_stations` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_polling_stations_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'polling-stations' BEGIN
  INSERT INTO `features_rtree_polling_stations` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_polling_stations_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` WHEN new.`collection` = 'polling-stations' BEGIN
  UPDATE `features_rtree_polling_stations` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_polling_stations_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'polling-stations' BEGIN
  DELETE FROM `features_rtree_polling_stations` WHERE `id` = old.`id`;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `features_rtree_incidents` USING rtree(`id`, `minx`, `maxx`, `miny`, `maxy`);
--> statement-breakpoint
CREATE TRIGGER `features_rtree_incidents_insert` AFTER INSERT ON `features` WHEN new.`collection` = 'incidents' BEGIN
  INSERT INTO `features_rtree_incidents` VALUES (new.`id`, new.`minx`, new.`maxx`, new.`miny`, new.`maxy`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_incidents_update` AFTER UPDATE OF `minx`, `miny`, `maxx`, `maxy` ON `features` WHEN new.`collection` = 'incidents' BEGIN
  UPDATE `features_rtree_incidents` SET `minx` = new.`minx`, `maxx` = new.`maxx`, `miny` = new.`miny`, `maxy` = new.`maxy` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_incidents_delete` AFTER DELETE ON `features` WHEN old.`collection` = 'incidents' BEGIN
  DELETE FROM `features_rtree_incidents` WHERE `id` = old.`id`;
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
