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
# stops using water for two days in the middle of the year.  ROUNDS
# (default 3) repeats each pair; the medians are the figures.  Needs the
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

. "$top/bench/lib.sh"

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

# Each pair runs ROUNDS times (default 3), each from a copy of the same
# database; the machine's load shows in the spread, the median is the
# figure.  Processor time (user + system) is printed beside wall time: on a
# shared machine it is the steadier of the two.
ROUNDS=${ROUNDS:-3}
cp "$DB" base.db

# timed CMD... - run CMD; print "SECONDS MAXRSS_KIB CPU_SECONDS".
timed() {
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.out" "$@" >/dev/null
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$DIR/time.out"
}

# fresh FROM - the database a round starts from, written out to the disk:
# the copy's own writing is not the next command's to wait for.
fresh() { rm -f "$DB" "$DB"-*; cp "$1" "$DB"; sync; }
# med KEY FIELD - the median of FIELD of the pairs.out lines of KEY.
med() { awk -v k="$1" -v f="$2" '$1 == k { print $f }' pairs.out | median; }
: >pairs.out

echo "pair 1: import ($ROUNDS rounds)"
for r in $(seq "$ROUNDS"); do
	fresh base.db
	read -r s_ours rss_ours c_ours < <(timed shequ-alert -q import readings.csv)
	rm -f sqlite.db
	sync
	read -r s_sql rss_sql c_sql < <(timed sqlite3 sqlite.db -cmd '.mode csv' -cmd 'CREATE TABLE raw (device, at, reading, unit)' ".import --skip 1 readings.csv raw")
	ratio=$(awk -v a="$s_ours" -v b="$s_sql" 'BEGIN { printf "%.2f", a / b }')
	cratio=$(awk -v a="$c_ours" -v b="$c_sql" 'BEGIN { printf "%.2f", a / b }')
	echo "import $s_ours $s_sql $ratio $rss_ours $c_ours $c_sql $cratio" >>pairs.out
	echo "  round $r: shequ-alert import ${s_ours} s, CPU ${c_ours} s ($(awk -v n="$rows" -v s="$s_ours" 'BEGIN { printf "%.0f", n / s }') readings/s, peak RSS ${rss_ours} KiB)  sqlite3 .import ${s_sql} s, CPU ${c_sql} s (peak RSS ${rss_sql} KiB)  ratio ${ratio}, CPU ${cratio}"
done
cp "$DB" imported.db
echo "  median: shequ-alert $(med import 2) s (CPU $(med import 6) s), sqlite3 $(med import 3) s (CPU $(med import 7) s)," \
	"ratio $(med import 4) (CPU $(med import 8); at most 1.5), peak RSS $(med import 5) KiB"

# The moments after the last reading: the end of the year, ten minutes on.
end=$(date -u -d "2026-01-01 + $DAYS days" +%F)
last=$(date -u -d "$end - 1 minute" '+%F %H:%M')

echo "pair 2: scans ($ROUNDS rounds)"
for r in $(seq "$ROUNDS"); do
	fresh imported.db
	read -r s_first rss_first c_first < <(timed shequ-alert scan --at "$last")
	echo "first $s_first $rss_first $c_first" >>pairs.out
done
echo "  first scan of the year      $(med first 2) s, CPU $(med first 4) s  (peak RSS $(med first 3) KiB, $(sqlite3 "$DB" 'SELECT count(*) FROM alert') alerts)"
{
	echo "device,at,reading,reading_unit"
	sqlite3 -csv "$DB" "SELECT d.code, '$end 00:00', max(r.litres) + 5, 'L' FROM alert_reading r JOIN alert_device d ON d.id = r.device_id WHERE d.id % 6 = 0 GROUP BY d.id"
} >next.csv
shequ-alert -q import next.csv
cp "$DB" scanned.db
for r in $(seq "$ROUNDS"); do
	fresh scanned.db
	read -r s_inc rss_inc c_inc < <(timed shequ-alert scan --at "$end 00:10")
	echo "inc $s_inc $rss_inc $c_inc" >>pairs.out
done
echo "  incremental ($(($(wc -l <next.csv) - 1)) readings)  $(med inc 2) s, CPU $(med inc 4) s  (peak RSS $(med inc 3) KiB; at most 0.2 s)"
for r in $(seq "$ROUNDS"); do
	read -r s_full rss_full c_full < <(timed shequ-alert scan --full --at "$end 00:1$r")
	echo "full $s_full $rss_full $(awk -v n="$rows" -v s="$s_full" 'BEGIN { printf "%.0f", n / s }') $c_full" >>pairs.out
done
echo "  full rescan                 $(med full 2) s, CPU $(med full 5) s  ($(med full 4) readings/s, peak RSS $(med full 3) KiB; at least 2,000,000/s)"
rm -f base.db imported.db scanned.db
