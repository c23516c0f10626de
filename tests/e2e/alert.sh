#!/bin/bash
# shequ-alert on a small hand-made community (tests/alert/): the device
# register, readings with a reset, a rollover, a gap, a late and a
# duplicate reading, events; every bad input; each default rule fired by
# one device and almost fired by another; dedup, escalation, clearing,
# false alarms and away, end to end through shequ-request.
. "$srcdir/tests/lib.sh"
F=$srcdir/tests/alert
export SHEQU_TODAY=2026-12-05

# Places: 甲小区 building 1 unit 1 (rooms 301, 302) in grid JA-01, building 2
# unit 1 (room 101) in grid JA-02.  Residents 张一 (301), 李二 (302), 王三
# (101); 赵四 has moved out.
shequ-db init
sql "INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA');
INSERT INTO building (id, compound_id, name) VALUES (1, 1, '1'), (2, 1, '2');
INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1'), (2, 2, '1');
INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '301'), (2, 1, '302'), (3, 2, '101');
INSERT INTO grid (id, code, compound_id, created) VALUES
	(1, 'JA-01', 1, '2026-01-01 00:00:00'), (2, 'JA-02', 1, '2026-01-01 00:00:00');
INSERT INTO grid_stairwell VALUES (1, 1), (2, 2);
INSERT INTO person (id, id_number, name, dwelling_id, moved_out) VALUES
	(1, '110101194001010011', '张一', 1, NULL), (2, '110101194502020022', '李二', 2, NULL),
	(3, '110101195003030033', '王三', 3, NULL), (4, '110101193804040044', '赵四', 3, '2026-06-01');"

# ---- the device register ----
run shequ-alert import "$F/devices.csv"
is "$rc:$err" "0:shequ-alert: $F/devices.csv: devices: 19 rows read; 19 new, 0 changed, 0 unchanged; 0 rejected" \
	"devices: Chinese headers and kind names, a dwelling, a building, coordinates"
is "$(sql "SELECT code, coalesce(dwelling_id, ''), coalesce(building_id, ''), coalesce(x, ''), person_id, contact_phone FROM alert_device WHERE code IN ('M1', 'M2', 'C1', 'C2', 'B1') ORDER BY code")" \
	"B1|1|||1|13800138001
C1||1|||
C2|||120.5||
M1|1|1||1|13800138001
M2|2|||2|13800138002" "a meter without a place is where its resident lives; phones normalised"
run shequ-alert import "$F/devices.csv"
contains "$err" "0 new, 0 changed, 19 unchanged; 0 rejected; nothing changed" "the register again changes nothing"
printf 'device,kind,removed\nL2,lamp_post,2026-12-05\n' >removed.csv
run shequ-alert -q import removed.csv
is "$rc:$(sql "SELECT removed, x FROM alert_device WHERE code = 'L2'")" "0:2026-12-05|30.0" \
	"a later file updates a device and leaves the columns it lacks alone"
sql "UPDATE alert_device SET removed = NULL WHERE code = 'L2'"

cat >bad-devices.csv <<'CSV'
设备编号,设备类型,被看护人身份证号,小区,楼号,单元,房号
M20,水表,110101194001010011,,,,
M21,water_meter,110101193804040044,,,,
M22,water_meter,110101194001010011,,,,
M22,water_meter,110101194502020022,,,,
C9,manhole_cover,,甲小区,9,,
M23,water_meter,,,,,
M24,water_meter,110101194001010011,甲小区,1,1,999
CSV
run shequ-alert import bad-devices.csv
is "$rc:$err" "65:shequ-alert: bad-devices.csv:2: 设备类型: unknown kind '水表'
shequ-alert: bad-devices.csv:3: 被看护人身份证号: 110101********0044 is not a current resident
shequ-alert: bad-devices.csv:5: 被看护人身份证号: device M22 would watch over two people: another on line 4
shequ-alert: bad-devices.csv:6: 楼号: no such building in the registry
shequ-alert: bad-devices.csv:7: 被看护人身份证号: a water_meter watches over a resident: needed
shequ-alert: bad-devices.csv:8: 房号: no such dwelling in the registry
shequ-alert: bad-devices.csv: devices: 7 rows read; 1 new, 0 changed, 0 unchanged; 6 rejected; nothing imported" \
	"bad devices: each row named, ID numbers masked, exit 65"
