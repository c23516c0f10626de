#!/bin/bash
# The reports of shequ-reach as workbooks (shequ-export -k reach-...), read
# back with openpyxl: a sheet per kind of facility, titled with the day in
# words, Chinese headers, the same figures as the CSV, rates as percentages,
# no total where rows count the same people twice, A4 print setup.
. "$srcdir/tests/lib.sh"
F=$srcdir/tests/reach

PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	echo "1..0 # SKIP python3-openpyxl is not installed ($PY cannot import openpyxl)"
	exit 0
fi
# cells FILE.xlsx PYTHON-EXPR - print what EXPR gives for workbook `wb`.
cells() { "$PY" -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print($2)" "$1"; }
# table FILE.xlsx SHEET - the sheet's rows as CSV, blank rows left out.
table() { "$PY" -c "
import openpyxl,sys
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
for r in ws.iter_rows(values_only=True):
    if any(v is not None for v in r):
        print(','.join('' if v is None else str(v) for v in r))" "$1" "$2"; }

# The community of tests/e2e/reach.sh (tests/reach/community.sql), with its
# kindergarten at building 1 and its convenience store near building 3.
shequ-db init
sql "$(cat "$F/community.sql")"
export SHEQU_TODAY=2026-08-01
shequ-reach -q import "$F/facilities.csv"
for r in buildings coverage gaps site load; do
	shequ-reach "$r" >"$r.csv"
done

# ---- coverage: one sheet per kind, the figures of the CSV ----
run shequ-export -k reach-coverage -o coverage.xlsx --created 2026-08-02T08:00:00 coverage.csv
is "$rc:$err" "0:" "reach-coverage is a kind of workbook"
is "$(cells coverage.xlsx "wb.sheetnames, wb.properties.title")" \
	"['幼儿园', '便利店'] 湖滨社区2026年8月1日十五分钟生活圈覆盖" \
	"a sheet per kind in the catalogue's order, titled with the day in words"
is "$(table coverage.xlsx 幼儿园 | sed -n '1,3p;16p;22,$p')" "周期,kind,网格,人群,圈内,总数,覆盖率
2026-08-01,幼儿园,JA-01,户数,1,3,33.3
2026-08-01,幼儿园,JA-01,居民,1,4,25
2026-08-01,幼儿园,全社区,户数,1,4,25
2026-08-01,幼儿园,全社区,三至六岁,0,2,0
,,制表人：__________,,审核人：__________,,日期：2026年8月2日" \
	"Chinese headers and groups, no total row (the groups count people twice), signatures"
is "$("$PY" - coverage.xlsx coverage.csv <<'PY'
import csv, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
names = {"kindergarten": "幼儿园", "convenience": "便利店"}
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
got = {}
for ws in wb.worksheets:
    for r in ws.iter_rows(min_row=2, values_only=True):
        if r[0] == "2026-08-01":
            got[(ws.title, r[2], r[3])] = (r[4], r[5], r[6])
groups = {"households": "户数", "residents": "居民", "age60": "60岁及以上", "age80": "80岁及以上",
          "alone": "独居", "under3": "三岁以下", "age3_6": "三至六岁"}
grid = lambda g: "全社区" if g == "all" else g
bad = [r for r in rows if got.get((names[r["kind"]], grid(r["grid"]), groups[r["group"]])) !=
       (int(r["inside"]), int(r["counted"]), float(r["percent"]) if r["percent"] else None)]
print(len(rows), len(got), len(bad))
PY
)" "42 42 0" "every figure of the CSV, cell by cell"
is "$(cells coverage.xlsx "[(ws['G2'].number_format, ws['E2'].data_type, sorted(k for k, d in ws.column_dimensions.items() if d.hidden)) for ws in wb]")" \
	"[('0.00\"%\"', 'n', ['A', 'B']), ('0.00\"%\"', 'n', ['A', 'B'])]" \
	"percentages shown as percentages, counts as numbers; the day and the kind hidden"
is "$(cells coverage.xlsx "[(ws.page_setup.paperSize, ws.page_setup.orientation, ws.print_title_rows, ws.sheet_properties.pageSetUpPr.fitToPage, ws.oddHeader.center.text) for ws in wb][0]")" \
	"(9, 'landscape', '\$1:\$1', True, '湖滨社区2026年8月1日十五分钟生活圈覆盖 幼儿园')" \
	"A4 landscape, fit across, the header row on every page, the title and the kind on top"

# ---- buildings, gaps, site, load ----
run shequ-export -k reach-buildings -o buildings.xlsx buildings.csv
is "$(table buildings.xlsx 幼儿园 | sed -n '1,3p')" "周期,小区,楼号,网格,户数,人数,kind,设施,步行距离（米）,步行分钟,时限分钟,圈内
2026-08-01,甲小区,1,JA-01,1,1,幼儿园,甲幼儿园,0,0,5,是
2026-08-01,甲小区,2,JA-01,2,3,幼儿园,甲幼儿园,600,8.6,5,否" \
	"reach-buildings: metres and minutes as numbers, inside in words"
run shequ-export -k reach-gaps -o gaps.xlsx gaps.csv
is "$rc:$(table gaps.xlsx 幼儿园 | sed -n '1,2p')" "0:周期,kind,服务对象,小区,楼号,网格,步行分钟,时限分钟,涉及人数,户数,人数,60岁及以上,80岁及以上,独居,三岁以下,三至六岁
2026-08-01,幼儿园,三至六岁,甲小区,2,JA-01,8.6,5,1,2,3,0,0,0,1,1" "reach-gaps: the group served in words"
run shequ-export -k reach-site -o site.xlsx site.csv
is "$rc:$(cells site.xlsx "wb.sheetnames, wb.properties.title")" \
	"0:['幼儿园', '便利店'] 湖滨社区2026年8月1日新设施选址建议" "reach-site"
run shequ-export -k reach-load -o load.xlsx load.csv
is "$(table load.xlsx 幼儿园 | sed -n '1,3p')" "周期,kind,设施,容量,楼栋数,户数,人数,服务对象人数,其中圈内,负荷率
2026-08-01,幼儿园,甲幼儿园,2,3,4,6,2,0,100
,,合计,,=SUM(E2),=SUM(F2),=SUM(G2),=SUM(H2),=SUM(I2)," \
	"reach-load: a total of the catchments, the capacity and the rate left out of it"
is "$(cells load.xlsx "wb['幼儿园']['J2'].number_format, wb['幼儿园']['C3'].value")" '0.00"%" 合计' \
	"the load as a percentage; the total labelled beside the hidden kind"

# ---- what does not fit the kind ----
cut -d, -f2- coverage.csv >noperiod.csv
run shequ-export -k reach-coverage -o bad.xlsx noperiod.csv
is "$rc:$err" "65:shequ-export: noperiod.csv: no period column to title the reach-coverage report" \
	"a report without its day is refused"
sed 's/^2026-08-01,/2026-08,/' coverage.csv >month.csv
run shequ-export -k reach-coverage -o bad.xlsx month.csv
is "$rc:$err" "65:shequ-export: month.csv: period '2026-08' is not a day (--kind reach-coverage)" \
	"a period that is not a day is refused"
ok "and nothing is written" test ! -e bad.xlsx
head -1 coverage.csv >empty.csv
run shequ-export -k reach-coverage -o bad.xlsx empty.csv
is "$rc:$err" "65:shequ-export: empty.csv: no rows: nothing to title the reach-coverage report with" \
	"a report of no rows (an empty register) says so"
run shequ-export -k reach-cover -o bad.xlsx coverage.csv
is "$rc" 64 "an unknown kind is a usage error"
contains "$err" "reach-buildings, reach-coverage, reach-gaps, reach-site or reach-load" \
	"and names the kinds"

done_testing
