#!/bin/bash
# shequ-reach on a hand-computed community (tests/reach/): walking minutes
# on the plane and on the sphere, coverage by age group from known birth
# dates, gaps, the best site, the load, every bad input of the register,
# and the map, rendered and parsed.
. "$srcdir/tests/lib.sh"
F=$srcdir/tests/reach

# 甲小区: building 1 at (0, 0) and building 2 at (300, 400) in grid JA-01,
# building 3 at (1000, 0) in grid JA-02, building 4 without coordinates and
# without residents.  On 2026-08-01: building 1 holds one person of 80
# (born 1946-07-31), living alone; building 2 a child of 1 (born
# 2024-08-02, a day short of 2) and an adult in room 101, a child of 4 in
# room 102; building 3 a child of 3 (born that day in 2023) and a person
# of 59 (60 the next day).
shequ-db init
sql "$(cat "$F/community.sql")"
export SHEQU_TODAY=2026-08-01

# ---- the register ----
run shequ-reach import "$F/facilities.csv"
is "$rc:$err" "0:shequ-reach: $F/facilities.csv: 2 rows read, planar metres; 0 rejected" \
	"a planar register with Chinese headers and a kind by code"
is "$(sql "SELECT name, kind, x, y, lonlat, capacity, area, hours FROM reach_facility ORDER BY id")" \
	"甲幼儿园|kindergarten|0.0|0.0|0|2|300.0|07:30-17:30
甲便利店|convenience|1000.0|100.0|0||80.0|全天" "every column stored"

# ---- walking minutes on the plane: 1.2 x straight / 70 m a minute ----
# kindergarten (5 minutes): building 2 is 500 m away, 600 m on foot, 8.57
# minutes; building 3 is 1000 m, 1200 m on foot, 17.14 minutes.
run shequ-reach buildings --kind 幼儿园
is "$rc:$out" "0:period,compound,building,grid,households,residents,kind,facility,metres,minutes,tier,inside
2026-08-01,甲小区,1,JA-01,1,1,kindergarten,甲幼儿园,0,0.0,5,yes
2026-08-01,甲小区,2,JA-01,2,3,kindergarten,甲幼儿园,600,8.6,5,no
2026-08-01,甲小区,3,JA-02,1,2,kindergarten,甲幼儿园,1200,17.1,5,no" "planar minutes, pinned by hand"
run shequ-reach buildings --kind 便利店 --speed 60 --detour 1.5
contains "$out" "2026-08-01,甲小区,3,JA-02,1,2,convenience,甲便利店,150,2.5,5,yes" \
	"--speed and --detour: 100 m x 1.5 / 60 = 2.5 minutes"
contains "$out" "2026-08-01,甲小区,2,JA-01,2,3,convenience,甲便利店,1142,19.0,5,no" \
	"the nearest of its kind: 761.6 m straight from building 2"

# ---- coverage by group, ages on the report date ----
run shequ-reach coverage --kind kindergarten
is "$rc:$out" "0:period,kind,grid,group,inside,counted,percent
2026-08-01,kindergarten,JA-01,households,1,3,33.3
2026-08-01,kindergarten,JA-01,residents,1,4,25.0
2026-08-01,kindergarten,JA-01,age60,1,1,100.0
2026-08-01,kindergarten,JA-01,age80,1,1,100.0
2026-08-01,kindergarten,JA-01,alone,1,1,100.0
2026-08-01,kindergarten,JA-01,under3,0,1,0.0
2026-08-01,kindergarten,JA-01,age3_6,0,1,0.0
2026-08-01,kindergarten,JA-02,households,0,1,0.0
2026-08-01,kindergarten,JA-02,residents,0,2,0.0
2026-08-01,kindergarten,JA-02,age60,0,0,
2026-08-01,kindergarten,JA-02,age80,0,0,
2026-08-01,kindergarten,JA-02,alone,0,0,
2026-08-01,kindergarten,JA-02,under3,0,0,
2026-08-01,kindergarten,JA-02,age3_6,0,1,0.0
2026-08-01,kindergarten,all,households,1,4,25.0
2026-08-01,kindergarten,all,residents,1,6,16.7
2026-08-01,kindergarten,all,age60,1,1,100.0
2026-08-01,kindergarten,all,age80,1,1,100.0
2026-08-01,kindergarten,all,alone,1,1,100.0
2026-08-01,kindergarten,all,under3,0,1,0.0
2026-08-01,kindergarten,all,age3_6,0,2,0.0" "coverage per grid and in all, by group"
run shequ-reach coverage --kind kindergarten --date 2026-08-02
contains "$out" "2026-08-02,kindergarten,all,age60,1,2,50.0" "a day later, the person of 59 is 60"
run shequ-reach coverage --kind kindergarten --date 2026-07-31
contains "$out" "2026-07-31,kindergarten,all,under3,0,2,0.0" "a day earlier, the child of 3 is 2"
contains "$out" "2026-07-31,kindergarten,all,age80,1,1,100.0" "and 80 on the birthday itself"

