#!/bin/bash
# shequ-request on a small hand-computed set of orders (tests/request/):
# import of both export shapes, every SLA figure, working-day limits across
# the 2026 Spring Festival and its make-up Saturdays, a reopened, a paused,
# a closed and a cancelled order; re-import, a later export, every bad
# input, hand entry, list and history.
. "$srcdir/tests/lib.sh"
F=$srcdir/tests/request
export SHEQU_TODAY=2026-12-05

# Places: 甲小区 building 1 unit 1 (rooms 301, 302) in grid JA-01,
# building 2 unit 1 (room 101) in grid JA-02.
shequ-db init
sql "INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA');
INSERT INTO building (id, compound_id, name) VALUES (1, 1, '1'), (2, 1, '2');
INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1'), (2, 2, '1');
INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '301'), (2, 1, '302'), (3, 2, '101');
INSERT INTO grid (id, code, compound_id, created) VALUES
	(1, 'JA-01', 1, '2026-01-01 00:00:00'), (2, 'JA-02', 1, '2026-01-01 00:00:00');
INSERT INTO grid_stairwell VALUES (1, 1), (2, 2);"

# ---- import ----
run shequ-request import "$F/orders.csv"
is "$rc:$err" "0:shequ-request: $F/orders.csv: orders: 4 rows read; 4 new orders, 0 changed, 18 events added, 0 rows unchanged; 0 rejected" \
	"orders shape: UTF-8 with BOM, CRLF, Chinese headers, Excel serial"
run shequ-request -q import "$F/events.csv"
is "$rc:$err" "0:" "events shape: GB18030, CRLF; -q is silent"
is "$(sql "SELECT count(*) FROM request_order") $(sql "SELECT count(*) FROM request_event")" "8 38" "8 orders, 38 events"
is "$(sql "SELECT s.number, s.grid, o.phone FROM request_status s JOIN request_order o USING (id) WHERE s.number IN ('GD1', 'GD3', 'GD5') ORDER BY 1")" \
	"GD1|JA-01|13800138000
GD3|JA-02|13700001234
GD5||13500001234" "addresses found in the registry (and not), phones normalised"
# The import counts the events it adds in change_summary (migration 014)
# itself, a day at a time, the trigger that would count each lifted for
# its transaction and put back.
is "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'change_summary_event_insert'")" 1 \
	"the counting trigger is back after the import"
is "$(sql "SELECT group_concat(day || '=' || changes, ' ') FROM (SELECT day, changes FROM change_summary WHERE source = 'order' ORDER BY day)")" \
	"$(sql "SELECT group_concat(d || '=' || n, ' ') FROM (SELECT substr(at, 1, 10) AS d, count(*) AS n FROM request_event GROUP BY d ORDER BY d)")" \
	"the change counters: one an event added, on its day"
run shequ-request import "$F/orders.csv" "$F/events.csv"
is "$rc" 0 "importing both again"
contains "$err" "orders: 4 rows read; 0 new orders, 0 changed, 0 events added, 4 rows unchanged; 0 rejected; nothing changed" "the orders again change nothing"
contains "$err" "events: 20 rows read; 0 new orders, 0 changed, 0 events added, 20 rows unchanged; 0 rejected; nothing changed" "the events again change nothing"

