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
shequ-alert: bad-readings.csv:4: 时间: 2026-12-06 19:00:00 is in the future
shequ-alert: bad-readings.csv:5: 读数: another reading at 2026-12-05 18:00:00 is there already
shequ-alert: bad-readings.csv:8: 设备编号: a call_button sends no readings
shequ-alert: bad-readings.csv:9: 读数: expected a reading of at least 0, got 'abc'
shequ-alert: bad-readings.csv:3: 读数: goes back from 100.005 m³ (2026-12-05 18:00:00) to 99.000 m³ without a reset marker
shequ-alert: bad-readings.csv:7: 读数: goes back from 100.020 m³ (2026-12-05 13:00:00) to 100.010 m³ without a reset marker
shequ-alert: bad-readings.csv: readings: 9 rows read; 4 new, 0 changed, 0 unchanged; 7 rejected; nothing imported" \
	"bad readings: unknown device, future, backwards (a late one too), a second value; exit 65"
is "$(sql "SELECT count(*) FROM alert_reading")" 120 "nothing of bad readings is kept"
printf 'device,at,reading\nM2,2026-12-05 12:00,100.004\n' >late.csv
run shequ-alert import late.csv
is "$rc" 0 "a late reading that fits between its neighbours is taken"

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

done_testing
