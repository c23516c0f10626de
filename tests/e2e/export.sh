#!/bin/bash
# shequ-export: workbooks read back with openpyxl, opened by LibreOffice,
# and the failure paths.
. "$srcdir/tests/lib.sh"

PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
# Nearly every test here reads a workbook back; without the reader, none runs.
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	echo "1..0 # SKIP python3-openpyxl is not installed ($PY cannot import openpyxl)"
	exit 0
fi
# cells FILE.xlsx PYTHON-EXPR - print what EXPR gives for workbook `wb`.
cells() { "$PY" -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print($2)" "$1"; }
# typed WORKSHEET-EXPR ROW - the row as value:type pairs.
typed() { "$PY" -c "
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1]); ws=$2
print(' '.join('%s:%s' % (c.value, c.data_type) for c in ws[$3]))" "$1"; }
leftovers() { find "$1" -maxdepth 1 -name '.*.xlsx.*' | wc -l; }

printf 'name,id_number,phone,building,room,score,clean,note\n' >res.csv
printf '张三,370281199001011234,13912345678,1,0101,91.5,18,=1+1\n' >>res.csv
printf '欧阳娜娜,11010519491231002X,13800138000,2,202,55,10,"a\001b"\n' >>res.csv

run shequ-export -o plain.xlsx --created 2026-10-01T08:00:00 住户=res.csv
is "$rc" 0 "a plain export succeeds"
is "$err" "" "a plain export is silent"
is "$(cells plain.xlsx wb.sheetnames)" "['住户']" "the sheet is named by NAME="
is "$(typed plain.xlsx wb.active 1)" "姓名:s 身份证号:s 联系电话:s 楼号:s 房号:s 得分:s 净:s 备注:s" \
	"headers carry the Chinese labels"
is "$(typed plain.xlsx wb.active 2)" "张*:s 370281********1234:s 139****5678:s 1:s 0101:s 91.5:n 18:n =1+1:s" \
	"names, IDs and phones masked; codes text; scores numbers; '=' text"
is "$(cells plain.xlsx "repr(wb.active['H3'].value)")" "'ab'" "control characters are removed"
is "$(cells plain.xlsx "wb.active.freeze_panes, wb.active.auto_filter.ref")" "A2 A1:H3" \
	"header row frozen, autofilter over the table"
is "$(cells plain.xlsx "[(str(r.sqref), [x.type for x in r.rules], [x.formula for x in r.rules]) for r in wb.active.conditional_formatting]")" \
	"[('F2:F3', ['expression', 'expression', 'expression'], [['AND(ISNUMBER(F2),F2>=80)'], ['AND(ISNUMBER(F2),F2>=60)'], ['AND(ISNUMBER(F2),F2<60)']]), ('G2:G3', ['colorScale', 'expression'], [[], ['AND(ISNUMBER(G2),G2<12)']])]" \
	"score columns: the grade bands (80, 60), an item's scale and pass line (12); blanks never coloured"
is "$(cells plain.xlsx "wb.active.page_setup.paperSize, wb.active.page_setup.orientation, wb.active.print_title_rows, wb.active.sheet_properties.pageSetUpPr.fitToPage, wb.active.oddFooter.center.text")" \
	"9 landscape \$1:\$1 True 第 &P 页，共 &N 页" "A4 landscape, fit, titles repeated, page numbers"
is "$(cells plain.xlsx "wb.properties.title, wb.properties.creator, wb.properties.created")" \
	"住户 湖滨社区居民委员会 2026-10-01 08:00:00" "document properties and --created"
w=$(cells plain.xlsx "wb.active.column_dimensions['B'].width > wb.active.column_dimensions['D'].width")
is "$w" "True" "an ID column is wider than a building column"
is "$(leftovers .)" 0 "no temporary file is left"
is "$(umask 022; shequ-export -o mode.xlsx res.csv; stat -c %a mode.xlsx)" 644 "a masked workbook follows the umask"

shequ-export -o again.xlsx --created 2026-10-01T08:00:00 住户=res.csv
ok "the same input and --created give the same bytes" cmp -s plain.xlsx again.xlsx

