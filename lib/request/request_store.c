/* request_store.c - orders and events in the database; see request_store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/normalize.h"
#include "db/db.h"
#include "domain/place.h"
#include "request/request_store.h"
#include "request/request_time.h"

/* The columns of request_order that enum request_attr names, in order. */
static const char *const attr_cols[REQUEST_NATTRS] = {
    "source", "platform_number", "scenario", "compound", "building", "unit",
    "room",   "requester",	 "phone",    "content",	 "assignee",
};

static const char *const sql[RS_NSTMTS] = {
    [RS_FIND] =
	"SELECT o.id, (SELECT min(at) FROM request_event e WHERE e.order_id = o.id AND "
	"e.event = 'received'), ?2 IS NULL OR coalesce(o.content, '') = ?2 FROM request_order o "
	"WHERE o.number = ?1",
    [RS_INSERT] = "INSERT INTO request_order (number, source, platform_number, scenario, "
		  "compound, building, unit, room, requester, phone, content, assignee, "
		  "dwelling_id, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [RS_DWELLING] = "SELECT d.id FROM dwelling d JOIN stairwell s ON s.id = d.stairwell_id "
		    "JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = "
		    "b.compound_id WHERE c.name = ? AND b.name = ? AND s.unit = ? AND d.room = ?",
    [RS_EVENT] = "INSERT INTO request_event (order_id, at, event, actor, note, satisfied, "
		 "rating, import_id, line, recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		 "ON CONFLICT DO NOTHING",
    [RS_EVENT_WHO] = "SELECT import_id, line FROM request_event WHERE order_id = ? AND event "
		     "= ? AND at = ?",
    [RS_KIND] = "SELECT id, at FROM request_event WHERE order_id = ? AND event = ? LIMIT 2",
    [RS_MOVE] = "UPDATE request_event SET at = ?, import_id = ?, line = ?, recorded = ? "
		"WHERE id = ?",
    [RS_LOG] = "SELECT at, event, satisfied, rating, import_id, line FROM request_event "
	       "WHERE order_id = ?",
    [RS_NUMBER] = "SELECT 'SQ' || (coalesce(max(id), 0) + 1) FROM request_order",
};

int request_store_open(struct request_store *s, sqlite3 *db, struct shequ_err *e)
{
	int i, rc;

	memset(s, 0, sizeof *s);
	s->db = db;
	db_now(s->now);
	for (i = 0; i < RS_NSTMTS; i++) {
		if ((rc = db_prepare(db, sql[i], &s->st[i], e))) {
			request_store_close(s);
			return rc;
		}
	}
	return 0;
}

void request_store_close(struct request_store *s)
{
	int i;

	for (i = 0; i < RS_NSTMTS; i++)
		sqlite3_finalize(s->st[i]);
	memset(s->st, 0, sizeof s->st);
}

/* Bind TEXT (NULL or "": SQL NULL) to parameter I. */
static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (text && *text)
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Step ST, which returns no row, and reset it. */
static int step_done(struct request_store *s, sqlite3_stmt *st, const char *what,
		     struct shequ_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, what, e);
}

int request_store_find(struct request_store *s, const char *number, const char *content,
		       long long *id, long long *received, int *same, struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_FIND];
	int rc;

	*id = 0;
	*received = -1;
	*same = 1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
	if (content)
		sqlite3_bind_text(st, 2, content, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*same = sqlite3_column_int(st, 2);
		if (request_time_read((const char *)sqlite3_column_text(st, 1), received))
			*received = -1;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, "find order", e);
}

int request_store_origin(struct request_store *s, long long id, long long *import_id, long *line,
			 struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(s->db,
			    "SELECT coalesce(import_id, 0), coalesce(line, 0) FROM request_event "
			    "WHERE order_id = ?1 AND event = 'received' ORDER BY at LIMIT 1",
			    &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	*import_id = 0;
	*line = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*import_id = sqlite3_column_int64(st, 0);
		*line = (long)sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, "find order", e);
}

