#!/bin/bash
# bench/care.sh - shequ-care due on the city-size roster (about 2.6 million
# residents in 1,000,000 households, share/sample/gen-community.py): who of
# the elderly is due or overdue for a care visit on Monday 2026-08-03,
# per grid and visitor, after a month of visits (July), against the SQL a
# user would otherwise write in the sqlite3 shell for the same list: ages
# from the ID numbers, tags through the aliases, the cadence, the window
# bounds worked out by hand for that day, the last visit, the grid's first
# grid worker, in the same order.  Both lists must hold the same people.
#
#	bash bench/care.sh [CITY_DIR] [RUNS]
#
# Run from the build tree (shequ-care, shequ-import, shequ-grid and
# shequ-db in the current folder or on PATH).  CITY_DIR holds the
# generated buildings.csv, residents.csv and staff.csv (made in /tmp/city
# when missing); each of the pair runs RUNS times (default 3), by turns,
# and the medians are compared.  Targets: at most 1.5 times the SQL, peak
# RSS at most 128 MiB.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
PATH="$PWD:$top:$PATH"
export SHEQU_DATADIR=${SHEQU_DATADIR:-$top/share}
city=${1:-/tmp/city}
runs=${2:-3}
if [ ! -f "$city/residents.csv" ]; then
	mkdir -p "$city"
	python3 "$top/share/sample/gen-community.py" --households 1000000 --out "$city" \
		--only buildings,residents,staff
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/shequ-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export SHEQU_DB="$W/city.db" SHEQU_TODAY=2026-08-03

echo "== the roster, the grids, a month of visits"
shequ-db init
SHEQU_TODAY=2026-07-01 shequ-import -q "$city/buildings.csv" "$city/residents.csv" "$city/staff.csv"
shequ-grid -q >/dev/null
# Nine in ten of the elderly visited once in July, on a day of their row
# id; those living alone every week of it too; visitors by building.
sqlite3 -batch "$SHEQU_DB" <<'SQL'
BEGIN;
INSERT INTO care_import (id, started, file, register, rows, inserted, unchanged)
  VALUES (1, '2026-08-01 00:00:00', 'bench', 'visits', 0, 0, 0);
INSERT INTO care_visit (person_id, day, visitor, kind, follow_up, import_id, line)
  SELECT p.id, date('2026-07-01', '+' || (p.id % 31) || ' days'), '探访员' || (d.stairwell_id % 50),
         'home', 0, 1, 0
  FROM person p JOIN dwelling d ON d.id = p.dwelling_id
  WHERE substr(p.id_number, 7, 8) <= '19660803' AND p.id % 10 <> 0;
WITH RECURSIVE w(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM w WHERE k < 4)
INSERT OR IGNORE INTO care_visit (person_id, day, visitor, kind, follow_up, import_id, line)
  SELECT t.person_id, date('2026-07-02', '+' || (7 * w.k + t.person_id % 5) || ' days'), '探访员',
         'phone', 0, 1, 0
  FROM person_tag t CROSS JOIN w WHERE t.tag = '独居' AND t.person_id % 10 <> 0;
COMMIT;
SQL
sqlite3 -batch "$SHEQU_DB" "SELECT count(*) || ' residents, ' ||
  (SELECT count(*) FROM care_visit) || ' visits' FROM person"

# The same list in plain SQL: categories and cadences of share/care/ as
# CASE expressions, the windows of 2026-08-03 by hand (the week from
# 2026-08-03, the month from 2026-08-01, the quarter from 2026-07-01; the
# ones before from 2026-07-27, 2026-07-01 and 2026-04-01).
cat >"$W/due.sql" <<'SQL'
WITH
tg AS (SELECT person_id,
    max(tag IN ('独居', '独居老人', '孤寡', '孤寡老人')) AS alone,
    max(tag IN ('空巢', '空巢老人')) AS empty_nest,
    max(tag IN ('失能', '半失能', '失能老人', '失智')) AS care_need,
    max(tag IN ('残疾', '残疾人', '残障')) AS disabled,
    max(tag IN ('重病', '大病', '重大疾病')) AS ill,
    max(tag IN ('特困', '特困人员', '低保', '低保户', '困难家庭')) AS hardship
  FROM person_tag GROUP BY person_id),
