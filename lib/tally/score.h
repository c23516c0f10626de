/*
 * score.h - inspection scores per period and level (stairwell, building,
 * grid, compound, community), as shequ-tally(1) and the README define
 * them:
 *  - a stairwell-day is complete when every rubric item has a score; its
 *    score is the sum; inspections = complete stairwell-days, incomplete =
 *    the others that have at least one score;
 *  - the score of a place for a period is the mean of its complete
 *    stairwell-day scores in the period, item means likewise;
 *  - problems = item-days below the item's pass mark (on any day, complete
 *    or not); rectified = those of them a later inspection of the same
 *    stairwell and item passes (any later day the database holds);
 *  - rank: by score, highest first, on the two-decimal values shown (ties
 *    share a rank, the next rank skips: 1 2 2 4); places without a score
 *    get none; change: score minus the score of the previous period of the
 *    same kind (two decimals each), when both exist.
 *
 * Every place of the level is listed, also those without inspections
 * (grids: the current ones).  The grid level needs grids: without any the
 * query fails with EX_NOINPUT naming shequ-grid.
 *
 * The numbers are read through the database's own definitions
 * (share/migrations/007-scoring.sql): the rubric is the database's rubric
 * table (see rubric.h), and what fails and what rectifies it is the view
 * item_score's to say, so that they equal what the views stairwell_day
 * and problem show in the sqlite3 shell (tests/e2e/scoring-views.sh
 * compares them).
 *
 * Memory: score_compute fills a score_table whose rows and strings it owns;
 * free it with score_table_free (which accepts a zeroed table).
 */
#ifndef SHEQU_SCORE_H
#define SHEQU_SCORE_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"
#include "domain/rubric.h"

/* The level a table is grouped by. */
enum score_level { SCORE_STAIRWELL, SCORE_BUILDING, SCORE_GRID, SCORE_COMPOUND, SCORE_COMMUNITY };

#define SCORE_MAX_KEYS 4

/* One place in one period. */
struct score_row {
	char *key[SCORE_MAX_KEYS]; /* the level's key columns (see score_key_names), owned */
	long long id;		   /* the place's row id (stairwell, building, grid, compound) */
	long inspections;	   /* complete stairwell-days */
	long incomplete;	   /* stairwell-days missing some item */
	double score;		   /* mean of complete stairwell-days; NaN when none */
	double item[RUBRIC_MAX_ITEMS]; /* mean per rubric item; NaN when none */
	long problems;		       /* failing item-days */
	long rectified;		       /* of them, passed by a later inspection */
	int rank;		       /* 1.., 0 when not ranked */
	double change;		       /* against the previous period; NaN when unknown */
	double prev_score;	       /* the previous period's score; NaN when none */
};

/* The rows of one level and period, in key order. */
struct score_table {
	enum score_level level;
	struct period period;
	struct rubric rubric; /* the rubric used: the database's */
	size_t n;
	struct score_row *rows;
};

/* Parse stairwell, building, grid, compound, community (EX_USAGE else). */
int score_level_parse(const char *s, enum score_level *l, struct shequ_err *e);

/* The name of level L ("grid"); static. */
const char *score_level_name(enum score_level l);

/* The key column names of level L into NAMES (static strings); returns how
 * many (0 for community). */
int score_key_names(enum score_level l, const char *names[SCORE_MAX_KEYS]);

/* Fill T with the scores of level L in period P under the database's
 * rubric, ranks and change against period_prev(P) included.  T is
 * overwritten (free it first when reused). */
int score_compute(sqlite3 *db, enum score_level l, const struct period *p, struct score_table *t,
		  struct shequ_err *e);

/* Like score_compute over the days FIRST..LAST (YYYY-MM-DD), without ranks or
 * change; T->period is left zeroed. */
int score_compute_days(sqlite3 *db, enum score_level l, const char *first, const char *last,
		       struct score_table *t, struct shequ_err *e);

/* Set the ranks of T's rows by score (see above); rows with SKIP[i] set
 * (SKIP may be NULL) get rank 0. */
void score_rank(struct score_table *t, const unsigned char *skip);

/* Write T as CSV (header and rows) on OUT. */
int score_write_csv(const struct score_table *t, FILE *out, struct shequ_err *e);

/* Free T's rows; T is zeroed.  NULL is fine. */
void score_table_free(struct score_table *t);

/* EX_NOINPUT "no grids ... run shequ-grid first" when DB has no current grid. */
int score_need_grids(sqlite3 *db, struct shequ_err *e);

/* X rounded to 2 decimals as the CSV shows it. */
double score_round2(double x);

#endif
