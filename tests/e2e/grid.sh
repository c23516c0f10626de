#!/bin/bash
# shequ-grid: bounds, whole stairwells, small and infeasible compounds,
# determinism, stability after growth and after a building empties, every
# --check finding, and the sample community fully covered.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/grid-fixture.sh"
export SHEQU_TODAY=2026-07-01
B="--min 60 --max 100"

# grids_of - "code:households" for every current grid, one line.
grids_of() { sql "SELECT group_concat(grid || ':' || n, ' ') FROM (SELECT grid, count(*) AS n
	FROM grid_household GROUP BY grid ORDER BY grid)"; }

# --- a compound of six buildings (2 units of 20 households each), no coordinates
fx_init >/dev/null
fx_compound 安居苑 AAA
for b in 1 2 3 4 5 6; do fx_building_units AAA $b 2 20; done

run shequ-grid $B
is "$rc" 0 "first partition exits 0"
is "$(grids_of)" "AAA-01:80 AAA-02:80 AAA-03:80" "the fewest grids the bounds allow, balanced"
is "$(head -1 out)" "grid,compound,buildings,stairwells,households,residents,elderly,living_alone,branch,note" \
	"the CSV header"
is "$(sed -n 2p out)" "AAA-01,安居苑,1;2,4,80,80,0,80,," "grids follow building numbers"
is "$err" "shequ-grid: 3 grids (lower bound 3) for 240 households; 0 changed grid (0.0%), 240 newly placed" \
	"the summary counts grids, households and moves"
is "$(sql "SELECT count(*) FROM (SELECT building FROM grid_household GROUP BY compound, building
	HAVING count(DISTINCT grid) > 1)")" 0 "no building is split when it need not be"
is "$(sql 'SELECT count(*) FROM grid_household WHERE grid IS NULL')" 0 "every household is in a grid"
first=$out

run shequ-grid $B -q
is "$out" "$first" "a rerun on the same data gives the same grids"
is "$err" "" "-q silences the summary"
run shequ-grid $B --reset --dry-run
is "$out" "$first" "--reset on the same data gives the same grids and codes"
is "$(sql 'SELECT count(*) FROM grid_run')" 2 "--dry-run stores no run"

run shequ-grid $B --members
is "$(head -2 out)" "compound,building,unit,room,grid
安居苑,1,1,101,AAA-01" "--members prints one row per household"
is "$(($(wc -l <out) - 1))" 240 "--members lists every household once"

# Growth: a small new building joins the nearest grid with room.
fx_building_units AAA 7 2 10
run shequ-grid $B
is "$(grids_of)" "AAA-01:80 AAA-02:80 AAA-03:100" "a new building joins an adjacent grid with room"
contains "$err" "0 changed grid (0.0%), 20 newly placed" "a new building joining a grid moves nobody"
# A bigger one finds no room and forms a new grid.
fx_building_units AAA 8 2 40
run shequ-grid $B
is "$(grids_of)" "AAA-01:80 AAA-02:80 AAA-03:100 AAA-04:80" "a building with no room forms a new grid"
contains "$err" "0 changed grid (0.0%), 80 newly placed" "a new grid for a building moves nobody"

# A building empties: its grid is retired when nothing is left ...
fx_empty AAA 1; fx_empty AAA 2
run shequ-grid $B
is "$(grids_of)" "AAA-02:80 AAA-03:100 AAA-04:80" "an emptied grid is retired"
is "$(sql "SELECT count(*) FROM grid WHERE code = 'AAA-01' AND retired IS NOT NULL")" 1 \
	"a retired grid is kept as history"
is "$(sql "SELECT count(*) FROM grid_stairwell gs JOIN stairwell s ON s.id = gs.stairwell_id
	JOIN building b ON b.id = s.building_id WHERE b.name IN ('1', '2')")" 0 \
	"the emptied stairwells are in no grid"
# ... and merged with a neighbour when it falls below the minimum.
fx_empty AAA 3
run shequ-grid $B
is "$(grids_of)" "AAA-02:60 AAA-03:80 AAA-04:80" "a grid below the minimum takes an edge stairwell of a neighbour"
contains "$err" "20 changed grid (9.1%)" "the summary counts the households moved to fill a grid"
is "$(sql "SELECT group_concat(DISTINCT building || '(' || unit || ')') FROM grid_household
	WHERE grid = 'AAA-02'")" "4(1),4(2),5(1)" "the stairwell next to it, not a re-cut of both grids"