# ---- every figure, by scenario (see the comment at the end for the sums) ----
H=period,scenario,name,orders,open,resolved,closed,cancelled,accept_median,accept_p90,accept_in_sla,on_site_median,on_site_p90,on_site_in_sla,resolve_median,resolve_p90,resolve_in_sla,call_back_median,call_back_p90,call_back_in_sla,resolution_rate,call_back_rate,satisfaction_rate,reopen_rate,rating,rank
run shequ-request sla 2026-02 --min-orders 2
is "$rc:$out" "0:$H
2026-02,appliance_repair,家电维修,1,0,1,0,0,902.00,902.00,0.00,906.00,906.00,100.00,15391.00,15391.00,100.00,360.00,360.00,100.00,100.00,100.00,100.00,0.00,4.00,
2026-02,complaint,投诉,2,0,1,1,0,915.00,1800.00,100.00,,,,21600.00,21600.00,0.00,4260.00,4260.00,0.00,50.00,100.00,0.00,0.00,,2
2026-02,help,求助,1,0,1,0,0,30.00,30.00,100.00,,,,3060.00,3060.00,100.00,,,0.00,100.00,0.00,,0.00,,
2026-02,plumbing,水路维修,3,0,2,0,1,1.25,2.00,50.00,14.00,20.00,50.00,180.00,300.00,50.00,1110.00,1920.00,50.00,50.00,100.00,100.00,50.00,3.50,1" \
	"sla by scenario: medians, p90, in-SLA shares, rates, rank from 2 orders"
is "$err" "" "silent on success"
# GD3 (家电维修, working hours 08:30-17:30): received Friday 02-13 17:29,
#   accepted on the make-up Saturday 02-14 08:31: 2 working minutes > 1, late
#   (it would be 1 if that Saturday were off); on site 08:35: 6 minutes, in
#   time; resolved Tuesday 02-24 10:00 after the holiday: 1 + 540 + 90 =
#   631 working minutes <= 1440, in time.
# GD4 (投诉, working days): received Thursday 02-12; 5 working days are
#   02-13, the make-up 02-14, 02-24, 02-25, 02-26: resolved 02-27 is late;
#   called back Monday 03-02, but 1 working day after 02-27 is the make-up
#   Saturday 02-28: late.
# GD5 (求助): paused 02-10 10:00 to 02-25 10:00, resolved 02-26 12:00:
#   183600 working-day seconds without the pause <= 486000 (to the end of
#   the make-up 02-14), in time; 3060 minutes on the clock without it.
# GD6 closed without resolution: resolve late, never counted as resolved.
# GD7 cancelled: in orders and cancelled only.  GD2 reopened: its first
#   round times; resolution 1 of 2, reopen 1 of 2; GD8 is in March.
run shequ-request sla 2026-02 --by category
is "$(echo "$out" | cut -d, -f2-8,21-25)" "category,name,orders,open,resolved,closed,cancelled,resolution_rate,call_back_rate,satisfaction_rate,reopen_rate,rating
complaint,投诉,2,0,1,1,0,50.00,100.00,0.00,0.00,
help,求助,1,0,1,0,0,100.00,0.00,,0.00,
service,生活服务,4,0,3,0,1,66.67,100.00,100.00,33.33,3.67" "sla by category: the scenarios are 生活服务"
run shequ-request sla 2026-02 --by grid --min-orders 1
is "$(echo "$out" | cut -d, -f2-4,16,22,25)" "grid,orders,open,resolve_in_sla,satisfaction_rate,rank
,2,0,100.00,,2
JA-01,4,0,25.00,66.67,3
JA-02,1,0,100.00,100.00,1" "sla by grid: the orders without a registry address apart, ranked by on-time resolution then satisfaction"
run shequ-request sla 2026-02 --by assignee
is "$(echo "$out" | cut -d, -f2,3)" "assignee,orders
李管家,4
王网格,2
赵管家,1" "sla by assignee"
run shequ-request sla 2026-02 --by source
is "$(echo "$out" | cut -d, -f2,3)" "source,orders
app,1
hotline,4
platform,1
walk_in,1" "sla by source"
run shequ-request sla 2026-03 --min-orders 1
is "$(echo "$out" | sed -n 2p | cut -d, -f2-11)" "plumbing,水路维修,1,1,0,0,0,0.33,0.33,100.00" "March: GD8 only, open"
run shequ-request sla 2027-01
is "$rc" 0 "a period past the calendar works"
contains "$err" "the holiday calendar covers 2025 to 2026 only" "and warns that the calendar ends"

