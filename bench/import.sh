#!/bin/sh
# bench/import.sh - time shequ-import of the city-size roster (1,000,000
# households, about 2.6 million residents) into an empty database against
# sqlite3's .import of the same file, pair by pair, then re-importing the
# unchanged roster into the full database.  Prints seconds, the ratio,
# CPU seconds (user+sys) and peak RSS; PAIRS pairs (default 2).  Data: $CITY (default /tmp/city), made with gen-community.py
# when missing.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
city=${CITY:-/tmp/city}
out=$top/bench/out
PATH="$PWD:$top:$PATH"
SHEQU_DATADIR="$top/share"
export PATH SHEQU_DATADIR
mkdir -p "$out"
if [ ! -f "$city/residents.csv" ]; then
	python3 "$top/share/sample/gen-community.py" --households 1000000 --out "$city"
fi
echo "roster: $(wc -c <"$city/residents.csv") bytes, $(($(wc -l <"$city/residents.csv") - 1)) rows"
for pair in $(seq 1 "${PAIRS:-2}"); do
	rm -f "$out"/s.db* "$out"/q.db*
	set -- $( { /usr/bin/time -f '%e %U %S %M' sqlite3 -cmd '.mode csv' "$out/q.db" \
		".import $city/residents.csv t"; } 2>&1 | tail -1)
	qs=$1 qc=$(echo "$2 + $3" | bc) qm=$4
	set -- $( { /usr/bin/time -f '%e %U %S %M' shequ-import -q --db "$out/s.db" \
		"$city/residents.csv"; } 2>&1 | tail -1)
	ss=$1 sc=$(echo "$2 + $3" | bc) sm=$4
	echo "pair $pair: sqlite3 .import ${qs}s (cpu ${qc}s) ${qm}KB;" \
		"shequ-import ${ss}s (cpu ${sc}s) ${sm}KB; ratio $(echo "scale=2; $ss / $qs" | bc)"
done
set -- $( { /usr/bin/time -f '%e %M' shequ-import -q --db "$out/s.db" "$city/residents.csv"; } \
	2>&1 | tail -1)
echo "re-import of the unchanged roster: ${1}s ${2}KB"
rm -f "$out"/s.db* "$out"/q.db*
