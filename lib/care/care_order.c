/* care_order.c - orders for follow-ups; see care_order.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "care/care_order.h"
#include "db/db.h"
#include "domain/mask.h"
#include "request/request_catalogue.h"
#include "request/request_store.h"

/* The follow-ups of ?1..?2 without an order, with what the order needs. */
static const char open_sql[] =
    "SELECT v.id, v.day, v.visitor, coalesce(v.finding, ''), p.name, p.phone, c.name, b.name, "
    "s.unit, d.room, coalesce(g.code, '') FROM care_visit v JOIN person p ON p.id = v.person_id "
    "JOIN dwelling d ON d.id = p.dwelling_id JOIN stairwell s ON s.id = d.stairwell_id "
    "JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
    "LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL "
    "WHERE v.follow_up = 1 AND v.order_id IS NULL AND v.day BETWEEN ?1 AND ?2 ORDER BY v.id";

enum {
	F_ID,
	F_DAY,
	F_VISITOR,
	F_FINDING,
	F_NAME,
	F_PHONE,
	F_COMPOUND,
	F_BUILDING,
	F_UNIT,
	F_ROOM,
	F_GRID,
	F_N
};

/* Text of column I of ST, NULL when NULL. */
static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The order of the follow-up on the row of ST; its id into *ORDER. */
static int order_make(struct request_store *s, sqlite3_stmt *st, const char *scenario,
		      long long now, long long *order, struct shequ_err *e)
{
	struct request_order_in o = {0};
	struct request_event_in ev = {now, REQUEST_RECEIVED, "shequ-care", NULL, -1, 0, 0, 0};
	char number[32], content[1200];
	long long imp;
	long line;
	int rc, added;

	snprintf(number, sizeof number, "CV%lld", sqlite3_column_int64(st, F_ID));
	snprintf(content, sizeof content, "探访跟进 %s %s: %s", col(st, F_DAY), col(st, F_VISITOR),
		 col(st, F_FINDING));
	o.number = number;
	o.attr[REQUEST_A_SOURCE] = "walk_in";
	o.attr[REQUEST_A_SCENARIO] = scenario;
	o.attr[REQUEST_A_COMPOUND] = col(st, F_COMPOUND);
	o.attr[REQUEST_A_BUILDING] = col(st, F_BUILDING);
	o.attr[REQUEST_A_UNIT] = col(st, F_UNIT);
	o.attr[REQUEST_A_ROOM] = col(st, F_ROOM);
	o.attr[REQUEST_A_REQUESTER] = col(st, F_NAME);
	o.attr[REQUEST_A_PHONE] = col(st, F_PHONE);
	o.attr[REQUEST_A_CONTENT] = content;
	o.attr[REQUEST_A_ASSIGNEE] = col(st, F_VISITOR);
	o.present = (1u << REQUEST_NATTRS) - 1;
	if ((rc = request_store_insert(s, &o, order, e)) ||
	    (rc = request_store_event(s, *order, &ev, &added, &imp, &line, e)))
		return rc;
	ev.kind = REQUEST_ASSIGNED;
	ev.actor = col(st, F_VISITOR);
	ev.note = "visit follow-up";
	return request_store_event(s, *order, &ev, &added, &imp, &line, e);
}

/* The CSV row of an opened order. */
static void order_row(struct csvout *w, sqlite3_stmt *st, int unmask)
{
	char number[32], m[256];

	snprintf(number, sizeof number, "CV%lld", sqlite3_column_int64(st, F_ID));
	csvout_field(w, number);
	csvout_field(w, col(st, F_DAY));
	csvout_field(w, col(st, F_GRID));
	csvout_field(w, col(st, F_VISITOR));
	if (unmask)
		snprintf(m, sizeof m, "%s", col(st, F_NAME));
	else
		mask_name(col(st, F_NAME), m, sizeof m);
	csvout_field(w, m);
	csvout_field(w, col(st, F_FINDING));
	csvout_end_row(w);
}

/* Open every order the query ST gives; set each visit's order_id. */
static int open_all(sqlite3 *db, sqlite3_stmt *st, const char *scenario, long long now, int unmask,
		    struct csvout *w, long *n, struct shequ_err *e)
{
	struct request_store s;
	sqlite3_stmt *set = NULL;
	long long order;
	int step = SQLITE_DONE;
	int rc = request_store_open(&s, db, e);

	if (!rc)
		rc = db_prepare(db, "UPDATE care_visit SET order_id = ?1 WHERE id = ?2", &set, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = order_make(&s, st, scenario, now, &order, e)))
			break;
		sqlite3_reset(set);
		sqlite3_bind_int64(set, 1, order);
		sqlite3_bind_int64(set, 2, sqlite3_column_int64(st, F_ID));
		if (sqlite3_step(set) != SQLITE_DONE) {
			rc = db_fail(db, sqlite3_errcode(db), "care_visit", e);
			break;
		}
		(*n)++;
		if (w)
			order_row(w, st, unmask);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "care follow-ups", e);
	sqlite3_finalize(set);
	request_store_close(&s);
	return rc;
}

/* The scenario or category S as its code, checked against the catalogue. */
static int scenario_code(const char *s, char *code, size_t n, struct shequ_err *e)
{
	struct request_catalogue cat = {0};
	const struct request_kind *k;
	int rc = request_catalogue_load(&cat, e);

	if (!rc && !(k = request_kind_find(&cat, s)))
		rc = shequ_err_set(e, EX_USAGE,
				   "unknown scenario '%s' (see share/request/catalogue.csv)", s);
	else if (!rc)
		snprintf(code, n, "%s", k->code);
	request_catalogue_free(&cat);
	return rc;
}

int care_order_follow_ups(sqlite3 *db, const struct period *p, const char *scenario, long long now,
			  int unmask, FILE *out, long *n, struct shequ_err *e)
{
	static const char *const h[] = {"order", "day", "grid", "visitor", "name", "finding"};
	struct csvout *w = out ? csvout_new(out, 0) : NULL;
	sqlite3_stmt *st = NULL;
	char a[11], b[11], code[64];
	int pf, pl, rc = scenario_code(scenario, code, sizeof code, e);

	*n = 0;
	period_bounds(p, &pf, &pl);
	day_format(pf, a);
	day_format(pl, b);
	if (!rc && !(rc = db_begin(db, e))) {
		if (!(rc = db_prepare(db, open_sql, &st, e))) {
			sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
			if (w)
				csvout_row(w, h, 6);
			rc = open_all(db, st, code, now, unmask, w, n, e);
		}
		sqlite3_finalize(st);
		if (rc)
			db_rollback(db);
		else
			rc = db_commit(db, e);
	}
	if (w && csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "writing the orders failed");
	return rc;
}
