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

# Colour agrees with words: a score's fill and the grade beside it come
# from the same bands; a blank score (no complete inspection) has neither.
printf 'period,grid,inspections,score,grade\n2026-Q3,A-01,40,91,优秀\n2026-Q3,A-02,40,85,良好\n2026-Q3,A-03,40,65,合格\n2026-Q3,A-04,40,59.5,不合格\n2026-Q3,A-05,0,,\n' >bands.csv
run shequ-export -k scorecard -o bands.xlsx summary=bands.csv
is "$rc:$err" "0:" "a scorecard of scores and the tally's grades"
"$PY" - bands.xlsx >bands.out <<'PY'
import openpyxl, re, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb['考核汇总']
rules = [x for r in ws.conditional_formatting for x in r.rules if str(r.sqref).startswith('D')]
colour = {'FFC6EFCE': 'green', 'FFFFEB9C': 'amber', 'FFFFC7CE': 'red',
          'FF00B050': 'green', 'FFC07000': 'amber', 'FFC00000': 'red'}
def fill(v):
    for x in rules:
        op, lim = re.search(r'D2(>=|<)([0-9.]+)', x.formula[0]).groups()
        if isinstance(v, (int, float)) and (v >= float(lim) if op == '>=' else v < float(lim)):
            return colour[x.dxf.fill.bgColor.rgb]
    return None
for row in ws.iter_rows(min_row=2, max_row=6):
    g = row[4]
    print(row[3].value, fill(row[3].value), g.value, colour.get(g.font.color.rgb) if g.value else None)
PY
is "$(cat bands.out | tr '\n' ';')" \
	"91 green 优秀 green;85 green 良好 green;65 amber 合格 amber;59.5 red 不合格 red;None None None None;" \
	"the fill and the grade agree row by row; the blank score is blank and uncoloured"

# One vocabulary: 物业服务管家 in every sheet and finding, cases 已整改/已销号.
printf 'role,butler\nbutler,物业服务管家\n' >staff.csv
printf 'finding,detail\nbutler_unpaired,3 butlers\n' >check.csv
printf 'cases_solved,cases_closed,status,outcome\n1,1,solved,closed\n' >cases.csv
run shequ-export -o words.xlsx staff.csv check.csv cases.csv
is "$(cells words.xlsx "[c.value for ws in wb for r in ws.iter_rows() for c in r]")" \
	"['角色', '物业服务管家', '物业服务管家', '物业服务管家', '问题类型', '详情', '物业服务管家未结对', '3名物业服务管家', '已整改案件', '已销号案件', '状态', '办结结果', 1, 1, '已整改', '已销号']" \
	"the butler is 物业服务管家 as column, role and finding; cases 已整改 and 已销号"

# The scorecard the cycle makes is the whole scorecard, and prints legibly.
shequ-db init
shequ-import -q "$SAMPLE/buildings.csv" "$SAMPLE/residents.csv" "$SAMPLE/staff.csv"
shequ-grid -q >/dev/null
printf '日期,小区,楼号,单元,项目,得分\n' >insp.csv
for d in 01 02 03; do for i in 净:20 畅:19 亮:9 安:18 美:17; do
	printf '2026-07-%s,幸福里小区,1号楼,1单元,%s,%s\n' "$d" "${i%:*}" "${i#*:}"
	printf '2026-07-%s,和平苑,1号楼,1单元,%s,%s\n' "$d" "${i%:*}" "${i#*:}"
done; done >>insp.csv
printf '2026-07-04,幸福里小区,1号楼,2单元,净,20\n' >>insp.csv
# A perfect June before it, so that July and Q3 have a change to show.
for i in 净 畅 亮 安 美; do
	printf '2026-06-30,幸福里小区,1号楼,1单元,%s,20\n2026-06-30,和平苑,1号楼,1单元,%s,20\n' "$i" "$i"
done >>insp.csv
shequ-import -q -t inspections insp.csv
run shequ-cycle --date 2026-10-01 --out R
is "$rc:$err" "0:" "the cycle runs the quarter"
is "$(cells R/quarterly/2026-Q3.xlsx "[n for n in wb.sheetnames if n != '考核汇总']")" \
	"['CHHY-01', 'CYXC-01', 'HPY-01', 'HPY-02', 'HPY-03', 'JXJY-01', 'JXJY-02', 'XFL-01', 'XFL-02', 'XFL-03', 'HPY-01 案件', 'XFL-01 案件', '数据']" \
	"its scorecard: per-grid sheets, case sheets in grid code order, the data sheet"
is "$(cells R/quarterly/2026-Q3.xlsx "[c.value for c in wb['数据'][1]], [c.value for c in wb['数据'][2]], wb['数据']['K8'].value")" \
	"['日期', '小区', '楼号', '单元', '网格', '净', '畅', '亮', '安', '美', '得分'] ['2026-07-01', '和平苑', '1', '1', 'HPY-01', 20, 19, 9, 18, 17, 83] None" \
	"the data sheet: a stairwell-day a row, the items and the score (blank when incomplete)"
