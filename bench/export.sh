#!/bin/bash
# bench/export.sh - shequ-export against Python XlsxWriter on a 60,000-row,
# 12-column tally (the stairwells of the city-size data), pair by pair.
#
#   bench/export.sh [BUILDDIR] [ROUNDS]
#
# The tally is made from /tmp/city/buildings.csv when it is there (else
# from share/sample/gen-community.py --households 1000000): one row per
# stairwell, the columns shequ-tally --by stairwell prints.  Python writes
# the same CSV into a plain sheet (constant_memory, strings as read: the
# least work it can do); shequ-export writes its full sheet (labels, types,
# masks, widths, colour scales, print setup).  Prints seconds and peak RSS
# of each run and the ratio, of elapsed seconds and of CPU seconds (user +
# system: steadier than elapsed time when the machine is busy).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
rounds=${2:-3}
PY=${SHEQU_BENCH_PYTHON:-/usr/bin/python3}
W=$(mktemp -d "${TMPDIR:-/tmp}/shequ-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export SHEQU_DATADIR="$top/share"

city=/tmp/city
if [ ! -f "$city/buildings.csv" ]; then
	city="$W/city"
	"$PY" "$top/share/sample/gen-community.py" --households 1000000 --out "$city" >/dev/null
fi
awk -F, 'NR > 1 && n < 60000 {
	for (u = 1; u <= $4 && n < 60000; u++) {
		n++; s = 40 + (n * 37) % 61
		printf "2026-07,%s,%s号楼,%d单元,%s-%02d,%d,%d,%d,%d,%d,%d,%d\n", $1, $3, u, $2, 1 + int(n / 400) % 99,
			28 + n % 4, s, int(s / 5), int(s / 5) + n % 2, int(s / 5), int(s / 5) - n % 2, int(s / 5)
	}
}' "$city/buildings.csv" |
	sed '1i period,compound,building,unit,grid,inspections,score,clean,unobstructed,lit,safe,tidy' >"$W/tally.csv"
rows=$(($(wc -l <"$W/tally.csv") - 1))
cols=$(head -1 "$W/tally.csv" | tr ',' '\n' | wc -l)
echo "tally: $rows rows, $cols columns, $(du -h "$W/tally.csv" | cut -f1)"

cat >"$W/plain.py" <<'PY'
import csv, sys, xlsxwriter
wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet("tally")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for r, row in enumerate(csv.reader(f)):
        ws.write_row(r, 0, row)
wb.close()
PY

# t COMMAND... - print "seconds peak-KiB cpu-seconds" of one run.
t() {
	/usr/bin/time -f '%e %M %U %S' -o "$W/time" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$W/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", (a > 0 ? b / a : 0) }'; }

printf '%-6s %8s %8s %7s %8s %8s %7s %10s %10s\n' round shequ_s python_s ratio \
	shequ_cpu python_cpu ratio shequ_kib python_kib
for i in $(seq 1 "$rounds"); do
	read -r ts ms cs < <(t "$build/shequ-export" -o "$W/s.xlsx" tally="$W/tally.csv")
	read -r tp mp cp < <(t "$PY" "$W/plain.py" "$W/tally.csv" "$W/p.xlsx")
	printf '%-6s %8s %8s %7s %8s %8s %7s %10s %10s\n' "$i" "$ts" "$tp" "$(ratio "$ts" "$tp")" \
		"$cs" "$cp" "$(ratio "$cs" "$cp")" "$ms" "$mp"
done