fx_building_units AAA 9 1 90
run shequ-grid $B
contains "$(sql 'SELECT group_concat(code) FROM grid')" "AAA-05" "new grids take the next number; codes are never reused"
is "$(sql "SELECT count(*) FROM grid WHERE code = 'AAA-01' AND retired IS NULL")" 0 "AAA-01 is not revived"
# Rows an analyst pointed at a retired grid do not survive a run, also for
# a stairwell that is empty now.
sql "UPDATE grid_stairwell SET grid_id = (SELECT id FROM grid WHERE code = 'AAA-01')
	WHERE stairwell_id = (SELECT max(stairwell_id) FROM grid_stairwell);
	INSERT INTO grid_stairwell (stairwell_id, grid_id) SELECT min(s.id), g.id
	FROM stairwell s JOIN building b ON b.id = s.building_id, grid g
	WHERE b.name = '1' AND g.code = 'AAA-01'"
run shequ-grid $B
is "$(sql "SELECT count(*) FROM grid_stairwell gs JOIN grid g ON g.id = gs.grid_id
	WHERE g.retired IS NOT NULL") $(sql 'SELECT count(*) FROM grid_household WHERE grid IS NULL')" \
	"0 0" "no stairwell is left in a retired grid, every household in a grid"

# --- a compound below --min joins its nearest neighbour
export SHEQU_DB="$T/small.db"
fx_init >/dev/null
fx_compound 安居苑 AAA
for b in 1 2 3 4; do fx_building_units AAA $b 2 20; done
fx_compound 小院 BBB
fx_building_units BBB 1 2 10
run shequ-grid $B
is "$(grids_of)" "AAA-01:80 AAA-02:100" "a compound below --min joins its neighbour's grids"
is "$(sql "SELECT DISTINCT grid FROM grid_household WHERE compound = '小院'")" "AAA-02" \
	"the nearest grid of the neighbour"
contains "$out" "AAA-02,安居苑;小院,3;4;小院:1," "the grid names both compounds"

# --- an infeasible compound and a stairwell larger than --max
export SHEQU_DB="$T/odd.db"
fx_init >/dev/null
fx_compound 三单元 CCC
fx_building_units CCC 1 3 37
fx_compound 大楼 DDD
fx_building DDD 1
fx_stairwell DDD 1 1 130
fx_stairwell DDD 1 2 20
run shequ-grid $B
is "$rc" 0 "a plan out of bounds is still made"
# 大楼's 20 households beside its big stairwell join the grid of 三单元 that
# has room; 三单元's 111 households fit no number of grids, nor any room.
is "$(grids_of)" "CCC-01:37 CCC-02:94 DDD-01:130" "the plans closest to the bounds"
contains "$out" 'CCC-02,三单元;大楼,"1(2,3);大楼:1(2)",3,94,94,0,94,,crosses a compound line' \
	"a remainder joins a grid of another compound with room, and the grid says why"
contains "$err" "shequ-grid: CCC-01: 37 households, below the minimum 60: the compound's households cannot be divided within the bounds" \
	"an infeasible compound's grid is reported with the reason"
contains "$err" "shequ-grid: DDD-01: 130 households, above the maximum 100: holds a stairwell larger than the maximum" \
	"a stairwell larger than --max is reported and not split"
contains "$out" "DDD-01,大楼,1(1),1,130,130,0,130,,holds a stairwell larger than the maximum" \
	"the CSV carries the reason"