is "$(sql "SELECT count(*) FROM alert_device")" 19 "nothing of a bad register is kept"

# ---- readings ----
# M5: water every half hour for a day (2 L each); M6 the same but for one
# half hour without (08:00 to 08:30).
{
	cat "$F/readings.csv"
	for m in M5 M6; do
		awk -v m=$m 'BEGIN { l = 0; for (i = 0; i <= 48; i++) {
			t = 20 * 60 + 30 * i; d = t >= 1440 ? 5 : 4; t %= 1440
			if (!(m == "M6" && i == 25)) l += 2
			printf "%s,2026-12-0%d %02d:%02d,%d,L,\n", m, d, t / 60, t % 60, l } }'
	done
} >readings.csv
run shequ-alert import readings.csv
is "$rc:$err" "0:shequ-alert: readings.csv: readings: 121 rows read; 120 new, 0 changed, 1 unchanged; 0 rejected" \
	"readings: m³ and L, a reset, a rollover, the same reading twice"
is "$(sql "SELECT litres, reset FROM alert_reading r JOIN alert_device d ON d.id = r.device_id WHERE code = 'M10' ORDER BY at")" \
	"6000.0|0
2.0|1
7.0|0" "litres as the meter counted them, the reset marked"
run shequ-alert import readings.csv
contains "$err" "0 new, 0 changed, 121 unchanged; 0 rejected; nothing changed" "the readings again change nothing"

cat >bad-readings.csv <<'CSV'
设备编号,时间,读数,重置
X9,2026-12-05 01:00,1,
M1,2026-12-05 19:00,99.000,
M1,2026-12-06 19:00,101,
M1,2026-12-05 18:00,100.006,
M2,2026-12-05 12:00,100.004,
M2,2026-12-05 13:00,100.020,
B1,2026-12-05 13:00,1,
M3,2026-12-05 13:00,abc,
M3,2026/12/05 14:00:00,51.5,yes
CSV
run shequ-alert import bad-readings.csv
is "$rc:$err" "65:shequ-alert: bad-readings.csv:2: 设备编号: unknown device 'X9'
shequ-alert: bad-readings.csv:3: 读数: goes back from 100.005 m³ (2026-12-05 18:00:00) to 99.000 m³ without a reset marker
shequ-alert: bad-readings.csv:4: 时间: 2026-12-06 19:00:00 is in the future
shequ-alert: bad-readings.csv:5: 读数: another reading at 2026-12-05 18:00:00 is there already
shequ-alert: bad-readings.csv:8: 设备编号: a call_button sends no readings
shequ-alert: bad-readings.csv:9: 读数: expected a reading of at least 0, got 'abc'
shequ-alert: bad-readings.csv:7: 读数: goes back from 100.020 m³ (2026-12-05 13:00:00) to 100.010 m³ without a reset marker
shequ-alert: bad-readings.csv: readings: 9 rows read; 3 new, 0 changed, 0 unchanged; 7 rejected; nothing imported" \
	"bad readings: unknown device, future, backwards (as they come, and a late one against the stored), a second value; exit 65"
is "$(sql "SELECT count(*) FROM alert_reading")" 120 "nothing of bad readings is kept"
printf 'device,at,reading\nM2,2026-12-05 12:00,100.004\n' >late.csv
run shequ-alert import late.csv
is "$rc" 0 "a late reading that fits between its neighbours is taken"
# Readings in time order are stored sorted by device, after the rest of
# the file; one that goes back within the file, or repeats a moment of
# the file with another value, is judged against the lines before it.
cp shequ.db own.db
cat >own.csv <<'CSV'
device,at,reading
M9,2026-12-05 01:00,3.010
M12,2026-12-05 21:00,1.006
M9,2026-12-05 03:00,3.030
M9,2026-12-05 02:00,3.020
M12,2026-12-05 22:00,1.007
CSV
run shequ-alert --db own.db import own.csv
is "$rc:$(sqlite3 own.db "SELECT group_concat(strftime('%H', r.at, 'unixepoch') || '=' || r.litres, ' ') FROM (SELECT * FROM alert_reading ORDER BY at) r JOIN alert_device d ON d.id = r.device_id WHERE d.code = 'M9'")" \
	"0:23=3000.0 01=3010.0 02=3020.0 03=3030.0" "a reading between two earlier lines of the file is taken"