# ---- a later export of an order updates it ----
printf '工单编号,场景,受理时间,接单时间,到场时间,办结时间,处理人\nGD8,水路维修,2026-03-01 08:00,2026-03-01 08:00:40,2026-03-01 08:09,2026-03-01 09:30,赵管家\n' >later.csv
run shequ-request import later.csv
is "$rc:$err" "0:shequ-request: later.csv: orders: 1 rows read; 0 new orders, 1 changed, 3 events added, 0 rows unchanged; 0 rejected" \
	"a later export: the accept time corrected, two stages added, the assignee changed"
is "$(sql "SELECT accepted, resolved, assignee FROM request_status WHERE number = 'GD8'")" "2026-03-01 08:00:40|2026-03-01 09:30:00|赵管家" "one order, updated, nothing doubled"

# ---- bad input: every row reported, nothing imported, 65 ----
before=$(sql "SELECT count(*) FROM request_event")
cat >bad.csv <<'EOF'
工单编号,场景,受理时间,接单时间,到场时间,办结时间,评分,回访时间
GB1,水路维修,2026-07-08 09:05,2026-07-08 09:20,2026-07-08 09:10,,,
GB2,水路维修,2027-07-08 09:05,,,,,
GB3,飞船维修,2026-07-08 09:05,,,,,
GB4,水路维修,2026-07-08 09:05,,,,7,2026-07-08 12:00
GD1,水路维修,2026-07-09 09:05,,,,,
GB5,水路维修,2026-07-08 9:5,,,,,
GB6,水路维修,2026-07-08 09:05,,,,,
GB6,水路维修,2026-07-08 09:05,,,,,
GB7,水路维修,,,,,,
EOF
run shequ-request import bad.csv
is "$rc" 65 "bad rows: exit 65"
is "$err" "shequ-request: bad.csv:3: 受理时间: 2027-07-08 09:05:00 is in the future
shequ-request: bad.csv:4: 场景: unknown scenario or category '飞船维修'
shequ-request: bad.csv:5: 评分: a rating is 1 to 5, got '7'
shequ-request: bad.csv:6: 工单编号: order number GD1 reused: the later wins; the order received 2026-02-02 09:00:00 is now GD1~1
shequ-request: bad.csv:7: 受理时间: bad time '2026-07-08 9:5': expected 2026-07-08 09:05, 2026/7/8 9:05:33 or an Excel serial
shequ-request: bad.csv:9: 工单编号: the same order as line 8
shequ-request: bad.csv:10: 受理时间: empty: every order has its time received
shequ-request: bad.csv:2: 到场时间: on site before accepted
shequ-request: bad.csv: orders: 9 rows read; 3 new orders, 0 changed, 5 events added, 0 rows unchanged; 7 rejected; nothing imported" \
	"each bad row: FILE:LINE: column: reason"
is "$(sql "SELECT count(*) FROM request_event") $(sql "SELECT count(*) FROM request_order WHERE number LIKE 'GB%'")" "$before 0" "nothing half-imported"
cat >badev.csv <<'EOF'
工单编号,事件,时间,满意度,评分
GX1,接单,2026-07-08 09:05,,
GD8,回访,2026-03-01 10:00,也许,
GD8,评价,2026-03-01 10:00,,
GD8,飞走,2026-03-01 10:00,,
GD1,接单,2026-02-02 09:00:50,,
GD6,办结,2026-02-07 09:00,,
EOF
run shequ-request import badev.csv
is "$rc" 65 "bad events: exit 65"
is "$err" "shequ-request: badev.csv:2: 工单编号: unknown order GX1
shequ-request: badev.csv:3: 满意度: expected 满意 or 不满意 (yes or no), got '也许'
shequ-request: badev.csv:4: 评分: empty: a rating event needs its rating
shequ-request: badev.csv:5: 事件: unknown event '飞走'
shequ-request: badev.csv:6: 事件: accepted twice
shequ-request: badev.csv:7: 事件: resolved after the order ended
shequ-request: badev.csv: events: 6 rows read; 0 new orders, 0 changed, 2 events added, 0 rows unchanged; 6 rejected; nothing imported" \
	"unknown order, bad verdict, rating and event, the same stage twice, after closing"