run shequ-export -o en.xlsx --lang en <res.csv
is "$rc" 0 "standard input with --lang en"
is "$(cells en.xlsx "wb.sheetnames, [c.value for c in wb.active[1]][:3]")" \
	"['data'] ['name', 'id_number', 'phone']" "sheet 'data', CSV column names kept"

# Personal data in clear only with a reason, and recorded.
run shequ-export --unmask -o u.xlsx res.csv
is "$rc" 64 "--unmask without --reason exits 64"
contains "$err" "--unmask needs --reason TEXT" "--unmask without --reason says it needs one"
run shequ-export --unmask --reason "街道核查" -o u.xlsx res.csv
is "$rc" 66 "--unmask without a database exits 66"
ok "an unmasked export that cannot be recorded writes nothing" test ! -e u.xlsx
shequ-db init
run env USER=clerk1 shequ-export --unmask --reason "街道核查" -o u.xlsx res.csv
is "$rc" 0 "--unmask --reason with a database succeeds"
is "$(typed u.xlsx wb.active 2 | cut -d' ' -f1-3)" "张三:s 370281199001011234:s 13912345678:s" \
	"--unmask --reason writes personal data in clear"
is "$(stat -c %a u.xlsx)" 600 "an unmasked workbook is private (0600)"
is "$(sql "SELECT file, kind, reason FROM export_log")" "$T/u.xlsx|plain|街道核查" "the export is recorded"
is "$(sql "SELECT count(*) FROM export_log WHERE who <> '' AND at LIKE '2___-__-__ __:__:__'")" 1 \
	"with who and when"

# Personal data is masked under every header the import accepts for it
# (share/headers.csv), and by its content under any other header.
printf '身份证号码,公民身份号码,证件号码,电话,手机,手机号,联系方式,备注\n' >alias.csv
printf '370281199001011232,11010519491231002X,370281199001011232,13912345678,13800138000,13912345678,13912345678,370281199001011232\n' >>alias.csv
printf '37028119900101123,ABCDEFGHIJKLMNOP,1234567,0532-88886666,0532-8888,12345,0532-88886666,见面再说\n' >>alias.csv
run shequ-export -o alias.xlsx alias.csv
is "$rc:$err" "0:" "a file with the import's other headers for IDs and phones"
is "$(typed alias.xlsx wb.active 2 | cut -d' ' -f1-6)" \
	"370281********1232:s 110105********002X:s 370281********1232:s 139****5678:s 138****8000:s 139****5678:s" \
	"身份证号码, 公民身份号码, 证件号码, 电话, 手机 and 手机号 are masked"
is "$(typed alias.xlsx wb.active 3 | cut -d' ' -f1-6)" \
	"370************23:s ABC***********OP:s 123**67:s 053********66:s 053****88:s *****:s" \
	"under those headers also values that are no valid ID or mobile number"
is "$(typed alias.xlsx wb.active 2 | cut -d' ' -f7-8)" "139****5678:s 370281********1232:s" \
	"a mobile number or an ID number is masked whatever its column is called"
is "$(typed alias.xlsx wb.active 3 | cut -d' ' -f7-8)" "0532-88886666:s 见面再说:s" \
	"other values of such columns are kept"
printf '姓名,电话,角色,网格\n王网格,13912345678,网格长,XFL-01\n' >staff.csv
run shequ-export -o staff.xlsx staff.csv
is "$(typed staff.xlsx wb.active 2)" "王**:s 139****5678:s 网格长:s XFL-01:s" "the staff file's names and phones are masked"
run shequ-export --lang en -o en-masked.xlsx res.csv
is "$(typed en-masked.xlsx wb.active 2 | cut -d' ' -f1-3)" "张*:s 370281********1234:s 139****5678:s" \
	"--lang en masks as well"
run shequ-export --unmask --reason "街道核查" -o alias-u.xlsx alias.csv
is "$(typed alias-u.xlsx wb.active 2 | cut -d' ' -f4,8)" "13912345678:s 370281199001011232:s" \
	"--unmask writes them all in clear"