printf 'device,at,reading\nM9,2026-12-05 04:00,3.040\nM9,2026-12-05 05:00,3.050\nM9,2026-12-05 04:00,3.045\nM9,2026-12-05 06:00,3.020\n' >own2.csv
run shequ-alert --db own.db import own2.csv
is "$rc:$err" "65:shequ-alert: own2.csv:4: reading: another reading at 2026-12-05 04:00:00 is there already
shequ-alert: own2.csv:5: reading: goes back from 3.050 m³ (2026-12-05 05:00:00) to 3.020 m³ without a reset marker
shequ-alert: own2.csv: readings: 4 rows read; 3 new, 0 changed, 0 unchanged; 2 rejected; nothing imported" \
	"a moment of the file again with another value, and a reading going back, refused"

# ---- events ----
run shequ-alert import "$F/events.csv"
is "$rc:$err" "0:shequ-alert: $F/events.csv: events: 10 rows read; 10 new, 0 changed, 0 unchanged; 0 rejected" "events"
cat >bad-events.csv <<'CSV'
device,at,event,value,seconds
C1,2026-12-05 10:00,tilt,181,5
C1,2026-12-05 10:01,tilt,-1,5
C1,2026-12-05 10:02,press,,
C1,2026-12-05 10:00,tilt,16,5
C1,2026-12-05 10:05,tilt,5,x
CSV
run shequ-alert import bad-events.csv
is "$rc:$err" "65:shequ-alert: bad-events.csv:2: value: a tilt is 0 to 180 degrees, got '181'
shequ-alert: bad-events.csv:3: value: a tilt is 0 to 180 degrees, got '-1'
shequ-alert: bad-events.csv:4: event: a manhole_cover does not send 'press'
shequ-alert: bad-events.csv:5: value: another tilt at 2026-12-05 10:00:00 is there already
shequ-alert: bad-events.csv:6: seconds: expected seconds, got 'x'
shequ-alert: bad-events.csv: events: 5 rows read; 0 new, 0 changed, 0 unchanged; 5 rejected; nothing imported" \
	"bad events: a tilt outside 0-180, an event the kind does not send; exit 65"

# ---- scan: each default rule fired by one device, almost by another ----
cp shequ.db away.db
run shequ-alert scan --at '2026-12-05 21:00'
is "$rc:$err" "0:" "scan: silent on stderr"
is "$out" "2026-12-05 21:00:00,1,AL1,water_low_12h,high,M1,water_meter,甲小区 1-1-301,JA-01,family,5.0 L in 12 h
2026-12-05 21:00:00,2,AL2,water_high_24h,medium,M3,water_meter,甲小区 2-1-101,JA-02,family,1001.0 L in 24 h
2026-12-05 21:00:00,3,AL3,water_running,medium,M5,water_meter,甲小区 2-1-101,JA-02,family,water in every 30 min for 24 h
2026-12-05 21:00:00,4,AL4,water_low_12h,high,M7,water_meter,甲小区 1-1-302,JA-01,family,4.0 L in 12 h
2026-12-05 21:00:00,5,AL5,water_low_24h,high,M7,water_meter,甲小区 1-1-302,JA-01,family,8.0 L in 24 h
2026-12-05 21:00:00,6,AL6,water_low_12h,high,M10,water_meter,甲小区 2-1-101,JA-02,family,7.0 L in 12 h
2026-12-05 21:00:00,7,AL7,water_low_12h,high,M11,water_meter,甲小区 2-1-101,JA-02,family,9.0 L in 12 h
2026-12-05 21:00:00,8,AL8,water_low_12h,high,M12,water_meter,甲小区 1-1-302,JA-01,family,5.0 L in 12 h
2026-12-05 21:00:00,9,AL9,water_low_24h,high,M12,water_meter,甲小区 1-1-302,JA-01,family,5.0 L in 24 h
2026-12-05 21:00:00,10,AL10,lamp_fault,low,L1,lamp_post,\"10,20\",,grid_worker,fault
2026-12-05 21:00:00,11,AL11,call_button,urgent,B1,call_button,甲小区 1-1-301,JA-01,family,press
2026-12-05 21:00:00,12,AL12,manhole_tilt,high,C1,manhole_cover,甲小区 1,JA-01,grid_worker,tilt 15 for 5 s
2026-12-05 21:00:00,13,AL13,manhole_missing,urgent,C2,manhole_cover,\"120.5,80.25\",,grid_worker,missing
2026-12-05 21:00:00,14,AL14,falling_object,high,F1,falling_object_camera,甲小区 2,JA-02,grid_worker,object" \
	"one CSV line per new alert: each rule fired once"
