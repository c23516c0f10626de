#!/bin/bash
# shequ-cycle's workbooks read back: the weekly report's sections as
# sheets, and shequ-care's sheets in the week and the month only when
# visits were imported.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"
PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
export SHEQU_TODAY=2026-07-20
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	skip "python3-openpyxl is not installed: the workbooks are not read back"
	done_testing
	exit
fi

# sheets BOOK - the sheet names of BOOK, space-separated.
sheets() { "$PY" -c 'import openpyxl,sys; print(*openpyxl.load_workbook(sys.argv[1]).sheetnames)' "$1"; }

# rows BOOK SHEET - the rows of SHEET up to its total, cells joined by commas.
rows() {
	"$PY" -c 'import openpyxl,sys
for r in openpyxl.load_workbook(sys.argv[1])[sys.argv[2]].iter_rows(values_only=True):
	if r[0] in (None, "合计"): break
	print(",".join("" if v is None else str(v) for v in r))' "$1" "$2"
}

# Two stairwells, JA-01's and YB-01's, inspected from Monday 29 June to 8 July.
fixture_places
{
	echo "日期,小区,楼号,单元,项目,得分,检查人,备注"
	for d in 2026-06-{29,30} 2026-07-0{1,2,3,4,5,6,7,8}; do
		for item in 净 畅 亮 安 美; do
			echo "$d,甲小区,1号楼,1单元,$item,18,张三,"
			echo "$d,乙小区,1号楼,1单元,$item,18,李四,"
		done
	done
} >insp.csv
shequ-import -q -t inspections insp.csv
# 甲 (alone, weekly) in JA-01, 丙 (hardship, monthly) in JA-02, 乙
# (cannot care for herself, weekly) in YB-01.
sql "INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101'), (2, 3, '101'), (3, 4, '101');
INSERT INTO person (id, id_number, name, phone, dwelling_id, moved_out) VALUES
	(1, '110105194001010018', '甲一', NULL, 1, NULL),
	(2, '11010519400301002X', '乙二', NULL, 3, NULL),
	(3, '110105199001010037', '丙三', NULL, 2, NULL);
INSERT INTO person_tag VALUES (1, '独居老人'), (2, '失能'), (3, '低保');"
cp "$SHEQU_DB" care.db

# ---- without visits: the workbooks as before shequ-care ----
run shequ-cycle --date 2026-07-13 --out R
is "$rc:$err" "0:" "the cycle runs on a database without visits"
is "$(sheets R/weekly/2026-W28.xlsx)" "周抄报 网格 问题" "the weekly workbook: the report, then a sheet per section"
is "$(rows R/weekly/2026-W28.xlsx 网格 | cut -d, -f1-4,9)" "周期,网格,小区,得分,未整改问题数
2026-W28,JA-01,甲小区,90,0
2026-W28,JA-02,甲小区,,0
2026-W28,YB-01,乙小区,90,0" "the grid sheet: a row per grid"
is "$(rows R/weekly/2026-W28.xlsx 问题)" "周期,网格,小区,楼号,单元,项目,首次发现,持续天数" \
	"the problems sheet: its own columns, no open problem"
is "$(sheets R/monthly/2026-06.xlsx)" "网格 小区 最佳楼道 最差楼道" "no visits: the bulletin has no care sheet"

# ---- with visits: overdue per grid in the week, rates and services in the month ----
export SHEQU_DB="$T/care.db"
cat >visits.csv <<'CSV'
日期,身份证号,小区,楼号,单元,房号,姓名,探访人,探访方式,对象类别,探访情况,需跟进
2026-06-22,110105194001010018,,,,,,李四,上门探访,,,
2026-06-29,11010519400301002X,,,,,,赵六,上门探访,,,
2026-07-06,11010519400301002X,,,,,,赵六,上门探访,,,
2026-06-10,110105199001010037,,,,,,王五,上门探访,,,
CSV
printf '服务日期,身份证号,服务项目,次数,服务机构\n2026-06-12,110105194001010018,助餐,3,居家养老服务站\n' >services.csv
shequ-care import visits.csv 2>/dev/null && shequ-care import services.csv 2>/dev/null
run shequ-cycle --date 2026-07-13 --out RC
is "$rc:$err" "0:" "the cycle runs on a database with visits"
is "$(sheets RC/weekly/2026-W28.xlsx)" "周抄报 网格 问题 探访逾期" "the weekly workbook ends with the overdue visits"
# On Sunday 12 July: 甲, last visited on 22 June, missed the week of 29
# June (overdue); 丙, visited in June, is due in July; 乙 was visited on 6 July.
is "$(rows RC/weekly/2026-W28.xlsx 探访逾期)" "网格,人数,本期应访,逾期未访
JA-01,1,0,1
JA-02,1,1,0
YB-01,1,0,0
全社区,3,1,1" "overdue visits per grid, hand-computed"
is "$(sheets RC/monthly/2026-06.xlsx)" "网格 小区 最佳楼道 最差楼道 探访率 服务" \
	"the bulletin ends with visit rates and services"
# June has four weeks ending in it: 甲 was visited in one of them, 乙 in
# none; 丙 was visited in June.
is "$(rows RC/monthly/2026-06.xlsx 探访率 | grep -E '^(网格|全社区,(alone|care_need|hardship),)')" \
	"网格,类别代码,名称,探访频次,周期数,人数,按期探访,探访率
全社区,alone,独居,weekly,4,1,0,0
全社区,care_need,失能,weekly,4,1,0,0
全社区,hardship,特困,monthly,1,1,1,1" "visit rates: a category's name is not masked as a person's"
is "$(rows RC/monthly/2026-06.xlsx 服务 | sed -n '1,2p')" "服务代码,名称,人数,次数
meal,助餐,1,3" "services of the month"
# The services' own total counts a person once; the sheet adds no sum
# across services, which would count a person served twice twice.
is "$("$PY" -c 'import openpyxl,sys
ws = openpyxl.load_workbook(sys.argv[1])["服务"]
print([r for r in ws.iter_rows(values_only=True) if r[0] == "合计"])' RC/monthly/2026-06.xlsx)" \
	"[('合计', None, 1, 3)]" "the services' total row is the report's own, and the only one"
done_testing
