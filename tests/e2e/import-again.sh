#!/bin/bash
# shequ-import: the monthly re-import of the roster.  The same file again
# changes nothing and writes nothing per person (the digest of each row is
# found among the stored ones); a file with 1% of rows changed updates
# exactly those, with their moves; a file missing rows leaves them; repeats
# within the file, --sync, changes made by hand and files lacking columns
# behave as they did before the digests.
. "$srcdir/tests/lib.sh"
export SHEQU_TODAY=2026-07-08

iconv -f gb18030 -t utf-8 "$SAMPLE/residents.csv" | tr -d '\r' >roster.csv
rows=$(($(wc -l <roster.csv) - 1))

# state - everything the roster import keeps about people and places, one
# line a row, without the import log.
state() {
	sql "SELECT 'p', id, id_number, name, relation, phone, dwelling_id, moved_out, changed, last_import,
		last_line, digest FROM person ORDER BY id;
	     SELECT 't', person_id, tag FROM person_tag ORDER BY 1, 2, 3;
	     SELECT 'm', * FROM person_move ORDER BY id;
	     SELECT 'd', * FROM dwelling ORDER BY id;"
}

# last_import_rows - how many people the newest import wrote to.
last_import_rows() {
	sql "SELECT count(*) FROM person WHERE last_import = (SELECT max(id) FROM import_log)"
}

run shequ-import roster.csv
is "$rc:$(sql 'SELECT count(*) FROM person WHERE digest IS NULL')" "0:0" "a first load stores a digest for every person"
state >first.txt

# ---- the same file again ----
run shequ-import roster.csv
contains "$err" "0 inserted, 0 updated, $rows unchanged, 0 moved out; 0 new households" \
	"the same roster again: every row unchanged"
state >again.txt
ok "and nothing stored about a person, a tag, a move or a dwelling changed" cmp -s first.txt again.txt
is "$(last_import_rows)" "0" "no person was written to"
is "$(sql 'SELECT count(*), sum(inserted + updated + moved_out), sum(unchanged) FROM import_log')" "2|$rows|$rows" \
	"the import log has the one new row, all unchanged"

# ---- 1% of the rows changed: the phone, or the address (a move) ----
# Every 100th row: every 5th of those moves to a new room, the others get a
# new phone (none or full-width before) or the last digit of theirs changed.
awk -F, -v OFS=, 'NR > 1 && (NR - 1) % 100 == 0 {
		if ((NR - 1) % 500 == 0) $4 = $4 "9"
		else if ($8 !~ /[0-9]$/) $8 = "13800138000"
		else { n = substr($8, length($8)); $8 = substr($8, 1, length($8) - 1) (n == "0" ? "1" : "0") }
	}
	{ print }' roster.csv >pct.csv
changed=$(awk 'END { print int((NR - 1) / 100) }' roster.csv)
moved=$(awk 'END { print int((NR - 1) / 500) }' roster.csv)
run shequ-import pct.csv
contains "$err" "0 inserted, $changed updated, $((rows - changed)) unchanged" "1% changed: exactly those rows updated"
new=$(sql 'SELECT max(id) FROM import_log')
is "$(sql "SELECT count(*) FROM person WHERE changed = $new")" "$changed" "marked changed by this import, and no other"
is "$(last_import_rows)" "$changed" "and only they written to"
is "$(sql "SELECT count(*) FROM person_move WHERE moved = (SELECT started FROM import_log WHERE id = $new)")" "$moved" \
	"a move recorded for each row whose room changed, and no other"
state >pct.txt
is "$(diff first.txt pct.txt | grep -c '^> p|')" "$changed" "no other person's row differs"
run shequ-import pct.csv
contains "$err" "0 inserted, 0 updated, $rows unchanged" "the changed roster again: every row unchanged"
is "$(last_import_rows)" "0" "and nobody written to"

# ---- a file missing rows leaves them; --sync moves them out ----
awk 'NR == 1 || NR % 10 != 0' pct.csv >short.csv
left=$(awk 'NR % 10 == 0' pct.csv | wc -l)
run shequ-import short.csv
contains "$err" "0 updated, $((rows - left)) unchanged, 0 moved out" "a roster missing rows changes nothing"
is "$(sql 'SELECT count(*) FROM resident')" "$rows" "everyone missing from it is still a resident"
run shequ-import --sync short.csv
contains "$err" "0 updated, $((rows - left)) unchanged, $left moved out" \
	"with --sync, exactly those missing move out, and nobody it listed as stored"
