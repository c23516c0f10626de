#!/bin/bash
# shequ-care on a hand-computed community: ages on the report day, the
# categories from tags through their aliases, who is due across the end of
# a week, a month and a quarter, visit rates, follow-ups that open orders,
# services, capacity against the norms, every bad row of an import, and
# masking on every list.
. "$srcdir/tests/lib.sh"

# 甲小区, grid JA-01: building 1 room 101 甲 (born 1946-07-31, 80 on
# 2026-07-31, tagged 独居老人); building 2 room 101 乙 (born 1966-08-02, 60
# on 2026-08-02), 丙 (born 1990, tagged 低保 and 党员), 丁 (born
# 2024-02-29), 戊 (born 2019-08-03, 7 on 2026-08-03); room 102 己 (born
# 1950, 空巢), moved out.  Grid JA-02: building 3 room 101 庚 (born 1940,
# 失能).  JA-01 has the grid workers 王五 and 李四; the first by name (李,
# U+674E, before 王, U+738B) visits whoever was never visited.
shequ-db init
sql "INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA');
INSERT INTO building (id, compound_id, name, x, y) VALUES (1, 1, '1', 0, 0), (2, 1, '2', 100, 0),
	(3, 1, '3', 1000, 0);
INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1'), (2, 2, '1'), (3, 3, '1');
INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101'), (2, 2, '101'), (3, 3, '101'),
	(4, 2, '102');
INSERT INTO person (id, id_number, name, phone, dwelling_id, moved_out) VALUES
	(1, '110105194607310023', '甲一', '13800138001', 1, NULL),
	(2, '110105196608020131', '乙二', NULL, 2, NULL),
	(3, '110105199001010248', '丙三', '13800138003', 2, NULL),
	(4, '110105202402290353', '丁四', NULL, 2, NULL),
	(5, '110105201908030466', '戊五', NULL, 2, NULL),
	(6, '110105195001010573', '己六', NULL, 4, '2026-06-01 00:00:00'),
	(7, '110105194001010683', '庚七', '13800138007', 3, NULL);
INSERT INTO person_tag VALUES (1, '独居老人'), (3, '低保'), (3, '党员'), (6, '空巢'), (7, '失能');
INSERT INTO grid (id, code, compound_id, created) VALUES
	(1, 'JA-01', 1, '2026-01-01 00:00:00'), (2, 'JA-02', 1, '2026-01-01 00:00:00');
INSERT INTO grid_stairwell VALUES (1, 1), (2, 1), (3, 2);
INSERT INTO staff (name, phone, role, grid, updated) VALUES
	('王五', '13900000001', 'worker', 'JA-01', '2026-01-01'),
	('李四', '13900000002', 'worker', 'JA-01', '2026-01-01');"
export SHEQU_TODAY=2026-08-03

# ---- who: ages and categories on the report day ----
run shequ-care who --date 2026-07-30
is "$rc:$out" "0:grid,compound,building,unit,room,name,id_number,age,categories,cadence,last_visit
JA-01,甲小区,1,1,101,甲*,110105********0023,79,独居、老年人,weekly,
JA-01,甲小区,2,1,101,丙*,110105********0248,36,特困,monthly,
JA-01,甲小区,2,1,101,丁*,110105********0353,2,三岁以下,none,
JA-01,甲小区,2,1,101,戊*,110105********0466,6,三至六岁,none,
JA-02,甲小区,3,1,101,庚*,110105********0683,86,失能、高龄、老年人,weekly," \
	"who on 2026-07-30: 甲 79, 乙 59 not listed, the moved-out 己 not listed, masked"
run shequ-care who --date 2026-07-31 --category 高龄
is "$out" "grid,compound,building,unit,room,name,id_number,age,categories,cadence,last_visit
JA-01,甲小区,1,1,101,甲*,110105********0023,80,高龄独居、独居、高龄、老年人,weekly,
JA-02,甲小区,3,1,101,庚*,110105********0683,86,失能、高龄、老年人,weekly," \
	"80 on the birthday: 高龄独居 and 高龄 from that day"
run shequ-care who --date 2027-02-28 --category under3
contains "$out" "丁*,110105********0353,2,三岁以下" "born 29 February: still under 3 on 2027-02-28"
run shequ-care who --date 2027-03-01 --category age3_6
contains "$out" "丁*,110105********0353,3,三至六岁" "and 3 on 2027-03-01"
run shequ-care who --count --date 2026-08-03
is "$(grep -E '^(JA-01|all),(elderly|alone|hardship|age3_6)' <<<"$out")" "JA-01,alone,独居,1
JA-01,hardship,特困,1
JA-01,elderly,老年人,2
JA-01,age3_6,三至六岁,0
all,alone,独居,1
all,hardship,特困,1
all,elderly,老年人,3
all,age3_6,三至六岁,0" "counts per grid and in all: 乙 is 60, 戊 is 7 on 2026-08-03"
contains "$(shequ-care who --unmask --reason 'home visit plan' --date 2026-08-03)" \
	"JA-01,甲小区,1,1,101,甲一,110105194607310023,80," "--unmask --reason shows names and IDs"
