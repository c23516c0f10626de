-- 011-inspection-summary.sql - a summary of each day's inspections, kept by
-- triggers, so that the cycle tells whether a report's inspections changed
-- by reading the summaries of its period's days instead of every inspection
-- of the period, and never scans the whole history to find what changed.
--
-- Triggers rather than the import keep it: every writer of the inspection
-- table (shequ-import, an analyst's UPDATE or DELETE in the sqlite3 shell)
-- keeps it true in its own transaction, and the triggers use nothing but
-- plain SQL, so they work in any SQLite.

-- One row per day that has, or had, inspections.  changes never goes down:
-- a report records the sum of its days' changes when it is made, and is
-- stale exactly when that sum has grown since, that is when an inspection
-- of its period was imported, replaced by another score or removed.  An
-- import that writes the same score again changes nothing.
-- INSERT OR REPLACE of a row that exists (which no shequ tool does) fires no
-- delete trigger unless PRAGMA recursive_triggers is on: it counts as an
-- insert, so changes still grows but rows and score_sum count the replaced
-- row too.  An UPDATE, or INSERT ... ON CONFLICT DO UPDATE, keeps them exact.
CREATE TABLE inspection_summary (
	day TEXT PRIMARY KEY,               -- YYYY-MM-DD
	rows INTEGER NOT NULL,              -- inspection rows of the day
	score_sum INTEGER NOT NULL,         -- their total score
	changes INTEGER NOT NULL            -- rows written, replaced or removed so far
) STRICT, WITHOUT ROWID;

INSERT INTO inspection_summary (day, rows, score_sum, changes)
SELECT day, count(*), sum(score), count(*) FROM inspection GROUP BY day;

CREATE TRIGGER inspection_summary_insert AFTER INSERT ON inspection
BEGIN
	INSERT INTO inspection_summary (day, rows, score_sum, changes)
	VALUES (NEW.day, 1, NEW.score, 1)
	ON CONFLICT (day) DO UPDATE SET rows = rows + 1,
		score_sum = score_sum + excluded.score_sum, changes = changes + 1;
END;

CREATE TRIGGER inspection_summary_delete AFTER DELETE ON inspection
BEGIN
	UPDATE inspection_summary
	SET rows = rows - 1, score_sum = score_sum - OLD.score, changes = changes + 1
	WHERE day = OLD.day;
END;

-- An update is the old row removed and the new one added; the import's
-- upsert of the same score again (or of another inspector or note, which no
-- report shows) is no change.
CREATE TRIGGER inspection_summary_update AFTER UPDATE OF stairwell_id, day, item, score
ON inspection
WHEN OLD.stairwell_id IS NOT NEW.stairwell_id OR OLD.day IS NOT NEW.day
	OR OLD.item IS NOT NEW.item OR OLD.score IS NOT NEW.score
BEGIN
	UPDATE inspection_summary
	SET rows = rows - 1, score_sum = score_sum - OLD.score, changes = changes + 1
	WHERE day = OLD.day;
	INSERT INTO inspection_summary (day, rows, score_sum, changes)
	VALUES (NEW.day, 1, NEW.score, 1)
	ON CONFLICT (day) DO UPDATE SET rows = rows + 1,
		score_sum = score_sum + excluded.score_sum, changes = changes + 1;
END;

-- What a report was made from, in the summary's terms; NULL for a report
-- made before this migration, which the cycle checks once against the
-- inspections themselves (rows, score_sum, last_import as it recorded them)
-- and then fills in.
ALTER TABLE report ADD COLUMN changes INTEGER;

-- What the workbook on disk was when its checksum was last found right:
-- "inode size mtime-ns ctime-ns".  While the file still has these, it is
-- the same file and is not read again; any write to it changes its ctime.
ALTER TABLE report ADD COLUMN file_stat TEXT;

-- The cycle no longer looks for inspections imported since its last run:
-- the summaries say what changed, per day.
DROP INDEX inspection_imported;
DELETE FROM cycle_state WHERE key IN ('seen_import', 'horizon');
