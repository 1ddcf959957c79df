-- The coordinates of a time window of incidents, for hot spots (issue 12: a month of a million in
-- under a second): the time and the point alone, for incidents alone. The time index of 0003
-- (collection, t_start, category, ward_code, minx, miny) holds them too, but it is twice the size
-- (121 MB against 65 MB for the city), so the planner scanned the whole table instead (508 MB); from
-- this one the month is read by an index-only scan at about half the server's CPU (~110 ms against
-- ~220 ms to count the rows).
CREATE INDEX features_incident_coordinates ON features (t_start) INCLUDE (minx, miny) WHERE collection = 'incidents';
