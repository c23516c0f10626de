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
