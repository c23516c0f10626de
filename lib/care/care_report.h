/*
 * care_report.h - the lists and reports of shequ-care, as CSV on OUT.
 *
 * Every list of people masks names, ID numbers and phones (mask.h) unless
 * UNMASK; care_log_unmasked() records an unmasked list in export_log, the
 * same log shequ-export keeps.  Ages are on the report day: DAY for who
 * and due, the last day of the period for the others.
 *
 * For shequ-cycle: care_report_due_grids() is the weekly report's overdue
 * visits per grid, care_report_visits() and care_report_services() the
 * monthly bulletin's visit rates and services, care_visit_grid_rates() the
 * quarterly scorecard's visit rate per grid.
 *
 * Errors: db_fail()'s, EX_IOERR when OUT fails.
 */
#ifndef SHEQU_CARE_REPORT_H
#define SHEQU_CARE_REPORT_H

#include <sqlite3.h>
#include <stdio.h>

#include "care/care_conf.h"
#include "domain/period.h"

/* The categories with their cadence and sources' rules. */
int care_report_categories(const struct care_conf *c, FILE *out, struct shequ_err *e);

/* Everyone in a category on DAY, per grid (grid, compound, building, unit,
 * room, name, id_number, age, categories, cadence, last_visit); only
 * category CAT when CAT >= 0. */
int care_report_who(sqlite3 *db, const struct care_conf *c, int day, int cat, int unmask, FILE *out,
		    struct shequ_err *e);

/* How many people of each category on DAY, per grid and in all (grid,
 * category, name, people). */
int care_report_who_count(sqlite3 *db, const struct care_conf *c, int day, FILE *out,
			  struct shequ_err *e);

/* Who is due or overdue for a visit on DAY, per grid and visitor (grid,
 * visitor, status, name, id_number, phone, age, categories, cadence,
 * last_visit, due_by, days_since, compound, building, unit, room). */
int care_report_due(sqlite3 *db, const struct care_conf *c, int day, int unmask, FILE *out,
		    struct shequ_err *e);

/* How many are due and overdue on DAY, per grid (grid, people, due,
 * overdue). */
int care_report_due_grids(sqlite3 *db, const struct care_conf *c, int day, FILE *out,
			  struct shequ_err *e);

/* The visit rate of period P per category and grid, then of the whole
 * community (grid "all"): the cadence windows that end inside P, the people
 * of the category on P's last day, those visited in every such window, and
 * their share (grid, category, name, cadence, windows, people, visited,
 * rate).  A category whose cadence has no window ending inside P is left
 * out. */
int care_report_visits(sqlite3 *db, const struct care_conf *c, const struct period *p, FILE *out,
		       struct shequ_err *e);

/* Told by care_visit_grid_rates() of one grid; non-zero stops it. */
typedef int (*care_grid_rate_fn)(void *ctx, const char *grid, long people, long visited,
				 struct shequ_err *e);

/* The visit rate of period P per grid, for the quarterly scorecard: FN
 * gets, for each grid with anyone to visit, the people in a category with
 * a cadence on P's last day and those of them visited in every window of
 * their own (shortest) cadence that ends inside P.  People in no grid are
 * left out. */
int care_visit_grid_rates(sqlite3 *db, const struct care_conf *c, const struct period *p,
			  care_grid_rate_fn fn, void *ctx, struct shequ_err *e);

/* The findings of P's visits that asked for follow-up (day, grid,
 * visitor, name, id_number, kind, finding, order). */
int care_report_follow_ups(sqlite3 *db, const struct period *p, int unmask, FILE *out,
			   struct shequ_err *e);

/* The services of period P: per service (service, name, people, times,
 * then "all"); or BY_CATEGORY, per category (category, name, people,
 * served, unserved: those who got nothing). */
int care_report_services(sqlite3 *db, const struct care_conf *c, const struct period *p,
			 int by_category, FILE *out, struct shequ_err *e);

/* Record in export_log that WHAT (e.g. "care due") was shown unmasked,
 * for REASON, by actor_name(). */
int care_log_unmasked(sqlite3 *db, const char *what, const char *reason, struct shequ_err *e);

#endif