is "$(sql "SELECT who <> '', file, kind, reason FROM export_log")" "1|stdout|care who|home visit plan" \
	"and the unmasked list is recorded"
run shequ-care who --unmask
is "$rc" 64 "--unmask without --reason is a usage error"

# ---- visits: import, bad rows, nothing half-imported ----
cat >"$T/visits.csv" <<'CSV'
日期,身份证号,小区,楼号,单元,房号,姓名,探访人,探访方式,对象类别,探访情况,需跟进
2026-07-01,110105194607310023,,,,,,李四,上门探访,独居,身体尚可,否
2026/7/8,110105194607310023,,,,,,李四,电话问候,,,
2026-07-15,110105194607310023,,,,,,李四,上门,,,
2026-07-22,110105194607310023,,,,,,李四,home,,,
2026-07-28,,甲小区,1号楼,1单元,101室,甲一,李四,上门探访,,热水器坏了,是
2026-07-31,110105199001010248,,,,,,王五,上门探访,特困,,
2026-07-01,110105194001010683,,,,,,赵六,上门探访,失能,,
2026-07-15,110105194001010683,,,,,,赵六,上门探访,,需要助浴,需要
CSV
cat >"$T/visits-bad.csv" <<'CSV'
日期,身份证号,小区,楼号,单元,房号,姓名,探访人,探访方式,对象类别,探访情况,需跟进
2026-07-02,110105194501010794,,,,,,李四,上门探访,,,
2026-07-02,110105195001010573,,,,,,李四,上门探访,,,
2026-08-04,110105194607310023,,,,,,李四,上门探访,,,
2024-01-01,110105202402290353,,,,,,李四,上门探访,,,
2026-07-02,110105194607310023,,,,,,李四,打麻将,,,
2026-07-02,110105194607310023,,,,,,李四,上门探访,富裕,,
2026-07-02,,甲小区,9,1,101,无名,李四,上门探访,,,
2026-07-02,110105194607310023,,,,,,李四,上门探访,,,
CSV
run shequ-care import "$T/visits-bad.csv"
is "$rc" 65 "a visits log with bad rows exits 65"
is "$err" "shequ-care: $T/visits-bad.csv:2: 身份证号: 110105********0794 is not in the roster (a visit or service never adds a person)
shequ-care: $T/visits-bad.csv:3: 身份证号: 110105********0573 moved out (2026-06-01)
shequ-care: $T/visits-bad.csv:4: 日期: 2026-08-04 is in the future
shequ-care: $T/visits-bad.csv:5: 日期: 2024-01-01 is before the person was registered (born 2024)
shequ-care: $T/visits-bad.csv:6: 探访方式: unknown kind of visit '打麻将' (see share/care/visit-kinds.csv)
shequ-care: $T/visits-bad.csv:7: 对象类别: unknown category '富裕' (shequ-care categories lists them)
shequ-care: $T/visits-bad.csv:8: 姓名: 无* (甲小区 9-1-101) is not in the roster (a visit or service never adds a person)
shequ-care: $T/visits-bad.csv: visits: 8 rows, 7 rejected; nothing imported" \
	"one clear line per bad row, personal data masked"
is "$(sql "SELECT count(*) FROM care_visit")" 0 "nothing half-imported"
run shequ-care import --dry-run "$T/visits.csv"
is "$rc:$(sql "SELECT count(*) FROM care_visit")" "0:0" "--dry-run checks and keeps nothing"
run shequ-care import "$T/visits.csv"
is "$rc:$err" "0:shequ-care: $T/visits.csv: visits: 8 rows, 8 new, 0 updated, 0 unchanged; 0 rejected" \
	"a good log imports, by ID and by address and name"
run shequ-care import "$T/visits.csv"
is "$err" "shequ-care: $T/visits.csv: visits: 8 rows, 0 new, 0 updated, 8 unchanged; 0 rejected" \
	"imported twice: nothing changes, and it says so"
is "$(sql "SELECT day, kind, coalesce(category, '-'), follow_up FROM care_visit WHERE person_id = 1 ORDER BY day")" \
	"2026-07-01|home|alone|0
2026-07-08|phone|-|0
2026-07-15|home|-|0
2026-07-22|home|-|0
2026-07-28|home|-|1" "kinds and categories by name or code, dates as clerks write them"

