#!/bin/bash
# bench/cycle.sh - one daily run of shequ-cycle on a city-size database
# (about 1,000,000 households, 60,000 stairwells, a week of daily
# inspections): the case scan and the daily report of one day, from a
# database whose earlier days are already produced, as cron would run it
# every morning.  Target: at most 10 s.  Also shows the run before it (the
# catch-up of the first days) for scale.
#
#	bash bench/cycle.sh [CITY-DIR]   (default /tmp/city, made by
#	    python3 share/sample/gen-community.py --households 1000000 \
#	        --out /tmp/city --inspect-days 7)
# Run from the build tree (the tools in the current folder or on PATH).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
city=${1:-/tmp/city}
if [ ! -f "$city/inspections.csv" ]; then
	mkdir -p "$city"
	python3 "$top/share/sample/gen-community.py" --households 1000000 --out "$city" --inspect-days 7
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/shequ-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export SHEQU_DB="$W/city.db" SHEQU_DATADIR="${SHEQU_DATADIR:-$top/share}"

echo "== building the city database from $city"
shequ-db init
shequ-import -q "$city/buildings.csv" "$city/residents.csv" "$city/inspections.csv" "$city/staff.csv"
shequ-grid -q >/dev/null
echo "inspections: $(sqlite3 "$SHEQU_DB" 'SELECT count(*) FROM inspection'), \
grids: $(sqlite3 "$SHEQU_DB" 'SELECT count(*) FROM grid WHERE retired IS NULL')"

# The days before the last are already produced, as on any ordinary morning.
last=$(sqlite3 "$SHEQU_DB" 'SELECT max(day) FROM inspection')
first=$(sqlite3 "$SHEQU_DB" 'SELECT min(day) FROM inspection')
echo "== catch-up: $first to the day before $last"
/usr/bin/time -f '%e s, %M KiB peak' shequ-cycle --date "$last" --out "$W/reports" --only daily
echo "== one daily run: $last"
/usr/bin/time -f '%e s, %M KiB peak' shequ-cycle -v --date "$(date -u -d "$last + 1 day" +%F)" \
	--out "$W/reports" --only daily
ls -l "$W/reports/daily/$last.xlsx"
