-- 017-inspection-day-scores.sql - the index of inspection by day (001)
-- carries the scores, so that a short period is read from it alone.
--
-- A daily or weekly tally reads a few ten thousand rows of a day or a
-- week.  Through the primary key it took a seek per stairwell, one leaf
-- page each once a stairwell's history fills a page: with a year of
-- history, four times the pages of a quarter's for the same day.  The day's
-- entries of this index are side by side and hold every column the tally
-- reads (the key's own columns come with any index of a WITHOUT ROWID
-- table), so a day costs its own rows and nothing of the history.
DROP INDEX inspection_day;
CREATE INDEX inspection_day ON inspection (day, stairwell_id, item, score);
