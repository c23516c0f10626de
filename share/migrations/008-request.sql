-- 008-request.sql - service orders and residents' requests (shequ-request):
-- the order, and the log of everything that happened to it.
--
-- Every stage time and every SLA figure is read from request_event when it
-- is asked for (shequ-request sla, list; the request_status view); nothing
-- here counts or caches them.  Times are the community's local time
-- (Asia/Shanghai unless --tz), 'YYYY-MM-DD HH:MM:SS', which sorts as time.

CREATE TABLE request_order (
	id INTEGER PRIMARY KEY,
	number TEXT NOT NULL UNIQUE,        -- 工单编号 of the hotline or platform; SQ<n> by hand
	source TEXT NOT NULL CHECK (source IN ('hotline', 'app', 'platform', 'walk_in', 'alert')),
	platform_number TEXT,               -- the 12345 platform's (胶心办) own order number
	scenario TEXT NOT NULL,             -- code of a scenario or request category (catalogue.csv)
	compound TEXT,                      -- the address as given, canonical forms
	building TEXT,
	unit TEXT,
	room TEXT,
	dwelling_id INTEGER REFERENCES dwelling(id),  -- NULL: the address is not in the registry
	requester TEXT,                     -- 联系人 (personal: masked in every output)
	phone TEXT,                         -- 11 digits, or as written
	content TEXT,                       -- 内容, what was asked
	assignee TEXT,                      -- 处理人: the butler or staff it is with now
	changed TEXT NOT NULL               -- UTC time of the last change to this row
) STRICT;
CREATE INDEX request_order_dwelling ON request_order (dwelling_id);

CREATE TABLE request_event (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES request_order(id),
	at TEXT NOT NULL,                   -- local time it happened
	event TEXT NOT NULL CHECK (event IN ('received', 'assigned', 'accepted', 'on_site',
		'resolved', 'called_back', 'rated', 'reopened', 'paused', 'resumed', 'closed',
		'cancelled')),
	actor TEXT,                         -- who: a name, the assignee for 'assigned'
	note TEXT,                          -- why (closed, reopened, paused, cancelled: a reason)
	satisfied INTEGER CHECK (satisfied IN (0, 1)),      -- called_back: the resident's verdict
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),      -- rated
	import_id INTEGER REFERENCES import_log(id),        -- the import it came from; NULL: by hand
	line INTEGER,                       -- and its line in that file
	recorded TEXT NOT NULL              -- UTC time it was written
) STRICT;
-- The same event of an order at the same moment is one event: importing a
-- file again adds nothing.
CREATE UNIQUE INDEX request_event_once ON request_event (order_id, event, at);
-- Orders received in a period.
CREATE INDEX request_event_kind_at ON request_event (event, at);

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
