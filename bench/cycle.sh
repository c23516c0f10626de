#!/bin/bash
# bench/cycle.sh - the morning runs of shequ-cycle on a city-size database
# with a history of inspections behind them, against the work they need
# run alone on the same database:
#   daily:  shequ-cycle --only daily for the last day, against shequ-case
#           scan plus shequ-tally --report daily of that day;
#   weekly: shequ-cycle --only weekly for the last full week, against
#           shequ-tally --report weekly of that week.
# Each pair is timed RUNS times, one after the other, and the median shown;
# the report of the period is removed from the report table before each
# cycle run, so that the run finds it due again.  Targets (issue 14): a
# daily run at most 2x the pair alone and at most 1 s with a year of
# history, and at most 1.2x the daily run with a quarter; a weekly run at
# most 2x its tally; 128 MiB peak.
#
#	bash bench/cycle.sh [--households N] [--days D] [--runs RUNS] [--daily-only]
#		[--against D2] [CITY-DIR]
#
# N households (default 1000000), D days of inspections from 2026-07-01
# (default 92, a quarter; 365 is a year, about 16 million rows at
# 1000000), each stairwell inspected every 7th day.  CITY-DIR (default
# /tmp/city-cycle-N-D) gets the CSVs (share/sample/gen-community.py) and
# the database, kept for the next run: building them and the catch-up of
# every report before the last day are the slow part, and are done once.
# --daily-only catches up and times the daily reports only: on a loaded
# machine a year of weekly, monthly and quarterly reports takes hours.
# --against D2 then times the daily run on this city and on the same city
# with D2 days of history (/tmp/city-cycle-N-D2, built first when missing),
# by turns, and prints the ratio: --days 365 --against 92 is the year
# against the quarter (at most 1.2x).
# Run from the build tree (the tools in the current folder or on PATH).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
PATH="$PWD:$top:$PATH"
households=1000000 days=92 runs=3 only=() against=
while [ $# -gt 0 ]; do
	case $1 in
	--households) households=$2; shift 2 ;;
	--days) days=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--daily-only) only=(--only daily); shift ;;
	--against) against=$2; shift 2 ;;
	*) break ;;
	esac
done
city=${1:-/tmp/city-cycle-$households-$days}
export SHEQU_DB="$city/city.db" SHEQU_DATADIR="${SHEQU_DATADIR:-$top/share}"
export SHEQU_REPORTS="$city/reports"
first=2026-07-01
last=$(date -u -d "$first + $((days - 1)) days" +%F)
# The imports are checked against a window around today: pinned after the data.
SHEQU_TODAY=$(date -u -d "$last + 1 day" +%F)
export SHEQU_TODAY
TIMEFMT='%e %M'

# city_build - the CSVs and the database, with every report due before LAST made.
city_build() {
	mkdir -p "$city"
	if [ ! -f "$city/inspections.csv" ]; then
		python3 "$top/share/sample/gen-community.py" --households "$households" \
			--out "$city" --inspect-days "$days" --inspect-every 7
	fi
	[ -f "$city/built" ] && return
	rm -f "$SHEQU_DB" "$SHEQU_DB-wal" "$SHEQU_DB-shm"
	echo "== building the database (once; kept in $city)"
	shequ-db init
	/usr/bin/time -f '   import: %e s, %M KiB peak' shequ-import -q "$city/buildings.csv" \
		"$city/residents.csv" "$city/inspections.csv" "$city/staff.csv"
	shequ-grid -q >/dev/null
	echo "== catch-up: every report due before $last (once)"
	/usr/bin/time -f '   %e s, %M KiB peak' shequ-cycle --date "$last" \
		--catch-up-from "$first" "${only[@]}"
	touch "$city/built"
}

# timed COMMAND... - run it with its output discarded; print "SECONDS KIB".
timed() {
	/usr/bin/time -f "$TIMEFMT" -o "$city/time" "$@" >/dev/null
	cat "$city/time"
}

# forget KIND PERIOD - remove the report of PERIOD from the table, so that
# the next run makes it again as due (and scans its day again).
forget() { sqlite3 "$SHEQU_DB" "DELETE FROM report WHERE kind = '$1' AND period = '$2'"; }