# --- every --check finding
export SHEQU_DB="$T/check.db"
fx_init >/dev/null
fx_compound 安居苑 AAA
fx_building_units AAA 1 2 20
fx_building_units AAA 2 2 20
shequ-grid $B -q >/dev/null
fx_staff 张三 13800000001 head AAA-01
fx_staff 李四 13800000002 worker AAA-01
fx_staff 王五 13800000003 worker AAA-01
fx_staff 赵六 13800000004 butler AAA-01 "" "" 13800000003
fx_staff 钱七 13800000005 butler AAA-01 "" "" 13800000003
fx_staff 孙八 13800000006 butler AAA-01 "" "" "13800000002;13800000003"
fx_staff 周九 13800000007 butler AAA-01 "" "" 13900000000
fx_staff 吴十 13800000008 building_head "" 安居苑 1
fx_staff 郑一 13800000009 building_head "" 安居苑 99
fx_staff 冯二 13800000010 secretary ZZZ-09 "" "" "" 第一党支部
fx_building_units AAA 3 1 30
run shequ-grid --min 60 --max 70 --check
is "$rc" 65 "--check exits 65 when anything is missing"
is "$err" "shequ-grid: 11 coverage problems found" "--check counts the problems on stderr"
is "$out" "finding,grid,compound,building,unit,name,phone,detail
household_no_grid,,安居苑,3,1,,,30 households
grid_out_of_bounds,AAA-01,安居苑,,,,,\"80 households, above the maximum 70\"
grid_no_secretary,AAA-01,安居苑,,,,,
worker_no_butler,AAA-01,,,,李*,138****0002,
worker_two_butlers,AAA-01,,,,王*,138****0003,2 butlers
butler_paired_twice,AAA-01,,,,孙*,138****0006,pairs with more than one worker
butler_unpaired,AAA-01,,,,周*,138****0007,no worker of the grid has that phone
building_no_head,,安居苑,2,,,,
building_no_head,,安居苑,3,,,,
staff_stale_grid,ZZZ-09,,,,冯*,138****0010,no such grid
staff_stale_building,,安居苑,99,,郑*,138****0009,no such building" \
	"every finding, names and phones masked"
sql "DELETE FROM staff WHERE role IN ('head', 'worker')"
run shequ-grid $B --check
contains "$out" "grid_no_head,AAA-01,安居苑,,,,," "a grid without a head is found"
contains "$out" "grid_no_worker,AAA-01,安居苑,,,,," "a grid without a worker is found"

# --- the sample community: its staff name exactly the grids made
export SHEQU_DB="$T/sample.db"
fx_init >/dev/null
shequ-import -q "$SAMPLE/buildings.csv" "$SAMPLE/residents.csv" "$SAMPLE/staff.csv"
run shequ-grid
is "$(cut -d, -f1 out | tr '\n' ' ')" "grid XFL-01 XFL-02 XFL-03 HPY-01 HPY-02 HPY-03 JXJY-01 JXJY-02 CHHY-01 CYXC-01 " \
	"the sample gets ceil(households / 500) grids per compound"
run shequ-grid --check
is "$rc" 0 "the sample is fully covered: --check exits 0"
is "$out" "finding,grid,compound,building,unit,name,phone,detail" "--check on the sample finds nothing"

# --- the people of each grid, whatever the order of the person rows: some
# residents move out (emptying some households), and an elderly resident
# joins the first household long after it was imported
sql "UPDATE person SET moved_out = '2026-06-01' WHERE id IN (SELECT min(id) FROM person
	GROUP BY dwelling_id ORDER BY dwelling_id LIMIT 60);
	INSERT INTO person (id_number, name, dwelling_id)
	SELECT 'X00001195001010001', '居民', min(dwelling_id) FROM person WHERE moved_out IS NULL"
run shequ-grid
is "$(python3 -c 'import csv, sys
for r in sorted(csv.DictReader(open(sys.argv[1], encoding="utf-8")), key=lambda r: r["grid"]):
    print("|".join(r[k] for k in ("grid", "households", "residents", "elderly", "living_alone")))' "$T/out")" \
	"$(sql "SELECT h.grid, count(DISTINCT h.id), count(*), sum(substr(p.id_number, 7, 8) <= '19660701'),
	count(DISTINCT CASE WHEN h.residents = 1 THEN h.id END)
	FROM grid_household h JOIN person p ON p.dwelling_id = h.id AND p.moved_out IS NULL
	GROUP BY h.grid ORDER BY h.grid")" \
	"households, residents, elderly and people living alone per grid, as SQL counts them"

# --- usage and missing database
run shequ-grid --min 0
is "$rc" 64 "--min 0 exits 64"
contains "$err" "--min: '0' is not a number of households" "--min 0: the message says why"
run shequ-grid --min 600
is "$rc" 64 "--min above --max exits 64"
contains "$err" "--min 600 is larger than --max 500" "--min above --max: the message says why"
run shequ-grid --check --reset
is "$rc" 64 "--check with --reset exits 64"
run shequ-grid --db "$T/none.db"
is "$rc" 66 "a missing database exits 66"
ok "a missing database is not created" test ! -e "$T/none.db"
run sh -c 'shequ-grid --dry-run >/dev/full'
is "$rc" 74 "writing to /dev/full exits 74"

done_testing