# ---- due: across the end of a week, a month, a quarter ----
due_of() { shequ-care due "$1" | cut -d, -f1-3,4,9-12 | tail -n +2; }
is "$(due_of 2026-08-02)" "JA-01,李四,overdue,乙*,quarterly,,2026-09-30,
JA-01,王五,due,丙*,monthly,2026-07-31,2026-08-31,2
JA-02,赵六,overdue,庚*,weekly,2026-07-15,2026-08-02,18" \
	"Sunday 2 August: 甲 visited on Tuesday of the same week is not due though the month changed"
is "$(due_of 2026-08-03)" "JA-01,李四,due,甲*,weekly,2026-07-28,2026-08-09,6
JA-01,李四,overdue,乙*,quarterly,,2026-09-30,
JA-01,王五,due,丙*,monthly,2026-07-31,2026-08-31,3
JA-02,赵六,overdue,庚*,weekly,2026-07-15,2026-08-09,19" \
	"Monday 3 August: 甲 due within the week, per grid and visitor (a grid worker when never visited)"
is "$(due_of 2026-08-10 | head -1)" "JA-01,李四,overdue,甲*,weekly,2026-07-28,2026-08-16,13" \
	"a week without a visit: overdue"
is "$(due_of 2026-09-01 | grep 丙)" "JA-01,王五,overdue,丙*,monthly,2026-07-31,2026-09-30,32" \
	"August without a visit: the monthly 丙 is overdue"
is "$(shequ-care due 2026-08-03 --count)" "grid,people,due,overdue
JA-01,3,2,1
JA-02,1,0,1
all,4,2,2" "due --count per grid"
contains "$(shequ-care due 2026-08-03 | sed -n 2p)" ",甲*,110105********0023,138****8001," \
	"the due list masks name, ID and phone"
contains "$(shequ-care due 2026-08-03 --unmask --reason 'visit round')" \
	",甲一,110105194607310023,13800138001," "and shows them with --unmask --reason"
is "$(sql "SELECT kind, reason FROM export_log ORDER BY id DESC LIMIT 1")" "care due|visit round" \
	"recorded too"

