-- 005-cycle.sql - what the supervision cycle has produced, so that every due
-- period is produced exactly once and regenerated when its data changed.

CREATE TABLE report (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly', 'quarterly')),
	period TEXT NOT NULL,               -- 2026-07-08, 2026-W28, 2026-07, 2026-Q3
	revision INTEGER NOT NULL,          -- 1, then 2 when regenerated, ...
	made TEXT NOT NULL,                 -- UTC time it was written
	file TEXT NOT NULL,                 -- the workbook's path
	sha256 TEXT NOT NULL,               -- of the workbook
	inspections INTEGER NOT NULL,       -- inspection rows of the period when made
	score_sum INTEGER NOT NULL,         -- their total score when made
	last_import TEXT,                   -- their newest imported time when made
	reason TEXT NOT NULL,               -- due, stale or redo
	UNIQUE (kind, period, revision)
) STRICT;

-- The cycle's own memory: the newest inspection import it has looked at.
CREATE TABLE cycle_state (
	key TEXT PRIMARY KEY,
	value TEXT
) STRICT;

-- Finds the inspections imported since the last cycle run.
CREATE INDEX inspection_imported ON inspection (imported);

CREATE VIEW report_current AS
SELECT r.* FROM report r
WHERE r.revision = (SELECT max(revision) FROM report x WHERE x.kind = r.kind AND x.period = r.period);
