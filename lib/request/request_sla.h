/*
 * request_sla.h - how well orders kept their promises, per scenario,
 * assignee, grid, source or category, read from the event logs.
 *
 * The orders of a period are those received in it.  CSV, one row per group
 * in the order of its key: period, the key (scenario, assignee, grid,
 * source or category; scenario and category add name), orders, and how
 * many of them are open (or paused), resolved, closed (without being
 * resolved) and cancelled; for each stage (accept, on_site, resolve,
 * call_back) the median and 90th percentile of the minutes it took (paused
 * time left out; the median of an even count is the mean of the middle
 * two, the 90th percentile the nearest rank) and in_sla, the percentage of
 * orders whose stage came due that kept its limit (accept_in_sla is 响应率,
 * on_site_in_sla 按时到场率, resolve_in_sla 按时办结率); then
 * resolution_rate (解决率: resolved and never reopened, of the orders not
 * cancelled), call_back_rate (回访率: called back, of the orders ever
 * resolved), satisfaction_rate (满意率: satisfied at the last call-back, of
 * those with a verdict), reopen_rate (重办率: reopened, of the orders ever
 * resolved), rating (the mean of the last ratings) and rank.  Cancelled
 * orders count in orders and cancelled only.
 *
 * Rank: only groups with at least MIN_ORDERS orders are ranked, by
 * resolve_in_sla, then satisfaction_rate, then accept_in_sla, highest
 * first (ties share a rank); the others have an empty rank.
 */
#ifndef SHEQU_REQUEST_SLA_H
#define SHEQU_REQUEST_SLA_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"
#include "request/request_catalogue.h"

/* What the orders are grouped by. */
enum request_by {
	REQUEST_BY_SCENARIO,
	REQUEST_BY_ASSIGNEE,
	REQUEST_BY_GRID,
	REQUEST_BY_SOURCE,
	REQUEST_BY_CATEGORY
};

/* The grouping named S (scenario, assignee, grid, source, category), or -1. */
int request_by_find(const char *s);

/* Write the figures of the orders received in period P as of moment NOW. */
int request_sla(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		enum request_by by, int min_orders, long long now, FILE *out, struct shequ_err *e);

/* The same as the period P stood at its end: the events after it are not
 * read, and a stage still open then is judged at that moment (what the
 * cycle's weekly and monthly workbooks show). */
int request_sla_at_end(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		       enum request_by by, int min_orders, FILE *out, struct shequ_err *e);

/* Told by request_sla_grids() of one grid: the stage deadlines its orders
 * kept (IN_TIME) and missed (LATE), over every stage that came due, and
 * the call-backs that gave a verdict (VERDICTS), SATISFIED of them.
 * Non-zero stops it. */
typedef int (*request_grid_fn)(void *ctx, const char *grid, long in_time, long late, long satisfied,
			       long verdicts, struct shequ_err *e);

/* For the quarterly scorecard: the orders received in P per grid, as they
 * stood at P's end (events after it are not read; a stage still open then
 * is judged at that moment).  Orders at no grid's address are left out. */
int request_sla_grids(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		      request_grid_fn fn, void *ctx, struct shequ_err *e);

#endif