# The cycle's reports.
cat >daily.csv <<'CSV'
period,compound,building,unit,inspections,score,clean,unobstructed,lit,safe,tidy,problems
2026-07-08,幸福里小区,1,1,1,92,19,18,19,18,18,0
2026-07-08,幸福里小区,1,2,1,58,11,12,12,12,11,3
CSV
run shequ-export -k daily -o d.xlsx daily.csv
is "$rc" 0 "a daily report"
is "$(cells d.xlsx "wb.sheetnames, wb.properties.title, wb.active.oddHeader.center.text")" \
	"['日督查'] 湖滨社区2026年7月8日日督查 湖滨社区2026年7月8日日督查" "named and titled by the report and its day in words"
run shequ-export -k weekly -o w.xlsx daily.csv
is "$rc" 65 "a weekly report of a day exits 65"
is "$err" "shequ-export: daily.csv: period '2026-07-08' is not an ISO week (--kind weekly)" "a weekly report of a day says its period is no ISO week"
ok "a report of the wrong period leaves no workbook" test ! -e w.xlsx

cat >summary.csv <<'CSV'
period,grid,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change,grade
2026-Q3,XFL-01,120,0,91.5,18.5,18.0,19.0,18.0,18.0,2,2,1,1,优秀
2026-Q3,XFL-02,118,1,82.0,16.0,17.0,16.5,16.5,16.0,5,3,2,-1,良好
2026-Q3,HPY-01,100,2,55.0,11.0,11.5,10.5,11.0,11.0,20,4,3,0,不合格
CSV
cat >detail.csv <<'CSV'
period,compound,building,unit,grid,inspections,score,problems
2026-07,幸福里小区,1,1,XFL-01,30,92,0
2026-07,幸福里小区,2,1,XFL-02,30,58,3
2026-08,幸福里小区,1,1,XFL-01,30,88,1
2026-07,和平苑,3,1,HPY-01,30,50,5
CSV
printf 'case,grid,title,phone\nC1,XFL-02,楼道堆物,13912345678\n' >cases.csv
run shequ-export -k scorecard -o q.xlsx data=res.csv detail=detail.csv summary=summary.csv cases=cases.csv
is "$rc" 0 "a scorecard"
is "$(cells q.xlsx wb.sheetnames)" "['考核汇总', 'HPY-01', 'XFL-01', 'XFL-02', 'XFL-02 案件', '数据']" \
	"summary, a sheet per grid and cases per grid in grid code order, data"
is "$(cells q.xlsx "[c.value for c in wb['考核汇总']['O'][:4]]")" "['等级', '优秀', '良好', '不合格']" \
	"the grades are the summary's own"
is "$(cells q.xlsx "[(c.number_format, c.font.color.rgb) for c in wb['考核汇总']['O'][1:4]]")" \
	"[('\"● \"@', 'FF00B050'), ('\"● \"@', 'FF00B050'), ('\"● \"@', 'FFC00000')]" \
	"shown as traffic lights: a coloured dot before the grade"
is "$(cells q.xlsx "[(x.formula, x.dxf.fill.bgColor.rgb) for r in wb['考核汇总'].conditional_formatting for x in r.rules if str(r.sqref) == 'E2:E4']")" \
	"[(['AND(ISNUMBER(E2),E2>=80)'], 'FFC6EFCE'), (['AND(ISNUMBER(E2),E2>=60)'], 'FFFFEB9C'), (['AND(ISNUMBER(E2),E2<60)'], 'FFFFC7CE')]" \
	"the score filled by the grade bands of scoring.conf, in the traffic light's colours"
is "$(cells q.xlsx "len(wb['考核汇总']._charts), type(wb['考核汇总']._charts[0]).__name__, wb['考核汇总']._charts[0].barDir")" \
	"1 BarChart col" "a column chart of the grid scores"
is "$(cells q.xlsx "[(s.tx.v, s.val.numRef.f, s.trendline.trendlineType) for s in wb['考核汇总']._charts[0].series[1:]], [c.value for c in wb['考核汇总']['P'][:4]], wb['考核汇总'].column_dimensions['P'].hidden")" \
	"[('合格线 60', \"'考核汇总'!\$P\$2:\$P\$4\", 'linear')] ['合格线 60', 60, 60, 60] True" \
	"the chart's pass line: scoring.conf's grade_pass, from a hidden column"
