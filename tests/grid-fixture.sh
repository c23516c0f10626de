# tests/grid-fixture.sh - build registry databases for tests and benchmarks with
# plain SQL through the sqlite3 shell, into the real schema (shequ-db init
# first).  Sourced after tests/lib.sh (or with SHEQU_DB set).
#
#	fx_init                           shequ-db init
#	fx_compound NAME CODE             a compound
#	fx_building CODE NAME [X Y]       a building of compound CODE
#	fx_stairwell CODE BUILDING UNIT N [PEOPLE [BIRTH]]
#	                                  unit UNIT of the building with N
#	                                  households of PEOPLE residents each
#	                                  (default 1) born on BIRTH (1980-01-01)
#	fx_building_units CODE NAME UNITS N [X Y]
#	                                  a building with UNITS units of N households
#	fx_empty CODE BUILDING            every resident of the building moves out
#	fx_staff NAME PHONE ROLE GRID COMPOUND BUILDING PAIR BRANCH
#	fx_sample                         the sample community (share/sample)

fx_sql() { sqlite3 -batch "$SHEQU_DB"; }

fx_init() { shequ-db init; }

fx_compound() { echo "INSERT INTO compound (name, code) VALUES ('$1', '$2');" | fx_sql; }

fx_building() {
	local xy="NULL, NULL"
	[ $# -ge 4 ] && xy="$3, $4"
	echo "INSERT INTO building (compound_id, name, x, y)
	      SELECT id, '$2', $xy FROM compound WHERE code = '$1';" | fx_sql
}

fx_stairwell() {
	local people=${5:-1} birth=${6:-1980-01-01}
	fx_sql <<SQL
INSERT OR IGNORE INTO stairwell (building_id, unit)
  SELECT b.id, '$3' FROM building b JOIN compound c ON c.id = b.compound_id
  WHERE c.code = '$1' AND b.name = '$2';
CREATE TEMP TABLE sw AS SELECT s.id FROM stairwell s JOIN building b ON b.id = s.building_id
  JOIN compound c ON c.id = b.compound_id WHERE c.code = '$1' AND b.name = '$2' AND s.unit = '$3';
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $4)
INSERT INTO dwelling (stairwell_id, room)
  SELECT (SELECT id FROM sw), printf('%d%02d', (i - 1) / 2 + 1, (i - 1) % 2 + 1) FROM k;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $people)
INSERT INTO person (id_number, id_kind, name, gender, birth_date, dwelling_id, updated)
  SELECT printf('T%09d%08d', d.id, j), 'resident', '居民', 'F', '$birth', d.id, '2026-07-01 00:00:00'
  FROM dwelling d, k WHERE d.stairwell_id = (SELECT id FROM sw);
SQL
}

fx_building_units() {
	fx_building "$1" "$2" ${5:+"$5"} ${6:+"$6"}
	local u
	for u in $(seq 1 "$3"); do fx_stairwell "$1" "$2" "$u" "$4"; done
}

fx_empty() {
	echo "UPDATE person SET moved_out = '2026-08-01' WHERE dwelling_id IN
	      (SELECT d.id FROM dwelling d JOIN stairwell s ON s.id = d.stairwell_id
	       JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id
	       WHERE c.code = '$1' AND b.name = '$2');" | fx_sql
}

fx_staff() {
	echo "INSERT INTO staff (name, phone, role, grid, compound, building, pair_phone, branch, updated)
	      VALUES ('$1', '$2', '$3', NULLIF('${4:-}', ''), NULLIF('${5:-}', ''), NULLIF('${6:-}', ''),
	              NULLIF('${7:-}', ''), NULLIF('${8:-}', ''), '2026-07-01 00:00:00');" | fx_sql
}

# The sample community: buildings with coordinates, the GB18030 roster
# (addresses 1号楼/1单元 stripped to 1/1), and the staff with their roles.
fx_sample() {
	local s=${SAMPLE:-$srcdir/share/sample}
	{
		echo "BEGIN;"
		sed '1s/^\xef\xbb\xbf//' "$s/buildings.csv" | tr -d '\r' | awk -F, 'NR > 1 {
			printf "INSERT OR IGNORE INTO compound (name, code) VALUES (\x27%s\x27, \x27%s\x27);\n", $1, $2
			printf "INSERT INTO building (compound_id, name, units, floors, x, y) SELECT id, \x27%s\x27, %s, %s, %s, %s FROM compound WHERE code = \x27%s\x27;\n", $3, $4, $5, $6, $7, $2 }'
		iconv -f GB18030 -t UTF-8 "$s/residents.csv" | tr -d '\r' | awk -F, 'NR > 1 {
			b = $2; sub(/(号楼|栋|幢|号)$/, "", b); u = $3; sub(/单元$/, "", u); sub(/室$/, "", $4)
			id = $6; bd = substr(id, 7, 4) "-" substr(id, 11, 2) "-" substr(id, 13, 2)
			g = (substr(id, 17, 1) % 2) ? "M" : "F"
			key = $1 "/" b "/" u
			if (!(key in sw)) { sw[key] = 1
				printf "INSERT OR IGNORE INTO stairwell (building_id, unit) SELECT b.id, \x27%s\x27 FROM building b JOIN compound c ON c.id = b.compound_id WHERE c.name = \x27%s\x27 AND b.name = \x27%s\x27;\n", u, $1, b }
			dk = key "/" $4
			if (!(dk in dw)) { dw[dk] = 1
				printf "INSERT INTO dwelling (stairwell_id, room) SELECT s.id, \x27%s\x27 FROM stairwell s JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id WHERE c.name = \x27%s\x27 AND b.name = \x27%s\x27 AND s.unit = \x27%s\x27;\n", $4, $1, b, u }
			printf "INSERT OR IGNORE INTO person (id_number, id_kind, name, gender, birth_date, dwelling_id, updated) SELECT \x27%s\x27, \x27resident\x27, \x27%s\x27, \x27%s\x27, \x27%s\x27, d.id, \x272026-07-01 00:00:00\x27 FROM dwelling d JOIN stairwell s ON s.id = d.stairwell_id JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id WHERE c.name = \x27%s\x27 AND b.name = \x27%s\x27 AND s.unit = \x27%s\x27 AND d.room = \x27%s\x27;\n", id, $5, g, bd, $1, b, u, $4 }'
		sed '1s/^\xef\xbb\xbf//' "$s/staff.csv" | tr -d '\r' | awk -F, 'BEGIN {
			r["网格党组织书记"] = "secretary"; r["网格长"] = "head"; r["网格员"] = "worker"
			r["物业管家"] = "butler"; r["红色楼长"] = "building_head" }
			function q(v) { return v == "" ? "NULL" : "\x27" v "\x27" }
			NR > 1 { printf "INSERT INTO staff (name, phone, role, grid, compound, building, pair_phone, branch, updated) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, \x272026-07-01 00:00:00\x27);\n", q($1), q($2), q(r[$3]), q($4), q($5), q($6), q($7), q($8) }'
		echo "COMMIT;"
	} | fx_sql
}