int request_store_set_aside(struct request_store *s, long long id, const char *number, char *as,
			    size_t size, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int k,
	    rc = db_prepare(s->db,
			    "UPDATE OR IGNORE request_order SET number = ?2, changed = ?3 WHERE id "
			    "= ?1",
			    &st, e);

	for (k = 1; !rc; k++) {
		snprintf(as, size, "%s~%d", number, k);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, as, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, s->now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = db_fail(s->db, rc, "set an order aside", e);
		} else {
			rc = 0;
			if (sqlite3_changes(s->db))
				break; /* a taken number is ignored: the next one */
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The dwelling of the address in O into *ID (0 when not in the registry). */
static int find_dwelling(struct request_store *s, const struct request_order_in *o, long long *id,
			 struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_DWELLING];
	int i, rc;

	*id = 0;
	for (i = 0; i < 4; i++) {
		const char *v = o->attr[REQUEST_A_COMPOUND + i];

		if (!v || !*v)
			return 0;
		sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, "find address", e);
}

int request_store_insert(struct request_store *s, const struct request_order_in *o, long long *id,
			 struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_INSERT];
	long long dwelling;
	int i, rc;

	if ((rc = find_dwelling(s, o, &dwelling, e)))
		return rc;
	sqlite3_bind_text(st, 1, o->number, -1, SQLITE_TRANSIENT);
	for (i = 0; i < REQUEST_NATTRS; i++)
		bind_text(st, i + 2, o->attr[i]);
	if (dwelling)
		sqlite3_bind_int64(st, REQUEST_NATTRS + 2, dwelling);
	sqlite3_bind_text(st, REQUEST_NATTRS + 3, s->now, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(s, st, "new order", e)))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* Whether column I of row ST equals TEXT (NULL and "" are SQL NULL). */
static int same_text(sqlite3_stmt *st, int i, const char *text)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	if (!text || !*text)
		return v == NULL;
	return v && !strcmp(v, text);
}

/* Whether order ID differs from O in a given attribute; *DIFF. */
static int order_differs(struct request_store *s, long long id, const struct request_order_in *o,
			 int *diff, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int i,
	    rc = db_prepare(s->db,
			    "SELECT source, platform_number, scenario, compound, building, unit, "
			    "room, requester, phone, content, assignee FROM request_order "
			    "WHERE id = ?",
			    &st, e);

	*diff = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < REQUEST_NATTRS; i++)
			if ((o->present >> i & 1) && !same_text(st, i, o->attr[i]))
				*diff = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, "read order", e);
}

/* The UPDATE of the present attributes of O, into BUF (N bytes). */
static void update_sql(const struct request_order_in *o, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "UPDATE request_order SET changed = ?1");
	int i;

	for (i = 0; i < REQUEST_NATTRS && len < n; i++)
		if (o->present >> i & 1)
			len +=
			    (size_t)snprintf(buf + len, n - len, ", %s = ?%d", attr_cols[i], i + 3);
	if (o->present & (0xfu << REQUEST_A_COMPOUND) && len < n)
		snprintf(buf + len, n - len, ", dwelling_id = ?%d", REQUEST_NATTRS + 3);
	if (len < n)
		snprintf(buf + strlen(buf), n - strlen(buf), " WHERE id = ?2");
}

int request_store_update(struct request_store *s, long long id, const struct request_order_in *o,
			 int *changed, struct shequ_err *e)
{
	sqlite3_stmt *st;
	long long dwelling = 0;
	char q[512];
	int i, diff, rc;

	if (changed)
		*changed = 0;
	if ((rc = order_differs(s, id, o, &diff, e)) || !diff)
		return rc;
	if ((o->present & (0xfu << REQUEST_A_COMPOUND)) && (rc = find_dwelling(s, o, &dwelling, e)))
		return rc;
	update_sql(o, q, sizeof q);
	if ((rc = db_prepare(s->db, q, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, s->now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	for (i = 0; i < REQUEST_NATTRS; i++)
		if (o->present >> i & 1)
			bind_text(st, i + 3, o->attr[i]);
	if (dwelling)
		sqlite3_bind_int64(st, REQUEST_NATTRS + 3, dwelling);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc, "update order", e);
	if (changed)
		*changed = 1;
	return 0;
}

/* Bind EV of order ID to the event INSERT. */
static void bind_event(struct request_store *s, sqlite3_stmt *st, long long id,
		       const struct request_event_in *ev)
{
	char at[REQUEST_TIME_SIZE];

	request_time_format(ev->at, at);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, request_ev_name(ev->kind), -1, SQLITE_STATIC);
	bind_text(st, 4, ev->actor);
	bind_text(st, 5, ev->note);
	if (ev->satisfied >= 0)
		sqlite3_bind_int(st, 6, ev->satisfied);
	if (ev->rating > 0)
		sqlite3_bind_int(st, 7, ev->rating);
	if (ev->import_id)
		sqlite3_bind_int64(st, 8, ev->import_id);
	if (ev->line)
		sqlite3_bind_int64(st, 9, ev->line);
	sqlite3_bind_text(st, 10, s->now, -1, SQLITE_TRANSIENT);
}

/* Where the event of order ID like EV came from. */
static int event_origin(struct request_store *s, long long id, const struct request_event_in *ev,
			long long *imp, long *line, struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_EVENT_WHO];
	char at[REQUEST_TIME_SIZE];
	int rc;

	request_time_format(ev->at, at);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, request_ev_name(ev->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
	*imp = 0;
	*line = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*imp = sqlite3_column_int64(st, 0);
		*line = (long)sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, "read event", e);
}