is "$(cells q.xlsx "[r[6].value for r in wb['XFL-01'].iter_rows(min_row=2, max_row=3)]")" "[92, 88]" \
	"a grid's sheet holds its rows only"
is "$(cells q.xlsx "wb['XFL-02 案件']['D2'].value")" "139****5678" "phones in cases masked"
is "$(cells q.xlsx "wb.properties.title, wb['XFL-01'].oddHeader.center.text")" \
	"湖滨社区2026年第三季度季度考核 湖滨社区2026年第三季度季度考核 XFL-01" \
	"titled by the quarter in words on every sheet, a grid's by its grid too"
run shequ-export -k scorecard -o q2.xlsx detail=detail.csv
is "$rc" 64 "a scorecard without summary exits 64"
is "$err" "shequ-export: a scorecard needs exactly one summary=CSV (the grid ranking)" "a scorecard without summary says one is needed"

# Sheet names made valid and unique; rows continue on a new sheet.
printf 'a\n1\n2\n3\n4\n5\n' >five.csv
run env SHEQU_EXPORT_MAX_ROWS=2 shequ-export -o many.xlsx "x:y*[1]?=five.csv" "X_Y__1__=five.csv"
is "$rc" 0 "bad and duplicate sheet names are accepted"
is "$(cells many.xlsx wb.sheetnames)" \
	"['x_y__1__', 'x_y__1__ (2)', 'x_y__1__ (3)', 'X_Y__1__ (4)', 'X_Y__1__ (5)', 'X_Y__1__ (6)']" \
	"sanitised, continued past the row limit, and unique"
is "$(cells many.xlsx "[[c.value for c in ws['A']] for ws in wb][:3]")" "[['a', 1, 2], ['a', 3, 4], ['a', 5]]" \
	"each continuation repeats the header"
run env SHEQU_EXPORT_MAX_ROWS=2x shequ-export -o many2.xlsx five.csv
is "$rc:$(head -1 "$T/err")" \
	"64:shequ-export: SHEQU_EXPORT_MAX_ROWS must be a whole number from 1 to 1048575, not '2x'" \
	"a row limit that is no whole number is a usage error"
ok "a bad row limit writes nothing" test ! -e many2.xlsx
run shequ-export -o longname.xlsx "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三=five.csv"
is "$(cells longname.xlsx "[len(n) for n in wb.sheetnames]")" "[31]" "names are cut to 31 characters"
run shequ-export -o cjk.xlsx "小区=five.csv" "一区:二区=five.csv"
is "$(cells cjk.xlsx wb.sheetnames)" "['小区', '一区_二区']" \
	"Han characters are kept in sheet names, only ASCII ones are replaced"

# Long strings are cut with a warning.
"$PY" -c "print('id,text'); print('1,' + '汉' * 20000); print('2,' + 'x' * 40000)" >long.csv
run shequ-export -o long.xlsx long.csv
is "$rc" 0 "an over-long string does not fail the export"
is "$err" "shequ-export: long.csv:3: text: text cut to 32767 characters (1 cell)" "an over-long string is reported with file, line and column"
is "$(cells long.xlsx "len(wb.active['B2'].value), len(wb.active['B3'].value)")" "20000 32767" \
	"Han text under the limit whole, the long one cut"
run shequ-export -q -o long.xlsx long.csv
is "$err" "" "-q silences the warning"

# Failure paths: nothing half-written is ever left.
printf 'a,b\n1,ok\n2,\377\376bad\n' >bad.csv
cp plain.xlsx keep.xlsx
run shequ-export -e utf-8 -o keep.xlsx bad.csv
is "$rc" 65 "invalid UTF-8 exits 65"
contains "$err" "shequ-export: bad.csv: line 3: invalid UTF-8" "invalid UTF-8 is reported with its line"
ok "the older workbook is untouched" cmp -s plain.xlsx keep.xlsx
is "$(leftovers .)" 0 "invalid UTF-8 leaves no temporary file"
printf 'a,b\n1,2\n3\n' >short.csv
run shequ-export -o s.xlsx short.csv
is "$rc" 65 "a short row exits 65"
is "$err" "shequ-export: short.csv: line 3: expected 2 fields, got 1" "a short row is reported with its line and field counts"
run shequ-export -o /nonexistent/dir/x.xlsx res.csv
is "$rc" 73 "a missing folder exits 73"
is "$err" "shequ-export: cannot create /nonexistent/dir/x.xlsx: No such file or directory" "a missing folder is named in the message"
run shequ-export -o /proc/x.xlsx res.csv
is "$rc" 73 "an unwritable folder exits 73"
run shequ-export -o x.xlsx missing.csv
is "$rc" 66 "a missing CSV exits 66"
is "$(leftovers .)" 0 "no temporary file after the failures"
: >empty.csv
run shequ-export -o x.xlsx empty.csv
is "$rc" 65 "an empty CSV exits 65"
run shequ-export res.csv
is "$rc" 64 "no -o exits 64"

