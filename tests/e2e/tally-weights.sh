#!/bin/bash
# shequ-tally --report quarterly with the care visit rate and the service
# score weighed (weight_visit, weight_service in scoring.conf): hand-computed
# totals, grades and ranks; weights 0 leave the scorecard as it was; a grid
# with no one to visit and no order is not punished.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"

# Configuration: the shipped files, with a minimum a small test can reach.
cp -r "$SHEQU_DATADIR" share
sed 's/^min_inspections = .*/min_inspections = 1/' "$SHEQU_DATADIR"/scoring.conf >share/scoring.conf
export SHEQU_DATADIR="$T/share"

# weigh VISIT SERVICE - set the two weights.
weigh() {
	sed -i -e "s/^weight_visit = .*/weight_visit = $1/" \
		-e "s/^weight_service = .*/weight_service = $2/" share/scoring.conf
}

# One complete day each, no problem, no case: rectification and closure 100.
# JA-01 (甲 1-1, 1-2) 90, JA-02 (甲 2-1) 80, YB-01 (乙 1-1) 90.
fixture_places
insp 1 2026-07-01 18 18 18 18 18
insp 2 2026-07-01 18 18 18 18 18
insp 3 2026-07-01 16 16 16 16 16
insp 4 2026-07-01 18 18 18 18 18
run shequ-tally --report quarterly 2026-Q3
before=$out
H=period,grid,compound,inspections,score,change,problems,rectified_on_time,rectification_rate,cases_due,cases_on_time,closure_rate
is "$out" "$H,total,grade,rank
2026-Q3,JA-01,甲小区,2,90.00,,0,0,100.00,0,0,100.00,94.00,优秀,1
2026-Q3,YB-01,乙小区,1,90.00,,0,0,100.00,0,0,100.00,94.00,优秀,1
2026-Q3,JA-02,甲小区,1,80.00,,0,0,100.00,0,0,100.00,88.00,良好,3" \
	"the inspection parts alone: 0.6 score + 0.2 + 0.2"

# Three people of 60 to 79 without tags (老年人, visited each quarter): two
# in JA-01, one visited in August; one in JA-02, visited in July.  YB-01
# has nobody to visit.
sql "INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101'), (2, 2, '101'), (3, 3, '101'), (4, 4, '101');
INSERT INTO person (id, id_number, name, phone, dwelling_id, moved_out) VALUES
	(1, '110105195001010012', '甲一', NULL, 1, NULL),
	(2, '110105195501010027', '乙二', NULL, 2, NULL),
	(3, '110105196001010033', '丙三', NULL, 3, NULL);"
cat >visits.csv <<'CSV'
日期,身份证号,小区,楼号,单元,房号,姓名,探访人,探访方式,对象类别,探访情况,需跟进
2026-08-10,110105195001010012,,,,,,李四,上门探访,,,
2026-07-15,110105196001010033,,,,,,王五,上门探访,,,
CSV
run shequ-care import visits.csv
is "$rc" 0 "the visits go in"

# Orders of 快递送货上门 (accept 1 min, on site 10, resolve 60, call back
# 1440).  JA-01: GD1 keeps every stage, the resident not satisfied; GD2
# accepted after 5 and on site after 20 minutes, resolved and called back in
# time, satisfied.  JA-02: GD3 received at 23:00 on the quarter's last day,
# accepted in time, not on site by midnight (late); what came on 1 October
# (on site, resolved late, a satisfied call-back) is not the quarter's.
# YB-01 has no order.
sql "INSERT INTO request_order (id, number, source, scenario, dwelling_id, changed) VALUES
	(1, 'GD1', 'hotline', 'parcel_delivery', 1, '2026-10-01 00:00:00'),
	(2, 'GD2', 'hotline', 'parcel_delivery', 2, '2026-10-01 00:00:00'),
	(3, 'GD3', 'hotline', 'parcel_delivery', 3, '2026-10-01 00:00:00');