# ---- visit rates ----
is "$(shequ-care visits 2026-07)" "grid,category,name,cadence,windows,people,visited,rate
JA-01,aged80_alone,高龄独居,weekly,4,1,1,1.000
JA-01,alone,独居,weekly,4,1,1,1.000
JA-01,care_need,失能,weekly,4,0,0,
JA-01,ill,重病,weekly,4,0,0,
JA-01,aged80,高龄,monthly,1,1,1,1.000
JA-01,empty_nest,空巢,monthly,1,0,0,
JA-01,disabled,残疾,monthly,1,0,0,
JA-01,hardship,特困,monthly,1,1,1,1.000
JA-02,aged80_alone,高龄独居,weekly,4,0,0,
JA-02,alone,独居,weekly,4,0,0,
JA-02,care_need,失能,weekly,4,1,0,0.000
JA-02,ill,重病,weekly,4,0,0,
JA-02,aged80,高龄,monthly,1,1,1,1.000
JA-02,empty_nest,空巢,monthly,1,0,0,
JA-02,disabled,残疾,monthly,1,0,0,
JA-02,hardship,特困,monthly,1,0,0,
all,aged80_alone,高龄独居,weekly,4,1,1,1.000
all,alone,独居,weekly,4,1,1,1.000
all,care_need,失能,weekly,4,1,0,0.000
all,ill,重病,weekly,4,0,0,
all,aged80,高龄,monthly,1,2,2,1.000
all,empty_nest,空巢,monthly,1,0,0,
all,disabled,残疾,monthly,1,0,0,
all,hardship,特困,monthly,1,1,1,1.000" \
	"July: the four weeks ending in July (the week of 27 July is August's), no quarterly window"
is "$(shequ-care visits 2026-Q3 | grep '^all,\(alone\|elderly\)')" "all,alone,独居,weekly,13,1,0,0.000
all,elderly,老年人,quarterly,1,3,2,0.667" \
	"the quarter: 13 weeks end in it; 乙 of 60 never visited"

# ---- follow-ups and their orders ----
is "$(shequ-care follow-ups 2026-07)" "day,grid,visitor,name,id_number,kind,finding,order
2026-07-15,JA-02,赵六,庚*,110105********0683,home,需要助浴,
2026-07-28,JA-01,李四,甲*,110105********0023,home,热水器坏了," "findings that asked for follow-up, masked"
run shequ-care follow-ups 2026-07 --order --scenario 求助
is "$rc:$err" "0:shequ-care: 2 orders opened" "--order opens an order for each"
is "$(sql "SELECT number, source, scenario, compound, building, room, requester, assignee FROM request_order ORDER BY number")" \
	"CV5|walk_in|help|甲小区|1|101|甲一|李四
CV8|walk_in|help|甲小区|3|101|庚七|赵六" "through shequ-request: source walk_in, the address, assigned to the visitor"
is "$(shequ-request history CV5 | cut -d, -f3,4 | tail -n +2)" "received,shequ-care
assigned,李四" "the order's log: received and assigned"
run shequ-care follow-ups 2026-07 --order
is "$err" "shequ-care: 0 orders opened" "a second run opens nothing twice"
contains "$(shequ-care follow-ups 2026-07)" "热水器坏了,CV5" "the follow-up names its order"
run shequ-care follow-ups 2026-07 --order --scenario 跳舞
is "$rc" 64 "an unknown scenario is a usage error"

# ---- services ----
cat >"$T/services.csv" <<'CSV'
服务日期,身份证号,服务项目,次数,服务机构
2026-07-02,110105194607310023,助餐,2,居家养老服务站
2026-07-03,110105194607310023,送餐,,居家养老服务站
2026-07-03,110105194001010683,康复护理,1,居家养老服务站
2026-07-06,110105202402290353,托育,1,托育中心
2026-08-02,110105201908030466,托育,1,托育中心
CSV
cat >"$T/services-bad.csv" <<'CSV'
服务日期,身份证号,服务项目,次数
2026-08-03,110105201908030466,托育,1
2026-07-03,110105194607310023,按摩,1
2026-07-03,110105194607310023,助餐,0
CSV
run shequ-care import "$T/services-bad.csv"
is "$rc:$err" "65:shequ-care: $T/services-bad.csv:2: 服务项目: a child of 7 is over 6 for 托育
shequ-care: $T/services-bad.csv:3: 服务项目: unknown service '按摩' (see share/care/services.csv)
shequ-care: $T/services-bad.csv:4: 次数: expected a whole number from 1 to 1000, got '0'
shequ-care: $T/services-bad.csv: services: 3 rows, 3 rejected; nothing imported" \
	"a child over 6 in childcare, an unknown service, a bad count: rejected, nothing kept"
run shequ-care import "$T/services.csv"
is "$rc:$(sql "SELECT count(*), sum(times) FROM care_service")" "0:5|6" \
	"a service record imports (戊 is 6 on 2026-08-02)"
is "$(shequ-care services 2026-07)" "service,name,people,times
meal,助餐,1,2
meal_delivery,送餐,1,1
day_care,日间托养,0,0
rehab,康复护理,1,1
recreation,文化娱乐,0,0
childcare,托育,1,1
all,,3,5" "July per service: people served and times"
is "$(shequ-care services 2026-07 --by category | grep -E '^(alone|aged80|hardship|elderly|under3),')" \
	"alone,独居,1,1,0
aged80,高龄,2,2,0
hardship,特困,1,0,1
elderly,老年人,2,2,0
under3,三岁以下,1,1,0" "per category: who got nothing (丙 of 特困)"

# ---- capacity against the norms ----
cat >"$T/facilities.csv" <<'CSV'
名称,类型,x,y,容量,建筑面积
甲托育,托儿所,10,0,10,
甲养老,老年服务站,990,0,,30
CSV
shequ-reach -q import "$T/facilities.csv"
is "$(shequ-care capacity)" "scope,norm,name,base,base_count,minimum,per,required,actual,unknown,pass
community,childcare_places,每千人托位数,residents,6,4.5,1000,0.03,10.0,0,yes
community,elderly_area,每百户养老服务用房面积,households,3,20.0,100,0.60,30.0,0,yes
JA-01,childcare_places,每千人托位数,residents,5,4.5,1000,0.02,10.0,0,yes
JA-01,elderly_area,每百户养老服务用房面积,households,2,20.0,100,0.40,0.0,0,no
JA-02,childcare_places,每千人托位数,residents,1,4.5,1000,0.00,0.0,0,no
JA-02,elderly_area,每百户养老服务用房面积,households,1,20.0,100,0.20,30.0,0,yes" \
	"4.5 places per 1,000 residents, 20 m² per 100 households, per community and grid"

# ---- usage ----
run shequ-care visits
is "$rc" 64 "visits needs a PERIOD"
run shequ-care due --by category
is "$rc" 64 "--by goes with services only"
shequ-care due 2026-08-03 >/dev/full 2>"$T/err"
is "$?:$(cat "$T/err")" "74:shequ-care: writing the report failed" "a full disk is a write error (74)"
run shequ-care who --db "$T/none.db"
is "$rc" 66 "no database: 66"

done_testing
