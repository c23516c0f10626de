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
#	fx_stairwells                     the stairwells on stdin, one a line
#	                                  "CODE BUILDING UNIT N [X Y]": N households
#	                                  of one resident each, the building made
#	                                  (at X Y) when new; one transaction for all
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
INSERT INTO person (id_number, name, dwelling_id)
  SELECT printf('T%05d%s%09d', j, replace('$birth', '-', ''), d.id), '居民', d.id
  FROM dwelling d, k WHERE d.stairwell_id = (SELECT id FROM sw);
SQL
}

fx_building_units() {
	fx_building "$1" "$2" ${5:+"$5"} ${6:+"$6"}
	local u
	for u in $(seq 1 "$3"); do fx_stairwell "$1" "$2" "$u" "$4"; done
}

fx_stairwells() {
	awk 'BEGIN { print "BEGIN;" }
	NF >= 4 {
		xy = NF >= 6 ? $5 ", " $6 : "NULL, NULL"
		b = "(SELECT b.id FROM building b JOIN compound c ON c.id = b.compound_id" \
		    " WHERE c.code = '\''" $1 "'\'' AND b.name = '\''" $2 "'\'')"
		s = "(SELECT id FROM stairwell WHERE building_id = " b " AND unit = '\''" $3 "'\'')"
		print "INSERT INTO building (compound_id, name, x, y) SELECT id, '\''" $2 "'\'', " xy \
		      " FROM compound WHERE code = '\''" $1 "'\'' AND " b " IS NULL;"
		print "INSERT OR IGNORE INTO stairwell (building_id, unit) VALUES (" b ", '\''" $3 "'\'');"
		print "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < " $4 ")" \
		      " INSERT INTO dwelling (stairwell_id, room) SELECT " s \
		      ", printf('\''%d%02d'\'', (i - 1) / 2 + 1, (i - 1) % 2 + 1) FROM k;"
		print "INSERT INTO person (id_number, name, dwelling_id)" \
		      " SELECT printf('\''T%05d19800101%09d'\'', 1, d.id), '\''居民'\'', d.id FROM dwelling d" \
		      " WHERE d.stairwell_id = " s \
		      " AND NOT EXISTS (SELECT 1 FROM person p WHERE p.dwelling_id = d.id);"
	}
	END { print "COMMIT;" }' | fx_sql
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
