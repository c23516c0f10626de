-- 007-scoring.sql - the rules of inspection scoring (as the README
-- and shequ-tally(1) give them) as plain SQL, so that analysts in the sqlite3 shell and the
-- tools read the same numbers.  Nothing here needs a function or collation
-- of shequ's own: the views work in any SQLite.
--
-- Where the rubric lives.  share/rubric.csv is the configuration people
-- edit; the rubric table is its copy in the database, which the views read.
-- The tools that write inspections or judge them (shequ-import of
-- inspections, shequ-case scan, and so shequ-cycle) make the table equal to
-- rubric.csv in their transaction, writing only when the two differ
-- (lib/domain/rubric.h, rubric_sync); shequ-tally, which only reads, scores
-- with the table as it is and through the same views.  So a changed pass
-- mark applies to every inspection, old and new, exactly as the tools apply
-- it, and the database file says by itself which rubric its numbers were
-- made with.
-- (Storing the pass mark with each score at import was the alternative: it
-- would freeze old problems under old rules, which the reports never did,
-- and still leave "every rubric item" to the configuration.)  A new
-- database starts with the shipped rubric.

CREATE TABLE rubric (
	item TEXT PRIMARY KEY,              -- the mark as clerks write it: 净
	name TEXT NOT NULL UNIQUE,          -- English column name: clean
	max INTEGER NOT NULL CHECK (max > 0),           -- full marks (20)
	pass INTEGER NOT NULL CHECK (pass BETWEEN 0 AND max),  -- below it: a problem (12)
	position INTEGER NOT NULL UNIQUE    -- its line in rubric.csv, from 0
) STRICT, WITHOUT ROWID;

INSERT INTO rubric (item, name, max, pass, position) VALUES
	('净', 'clean', 20, 12, 0),
	('畅', 'unobstructed', 20, 12, 1),
	('亮', 'lit', 20, 12, 2),
	('安', 'safe', 20, 12, 3),
	('美', 'tidy', 20, 12, 4);

-- Every score of a rubric item (marks outside the rubric count for
-- nothing), with whether it fails: the one definition of a failing item,
-- a score below the item's pass mark.  position is the item's place in
-- the rubric.
CREATE VIEW item_score AS
SELECT i.stairwell_id, i.day, i.item, i.score, i.score < r.pass AS fails, r.position
FROM inspection i
JOIN rubric r ON r.item = i.item;

-- Every stairwell with its readable place and its current grid (NULL when
-- in none, or when its grid is retired).
CREATE VIEW stairwell_place AS
SELECT s.id AS stairwell_id, c.name AS compound, b.name AS building, s.unit, g.code AS grid
FROM stairwell s
JOIN building b ON b.id = s.building_id
JOIN compound c ON c.id = b.compound_id
LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id
LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL;

-- One row per stairwell-day inspected.  It is complete when every rubric
-- item has a score; its score is their sum, and only a complete day has
-- one (NULL otherwise).  The score of a place for a period is the mean of
-- its complete days, what shequ-tally prints:
--   SELECT round(avg(score), 2) FROM stairwell_day
--   WHERE complete AND grid = 'JA-01' AND day BETWEEN '2026-07-01' AND '2026-07-31';
CREATE VIEW stairwell_day AS
SELECT m.day, p.compound, p.building, p.unit, p.grid,
       CASE WHEN count(*) = (SELECT count(*) FROM rubric) THEN sum(m.score) END AS score,
       count(*) = (SELECT count(*) FROM rubric) AS complete,
       m.stairwell_id
FROM item_score m
JOIN stairwell_place p ON p.stairwell_id = m.stairwell_id
GROUP BY m.stairwell_id, m.day;

-- One row per failing item-day (on any day, complete or not), with the
-- first later day the same stairwell and item passed: rectified_on, NULL
-- while it is not rectified.
CREATE VIEW problem AS
SELECT m.day, p.compound, p.building, p.unit, p.grid, m.item, m.score,
       (SELECT min(x.day) FROM item_score x
        WHERE x.stairwell_id = m.stairwell_id AND x.item = m.item AND x.day > m.day
          AND NOT x.fails) AS rectified_on,
       m.stairwell_id
FROM item_score m
JOIN stairwell_place p ON p.stairwell_id = m.stairwell_id
WHERE m.fails;
