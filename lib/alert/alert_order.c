/* alert_order.c - an alert and its order; see alert_order.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert_order.h"
#include "base/csvout.h"
#include "db/db.h"
#include "request/request_store.h"
#include "request/request_time.h"

/* Where a device is and whom it watches: its code, kind, the four place
 * texts, the watched person's name, the contact's phone, grid and
 * coordinates. */
static const char device_sql[] =
    "SELECT d.code, d.kind, coalesce(c1.name, c2.name), coalesce(b1.name, b2.name), s.unit, "
    "dw.room, p.name, d.contact_phone, coalesce(g1.code, (SELECT min(g.code) FROM stairwell s2 "
    "JOIN grid_stairwell gs2 ON gs2.stairwell_id = s2.id JOIN grid g ON g.id = gs2.grid_id "
    "AND g.retired IS NULL WHERE s2.building_id = b2.id)), d.x, d.y "
    "FROM alert_device d LEFT JOIN dwelling dw ON dw.id = d.dwelling_id "
    "LEFT JOIN stairwell s ON s.id = dw.stairwell_id "
    "LEFT JOIN building b1 ON b1.id = s.building_id "
    "LEFT JOIN compound c1 ON c1.id = b1.compound_id "
    "LEFT JOIN building b2 ON b2.id = d.building_id AND d.dwelling_id IS NULL "
    "LEFT JOIN compound c2 ON c2.id = b2.compound_id "
    "LEFT JOIN person p ON p.id = d.person_id "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
    "LEFT JOIN grid g1 ON g1.id = gs.grid_id AND g1.retired IS NULL WHERE d.id = ?1";

/* What a device's row says, as text (NULL when none). */
enum {
	DV_CODE,
	DV_KIND,
	DV_COMPOUND,
	DV_BUILDING,
	DV_UNIT,
	DV_ROOM,
	DV_NAME,
	DV_PHONE,
	DV_GRID,
	DV_NTEXT
};

struct device_info {
	char text[DV_NTEXT][256];
	int has[DV_NTEXT];
	char place[1100];
};

/* Read device ID into D. */
static int device_read(sqlite3 *db, long long id, struct device_info *d, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int i, rc = db_prepare(db, device_sql, &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? shequ_err_set(e, EX_SOFTWARE, "no device %lld", id)
					 : db_fail(db, rc, "device", e);
	}
	for (i = 0; i < DV_NTEXT; i++) {
		const char *t = (const char *)sqlite3_column_text(st, i);

		d->has[i] = t != NULL;
		snprintf(d->text[i], sizeof d->text[i], "%s", t ? t : "");
	}
	if (d->has[DV_ROOM])
		snprintf(d->place, sizeof d->place, "%s %s-%s-%s", d->text[DV_COMPOUND],
			 d->text[DV_BUILDING], d->text[DV_UNIT], d->text[DV_ROOM]);
	else if (d->has[DV_BUILDING])
		snprintf(d->place, sizeof d->place, "%s %s", d->text[DV_COMPOUND],
			 d->text[DV_BUILDING]);
	else if (sqlite3_column_type(st, 9) != SQLITE_NULL)
		snprintf(d->place, sizeof d->place, "%g,%g", sqlite3_column_double(st, 9),
			 sqlite3_column_double(st, 10));
	else
		d->place[0] = '\0';
	sqlite3_finalize(st);
	return 0;
}

/* One integer from SQL with one bound integer ARG into *V. */
static int one_int(sqlite3 *db, const char *sql, long long arg, long long *v, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, sql, &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, arg);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "alert", e);
}

/* The order of alert A: made, received and assigned to the first rung. */
static int order_open(sqlite3 *db, const struct alert_new *a, const struct device_info *d,
		      const char *number, long long now, long long *order, struct shequ_err *e)
{
	struct request_order_in o = {.number = number};
	struct request_event_in ev = {now, REQUEST_RECEIVED, "shequ-alert", NULL, -1, 0, 0, 0};
	struct request_store s;
	char content[1000];
	long long imp;
	long line;
	int rc, added;

	snprintf(content, sizeof content, "%s: %s (%s %s)", a->rule->name, a->detail,
		 d->text[DV_KIND], d->text[DV_CODE]);
	o.attr[REQUEST_A_SOURCE] = "alert";
	o.attr[REQUEST_A_SCENARIO] = a->rule->scenario;
	o.attr[REQUEST_A_COMPOUND] = d->has[DV_COMPOUND] ? d->text[DV_COMPOUND] : NULL;
	o.attr[REQUEST_A_BUILDING] = d->has[DV_BUILDING] ? d->text[DV_BUILDING] : NULL;
	o.attr[REQUEST_A_UNIT] = d->has[DV_UNIT] ? d->text[DV_UNIT] : NULL;
	o.attr[REQUEST_A_ROOM] = d->has[DV_ROOM] ? d->text[DV_ROOM] : NULL;
	o.attr[REQUEST_A_REQUESTER] = d->has[DV_NAME] ? d->text[DV_NAME] : NULL;
	o.attr[REQUEST_A_PHONE] = d->has[DV_PHONE] ? d->text[DV_PHONE] : NULL;
	o.attr[REQUEST_A_CONTENT] = content;
	o.attr[REQUEST_A_ASSIGNEE] = alert_rung_name(a->rule->ladder[0]);
	o.present = (1u << REQUEST_NATTRS) - 1;
	if ((rc = request_store_open(&s, db, e)))
		return rc;
	if (!(rc = request_store_insert(&s, &o, order, e)) &&
	    !(rc = request_store_event(&s, *order, &ev, &added, &imp, &line, e))) {
		ev.kind = REQUEST_ASSIGNED;
		ev.actor = alert_rung_name(a->rule->ladder[0]);
		ev.note = "told first";
		rc = request_store_event(&s, *order, &ev, &added, &imp, &line, e);
	}
	request_store_close(&s);
	return rc;
}

