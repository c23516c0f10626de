/*
 * cycle_stale.h - what a report of the cycle shows besides inspections,
 * and whether it changed since the report was made: the care visits, the
 * care services and the service orders, through their change counters per
 * day (change_summary, kept by triggers: share/migrations/014-*.sql).
 *
 * A report depends on a span of days of each source (struct cycle_deps);
 * its fingerprint is the sum of the counters over those spans, recorded
 * when it is made (report.data_changes).  The counters never go down, so
 * the report is stale exactly when the sum has grown: a row of a day it
 * reads was added, changed or removed.  A source a report does not show
 * has no span, and nothing of it makes the report stale.
 *
 * The spans (cycle_stale_deps), as the reports read them:
 *   week     visits from the first day of the window before the one that
 *            holds the week's last day, for the longest cadence (the
 *            quarter before), to that day: the overdue visits on that day
 *            follow from the last visit of each person (care_window.h);
 *   month    visits from the first day of the first cadence window that
 *            ends inside the month to its end (the visit rates), and the
 *            month's services;
 *   week, month  the orders received in it, read up to its end (the order
 *            sheets of cycle_service.h); a day's order sheet (the open
 *            orders of any age) is not followed yet;
 *   quarter  with weight_visit above 0, visits as for a month; with
 *            weight_service above 0, the quarter's orders (the scorecard
 *            reads their events up to the quarter's end only).
 * Another sheet that shows one of these widens the report's span with
 * cycle_deps_add(), in cycle_stale_deps().
 */
#ifndef SHEQU_CYCLE_STALE_H
#define SHEQU_CYCLE_STALE_H

#include <sqlite3.h>

#include "base/error.h"
#include "domain/period.h"
#include "domain/scoring_conf.h"

/* The sources counted in change_summary. */
enum cycle_source { CYCLE_VISITS, CYCLE_SERVICES, CYCLE_ORDERS, CYCLE_NSOURCES };

/* The days of each source a report reads: FIRST[s]..LAST[s], none when
 * FIRST[s] > LAST[s]. */
struct cycle_deps {
	int first[CYCLE_NSOURCES], last[CYCLE_NSOURCES];
};

/* D with no span at all. */
void cycle_deps_none(struct cycle_deps *d);

/* Widen the span of source S in D to hold FIRST..LAST too. */
void cycle_deps_add(struct cycle_deps *d, enum cycle_source s, int first, int last);

/* The spans the report of period P reads under the weights of CONF. */
void cycle_stale_deps(const struct period *p, const struct scoring_conf *conf,
		      struct cycle_deps *d);

/* The sum of the counters of source S from day FIRST to LAST into *SUM
 * (0 when FIRST > LAST). */
int cycle_stale_changes(sqlite3 *db, enum cycle_source s, int first, int last, long long *sum,
			struct shequ_err *e);

/* The sum of the counters over every span of D into *SUM. */
int cycle_stale_sum(sqlite3 *db, const struct cycle_deps *d, long long *sum, struct shequ_err *e);

/* For a report made at MADE (UTC, as report.made) before the counters
 * existed: whether a row of a span of D was imported or written after
 * then, into *CHANGED (visits and services by their import's time, orders
 * by their events' recorded time and their own changed time). */
int cycle_stale_since(sqlite3 *db, const struct cycle_deps *d, const char *made, int *changed,
		      struct shequ_err *e);

#endif
