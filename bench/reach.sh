#!/bin/bash
# bench/reach.sh - shequ-reach on a city-size community: 24,000 buildings
# over 12 km x 12 km, one household each, and 2,000 facilities spread over
# the 19 kinds of the catalogue.  Times the per-building report for every
# kind (shequ-reach buildings: the nearest facility of each kind through a
# grid of cells) with its peak memory, against the plain all-pairs SQL a
# user would otherwise write (every building against every facility, the
# minimum per kind), and checks that both find the same distances.
#
#	bash bench/reach.sh
# Then the same on a walking network of about 100,000 edges (a street grid
# of 224 x 224 nodes over the city), at most 5 s.
#
# Run from the build tree (shequ-reach and shequ-db in the current folder
# or on PATH).  Targets: at most 1 s, peak RSS at most 256 MiB.  The CPU
# time is printed too: on a machine busy with other work the wall time is
# a multiple of it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
export SHEQU_DATADIR=${SHEQU_DATADIR:-$top/share}
W=$(mktemp -d "${TMPDIR:-/tmp}/shequ-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export SHEQU_DB="$W/city.db" SHEQU_TODAY=2026-08-01

echo "== 24,000 buildings, 2,000 facilities"
shequ-db init
sqlite3 -batch "$SHEQU_DB" <<'SQL'
BEGIN;
INSERT INTO compound (id, name, code) VALUES (1, '城区', 'CQ');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24000)
INSERT INTO building (id, compound_id, name, x, y)
  SELECT i, 1, i, (i * 7919 % 12000) + (i % 13) * 0.37, (i * 104729 % 12000) + (i % 17) * 0.41 FROM n;
INSERT INTO stairwell (id, building_id, unit) SELECT id, id, '1' FROM building;
INSERT INTO dwelling (id, stairwell_id, room) SELECT id, id, '101' FROM stairwell;
INSERT INTO person (id_number, name, dwelling_id) SELECT '11010519800101001X', '居民', 1;
INSERT INTO person (id_number, name, dwelling_id)
  SELECT printf('B%017d', id), '居民', id FROM dwelling WHERE id > 1;
COMMIT;
SQL
python3 - "$SHEQU_DATADIR/reach/kinds.csv" >"$W/facilities.csv" <<'PY'
import csv, random, sys
kinds = [r["code"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
random.seed(18)
print("name,kind,x,y")
for i in range(2000):
    print(f"F{i},{kinds[i % len(kinds)]},{random.uniform(0, 12000):.1f},{random.uniform(0, 12000):.1f}")
PY
shequ-reach -q import "$W/facilities.csv"

# seconds OUT COMMAND... - run COMMAND with its output into OUT, print its
# wall time in seconds.
seconds() {
	local t0 t1 out=$1
	shift
	t0=$(date +%s.%N)
	"$@" >"$out"
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

echo "== shequ-reach buildings (every building, every kind)"
read -r t_reach cpu rss < <(/usr/bin/time -f '%e %U %S %M' shequ-reach -q buildings 2>&1 >"$W/reach.csv" |
	awk 'END { print $1, $2 + $3, $4 }')
echo "time ${t_reach} s (CPU ${cpu} s), peak RSS $((rss / 1024)) MiB, $(($(wc -l <"$W/reach.csv") - 1)) rows"

echo "== the all-pairs SQL"
t_sql=$(seconds "$W/sql.csv" sqlite3 -batch -csv "$SHEQU_DB" "SELECT b.id, f.kind,
  printf('%.0f', 1.2 * sqrt(min((b.x - f.x) * (b.x - f.x) + (b.y - f.y) * (b.y - f.y))))
  FROM building b CROSS JOIN reach_facility f GROUP BY b.id, f.kind ORDER BY b.id, f.kind")
echo "time ${t_sql} s"

echo "== the same walking metres"
python3 - "$W/reach.csv" "$W/sql.csv" <<'PY'
import csv, sys
a = {(r["building"], r["kind"]): r["metres"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
b = {(r[0], r[1]): r[2] for r in csv.reader(open(sys.argv[2], encoding="utf-8"))}
bad = [k for k in b if a.get(k) != b[k]]
print(f"{len(b)} pairs compared, {len(bad)} differ")
sys.exit(1 if bad else 0)
PY
awk -v r="$t_reach" -v s="$t_sql" -v m=$((rss / 1024)) 'BEGIN {
	printf "== targets: shequ-reach %.3f s <= 1 s: %s; peak RSS %d MiB <= 256: %s; %.0fx faster than the SQL\n",
		r, r <= 1 ? "met" : "MISSED", m, m <= 256 ? "met" : "MISSED", s / r }'

echo "== on a walking network"
python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
n, step = 224, 12000 / 223
with open(f"{w}/nodes.csv", "w") as f:
    f.write("id,x,y\n")
    for i in range(n):
        for j in range(n):
            f.write(f"n{i}_{j},{i * step:.1f},{j * step:.1f}\n")
with open(f"{w}/edges.csv", "w") as f:
    f.write("from,to,length\n")
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                f.write(f"n{i}_{j},n{i + 1}_{j},{step * (1 + (i * j) % 5 / 10):.1f}\n")
            if j + 1 < n:
                f.write(f"n{i}_{j},n{i}_{j + 1},\n")
PY
echo "$(($(wc -l <"$W/edges.csv") - 1)) edges"
read -r t_net cpu_net rss_net < <(/usr/bin/time -f '%e %U %S %M' shequ-reach -q buildings \
	--nodes "$W/nodes.csv" --edges "$W/edges.csv" 2>&1 >"$W/net.csv" | awk 'END { print $1, $2 + $3, $4 }')
awk -v r="$t_net" -v c="$cpu_net" -v m=$((rss_net / 1024)) 'BEGIN {
	printf "== targets: on the network %.2f s (CPU %.2f s) <= 5 s: %s; peak RSS %d MiB <= 256: %s\n",
		r, c, r <= 5 ? "met" : "MISSED", m, m <= 256 ? "met" : "MISSED" }'
