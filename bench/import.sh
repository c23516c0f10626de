#!/bin/sh
# bench/import.sh - time shequ-import of the city-size roster (1,000,000
# households, about 2.6 million residents), pair by pair in one run:
#   first load     into an empty database, against sqlite3's .import of the
#                  same file (the tool a user would otherwise run);
#   unchanged      re-import of the same roster into the loaded database,
#                  against the first load;
#   1% changed     re-import of the roster with every 100th row changed (a
#                  phone, else a name), against the first load.
# Each round makes a fresh database; ROUNDS rounds (default 3), then the
# median of each ratio.  Prints seconds, CPU seconds (user+sys) and peak RSS.
# Data: $CITY (default /tmp/city), made with gen-community.py when missing;
# the changed roster is made from it once, into bench/out.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
city=${CITY:-/tmp/city}
out=$top/bench/out
PATH="$PWD:$top:$PATH"
SHEQU_DATADIR="$top/share"
export PATH SHEQU_DATADIR
mkdir -p "$out"
if [ ! -f "$city/residents.csv" ]; then
	python3 "$top/share/sample/gen-community.py" --households 1000000 --out "$city"
fi
changed=$out/residents-1pct.csv
if [ ! -f "$changed" ] || [ "$changed" -ot "$city/residents.csv" ]; then
	python3 - "$city/residents.csv" "$changed" <<'EOF'
import csv, sys
# Every 100th row: the phone's last digit moved on, or the name made longer.
with open(sys.argv[1], encoding="gb18030", newline="") as f, \
     open(sys.argv[2], "w", encoding="gb18030", newline="") as g:
    r, w = csv.reader(f), csv.writer(g, lineterminator="\r\n")
    w.writerow(next(r))
    for i, row in enumerate(r, 1):
        if i % 100 == 0:
            if row[7][-1:].isdigit():
                row[7] = row[7][:-1] + str((int(row[7][-1]) + 1) % 10)
            else:
                row[4] += "明"
        w.writerow(row)
EOF
fi
echo "roster: $(wc -c <"$city/residents.csv") bytes, $(($(wc -l <"$city/residents.csv") - 1)) rows"

# run WHAT CMD... - time CMD into $secs $cpu $rss (KB), then print a line.
run() {
	what=$1
	shift
	set -- $( { /usr/bin/time -f '%e %U %S %M' "$@" >/dev/null; } 2>&1 | tail -1)
	secs=$1 cpu=$(echo "$2 + $3" | bc) rss=$4
	printf '  %-34s %6ss  cpu %6ss  %7s KB\n' "$what" "$secs" "$cpu" "$rss"
}


: >"$out/r-first" && : >"$out/r-same" && : >"$out/r-pct"
for round in $(seq 1 "${ROUNDS:-3}"); do
	echo "round $round:"
	rm -f "$out"/s.db* "$out"/q.db*
	run "sqlite3 .import" sqlite3 -cmd '.mode csv' "$out/q.db" ".import $city/residents.csv t"
	q=$secs
	run "shequ-import, first load" shequ-import -q --db "$out/s.db" "$city/residents.csv"
	first=$secs
	run "shequ-import, unchanged re-import" shequ-import -q --db "$out/s.db" "$city/residents.csv"
	same=$secs
	run "shequ-import, 1% changed" shequ-import -q --db "$out/s.db" "$changed"
	pct=$secs
	echo "scale=2; $first / $q" | bc >>"$out/r-first"
	echo "scale=2; $same / $first" | bc >>"$out/r-same"
	echo "scale=2; $pct / $first" | bc >>"$out/r-pct"
	echo "  ratios: first/sqlite3 $(tail -1 "$out/r-first"), unchanged/first" \
		"$(tail -1 "$out/r-same"), 1%/first $(tail -1 "$out/r-pct")"
done
echo "median: first load / sqlite3 .import $(median <"$out/r-first")" \
	"(at most 1.5); unchanged / first load $(median <"$out/r-same") (at most 1.5);" \
	"1% changed / first load $(median <"$out/r-pct") (at most 1.7)"
rm -f "$out"/s.db* "$out"/q.db* "$out"/r-first "$out"/r-same "$out"/r-pct
