/*
 * grid_check.h - prove full coverage: every household in a grid, every grid
 * within bounds and staffed, every worker paired with one butler, every
 * building with a red building head, no staff pointing at grids or
 * buildings that are gone.
 *
 * Findings are written as CSV with the header
 *	finding,grid,compound,building,unit,name,phone,detail
 * (names and phones masked, mask.h), one row per finding:
 *	household_no_grid    a stairwell whose households are in no grid
 *	grid_out_of_bounds   a grid with fewer than MIN or more than MAX households
 *	grid_no_secretary, grid_no_head, grid_no_worker
 *	worker_no_butler     no butler's pair_phone names the worker
 *	worker_two_butlers   more than one does
 *	butler_paired_twice  a butler's pair_phone names two or more phones
 *	butler_unpaired      a butler's pair_phone names no worker of the grid
 *	building_no_head     a building with households and no red building head
 *	staff_stale_grid     staff whose grid is not a current grid
 *	staff_stale_building a building head whose building is unknown or empty
 *
 * Memory: nothing outlives a call; the caller owns F.
 */
#ifndef SHEQU_GRID_CHECK_H
#define SHEQU_GRID_CHECK_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"

/* Write the findings to F and count them in *FINDINGS.  Returns 0 (also
 * when there are findings), or an EX_* code when reading or writing failed. */
int grid_check_run(sqlite3 *db, int min, int max, FILE *f, long *findings, struct shequ_err *e);

#endif
