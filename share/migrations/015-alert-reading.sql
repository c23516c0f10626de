-- 015-alert-reading.sql - meter readings stored a third the size, and found
-- by the import that brought them instead of by an index over all of them
-- (shequ-alert: a year of 2,000 meters is 17.5 million readings).
--
-- A reading's time is local seconds (day * 86400 + seconds of the day, as
-- request_time.h counts), an integer of 4 bytes instead of 19 of text; the
-- seq column and its index go: what a scan has not read yet is listed, a
-- row a device, in alert_reading_batch.  The device and import of a
-- reading are not foreign keys: checking both parent rows for each reading
-- was two fifths of the processor time of an import, the import stores
-- only ids it has just looked up, and nothing deletes a device or the log
-- of an import.

CREATE TABLE alert_reading_015 (
	device_id INTEGER NOT NULL,         -- alert_device.id
	at INTEGER NOT NULL,                -- local seconds
	litres REAL NOT NULL,
	reset INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1)),
	import_id INTEGER,                  -- import_log.id
	line INTEGER,
	PRIMARY KEY (device_id, at)
) STRICT, WITHOUT ROWID;

INSERT INTO alert_reading_015 (device_id, at, litres, reset, import_id, line)
	SELECT device_id, CAST(strftime('%s', at) AS INTEGER), litres, reset, import_id, line
	FROM alert_reading ORDER BY device_id, at;

-- What each import of readings brought that no scan has read yet, device
-- by device: its earliest reading and how many.  A scan reads the rows of
-- the imports after the last it read, and deletes them.
CREATE TABLE alert_reading_batch (
	import_id INTEGER NOT NULL,         -- import_log.id (0: readings of no import)
	device_id INTEGER NOT NULL REFERENCES alert_device(id),
	first_at INTEGER NOT NULL,          -- local seconds
	readings INTEGER NOT NULL,
	PRIMARY KEY (import_id, device_id)
) STRICT, WITHOUT ROWID;

-- The readings after the last seq a scan read: imports are whole, so each
-- import was read all or not at all.
INSERT INTO alert_reading_batch (import_id, device_id, first_at, readings)
	SELECT coalesce(import_id, 0), device_id, CAST(strftime('%s', min(at)) AS INTEGER), count(*)
	FROM alert_reading
	WHERE seq > coalesce((SELECT reading_seq FROM alert_scan WHERE id = 1), 0)
	GROUP BY coalesce(import_id, 0), device_id;

-- What the last scan read: the last import of readings and event id.
CREATE TABLE alert_scan_015 (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	reading_import INTEGER NOT NULL,
	event_id INTEGER NOT NULL,
	at TEXT NOT NULL
) STRICT;

INSERT INTO alert_scan_015 (id, reading_import, event_id, at)
	SELECT id, coalesce((SELECT max(coalesce(import_id, 0)) FROM alert_reading r
			     WHERE r.seq <= s.reading_seq), 0), event_id, at
	FROM alert_scan s;

DROP TABLE alert_reading;
ALTER TABLE alert_reading_015 RENAME TO alert_reading;
DROP TABLE alert_scan;
ALTER TABLE alert_scan_015 RENAME TO alert_scan;