# A temporary file that cannot be written fails the export: libxlsxwriter
# 1.1.4 does not notice, so the rows are checked as they go and the
# workbook is read back.  Over the file size limit (SIGXFSZ ignored) a
# write fails as on a full TMPDIR, and any machine can run it.
"$PY" -c "print('a,b'); [print('x,y') for _ in range(30000)]" >comp.csv
mkdir tmp
run bash -c 'trap "" XFSZ; ulimit -f 256; TMPDIR=$1 exec shequ-export -o comp.xlsx comp.csv' \
	sh "$T/tmp"
is "$rc" 74 "a temporary file that cannot be written exits 74"
is "$err" "shequ-export: cannot write comp.xlsx: a temporary file in $T/tmp: File too large" \
	"an unwritable temporary file is reported in one line naming the workbook and the folder"
ok "a temporary file that cannot be written leaves no workbook" test ! -e comp.xlsx
is "$(leftovers .)" 0 "an unwritable temporary file leaves no temporary file"

# A symlink planted at the temporary name while the workbook is written
# is never followed (the input comes through a FIFO, so the run is
# caught in the middle).
mkdir race
echo precious >victim
mkfifo feed
shequ-export -o race/r.xlsx <feed 2>race.err &
pid=$!
exec 3>feed
tmp=
for _ in $(seq 200); do
	tmp=$(find race -name '.r.xlsx.*' | head -1)
	[ -n "$tmp" ] && break
	sleep 0.05
done
ok "the temporary file is there while the input is read" test -n "$tmp"
rm -f "$tmp" && ln -s "$T/victim" "$tmp"
printf 'a\n1\n' >&3
exec 3>&-
wait "$pid"
is "$?:$(cat race.err)" "73:shequ-export: cannot create race/r.xlsx: its temporary file was replaced meanwhile" \
	"a symlink planted at the temporary name fails the export with 73"
is "$(cat victim)" precious "the file a planted symlink points to is unchanged"
ok "a planted symlink leaves no workbook" test ! -e race/r.xlsx
ln -s "$T/victim" linked.xlsx
run shequ-export -o linked.xlsx res.csv
is "$rc" 0 "a symlink at the workbook's name is no obstacle"
ok "a symlink at the workbook's name is replaced by the workbook" test -f linked.xlsx -a ! -L linked.xlsx
is "$(cat victim)" precious "the file a replaced symlink pointed to is unchanged"

mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
	"$PY" -c "
import random
random.seed(1)
print('a,b,c')
for i in range(20000): print('%d,%s,%d' % (i, ''.join(random.choice('abcdefgh') for _ in range(20)), random.randint(0, 10**9)))" >big.csv
	run env TMPDIR="$T" shequ-export -o small/big.xlsx big.csv
	is "$rc" 74 "a full disk exits 74"
	contains "$err" "shequ-export: cannot write small/big.xlsx" "a full disk is reported naming the workbook"
	is "$(wc -l <"$T/err")" 1 "a full disk is reported in one line (no libxlsxwriter messages)"
	is "$(ls -A small | wc -l)" 0 "a full disk is left with nothing on it"
	cat /dev/zero >small/fill 2>/dev/null
	is "$(df --output=avail small | tail -1 | tr -d ' ')" 0 "a temporary folder is filled up"
	run env TMPDIR="$T/small" shequ-export -o tfull.xlsx big.csv
	is "$rc:$err" "74:shequ-export: cannot write tfull.xlsx: a temporary file in $T/small: No space left on device" \
		"a full temporary folder exits 74 in one line"
	ok "a full temporary folder leaves no workbook" test ! -e tfull.xlsx
	umount small
