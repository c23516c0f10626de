/* request_import.c - the exports of the hotline and the platform into
 * orders and events, all or nothing; see request_import.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/names.h"
#include "db/db.h"
#include "domain/header_map.h"
#include "request/request_import_impl.h"
#include "request/request_time.h"

/* The canonical names of enum rq_col, as request/headers.csv names them. */
static const char *const col_names[RQ_NCOLS] = {
    "number",	"source",    "platform_number", "scenario",    "compound",  "building", "unit",
    "room",	"requester", "phone",		"content",     "assignee",  "received", "assigned",
    "accepted", "on_site",   "resolved",	"called_back", "satisfied", "rating",	"rated",
    "event",	"at",	     "actor",		"note",
};

int rq_reject(struct rq_run *u, long line, int col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = csv_import_vreport(&u->ci, line, col, 1, fmt, ap);
	va_end(ap);
	return rc;
}

void rq_warn(struct rq_run *u, long line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	csv_import_vreport(&u->ci, line, col, 0, fmt, ap);
	va_end(ap);
}

/* Check that the columns the shape needs are there, and settle it. */
static int check_columns(struct rq_run *u, size_t nfields, struct shequ_err *e)
{
	static const int orders[] = {RQ_NUMBER, RQ_RECEIVED},
			 events[] = {RQ_NUMBER, RQ_EVENT, RQ_AT};
	const int *need;
	size_t i, n;

	u->events = u->labels[RQ_EVENT] != NULL;
	u->st->shape = u->events ? "events" : "orders";
	need = u->events ? events : orders;
	n = u->events ? NAMES_COUNT(events) : NAMES_COUNT(orders);
	for (i = 0; i < n; i++)
		if (!u->labels[need[i]])
			return shequ_err_set(e, EX_DATAERR,
					     "1: no column %s (%s) among %zu: not an export of "
					     "orders or events",
					     col_names[need[i]],
					     need[i] == RQ_NUMBER     ? "工单编号"
					     : need[i] == RQ_RECEIVED ? "受理时间"
					     : need[i] == RQ_EVENT    ? "事件"
								      : "时间",
					     nfields);
	return 0;
}

/* Open PATH, load the aliases and read the header into RD and U. */
static int open_file(struct rq_run *u, struct header_map *rd, const char *path, struct shequ_err *e)
{
	struct csvin_opts co = {.encoding = u->o->encoding, .delim = u->o->delim};
	int rc = header_map_open(rd, path, &co, "request/headers.csv", "request", col_names,
				 RQ_NCOLS, u->labels, e);

	return rc ? rc : check_columns(u, rd->nfields, e);
}

/* Clean and store the row of LINE (csv_import_rows). */
static int row_of(void *u, long line, char **v, struct shequ_err *e)
{
	return rq_row(u, line, v, e);
}

/* Report the order whose N logged events L do not make sense, at the
 * line of this import that brought the event that does not fit. */
static void report_bad_log(struct rq_run *u, struct request_logged *l, size_t n,
			   struct request_event *tmp)
{
	char why[200];
	long bad;
	size_t i, at;

	for (i = 0; i < n; i++)
		tmp[i] = l[i].ev;
	if ((bad = request_log_check(tmp, n, why, sizeof why)) < 0)
		return;
	at = (size_t)bad;
	if (l[at].import_id != u->import_id) {
		for (i = 0; i < n; i++)
			if (l[i].import_id == u->import_id &&
			    (l[at].import_id != u->import_id || l[i].ev.tag < l[at].ev.tag))
				at = i;
	}
	if (u->events)
		rq_reject(u, l[at].ev.tag, RQ_EVENT, "%s", why);
	else
		rq_reject(u, l[at].ev.tag,
			  l[at].ev.kind == REQUEST_RATED ? RQ_RATED : rq_time_col(l[at].ev.kind),
			  "%s", why);
}

/* Read row ST into the next slot of *L (N used, *CAP allocated).  Twice
 * CAP slots are allocated: the second half holds the plain events that
 * request_log_check() reads. */
static int logged_push(sqlite3_stmt *st, struct request_logged **l, size_t *n, size_t *cap)
{
	struct request_logged *x;

	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;

		if (!(x = realloc(*l, c * 2 * sizeof *x)))
			return -1;
		*l = x;
		*cap = c;
	}
	x = &(*l)[(*n)++];
	request_time_read((const char *)sqlite3_column_text(st, 1), &x->ev.at);
	x->ev.kind = request_ev_find((const char *)sqlite3_column_text(st, 2));
	x->ev.satisfied =
	    sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
	x->ev.rating = sqlite3_column_int(st, 4);
	x->import_id = sqlite3_column_int64(st, 5);
	x->ev.tag = (long)sqlite3_column_int64(st, 6);
	return 0;
}

int rq_touch(struct rq_run *u, long long id, struct shequ_err *e)
{
	long long *x;

	if (u->ntouched && u->touched[u->ntouched - 1] == id)
		return 0;
	if (u->ntouched == u->captouched) {
		size_t c = u->captouched ? 2 * u->captouched : 256;

		if (!(x = realloc(u->touched, c * sizeof *x)))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		u->touched = x;
		u->captouched = c;
	}
	u->touched[u->ntouched++] = id;
	return 0;
}

