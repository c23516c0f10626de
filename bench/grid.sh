#!/bin/bash
# bench/grid.sh - shequ-grid on a city-size community (about 1,000,000
# households in 60,000 stairwells): time and peak memory of the partition
# against a plain sqlite3 GROUP BY over the same households (the least a
# user would run to count households per stairwell), then the growth
# scenario: two new buildings per compound (about 5% more households) and a
# rerun, reporting how many households changed grid.
#
#	sh bench/grid.sh [BUILDINGS.CSV]   (default /tmp/city/buildings.csv,
#	                                    made by share/sample/gen-community.py)
# Run from the build tree (shequ-grid and shequ-db in the current folder or
# on PATH).  Targets: partition at most 1.0x the GROUP BY, peak RSS <= 64
# MiB, no grid out of bounds after either run, moved <= 3% after growth.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
buildings=${1:-/tmp/city/buildings.csv}
if [ ! -f "$buildings" ]; then
	mkdir -p /tmp/city
	python3 "$top/share/sample/gen-community.py" --households 1000000 --out /tmp/city --inspect-every 7
	buildings=/tmp/city/buildings.csv
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/shequ-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export SHEQU_DB="$W/city.db" SHEQU_TODAY=2026-07-01

echo "== building the database from $buildings"
shequ-db init
{
	echo "BEGIN;"
	echo "CREATE TEMP TABLE b (compound TEXT, code TEXT, name TEXT, units INTEGER, floors INTEGER, x REAL, y REAL);"
	echo ".mode csv"
	echo ".import --skip 1 '|sed \"1s/^\\xef\\xbb\\xbf//\" \"$buildings\" | tr -d \"\\r\"' b"
	cat <<'SQL'
INSERT INTO compound (name, code) SELECT compound, min(code) FROM temp.b GROUP BY compound ORDER BY min(rowid);
INSERT INTO building (compound_id, name, units, floors, x, y)
  SELECT c.id, b.name, b.units, b.floors, b.x, b.y FROM temp.b b JOIN compound c ON c.name = b.compound;
WITH RECURSIVE u(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM u WHERE i < 12)
INSERT INTO stairwell (building_id, unit) SELECT b.id, u.i FROM building b JOIN u ON u.i <= b.units;
-- 2 or 3 rooms a floor, so about 2.5 households a floor and unit
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 60)
INSERT INTO dwelling (stairwell_id, room)
  SELECT s.id, printf('%d%02d', (r.i - 1) / (2 + s.id % 2) + 1, (r.i - 1) % (2 + s.id % 2) + 1)
  FROM stairwell s JOIN building b ON b.id = s.building_id JOIN r ON r.i <= b.floors * (2 + s.id % 2);
-- one dwelling in twelve stands empty; the others hold 1 to 4 people
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 4)
INSERT INTO person (id_number, name, dwelling_id)
  SELECT printf('B%05d%04d0601%09d', k.j, 1940 + (d.id * 7 + k.j * 13) % 80, d.id), '居民', d.id
  FROM dwelling d JOIN k ON k.j <= 1 + (d.id % 7) % 4 WHERE d.id % 12 != 0;
COMMIT;
SQL
} | sqlite3 -batch "$SHEQU_DB"
sqlite3 "$SHEQU_DB" "SELECT count(*) || ' stairwells' FROM stairwell;
  SELECT count(DISTINCT dwelling_id) || ' households, ' || count(*) || ' residents' FROM person"

# stats FILE - grids, lower bound, smallest, largest and mean size of a grid CSV.
stats() {
	python3 - "$1" "$SHEQU_DB" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
sizes = [int(r["households"]) for r in rows]
db = sqlite3.connect(sys.argv[2])
lb = db.execute("""SELECT sum((n + 499) / 500) FROM (SELECT count(DISTINCT p.dwelling_id) AS n
  FROM person p JOIN dwelling d ON d.id = p.dwelling_id JOIN stairwell s ON s.id = d.stairwell_id
  JOIN building b ON b.id = s.building_id WHERE p.moved_out IS NULL GROUP BY b.compound_id)""").fetchone()[0]
out = sum(1 for s in sizes if s < 300 or s > 500)
cross = sum(1 for r in rows if ";" in r["compound"])
print(f"grids {len(sizes)} (lower bound {lb}), smallest {min(sizes)}, largest {max(sizes)}, "
      f"mean {sum(sizes) / len(sizes):.1f}, out of bounds {out}, across compound lines {cross}")
PY
}

# out_of_bounds FILE - grids of a grid CSV outside 300..500.
out_of_bounds() {
	python3 -c 'import csv, sys
print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
          if not 300 <= int(r["households"]) <= 500))' "$1"
}
# moved_pct FILE - the percentage of households that changed grid, from a summary.
moved_pct() { sed -n 's/.* changed grid (\([0-9.]*\)%).*/\1/p' "$1" | tail -1; }