# An order number reused: against an earlier import the later wins and
# the clerk is told (the same order with other content: changed in place;
# received at another time: a new order, the old one set aside with its
# log); two orders under one number in one file are refused.
cp "$SHEQU_DB" reuse.db
printf '工单编号,内容,受理时间\nGD1,别的事,2026-02-02 09:00\n' >reuse.csv
run shequ-request --db reuse.db import reuse.csv
is "$rc:$err" "0:shequ-request: reuse.csv:2: 工单编号: order number GD1 reused with other content: the later wins
shequ-request: reuse.csv: orders: 1 rows read; 0 new orders, 1 changed, 0 events added, 0 rows unchanged; 0 rejected" \
	"a number reused with other content: the later wins, reported"
printf '工单编号,场景,受理时间\nGD1,开锁换锁,2026-02-03 10:00\n' >reuse2.csv
run shequ-request --db reuse.db import reuse2.csv
is "$rc:$(echo "$err" | head -1)" "0:shequ-request: reuse2.csv:2: 工单编号: order number GD1 reused: the later wins; the order received 2026-02-02 09:00:00 is now GD1~1" \
	"a number reused with another time received: a new order, reported"
is "$(sqlite3 reuse.db "SELECT number, scenario, coalesce(content, ''), (SELECT count(*) FROM request_event WHERE order_id = o.id) FROM request_order o WHERE number LIKE 'GD1%' ORDER BY number")" \
	"GD1|lock_service||1
GD1~1|plumbing|别的事|6" "the later order under the number, the earlier one with its whole log beside it"
printf '工单编号,场景,受理时间\nGN1,开锁换锁,2026-02-03 10:00\nGN1,开锁换锁,2026-02-04 10:00\n' >reuse3.csv
run shequ-request --db reuse.db import reuse3.csv
is "$rc:$(echo "$err" | head -1)" "65:shequ-request: reuse3.csv:3: 工单编号: order number GN1 reused: line 2 has another order" \
	"two orders under one number in one file: refused"
printf 'a,b\n1,2\n' >other.csv
run shequ-request import other.csv
is "$rc:$err" "65:shequ-request: other.csv:1: no column number (工单编号) among 2: not an export of orders or events" "not an export"

