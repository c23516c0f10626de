-- 010-reach: the facility register of shequ-reach (the 15-minute life
-- circle).  An import replaces the whole register, in one transaction.

CREATE TABLE reach_facility (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,                 -- code of share/reach/kinds.csv: kindergarten
	x REAL NOT NULL,                    -- metres east as the building register, or longitude
	y REAL NOT NULL,                    -- metres north, or latitude
	lonlat INTEGER NOT NULL CHECK (lonlat IN (0, 1)),  -- 1: x, y are WGS-84 degrees
	capacity INTEGER CHECK (capacity >= 0),            -- 托位, beds, seats, when known
	area REAL CHECK (area >= 0),        -- floor area in square metres, when known
	hours TEXT,                         -- opening hours as written
	address TEXT,
	line INTEGER NOT NULL,              -- the line of the file it came from
	UNIQUE (kind, name)
) STRICT;

CREATE TABLE reach_import (
	id INTEGER PRIMARY KEY,
	started TEXT NOT NULL,              -- UTC time
	file TEXT NOT NULL,
	facilities INTEGER NOT NULL,
	lonlat INTEGER NOT NULL
) STRICT;
