-- 009-alert.sql - the community's devices, what they send, and the alerts
-- they raise (shequ-alert).  Every alert opens one order in request_order
-- (source 'alert'); what happens to it after that is the order's event log.
--
-- Times are the community's local time (Asia/Shanghai unless --tz),
-- 'YYYY-MM-DD HH:MM:SS', which sorts as time.

CREATE TABLE alert_device (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,          -- the platform's device id
	kind TEXT NOT NULL,                 -- a code of share/alert/kinds.csv (water_meter, ...)
	dwelling_id INTEGER REFERENCES dwelling(id),  -- where it is: a dwelling,
	building_id INTEGER REFERENCES building(id),  -- or a building,
	x REAL,                             -- or coordinates (metres east,
	y REAL,                             -- metres north, as buildings have)
	person_id INTEGER REFERENCES person(id),      -- whom it watches over (meters, buttons)
	contact_name TEXT,                  -- the family contact (personal: masked in every output)
	contact_phone TEXT,
	installed TEXT,                     -- YYYY-MM-DD
	removed TEXT,                       -- YYYY-MM-DD; NULL: in service
	changed TEXT NOT NULL               -- UTC time of the last change to this row
) STRICT;
CREATE INDEX alert_device_person ON alert_device (person_id);

-- Cumulative readings of meters, in litres as the meter counted them,
-- stored by device and time (a rescan reads each meter's year in one run
-- of pages).  seq is the order of arrival: a scan reads only readings after
-- the last it read.  reset = 1 marks a reading taken after the meter was
-- reset or replaced (its count starts again from zero).
CREATE TABLE alert_reading (
	device_id INTEGER NOT NULL REFERENCES alert_device(id),
	at TEXT NOT NULL,
	litres REAL NOT NULL,
	reset INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1)),
	seq INTEGER NOT NULL,
	import_id INTEGER REFERENCES import_log(id),
	line INTEGER,
	PRIMARY KEY (device_id, at)
) STRICT, WITHOUT ROWID;
CREATE INDEX alert_reading_seq ON alert_reading (seq);

-- Events of devices: a button pressed, a cover tilted (value: degrees,
-- seconds: how long), a lamp's fault, an object seen falling.
CREATE TABLE alert_event (
	id INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES alert_device(id),
	at TEXT NOT NULL,
	event TEXT NOT NULL,
	value REAL,
	seconds REAL,
	import_id INTEGER REFERENCES import_log(id),
	line INTEGER
) STRICT;
CREATE UNIQUE INDEX alert_event_once ON alert_event (device_id, event, at);

-- An alert: one rule met by one device.  At most one is open per device and
-- rule.  cleared: the condition went away (water used again); it stays open
-- until someone closes it with a finding, real = 1 or a false alarm 0.
CREATE TABLE alert (
	id INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES alert_device(id),
	rule TEXT NOT NULL,                 -- a code of share/alert/rules.csv
	severity TEXT NOT NULL,
	since TEXT NOT NULL,                -- the moment of the data that met the rule
	raised TEXT NOT NULL,               -- when the scan raised it
	detail TEXT NOT NULL,               -- what was seen ('3.0 L in 12 h')
	order_id INTEGER NOT NULL REFERENCES request_order(id),
	rung INTEGER NOT NULL DEFAULT 0,    -- the step of the rule's ladder told last
	cleared TEXT,
	closed TEXT,
	real INTEGER CHECK (real IN (0, 1)),
	finding TEXT,
	closed_by TEXT
) STRICT;
CREATE UNIQUE INDEX alert_open_once ON alert (device_id, rule) WHERE closed IS NULL;
CREATE INDEX alert_raised ON alert (raised);

-- A person staying away (with family): their water rules are silent from
-- the first to the last day.
CREATE TABLE alert_away (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	first_day TEXT NOT NULL,
	last_day TEXT NOT NULL,
	actor TEXT,
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX alert_away_person ON alert_away (person_id);

-- What the last scan read: the last reading seq and event id.
CREATE TABLE alert_scan (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	reading_seq INTEGER NOT NULL,
	event_id INTEGER NOT NULL,
	at TEXT NOT NULL
) STRICT;