INSERT INTO request_event (order_id, at, event, satisfied, recorded) VALUES
	(1, '2026-07-02 09:00:00', 'received', NULL, '2026-10-01 00:00:00'),
	(1, '2026-07-02 09:00:30', 'accepted', NULL, '2026-10-01 00:00:00'),
	(1, '2026-07-02 09:05:00', 'on_site', NULL, '2026-10-01 00:00:00'),
	(1, '2026-07-02 09:40:00', 'resolved', NULL, '2026-10-01 00:00:00'),
	(1, '2026-07-02 12:00:00', 'called_back', 0, '2026-10-01 00:00:00'),
	(2, '2026-07-03 10:00:00', 'received', NULL, '2026-10-01 00:00:00'),
	(2, '2026-07-03 10:05:00', 'accepted', NULL, '2026-10-01 00:00:00'),
	(2, '2026-07-03 10:20:00', 'on_site', NULL, '2026-10-01 00:00:00'),
	(2, '2026-07-03 10:50:00', 'resolved', NULL, '2026-10-01 00:00:00'),
	(2, '2026-07-03 11:00:00', 'called_back', 1, '2026-10-01 00:00:00'),
	(3, '2026-09-30 23:00:00', 'received', NULL, '2026-10-01 00:00:00'),
	(3, '2026-09-30 23:00:20', 'accepted', NULL, '2026-10-01 00:00:00'),
	(3, '2026-10-01 00:30:00', 'on_site', NULL, '2026-10-01 00:00:00'),
	(3, '2026-10-01 02:00:00', 'resolved', NULL, '2026-10-01 00:00:00'),
	(3, '2026-10-01 09:00:00', 'called_back', 1, '2026-10-01 00:00:00');"

run shequ-tally --report quarterly 2026-Q3
is "$rc:$out" "0:$before" "with both weights 0 the scorecard is byte for byte what it was"

# JA-01: visit rate 1/2 = 50; service (6 stages in time of 8 = 0.75, 1
# satisfied of 2 = 0.5) = 62.5.  (54 + 20 + 20 + 5 + 6.25) / 1.2 = 87.71:
# 良好, no longer 优秀.  JA-02: visits 100; service (1 of 2 in time, no
# verdict) = 50; (48 + 20 + 20 + 10 + 5) / 1.2 = 85.83.  YB-01: nothing to
# visit, no order: both parts left out, 94 / 1.0 = 94.
weigh 0.1 0.1
run shequ-tally --report quarterly 2026-Q3
is "$rc:$out" "0:$H,visit_rate,service_score,total,grade,rank
2026-Q3,YB-01,乙小区,1,90.00,,0,0,100.00,0,0,100.00,,,94.00,优秀,1
2026-Q3,JA-01,甲小区,2,90.00,,0,0,100.00,0,0,100.00,50.00,62.50,87.71,良好,2
2026-Q3,JA-02,甲小区,1,80.00,,0,0,100.00,0,0,100.00,100.00,50.00,85.83,良好,3" \
	"weight_visit 0.1, weight_service 0.1: hand-computed totals, grades and ranks"

# One weight alone: its column only.  JA-01 (54 + 20 + 20 + 5) / 1.1 = 90.
weigh 0.1 0
run shequ-tally --report quarterly 2026-Q3
is "$(echo "$out" | sed -n '1p;/JA-01/p')" "$H,visit_rate,total,grade,rank
2026-Q3,JA-01,甲小区,2,90.00,,0,0,100.00,0,0,100.00,50.00,90.00,优秀,2" \
	"weight_visit alone: the visit rate's column, total over 1.1"

# The scorecard of the cycle carries the same columns, in Chinese.
weigh 0.1 0.1
PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	run shequ-cycle --date 2026-10-01 --out R --only quarterly
	is "$rc:$err" "0:" "the cycle makes the scorecard"
	is "$("$PY" -c 'import openpyxl,sys
for r in openpyxl.load_workbook(sys.argv[1]).worksheets[0].iter_rows(values_only=True):
	if r[1] in ("网格", "JA-01"):
		print(",".join("" if v is None else str(v) for v in r[8:16]))' R/quarterly/2026-Q3.xlsx)" \
		"整改率,应办结案件,按时办结案件,按时办结率,探访率,服务分,综合得分,等级
100,0,0,100,50,62.5,87.71,良好" "the scorecard workbook: 探访率 and 服务分 before the total"
else
	skip "python3-openpyxl is not installed: the workbook is not read back"
	skip "python3-openpyxl is not installed: the workbook is not read back"
fi

# Inspection weights all 0 are refused.
weigh 0.5 0.5
sed -i -e 's/^weight_score = .*/weight_score = 0/' -e 's/^weight_rectify = .*/weight_rectify = 0/' \
	-e 's/^weight_closure = .*/weight_closure = 0/' share/scoring.conf
run shequ-tally --report quarterly 2026-Q3
is "$rc:$err" "78:shequ-tally: $T/share/scoring.conf: weight_score, weight_rectify and weight_closure are all 0" \
	"inspection weights all 0: 78"
done_testing