wk AS (SELECT grid, min(name) AS name FROM staff WHERE role = 'worker' GROUP BY grid),
p AS (SELECT p.id, p.name, p.id_number, p.phone, c.name AS compound, b.name AS building, s.unit,
    d.room, g.code AS grid,
    (20260803 - CAST(substr(p.id_number, 7, 8) AS INTEGER)) / 10000 AS age,
    coalesce(tg.alone, 0) AS alone, coalesce(tg.empty_nest, 0) AS empty_nest,
    coalesce(tg.care_need, 0) AS care_need, coalesce(tg.disabled, 0) AS disabled,
    coalesce(tg.ill, 0) AS ill, coalesce(tg.hardship, 0) AS hardship
  FROM person p JOIN dwelling d ON d.id = p.dwelling_id JOIN stairwell s ON s.id = d.stairwell_id
  JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id
  LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id
  LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL
  LEFT JOIN tg ON tg.person_id = p.id
  WHERE p.moved_out IS NULL),
c AS (SELECT *, CASE
    WHEN age >= 60 AND (alone OR care_need OR ill) THEN 'weekly'
    WHEN age >= 80 OR (age >= 60 AND (empty_nest OR disabled)) OR hardship THEN 'monthly'
    WHEN age >= 60 THEN 'quarterly' END AS cadence FROM p),
w AS (SELECT *,
    CASE cadence WHEN 'weekly' THEN '2026-08-03' WHEN 'monthly' THEN '2026-08-01'
      ELSE '2026-07-01' END AS this_first,
    CASE cadence WHEN 'weekly' THEN '2026-07-27' WHEN 'monthly' THEN '2026-07-01'
      ELSE '2026-04-01' END AS prev_first,
    (SELECT x.id FROM care_visit x WHERE x.person_id = c.id AND x.day <= '2026-08-03'
      ORDER BY x.day DESC LIMIT 1) AS last_id
  FROM c WHERE cadence IS NOT NULL),
v AS (SELECT w.*, lv.day AS last, coalesce(lv.visitor, wk.name, '') AS visitor
  FROM w LEFT JOIN care_visit lv ON lv.id = w.last_id LEFT JOIN wk ON wk.grid = w.grid)
SELECT grid, visitor, CASE WHEN last >= prev_first THEN 'due' ELSE 'overdue' END, name,
  id_number, phone, age, cadence, last, compound, building, unit, room
FROM v WHERE last IS NULL OR last < this_first
ORDER BY grid IS NULL, grid, visitor, compound, building, unit, room, id;
SQL

# run_timed OUT COMMAND... - run COMMAND with its output into OUT; print
# the wall seconds, the peak RSS in KiB and the CPU seconds (user and
# system): on a machine busy with other work the wall time is a multiple
# of the CPU time, and the CPU ratio is the steadier.
run_timed() {
	local out=$1
	shift
	/usr/bin/time -f '%e %M %U %S' "$@" 2>&1 >"$out" | tail -1 |
		awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}

echo "== shequ-care due 2026-08-03 and the SQL, by turns, $runs times each"
: >"$W/care.t"
: >"$W/sql.t"
for i in $(seq "$runs"); do
	run_timed "$W/care.csv" shequ-care due 2026-08-03 >>"$W/care.t"
	run_timed "$W/sql.csv" sqlite3 -batch -csv "$SHEQU_DB" ".read $W/due.sql" >>"$W/sql.t"
done
t_care=$(cut -d' ' -f1 "$W/care.t" | median)
t_sql=$(cut -d' ' -f1 "$W/sql.t" | median)
c_care=$(cut -d' ' -f3 "$W/care.t" | median)
c_sql=$(cut -d' ' -f3 "$W/sql.t" | median)
rss=$(cut -d' ' -f2 "$W/care.t" | sort -n | tail -1)
echo "shequ-care: $(cut -d' ' -f1 "$W/care.t" | sed 's/$/ s/' | tr '\n' ' ')(median ${t_care} s), peak RSS $((rss / 1024)) MiB, $(($(wc -l <"$W/care.csv") - 1)) rows"
echo "sqlite3:    $(cut -d' ' -f1 "$W/sql.t" | sed 's/$/ s/' | tr '\n' ' ')(median ${t_sql} s), $(wc -l <"$W/sql.csv") rows"
awk -v a="$t_care" -v b="$t_sql" -v c="$c_care" -v d="$c_sql" 'BEGIN {
	printf "ratio %.2f wall, %.2f CPU (%s s against %s s) (target at most 1.5)\n", a / b, c / d, c, d }'

echo "== the same people, the same status"
python3 - "$W/care.csv" "$W/sql.csv" <<'PY'
import csv, sys
def key(grid, status, id_number):
    return (grid, status, id_number[:6], id_number[-4:])
a = sorted(key(r["grid"], r["status"], r["id_number"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
b = sorted(key(r[0], r[2], r[4]) for r in csv.reader(open(sys.argv[2], encoding="utf-8")))
print(f"{len(a)} and {len(b)} rows, {'the same' if a == b else 'DIFFERENT'}")
sys.exit(0 if a == b else 1)
PY
