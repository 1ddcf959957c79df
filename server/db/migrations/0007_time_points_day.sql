-- The covering index for time windows, hot spots and tiles holds `day` too: the tiles' counts per
-- cell, category and day of a whole layer (server/tiles/incident-cells.ts) then read one index and no
-- row (1,000,000 incidents: one pass over the index instead of over the 600 MB table).
DROP INDEX `features_time_points`;--> statement-breakpoint
CREATE INDEX `features_time_points` ON `features` (`collection`,`t_start`,`category`,`ward_code`,`day`,`minx`,`miny`);