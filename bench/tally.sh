#!/bin/bash
# bench/tally.sh - shequ-tally --by grid and --by building over one quarter
# of city-size inspections, against the plain GROUP BY a user would run with
# sqlite3 on the same database, pair by pair in one run.
#
#   bench/tally.sh [CITY_DIR]   (default /tmp/city, from
#   share/sample/gen-community.py --households 1000000 --inspect-every 7)
# Needs the built tools on PATH (or run from the build tree).  The database
# is built once with plain SQL (no shequ-import, no shequ-grid): buildings
# and stairwells from inspections.csv, one grid per 10 buildings.
set -eu
CITY=${1:-/tmp/city}
DB=${BENCH_DB:-$CITY/bench-tally.db}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top:$PATH"
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

# The plain GROUP BY: the mean per grid (or building) of all item scores.
base_grid="SELECT g.code, count(*), sum(i.score) * 5.0 / count(*) FROM inspection i JOIN grid_stairwell gs ON gs.stairwell_id = i.stairwell_id JOIN grid g ON g.id = gs.grid_id WHERE i.day BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY g.code;"
base_building="SELECT s.building_id, count(*), sum(i.score) * 5.0 / count(*) FROM inspection i JOIN stairwell s ON s.id = i.stairwell_id WHERE i.day BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY s.building_id;"

t() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
for level in grid building; do
	q=base_$level
	read -r ts ms < <(t sqlite3 "$DB" "${!q}")
	read -r tt mt < <(t shequ-tally --db "$DB" --by $level 2026-Q3)
	ratio=$(echo "scale=2; $tt / $ts" | bc)
	printf '%-9s sqlite3 GROUP BY %6ss %7s KiB | shequ-tally %6ss %7s KiB | ratio %s\n' \
		"$level" "$ts" "$ms" "$tt" "$mt" "$ratio"
done
