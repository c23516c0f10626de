#!/bin/bash
# shequ-export: the printed form of the cycle's reports - periods in words,
# who made them, totals, colours that agree with the words - read back with
# openpyxl, and a page of each kind converted to PDF by LibreOffice.
. "$srcdir/tests/lib.sh"

PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
# Every test here reads a workbook back; without the reader, none runs.
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	echo "1..0 # SKIP python3-openpyxl is not installed ($PY cannot import openpyxl)"
	exit 0
fi
# cells FILE.xlsx PYTHON-EXPR - print what EXPR gives for workbook `wb`.
cells() { "$PY" -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print($2)" "$1"; }

# Periods in words on the title, the subject and every page header; the
# file name and the CSV keep the code.
printf 'period,grid,inspections,score\n%s,XFL-01,3,91.5\n%s,XFL-02,2,58\n' \
	2026-07-08 2026-07-08 >day.csv
sed 's/2026-07-08/2026-W31/' day.csv >week.csv
sed 's/2026-07-08/2026-W01/' day.csv >week1.csv
sed 's/2026-07-08/2026-08/' day.csv >month.csv
for k in day:daily week:weekly week1:weekly month:monthly; do
	run shequ-export -k "${k#*:}" -o "${k%:*}.xlsx" "${k%:*}.csv"
	is "$rc:$err" "0:" "a ${k#*:} report of ${k%:*}.csv"
done
props='wb.properties.title, wb.properties.subject, wb.active.oddHeader.center.text'
is "$(cells day.xlsx "$props")" "2026年7月8日日督查 日督查 2026年7月8日日督查" \
	"a day in words: title, subject, page header"
is "$(cells week.xlsx "$props")" \
	"2026年第31周（7月27日—8月2日）周抄报 周抄报 2026年第31周（7月27日—8月2日）周抄报" \
	"a week in words, with its Monday and Sunday"
is "$(cells week1.xlsx "wb.properties.title")" "2026年第1周（2025年12月29日—1月4日）周抄报" \
	"a week that starts in the year before names that year"
is "$(cells month.xlsx "wb.properties.title")" "2026年8月月通报" "a month in words"
is "$(cells week.xlsx "wb.active['A2'].value")" "2026-W31" "the cells keep the code"
run shequ-export -k weekly --lang en -o week-en.xlsx week.csv
is "$(cells week-en.xlsx "wb.properties.title")" "Weekly report 2026-W31" "--lang en keeps the code"

done_testing
