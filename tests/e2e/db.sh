#!/bin/bash
# shequ-db: init, check, info, backup and their error paths.
. "$srcdir/tests/lib.sh"

run shequ-db info
is "$rc" 66 "info on a missing database exits 66"
is "$err" "shequ-db: $T/shequ.db: no such database (create one with shequ-db init or shequ-import)" \
	"info on a missing database says it is missing"
ok "info on a missing database creates nothing" test ! -e "$T/shequ.db"

run shequ-db init
is "$rc" 0 "init succeeds"
is "$(stat -c %a shequ.db)" 600 "the new database is private (0600)"
is "$(sql 'PRAGMA user_version')" "$(shequ-db info | awk -F, '$2 == "schema_version" {print $3}')" \
	"info reports the schema version"
is "$(sql 'PRAGMA journal_mode')" wal "the database is in WAL mode"

run shequ-db info
is "$rc" 0 "info succeeds"
is "$(head -1 out)" "kind,name,value" "info prints a CSV header"
contains "$out" "view,resident,0" "info lists the resident view"
contains "$out" "table,inspection,0" "info lists the inspection table"

sql "INSERT INTO compound (name, code) VALUES ('幸福里', 'XFL')"
run shequ-db info
contains "$out" "table,compound,1" "info counts rows"

run shequ-db check
is "$rc" 0 "check of a sound database exits 0"
is "$out" "check,problem" "check of a sound database lists no problem"
run shequ-db check --full
is "$rc" 0 "check --full exits 0"

# A broken foreign key is found.
sqlite3 shequ.db "PRAGMA foreign_keys=OFF; INSERT INTO building (compound_id, name) VALUES (99, '1');"
run shequ-db check
is "$rc" 65 "check finds a dangling foreign key (65)"
contains "$out" "foreign_key,building row 1 points at a missing compound" "check names the dangling foreign key"
contains "$err" "1 problem found" "check counts the problem on stderr"
sqlite3 shequ.db "DELETE FROM building"

run shequ-db backup "$T/copy.db"
is "$rc" 0 "backup succeeds"
is "$(sqlite3 "$T/copy.db" 'SELECT name FROM compound')" "幸福里" "the backup holds the data"
is "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" ok "the backup is sound"

run shequ-db backup /nonexistent/dir/copy.db
is "$rc" 73 "backup into a missing folder exits 73"
contains "$err" "shequ-db: cannot create /nonexistent/dir/copy.db" "backup into a missing folder names the file"

# Backup while another process writes: the writer inserts until it is told
# to stop, so it has begun before the backup starts and goes on after.
(
	i=0
	while [ ! -e stop-writing ]; do
		i=$((i + 1))
		sqlite3 shequ.db "INSERT INTO compound (name) VALUES ('w-$i')" 2>/dev/null
	done
) &
writer=$!
written() { sql "SELECT count(*) FROM compound WHERE name LIKE 'w-%'"; }
for _ in $(seq 200); do [ "$(written)" -gt 0 ] && break; sleep 0.05; done
ok "the writer has begun before the backup starts" test "$(written)" -gt 0
run shequ-db backup "$T/live.db"
ok "the writer is still writing when the backup ends" kill -0 $writer
touch stop-writing
wait $writer
is "$rc" 0 "backup while another process writes succeeds"
is "$(sqlite3 "$T/live.db" 'PRAGMA integrity_check')" ok "a backup made while another process writes is sound"

# Usage errors.
run shequ-db
is "$rc" 64 "no command exits 64"
contains "$err" "a command is needed" "no command: the message says a command is needed"
run shequ-db frobnicate
is "$rc" 64 "an unknown command exits 64"
run shequ-db backup
is "$rc" 64 "backup without FILE exits 64"
run shequ-db --version
is "$out" "shequ-db (shequ) $VERSION" "--version names the tool and suite"

# A database from a newer shequ is refused and left alone.
sqlite3 shequ.db "PRAGMA user_version = 999"
before=$(sha256sum shequ.db)
run shequ-db info
is "$rc" 78 "a newer schema exits 78"
contains "$err" "schema version 999 is newer than this shequ knows" "a newer schema: the message says why"
is "$(sha256sum shequ.db)" "$before" "a newer schema: the file is untouched"

echo "not a database at all" >junk.db
run shequ-db --db junk.db check
is "$rc:$err" "66:shequ-db: junk.db: not a shequ database (not an SQLite file at all)" \
	"a file that is not a database exits 66 (see db-open.sh)"

run sh -c 'shequ-db --db "$0" info >/dev/full' "$T/copy.db"
is "$rc" 74 "writing to /dev/full exits 74"
contains "$err" "write error" "writing to /dev/full says write error"

# ---- a database of schema 5, where person stored gender, birth and kind ----
for f in "$srcdir"/share/migrations/00[1-5]-*.sql; do cat "$f"; done | sqlite3 v5.db
sqlite3 v5.db "PRAGMA user_version = 5;
INSERT INTO compound (name) VALUES ('A'); INSERT INTO building (compound_id, name) VALUES (1, '1');
INSERT INTO stairwell (building_id, unit) VALUES (1, '1'); INSERT INTO dwelling (stairwell_id, room) VALUES (1, '101');
INSERT INTO import_log VALUES (1, '2026-07-01 08:00:00', 'a.csv', 'residents', 2, 2, 0, 0, 0, 0);
INSERT INTO import_log VALUES (2, '2026-08-01 08:00:00', 'b.csv', 'residents', 2, 0, 1, 1, 0, 0);
INSERT INTO person (id_number, id_kind, name, gender, birth_date, dwelling_id, updated, last_import)
  VALUES ('110105199509081629', 'resident', '金婷妍', 'F', '1995-09-08', 1, '2026-08-01 08:00:01', 2),
         ('81000019900101001X', 'hkmo_permit', '陈一', 'M', '1990-01-01', 1, '2026-07-01 08:00:01', 2);"
run shequ-db --db v5.db check
is "$rc:$(sqlite3 v5.db 'PRAGMA user_version')" "0:5" "shequ-db check leaves a schema 5 database as it is"
run shequ-db --db v5.db init
shequ-db -q --db newest.db init
is "$rc:$(sqlite3 v5.db 'PRAGMA user_version')" "0:$(sqlite3 newest.db 'PRAGMA user_version')" \
	"a schema 5 database is brought up to the newest schema, a new database's"
is "$(sqlite3 v5.db "SELECT group_concat(name || ' ' || id_kind || ' ' || gender || ' ' || birth_date, '; ') FROM resident")" \
	"金婷妍 resident F 1995-09-08; 陈一 hkmo_permit M 1990-01-01" "gender, birth date and kind read from the ID as they were stored"
is "$(sqlite3 v5.db "SELECT group_concat(changed, ' ') FROM person")" "2 1" "the time of the last change becomes its import"
is "$(sqlite3 v5.db "SELECT count(*) FROM pragma_table_info('person') WHERE name IN ('gender', 'birth_date', 'id_kind', 'updated')")" \
	0 "person no longer stores gender, birth date, kind or update time"

for d in v5 newest; do
	is "$(sqlite3 $d.db "SELECT group_concat(name) FROM (SELECT name FROM pragma_index_info('inspection_day') ORDER BY seqno)")" \
		day,stairwell_id,item,score "$d.db: a day's inspections are read from the index by day alone"
	is "$(sqlite3 $d.db "SELECT group_concat(name) FROM (SELECT name FROM pragma_index_info('staff_grid') ORDER BY seqno)")" \
		grid,role,name "$d.db: a grid's staff are found by an index"
done

done_testing