# ---- by hand ----
run shequ-request open --scenario 开锁换锁 --compound 甲小区 --building 2号楼 --unit 1 --room 101 --name 王五 --phone 13700001234 --text 钥匙丢了 --at '2026-12-05 08:00' --actor 话务员
is "$rc:$out" "0:SQ9" "open prints the new number"
SQ=$out
ok "assign" shequ-request assign "$SQ" --to 赵管家 --at '2026-12-05 08:00:20'
ok "accept" shequ-request accept "$SQ" --at '2026-12-05 08:00:50' --actor 赵管家
ok "arrive" shequ-request arrive "$SQ" --at '2026-12-05 08:09' --actor 赵管家
ok "resolve" shequ-request resolve "$SQ" --at '2026-12-05 08:20' --actor 赵管家
run shequ-request resolve "$SQ" --at '2026-12-05 08:30'
is "$rc:$err" "65:shequ-request: order SQ9: resolved twice without a reopening between" "a stage twice is refused"
ok "call back, not satisfied, rated 2" shequ-request callback "$SQ" --satisfied no --rating 2 --at '2026-12-05 09:00' --actor 赵管家
ok "reopen" shequ-request reopen "$SQ" --reason 锁芯没换 --at '2026-12-05 09:05' --actor 赵管家
ok "accept again" shequ-request accept "$SQ" --at '2026-12-05 09:06' --actor 赵管家
ok "resolve again" shequ-request resolve "$SQ" --at '2026-12-05 09:30' --actor 赵管家
ok "call back, satisfied" shequ-request callback "$SQ" --satisfied yes --at '2026-12-05 10:00' --actor 赵管家
run shequ-request history "$SQ"
is "$out" "number,at,event,actor,note,satisfied,rating,origin
SQ9,2026-12-05 08:00:00,received,话务员,,,,
SQ9,2026-12-05 08:00:20,assigned,赵管家,,,,
SQ9,2026-12-05 08:00:50,accepted,赵管家,,,,
SQ9,2026-12-05 08:09:00,on_site,赵管家,,,,
SQ9,2026-12-05 08:20:00,resolved,赵管家,,,,
SQ9,2026-12-05 09:00:00,called_back,赵管家,,0,,
SQ9,2026-12-05 09:00:00,rated,赵管家,,,2,
SQ9,2026-12-05 09:05:00,reopened,赵管家,锁芯没换,,,
SQ9,2026-12-05 09:06:00,accepted,赵管家,,,,
SQ9,2026-12-05 09:30:00,resolved,赵管家,,,,
SQ9,2026-12-05 10:00:00,called_back,赵管家,,1,," "history: every step, by whom, why"
run shequ-request history GD2
is "$(echo "$out" | sed -n 2p)" "GD2,2026-02-03 20:00:00,received,话务员,,,,$F/events.csv:2" "imported events name their file and line"
run shequ-request open --scenario 投诉 --source platform --platform-number JX-9 --at '2026-12-05 10:00'
is "$rc:$out" "0:SQ10" "a complaint from the platform, without an address"
run shequ-request arrive SQ10 --at '2026-12-05 10:05'
is "$rc:$err" "65:shequ-request: order SQ10: on site before accepted" "on site before accepted is refused"
run shequ-request accept SQ99
is "$rc:$err" "65:shequ-request: no order SQ99" "an unknown order"
run shequ-request accept SQ10 --at '2026-12-06 10:00'
is "$rc:$err" "65:shequ-request: 2026-12-06 10:00:00 is in the future" "a time in the future"
run shequ-request close SQ10
is "$rc" 64 "close needs a reason"
run shequ-request list --at '2026-12-05 12:00' --open
is "$out" "number,source,scenario,compound,building,unit,room,grid,requester,phone,assignee,received,status,next_stage,due,overdue_minutes
SQ10,platform,complaint,,,,,,,,,2026-12-05 10:00:00,open,accept,2026-12-08 00:00:00,0" "list --open: only open orders, what is due next (a Saturday: Monday ends the day)"
ok "close with a reason" shequ-request close SQ10 --reason 重复工单 --at '2026-12-05 11:00'
run shequ-request list --overdue --at '2026-12-05 12:00'
is "$(echo "$out" | cut -d, -f1,13-16)" "number,status,next_stage,due,overdue_minutes" "list --overdue: a closed order is not overdue"
run shequ-request list --grid JA-02
is "$(echo "$out" | cut -d, -f1,8-10,13)" "number,grid,requester,phone,status
GD3,JA-02,王*,137****1234,resolved
SQ9,JA-02,王*,137****1234,resolved" "list --grid: names and phones masked"
run shequ-request list --assignee 王网格
is "$(echo "$out" | cut -d, -f1,11)" "number,assignee
GD4,王网格
GD5,王网格" "list --assignee"
run shequ-request list --open --overdue
is "$rc" 64 "--open and --overdue exclude each other"
run shequ-request sla 2026-12-05 --min-orders 1
is "$(echo "$out" | sed -n 3p | cut -d, -f2,4-8,21-26)" "lock_service,1,0,1,0,0,0.00,100.00,100.00,100.00,2.00,1" "by hand: reopened, not resolved at once, satisfied at last"
# ---- the database's own check of an event's kind (migration 019) ----
run sql "INSERT INTO request_event (order_id, at, event, recorded)
	SELECT id, '2026-12-05 12:00:00', 'lost', '2026-12-05 04:00:00' FROM request_order LIMIT 1"
