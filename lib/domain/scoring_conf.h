/*
 * scoring_conf.h - the policy numbers of the supervision cycle (weights,
 * grade bands, minimums, case rules), read from scoring.conf in the data
 * folder (see datadir.h).  The file is `key = value` lines with `#`
 * comments; every key has a default, so a key left out keeps it, and an
 * unknown key or a bad value is a configuration error (EX_CONFIG) naming
 * the file and line, and so are inspection weights (score, rectify,
 * closure) that are all 0: every grid's total needs one of them.
 *
 * Memory: everything lives in the caller's struct; nothing to free.
 */
#ifndef SHEQU_SCORING_CONF_H
#define SHEQU_SCORING_CONF_H

#include "base/error.h"

/* The numbers; see share/scoring.conf for what each means. */
struct scoring_conf {
	double weight_score;	/* share of the inspection score in the total */
	double weight_rectify;	/* share of the rectification rate */
	double weight_closure;	/* share of the on-time case closure rate */
	double weight_visit;	/* share of the care visit rate (0: not weighed) */
	double weight_service;	/* share of the service score of the orders (0: not weighed) */
	double grade_excellent; /* 优秀 at or above */
	double grade_good;	/* 良好 at or above */
	double grade_pass;	/* 合格 at or above, else 不合格 */
	int min_inspections;	/* complete stairwell-days needed to be ranked */
	int rectify_days;	/* a problem rectified within this many days */
	int case_repeat;	/* failing inspections in a row that open a case */
	int severe_mark;	/* a score at or below this opens a case at once */
	int case_deadline_days; /* default deadline, days after opening */
	int escalate_head;	/* days overdue: to the grid head */
	int escalate_secretary; /* days overdue: to the grid party secretary */
	int escalate_office;	/* days overdue: to the community office */
};

/* Fill C with the built-in defaults (the values shipped in scoring.conf). */
void scoring_conf_defaults(struct scoring_conf *c);

/* Defaults, then scoring.conf from the data folder over them. */
int scoring_conf_load(struct scoring_conf *c, struct shequ_err *e);

/* Defaults, then the file PATH over them. */
int scoring_conf_load_file(struct scoring_conf *c, const char *path, struct shequ_err *e);

/* The weighted total of a grid: the sum of each weight times its part
 * (0-100) over the parts the grid has, divided by the sum of those weights,
 * so that weights need not add up to 1 and a part the grid has nothing to
 * count in (no one to visit, no order) is left out for that grid instead of
 * counting as 0.  WEIGHT and PART hold N pairs; a NaN part is left out.
 * NaN when no part is left. */
double scoring_conf_total(const double *weight, const double *part, int n);

/* The grade (优秀, 良好, 合格, 不合格) of TOTAL under C; a static string. */
const char *scoring_conf_grade(const struct scoring_conf *c, double total);

#endif