/* The alert row of A, with order ORDER, as id ID. */
static int alert_insert(sqlite3 *db, long long id, const struct alert_new *a, long long order,
			long long now, struct shequ_err *e)
{
	char since[REQUEST_TIME_SIZE], raised[REQUEST_TIME_SIZE];
	sqlite3_stmt *st;
	int rc =
	    db_prepare(db,
		       "INSERT INTO alert (id, device_id, rule, severity, since, raised, detail, "
		       "order_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		       &st, e);

	if (rc)
		return rc;
	request_time_format(a->since, since);
	request_time_format(now, raised);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->device);
	sqlite3_bind_text(st, 3, a->rule->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->rule->severity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, raised, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, order);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "alert", e);
}

/* The CSV line of a new alert (see alert_raise). */
static int alert_line(FILE *out, long long id, const char *number, const struct alert_new *a,
		      const struct device_info *d, long long now, struct shequ_err *e)
{
	char raised[REQUEST_TIME_SIZE];
	struct csvout *w = csvout_new(out, 0);
	int rc;

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	request_time_format(now, raised);
	csvout_field(w, raised);
	csvout_int(w, id);
	csvout_field(w, number);
	csvout_field(w, a->rule->code);
	csvout_field(w, a->rule->severity);
	csvout_field(w, d->text[DV_CODE]);
	csvout_field(w, d->text[DV_KIND]);
	csvout_field(w, d->place);
	csvout_field(w, d->text[DV_GRID]);
	csvout_field(w, alert_rung_name(a->rule->ladder[0]));
	csvout_field(w, a->detail);
	csvout_end_row(w);
	if ((rc = csvout_close(w)))
		return shequ_err_set(e, rc, "cannot write the alert");
	return 0;
}

int alert_raise(sqlite3 *db, const struct alert_new *a, long long now, FILE *out,
		struct shequ_err *e)
{
	struct device_info d;
	long long id, order;
	char number[32];
	int rc;

	if ((rc = device_read(db, a->device, &d, e)) ||
	    (rc = one_int(db, "SELECT coalesce(max(id), 0) + ?1 FROM alert", 1, &id, e)))
		return rc;
	snprintf(number, sizeof number, "AL%lld", id);
	if ((rc = order_open(db, a, &d, number, now, &order, e)) ||
	    (rc = alert_insert(db, id, a, order, now, e)))
		return rc;
	return out ? alert_line(out, id, number, a, &d, now, e) : 0;
}

int alert_clear(sqlite3 *db, long long id, long long at, struct shequ_err *e)
{
	char when[REQUEST_TIME_SIZE];
	sqlite3_stmt *st;
	int rc = db_prepare(db, "UPDATE alert SET cleared = ?2 WHERE id = ?1", &st, e);

	if (rc)
		return rc;
	request_time_format(at, when);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, when, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "alert", e);
}

/* An open alert nobody has accepted: what escalation needs of it. */
struct waiting {
	long long id, order, last;
	int rung;
	char rule[ALERT_WORD];
};

/* The open, uncleared alerts whose orders nobody accepted, into a
 * malloc'd *W of *N. */
static int waiting_read(sqlite3 *db, struct waiting **w, size_t *n, struct shequ_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = db_prepare(db,
			    "SELECT a.id, a.order_id, a.rung, a.rule, (SELECT max(at) FROM "
			    "request_event WHERE order_id = a.order_id AND event = 'assigned') "
			    "FROM alert a WHERE a.closed IS NULL AND a.cleared IS NULL AND NOT "
			    "EXISTS (SELECT 1 FROM request_event WHERE order_id = a.order_id AND "
			    "event IN ('accepted', 'on_site', 'resolved', 'closed', 'cancelled'))",
			    &st, e);

	*w = NULL;
	*n = 0;
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct waiting *x = *w;

		if (*n == cap && !(x = realloc(*w, (cap = cap ? 2 * cap : 16) * sizeof *x))) {
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
			break;
		}
		*w = x;
		x = &(*w)[(*n)++];
		x->id = sqlite3_column_int64(st, 0);
		x->order = sqlite3_column_int64(st, 1);
		x->rung = sqlite3_column_int(st, 2);
		snprintf(x->rule, sizeof x->rule, "%s", (const char *)sqlite3_column_text(st, 3));
		if (request_time_read((const char *)sqlite3_column_text(st, 4), &x->last))
			x->last = 0;
		rc = 0;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc && !e->code)
		rc = db_fail(db, rc, "alerts", e);
	sqlite3_finalize(st);
	return rc;
}