else
	for _ in 1 2 3 4 5 6 7; do pass "# SKIP cannot mount a small tmpfs (not root)"; done
fi

# The real reports of a small community (tests/fixture.sh) as workbooks.
. "$srcdir/tests/fixture.sh"
mkdir fx fx/share
cp "$SHEQU_DATADIR"/rubric.csv "$SHEQU_DATADIR"/labels.csv "$SHEQU_DATADIR"/values.csv \
	"$SHEQU_DATADIR"/headers.csv fx/share/
sed 's/^min_inspections = .*/min_inspections = 3/' "$SHEQU_DATADIR"/scoring.conf >fx/share/scoring.conf
export SHEQU_DATADIR="$T/fx/share" SHEQU_DB="$T/fx/shequ.db"
fixture_places
fixture_inspections
ok "the scorecard's fixture: shequ-case scans 2026-07-01 to 2026-07-03" \
	sh -c 'for d in 01 02 03; do shequ-case -q scan 2026-07-$d || exit; done'
shequ-case -q open --compound 甲小区 --building 1 --unit 2 --item lit --description '灯坏了' \
	--deadline 2026-07-06 --by 王网格 --date 2026-07-04 >/dev/null
is "$?" 0 "the scorecard's fixture: shequ-case opens a case by hand"
ok "the scorecard's fixture: shequ-case scans 2026-07-04 to 2026-07-10" \
	sh -c 'for d in 04 05 06 07 08 09 10; do shequ-case -q scan 2026-07-$d || exit; done'
ok "the scorecard's fixture: shequ-case closes case 3 by hand" \
	shequ-case -q close 3 --reason '已报修' --by 王网格 --date 2026-07-12
(cd fx && shequ-tally --report quarterly 2026-Q3 >quarterly.csv &&
	shequ-tally --report quarterly-detail 2026-Q3 >detail.csv &&
	shequ-tally --report daily 2026-07-01 >daily.csv &&
	shequ-tally --report weekly 2026-W27 >weekly.csv &&
	shequ-tally --report monthly 2026-07 >monthly.csv &&
	shequ-tally --by grid 2026-Q3 >grid.csv && shequ-tally --by building 2026-Q3 >building.csv &&
	shequ-case list --date 2026-07-12 >cases.csv && shequ-case history >history.csv &&
	shequ-grid -q >grids.csv && { shequ-grid -q --check >check.csv; true; } &&
	shequ-grid -q --members >members.csv)
is "$?" 0 "the fixture's reports are made"
is "$(cut -d, -f2,13,14 fx/quarterly.csv | tr '\n' ' ')" \
	"grid,total,grade JA-01,74.75,合格 JA-02,67.32,合格 YB-01,96.10,优秀 " \
	"the quarterly report grades the weighted total (JA-01's score 91.25 would be 优秀, its total is 合格)"

run shequ-export -k scorecard -o fx/q.xlsx summary=fx/quarterly.csv detail=fx/detail.csv \
	cases=fx/cases.csv data=fx/grid.csv
is "$rc:$err" "0:" "a scorecard of the real quarterly reports"
is "$(cells fx/q.xlsx "[c.value for c in wb['考核汇总'][1]]")" \
	"['周期', '网格', '小区', '检查次数', '得分', '较上期', '问题数', '按时整改', '整改率', '应办结案件', '按时办结案件', '按时办结率', '综合得分', '等级', '排名', '合格线 60']" \
	"every summary column has its Chinese label"
is "$(cells fx/q.xlsx "[c.value for c in wb['考核汇总'][1]].count('等级'), wb['考核汇总'].max_column")" "1 16" \
	"one grade column, none added (the last is the chart's pass line)"
is "$(cells fx/q.xlsx "[c.value for c in wb['考核汇总']['N'][1:4]]")" "$(cut -d, -f14 fx/quarterly.csv | sed 1d |
	"$PY" -c "import sys; print([l.strip() for l in sys.stdin])")" "the grades are the CSV's"