# Almost: M2 used exactly 10 L in 12 h, M4 exactly 1,000 L in 24 h, M6 had a
# dry half hour, M8 10 L in 24 h, M9 is 21 h silent, C2 tilted 15° for 1 s and
# 9.5° for 10 s, B2 was removed before its press, L2 only reported a repair.
# M10's reset counts the 2 L after it; M11 rolled over at 100,000 m³ (5 + 4 L);
# M12's 44-hour gap proves less than 10 L in either window.
is "$(sql "SELECT count(*) FROM request_order WHERE source = 'alert'")" 14 "each alert opened one order"
run shequ-request history AL11
is "$out" "number,at,event,actor,note,satisfied,rating,origin
AL11,2026-12-05 21:00:00,received,shequ-alert,,,,
AL11,2026-12-05 21:00:00,assigned,family,told first,,," "the order: received, the first rung told"
is "$(shequ-request list --open | awk -F, '$1 == "AL11" { print $3, $9, $10, $11, $14, $15 }')" \
	"emergency_call 张* 138****8001 family accept 2026-12-05 21:01:00" \
	"a button press runs on the hotline's promise (accept within 1 minute); person and contact masked"

# ---- nothing new: silent; dedup; the ladder ----
shequ-alert -q import "$F/events.csv" readings.csv
run shequ-alert scan --at '2026-12-05 21:00:30'
is "$rc:$out:$err" "0::" "nothing new: nothing printed"
run shequ-alert scan --full --at '2026-12-05 21:00:40'
is "$rc:$out" "0:" "a full rescan raises nothing twice"
shequ-alert scan --at '2026-12-05 21:05' >/dev/null
shequ-alert scan --at '2026-12-05 21:07' >/dev/null
run shequ-request history AL11
is "$out" "number,at,event,actor,note,satisfied,rating,origin
AL11,2026-12-05 21:00:00,received,shequ-alert,,,,
AL11,2026-12-05 21:00:00,assigned,family,told first,,,
AL11,2026-12-05 21:05:00,assigned,grid_worker,not accepted within 1 minutes,,,
AL11,2026-12-05 21:07:00,assigned,community,not accepted within 1 minutes,,," \
	"escalation: family, then the grid worker, then the community, one rung a scan"
shequ-request accept AL1 --at '2026-12-05 21:20' --actor 张小一
shequ-alert scan --at '2026-12-05 21:40' >/dev/null
is "$(sql "SELECT count(*) FROM request_event e JOIN request_order o ON o.id = e.order_id WHERE o.number = 'AL1' AND event = 'assigned'")" 1 \
	"an accepted order climbs no further"
is "$(sql "SELECT number, assignee FROM request_order WHERE number IN ('AL2', 'AL4', 'AL12') ORDER BY 1")" "AL12|community
AL2|family
AL4|grid_worker" "the order is with the rung told last, each rule at its own pace (30 and 60 minutes)"