is "$(cells R/quarterly/2026-Q3.xlsx "sorted(set((ws.page_setup.orientation, ws.page_setup.paperSize, ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows) for ws in wb))")" \
	"[('landscape', 9, True, '\$1:\$1')]" "every sheet A4 landscape, one page wide at 75% or more, the header on every page"
printf 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t\n' >wide.csv
for _ in 1 2; do printf '%s,' $(seq 20) | sed 's/,$//;s/[0-9]*/&一二三四五六七八九十一二三/g'; echo; done >>wide.csv
run shequ-export -o wide.xlsx wide.csv
is "$(cells wide.xlsx "wb.active.page_setup.scale, wb.active.sheet_properties.pageSetUpPr.fitToPage, wb.active.print_title_cols")" \
	"75 None \$A:\$B" "a sheet too wide for one page prints at 75% across pages, not shrunk"

# Trend: the monthly and quarterly sheets show the change against the
# period before with an arrow beside the number (the tally's change).
arrows() { "$PY" - "$@" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb[sys.argv[2]]
col = [c.column for c in ws[1] if c.value == '较上期'][0]
cells = [r[col - 1] for r in ws.iter_rows(min_row=2) if isinstance(r[col - 1].value, (int, float))]
print(sorted(set(c.number_format for c in cells)), [c.value for c in cells])
PY
}
is "$(arrows R/monthly/2026-07.xlsx 网格)" \
	"['\"↑ \"+0.00;\"↓ \"-0.00;\"→ \"0.00'] [-17, -17]" \
	"the monthly grid sheet: the change against June with ↑, ↓ or → beside it"
is "$(arrows R/quarterly/2026-Q3.xlsx 考核汇总)" \
	"['\"↑ \"+0.00;\"↓ \"-0.00;\"→ \"0.00'] [-17, -17]" \
	"the quarterly summary: the change against the second quarter with its arrow"
if command -v soffice >/dev/null 2>&1; then
	timeout 120 soffice -env:UserInstallation=file://$T/lo --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir lo-m R/monthly/2026-07.xlsx >/dev/null 2>&1
	is "$(sed -n 2p lo-m/2026-07.csv | cut -d, -f10)" "↓ -17.00" "LibreOffice shows the arrow beside the change"
else
	skip "soffice is not installed: the arrows are not shown"
fi

# One row type per sheet: the monthly bulletin's sections each on a sheet,
# the weekly report's sections given as their own CSVs.
is "$(cells R/monthly/2026-07.xlsx wb.sheetnames)" "['网格', '小区', '最佳楼道', '最差楼道']" \
	"the cycle's monthly bulletin: a sheet per section"
shequ-tally --report weekly --section grid 2026-W27 >wg.csv
shequ-tally --report weekly --section problems 2026-W27 >wp.csv
run shequ-export -k weekly -o wsec.xlsx 网格=wg.csv 未整改问题=wp.csv
is "$rc:$(cells wsec.xlsx "wb.sheetnames, [c.value for c in wb['网格'][12]]")" \
	"0:['网格', '未整改问题'] [None, '合计', None, None, None, None, '=SUM(G2:G11)', '=SUM(H2:H11)', '=SUM(I2:I11)', None, None]" \
	"the weekly sections as sheets; the grid sheet sums cases and problems once"

# Wide sheets stay legible: the columns a page does without leave the
# print (folded away, one click shows them) before anything is shrunk.
printf 'period,grid,compound,score,prev_score,change,problems,rectified_on_time,rectification_rate,cases_due,cases_on_time,closure_rate,total,grade,rank,grid_head,butler,remark\n' >wide-r.csv
printf '2026-08,XFL-01,幸福里小区,80,70,10,3,1,33.33,2,1,50,70,合格,1,王网格,李管家、赵管家,%s\n' \
	备注备注备注备注备注备注备注备注备注备注 >>wide-r.csv
run shequ-export -k monthly -o wide-r.xlsx wide-r.csv
"$PY" - wide-r.xlsx >wide-r.out <<'PY'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
off = [ws.cell(1, i).value for i in range(1, ws.max_column + 1)
       if ws.column_dimensions[openpyxl.utils.get_column_letter(i)].outline_level == 1]
print(off, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.scale)
PY
is "$(cat wide-r.out)" "['上期得分', '按时整改', '按时办结案件'] True None" \
	"a wide report folds the counts beside their rates and the previous score out of print, then fits the page"

# A page of each kind of report as PDF, by LibreOffice.
if command -v soffice >/dev/null 2>&1; then
	for f in R/daily/2026-07-01.xlsx R/weekly/2026-W27.xlsx R/monthly/2026-07.xlsx R/quarterly/2026-Q3.xlsx; do
		timeout 180 soffice -env:UserInstallation=file://$T/lo --headless \
			--convert-to pdf --outdir pdf "$f" >/dev/null 2>&1
		b=$(basename "$f" .xlsx)
		ok "LibreOffice prints $b.xlsx to PDF" test -s "pdf/$b.pdf"
	done
	if [ -n "${SHEQU_KEEP_PDF:-}" ]; then cp pdf/*.pdf "$SHEQU_KEEP_PDF"/; fi
else
	for f in daily weekly monthly quarterly; do skip "soffice is not installed: no $f PDF"; done
fi

done_testing
