#!/bin/bash
# shequ-cycle's workbooks read back with orders and alerts: the day's late
# and overdue orders and its alerts, the week's SLA figures per grid and
# assignee and its alerts per grid, the month's rankings; masking; and a
# database without orders or alerts gets the workbooks it got before.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"
PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
export SHEQU_TODAY=2026-08-01
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	skip "python3-openpyxl is not installed: the workbooks are not read back"
	done_testing
	exit
fi

# dump BOOK... - read each BOOK once (python starts slowly) into BOOK.txt:
# its sheet names on the first line, then per sheet "== NAME", its rows up
# to its total (cells joined by commas), "#total" and the total row when
# it has one, and "#hidden" with whether its first column is hidden.
dump() {
	"$PY" -c 'import openpyxl,sys
for p in sys.argv[1:]:
	wb = openpyxl.load_workbook(p, data_only=True)
	with open(p + ".txt", "w") as out:
		print(*wb.sheetnames, file=out)
		for ws in wb:
			print("== " + ws.title, file=out)
			for r in ws.iter_rows(values_only=True):
				cells = ",".join("" if v is None else str(v) for v in r)
				if r[0] in (None, "合计"):
					if "合计" in r: print("#total," + cells, file=out)
					break
				print(cells, file=out)
			print("#hidden", ws.column_dimensions["A"].hidden, file=out)' "$@"
}

# sheets BOOK - the sheet names of BOOK (dumped), space-separated.
sheets() { head -1 "$1.txt"; }

# rows BOOK SHEET - the rows of SHEET of BOOK (dumped).
rows() { awk -v s="== $2" '$0 == s { on = 1; next } /^== |^#/ { on = 0 } on' "$1.txt"; }

# total BOOK SHEET - the total row of SHEET, or nothing.
total() { awk -v s="== $2" '$0 == s { on = 1; next } /^== / { on = 0 } on && /^#total,/' "$1.txt" | cut -d, -f2-; }

# hidden BOOK SHEET - whether the first column of SHEET is hidden.
hidden() { awk -v s="== $2" '$0 == s { on = 1; next } on && /^#hidden/ { print $2; exit }' "$1.txt"; }

# same A B... - for each pair of workbooks A and B, "A: PART" for each part
# where they differ, but for the time each was made (docProps/core.xml).
same() {
	"$PY" -c 'import zipfile,sys
for pa, pb in zip(sys.argv[1::2], sys.argv[2::2]):
	a, b = zipfile.ZipFile(pa), zipfile.ZipFile(pb)
	if a.namelist() != b.namelist(): print(pa + ": the parts", a.namelist(), b.namelist())
	for n in a.namelist():
		if n != "docProps/core.xml" and n in b.namelist() and a.read(n) != b.read(n): print(pa + ": " + n)' "$@"
}

# reports DIR PERIOD... - make the reports of the PERIODs into DIR, each
# as the morning's cycle would (--redo makes just that one); rc and err
# as run leaves them, the first failure kept.
reports() {
	local dir=$1 p r=0 e=
	shift
	for p; do
		run shequ-cycle --redo "$p" --out "$dir"
		[ "$r" != 0 ] || { r=$rc; e=$err; }
	done
	rc=$r err=$e
}

# A community of three grids inspected every day of the week of 6 July.
fixture_places
inspections 2026-07-06 2026-07-12 >insp.csv
shequ-import -q -t inspections insp.csv
sql "INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101'), (2, 3, '101'), (3, 4, '101');"
cp "$SHEQU_DB" plain.db

# ---- without orders and alerts: the workbooks as before ----
reports P 2026-07-08 2026-W28 2026-07
is "$rc:$err" "0:" "the cycle runs on a database without orders"
dump P/daily/2026-07-08.xlsx P/weekly/2026-W28.xlsx P/monthly/2026-07.xlsx
is "$(sheets P/daily/2026-07-08.xlsx)" "日督查" "no orders: the daily report alone"
is "$(sheets P/weekly/2026-W28.xlsx)" "周抄报 网格 问题" "no orders: the weekly report and its sections"
is "$(sheets P/monthly/2026-07.xlsx)" "网格 小区 最佳楼道 最差楼道" "no orders: the bulletin's sections"

