# tests/fixture.sh - a small hand-made community written straight into the
# real schema with the sqlite3 shell (no shequ-import, no shequ-grid), for
# tests that need inspections, grids and staff.  Sourced after tests/lib.sh.
#
#   compound 甲小区 (JA): building 1 units 1, 2 -> grid JA-01; building 2
#                         unit 1 -> grid JA-02
#   compound 乙小区 (YB): building 1 unit 1 -> grid YB-01
# Stairwell ids: 1 = 甲 1-1, 2 = 甲 1-2, 3 = 甲 2-1, 4 = 乙 1-1.

# fixture_places - create the database with places, grids and staff.
fixture_places() {
	shequ-db init || return 1
	sql "INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA'), (2, '乙小区', 'YB');
	INSERT INTO building (id, compound_id, name) VALUES (1, 1, '1'), (2, 1, '2'), (3, 2, '1');
	INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1'), (2, 1, '2'), (3, 2, '1'), (4, 3, '1');
	INSERT INTO grid (id, code, compound_id, created) VALUES
		(1, 'JA-01', 1, '2026-01-01 00:00:00'), (2, 'JA-02', 1, '2026-01-01 00:00:00'),
		(3, 'YB-01', 2, '2026-01-01 00:00:00');
	INSERT INTO grid_stairwell VALUES (1, 1), (2, 1), (3, 2), (4, 3);
	INSERT INTO staff (name, phone, role, grid, updated) VALUES
		('王网格', '13800000001', 'head', 'JA-01', '2026-01-01'),
		('李管家', '13800000002', 'butler', 'JA-01', '2026-01-01'),
		('赵管家', '13800000003', 'butler', 'JA-01', '2026-01-01');"
}

# insp STAIRWELL DAY S1 S2 S3 S4 S5 - scores of 净 畅 亮 安 美; '-' leaves one out.
insp() {
	local s=$1 d=$2 i=0 item v q=""
	shift 2
	for item in 净 畅 亮 安 美; do
		i=$((i + 1))
		v=${!i}
		[ "$v" = - ] && continue
		q="$q INSERT OR REPLACE INTO inspection (stairwell_id, day, item, score, imported)
			VALUES ($s, '$d', '$item', $v, '2026-01-01 00:00:00');"
	done
	sql "$q"
}

# fixture_inspections - the hand-computed inspections of tests/e2e/tally.sh:
#   甲 1-1: June 90; July 100, 90 (美 10 fails), 95 (美 passes the next day).
#   甲 1-2: 80, then a day without 美 (incomplete).
#   甲 2-1: 净 fails three times in a row (10 11 11), passes on 07-10.
#   乙 1-1: 净 7 is severe; passes on 07-05.
fixture_inspections() {
	insp 1 2026-06-30 18 18 18 18 18
	insp 1 2026-07-01 20 20 20 20 20
	insp 1 2026-07-02 20 20 20 20 10
	insp 1 2026-07-03 20 20 20 20 15
	insp 2 2026-07-01 16 16 16 16 16
	insp 2 2026-07-02 16 16 16 16 -
	insp 3 2026-07-01 10 14 14 14 14
	insp 3 2026-07-02 11 14 14 14 14
	insp 3 2026-07-03 11 14 14 14 14
	insp 3 2026-07-10 15 14 14 14 14
	insp 4 2026-07-01 7 20 20 20 20
	insp 4 2026-07-05 20 20 20 20 20
}

# inspections FIRST LAST [SCORE] - a CSV of every stairwell of the fixture
# inspected every day from FIRST to LAST, all five marks at SCORE (18).
inspections() {
	local d=$1 score=${3:-18} item
	echo "日期,小区,楼号,单元,项目,得分,检查人,备注"
	while [[ ! $d > $2 ]]; do
		for item in 净 畅 亮 安 美; do
			echo "$d,甲小区,1号楼,1单元,$item,$score,张三,"
			echo "$d,甲小区,1号楼,2单元,$item,$score,张三,"
			echo "$d,甲小区,2号楼,1单元,$item,$score,张三,"
			echo "$d,乙小区,1号楼,1单元,$item,$score,李四,"
		done
		d=$(date -u -d "$d + 1 day" +%F)
	done
}
