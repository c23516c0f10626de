/* cycle_stale.c - the other data a report shows, and whether it changed;
 * see cycle_stale.h. */
#include <limits.h>
#include <stdio.h>

#include "care/care_window.h"
#include "cycle/cycle_stale.h"
#include "db/db.h"

/* The names of the sources in change_summary. */
static const char *const source_name[CYCLE_NSOURCES] = {"visit", "service", "order"};

void cycle_deps_none(struct cycle_deps *d)
{
	for (int s = 0; s < CYCLE_NSOURCES; s++) {
		d->first[s] = INT_MAX;
		d->last[s] = INT_MIN;
	}
}

void cycle_deps_add(struct cycle_deps *d, enum cycle_source s, int first, int last)
{
	if (first < d->first[s])
		d->first[s] = first;
	if (last > d->last[s])
		d->last[s] = last;
}

/* The first day of the visits the visit rates of FIRST..LAST read: that of
 * the first window of each cadence when it ends inside them (care_rates.c
 * counts the windows that end inside the period). */
static int rates_from(int first, int last)
{
	int from = first;

	for (int k = CARE_WEEKLY; k < CARE_NONE; k++) {
		int f, l;

		care_window((enum care_cadence)k, first, &f, &l);
		if (l <= last && f < from)
			from = f;
	}
	return from;
}

/* The first day of the visits the overdue list of DAY reads: the first day
 * of the window before the one holding DAY, of each cadence (care_due). */
static int due_from(int day)
{
	int from = day;

	for (int k = CARE_WEEKLY; k < CARE_NONE; k++) {
		int f, l;

		care_window((enum care_cadence)k, day, &f, &l);
		care_window((enum care_cadence)k, f - 1, &f, &l);
		if (f < from)
			from = f;
	}
	return from;
}

void cycle_stale_deps(const struct period *p, const struct scoring_conf *conf, struct cycle_deps *d)
{
	int first, last;

	cycle_deps_none(d);
	period_bounds(p, &first, &last);
	switch (p->kind) {
	case PERIOD_WEEK:
		cycle_deps_add(d, CYCLE_VISITS, due_from(last), last);
		/* The order sheets: the week's orders as at its end (cycle_service.h). */
		cycle_deps_add(d, CYCLE_ORDERS, first, last);
		break;
	case PERIOD_MONTH:
		cycle_deps_add(d, CYCLE_VISITS, rates_from(first, last), last);
		cycle_deps_add(d, CYCLE_SERVICES, first, last);
		cycle_deps_add(d, CYCLE_ORDERS, first, last);
		break;
	case PERIOD_QUARTER:
		if (conf->weight_visit > 0)
			cycle_deps_add(d, CYCLE_VISITS, rates_from(first, last), last);
		if (conf->weight_service > 0)
			cycle_deps_add(d, CYCLE_ORDERS, first, last);
		break;
	default:
		break;
	}
}

int cycle_stale_changes(sqlite3 *db, enum cycle_source s, int first, int last, long long *sum,
			struct shequ_err *e)
{
	sqlite3_stmt *st;
	char a[11], b[11];
	int rc;

	*sum = 0;
	if (first > last)
		return 0;
	if ((rc = db_prepare(db,
			     "SELECT coalesce(sum(changes), 0) FROM change_summary "
			     "WHERE source = ?1 AND day BETWEEN ?2 AND ?3",
			     &st, e)))
		return rc;
	day_format(first, a);
	day_format(last, b);
	sqlite3_bind_text(st, 1, source_name[s], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*sum = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = db_fail(db, rc, "change summary", e);
	}
	sqlite3_finalize(st);
	return rc;
}

int cycle_stale_sum(sqlite3 *db, const struct cycle_deps *d, long long *sum, struct shequ_err *e)
{
	long long one;
	int rc = 0;

	*sum = 0;
	for (int s = 0; !rc && s < CYCLE_NSOURCES; s++)
		if (!(rc = cycle_stale_changes(db, (enum cycle_source)s, d->first[s], d->last[s],
					       &one, e)))
			*sum += one;
	return rc;
}

/* Whether a row of source S was written after MADE, judged by the query
 * of each source over the days ?1..?2 and the time ?3. */
static const char *const since_sql[CYCLE_NSOURCES] = {
    "SELECT EXISTS (SELECT 1 FROM care_visit v JOIN care_import i ON i.id = v.import_id "
    "WHERE v.day BETWEEN ?1 AND ?2 AND i.started > ?3)",
    "SELECT EXISTS (SELECT 1 FROM care_service v JOIN care_import i ON i.id = v.import_id "
    "WHERE v.day BETWEEN ?1 AND ?2 AND i.started > ?3)",
    "SELECT EXISTS (SELECT 1 FROM request_event WHERE at >= ?1 AND at < date(?2, '+1 day') "
    "AND recorded > ?3) OR EXISTS (SELECT 1 FROM request_event r JOIN request_order o "
    "ON o.id = r.order_id WHERE r.event = 'received' AND r.at >= ?1 "
    "AND r.at < date(?2, '+1 day') AND o.changed > ?3)",
};

int cycle_stale_since(sqlite3 *db, const struct cycle_deps *d, const char *made, int *changed,
		      struct shequ_err *e)
{
	int rc = 0;

	*changed = 0;
	for (int s = 0; !rc && !*changed && s < CYCLE_NSOURCES; s++) {
		sqlite3_stmt *st;
		char a[11], b[11];

		if (d->first[s] > d->last[s])
			continue;
		if ((rc = db_prepare(db, since_sql[s], &st, e)))
			break;
		day_format(d->first[s], a);
		day_format(d->last[s], b);
		sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, made, -1, SQLITE_TRANSIENT);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*changed = sqlite3_column_int(st, 0);
			rc = 0;
		} else {
			rc = db_fail(db, rc, "changes since", e);
		}
		sqlite3_finalize(st);
	}
	return rc;
}