ok "an event of no known kind is refused by the database" test "$rc" -ne 0
contains "$err" "CHECK constraint failed" "by its check"
is "$(sql "BEGIN;
INSERT INTO request_event (order_id, at, event, recorded)
	SELECT o.id, '2026-12-05 12:00:00', k.value, '2026-12-05 04:00:00'
	FROM (SELECT id FROM request_order LIMIT 1) o,
	     json_each('[\"received\", \"assigned\", \"accepted\", \"on_site\", \"resolved\",
			\"called_back\", \"rated\", \"reopened\", \"paused\", \"resumed\", \"closed\",
			\"cancelled\"]') k;
SELECT changes();
ROLLBACK;")" 12 "each of the twelve kinds is taken"

# A database of schema 18 with orders: the table made again keeps every
# event, its id, the view and the change counters' triggers.
for f in "$srcdir"/share/migrations/0[01]*.sql; do
	case $f in */019-*) ;; *) cat "$f" ;; esac
done | sqlite3 v18.db
sqlite3 v18.db "PRAGMA user_version = 18;
INSERT INTO import_log (id, started, file, register, rows, inserted, updated, unchanged, moved_out, rejected)
	VALUES (1, '2026-07-01 08:00:00', 'o.csv', 'orders', 1, 1, 0, 0, 0, 0);
INSERT INTO request_order (id, number, source, scenario, changed)
	VALUES (7, 'GD7', 'hotline', 'lock_service', '2026-07-01 00:00:00');
INSERT INTO request_event (id, order_id, at, event, actor, satisfied, rating, import_id, line, recorded)
	VALUES (40, 7, '2026-07-01 08:00:00', 'received', NULL, NULL, NULL, 1, 2, '2026-07-01 00:00:01'),
	       (41, 7, '2026-07-01 08:05:00', 'accepted', '赵管家', NULL, NULL, 1, 2, '2026-07-01 00:00:01'),
	       (42, 7, '2026-07-02 09:00:00', 'resolved', NULL, NULL, NULL, NULL, NULL, '2026-07-02 01:00:01'),
	       (43, 7, '2026-07-03 10:00:00', 'called_back', NULL, 1, NULL, NULL, NULL, '2026-07-03 02:00:01'),
	       (44, 7, '2026-07-03 10:00:00', 'rated', NULL, NULL, 5, NULL, NULL, '2026-07-03 02:00:01');"
before=$(sqlite3 v18.db "SELECT * FROM request_event ORDER BY id; SELECT * FROM request_status; SELECT * FROM change_summary")
run shequ-db -q --db v18.db init
is "$rc:$err:$(sqlite3 v18.db 'PRAGMA user_version')" "0::$(sqlite3 "$SHEQU_DB" 'PRAGMA user_version')" "schema 18 with orders is brought up to date"
is "$(sqlite3 v18.db "SELECT * FROM request_event ORDER BY id; SELECT * FROM request_status; SELECT * FROM change_summary")" \
	"$before" "every event kept as it was, with its id; the view reads them"
is "$(sqlite3 v18.db "SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name = 'request_event' OR sql LIKE '%request_event%' ORDER BY 1")" \
	"$(sqlite3 "$SHEQU_DB" "SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name = 'request_event' OR sql LIKE '%request_event%' ORDER BY 1")" \
	"its indexes, triggers and view as a new database has them"
sqlite3 v18.db "UPDATE request_order SET assignee = '钱管家' WHERE id = 7;
INSERT INTO request_event (order_id, at, event, recorded) VALUES (7, '2026-07-04 08:00:00', 'reopened', '2026-07-04 00:00:00')"
is "$(sqlite3 v18.db "SELECT group_concat(day || '=' || changes, ' ') FROM (SELECT day, changes FROM change_summary WHERE source = 'order' ORDER BY day)")" \
	"2026-07-01=3 2026-07-02=1 2026-07-03=2 2026-07-04=1" "the change counters' triggers count again (the reassignment on the day received)"

# The man page's EXAMPLES run on the sample community's orders, in
# tests/e2e/examples.sh.

done_testing
