#!/bin/bash
# The scoring rules in the schema (share/migrations/007-scoring.sql): the
# views stairwell_day and problem, read with the plain sqlite3 shell, give
# shequ-tally's numbers; the rubric table follows share/rubric.csv; and
# shequ-grid and shequ-tally list buildings and units in one natural order.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"

fixture_places
fixture_inspections

# The hand-computed July score of JA-01 (tests/e2e/tally.sh): 91.25.
is "$(sql "SELECT avg(score) FROM stairwell_day WHERE complete AND grid = 'JA-01'
	AND day BETWEEN '2026-07-01' AND '2026-07-31'")" 91.25 \
	"avg(score) of JA-01's complete stairwell-days in July is 91.25"
run shequ-tally --by grid 2026-07
is "$(awk -F, '$2 == "JA-01" { print $6 }' "$T/out")" 91.25 "shequ-tally gives JA-01 91.25 for July"

is "$(sql "SELECT day, score, complete FROM stairwell_day WHERE stairwell_id = 2 ORDER BY day")" \
	"2026-07-01|80|1
2026-07-02||0" "a day without 美 is listed, incomplete, without a score"
is "$(sql "SELECT day || ' ' || score || ' ' || coalesce(rectified_on, '-') FROM problem
	WHERE building = '2' ORDER BY day")" "2026-07-01 10 2026-07-10
2026-07-02 11 2026-07-10
2026-07-03 11 2026-07-10" "problem: three failures of 净, all rectified on 2026-07-10"
is "$(sql "SELECT count(*) FROM stairwell_day")" 12 "one stairwell_day row per stairwell-day inspected"

# view_numbers GRID FIRST LAST - inspections,incomplete,score,problems,
# rectified of GRID over FIRST..LAST as the views give them.
view_numbers() {
	sql "SELECT (SELECT count(*) FROM stairwell_day d WHERE d.grid = '$1' AND d.day BETWEEN '$2' AND '$3' AND complete)
	  || ',' || (SELECT count(*) FROM stairwell_day d WHERE d.grid = '$1' AND d.day BETWEEN '$2' AND '$3' AND NOT complete)
	  || ',' || coalesce((SELECT printf('%.2f', round(avg(score), 2)) FROM stairwell_day d
	                      WHERE d.grid = '$1' AND d.day BETWEEN '$2' AND '$3' AND complete HAVING count(*)), '')
	  || ',' || (SELECT count(*) FROM problem p WHERE p.grid = '$1' AND p.day BETWEEN '$2' AND '$3')
	  || ',' || (SELECT count(rectified_on) FROM problem p WHERE p.grid = '$1' AND p.day BETWEEN '$2' AND '$3')"
}

# same_numbers PERIOD FIRST LAST - every grid's numbers in shequ-tally
# equal the views' over the same days.
same_numbers() {
	local tally views=""
	tally=$(shequ-tally --by grid "$1" | awk -F, 'NR > 1 { print $2 ":" $4 "," $5 "," $6 "," $12 "," $13 }')
	for g in JA-01 JA-02 YB-01; do views="$views${views:+
}$g:$(view_numbers "$g" "$2" "$3")"; done
	is "$tally" "$views" "$1: every grid's inspections, incomplete, score, problems and rectified equal the views'"
}
same_numbers 2026-07 2026-07-01 2026-07-31
same_numbers 2026-W27 2026-06-29 2026-07-05
same_numbers 2026-07-02 2026-07-02 2026-07-02
same_numbers 2026-06 2026-06-01 2026-06-30
same_numbers 2026-Q3 2026-07-01 2026-09-30

# The rubric table is share/rubric.csv; a new database starts with it.
is "$(sql "SELECT item || ',' || name || ',' || max || ',' || pass FROM rubric ORDER BY position")" \
	"$(tail -n +2 "$SHEQU_DATADIR/rubric.csv")" "the rubric table holds share/rubric.csv"

# A pass mark raised in rubric.csv: shequ-case scan brings the table in
# step, and shequ-tally and the views then judge by it alike.  美 passes at
# 16 now, so JA-01's 美 15 on 2026-07-03 fails too and nothing after it
# passes: 2 problems, 0 rectified (before: 1 and 1).
mkdir share
cp "$SHEQU_DATADIR"/scoring.conf "$SHEQU_DATADIR"/headers.csv share/
sed 's/^美,tidy,20,12$/美,tidy,20,16/' "$SHEQU_DATADIR"/rubric.csv >share/rubric.csv
SHEQU_DATADIR="$T/share" run shequ-tally --by grid 2026-07
is "$(awk -F, '$2 == "JA-01" { print $12 "," $13 }' "$T/out")" 1,1 \
	"shequ-tally reads with the database's rubric, not rubric.csv, until a writer brings it in step"
SHEQU_DATADIR="$T/share" run shequ-case scan 2026-06-30
is "$rc:$(sql "SELECT pass FROM rubric WHERE item = '美'")" 0:16 "shequ-case scan brings the rubric table in step"
run shequ-tally --by grid 2026-07
is "$(awk -F, '$2 == "JA-01" { print $12 "," $13 }' "$T/out")" 2,0 "shequ-tally judges by the new pass mark"
is "$(view_numbers JA-01 2026-07-01 2026-07-31 | cut -d, -f4,5)" 2,0 "and the problem view alike"
same_numbers 2026-07 2026-07-01 2026-07-31

# shequ-import of inspections checks scores against rubric.csv, and brings
# the table in step with it too.
sed 's/^美,tidy,20,12$/美,tidy,20,14/' "$SHEQU_DATADIR"/rubric.csv >share/rubric.csv
printf 'date,compound,building,unit,item,score\n2026-07-20,甲小区,1,1,净,20\n' >i.csv
SHEQU_DATADIR="$T/share" run shequ-import -q i.csv
is "$rc:$(sql "SELECT pass FROM rubric WHERE item = '美'")" 0:14 "shequ-import of inspections brings the rubric table in step"

# A rubric table that no longer reads as a rubric is an error, not a guess.
sql "UPDATE rubric SET position = 7 WHERE item = '美'"
run shequ-tally --by grid 2026-07
is "$rc:$err" "65:shequ-tally: rubric table: 美 is at position 7, expected 4" "a broken rubric table: 65"

# Natural order: buildings 1 2 10 A2 A10 and units 1 2 10, in the grid and
# in the tally alike.
. "$srcdir/tests/grid-fixture.sh"
export SHEQU_DB="$T/order.db"
fx_init
fx_compound 丙小区 BN
for b in A10 10 2 A2 1; do fx_building_units BN "$b" 1 5; done
for u in 10 2; do fx_stairwell BN 1 "$u" 5; done
shequ-grid -q --min 1 --max 1000 >/dev/null
ok "shequ-grid makes one grid" test "$(sql 'SELECT count(*) FROM grid')" = 1
is "$(shequ-grid -q --dry-run --min 1 --max 1000 | cut -d, -f3 | sed -n 2p)" "1;2;10;A2;A10" \
	"shequ-grid lists buildings in natural order"
is "$(shequ-tally --by building 2026-07 | cut -d, -f3 | tail -n +2 | paste -sd ';')" "1;2;10;A2;A10" \
	"shequ-tally lists buildings in the same order"
is "$(shequ-tally --by stairwell 2026-07 | awk -F, '$3 == "1" { print $4 }' | paste -sd ' ')" "1 2 10" \
	"and units too"

done_testing