# ---- clearing ----
printf 'device,at,reading\nM1,2026-12-05 21:30,100.050\n' >more.csv
printf 'device,at,event,value\nC1,2026-12-05 21:30,level,1\n' >level.csv
shequ-alert -q import more.csv level.csv
run shequ-alert scan --at '2026-12-05 22:00'
is "$rc:$out" "0:" "clearing raises nothing"
is "$(sql "SELECT id, cleared, closed IS NULL FROM alert WHERE cleared IS NOT NULL ORDER BY id")" "1|2026-12-05 21:30:00|1
12|2026-12-05 21:30:00|1" "water used again and a level cover clear their alerts, which stay open"
is "$(shequ-request list --open | cut -d, -f1 | grep -c '^AL1$')" 1 "a cleared alert's order is still open"

# ---- offline: M9 silent for a day by the end of it ----
run shequ-alert scan
is "$out" "2026-12-05 23:59:59,15,AL15,meter_offline,low,M9,water_meter,甲小区 2-1-101,JA-02,grid_worker,no reading since 2026-12-04 23:59:00" \
	"a meter silent for a day raises its own alert"

# ---- close: real or false ----
run shequ-alert close AL1 --real no --finding '在家, 出门少' --at '2026-12-05 22:10' --actor 网格员甲
is "$rc:$err" "0:" "close a false alarm"
contains "$(shequ-request history AL1 | tail -1)" '2026-12-05 22:10:00,closed,网格员甲,"false alarm: 在家, 出门少"' \
	"its order is closed with the finding"
run shequ-alert close 1 --real yes --finding x
is "$rc:$err" "65:shequ-alert: alert 1 is closed already" "an alert is closed once"
run shequ-alert close AL99 --real yes --finding x
is "$rc:$err" "65:shequ-alert: no alert AL99" "no such alert"
shequ-request accept AL11 --at '2026-12-05 21:08'
shequ-request arrive AL11 --at '2026-12-05 21:09'
shequ-request accept AL12 --at '2026-12-05 21:03'
shequ-request arrive AL12 --at '2026-12-05 21:30'
shequ-alert close AL11 --real yes --finding 老人摔倒 --at '2026-12-05 21:30'
shequ-alert close AL12 --real yes --finding 井盖松动 --at '2026-12-05 21:40'
run shequ-alert list --open
is "$(echo "$out" | cut -d, -f1 | tr '\n' ' ')" "alert 2 3 4 5 6 7 8 9 10 13 14 15 " "list --open: the alerts not closed"
run shequ-alert list
is "$(echo "$out" | awk -F, '$1 == 1 || $1 == 11')" '1,AL1,2026-12-05 21:00:00,2026-12-05 18:00:00,water_low_12h,high,M1,water_meter,甲小区 1-1-301,JA-01,张*,138****8001,5.0 L in 12 h,family,closed,2026-12-05 21:30:00,2026-12-05 22:10:00,0,"在家, 出门少"
11,AL11,2026-12-05 21:00:00,2026-12-05 09:00:00,call_button,urgent,B1,call_button,甲小区 1-1-301,JA-01,张*,138****8001,press,community,closed,,2026-12-05 21:30:00,1,老人摔倒' \
	"list: the whole story of an alert, person and contact masked"

# ---- stats ----
run shequ-alert stats 2026-12
is "$out" "period,rule,alerts,real,false,open,first_contact_median,on_site_median
2026-12,call_button,1,1,0,0,8.00,9.00
2026-12,falling_object,1,0,0,1,,
2026-12,lamp_fault,1,0,0,1,,
2026-12,manhole_missing,1,0,0,1,,
2026-12,manhole_tilt,1,1,0,0,3.00,30.00
2026-12,meter_offline,1,0,0,1,,
2026-12,water_high_24h,1,0,0,1,,
2026-12,water_low_12h,5,0,1,4,20.00,
2026-12,water_low_24h,2,0,0,2,,
2026-12,water_running,1,0,0,1,," "stats by rule: alerts, real and false, medians to contact and on site"
run shequ-alert stats 2026-12 --by grid
is "$out" "period,grid,alerts,real,false,open,first_contact_median,on_site_median
2026-12,,2,0,0,2,,
2026-12,JA-01,7,2,1,4,8.00,19.50
2026-12,JA-02,6,0,0,6,," "stats by grid (coordinates in no grid)"
run shequ-alert stats 2026-11
is "$out" "period,rule,alerts,real,false,open,first_contact_median,on_site_median" "a period without alerts: the header"