# ---- gaps, site, load ----
run shequ-reach gaps --kind 幼儿园
is "$out" "period,kind,serves,compound,building,grid,minutes,tier,affected,households,residents,age60,age80,alone,under3,age3_6
2026-08-01,kindergarten,age3_6,甲小区,2,JA-01,8.6,5,1,2,3,0,0,0,1,1
2026-08-01,kindergarten,age3_6,甲小区,3,JA-02,17.1,5,1,1,2,0,0,0,0,1" \
	"gaps: the children of 3 to 6 outside, more residents first on a tie"
run shequ-reach site --kind 幼儿园 --top 2
is "$out" "period,kind,rank,compound,building,grid,gained,building_count,households
2026-08-01,kindergarten,1,甲小区,2,JA-01,1,1,2
2026-08-01,kindergarten,2,甲小区,3,JA-02,1,1,1" "site: each uncovered building brings its own child inside"
run shequ-reach load --kind 幼儿园
is "$out" "period,kind,facility,capacity,building_count,households,residents,catchment_people,catchment_inside,load_percent
2026-08-01,kindergarten,甲幼儿园,2,3,4,6,2,0,100.0" "load: two children of 3 to 6 for 2 places"

# ---- bad input: every row reported, nothing imported ----
run shequ-reach import "$F/bad.csv"
is "$rc" 65 "a bad register exits 65"
is "$err" "shequ-reach: $F/bad.csv:3: 类型: unknown kind '菜鸟驿站' (shequ-reach kinds lists them)
shequ-reach: $F/bad.csv:4: no coordinates: x and y, or lon and lat, are needed
shequ-reach: $F/bad.csv:5: x: 4.0 km outside the community's buildings (longitude and latitude swapped, or another coordinate system?)
shequ-reach: $F/bad.csv:6: 容量: negative: -3
shequ-reach: $F/bad.csv:7: 建筑面积: negative: -1
shequ-reach: $F/bad.csv:8: 经度: the register mixes lon, lat and x, y (line 2): one file uses one of the two
shequ-reach: $F/bad.csv:9: 名称: 幼儿园 '甲幼儿园' is listed twice (line 2)
shequ-reach: $F/bad.csv:10: y: x without y
shequ-reach: $F/bad.csv: 9 rows read, planar metres; 8 rejected; nothing imported" \
	"unknown kind, no coordinates, km outside, negative lengths, mixed, twice, half a pair"
is "$(sql "SELECT count(*) FROM reach_facility")" 2 "the register is as it was"
printf 'name,kind\n甲,幼儿园\n' >nocoord.csv
run shequ-reach import nocoord.csv
is "$rc:$err" "65:shequ-reach: nocoord.csv:1: the header lacks coordinates: x and y, or lon and lat (经度, 纬度)" \
	"a register without coordinate columns"
run shequ-reach buildings --kind 菜鸟驿站
is "$rc" 64 "an unknown --kind is a usage error"

# ---- a walking network: true path lengths, a building cut off ----
# n1 (0, 0) - n2 (300, 0): 300 m, the straight line as no length is given;
# n2 - n3 (300, 400): 400 m; n4 (1000, 10) has no edge.  Building 2 walks
# 700 m (10.0 minutes, no detour on a network); building 3 snaps to n4,
# 10 m away, and has no path.
run shequ-reach buildings --kind 幼儿园 --nodes "$F/nodes.csv" --edges "$F/edges.csv"
is "$rc:$out" "0:period,compound,building,grid,households,residents,kind,facility,metres,minutes,tier,inside
2026-08-01,甲小区,1,JA-01,1,1,kindergarten,甲幼儿园,0,0.0,5,yes
2026-08-01,甲小区,2,JA-01,2,3,kindergarten,甲幼儿园,700,10.0,5,no
2026-08-01,甲小区,3,JA-02,1,2,kindergarten,,,,5,no" "network path lengths, pinned by hand"
is "$err" "shequ-reach: 1 buildings with residents have no path on the network to a 幼儿园" \
	"a building without a path is reported, not dropped"
