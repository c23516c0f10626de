#!/bin/bash
# Habits people bring from other command-line tools: -h is help (csvkit,
# Miller, sqlite-utils), --help reads cleanly at 80 columns, -o - is standard
# output, and a file that is not CSV is named for what it is.
. "$srcdir/tests/lib.sh"

tools=$(cd "$srcdir/cmd" && ls shequ-*.c | sed 's/\.c$//')

# ---- -h is --help, and --help is not broken between words ----
for t in $tools; do
	run "$t" -h
	h=$out
	hrc=$rc
	run "$t" --help
	is "$hrc:$h" "$rc:$out" "$t -h prints what --help prints"
	wide=$(printf '%s\n' "$out" | awk 'length($0) > 79')
	is "$wide" "" "$t --help: no line wider than 79 characters"
	# A word carried alone to the next line by argp's own wrapping: out of a
	# table row ("for" under "  scan [DATE] ...") or out of the middle of a
	# paragraph ("and" with the paragraph going on below it); or a line of
	# blanks, where a text met the margin exactly.
	lone=$(printf '%s\n' "$out" | awk '
		/^ +$/ { print "(a line of blanks)" }
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				if (line[i] !~ /^[^ :]+$/)
					continue
				if ((i > 1 && line[i - 1] ~ /^ /) || (i < NR && line[i + 1] ~ /^[^ ]/))
					print line[i]
			}
		}')
	is "$lone" "" "$t --help: no word alone on a line, no line of blanks"
done
run shequ-case -h
contains "$out" "  scan [DATE]   daily pass: solve cases a later inspection passed, open cases
                for items failing" "a table row's text goes on under its column"
run shequ-db -h
contains "$out" "  -h                         give this help list" "--help lists -h"

# ---- a file that is no CSV is named for what it is ----
shequ-export -q -o book.xlsx "$SAMPLE/staff.csv"
cp book.xlsx residents.csv
printf '\320\317\021\340\241\261\032\341\0\0\0\0' >old.xls
printf 'PK\003\004\024\0\0\0\010\0residents.csv' >roster.zip
: >empty.csv
xlsx="this is an Excel workbook (xlsx), not CSV: save it as CSV from Excel or WPS"
run shequ-import residents.csv
is "$rc:$err" "65:shequ-import: residents.csv: $xlsx" "shequ-import of a workbook saved as .csv: what it is, 65"
run shequ-import -t residents old.xls
is "$rc:$err" "65:shequ-import: old.xls: this is an old Excel workbook (xls) or another Office file, not CSV: save it as CSV from Excel or WPS" \
	"shequ-import of an old .xls: what it is, 65"
run shequ-import -t residents roster.zip
is "$rc:$err" "65:shequ-import: roster.zip: this is a ZIP archive, not CSV: unzip it and give the CSV inside" \
	"shequ-import of a ZIP: unzip it"
run shequ-import -t residents - <book.xlsx
is "$rc:$err" "65:shequ-import: -: $xlsx" "a workbook on standard input: the same"
run shequ-import -t residents empty.csv
is "$rc:$err" "65:shequ-import: empty.csv: no header: the file is empty (0 bytes)" "an empty file: said so"
run shequ-export -o x.xlsx book.xlsx
is "$rc" 65 "shequ-export of a workbook: 65"
contains "$err" "shequ-export: book.xlsx: $xlsx" "shequ-export names the file and what it is"
run shequ-request import book.xlsx
is "$rc" 65 "shequ-request import of a workbook: 65"
contains "$err" "$xlsx" "shequ-request says what it is"
run shequ-import -e latin1 "$SAMPLE/staff.csv"
contains "$err" "unknown encoding 'latin1' (use auto, utf-8, gb18030, gbk, utf-16, utf-16le or utf-16be)" \
	"an unknown encoding: every one accepted is named"

# ---- the rejects file opens in Excel or WPS on Chinese Windows ----
printf '小区,楼号,单元,房号,姓名,身份证号\r\n幸福里小区,3,1,303,王五,123\r\n幸福里小区,3,1,304,赵六,12X\r\n' >bad.csv
run shequ-import -q --rejects rej.csv bad.csv
is "$rc:$(head -c 3 rej.csv | od -An -tx1 | tr -d ' ')" "65:efbbbf" "the rejects file starts with the UTF-8 BOM"
is "$(grep -c $'\r$' rej.csv):$(wc -l <rej.csv)" "3:3" "every line of it ends in CRLF"
is "$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
print(rows[0][0], rows[1][4], len(rows), rows[2][-1])' rej.csv)" \
	"小区 王五 3 身份证号: expected 18 characters (or 15), got 3" \
	"read as Excel reads a CSV with a BOM: the Chinese header and names intact"
run shequ-import -q rej.csv
contains "$err" "rej.csv:2: 身份证号: expected 18 characters" "and it imports again, BOM and all"

# ---- accepted forms agree across tools ----
. "$srcdir/tests/fixture.sh"
export SHEQU_DB="$T/forms.db" SHEQU_TODAY=2026-08-05
fixture_places
run shequ-case open --compound 甲小区 --building 2号楼 --unit 1单元 --item 净 --description 堆物
is "$rc:$out" "0:1" "shequ-case open takes 2号楼 and 1单元 as an import does"
is "$(sql "SELECT stairwell_id FROM supervision_case")" 3 "and finds the stairwell 甲 2-1"
run shequ-case list --grid JA-1
is "$rc:$err" "65:shequ-case: unknown grid 'JA-1': the nearest are JA-01, JA-02, YB-01" \
	"an unknown grid code: 65 with the nearest codes, not an empty list"