# ---- away ----
run shequ-alert --db away.db away 110101194001010011 --until 2026-12-06
is "$rc:$err" "0:" "away until a day"
run shequ-alert --db away.db away 110101193804040044 --until 2026-12-06
is "$rc:$err" "65:shequ-alert: 110101********0044 is not a current resident" "away: only a current resident"
run shequ-alert --db away.db scan --at '2026-12-05 21:00'
is "$(echo "$out" | grep -c ',M1,')$(echo "$out" | grep -c ',B1,')" "01" "away silences the water rules, not the call button"

# ---- one scan at a time ----
if command -v flock >/dev/null; then
	run flock "$SHEQU_DB.scan-lock" shequ-alert scan
	is "$rc:$err" "75:shequ-alert: another scan is running" "a second scan exits 75"
else
	skip "flock(1) is not installed"
fi
run shequ-alert close AL2 --real maybe --finding x
is "$rc" 64 "--real takes yes or no"

# ---- a database of readings stored before migration 15 ----
# Times were text and a seq numbered the readings; the scan had read up to
# seq 2.  Migrated: times are local seconds, and what the scan had not read
# (import 2's readings) is its batch, the scan's mark the import it read.
mkdir old && (
	cd old
	for f in "$srcdir"/share/migrations/0*.sql; do
		case $f in */01[5-9]-*.sql | */0[2-9]?-*.sql) ;; *) cat "$f" ;; esac
	done | sqlite3 old.db
	sqlite3 old.db "PRAGMA user_version = $(ls "$srcdir"/share/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | awk '$1 < 15' | tail -1)"
	sqlite3 old.db "INSERT INTO import_log VALUES (1, '2026-12-01 00:00:00', 'a.csv', 'alert-readings', 2, 2, 0, 0, 0, 0),
		(2, '2026-12-02 00:00:00', 'b.csv', 'alert-readings', 2, 2, 0, 0, 0, 0);
	INSERT INTO alert_device (id, code, kind, changed) VALUES (1, 'M1', 'water_meter', '2026-12-01 00:00:00'),
		(2, 'M2', 'water_meter', '2026-12-01 00:00:00');
	INSERT INTO alert_reading (device_id, at, litres, reset, seq, import_id, line) VALUES
		(1, '2026-12-01 08:00:00', 10, 0, 1, 1, 2), (2, '2026-12-01 08:00:00', 20, 0, 2, 1, 3),
		(1, '2026-12-02 09:30:00', 15, 1, 3, 2, 2), (1, '2026-12-02 07:00:00', 12, 0, 4, 2, 3);
	INSERT INTO alert_scan VALUES (1, 2, 0, '2026-12-01 09:00:00')"
)
SHEQU_DB=$PWD/old/old.db run shequ-db init
is "$rc:$(sqlite3 old/old.db "SELECT group_concat(device_id || ' ' || datetime(at, 'unixepoch') || ' ' || litres || ' ' || reset || ' ' || import_id || ' ' || line, '; ') FROM alert_reading")" \
	"0:1 2026-12-01 08:00:00 10.0 0 1 2; 1 2026-12-02 07:00:00 12.0 0 2 3; 1 2026-12-02 09:30:00 15.0 1 2 2; 2 2026-12-01 08:00:00 20.0 0 1 3" \
	"migration 15: the readings kept, their times local seconds"
is "$(sqlite3 old/old.db "SELECT import_id, device_id, datetime(first_at, 'unixepoch'), readings FROM alert_reading_batch; SELECT reading_import, event_id, at FROM alert_scan")" \
	"2|1|2026-12-02 07:00:00|2
1|0|2026-12-01 09:00:00" "migration 15: what the scan had not read is its batch"

done_testing