int request_store_event(struct request_store *s, long long id, const struct request_event_in *ev,
			int *added, long long *dup_import, long *dup_line, struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_EVENT];
	int rc;

	bind_event(s, st, id, ev);
	if ((rc = step_done(s, st, "record event", e)))
		return rc;
	*added = sqlite3_changes(s->db) > 0;
	*dup_import = 0;
	*dup_line = 0;
	return *added ? 0 : event_origin(s, id, ev, dup_import, dup_line, e);
}

int request_store_add(struct request_store *s, long long id, const struct request_event_in *ev,
		      struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_EVENT];
	int rc;

	bind_event(s, st, id, ev);
	if ((rc = step_done(s, st, "record event", e)))
		return rc;
	if (!sqlite3_changes(s->db))
		return shequ_err_set(e, EX_SOFTWARE, "record event: order %lld has it already", id);
	return 0;
}

/* Move event EID to EV's moment and origin. */
static int move_event(struct request_store *s, long long eid, const struct request_event_in *ev,
		      struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_MOVE];
	char at[REQUEST_TIME_SIZE];

	request_time_format(ev->at, at);
	sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT);
	if (ev->import_id)
		sqlite3_bind_int64(st, 2, ev->import_id);
	if (ev->line)
		sqlite3_bind_int64(st, 3, ev->line);
	sqlite3_bind_text(st, 4, s->now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, eid);
	return step_done(s, st, "correct event", e);
}

int request_store_stage(struct request_store *s, long long id, const struct request_event_in *ev,
			int *changed, struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_KIND];
	char at[REQUEST_TIME_SIZE], old[REQUEST_TIME_SIZE] = "";
	long long eid = 0, imp;
	long line;
	int n = 0, rc;

	*changed = 0;
	request_time_format(ev->at, at);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, request_ev_name(ev->kind), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		eid = sqlite3_column_int64(st, 0);
		snprintf(old, sizeof old, "%s", (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc, "read events", e);
	if (n == 0)
		return request_store_event(s, id, ev, changed, &imp, &line, e);
	if (n > 1 || !strcmp(old, at))
		return 0;
	*changed = 1;
	return move_event(s, eid, ev, e);
}

/* Order logged events by moment, then kind. */
static int logged_cmp(const void *a, const void *b)
{
	const struct request_logged *x = a, *y = b;

	if (x->ev.at != y->ev.at)
		return x->ev.at < y->ev.at ? -1 : 1;
	return (x->ev.kind > y->ev.kind) - (x->ev.kind < y->ev.kind);
}

void request_store_sort(struct request_logged *l, size_t n)
{
	if (n > 1)
		qsort(l, n, sizeof *l, logged_cmp);
}

int request_store_log(struct request_store *s, long long id, struct request_logged **out, size_t *n,
		      struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_LOG];
	struct request_logged *v = NULL, *nv;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct request_logged *l;

		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(nv = realloc(v, cap * sizeof *v))) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = nv;
		}
		l = &v[(*n)++];
		request_time_read((const char *)sqlite3_column_text(st, 0), &l->ev.at);
		l->ev.kind = request_ev_find((const char *)sqlite3_column_text(st, 1));
		l->ev.satisfied =
		    sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
		l->ev.rating = sqlite3_column_int(st, 3);
		l->import_id = sqlite3_column_int64(st, 4);
		l->ev.tag = (long)sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return db_fail(s->db, rc, "read the log", e);
	}
	request_store_sort(v, *n);
	*out = v;
	return 0;
}

int request_norm_place(int kind, const char *in, char *out, size_t n)
{
	return place_norm(kind, in, out, n);
}

int request_store_new_number(struct request_store *s, char *buf, size_t n, struct shequ_err *e)
{
	sqlite3_stmt *st = s->st[RS_NUMBER];
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc, "new number", e);
}
