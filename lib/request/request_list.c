/* request_list.c - orders as they stand, and one order's history; see
 * request_list.h. */
#include <stdio.h>
#include <string.h>

#include "base/csvout.h"
#include "db/db.h"
#include "db/sqlcsv.h"
#include "domain/mask.h"
#include "request/request_list.h"
#include "request/request_read.h"
#include "request/request_time.h"

/* The text columns of an order the list reads, in the query's order. */
enum {
	L_NUMBER,
	L_SOURCE,
	L_SCENARIO,
	L_COMPOUND,
	L_BUILDING,
	L_UNIT,
	L_ROOM,
	L_GRID,
	L_REQUESTER,
	L_PHONE,
	L_ASSIGNEE,
	L_NTEXTS
};

static const char list_sql[] =
    "SELECT o.id, o.number, o.source, o.scenario, o.compound, o.building, o.unit, o.room, "
    "g.code, o.requester, o.phone, o.assignee, e.at, e.event, e.satisfied, e.rating "
    "FROM request_order o JOIN request_event e ON e.order_id = o.id "
    "LEFT JOIN dwelling d ON d.id = o.dwelling_id "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = d.stairwell_id "
    "LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL "
    "WHERE (?1 IS NULL OR g.code = ?1) AND (?2 IS NULL OR o.assignee = ?2) ORDER BY o.id";

static const char *const list_header[] = {
    "number", "source",	    "scenario",	 "compound",	    "building", "unit",
    "room",   "grid",	    "requester", "phone",	    "assignee", "received",
    "status", "next_stage", "due",	 "overdue_minutes",
};

/* What the callbacks of request_list() and request_late() need. */
struct list_ctx {
	const struct request_catalogue *c;
	const struct request_list_filter *f; /* request_list() only */
	long long from, now;		     /* request_late()'s span; the list's NOW */
	struct csvout *w;
};

/* The first stage of M not reached yet that has a limit, or -1. */
static int next_stage(const struct request_measure *m)
{
	int s;

	for (s = 0; s < REQUEST_NSTAGES; s++)
		if (m->stage[s].verdict == REQUEST_PENDING ||
		    (m->stage[s].verdict == REQUEST_LATE && !m->stage[s].reached))
			return s;
	return -1;
}

/* Measure order O on the first N events of its log at NOW into M; the
 * stage it waits for, or -1 when it is cancelled, closed or done. */
static int order_measure(const struct request_catalogue *c, const struct request_read_order *o,
			 size_t n, long long now, struct request_measure *m)
{
	const struct request_kind *k = request_kind_find(c, o->text[L_SCENARIO]);
	struct request_limits none = {REQUEST_CLOCK_24H, {0}};

	request_measure(o->ev, n, k ? &k->limits : &none, c->cal, now, m);
	if (m->status == REQUEST_IS_CANCELLED || m->status == REQUEST_IS_CLOSED)
		return -1;
	return next_stage(m);
}

/* Whether M is open or paused. */
static int order_open(const struct request_measure *m)
{
	return m->status == REQUEST_OPEN || m->status == REQUEST_IS_PAUSED;
}

/* Whether M, waiting for stage S (or -1), is open and past that stage's
 * deadline at NOW. */
static int order_overdue(const struct request_measure *m, int s, long long now)
{
	return order_open(m) && s >= 0 && m->stage[s].deadline < now;
}

/* Write the cells of order O after its texts: received, status, next stage,
 * due, overdue minutes. */
static void list_tail(struct csvout *w, const struct request_read_order *o,
		      const struct request_measure *m, int s, long long now)
{
	char t[REQUEST_TIME_SIZE];
	long long late = s >= 0 ? now - m->stage[s].deadline : 0;

	request_time_format(o->ev[0].at, t);
	csvout_field(w, t);
	csvout_field(w, request_status_name(m->status));
	csvout_field(w, s >= 0 ? request_stage_name(s) : NULL);
	if (s >= 0)
		request_time_format(m->stage[s].deadline, t);
	csvout_field(w, s >= 0 ? t : NULL);
	csvout_int(w, late > 0 ? late / 60 : 0);
}

/* Write the texts of order O, the requester and the phone masked. */
static void list_texts(struct csvout *w, const struct request_read_order *o)
{
	char masked[64];
	int i;

	for (i = 0; i < L_NTEXTS; i++) {
		if (i == L_REQUESTER || i == L_PHONE) {
			(i == L_PHONE ? mask_phone : mask_name)(o->text[i], masked, sizeof masked);
			csvout_field(w, masked);
		} else {
			csvout_field(w, o->text[i]);
		}
	}
}

/* Write order O when the filter lets it through. */
static int list_one(void *ctx, const struct request_read_order *o, struct shequ_err *e)
{
	struct list_ctx *x = ctx;
	struct request_measure m;
	int s = order_measure(x->c, o, o->n, x->now, &m);

	if ((x->f->open && !order_open(&m)) || (x->f->overdue && !order_overdue(&m, s, x->now)))
		return 0;
	list_texts(x->w, o);
	list_tail(x->w, o, &m, s, x->now);
	return csvout_end_row(x->w) ? shequ_err_set(e, EX_IOERR, "write error") : 0;
}

