-- 012-person-digest.sql - a digest of each person as the import last wrote
-- them, so that re-importing a roster skips, without a look-up, every row
-- the database already holds as the file says.
--
-- person.digest is a 64-bit hash of the row's cleaned values (ID number,
-- name, relation, phone, compound, building, unit, room and tags); NULL when
-- not known (a person made by hand, or updated from a file that lacked a
-- column).  shequ-import compares the digest of each row it reads with the
-- digests of the current residents, and leaves a row whose digest is there:
-- then last_import and last_line stay those of the import that last wrote
-- the person (an unchanged person is no longer written to).
ALTER TABLE person ADD COLUMN digest INTEGER;

-- A change that does not come through the import (by hand, with sqlite3)
-- makes the digest unknown: the next import compares that person in full.
-- shequ-import lifts these triggers for its own transaction, which keeps
-- the digests itself.
CREATE TRIGGER person_digest_person AFTER UPDATE OF id_number, name, relation, phone, dwelling_id
ON person WHEN NEW.digest IS NOT NULL
BEGIN
	UPDATE person SET digest = NULL WHERE id = NEW.id;
END;
CREATE TRIGGER person_digest_tag_in AFTER INSERT ON person_tag
BEGIN
	UPDATE person SET digest = NULL WHERE id = NEW.person_id AND digest IS NOT NULL;
END;
CREATE TRIGGER person_digest_tag_out AFTER DELETE ON person_tag
BEGIN
	UPDATE person SET digest = NULL WHERE id = OLD.person_id AND digest IS NOT NULL;
END;