run shequ-reach buildings --nodes "$F/nodes.csv" --edges "$F/edges-bad.csv"
is "$rc:$err" "65:shequ-reach: $F/edges-bad.csv:3: to: unknown node 'n9'
shequ-reach: $F/edges-bad.csv:4: length: negative: -5
shequ-reach: $F/nodes.csv, $F/edges-bad.csv: bad rows: the network is not used" \
	"an edge to an unknown node and a negative length: 65"
run shequ-reach buildings --nodes "$F/nodes.csv"
is "$rc" 64 "--nodes without --edges is a usage error"

# ---- the map: rendered, and parsed for what it shows ----
mkdir maps
run shequ-reach map --kind 幼儿园 -o maps
is "$rc:$err" "0:shequ-reach: 1 maps written to maps" "map writes one SVG"
is "$(python3 -c '
import sys, xml.etree.ElementTree as ET
n = "{http://www.w3.org/2000/svg}"
r = ET.parse(sys.argv[1]).getroot()
def cls(tag, c): return sum(1 for e in r.iter(n + tag) if e.get("class") == c)
fills = sorted(e.get("fill") for e in r.iter(n + "circle") if e.get("class") == "building")
print(cls("circle", "building"), cls("rect", "facility"), cls("circle", "tier"),
      sorted(e.text for e in r.iter(n + "text") if e.get("class") == "grid"), fills)
' maps/kindergarten.svg)" "3 1 1 ['JA-01', 'JA-02'] ['#1a9850', '#d73027', '#f39c12']" \
	"the SVG: three buildings (inside, within twice the tier, beyond), one facility, its tier, two grids"
if command -v rsvg-convert >/dev/null; then
	rsvg-convert -w 1188 maps/kindergarten.svg -o maps/kindergarten.png
	is "$?:$(head -c 8 maps/kindergarten.png | od -An -tx1 | tr -d ' ')" "0:89504e470d0a1a0a" \
		"the map renders to PNG"
else
	skip "rendering the map: rsvg-convert is missing (librsvg2-bin)"
fi

# ---- on the sphere: longitude and latitude, great-circle distances ----
export SHEQU_DB=$T/lonlat.db
shequ-db init
sql "INSERT INTO compound (id, name, code) VALUES (1, '乙小区', 'YI');
INSERT INTO building (id, compound_id, name, x, y) VALUES (1, 1, '1', 121.0, 31.0), (2, 1, '2', 121.006, 31.0);
INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1'), (2, 2, '1');
INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101'), (2, 2, '101');
INSERT INTO person (id, id_number, name, dwelling_id) VALUES
	(1, '110105199001010213', '丙', 1), (2, '110105196608020561', '己', 2);"
run shequ-reach import "$F/facilities-lonlat.csv"
is "$rc:$err" "0:shequ-reach: $F/facilities-lonlat.csv: 2 rows read, longitude and latitude; 0 rejected" \
	"a register in longitude and latitude"
# 0.002 degrees of latitude: 222.39 m, 266.87 m on foot, 3.81 minutes;
# 0.003 degrees of longitude at 31 degrees north: 285.94 m, 343.13 m, 4.90.
run shequ-reach buildings
is "$out" "period,compound,building,grid,households,residents,kind,facility,metres,minutes,tier,inside
2026-08-01,乙小区,1,,1,1,convenience,北便利店,267,3.8,5,yes
2026-08-01,乙小区,2,,1,1,convenience,东便利店,343,4.9,5,yes" "great-circle minutes, pinned by hand"
run shequ-reach import "$F/swapped.csv"
is "$rc:$err" "65:shequ-reach: $F/swapped.csv:2: lat: 121 is not a latitude (-90 to 90): longitude and latitude swapped?
shequ-reach: $F/swapped.csv:3: lon: 5.6 km outside the community's buildings (longitude and latitude swapped, or another coordinate system?)
shequ-reach: $F/swapped.csv: 2 rows read, longitude and latitude; 2 rejected; nothing imported" \
	"swapped latitude and longitude, and a point kilometres away"

done_testing
