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
is "$(cells day.xlsx "$props")" "湖滨社区2026年7月8日日督查 日督查 湖滨社区2026年7月8日日督查" \
	"a day in words: title, subject, page header"
is "$(cells week.xlsx "$props")" \
	"湖滨社区2026年第31周（7月27日—8月2日）周抄报 周抄报 湖滨社区2026年第31周（7月27日—8月2日）周抄报" \
	"a week in words, with its Monday and Sunday"
is "$(cells week1.xlsx "wb.properties.title")" "湖滨社区2026年第1周（2025年12月29日—1月4日）周抄报" \
	"a week that starts in the year before names that year"
is "$(cells month.xlsx "wb.properties.title")" "湖滨社区2026年8月月通报" "a month in words"
is "$(cells week.xlsx "wb.active['A2'].value")" "2026-W31" "the cells keep the code"
run shequ-export -k weekly --lang en -o week-en.xlsx week.csv
is "$(cells week-en.xlsx "wb.properties.title")" "Weekly report 2026-W31" "--lang en keeps the code"

# Who and where come from office.conf, set once.
mkdir share
cp "$SHEQU_DATADIR"/*.csv "$SHEQU_DATADIR"/scoring.conf share/
printf 'community = 测试社区\nstreet = 测试街道办事处\noffice = 测试社区居委会\npreparer = 王芳\nreviewer =\n' \
	>share/office.conf
cat >daily.csv <<'CSV'
period,grid,compound,inspections,incomplete,score,problems,cases_opened,cases_solved,cases_closed,cases_overdue
2026-07-08,XFL-01,幸福里小区,3,0,91.5,0,0,0,0,0
2026-07-08,XFL-02,幸福里小区,1,1,58,3,1,0,0,0
2026-07-08,HPY-01,和平苑,0,2,,0,0,0,0,0
CSV
run env SHEQU_DATADIR="$T/share" shequ-export -k daily --created 2026-09-30T20:00:00 -o o.xlsx daily.csv
is "$rc:$err" "0:" "a daily report with the office's own office.conf"
is "$(cells o.xlsx "wb.properties.title, wb.properties.creator")" "测试社区2026年7月8日日督查 测试社区居委会" \
	"the community heads the title, the office is the author"
is "$(cells o.xlsx "wb.active.column_dimensions['A'].hidden, wb.active['A2'].value")" "True 2026-07-08" \
	"the period that repeats on every row is hidden, not dropped"
is "$(cells o.xlsx "[c.value for c in wb.active[5]]")" \
	"[None, '合计', None, '=SUM(D2:D4)', '=SUM(E2:E4)', '=ROUND(SUMPRODUCT(F2:F4,D2:D4)/SUM(D2:D4),2)', '=SUM(G2:G4)', '=SUM(H2:H4)', '=SUM(I2:I4)', '=SUM(J2:J4)', '=SUM(K2:K4)']" \
	"a total row: counts summed, the score as the mean of the stairwell-days"
is "$(cells o.xlsx "[c.value for c in wb.active[7] if c.value]")" \
	"['制表人：王芳', '审核人：__________', '日期：2026年10月1日']" \
	"the report ends with 制表人, 审核人 and the day it was made (Beijing time)"
# What LibreOffice computes for the total row (the cached values too).
if command -v soffice >/dev/null 2>&1; then
	timeout 120 soffice -env:UserInstallation=file://$T/lo --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir lo o.xlsx >/dev/null 2>&1
	is "$(sed -n 5p lo/o.csv)" ",合计,,4,3,83.13,3,1,0,0,0" \
		"the total: 4 stairwell-days, their mean 83.13 (not the mean of the grids, 74.75)"
else
	skip "soffice is not installed: the totals are not computed"
fi
printf 'period,grid,score\n2026-07,XFL-01,90\n2026-08,XFL-01,80\n' >months.csv
run shequ-export -k monthly -o months.xlsx months.csv
is "$(cells months.xlsx "wb.active.column_dimensions['A'].hidden, wb.active['A5'].value")" "False None" \
	"a period that differs between rows stays; no score mean without the inspections"

done_testing
