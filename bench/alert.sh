#!/bin/bash
# bench/alert.sh - shequ-alert on a year of hourly readings of watched
# meters, pair by pair in one run:
#   import     shequ-alert import of the readings, against sqlite3 .import
#              of the same file into a plain table (the issue: at most 1.5x);
#   scan       an incremental scan after ten minutes of new readings (at
#              most 0.2 s);
#   rescan     a full rescan of the year (at least 2 million readings a
#              second);
#   RSS        the peak resident memory of each (at most 128 MiB).
#
#   bench/alert.sh [DIR]   (default /tmp/bench-alert)
# METERS (default 2000) and DAYS (default 365) set the size: 2,000 meters
# hourly for a year is about 17.5 million readings.  Each meter's resident
# uses 3 to 12 L an hour in the day and 1 L at night, so the default
# rules stay mostly quiet, as a real year would; one meter in a hundred
# stops using water for two days in the middle of the year.  Needs the
# built tools on PATH (or run from the build tree) and GNU time.
set -eu
DIR=${1:-/tmp/bench-alert}
METERS=${METERS:-2000}
DAYS=${DAYS:-365}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
export SHEQU_DATADIR=${SHEQU_DATADIR:-$top/share} SHEQU_TODAY=2027-12-31 LC_ALL=C.UTF-8
mkdir -p "$DIR"
cd "$DIR"
DB=$DIR/alert.db
export SHEQU_DB=$DB

# rss_time CMD... - runs CMD; prints "SECONDS MAXRSS_KIB".
rss_time() {
	/usr/bin/time -f '%e %M' -o "$DIR/time.out" "$@" >/dev/null
	cat "$DIR/time.out"
}

if [ ! -s readings.csv ]; then
	awk -v m="$METERS" -v days="$DAYS" 'BEGIN {
		print "device,at,reading,reading_unit"
		for (i = 1; i <= m; i++) l[i] = 0
		for (d = 0; d < days; d++) {
			t = mktime("2026 01 01 00 00 00") + d * 86400
			for (h = 0; h < 24; h++) {
				at = strftime("%Y-%m-%d %H:%M", t + h * 3600)
				for (i = 1; i <= m; i++) {
					dry = (i % 100 == 0 && d >= 180 && d < 182)
					if (!dry && h >= 7 && h < 22) l[i] += 3 + (i * 7 + d * 13 + h) % 10
					else if (!dry) l[i] += 1
					printf "M%05d,%s,%d,L\n", i, at, l[i]
				}
			}
		}
	}' TZ=UTC >readings.csv
fi
rows=$(($(wc -l <readings.csv) - 1))
echo "readings.csv: $rows readings of $METERS meters over $DAYS days, $(du -m readings.csv | cut -f1) MB"

# The registry: one dwelling and one resident per meter, and the devices.
rm -f "$DB" "$DB"-* sqlite.db
shequ-db -q init
awk -v m="$METERS" 'BEGIN {
	print "BEGIN; INSERT INTO compound (id, name) VALUES (1, '\''甲小区'\'');"
	print "INSERT INTO building (id, compound_id, name) VALUES (1, 1, '\''1'\'');"
	print "INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '\''1'\'');"
	for (i = 1; i <= m; i++) {
		printf "INSERT INTO dwelling (id, stairwell_id, room) VALUES (%d, 1, '\''%d'\'');\n", i, i
		printf "INSERT INTO person (id, id_number, name, dwelling_id) VALUES (%d, '\''1101011940%08d'\'', '\''住户'\'', %d);\n", i, i, i
	}
	print "COMMIT;"
}' | sqlite3 "$DB"
{
	echo "device,kind,id_number,installed"
	awk -v m="$METERS" 'BEGIN { for (i = 1; i <= m; i++) printf "M%05d,water_meter,1101011940%08d,2025-12-31\n", i, i }'
} >devices.csv
shequ-alert -q import devices.csv

echo "pair 1: import"
read -r s_ours rss_ours < <(rss_time shequ-alert -q import readings.csv)
read -r s_sql rss_sql < <(rss_time sqlite3 sqlite.db -cmd '.mode csv' -cmd 'CREATE TABLE raw (device, at, reading, unit)' ".import --skip 1 readings.csv raw")
echo "  shequ-alert import  ${s_ours} s  ($(awk -v n="$rows" -v s="$s_ours" 'BEGIN { printf "%.0f", n / s }') readings/s, peak RSS ${rss_ours} KiB)"
echo "  sqlite3 .import     ${s_sql} s  (peak RSS ${rss_sql} KiB)"
echo "  ratio               $(awk -v a="$s_ours" -v b="$s_sql" 'BEGIN { printf "%.2f", a / b }') (at most 1.5)"

# The moments after the last reading: the end of the year, ten minutes on.
end=$(date -u -d "2026-01-01 + $DAYS days" +%F)
last=$(date -u -d "$end - 1 minute" '+%F %H:%M')

echo "pair 2: scans"
read -r s_first rss_first < <(rss_time shequ-alert scan --at "$last")
echo "  first scan of the year      ${s_first} s  (peak RSS ${rss_first} KiB, $(sqlite3 "$DB" 'SELECT count(*) FROM alert') alerts)"
{
	echo "device,at,reading,reading_unit"
	sqlite3 -csv "$DB" "SELECT d.code, '$end 00:00', max(r.litres) + 5, 'L' FROM alert_reading r JOIN alert_device d ON d.id = r.device_id WHERE d.id % 6 = 0 GROUP BY d.id"
} >next.csv
shequ-alert -q import next.csv
read -r s_inc rss_inc < <(rss_time shequ-alert scan --at "$end 00:10")
echo "  incremental ($(($(wc -l <next.csv) - 1)) readings)  ${s_inc} s  (peak RSS ${rss_inc} KiB; at most 0.2 s)"
read -r s_full rss_full < <(rss_time shequ-alert scan --full --at "$end 00:11")
echo "  full rescan                 ${s_full} s  ($(awk -v n="$rows" -v s="$s_full" 'BEGIN { printf "%.0f", n / s }') readings/s, peak RSS ${rss_full} KiB; at least 2,000,000/s)"
