#!/bin/bash
# bench/reach.sh - shequ-reach on the city-size community of
# share/sample/gen-community.py --households 1000000: 24,144 buildings,
# 2.6 million residents in 1,000,000 households, 2,000 facilities of the
# 20 kinds of the catalogue and a walking network of about 100,000 edges
# (--only facilities,network).  Times the per-building report for every
# kind (shequ-reach buildings: the residents counted by building, grid and
# age, the nearest facility of each kind through a grid of cells) against
# the plain all-pairs SQL a user would otherwise write (every building
# against every facility, the minimum per kind), pair by pair, and checks
# that both find the same walking metres; then the same report on the
# walking network.
#
#	bash bench/reach.sh [CITY_DIR] [RUNS]
#
# Run from the build tree (shequ-reach, shequ-import, shequ-grid and
# shequ-db in the current folder or on PATH).  CITY_DIR holds the
# generated files (made in /tmp/city when missing); each run is repeated
# RUNS times (default 3), by turns, and the medians are printed, wall time
# beside processor time (user + sys): on a machine busy with other work the
# wall time is a multiple of it.  Targets: at most 1 s straight, at most
# 5 s on the network, peak RSS at most 256 MiB.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
export SHEQU_DATADIR=${SHEQU_DATADIR:-$top/share}
city=${1:-/tmp/city}
runs=${2:-3}
gen() { python3 "$top/share/sample/gen-community.py" --households 1000000 --out "$city" -q "$@"; }
mkdir -p "$city"
[ -f "$city/residents.csv" ] || gen --only buildings,residents,staff
[ -f "$city/facilities.csv" ] && [ -f "$city/edges.csv" ] || gen --only facilities,network
DIR=$(mktemp -d "${TMPDIR:-/tmp}/shequ-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
. "$top/bench/lib.sh"
export SHEQU_DB="$DIR/city.db" SHEQU_TODAY=2026-08-01

echo "== the city: roster, grids, facility register"
shequ-db init
shequ-import -q "$city/buildings.csv" "$city/residents.csv" "$city/staff.csv"
shequ-grid -q >/dev/null
shequ-reach -q import "$city/facilities.csv"
sqlite3 -batch "$SHEQU_DB" "SELECT (SELECT count(*) FROM building) || ' buildings, ' ||
  (SELECT count(*) FROM person) || ' residents, ' || count(*) || ' facilities of ' ||
  count(DISTINCT kind) || ' kinds' FROM reach_facility"
echo "$(($(wc -l <"$city/edges.csv") - 1)) edges, $(($(wc -l <"$city/nodes.csv") - 1)) nodes"

# measure OUT CMD... - run CMD with its output into OUT; print its wall
# time, processor time (user + sys) in seconds and peak RSS in MiB.
measure() {
	local out=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$DIR/time.out" "$@" >"$out"
	awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024 }' "$DIR/time.out"
}

# What a user would write: every building against every facility.
allpairs="SELECT c.name, b.name, f.kind,
  printf('%.0f', 1.2 * sqrt(min((b.x - f.x) * (b.x - f.x) + (b.y - f.y) * (b.y - f.y))))
  FROM building b JOIN compound c ON c.id = b.compound_id CROSS JOIN reach_facility f
  GROUP BY b.id, f.kind ORDER BY b.id, f.kind"

echo "== $runs runs of each, by turns (wall s, CPU s, peak RSS MiB)"
for i in $(seq "$runs"); do
	read -r w c m < <(measure "$DIR/reach.csv" shequ-reach -q buildings)
	echo "$w $c $m" >>"$DIR/reach.t"
	read -r w2 c2 m2 < <(measure "$DIR/sql.csv" sqlite3 -batch -csv "$SHEQU_DB" "$allpairs")
	echo "$w2 $c2 $m2" >>"$DIR/sql.t"
	read -r w3 c3 m3 < <(measure "$DIR/net.csv" shequ-reach -q buildings \
		--nodes "$city/nodes.csv" --edges "$city/edges.csv")
	echo "$w3 $c3 $m3" >>"$DIR/net.t"
	echo "run $i: shequ-reach $w s (CPU $c s, $m MiB); all-pairs SQL $w2 s (CPU $c2 s);" \
		"on the network $w3 s (CPU $c3 s, $m3 MiB)"
done

echo "== the same walking metres"
python3 - "$DIR/reach.csv" "$DIR/sql.csv" <<'PY'
import csv, sys
a = {(r["compound"], r["building"], r["kind"]): r["metres"]
     for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
b = {(r[0], r[1], r[2]): r[3] for r in csv.reader(open(sys.argv[2], encoding="utf-8"))}
bad = [k for k in a if b.get(k) != a[k]]
print(f"{len(a)} pairs of buildings with residents compared, {len(bad)} differ;"
      f" {len(b) - len(a)} pairs of the SQL are of buildings without residents")
sys.exit(1 if bad else 0)
PY
echo "$(($(wc -l <"$DIR/net.csv") - 1)) rows on the network, $(grep -c ',,,' "$DIR/net.csv" || :) without a path"

med() { cut -d' ' -f"$2" "$DIR/$1.t" | median; }
awk -v r="$(med reach 1)" -v rc="$(med reach 2)" -v rm="$(med reach 3)" \
	-v s="$(med sql 1)" -v sc="$(med sql 2)" \
	-v n="$(med net 1)" -v nc="$(med net 2)" -v nm="$(med net 3)" 'BEGIN {
	printf "== medians: shequ-reach %.2f s (CPU %.2f s), the SQL %.2f s (CPU %.2f s): %.0fx faster (CPU %.0fx)\n",
		r, rc, s, sc, s / r, sc / rc
	printf "== targets: straight %.2f s <= 1 s: %s (CPU %.2f s: %s); network %.2f s <= 5 s: %s (CPU %.2f s);" \
		" peak RSS %d and %d MiB <= 256: %s\n",
		r, r <= 1 ? "met" : "MISSED", rc, rc <= 1 ? "met" : "MISSED", n, n <= 5 ? "met" : "MISSED", nc,
		rm, nm, rm <= 256 && nm <= 256 ? "met" : "MISSED" }'
