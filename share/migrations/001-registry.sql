-- 001-registry.sql - the registry: compounds, buildings, stairwells,
-- dwellings (addresses), people, and the daily stairwell inspections.
--
-- Analysts: the tables and views named compound, building, household and
-- resident hold the current registry, one row per current household or
-- resident.  Base tables keep history: nothing is ever deleted by an import;
-- a resident missing from a full roster gets person.moved_out set.

CREATE TABLE compound (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,          -- 小区, as normalised
	code TEXT UNIQUE                    -- short ASCII code (XFL), used in grid codes
) STRICT;

CREATE TABLE building (
	id INTEGER PRIMARY KEY,
	compound_id INTEGER NOT NULL REFERENCES compound(id),
	name TEXT NOT NULL,                 -- 楼号 without 号楼/栋/幢: '3'
	units INTEGER,                      -- 单元数, when a buildings file said
	floors INTEGER,                     -- 层数
	x REAL,                             -- metres east, when known
	y REAL,                             -- metres north
	UNIQUE (compound_id, name)
) STRICT;

CREATE TABLE stairwell (
	id INTEGER PRIMARY KEY,
	building_id INTEGER NOT NULL REFERENCES building(id),
	unit TEXT NOT NULL,                 -- 单元 without 单元: '1'
	UNIQUE (building_id, unit)
) STRICT;

-- Every address ever seen; see the household view for the current ones.
CREATE TABLE dwelling (
	id INTEGER PRIMARY KEY,
	stairwell_id INTEGER NOT NULL REFERENCES stairwell(id),
	room TEXT NOT NULL,                 -- 房号 without 室: '301'
	UNIQUE (stairwell_id, room)
) STRICT;

-- Every person ever imported; see the resident view for the current ones.
CREATE TABLE person (
	id INTEGER PRIMARY KEY,
	id_number TEXT NOT NULL,            -- 18 characters, GB 11643; unique, see below
	id_kind TEXT NOT NULL CHECK (id_kind IN ('resident', 'hkmo_permit', 'tw_permit', 'foreigner')),
	name TEXT NOT NULL,
	gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
	birth_date TEXT NOT NULL,           -- YYYY-MM-DD, from the ID
	relation TEXT,                      -- 与户主关系
	phone TEXT,                         -- 11 digits, or as written when not a mainland mobile
	dwelling_id INTEGER NOT NULL REFERENCES dwelling(id),
	moved_out TEXT,                     -- when a full roster no longer had them; NULL = current
	updated TEXT NOT NULL,              -- UTC time of the last change
	last_import INTEGER,                -- import_log.id of the last import that listed them
	last_line INTEGER                   -- and the line they were on
) STRICT;
-- One person per ID.  A named index rather than an inline UNIQUE, so that
-- shequ-import can drop it while it loads an empty person table and build it
-- again, by sorting, before it commits.  The name is part of the interface.
CREATE UNIQUE INDEX person_id_number ON person (id_number);
CREATE INDEX person_dwelling ON person (dwelling_id);

CREATE TABLE person_tag (
	person_id INTEGER NOT NULL REFERENCES person(id),
	tag TEXT NOT NULL,                  -- 独居, 党员, 残疾, ...
	PRIMARY KEY (person_id, tag)
) STRICT, WITHOUT ROWID;

-- Moves between addresses, kept as history.
CREATE TABLE person_move (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	from_dwelling INTEGER REFERENCES dwelling(id),
	to_dwelling INTEGER REFERENCES dwelling(id),   -- NULL: moved out
	moved TEXT NOT NULL                 -- UTC time it was recorded
) STRICT;
CREATE INDEX person_move_person ON person_move (person_id);

-- One stairwell, date and rubric item; importing the same again replaces it.
CREATE TABLE inspection (
	stairwell_id INTEGER NOT NULL REFERENCES stairwell(id),
	day TEXT NOT NULL,                  -- YYYY-MM-DD
	item TEXT NOT NULL,                 -- rubric item (净 畅 亮 安 美)
	score INTEGER NOT NULL,
	inspector TEXT,
	note TEXT,
	imported TEXT NOT NULL,             -- UTC time it was (re)imported
	PRIMARY KEY (stairwell_id, day, item)
) STRICT, WITHOUT ROWID;
CREATE INDEX inspection_day ON inspection (day);

-- What each import did.
CREATE TABLE import_log (
	id INTEGER PRIMARY KEY,
	started TEXT NOT NULL,
	file TEXT NOT NULL,
	register TEXT NOT NULL,
	rows INTEGER NOT NULL,
	inserted INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	unchanged INTEGER NOT NULL,
	moved_out INTEGER NOT NULL,
	rejected INTEGER NOT NULL
) STRICT;

-- The current registry, with readable address columns.
CREATE VIEW resident AS
SELECT p.id, p.id_number, p.id_kind, p.name, p.gender, p.birth_date, p.relation, p.phone,
       c.name AS compound, b.name AS building, s.unit, d.room, p.dwelling_id
FROM person p
JOIN dwelling d ON d.id = p.dwelling_id
JOIN stairwell s ON s.id = d.stairwell_id
JOIN building b ON b.id = s.building_id
JOIN compound c ON c.id = b.compound_id
WHERE p.moved_out IS NULL;

CREATE VIEW household AS
SELECT d.id, c.name AS compound, b.name AS building, s.unit, d.room, d.stairwell_id,
       (SELECT count(*) FROM person p WHERE p.dwelling_id = d.id AND p.moved_out IS NULL) AS residents
FROM dwelling d
JOIN stairwell s ON s.id = d.stairwell_id
JOIN building b ON b.id = s.building_id
JOIN compound c ON c.id = b.compound_id
WHERE EXISTS (SELECT 1 FROM person p WHERE p.dwelling_id = d.id AND p.moved_out IS NULL);