# Plumbing (水路维修): accept 1 minute, on site 10, resolve 240, call back
# 1440; a lock (开锁换锁): 1, 10, 60; a water alert (用水异常): 15, 60, 240.
cat >orders.csv <<'CSV'
工单编号,来源,场景/类别,小区,楼号,单元,房号,联系人,电话,内容,受理时间,接单时间,到场时间,办结时间,回访时间,满意度,评分,处理人
Q1,热线,水路维修,甲小区,1,1,101,张三,13800138000,漏水,2026-07-08 09:00,2026-07-08 09:00:30,2026-07-08 09:08,2026-07-08 10:00,2026-07-08 15:00,满意,5,李管家
Q2,热线,水路维修,甲小区,1,1,101,李四,13900139000,堵塞,2026-07-08 10:00,2026-07-08 10:03,2026-07-08 10:30,2026-07-08 13:00,2026-07-08 16:00,不满意,2,李管家
Q3,小程序,水路维修,甲小区,2,1,101,王五,13700137000,水管,2026-07-08 18:00,2026-07-08 18:00:40,2026-07-08 18:09,2026-07-09 09:00,,,,赵管家
Q4,热线,开锁换锁,乙小区,1,1,101,赵六,13600136000,开锁,2026-07-06 08:00,2026-07-06 08:00:30,,,,,,赵管家
Q5,热线,水路维修,丙小区,9,1,101,孙七,13500135000,龙头,2026-07-07 09:00,2026-07-07 09:00:20,2026-07-07 09:05,2026-07-07 09:30,2026-07-07 12:00,满意,4,李管家
Q6,告警,用水异常,甲小区,1,1,101,,,水表,2026-07-08 06:00,2026-07-08 06:10,2026-07-08 06:40,2026-07-08 07:00,,,,grid_worker
Q7,告警,用水异常,甲小区,2,1,101,,,水表,2026-07-08 14:00,2026-07-08 14:30,2026-07-08 15:30,2026-07-08 16:00,,,,family
CSV
run shequ-request import orders.csv
is "$rc" 0 "the orders import"
# Someone got to Q4 the week after: the week's figures do not see it.
shequ-request arrive Q4 --at '2026-07-14 09:00' && shequ-request resolve Q4 --at '2026-07-14 10:00' ||
	fail "Q4 on site and resolved"
# Two water meters watching over 张老一 (JA-01) and 钱老二 (JA-02); the
# second alert was cleared on the day and closed as false the next.
sql "INSERT INTO person (id, id_number, name, dwelling_id, moved_out) VALUES
	(1, '110101194001010011', '张老一', 1, NULL), (2, '110101194502020022', '钱老二', 2, NULL);
INSERT INTO alert_device (id, code, kind, dwelling_id, person_id, contact_phone, changed) VALUES
	(1, 'M1', 'water_meter', 1, 1, '13800000011', '2026-07-01 00:00:00'),
	(2, 'M2', 'water_meter', 2, 2, '13800000022', '2026-07-01 00:00:00');
INSERT INTO alert (id, device_id, rule, severity, since, raised, detail, order_id, rung, cleared, closed, real, finding) VALUES
	(1, 1, 'water_low_12h', 'high', '2026-07-07 18:00:00', '2026-07-08 06:00:00', '3.0 L in 12 h',
	 (SELECT id FROM request_order WHERE number = 'Q6'), 1, NULL, '2026-07-08 07:00:00', 1, '水管冻裂'),
	(2, 2, 'water_running', 'medium', '2026-07-07 14:00:00', '2026-07-08 14:00:00', 'water in every 30 min for 24 h',
	 (SELECT id FROM request_order WHERE number = 'Q7'), 0, '2026-07-08 15:00:00', '2026-07-09 10:00:00', 0, '浇花');"