/* Write on OUT the list's header, then EXTRA as one more column unless it
 * is NULL, then each order of the list query (filtered by X's filter when
 * there is one) that ONE writes. */
static int list_run(sqlite3 *db, struct list_ctx *x, const char *extra, request_read_fn one,
		    FILE *out, struct shequ_err *e)
{
	const struct request_list_filter *f = x->f;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!(x->w = csvout_new(out, 0)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (i = 0; i < sizeof list_header / sizeof list_header[0]; i++)
		csvout_field(x->w, list_header[i]);
	if (extra)
		csvout_field(x->w, extra);
	csvout_end_row(x->w);
	if (!(rc = db_prepare(db, list_sql, &st, e))) {
		if (f && f->grid)
			sqlite3_bind_text(st, 1, f->grid, -1, SQLITE_TRANSIENT);
		if (f && f->assignee)
			sqlite3_bind_text(st, 2, f->assignee, -1, SQLITE_TRANSIENT);
		rc = request_read_orders(db, st, L_NTEXTS, one, x, e);
	}
	if (csvout_close(x->w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "write error");
	return rc;
}

int request_list(sqlite3 *db, const struct request_catalogue *c, long long now,
		 const struct request_list_filter *f, FILE *out, struct shequ_err *e)
{
	struct list_ctx x = {c, f, 0, now, NULL};

	return list_run(db, &x, NULL, list_one, out, e);
}

/* The number of events of the sorted log EV (N of them) at or before T. */
static size_t events_until(const struct request_event *ev, size_t n, long long t)
{
	while (n > 0 && ev[n - 1].at > t)
		n--;
	return n;
}

/* The moment stage S ended in the log EV (N events), or -1. */
static long long stage_end_at(const struct request_event *ev, size_t n, int s)
{
	static const int ends[REQUEST_NSTAGES] = {REQUEST_ACCEPTED, REQUEST_ON_SITE,
						  REQUEST_RESOLVED, REQUEST_CALLED_BACK};
	size_t i;

	for (i = 0; i < n; i++)
		if (ev[i].kind == ends[s])
			return ev[i].at;
	return -1;
}

/* The stages of M (log EV, N events) that ended late at FROM or after,
 * separated by blanks, into BUF (LEN bytes); how many. */
static int late_stages(const struct request_event *ev, size_t n, const struct request_measure *m,
		       long long from, char *buf, size_t len)
{
	int s, k = 0;

	buf[0] = '\0';
	for (s = 0; s < REQUEST_NSTAGES; s++)
		if (m->stage[s].verdict == REQUEST_LATE && m->stage[s].reached &&
		    stage_end_at(ev, n, s) >= from)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", k++ ? " " : "",
				 request_stage_name(s));
	return k;
}

/* Write order O when, as its log stood at the context's NOW, it ran late
 * in the span or is open and past due. */
static int late_one(void *ctx, const struct request_read_order *o, struct shequ_err *e)
{
	struct list_ctx *x = ctx;
	size_t n = events_until(o->ev, o->n, x->now);
	struct request_measure m;
	char late[64];
	int s, overdue, nlate;

	if (!n)
		return 0;
	s = order_measure(x->c, o, n, x->now, &m);
	overdue = order_overdue(&m, s, x->now);
	nlate = late_stages(o->ev, n, &m, x->from, late, sizeof late);
	if (!overdue && !nlate)
		return 0;
	list_texts(x->w, o);
	list_tail(x->w, o, &m, s, x->now);
	csvout_field(x->w, late);
	return csvout_end_row(x->w) ? shequ_err_set(e, EX_IOERR, "write error") : 0;
}

int request_late(sqlite3 *db, const struct request_catalogue *c, long long from, long long now,
		 FILE *out, struct shequ_err *e)
{
	struct list_ctx x = {c, NULL, from, now, NULL};

	/* The list's columns, then the stages run late. */
	return list_run(db, &x, "late", late_one, out, e);
}

int request_history(sqlite3 *db, const char *number, FILE *out, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if ((rc = db_prepare(db, "SELECT count(*) FROM request_order WHERE number = ?", &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!found)
		return shequ_err_set(e, EX_DATAERR, "no order %s", number);
	rc = db_prepare(
	    db,
	    "SELECT o.number, e.at, e.event, e.actor, e.note, e.satisfied, e.rating, "
	    "CASE WHEN e.import_id IS NULL THEN NULL ELSE l.file || ':' || e.line END "
	    "AS origin FROM request_event e JOIN request_order o ON o.id = e.order_id "
	    "LEFT JOIN import_log l ON l.id = e.import_id WHERE o.number = ? "
	    "ORDER BY e.at, CASE e.event WHEN 'received' THEN 0 WHEN 'assigned' THEN 1 "
	    "WHEN 'accepted' THEN 2 WHEN 'on_site' THEN 3 WHEN 'resolved' THEN 4 "
	    "WHEN 'called_back' THEN 5 WHEN 'rated' THEN 6 WHEN 'reopened' THEN 7 "
	    "WHEN 'paused' THEN 8 WHEN 'resumed' THEN 9 WHEN 'closed' THEN 10 ELSE 11 END",
	    &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
	return sqlcsv_write(db, st, out, e);
}
