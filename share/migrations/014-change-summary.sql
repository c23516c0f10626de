-- 014-change-summary.sql - a change counter per day of the care visits,
-- the care services and the service orders, kept by triggers, so that the
-- cycle tells whether a report that shows them changed (the overdue visits
-- of a week, the visit rates and services of a month, the scorecard's visit
-- rate and service score, the order sheets) the way it does for
-- inspections (011): by the counters of the days the report reads, never
-- by reading the rows themselves.
--
-- A counter never goes down: a report records the sum of the counters of
-- its days when it is made, and is stale exactly when that sum has grown
-- since.  A row written again as it was (a file imported twice) changes
-- nothing.  What each source counts on which day:
--   visit    a care_visit row added or removed, or its person or day
--            changed, on the visit's day;
--   service  a care_service row added or removed, or its person, day,
--            service or times changed, on the service's day;
--   order    a request_event added or removed, or its order, time, kind,
--            verdict or rating changed, on the day of the event (its at);
--            an order's scenario, source, assignee or address (its grid)
--            changed, on the day it was received.
CREATE TABLE change_summary (
	source TEXT NOT NULL CHECK (source IN ('visit', 'service', 'order')),
	day TEXT NOT NULL,                  -- YYYY-MM-DD, local time
	changes INTEGER NOT NULL,           -- rows written, changed or removed so far
	PRIMARY KEY (source, day)
) STRICT, WITHOUT ROWID;

INSERT INTO change_summary (source, day, changes)
SELECT 'visit', day, count(*) FROM care_visit GROUP BY day;
INSERT INTO change_summary (source, day, changes)
SELECT 'service', day, count(*) FROM care_service GROUP BY day;
INSERT INTO change_summary (source, day, changes)
SELECT 'order', substr(at, 1, 10), count(*) FROM request_event GROUP BY substr(at, 1, 10);

CREATE TRIGGER change_summary_visit_insert AFTER INSERT ON care_visit
BEGIN
	INSERT INTO change_summary VALUES ('visit', NEW.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER change_summary_visit_delete AFTER DELETE ON care_visit
BEGIN
	INSERT INTO change_summary VALUES ('visit', OLD.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

-- The import's upsert of another finding or follow-up, or an order opened
-- for it, is no change to what a report counts.
CREATE TRIGGER change_summary_visit_update AFTER UPDATE OF person_id, day ON care_visit
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.day IS NOT NEW.day
BEGIN
	INSERT INTO change_summary VALUES ('visit', OLD.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
	INSERT INTO change_summary VALUES ('visit', NEW.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER change_summary_service_insert AFTER INSERT ON care_service
BEGIN
	INSERT INTO change_summary VALUES ('service', NEW.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER change_summary_service_delete AFTER DELETE ON care_service
BEGIN
	INSERT INTO change_summary VALUES ('service', OLD.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER change_summary_service_update AFTER UPDATE OF person_id, day, service, times
ON care_service
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.day IS NOT NEW.day
	OR OLD.service IS NOT NEW.service OR OLD.times IS NOT NEW.times
BEGIN
	INSERT INTO change_summary VALUES ('service', OLD.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
	INSERT INTO change_summary VALUES ('service', NEW.day, 1)
	ON CONFLICT (source, day) DO UPDATE SET changes = changes + 1;
END;

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

-- What else a report was made from, in these counters' terms (the sum over
-- the days of the sources it shows); NULL for a report made before this
-- migration, which the cycle judges once by what was imported after it was
-- made, and then fills in.
ALTER TABLE report ADD COLUMN data_changes INTEGER;
