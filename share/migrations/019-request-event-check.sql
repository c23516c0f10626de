-- 019-request-event-check.sql - the check of an event's kind (008) written
-- as a chain of comparisons; the same twelve kinds, nothing else changes.
--
-- SQLite evaluates `event IN (...)` of more than two values by building a
-- temporary b-tree of the list, and a statement that inserts one row
-- builds it for every row: half the cost of an event's insert, which an
-- import of a city's year of orders pays 5.6 million times.  A chain of
-- `=` builds nothing.
--
-- SQLite cannot alter a check in place, so the table is made again by its
-- documented procedure (https://www.sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): what depends on it by
-- name, the view request_status (008) and the trigger on request_order
-- that reads it (014), goes first and comes back as it was; its own
-- triggers (014) and indexes (008, 016) go with the old table and are made
-- again on the new one.  The rows keep their ids.

DROP VIEW request_status;
DROP TRIGGER change_summary_order_update;

CREATE TABLE request_event_019 (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES request_order(id),
	at TEXT NOT NULL,                   -- local time it happened
	event TEXT NOT NULL CHECK (event = 'received' OR event = 'assigned' OR
		event = 'accepted' OR event = 'on_site' OR event = 'resolved' OR
		event = 'called_back' OR event = 'rated' OR event = 'reopened' OR
		event = 'paused' OR event = 'resumed' OR event = 'closed' OR
		event = 'cancelled'),
	actor TEXT,                         -- who: a name, the assignee for 'assigned'
	note TEXT,                          -- why (closed, reopened, paused, cancelled: a reason)
	satisfied INTEGER CHECK (satisfied IN (0, 1)),      -- called_back: the resident's verdict
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),      -- rated
	import_id INTEGER REFERENCES import_log(id),        -- the import it came from; NULL: by hand
	line INTEGER,                       -- and its line in that file
	recorded TEXT NOT NULL              -- UTC time it was written
) STRICT;

INSERT INTO request_event_019 (id, order_id, at, event, actor, note, satisfied, rating,
			       import_id, line, recorded)
	SELECT id, order_id, at, event, actor, note, satisfied, rating, import_id, line, recorded
	FROM request_event ORDER BY id;

DROP TABLE request_event;
ALTER TABLE request_event_019 RENAME TO request_event;

-- The same event of an order at the same moment is one event: importing a
-- file again adds nothing.
CREATE UNIQUE INDEX request_event_once ON request_event (order_id, event, at);
-- Orders received in a period (016).
CREATE INDEX request_event_received ON request_event (at) WHERE event = 'received';

-- The change counters of the orders (014), as they were.
CREATE TRIGGER change_summary_event_insert AFTER INSERT ON request_event
BEGIN
	INSERT INTO change_summary VALUES ('order', substr(NEW.at, 1, 10), 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER change_summary_event_delete AFTER DELETE ON request_event
BEGIN
	INSERT INTO change_summary VALUES ('order', substr(OLD.at, 1, 10), 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

-- Who did it, a note, where it was imported from: no report counts them.
CREATE TRIGGER change_summary_event_update AFTER UPDATE OF order_id, at, event, satisfied, rating
ON request_event
WHEN OLD.order_id IS NOT NEW.order_id OR OLD.at IS NOT NEW.at OR OLD.event IS NOT NEW.event
	OR OLD.satisfied IS NOT NEW.satisfied OR OLD.rating IS NOT NEW.rating
BEGIN
	INSERT INTO change_summary VALUES ('order', substr(OLD.at, 1, 10), 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
	INSERT INTO change_summary VALUES ('order', substr(NEW.at, 1, 10), 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

-- The requester, phone or text of an order is in no figure; its scenario
-- (the limits), source, assignee and address (the grid) are.
CREATE TRIGGER change_summary_order_update AFTER UPDATE OF scenario, source, assignee, dwelling_id
ON request_order
WHEN OLD.scenario IS NOT NEW.scenario OR OLD.source IS NOT NEW.source
	OR OLD.assignee IS NOT NEW.assignee OR OLD.dwelling_id IS NOT NEW.dwelling_id
BEGIN
	INSERT INTO change_summary
	SELECT 'order', substr(at, 1, 10), 1 FROM request_event
	WHERE order_id = NEW.id AND event = 'received'
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

-- For analysts: every order with the first moment of each stage, its grid
-- and its status from the log (open, paused, resolved, closed, cancelled).
CREATE VIEW request_status AS
SELECT o.id, o.number, o.source, o.platform_number, o.scenario, o.compound, o.building,
       o.unit, o.room, o.dwelling_id, g.code AS grid, o.assignee,
       min(CASE WHEN e.event = 'received' THEN e.at END) AS received,
       min(CASE WHEN e.event = 'accepted' THEN e.at END) AS accepted,
       min(CASE WHEN e.event = 'on_site' THEN e.at END) AS on_site,
       min(CASE WHEN e.event = 'resolved' THEN e.at END) AS resolved,
       min(CASE WHEN e.event = 'called_back' THEN e.at END) AS called_back,
       sum(e.event = 'reopened') AS reopened,
       CASE WHEN max(e.event = 'cancelled') THEN 'cancelled'
            WHEN max(CASE WHEN e.event = 'resolved' THEN e.at END) >=
                 coalesce(max(CASE WHEN e.event = 'reopened' THEN e.at END), '') THEN 'resolved'
            WHEN max(e.event = 'closed') THEN 'closed'
            WHEN coalesce(max(CASE WHEN e.event = 'paused' THEN e.at END), '') >
                 coalesce(max(CASE WHEN e.event NOT IN ('received', 'assigned', 'paused')
                                   THEN e.at END), '') THEN 'paused'
            ELSE 'open' END AS status
FROM request_order o
JOIN request_event e ON e.order_id = o.id
LEFT JOIN dwelling d ON d.id = o.dwelling_id
LEFT JOIN grid_stairwell gs ON gs.stairwell_id = d.stairwell_id
LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL
GROUP BY o.id;

-- Every event's order and import are still there; a row that is not stops
-- the migration here (the check fails) rather than stay unnoticed.
CREATE TEMP TABLE request_event_019_fk (dangling INTEGER NOT NULL CHECK (dangling = 0));
INSERT INTO request_event_019_fk SELECT count(*) FROM pragma_foreign_key_check('request_event');
DROP TABLE request_event_019_fk;
