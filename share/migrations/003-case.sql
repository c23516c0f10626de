-- 003-case.sql - 挂牌督办: problems hung up for supervision against a
-- deadline, and the history of every case.
--
-- A case is one stairwell and rubric item.  At most one case per stairwell
-- item is open at a time.  It ends either 'solved' (a later inspection of the
-- stairwell item passed: 摘牌) or 'closed' (by hand, with a reason); the two
-- stay distinguishable in every count.

CREATE TABLE supervision_case (
	id INTEGER PRIMARY KEY,
	stairwell_id INTEGER NOT NULL REFERENCES stairwell(id),
	item TEXT NOT NULL,                 -- rubric item (净 畅 亮 安 美)
	source TEXT NOT NULL CHECK (source IN ('repeated', 'severe', 'manual')),
	description TEXT NOT NULL,
	opened TEXT NOT NULL,               -- YYYY-MM-DD, the day it was hung up
	deadline TEXT NOT NULL,             -- YYYY-MM-DD, last day to solve it
	escalated TEXT CHECK (escalated IN ('head', 'secretary', 'office')),  -- NULL: not escalated
	closed TEXT,                        -- YYYY-MM-DD; NULL = still open
	outcome TEXT CHECK (outcome IN ('solved', 'closed')),
	CHECK ((closed IS NULL) = (outcome IS NULL))
) STRICT;
CREATE UNIQUE INDEX supervision_case_open ON supervision_case (stairwell_id, item)
	WHERE closed IS NULL;
CREATE INDEX supervision_case_opened ON supervision_case (opened);
CREATE INDEX supervision_case_place ON supervision_case (stairwell_id);

-- Everything that happened to a case, in order.
CREATE TABLE case_event (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES supervision_case(id),
	day TEXT NOT NULL,                  -- YYYY-MM-DD it took effect
	event TEXT NOT NULL CHECK (event IN ('opened', 'escalated', 'solved', 'closed')),
	actor TEXT NOT NULL,                -- who: a name, or 'shequ-case scan'
	reason TEXT NOT NULL,               -- why
	recorded TEXT NOT NULL              -- UTC time it was written
) STRICT;
CREATE INDEX case_event_case ON case_event (case_id);