is "$(cells fx/q.xlsx "[c.font.color.rgb for c in wb['考核汇总']['N'][1:4]]")" "['FFC07000', 'FFC07000', 'FF00B050']" \
	"coloured as traffic lights by the grade"
is "$(cells fx/q.xlsx "wb['考核汇总']._charts[0].series[0].val.numRef.f")" "'考核汇总'!\$M\$2:\$M\$4" \
	"the chart shows the weighted total"
is "$(cells fx/q.xlsx "[(c.value, c.number_format) for c in wb['考核汇总'][2]][4:5] + [(c.value, c.number_format) for c in wb['考核汇总'][2]][6:13]")" \
	"[(91.25, '0.00'), (1, 'General'), (1, 'General'), (100, '0.00\"%\"'), (1, 'General'), (0, 'General'), (0, '0.00\"%\"'), (74.75, '0.00')]" \
	"scores with two decimals, rates as percentages"
is "$(cells fx/q.xlsx "[c.value for c in wb['JA-01'][1]][5:8]")" "['7月得分', '8月得分', '9月得分']" \
	"monthly scores labelled by the quarter's months"
is "$(cells fx/q.xlsx "[(s, c.value) for s in ('考核汇总', 'JA-01', 'JA-01 案件', '数据') for c in wb[s][1] if not any('\u4e00' <= ch <= '\u9fff' for ch in c.value)]")" \
	"[]" "every column of every scorecard sheet has a Chinese label"

