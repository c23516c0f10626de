-- 016-request-received.sql - the index of request_event by kind and time
-- (008) becomes one of the receivings only.
--
-- What reads events by time reads the orders received in a period (sla,
-- the cycle's sheets: event = 'received' AND at in the period); every other
-- read goes by order (request_event_once).  An index of every event by kind
-- and time was a third of what an import writes for each event, for the
-- one kind that is read that way.
DROP INDEX request_event_kind_at;
CREATE INDEX request_event_received ON request_event (at) WHERE event = 'received';
