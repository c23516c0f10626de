/*
 * grid_store.h - the database side of grids: load the registry and the
 * grids that exist into a plan, divide it (grid_partition.h), store it, and
 * write it as CSV.
 *
 *	struct grid_plan p;
 *	grid_store_load(db, today, 300, 500, reset, &p, &e);
 *	grid_store_divide(&p, &e);
 *	grid_store_save(db, &p, &e);		(inside the caller's transaction)
 *	grid_store_write_grids(db, &p, stdout, &e);
 *	grid_store_free(&p);
 *
 * Households are the current ones (the household view: dwellings with a
 * current resident); elderly are residents aged 60 or more on TODAY;
 * living alone counts households with exactly one current resident.
 *
 * Memory: the plan owns everything in it; grid_store_free() frees it (and
 * accepts a plan that failed to load).
 */
#ifndef SHEQU_GRID_STORE_H
#define SHEQU_GRID_STORE_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "grid/grid_partition.h"

/* A community loaded for division, and the division once made. */
struct grid_plan {
	struct gp_input in;   /* arrays below, as the partitioner's input */
	struct gp_output out; /* filled by grid_store_divide() */
	int divided;	      /* 1 once out is filled */
	/* per compound (ordered by id) */
	long long *compound_id;
	char **compound_name;
	char **compound_code; /* the code, or "C<id>" when the compound has none */
	struct gp_compound *compounds;
	/* per grid that exists now (not retired) */
	long long *grid_id;
	struct gp_grid_in *grids;
	/* per stairwell (ordered by id) */
	long long *stairwell_id;
	struct gp_stairwell *stairwells; /* building and unit strings owned here */
	long *residents;
	long *elderly;
	long *alone;
};

/* Load everything into P (zeroed first): bounds MIN..MAX, RESET as
 * grid_partition() takes it, TODAY a day number (period.h) for ages. */
int grid_store_load(sqlite3 *db, int today, int min, int max, int reset, struct grid_plan *p,
		    struct shequ_err *e);

/* Run the partitioner on P. */
int grid_store_divide(struct grid_plan *p, struct shequ_err *e);

/* The code of output grid G of P ("XFL-01") into BUF of N bytes. */
void grid_store_code(const struct grid_plan *p, size_t g, char *buf, size_t n);

/* Why output grid G of P is out of bounds, as one line into BUF of N bytes
 * ("XFL-01: 37 households, below the minimum 300: <reason>").  Returns 1,
 * or 0 with BUF "" when G is within bounds. */
int grid_store_note(const struct grid_plan *p, size_t g, char *buf, size_t n);

/* Store the division: new grids, retired grids, every stairwell's grid and
 * a grid_run row.  Call inside a transaction (db_begin). */
int grid_store_save(sqlite3 *db, const struct grid_plan *p, struct shequ_err *e);

/* CSV, one row per grid: grid,compound,buildings,stairwells,households,
 * residents,elderly,living_alone,branch,note.  The branch is the branch of
 * the grid's secretaries in the staff table. */
int grid_store_write_grids(sqlite3 *db, const struct grid_plan *p, FILE *f, struct shequ_err *e);

/* CSV, one row per current household: compound,building,unit,room,grid. */
int grid_store_write_members(sqlite3 *db, const struct grid_plan *p, FILE *f, struct shequ_err *e);

/* Free what P holds; P may be partly loaded. */
void grid_store_free(struct grid_plan *p);

#endif
