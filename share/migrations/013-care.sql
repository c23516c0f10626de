-- 013-care.sql - 一老一小: care visits (探访关爱) and the services of the
-- home-care station and the childcare centre (shequ-care).
--
-- Who is in which category is not stored: it follows from the roster (ages
-- from the ID number on the report date, tags from person_tag through
-- share/care/tags.csv), so it never goes stale.  A visit or a service names
-- a person of the roster; nothing here ever creates a person.

-- One visit of one person on one day by one visitor, of one kind; the same
-- again (a file imported twice) is the same row.
CREATE TABLE care_visit (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	day TEXT NOT NULL,                  -- YYYY-MM-DD, Asia/Shanghai
	visitor TEXT NOT NULL,              -- 探访人, as written (normalised)
	kind TEXT NOT NULL,                 -- code of share/care/visit-kinds.csv: home, phone
	category TEXT,                      -- code of share/care/categories.csv the log gave, if any
	finding TEXT,                       -- 发现问题 / 探访情况
	follow_up INTEGER NOT NULL CHECK (follow_up IN (0, 1)),  -- 需跟进
	order_id INTEGER REFERENCES request_order(id),  -- the order opened for the follow-up
	import_id INTEGER NOT NULL REFERENCES care_import(id),
	line INTEGER NOT NULL,              -- the line of that file
	UNIQUE (person_id, day, visitor, kind)
) STRICT;
CREATE INDEX care_visit_day ON care_visit (day);

-- Services of the home-care station and the childcare centre, one row per
-- person, day and service (with how many times that day).
CREATE TABLE care_service (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	day TEXT NOT NULL,                  -- YYYY-MM-DD
	service TEXT NOT NULL,              -- code of share/care/services.csv: meal, childcare
	times INTEGER NOT NULL CHECK (times > 0),
	provider TEXT,
	import_id INTEGER NOT NULL REFERENCES care_import(id),
	line INTEGER NOT NULL,
	UNIQUE (person_id, day, service)
) STRICT;
CREATE INDEX care_service_day ON care_service (day);

-- What each import did.
CREATE TABLE care_import (
	id INTEGER PRIMARY KEY,
	started TEXT NOT NULL,              -- UTC time
	file TEXT NOT NULL,
	register TEXT NOT NULL CHECK (register IN ('visits', 'services')),
	rows INTEGER NOT NULL,
	inserted INTEGER NOT NULL,
	unchanged INTEGER NOT NULL
) STRICT;