run shequ-request list --grid YB01
is "$rc:$err" "65:shequ-request: unknown grid 'YB01': the nearest are YB-01, JA-01, JA-02" \
	"the same in shequ-request"
run shequ-case list --grid JA-02
is "$rc:$(wc -l <out)" "0:2" "a known grid lists its cases"
# The case is due 2026-08-12: on 2026-08-20 it is 8 days overdue.
for day in 2026-08-20 2026/08/20 2026/8/20 2026.8.20 2026年8月20日 20260820 yesterday 昨天; do
	run env SHEQU_TODAY=2026-08-21 shequ-case list --date "$day"
	is "$rc:$(cut -d, -f12 out | tail -1)" "0:8" "shequ-case --date $day is 2026-08-20"
done
run shequ-case list --date today
is "$rc:$(cut -d, -f12 out | tail -1)" "0:0" "shequ-case --date today"
for p in 2026-08 2026年8月 this-month 本月; do
	run shequ-tally --by grid "$p"
	is "$rc:$(sed -n 2p out | cut -d, -f1)" "0:2026-08" "shequ-tally $p is the month 2026-08"
done
for p in "2026/08/04:2026-08-04" "2026年8月4日:2026-08-04" "yesterday:2026-08-04" "today:2026-08-05" \
	"this-week:2026-W32" "last-quarter:2026-Q2" "上季度:2026-Q2"; do
	run shequ-tally --by community "${p%%:*}"
	is "$rc:$(sed -n 2p out | cut -d, -f1)" "0:${p#*:}" "shequ-tally ${p%%:*} is ${p#*:}"
done
unset SHEQU_TODAY

# ---- -o: - is standard output; a workbook is called .xlsx ----
mkdir tmp
export TMPDIR=$T/tmp
run shequ-export -o report.csv "$SAMPLE/staff.csv"
is "$rc:$err" "64:shequ-export: -o report.csv: the output is an Excel workbook, and its name must end in .xlsx (Excel will not open it under another)
Try \`shequ-export --help' or \`shequ-export --usage' for more information." \
	"-o report.csv to an xlsx writer: 64, and why"
ok "and no report.csv is written" test ! -e report.csv
run shequ-export -o REPORT.XLSX "$SAMPLE/staff.csv"
is "$rc" 0 "the .xlsx ending in capitals is a workbook's name too"
shequ-export -o - "$SAMPLE/staff.csv" >stdout.xlsx
is "$?" 0 "-o - writes the workbook to standard output"
PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	sums=$("$PY" -c '
import sys, openpyxl
for f in sys.argv[1:]:
    ws = openpyxl.load_workbook(f).worksheets[0]
    print(ws.max_row, ws.cell(1, 1).value, ws.cell(ws.max_row, 1).value)
' stdout.xlsx REPORT.XLSX)
	is "$(sed -n 1p <<<"$sums")" "$(sed -n 2p <<<"$sums")" "the workbook on standard output is the one -o FILE writes"
	is "${sums%% *}" "$(grep -c . "$SAMPLE/staff.csv")" "with every row of the CSV"
else
	skip "reading the workbook back: python3-openpyxl is not installed"
fi
is "$(ls -A tmp)" "" "and nothing is left in \$TMPDIR"
run sh -c 'shequ-export -o - "$0" >/dev/full' "$SAMPLE/staff.csv"
is "$rc:$err" "74:shequ-export: write error: No space left on device" "-o - into a full disk: 74, said once"
is "$(ls -A tmp)" "" "and nothing is left in \$TMPDIR"
run shequ-export -o - no-such.csv
is "$rc:$(wc -c <out)" "66:0" "-o - with a missing input: 66, nothing on standard output"
is "$(ls -A tmp)" "" "and nothing is left in \$TMPDIR"
unset TMPDIR

# shequ-reach map -o -: the one map of --kind (the community of
# tests/e2e/reach.sh, cut down to one building).
sql_setup="INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA');
INSERT INTO building (id, compound_id, name, x, y) VALUES (1, 1, '1', 0, 0);
INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1');
INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101');
INSERT INTO person (id, id_number, name, dwelling_id) VALUES (1, '110105199001010213', '丙', 1);
INSERT INTO grid (id, code, compound_id, created) VALUES (1, 'JA-01', 1, '2026-01-01 00:00:00');
INSERT INTO grid_stairwell VALUES (1, 1);"
shequ-db init
sql "$sql_setup"
shequ-reach -q import "$srcdir/tests/reach/facilities.csv"
run env SHEQU_TODAY=2026-08-01 shequ-reach map --kind 幼儿园 -o -
is "$rc:$err:$(head -c 5 out)" "0::<?xml" "shequ-reach map -o -: the SVG on standard output, quietly"
ok "and no file is written" test ! -e kindergarten.svg -a ! -e ./-
run env SHEQU_TODAY=2026-08-01 shequ-reach map -o -
is "$rc:$err" "64:shequ-reach: -o -: 2 maps; standard output takes one: choose it with --kind" \
	"shequ-reach map -o - with two kinds: 64"

done_testing
