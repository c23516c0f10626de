#!/bin/sh
# demo.sh - the main job on the sample community, with the tools just built.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="${SHEQU_BUILDDIR:-$top}:$PATH"
SHEQU_DATADIR="$top/share"
export PATH SHEQU_DATADIR
mkdir -p demo
SHEQU_DB="$top/demo/shequ.db"
export SHEQU_DB
rm -f "$SHEQU_DB" "$SHEQU_DB-wal" "$SHEQU_DB-shm"
shequ-db init
# Imported as on 1 October too, so that the sample's inspections of 2026-Q3
# stay within the dates shequ-import accepts whatever the year.
SHEQU_TODAY=2026-10-01 shequ-import "$top/share/sample/buildings.csv" \
	"$top/share/sample/residents.csv" "$top/share/sample/inspections.csv" \
	"$top/share/sample/staff.csv"
# The sample's service orders of 2026-Q3, in the two shapes the hotline and
# the 12345 platform export; the cycle's reports carry their figures.
SHEQU_TODAY=2026-10-01 shequ-request -q import "$top/share/sample/orders.csv" \
	"$top/share/sample/order-events.csv"
echo "== the database: $SHEQU_DB"
shequ-db info
echo "== the grids"
shequ-grid
echo "== grid coverage"
shequ-grid --check || true
echo "== the supervision cycle"
# The sample's inspections cover 2026-Q3, so the cycle runs as on 1 October.
shequ-cycle --date 2026-10-01 --out "$top/demo/reports" --csv
n=$(find "$top/demo/reports" -name '*.xlsx' | wc -l)
echo "$n reports in $top/demo/reports: daily/, weekly/, monthly/, quarterly/"
echo "the quarterly scorecard: $top/demo/reports/quarterly/2026-Q3.xlsx"
echo "== the 15-minute life circle"
shequ-reach import "$top/share/sample/facilities.csv"
SHEQU_TODAY=2026-10-01 shequ-reach coverage >"$top/demo/reach-coverage.csv"
mkdir -p "$top/demo/maps"
SHEQU_TODAY=2026-10-01 shequ-reach map -o "$top/demo/maps"
echo "coverage of every kind: $top/demo/reach-coverage.csv; a map per kind: $top/demo/maps/"
echo "== 一老一小: care visits of 2026-Q3, the visit rate per category"
SHEQU_TODAY=2026-10-01 shequ-care -q import "$top/share/sample/care-visits.csv" \
	"$top/share/sample/care-services.csv"
shequ-care visits 2026-Q3 >"$top/demo/care-visits.csv"
awk -F, 'NR == 1 || ($1 == "all" && $6 > 0)' "$top/demo/care-visits.csv" | cut -d, -f3-8
echo "per grid: $top/demo/care-visits.csv; who is due today: shequ-care due (shequ-care --help)"
echo "== service orders: every stage against its time limit, by scenario"
SHEQU_TODAY=2026-10-01 shequ-request sla 2026-Q3 --by scenario >"$top/demo/request-sla.csv"
cut -d, -f3,4,11,14,17,21,23,24 "$top/demo/request-sla.csv"
echo "the whole table: $top/demo/request-sla.csv (by assignee, grid, source or category: shequ-request sla --by)"