# Rankings from two orders, so that this small community has some.
mkdir data data/request
for f in "$SHEQU_DATADIR"/*; do [ "$f" = "$SHEQU_DATADIR/request" ] || ln -s "$f" data/; done
for f in "$SHEQU_DATADIR"/request/*; do ln -s "$f" data/request/; done
rm data/request/request.conf
sed 's/^min_orders = .*/min_orders = 2/' "$SHEQU_DATADIR/request/request.conf" >data/request/request.conf
SHEQU_DATADIR=$T/data reports R 2026-07-08 2026-07-09 2026-07-10 2026-W28 2026-07
is "$rc:$err" "0:" "the cycle runs on a database with orders and alerts"
dump R/daily/2026-07-0{8,9}.xlsx R/daily/2026-07-10.xlsx R/weekly/2026-W28.xlsx R/monthly/2026-07.xlsx

# ---- the day: late and overdue orders, alerts ----
D=R/daily/2026-07-08.xlsx
is "$(sheets $D)" "日督查 超时工单 预警处置" "the daily workbook ends with the late orders and the alerts"
# Q2 was accepted 3 minutes and on site 30 minutes after it came (1 and 10
# allowed); Q3 was due resolved at 22:00 and is open at 23:59:59 (119
# minutes late; its resolution the next morning is not seen yet); Q4 has
# waited for someone on site since 08:10 on Monday (2 days 949 minutes);
# Q7 was accepted after 30 minutes (15) and on site after 90 (60).
is "$(rows $D 超时工单)" "工单编号,来源,类别,地址,网格,联系人,联系电话,处理人,受理时间,工单状态,超时环节,待办环节,办理时限,逾期(分钟)
Q2,热线,水路维修,甲小区 1-1-101,JA-01,李*,139****9000,李管家,2026-07-08 10:00,已办结,接单、到场,,,0
Q3,小程序,水路维修,甲小区 2-1-101,JA-02,王*,137****7000,赵管家,2026-07-08 18:00,处理中,,办结,2026-07-08 22:00,119
Q4,热线,开锁换锁,乙小区 1-1-101,YB-01,赵*,136****6000,赵管家,2026-07-06 08:00,处理中,,到场,2026-07-06 08:10,3829
Q7,设备告警,用水异常,甲小区 2-1-101,JA-02,,,家属,2026-07-08 14:00,已办结,接单、到场,,,0" \
	"late and overdue orders, hand-computed, the requester and phone masked"
is "$(total $D 超时工单)$(total $D 预警处置)" "" "a list of orders or alerts has no total row"
is "$(rows R/daily/2026-07-09.xlsx 超时工单 | cut -d, -f1,10-14)" "工单编号,工单状态,超时环节,待办环节,办理时限,逾期(分钟)
Q3,已办结,办结,回访,2026-07-10 09:00,0
Q4,处理中,,到场,2026-07-06 08:10,5269" "the next day: Q3 resolved late (its call-back due), Q4 still overdue"
is "$(rows $D 预警处置)" "网格,预警时间,类别,级别,设备类型,设备编号,位置,被看护人,家属电话,工单编号,已通知,处置状态,关闭时间,核实结果,处置情况
JA-01,06:00,12小时用水不足10升,高,智能水表,M1,甲小区 1-1-101,张**,138****0011,Q6,网格员,已关闭,07:00,属实,水管冻裂
JA-02,14:00,全天不停用水,中,智能水表,M2,甲小区 2-1-101,钱**,138****0022,Q7,家属,已解除,,," \
	"the day's alerts by grid, as they stood at its end, the person and contact masked"
is "$(sheets R/daily/2026-07-10.xlsx)" "日督查 超时工单 预警处置" "a day without alerts still has the sheets, empty"
is "$(rows R/daily/2026-07-10.xlsx 预警处置 | wc -l)" 1 "no alert raised that day: the header alone"