# pair NAME CYCLE-KIND PERIOD CYCLE-DATE ALONE... - time the cycle run that
# makes PERIOD against the commands ALONE (separated by ";"), RUNS times.
pair() {
	local name=$1 kind=$2 period=$3 date=$4 c a t rss=0
	shift 4
	: >"$city/c" && : >"$city/a"
	for _ in $(seq "$runs"); do
		forget "$kind" "$period"
		c=$(timed shequ-cycle --date "$date" --only "$kind")
		echo "${c% *}" >>"$city/c"
		[ "${c#* }" -gt "$rss" ] && rss=${c#* }
		t=0
		while IFS= read -r a; do
			# shellcheck disable=SC2086
			a=$(timed $a)
			t=$(echo "$t + ${a% *}" | bc)
			[ "${a#* }" -gt "$rss" ] && rss=${a#* }
		done < <(echo "$*" | tr ';' '\n' | sed 's/^ *//')
		echo "$t" >>"$city/a"
	done
	c=$(median <"$city/c")
	a=$(median <"$city/a")
	printf '%-7s cycle %6.2f s   alone %6.2f s   ratio %5.2fx   peak %d MiB\n' \
		"$name" "$c" "$a" "$(echo "$c / $a" | bc -l)" $((rss / 1024))
}

# daily_on DIR DAYS - time the daily run of the last day of the city in
# DIR with DAYS days of history, its report forgotten first; print seconds.
daily_on() {
	local l
	l=$(date -u -d "$first + $(($2 - 1)) days" +%F)
	(
		export SHEQU_DB="$1/city.db" SHEQU_REPORTS="$1/reports"
		SHEQU_TODAY=$(date -u -d "$l + 1 day" +%F)
		export SHEQU_TODAY
		sqlite3 "$SHEQU_DB" "DELETE FROM report WHERE kind = 'daily' AND period = '$l'"
		/usr/bin/time -f '%e' -o "$1/time" shequ-cycle --date "$SHEQU_TODAY" --only daily >/dev/null
		cat "$1/time"
	)
}

# history_ratio D2 - the daily run with DAYS of history against the same
# with D2 days, RUNS times by turns; the medians and their ratio.
history_ratio() {
	local other=/tmp/city-cycle-$households-$1
	[ -f "$other/built" ] || bash "$0" --households "$households" --days "$1" --runs 1 \
		--daily-only "$other" >/dev/null
	: >"$city/h1" && : >"$city/h2"
	for _ in $(seq "$runs"); do
		daily_on "$city" "$days" >>"$city/h1"
		daily_on "$other" "$1" >>"$city/h2"
	done
	printf 'daily with %d days of history %6.2f s, with %d days %6.2f s: ratio %5.2fx\n' \
		"$days" "$(median <"$city/h1")" "$1" "$(median <"$city/h2")" \
		"$(echo "$(median <"$city/h1") / $(median <"$city/h2")" | bc -l)"
}

city_build
echo "inspections: $(sqlite3 "$SHEQU_DB" 'SELECT sum(rows) FROM inspection_summary') over $days days," \
	"$(sqlite3 "$SHEQU_DB" 'SELECT count(*) FROM grid WHERE retired IS NULL') grids," \
	"database $(($(stat -c %s "$SHEQU_DB") / 1048576)) MiB"
# The last day's daily report; the last full ISO week that ends on or before it.
week_end=$(date -u -d "$last - $(( $(date -u -d "$last" +%u) % 7 )) days" +%F)
week=$(date -u -d "$week_end" +%G-W%V)
echo "== $runs runs each, medians (the cycle's date: the day after the period)"
pair daily daily "$last" "$SHEQU_TODAY" "shequ-case -q scan $last; shequ-tally --report daily $last"
[ -n "$against" ] && history_ratio "$against"
[ ${#only[@]} -gt 0 ] && exit 0
pair weekly weekly "$week" "$(date -u -d "$week_end + 1 day" +%F)" "shequ-tally --report weekly $week"