/* Tell the next rung of W's ladder (rule R) at NOW. */
static int tell_next(sqlite3 *db, struct request_store *s, const struct waiting *w,
		     const struct alert_rule *r, long long now, struct shequ_err *e)
{
	const char *who = alert_rung_name(r->ladder[w->rung + 1]);
	struct request_event_in ev = {now, REQUEST_ASSIGNED, who, NULL, -1, 0, 0, 0};
	struct request_order_in o = {0};
	char note[100], sql[100];
	long long imp;
	long line;
	int rc, added;

	snprintf(note, sizeof note, "not accepted within %lld minutes", r->escalate / 60);
	ev.note = note;
	o.attr[REQUEST_A_ASSIGNEE] = who;
	o.present = 1u << REQUEST_A_ASSIGNEE;
	snprintf(sql, sizeof sql, "UPDATE alert SET rung = rung + 1 WHERE id = %lld", w->id);
	if ((rc = request_store_event(s, w->order, &ev, &added, &imp, &line, e)) ||
	    (rc = request_store_update(s, w->order, &o, NULL, e)))
		return rc;
	return db_exec(db, sql, e);
}

int alert_escalate(sqlite3 *db, const struct alert_conf *c, long long now, long *n,
		   struct shequ_err *e)
{
	struct request_store s;
	struct waiting *w;
	size_t i, nw;
	int rc;

	*n = 0;
	if ((rc = waiting_read(db, &w, &nw, e)))
		return rc;
	if ((rc = request_store_open(&s, db, e))) {
		free(w);
		return rc;
	}
	for (i = 0; i < nw && !rc; i++) {
		const struct alert_rule *r = alert_rule_find(c, w[i].rule);

		if (!r || (size_t)w[i].rung + 1 >= r->nrungs || w[i].last + r->escalate > now)
			continue;
		if (!(rc = tell_next(db, &s, &w[i], r, now, e)))
			(*n)++;
	}
	request_store_close(&s);
	free(w);
	return rc;
}

/* The alert WHICH names ("AL12" or "12"), into *ID; its order, raised
 * moment and whether it is closed. */
static int alert_named(sqlite3 *db, const char *which, long long *id, long long *order,
		       long long *raised, int *closed, struct shequ_err *e)
{
	const char *digits = strncmp(which, "AL", 2) ? which : which + 2;
	sqlite3_stmt *st;
	char *end;
	int rc;

	*id = strtoll(digits, &end, 10);
	if (!*digits || *end || *id <= 0)
		return shequ_err_set(e, EX_DATAERR, "no alert %s", which);
	if ((rc = db_prepare(db,
			     "SELECT order_id, raised, closed IS NOT NULL FROM alert WHERE id = ?1",
			     &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, *id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*order = sqlite3_column_int64(st, 0);
		request_time_read((const char *)sqlite3_column_text(st, 1), raised);
		*closed = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return shequ_err_set(e, EX_DATAERR, "no alert %s", which);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "alert", e);
}

/* Close order ORDER at AT by ACTOR with NOTE, when it is still open. */
static int order_close(sqlite3 *db, long long order, long long at, const char *actor,
		       const char *note, struct shequ_err *e)
{
	struct request_event_in ev = {at, REQUEST_CLOSED, actor, note, -1, 0, 0, 0};
	struct request_store s;
	long long open, imp;
	long line;
	int rc, added;

	if ((rc = one_int(db,
			  "SELECT count(*) FROM request_status WHERE id = ?1 AND status IN "
			  "('open', 'paused')",
			  order, &open, e)) ||
	    !open)
		return rc;
	if ((rc = request_store_open(&s, db, e)))
		return rc;
	rc = request_store_event(&s, order, &ev, &added, &imp, &line, e);
	request_store_close(&s);
	return rc;
}

int alert_close(sqlite3 *db, const char *which, int real, const char *finding, long long at,
		const char *actor, struct shequ_err *e)
{
	char when[REQUEST_TIME_SIZE], note[600];
	long long id, order = 0, raised = 0;
	sqlite3_stmt *st;
	int rc, closed = 0;

	if ((rc = alert_named(db, which, &id, &order, &raised, &closed, e)))
		return rc;
	if (closed)
		return shequ_err_set(e, EX_DATAERR, "alert %s is closed already", which);
	if (at < raised)
		return shequ_err_set(e, EX_DATAERR, "alert %s was raised after that moment", which);
	request_time_format(at, when);
	if ((rc =
		 db_prepare(db,
			    "UPDATE alert SET closed = ?2, real = ?3, finding = ?4, closed_by = ?5 "
			    "WHERE id = ?1",
			    &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, when, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, real);
	sqlite3_bind_text(st, 4, finding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "alert", e);
	snprintf(note, sizeof note, "%s: %s", real ? "real" : "false alarm", finding);
	return order_close(db, order, at, actor, note, e);
}