is "$(sql 'SELECT count(*) FROM resident')" "$((rows - left))" "the residents are those listed"
run shequ-import --sync short.csv
contains "$err" "$((rows - left)) unchanged, 0 moved out" "--sync again moves nobody"
run shequ-import pct.csv
contains "$err" "0 inserted, $left updated, $((rows - left)) unchanged" "those moved out come back as an update"
is "$(sql 'SELECT count(*) FROM resident')" "$rows" "and are residents again"

# ---- repeats within a file ----
{ head -1 pct.csv; sed -n '2,4p' pct.csv; sed -n 2p pct.csv; } >dup1.csv
run shequ-import dup1.csv
is "$rc" "65" "a row twice in a file: rejected"
contains "$err" "dup1.csv:5: 身份证号: duplicate of line 2" "as a duplicate of the first, found as stored"
line2=$(sed -n 2p pct.csv)
{ head -1 pct.csv; echo "$line2"; echo "${line2/,本人,/,户主,}"; } >dup2.csv
run shequ-import dup2.csv
contains "$err" "dup2.csv:3: 身份证号: duplicate of line 2" "the same person changed after a row as stored: a duplicate"
{ head -1 pct.csv; echo "${line2/,本人,/,户主,}"; echo "$line2"; } >dup3.csv
run shequ-import dup3.csv
contains "$err" "dup3.csv:3: 身份证号: duplicate of line 2" "a row as stored after the same person changed: a duplicate"
is "$(sql "SELECT relation FROM person WHERE id_number = '$(echo "$line2" | cut -d, -f6)'")" "户主" \
	"and the first row is what stands"
{ head -1 pct.csv; echo "$line2"; } >back.csv
shequ-import -q back.csv

# ---- a change made by hand is compared in full, not skipped ----
id=$(echo "$line2" | cut -d, -f6)
sql "UPDATE person SET phone = '13000000000' WHERE id_number = '$id'"
run shequ-import pct.csv
contains "$err" "0 inserted, 1 updated" "a phone changed by hand is put back by the roster"
is "$(sql "SELECT phone FROM person WHERE id_number = '$id'")" "$(echo "$line2" | cut -d, -f8 | tr -d ' ' | sed 's/^86//')" \
	"as the file says"
tagged=$(awk -F, 'NR > 1 && $9 != "" { print $6; exit }' pct.csv)
tags=$(sql "SELECT group_concat(tag) FROM person_tag WHERE person_id = (SELECT id FROM person WHERE id_number = '$tagged')")
sql "DELETE FROM person_tag WHERE person_id = (SELECT id FROM person WHERE id_number = '$tagged')"
run shequ-import pct.csv
contains "$err" "0 inserted, 1 updated" "tags removed by hand are put back by the roster"
is "$(sql "SELECT group_concat(tag) FROM person_tag WHERE person_id = (SELECT id FROM person WHERE id_number = '$tagged')")" \
	"$tags" "all of them"
is "$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'person_digest_%'")" "3" \
	"the triggers that tell of changes by hand are in place after an import"

# ---- a database from before the digests, and files lacking columns ----
sql "UPDATE person SET digest = NULL"
run shequ-import pct.csv
contains "$err" "0 updated, $rows unchanged" "without digests (an older database) every row is compared in full"
is "$(sql 'SELECT count(*) FROM person WHERE digest IS NULL')" "0" "and its digest stored"
cut -d, -f1-6 pct.csv >narrow.csv
run shequ-import narrow.csv
contains "$err" "0 inserted, 0 updated, $rows unchanged" "a roster lacking relation, phone and tags changes nothing"
sed 's/^\(\([^,]*,\)\{4\}\)\([^,]*\)/\1\3明/' narrow.csv | sed '1s/明//' | head -3 >names.csv
run shequ-import names.csv
is "$rc:$(sql "SELECT count(*) FROM person WHERE digest IS NULL")" "0:2" \
	"a person updated from it has no digest (what it lacks is unknown to it)"
run shequ-import pct.csv
contains "$err" "2 updated, $((rows - 2)) unchanged" "and the full roster puts them back"
is "$(sql 'SELECT count(*) FROM person WHERE digest IS NULL')" "0" "with their digests"

done_testing