for k in daily:daily weekly:weekly monthly:monthly plain:cases plain:history plain:grids plain:check \
	plain:members plain:building; do
	run shequ-export -k "${k%%:*}" -o "fx/${k#*:}.xlsx" "fx/${k#*:}.csv"
	is "$(cells "fx/${k#*:}.xlsx" "[c.value for c in wb.active[1] if not any('\u4e00' <= ch <= '\u9fff' for ch in c.value)]")" \
		"[]" "${k#*:}: every column has a Chinese label"
done
is "$(cells fx/weekly.xlsx "[c.value for c in wb.active[1]][4]")" "较上期" \
	"the weekly change is the score's change against the week before"
is "$(cells fx/building.xlsx "[(c.value, c.number_format) for c in wb.active['O'][1:] if c.value is not None]")" \
	"$(cut -d, -f15 fx/building.csv | sed 1d | grep . | "$PY" -c "import sys; print([(float(l), '\"↑ \"+0.00;\"↓ \"-0.00;\"→ \"0.00') for l in sys.stdin])")" \
	"changes signed with two decimals and an arrow: up, down or level"
is "$(cells fx/weekly.xlsx "wb.active['H2'].value, wb.active['I2'].value")" "王网格 李管家、赵管家" \
	"grid heads and butlers named in full: the weekly report is copied to them"

# Values that are English words of the CSV API read as Chinese words
# (share/values.csv), in the order a person reads a ranking.
is "$(cells fx/monthly.xlsx "[(ws.title, r[1].value, r[2].value) for ws in wb for r in ws.iter_rows(min_row=2) if r[1].value]")" \
	"[('网格', '网格', 1), ('网格', '网格', 2), ('网格', '网格', 3), ('小区', '小区', 1), ('小区', '小区', 2), ('最佳楼道', '最佳楼道', 1), ('最佳楼道', '最佳楼道', 2), ('最佳楼道', '最佳楼道', 3), ('最差楼道', '最差楼道', 2), ('最差楼道', '最差楼道', 3), ('最差楼道', '最差楼道', 4)]" \
	"monthly: a sheet per section in the report's order, named and worded in Chinese, each in rank order"
is "$(cells fx/monthly.xlsx "sorted(set(ws.column_dimensions['B'].hidden for ws in wb)), wb['最差楼道'].oddHeader.center.text")" \
	"[True] 2026年7月月通报 最差楼道" "monthly: the section that names the sheet is hidden and in the page header"
is "$(cut -d, -f2 fx/monthly.csv | sort -u | tr '\n' ' ')" "best compound grid section worst " \
	"while the CSV keeps its English values"
shequ-export -k monthly --lang en -o fx/monthly-en.xlsx fx/monthly.csv
is "$(cells fx/monthly-en.xlsx "wb.sheetnames, sorted(set(c.value for ws in wb for c in ws['B'] if c.value))")" \
	"['grid', 'compound', 'best', 'worst'] ['best', 'compound', 'grid', 'section', 'worst']" "--lang en keeps the English values"
is "$(cells fx/cases.xlsx "[[c.value for c in r] for r in wb.active.iter_cols(min_col=7, max_col=16, min_row=2, values_only=False)][0:1], [wb.active.cell(row=i, column=k).value for i in (2, 4) for k in (8, 11, 13, 15, 16)]")" \
	"[['严重不合格', '连续不合格', '人工立案']] ['净项得7分（8分及以下为严重不合格）', '已整改', None, '已整改', '2026-07-05检查合格（20分）', '灯坏了', '已销号', '网格党组织书记', '已销号', '已报修']" \
	"cases: source, status, escalation, outcome and generated wording in Chinese, staff's own words kept"
is "$(cells fx/history.xlsx "[(r[2], r[3], r[4]) for r in wb.active.iter_rows(min_row=6, max_row=8, values_only=True)]")" \
	"[('挂牌督办', '王网格', '灯坏了'), ('升级督办', '系统每日扫描', '逾期1天，升级至网格长'), ('升级督办', '系统每日扫描', '逾期4天，升级至网格党组织书记')]" \
	"history: events, the scan as actor and its reasons in Chinese"
is "$(cells fx/check.xlsx "[(r[0], r[7]) for r in wb.active.iter_rows(min_row=2, max_row=4, values_only=True)]")" \
	"[('物业服务管家未结对', '未填结对网格员'), ('物业服务管家未结对', '未填结对网格员'), ('人员所属网格已失效', '网格已撤销')]" \
	"grid --check: findings and details as short Chinese phrases"
printf 'column,value,label\nstatus,{} days,{}天{}\n' >fx/share/values.csv.bad
mv fx/share/values.csv fx/share/values.csv.good && mv fx/share/values.csv.bad fx/share/values.csv
run shequ-export -o fx/bad.xlsx fx/cases.csv
is "$rc:$err" "78:shequ-export: $T/fx/share/values.csv:2: expected column,value,label (the same number of {} in value and label, never two together)" \
	"a pattern whose label has other holes is a configuration error"
rm fx/share/values.csv
run shequ-export -o fx/bad.xlsx fx/cases.csv
is "$rc" 78 "values.csv missing: 78"
mv fx/share/values.csv.good fx/share/values.csv

# The grades are the tally's: a summary without a grade column is refused,
# not graded by the exporter (a grade of the score alone would contradict
# the assessment's, as JA-01's above).
cut -d, -f1-13,15 fx/quarterly.csv >fx/nograde.csv
run shequ-export -k scorecard -o fx/ng.xlsx summary=fx/nograde.csv
is "$rc:$err" "65:shequ-export: fx/nograde.csv: line 1: no grade column: the grades are the assessment's, made by shequ-tally --report quarterly" \
	"a summary without grades is refused, naming the tool that grades"
ok "a refused summary leaves no workbook" test ! -e fx/ng.xlsx
run shequ-export -k scorecard -o fx/g.xlsx summary=fx/grid.csv
is "$rc" 65 "a score table is no summary: the exporter grades nothing"

# LibreOffice opens every kind of workbook.
if command -v soffice >/dev/null 2>&1; then
	for f in plain q d many; do
		timeout 120 soffice -env:UserInstallation=file://$T/lo --headless \
			--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir lo-out $f.xlsx >/dev/null 2>&1
		ok "LibreOffice opens $f.xlsx" test -s lo-out/$f.csv
	done
	is "$(head -2 lo-out/q.csv | tail -1)" "2026-Q3,XFL-01,120,0,91.50,18.50,18.00,19.00,18.00,18.00,2,2,1,↑ +1.00,● 优秀,60.00" \
		"LibreOffice reads the scorecard's values, the change with its arrow"
else
	for f in plain q d many x; do echo "ok $((tap_n += 1)) # SKIP soffice is not installed"; done
fi

done_testing
