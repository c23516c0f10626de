#!/bin/bash
# shequ-grid on a community of five compounds of 1,430, 870, 260, 1,210 and
# 610 households (stairwells of 8 to 35 households, building coordinates):
# a feasible compound is never called infeasible, a rerun keeps every
# household whose grid is still within bounds, and no grid is out of bounds
# where a compound's remainder can cross a compound line.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/grid-fixture.sh"
export SHEQU_TODAY=2026-07-01

# compound CODE NAME TOTAL SMIN SMAX X0 Y0 SEED - a compound of TOTAL
# households in stairwells of SMIN..SMAX, buildings of 2 to 4 units in rows
# of five from (X0, Y0), 35 m apart; the same every run (Park and Miller).
compound() {
	fx_compound "$2" "$1"
	awk -v code="$1" -v total="$3" -v smin="$4" -v smax="$5" -v x0="$6" -v y0="$7" -v seed="$8" '
	function roll(lo, hi) { seed = (seed * 16807) % 2147483647; return lo + seed % (hi - lo + 1) }
	BEGIN {
		for (left = total; left > 0; ) {
			b++
			units = roll(2, 4)
			for (u = 1; u <= units && left > 0; u++) {
				n = roll(smin, smax)
				if (left - n < smin)
					n = left <= smax ? left : smin
				left -= n
				printf "%s %d %d %d %.1f %.1f\n", code, b, u, n,
				       x0 + (b - 1) % 5 * 35, y0 + int((b - 1) / 5) * 30
			}
		}
	}' | fx_stairwells
}

# per_grid COMPOUND - "grid:households" of the grids holding the compound.
per_grid() { sql "SELECT group_concat(grid || ':' || n, ' ') FROM (SELECT grid, count(*) AS n
	FROM grid_household WHERE grid IN (SELECT grid FROM grid_household WHERE compound = '$1')
	GROUP BY grid ORDER BY grid)"; }
# out_of_bounds - grids with fewer than 300 or more than 500 households.
out_of_bounds() { sql "SELECT count(*) FROM (SELECT grid, count(*) AS n FROM grid_household
	WHERE grid IS NOT NULL GROUP BY grid HAVING n < 300 OR n > 500)"; }
# split_stairwells - stairwells whose households are in more than one grid.
split_stairwells() { sql "SELECT count(*) FROM (SELECT compound, building, unit FROM grid_household
	GROUP BY compound, building, unit HAVING count(DISTINCT grid) > 1)"; }

fx_init >/dev/null
compound HXY 和谐苑 1430 8 35 0 0 11
compound XFY 幸福园 870 8 35 400 0 23
compound XYJ 小叶居 260 20 35 400 130 37
compound LSJ 绿水居 1210 8 35 0 300 41
compound QSY 青山苑 610 8 14 800 0 60
is "$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM grid_household
	GROUP BY compound ORDER BY min(id))")" "1430 870 260 1210 610" "the five compounds are built"
is "$(sql "SELECT min(n) >= 8 AND max(n) <= 35 FROM (SELECT count(*) AS n FROM grid_household
	GROUP BY compound, building, unit)")" 1 "every stairwell holds 8 to 35 households"

run shequ-grid
is "$rc" 0 "the first partition exits 0"
is "$(out_of_bounds)" 0 "no grid is out of bounds"
contains "$err" "for 4380 households; 0 changed grid (0.0%), 4380 newly placed" \
	"every household is placed"
is "$(split_stairwells)" 0 "no stairwell is split"

# 1. 青山苑: 610 households in stairwells of 8 to 14 divide as two grids.
is "$(sql "SELECT count(DISTINCT grid) FROM grid_household WHERE compound = '青山苑'")" 2 \
	"the 610-household compound is divided in two"
is "$(sql "SELECT count(*) FROM (SELECT grid FROM grid_household WHERE compound = '青山苑'
	GROUP BY grid HAVING count(*) BETWEEN 300 AND 310)")" 2 "both grids hold 300 to 310 households"
contains "$err" "lower bound 11" "the lower bound counts two grids for it"

# 3. 小叶居 (260) is too small for a grid: it joins a grid of its nearest
# neighbour, listed with both compounds and the reason.
small=$(sql "SELECT DISTINCT grid FROM grid_household WHERE compound = '小叶居'")
is "$(echo "$small" | wc -l)" 1 "the small compound is in one grid"
row=$(grep "^$small," out)
contains "$row" ",幸福园;小叶居," "the shared grid lists both compounds"
contains "$row" ",crosses a compound line: a compound that cannot be divided within the bounds on its own gives it households" \
	"the shared grid says why it crosses the compound line"
contains "$err" "; 1 grid across compound lines" "the summary counts the grid across compound lines"

# 2. A new building adds 58 households to 小叶居, which then could hold a grid
# of its own; the grid it shares is still within bounds, so nobody moves.
before=$(per_grid 小叶居)
sql "DROP TABLE IF EXISTS before; CREATE TABLE before AS SELECT id, grid FROM grid_household"
printf 'XYJ 9 1 29 470 190\nXYJ 9 2 29 470 190\n' | fx_stairwells
run shequ-grid
is "$rc" 0 "the rerun after growth exits 0"
contains "$err" "; 0 changed grid (0.0%), 58 newly placed" "no household changes grid"
is "$(sql "SELECT count(*) FROM before o JOIN grid_household h ON h.id = o.id
	WHERE o.grid IS NOT h.grid")" 0 "every household keeps its grid"
is "$(sql "SELECT DISTINCT grid FROM grid_household WHERE compound = '小叶居'")" "$small" \
	"the new building joins the grid the compound shares"
is "$(sql "SELECT count(*) FROM grid_household WHERE grid = '$small'")" \
	$(($(sql "SELECT count(*) FROM before WHERE grid = '$small'") + 58)) "the shared grid grows by the 58 new households"
is "$(out_of_bounds)" 0 "every grid is within bounds after the growth"
echo "# before: $before; after: $(per_grid 小叶居)"

# 3. A compound of 550 households fits no number of grids of 300 to 500: it
# keeps one grid and its remainder joins the nearest grid with room.
export SHEQU_DB="$T/rest.db"
fx_init >/dev/null
compound AAA 东区 550 8 35 0 0 7
compound BBB 西区 800 8 35 250 0 9
compound CCC 北区 900 8 35 0 2000 13
run shequ-grid
is "$rc" 0 "a compound that fits no number of grids is divided"
is "$(out_of_bounds)" 0 "no grid is out of bounds beside the 550-household compound"
is "$(sql "SELECT count(DISTINCT grid) FROM grid_household WHERE compound = '东区'")" 2 \
	"the 550-household compound fills one grid and part of a neighbour's"
cross=$(grep ',东区;西区,\|,西区;东区,' out | cut -d, -f1)
contains "$cross" "-0" "the remainder joins a grid of the nearest compound"
is "$(sql "SELECT count(*) FROM grid_household WHERE compound = '北区' AND grid IN
	(SELECT grid FROM grid_household WHERE compound != '北区')")" 0 "no grid reaches the compound far away"
contains "$(grep "^$cross," out)" "crosses a compound line" "the grid across the line says why it crosses"
run shequ-grid
contains "$err" "; 0 changed grid (0.0%), 0 newly placed" "a rerun keeps the grids across the line"

done_testing
