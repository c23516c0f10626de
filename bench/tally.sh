#!/bin/bash
# bench/tally.sh - shequ-tally --by grid and --by building over one quarter
# of city-size inspections, against the plain GROUP BY a user would run with
# sqlite3 on the same database for the same numbers (the mean of complete
# stairwell-day scores per grid or building), pair by pair in one run.
#
#   bench/tally.sh [CITY_DIR]   (default /tmp/city-q, from
#   share/sample/gen-community.py --households 1000000 --inspect-every 7
#   --only inspections --out /tmp/city-q: 2026-Q3, about 4 million rows)
# Needs the built tools on PATH (or run from the build tree).  The database
# is built once with plain SQL (no shequ-import, no shequ-grid): buildings
# and stairwells from inspections.csv, one grid per 10 buildings.
# ROUNDS=N repeats the pairs (default 3); the machine's load shows in the
# spread.
#
# The ratio is against the fastest form of the equivalent GROUP BY found:
# `+day` keeps SQLite from reading the quarter through the day index and
# sorting it (the form as a user writes it, without `+`, takes about twice
# as long and is shown as "as written").  "item mean" is a simpler GROUP BY
# that is NOT the same number (it averages item scores, incomplete days
# included): about the cost of the scan alone, shown for reference.
set -eu
CITY=${1:-/tmp/city-q}
ROUNDS=${ROUNDS:-3}
DB=${BENCH_DB:-$CITY/bench-tally.db}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
export SHEQU_DATADIR=${SHEQU_DATADIR:-$top/share}

if [ ! -s "$DB" ]; then
	rm -f "$DB"
	shequ-db --db "$DB" init
	sqlite3 "$DB" <<SQL
.bail on
.mode csv
CREATE TABLE raw (c1, c2, c3, c4, c5, c6, c7, c8);
.import --skip 1 $CITY/inspections.csv raw
BEGIN;
INSERT INTO compound (name, code) SELECT DISTINCT c2, 'C' || rowid FROM (SELECT c2, min(rowid) AS rowid FROM raw GROUP BY c2);
INSERT INTO building (compound_id, name) SELECT DISTINCT c.id, replace(r.c3, '号楼', '') FROM raw r JOIN compound c ON c.name = r.c2;
INSERT INTO stairwell (building_id, unit) SELECT DISTINCT b.id, replace(r.c4, '单元', '') FROM raw r JOIN compound c ON c.name = r.c2 JOIN building b ON b.compound_id = c.id AND b.name = replace(r.c3, '号楼', '');
INSERT INTO grid (code, compound_id, created) SELECT DISTINCT c.code || '-' || printf('%02d', (CAST(b.name AS INTEGER) - 1) / 10 + 1), c.id, '2026-01-01' FROM building b JOIN compound c ON c.id = b.compound_id;
INSERT INTO grid_stairwell SELECT s.id, g.id FROM stairwell s JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id JOIN grid g ON g.code = c.code || '-' || printf('%02d', (CAST(b.name AS INTEGER) - 1) / 10 + 1);
CREATE TEMP TABLE sid AS SELECT s.id, c.name AS cn, b.name AS bn, s.unit FROM stairwell s JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id;
CREATE INDEX temp.sid_k ON sid (cn, bn, unit);
INSERT OR REPLACE INTO inspection (stairwell_id, day, item, score, inspector, imported)
SELECT x.id, r.c1, r.c5, CAST(r.c6 AS INTEGER), r.c7, '2026-10-01 00:00:00' FROM raw r JOIN sid x ON x.cn = r.c2 AND x.bn = replace(r.c3, '号楼', '') AND x.unit = replace(r.c4, '单元', '');
DROP TABLE raw;
COMMIT;
ANALYZE;
SQL
fi
echo "database: $DB, $(sqlite3 "$DB" 'SELECT count(*) FROM inspection') inspection rows," \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM grid') grids"

# The equivalent GROUP BY: complete stairwell-days (every rubric item
# scored), their sums, the mean per grid or building.
# sd FIRST LAST [+] - the complete stairwell-days and their sums.
sd() { echo "SELECT stairwell_id AS sid, sum(score) AS t FROM inspection WHERE ${3:-}day BETWEEN '$1' AND '$2' GROUP BY stairwell_id, day HAVING count(*) = $items"; }
items=$(($(wc -l <"$SHEQU_DATADIR/rubric.csv") - 1))
base_grid() { echo "SELECT g.code, count(*), round(avg(t), 2) FROM ($(sd "$1" "$2" "${3:-+}")) JOIN grid_stairwell gs ON gs.stairwell_id = sid JOIN grid g ON g.id = gs.grid_id GROUP BY g.code;"; }
base_building() { echo "SELECT s.building_id, count(*), round(avg(t), 2) FROM ($(sd "$1" "$2" "${3:-+}")) JOIN stairwell s ON s.id = sid GROUP BY s.building_id;"; }
# Not the same number: the mean of all item scores times the item count.
mean_grid() { echo "SELECT g.code, count(*), sum(i.score) * $items.0 / count(*) FROM inspection i JOIN grid_stairwell gs ON gs.stairwell_id = i.stairwell_id JOIN grid g ON g.id = gs.grid_id WHERE i.day BETWEEN '$1' AND '$2' GROUP BY g.code;"; }
mean_building() { echo "SELECT s.building_id, count(*), sum(i.score) * $items.0 / count(*) FROM inspection i JOIN stairwell s ON s.id = i.stairwell_id WHERE i.day BETWEEN '$1' AND '$2' GROUP BY s.building_id;"; }

t() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
# pair LEVEL PERIOD FIRST LAST - one line: GROUP BY, shequ-tally, the
# ratio; then for reference the GROUP BY as written and the item mean.
pair() {
	local ts ms tt mt tw mw tm mm
	read -r ts ms < <(t sqlite3 "$DB" "$(base_"$1" "$3" "$4")")
	read -r tt mt < <(t shequ-tally --db "$DB" --by "$1" "$2")
	read -r tw mw < <(t sqlite3 "$DB" "$(base_"$1" "$3" "$4" " ")")
	read -r tm mm < <(t sqlite3 "$DB" "$(mean_"$1" "$3" "$4")")
	printf '%-8s %-7s | GROUP BY %5ss %6s KiB | shequ-tally %5ss %6s KiB | ratio %4s | as written %5ss | item mean %5ss\n' \
		"$1" "$2" "$ts" "$ms" "$tt" "$mt" "$(echo "scale=2; $tt / $ts" | bc | sed 's/^\./0./')" "$tw" "$tm"
}

# A quick check that both sides compute the same scores, each sorted:
# shequ-tally lists grids in natural order, the GROUP BY in byte order.
diff <(sqlite3 -csv "$DB" "$(base_grid 2026-07-01 2026-09-30)" | cut -d, -f1,2,3 | sed 's/\.0$/.00/; s/\(\.[0-9]\)$/\10/' | sort) \
	<(shequ-tally --db "$DB" --by grid 2026-Q3 | awk -F, 'NR > 1 && $4 > 0 { print $2 "," $4 "," $6 }' | sort) >/dev/null ||
	echo "warning: the GROUP BY and shequ-tally disagree on the grid scores" >&2

for r in $(seq "$ROUNDS"); do
	pair grid 2026-Q3 2026-07-01 2026-09-30
	pair building 2026-Q3 2026-07-01 2026-09-30
done
# A month whose previous month has inspections: shequ-tally reads both for
# `change`; the GROUP BY reads only the month.
pair grid 2026-09 2026-09-01 2026-09-30