/* Order ids ascending. */
static int id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Sort the touched orders and drop the repeats. */
static void touched_settle(struct rq_run *u)
{
	size_t i, n = 0;

	if (u->ntouched > 1)
		qsort(u->touched, u->ntouched, sizeof *u->touched, id_cmp);
	for (i = 0; i < u->ntouched; i++)
		if (!n || u->touched[n - 1] != u->touched[i])
			u->touched[n++] = u->touched[i];
	u->ntouched = n;
}

/* Read the log of order ID through ST into *L (*N events, *CAP slots)
 * and report it when it does not make sense. */
static int check_one(struct rq_run *u, sqlite3_stmt *st, long long id, struct request_logged **l,
		     size_t *cap, struct shequ_err *e)
{
	size_t n = 0;
	int step;

	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (logged_push(st, l, &n, cap)) {
			sqlite3_reset(st);
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return db_fail(u->ci.db, step, "check the logs", e);
	request_store_sort(*l, n);
	report_bad_log(u, *l, n, (struct request_event *)(*l + *cap));
	return 0;
}

/* Check the whole log of every order this import wrote to, in the order
 * of their ids. */
static int check_logs(struct rq_run *u, sqlite3 *db, struct shequ_err *e)
{
	sqlite3_stmt *st;
	struct request_logged *l = NULL;
	size_t i, cap = 0;
	int rc;

	if ((rc = db_prepare(db,
			     "SELECT order_id, at, event, satisfied, rating, import_id, line FROM "
			     "request_event WHERE order_id = ?1",
			     &st, e)))
		return rc;
	touched_settle(u);
	for (i = 0; i < u->ntouched && !rc; i++)
		rc = check_one(u, st, u->touched[i], &l, &cap, e);
	sqlite3_finalize(st);
	free(l);
	return rc;
}

/*
 * Migration 014 counts every event added, on its day, in change_summary,
 * by a trigger: an upsert for each event, and a statement journal for
 * each insert that fires it, several times the work of the insert itself.
 * The import lifts that trigger for its transaction and counts what it
 * added at the end, one upsert a day, by the same rule; a rollback puts the
 * trigger back by itself.  Without the trigger there is nothing to do.
 */
#define COUNTER_TRIGGER "change_summary_event_insert"

/* Lift the counting trigger, and note where this import's events start. */
static int counter_lift(struct rq_run *u, sqlite3 *db, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM request_event", &st, e);

	if (rc)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		u->first_event = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "change summary", e);
	return db_lift(db, "trigger", COUNTER_TRIGGER, &u->counter, e);
}

/* Count the events this import added as the trigger would have, and put
 * the trigger back. */
static int counter_restore(struct rq_run *u, sqlite3 *db, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (!u->counter)
		return 0;
	if ((rc = db_prepare(db,
			     "INSERT INTO change_summary (source, day, changes) SELECT 'order', "
			     "substr(at, 1, 10), count(*) FROM request_event WHERE id >= ?1 "
			     "GROUP BY 2 ON CONFLICT (source, day) DO UPDATE SET changes = "
			     "changes + excluded.changes",
			     &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, u->first_event);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "change summary", e);
	return db_put_back(db, &u->counter, e);
}

/* Inside the transaction: the log row, every row, the whole logs. */
static int import_in_transaction(void *reg, struct shequ_err *e)
{
	struct rq_run *u = reg;
	struct request_import_stats *st = u->st;
	int rc;

	if ((rc = counter_lift(u, u->ci.db, e)) ||
	    (rc = request_store_open(&u->store, u->ci.db, e)) ||
	    (rc = csv_import_log_begin(&u->ci, u->store.now,
				       u->events ? "request-events" : "request-orders", e)))
		return rc;
	u->import_id = u->ci.import_id;
	if ((rc = csv_import_rows(&u->ci, u->rd, RQ_NCOLS, row_of, u, e)) ||
	    (rc = check_logs(u, u->ci.db, e)) || (rc = counter_restore(u, u->ci.db, e)) ||
	    (rc = csv_import_log_end(&u->ci, st->orders_new,
				     st->rows - st->unchanged - st->rejected, st->unchanged, e)))
		return rc;
	return st->rejected ? EX_DATAERR : 0;
}

/* Free what U and RD hold. */
static void import_free(struct rq_run *u, struct header_map *rd)
{
	int i;

	request_store_close(&u->store);
	free(u->touched);
	free(u->counter);
	for (i = 0; i < RQ_NCOLS; i++)
		free(u->labels[i]);
	header_map_close(rd);
}

int request_import_file(sqlite3 *db, const struct request_catalogue *c, const char *path,
			const struct request_import_opts *o, struct request_import_stats *st,
			struct shequ_err *e)
{
	struct rq_run u = {.cat = c, .o = o, .st = st, .file = path};
	struct header_map rd = {0};
	int rc;

	memset(st, 0, sizeof *st);
	u.rd = &rd;
	csv_import_init(&u.ci, db, path, u.labels, o->report, o->ctx, &st->rows, &st->rejected);
	st->shape = "orders";
	if (o->source && !rq_source_code(o->source))
		return shequ_err_set(
		    e, EX_USAGE,
		    "unknown source '%s': expected hotline, app, platform, walk_in "
		    "or alert",
		    o->source);
	if (!(rc = open_file(&u, &rd, path, e)))
		rc = csv_import_transaction(&u.ci, o->dry_run, import_in_transaction, &u,
					    &st->committed, e);
	if (rc && e->code)
		header_map_err_at(e, path);
	import_free(&u, &rd);
	return rc;
}