# timed NAME COMMAND... - run, print seconds and peak RSS, keep them in $secs $kib.
timed() {
	local name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$W/time" "$@" >"$W/$name.out" 2>"$W/$name.err" || {
		cat "$W/$name.err" >&2
		return 1
	}
	read -r secs kib <"$W/time"
	printf '%-28s %6.2f s %8d KiB peak RSS\n' "$name" "$secs" "$kib"
}

echo "== partition, paired with a plain GROUP BY of households per stairwell"
timed "sqlite3 GROUP BY" sqlite3 "$SHEQU_DB" "SELECT d.stairwell_id, count(DISTINCT p.dwelling_id)
  FROM person p JOIN dwelling d ON d.id = p.dwelling_id WHERE p.moved_out IS NULL GROUP BY d.stairwell_id"
base=$secs
timed "shequ-grid (first run)" shequ-grid
grid_secs=$secs grid_kib=$kib
echo "ratio shequ-grid / GROUP BY: $(echo "scale=2; $grid_secs / $base" | bc)"
cat "$W/shequ-grid (first run).err"
stats "$W/shequ-grid (first run).out"
timed "shequ-grid (rerun, no change)" shequ-grid

echo "== growth: two new buildings per compound, about 5% more households"
sqlite3 "$SHEQU_DB" <<'SQL'
BEGIN;
CREATE TEMP TABLE grow AS
  SELECT c.id AS cid, max(b.x) + 40 AS x, avg(b.y) AS y,
         (SELECT count(DISTINCT p.dwelling_id) FROM person p JOIN dwelling d ON d.id = p.dwelling_id
          JOIN stairwell s ON s.id = d.stairwell_id JOIN building bb ON bb.id = s.building_id
          WHERE bb.compound_id = c.id AND p.moved_out IS NULL) AS n
  FROM compound c JOIN building b ON b.compound_id = c.id GROUP BY c.id;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT 2)
INSERT INTO building (compound_id, name, units, floors, x, y)
  SELECT cid, 'N' || j, max(1, (n * 25 / 1000 + 35) / 36), 18, x + 30 * j, y FROM grow, k;
WITH RECURSIVE u(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM u WHERE i < 40)
INSERT INTO stairwell (building_id, unit) SELECT b.id, u.i FROM building b JOIN u ON u.i <= b.units
  WHERE b.name LIKE 'N%';
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 36)
INSERT INTO dwelling (stairwell_id, room)
  SELECT s.id, printf('%d%02d', (r.i - 1) / 2 + 1, (r.i - 1) % 2 + 1)
  FROM stairwell s JOIN building b ON b.id = s.building_id, r WHERE b.name LIKE 'N%';
INSERT INTO person (id_number, name, dwelling_id)
  SELECT printf('N%05d19900101%09d', 0, d.id), '新居民', d.id
  FROM dwelling d JOIN stairwell s ON s.id = d.stairwell_id JOIN building b ON b.id = s.building_id
  WHERE b.name LIKE 'N%';
COMMIT;
SELECT 'new households: ' || count(*) FROM person WHERE id_number LIKE 'N%';
SQL
timed "shequ-grid (after growth)" shequ-grid
cat "$W/shequ-grid (after growth).err"
stats "$W/shequ-grid (after growth).out"

echo "== targets"
ok=1
first_out=$(out_of_bounds "$W/shequ-grid (first run).out")
grown_out=$(out_of_bounds "$W/shequ-grid (after growth).out")
moved=$(moved_pct "$W/shequ-grid (after growth).err")
awk -v s="$grid_secs" -v b="$base" 'BEGIN { exit !(s <= b) }' &&
	echo "partition ${grid_secs} s <= GROUP BY ${base} s: ok" ||
	{ echo "partition ${grid_secs} s > GROUP BY ${base} s: MISSED"; ok=0; }
[ "$grid_kib" -le 65536 ] && echo "peak RSS $grid_kib KiB <= 64 MiB: ok" ||
	{ echo "peak RSS $grid_kib KiB > 64 MiB: MISSED"; ok=0; }
[ "$first_out" = 0 ] && [ "$grown_out" = 0 ] && echo "no grid out of bounds: ok" ||
	{ echo "grids out of bounds: $first_out, $grown_out after growth: MISSED"; ok=0; }
awk -v m="$moved" 'BEGIN { exit !(m <= 3) }' && echo "moved after growth ${moved}% <= 3%: ok" ||
	{ echo "moved after growth ${moved}% > 3%: MISSED"; ok=0; }
[ $ok = 1 ]
