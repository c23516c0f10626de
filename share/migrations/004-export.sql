-- 004-export.sql - every export that shows personal data unmasked.
--
-- shequ-export masks ID numbers, phones and names unless it is run with
-- --unmask --reason TEXT; each such run leaves one row here, written after
-- the workbook is in place, so that the office can say who saw what, and why.

CREATE TABLE export_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,                   -- UTC time, YYYY-MM-DD HH:MM:SS
	who TEXT NOT NULL,                  -- login name (getlogin, else $USER)
	file TEXT NOT NULL,                 -- absolute path of the workbook
	kind TEXT NOT NULL,                 -- plain, daily, weekly, monthly, scorecard
	reason TEXT NOT NULL CHECK (reason <> '')
) STRICT;