# ---- the week: SLA figures per grid and assignee, alerts per grid ----
W=R/weekly/2026-W28.xlsx
is "$(sheets $W)" "周抄报 网格 问题 网格工单 处理人工单 网格预警" "the weekly workbook ends with the service sheets"
# JA-01 (Q1 Q2 Q6): accepted after 30 s, 3 min and 10 min (in time 2 of
# 3), on site after 8, 30, 40 min (2 of 3), all resolved in time; called
# back 2 of 3, satisfied 1 of 2, ratings 5 and 2.  JA-02 (Q3 Q7): accepted
# after 40 s and 30 min (1 of 2), on site after 9 and 90 (1 of 2),
# resolved 1 of 2 in time.  YB-01 (Q4): open at the week's end, late on
# site and resolve.
# Q5's address is not in the registry.
is "$(rows $W 网格工单 | cut -d, -f2-)" "网格,工单数,未办结,已办结,已关闭,响应率(%),按时到场率(%),按时办结率(%),解决率(%),回访率(%),满意率(%),重办率(%),平均评分
未划入网格,1,0,1,0,100,100,100,100,100,100,0,4
JA-01,3,0,3,0,66.67,66.67,100,100,66.67,50,0,3.5
JA-02,2,0,2,0,50,50,50,100,0,,0,
YB-01,1,1,0,0,100,0,0,0,,,," "each grid's SLA figures, hand-computed"
is "$(total $W 网格工单 | cut -d, -f2-4)" "合计,7," "the total counts the week's orders"
is "$(rows $W 处理人工单 | cut -d, -f2-4,7,9)" "处理人,工单数,未办结,响应率(%),按时办结率(%)
家属,1,0,0,100
网格员,1,0,100,100
李管家,3,0,66.67,100
赵管家,2,1,100,0" "each assignee's, an alert's rung in words"
# M1: first contact (Q6 accepted) 10 minutes after the alert, on site 40;
# M2: 30 and 90, a false alarm.
is "$(rows $W 网格预警 | cut -d, -f2-)" "网格,预警数,属实,误报,未关闭,首次联系中位数(分钟),到场中位数(分钟)
JA-01,1,1,0,0,10,40
JA-02,1,0,1,0,30,90" "alerts per grid: real, false, minutes to the first contact and on site"
is "$(total $W 网格预警 | cut -d, -f2-3)" "合计,2" "and the alerts"
is "$(rows $W 网格工单 | sed -n 2p | cut -d, -f1):$(hidden $W 网格工单)" "2026-W28:True" \
	"the period column is hidden: the title says it in words"

# ---- the month: rankings, at least two orders each ----
M=R/monthly/2026-07.xlsx
is "$(sheets $M)" "网格 小区 最佳楼道 最差楼道 场景排名 处理人排名" "the bulletin ends with the rankings"
# 用水异常 resolved 2 of 2 in time; 水路维修 3 of 4 (Q3 late); 开锁换锁
# has one order, fewer than min_orders: unranked, at the end.
is "$(rows $M 场景排名 | cut -d, -f2-5)" "排名,类别,工单数,按时办结率(%)
1,用水异常,2,100
2,水路维修,4,75
,开锁换锁,1,0" "scenarios ranked, one order is too few"
is "$(rows $M 处理人排名 | cut -d, -f2-6)" "排名,处理人,工单数,按时办结率(%),满意率(%)
1,李管家,3,100,66.67
2,赵管家,2,0,
,家属,1,100,
,网格员,1,100," "assignees ranked"
run shequ-cycle --redo 2026-07 --out R
dump $M
is "$rc:$(rows $M 场景排名 | cut -d, -f2 | tr '\n' ' ')" "0:排名    " \
	"with the shipped min_orders of 20 nobody is ranked"

# ---- orders and alerts gone: the workbooks are those made without them ----
sql "DELETE FROM alert; DELETE FROM request_event; DELETE FROM request_order;"
reports R 2026-07-08 2026-W28 2026-07
is "$rc:$err" "0:" "the reports made again without them"
same P/daily/2026-07-08.xlsx R/daily/2026-07-08.xlsx P/weekly/2026-W28.xlsx R/weekly/2026-W28.xlsx \
	P/monthly/2026-07.xlsx R/monthly/2026-07.xlsx >same.txt
is "$(grep daily same.txt)" "" "the daily workbook is byte for byte the one made before"
is "$(grep weekly same.txt)" "" "the weekly workbook likewise"
is "$(grep monthly same.txt)" "" "the bulletin likewise"
done_testing
