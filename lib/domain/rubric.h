/*
 * rubric.h - the inspection rubric: the items a stairwell is scored on, their
 * full marks and pass marks.
 *
 * It is configuration, read from rubric.csv in the data folder (see
 * datadir.h), columns item,name,max,pass.  The database keeps a copy in its
 * table rubric (share/migrations/007-scoring.sql), which the views
 * item_score, stairwell_day and problem read: that copy is what scores are
 * computed with, by the tools and by analysts in the sqlite3 shell alike.
 * The tools that write inspections or cases bring it in step with
 * rubric.csv (rubric_sync); the tools that only read use it as it is
 * (rubric_load_db), so that their numbers are the views' numbers.
 *
 * Memory: a struct rubric lives in the caller's storage; nothing to free.
 */
#ifndef SHEQU_RUBRIC_H
#define SHEQU_RUBRIC_H

#include <sqlite3.h>
#include <stddef.h>

#include "base/error.h"

#define RUBRIC_MAX_ITEMS 16

/* One rubric item. */
struct rubric_item {
	char item[32]; /* the mark as clerks write it: 净 */
	char name[32]; /* English column name: clean */
	int max;       /* full marks (20) */
	int pass;      /* a score below this is a problem (12) */
};

/* The whole rubric, in file order. */
struct rubric {
	size_t n;
	struct rubric_item items[RUBRIC_MAX_ITEMS];
	int total; /* sum of the full marks (100) */
};

/* Load rubric.csv from the data folder into R (caller's storage). */
int rubric_load(struct rubric *r, struct shequ_err *e);

/* Load a rubric from the CSV file PATH. */
int rubric_load_file(struct rubric *r, const char *path, struct shequ_err *e);

/* Load the database's rubric table into R, in rubric.csv's order.
 * EX_DATAERR when the table holds no usable rubric (empty, too many items,
 * positions other than 0..n-1). */
int rubric_load_db(sqlite3 *db, struct rubric *r, struct shequ_err *e);

/* Make the database's rubric table hold R.  Nothing is written when it does
 * already; otherwise its rows are replaced in the caller's transaction when
 * one is open, else in one of its own (BEGIN IMMEDIATE). */
int rubric_sync(sqlite3 *db, const struct rubric *r, struct shequ_err *e);

/* The index of ITEM (by mark or English name) in R, or -1. */
int rubric_find(const struct rubric *r, const char *item);

#endif
