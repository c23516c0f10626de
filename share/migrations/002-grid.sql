-- 002-grid.sql - grids of 300-500 households and the staff who serve them.
--
-- A grid is a set of whole stairwells inside one compound (a compound too
-- small for a grid of its own joins its nearest neighbour's).  Grid codes
-- are <compound code>-<two digits> (XFL-01) and never reused.

CREATE TABLE grid (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,          -- XFL-01
	compound_id INTEGER NOT NULL REFERENCES compound(id),  -- the compound it is numbered in
	created TEXT NOT NULL,              -- UTC time
	retired TEXT                        -- when split, merged or emptied away; NULL = current
) STRICT;

-- Which grid each stairwell belongs to (stairwells are never split).
CREATE TABLE grid_stairwell (
	stairwell_id INTEGER PRIMARY KEY REFERENCES stairwell(id),
	grid_id INTEGER NOT NULL REFERENCES grid(id)
) STRICT;
CREATE INDEX grid_stairwell_grid ON grid_stairwell (grid_id);

-- What each partition run did.
CREATE TABLE grid_run (
	id INTEGER PRIMARY KEY,
	ran TEXT NOT NULL,
	reset INTEGER NOT NULL,             -- 1 when --reset
	grids INTEGER NOT NULL,
	households INTEGER NOT NULL,
	moved INTEGER NOT NULL              -- households whose grid changed
) STRICT;

-- Grid staff, red building heads and property butlers (shequ-import -t staff).
-- References to grids and buildings are kept as written, not as foreign
-- keys, so that shequ-grid --check can report the ones that went stale.
CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	phone TEXT NOT NULL UNIQUE,         -- identifies the person
	role TEXT NOT NULL CHECK (role IN ('secretary', 'head', 'worker', 'butler', 'building_head')),
	grid TEXT,                          -- grid code (secretary, head, worker, butler)
	compound TEXT,                      -- compound name (building_head)
	building TEXT,                      -- building (building_head)
	pair_phone TEXT,                    -- butler: the phone of the grid worker it pairs with
	branch TEXT,                        -- 党支部 (secretary: the branch the grid belongs to)
	updated TEXT NOT NULL
) STRICT;

-- For analysts: every current household with its current grid (NULL when
-- in none).
CREATE VIEW grid_household AS
SELECT h.id, h.compound, h.building, h.unit, h.room, h.residents, g.code AS grid
FROM household h
LEFT JOIN grid_stairwell gs ON gs.stairwell_id = h.stairwell_id
LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL;
