#!/bin/bash
# shequ-grid on the sample community when it grows by about 5% (two new
# buildings, one into a full compound, one into a compound with room) and
# when a building empties: few households change grid, every grid stays
# within bounds, --check finds only what the new grid lacks.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/grid-fixture.sh"
export SHEQU_TODAY=2026-07-01

# snapshot TABLE - keep every household's grid in TABLE, for counting moves.
snapshot() { sql "DROP TABLE IF EXISTS $1; CREATE TABLE $1 AS SELECT id, grid FROM grid_household"; }
# moved_since TABLE - households that were in a grid then and are in another now.
moved_since() { sql "SELECT count(*) FROM $1 o JOIN grid_household h ON h.id = o.id
	WHERE o.grid IS NOT NULL AND o.grid IS NOT h.grid"; }
# out_of_bounds - grids with fewer than 300 or more than 500 households.
out_of_bounds() { sql "SELECT count(*) FROM (SELECT grid, count(*) AS n FROM grid_household
	WHERE grid IS NOT NULL GROUP BY grid HAVING n < 300 OR n > 500)"; }
# split_stairwells - stairwells whose households are in more than one grid.
split_stairwells() { sql "SELECT count(*) FROM (SELECT compound, building, unit FROM grid_household
	GROUP BY compound, building, unit HAVING count(DISTINCT grid) > 1)"; }

fx_init >/dev/null
shequ-import -q "$SAMPLE/buildings.csv" "$SAMPLE/residents.csv" "$SAMPLE/staff.csv"
run shequ-grid -q
is "$rc" 0 "the sample is divided"
snapshot before
is "$(sql "SELECT group_concat(grid || ':' || n, ' ') FROM (SELECT grid, count(*) AS n
	FROM grid_household WHERE compound = '幸福里小区' GROUP BY grid ORDER BY grid)")" \
	"XFL-01:497 XFL-02:491 XFL-03:498" "幸福里小区 starts full: three grids near the maximum"

# Two new buildings of 100 households each (5% of 4,005): one next to
# building 33 of the full 幸福里小区, one next to building 8 of 朝阳新村 (337).
fx_building_units XFL 34 4 25 266.0 351.0
fx_building_units CYXC 9 4 25 1045.0 690.0
run shequ-grid
is "$rc" 0 "the rerun after growth exits 0"
is "$err" "shequ-grid: 11 grids (lower bound 11) for 4205 households; 207 changed grid (4.9%), 200 newly placed" \
	"the summary counts 207 households moved (4.9%) and the 200 new ones"
is "$(moved_since before)" 207 "207 households really changed grid"
ok "at most 5% of the households moved" test $(($(moved_since before) * 100)) -le $((4205 * 5))
is "$(out_of_bounds)" 0 "every grid is within 300..500"
is "$(split_stairwells)" 0 "no stairwell is split"
is "$(sql "SELECT count(*) FROM grid_household WHERE grid IS NULL")" 0 "every household is in a grid"
is "$(sql "SELECT group_concat(DISTINCT grid) FROM grid_household WHERE compound = '幸福里小区'
	AND building = '34'")" "XFL-04" "the full compound gains a grid holding the new building"
is "$(sql "SELECT count(*) FROM grid_household WHERE grid = 'XFL-04'")" 307 \
	"made up to the minimum with edge stairwells of its neighbours"
is "$(sql "SELECT count(*) FROM before o JOIN grid_household h ON h.id = o.id
	WHERE o.grid IS NOT h.grid AND h.grid IS NOT 'XFL-04'")" 0 \
	"only households going to the new grid move"
is "$(sql "SELECT group_concat(DISTINCT grid) FROM grid_household WHERE compound = '朝阳新村'")" \
	"CYXC-01" "the new building of a compound with room joins its grid"
is "$(sql "SELECT count(*) FROM grid_household WHERE grid = 'CYXC-01'")" 437 "CYXC-01 takes all 100 new households"

run shequ-grid --check
is "$rc" 65 "--check finds what the new grid and buildings lack"
is "$out" "finding,grid,compound,building,unit,name,phone,detail
grid_no_secretary,XFL-04,幸福里小区,,,,,
grid_no_head,XFL-04,幸福里小区,,,,,
grid_no_worker,XFL-04,幸福里小区,,,,,
building_no_head,,幸福里小区,34,,,,
building_no_head,,朝阳新村,9,,,," "exactly those findings and no others"

snapshot grown
grown=$(shequ-grid --dry-run 2>/dev/null)
run shequ-grid
is "$out" "$grown" "a rerun on the same data keeps the same grids and codes"
contains "$err" "; 0 changed grid (0.0%), 0 newly placed" "a rerun on the same data moves nobody"

# A building empties and its grid falls below the minimum: it takes edge
# stairwells of its neighbours rather than being cut afresh with them.
before_hpy=$(sql "SELECT count(*) FROM grid_household WHERE grid = 'HPY-03'")
is "$before_hpy" 311 "HPY-03 holds 311 households"
fx_empty HPY 4
left=$(sql "SELECT count(*) FROM grid_household WHERE grid = 'HPY-03'")
run shequ-grid
is "$rc" 0 "the rerun after a building empties exits 0"
is "$(out_of_bounds)" 0 "every grid is back within 300..500"
is "$(split_stairwells)" 0 "no stairwell is split"
moved=$(moved_since grown)
ok "it takes what it lacks ($((300 - left))) and at most one stairwell more: $moved moved" \
	test "$moved" -le $((300 - left + 30))
contains "$err" "; $moved changed grid" "the summary counts them"

done_testing
