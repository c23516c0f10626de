/*
 * report.h - the four reports of the supervision cycle, each as CSV:
 *
 *  daily      (a day)     per grid: inspections, incomplete, score,
 *                         problems found, cases opened, solved, closed by
 *                         hand, and overdue that day;
 *  weekly     (a week)    周抄报, per grid: the week's score and change, open
 *                         and overdue cases, grid head and butler it is
 *                         copied to, and one row per open problem at the
 *                         week's end (stairwell, item, first seen, days open);
 *                         a grid without open problems has one row with
 *                         those columns empty;
 *  monthly    (a month)   月通报: section grid and compound (ranking and
 *                         change against last month), best and worst (the
 *                         three best and worst stairwells); every section
 *                         in rank order, the unranked last;
 *  quarterly  (a quarter) 季考核, per grid: score and its change against
 *                         the quarter before, rectification rate
 *                         (problems rectified within rectify_days), on-time
 *                         closure rate (cases due in the quarter closed,
 *                         solved or by hand, by their deadline), weighted
 *                         total, grade and rank, in rank order; a grid with
 *                         fewer than min_inspections is listed but not
 *                         ranked (after the ranked ones).  A rate
 *                         with nothing to count (no problems, no cases due)
 *                         is 100.  The caller may add parts of the total
 *                         that the tally does not know (struct
 *                         report_part): each with a weight above 0 gets
 *                         its column before total; the total is
 *                         scoring_conf_total() of the parts a grid has;
 *  quarterly-detail (a quarter) per grid and stairwell: score per month of
 *                         the quarter, quarter score, problems, rectified,
 *                         cases opened and still open: one sheet per grid.
 *
 * The weekly and monthly reports mix row types (a grid's figures repeat on
 * each of its problems; the bulletin's sections follow each other), so a
 * column summed over them counts twice.  A section is one row type alone,
 * with columns of its own (and the previous period's score beside the
 * change): weekly grid (a row per grid, with its open problems counted)
 * and problems (a row per open problem); monthly grid, compound, best and
 * worst.  REPORT_ALL is the mixed report above.
 *
 * Every report needs grids (EX_NOINPUT naming shequ-grid otherwise) and a
 * period of its kind (EX_USAGE otherwise).  scoring.conf is read from the
 * data folder; the rubric is the database's, and problems and their
 * rectification are read from the view problem (score.h).  Memory: nothing
 * is handed to the caller.
 */
#ifndef SHEQU_REPORT_H
#define SHEQU_REPORT_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"

enum report_kind {
	REPORT_DAILY,
	REPORT_WEEKLY,
	REPORT_MONTHLY,
	REPORT_QUARTERLY,
	REPORT_QUARTERLY_DETAIL,
};

/* A part of a report of one row type (see above). */
enum report_section {
	REPORT_ALL, /* the whole report, row types mixed as above */
	SECTION_GRID,
	SECTION_COMPOUND,
	SECTION_BEST,
	SECTION_WORST,
	SECTION_PROBLEMS,
};

/* Parse daily, weekly, monthly, quarterly, quarterly-detail (EX_USAGE). */
int report_kind_parse(const char *s, enum report_kind *k, struct shequ_err *e);

/* The name of K ("quarterly-detail"); static. */
const char *report_kind_name(enum report_kind k);

/* The period kind report K needs. */
enum period_kind report_period_kind(enum report_kind k);

/* Parse a section name: grid, compound, best, worst, problems (EX_USAGE). */
int report_section_parse(const char *s, enum report_section *sec, struct shequ_err *e);

/* The name of section SEC ("problems"; "" for REPORT_ALL); static. */
const char *report_section_name(enum report_section sec);

/* The sections of report K, as a list for people ("grid, problems"), or
 * "" when K has none; static. */
const char *report_sections(enum report_kind k);

/*
 * A part of the quarterly total from outside the tally (the care visit
 * rate, the service score of the orders): the caller works it out and
 * hands it in, so the tally depends on no other feature.  A grid that is
 * not in GRID, or whose RATE is NaN, has nothing to count: it is left out
 * of that grid's total (its weight too), and its cell is empty.
 */
struct report_part {
	const char *column;	 /* its column: visit_rate; shown in percent */
	double weight;		 /* from scoring.conf; 0: no column, not weighed */
	const char *const *grid; /* grid codes, N of them */
	const double *rate;	 /* the rate of each in [0, 1], or NaN */
	size_t n;
};

/* Write report K of period P as CSV on OUT. */
int report_write(sqlite3 *db, enum report_kind k, const struct period *p, FILE *out,
		 struct shequ_err *e);

/* Write section SEC of report K of period P as CSV on OUT; EX_USAGE when K
 * has no such section. */
int report_write_section(sqlite3 *db, enum report_kind k, enum report_section sec,
			 const struct period *p, FILE *out, struct shequ_err *e);

/* Write the weekly report of P as CSV on OUT, and in the same pass its
 * sections grid on GRID and problems on PROBLEMS (either may be NULL): the
 * same as report_write and report_write_section, for the cost of one. */
int report_write_weekly(sqlite3 *db, const struct period *p, FILE *out, FILE *grid, FILE *problems,
			struct shequ_err *e);

/* Write the quarterly report (REPORT_QUARTERLY) of P as CSV on OUT, its
 * total weighing the NPARTS PARTS as well (see struct report_part). */
int report_write_quarterly(sqlite3 *db, const struct period *p, const struct report_part *parts,
			   size_t nparts, FILE *out, struct shequ_err *e);

#endif
