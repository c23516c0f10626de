/*
 * rubric.h - the inspection rubric: the items a stairwell is scored on, their
 * full marks and pass marks.  It is configuration, read from rubric.csv in
 * the data folder (see datadir.h), columns item,name,max,pass.
 */
#ifndef SHEQU_RUBRIC_H
#define SHEQU_RUBRIC_H

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

/* The index of ITEM (by mark or English name) in R, or -1. */
int rubric_find(const struct rubric *r, const char *item);

#endif
