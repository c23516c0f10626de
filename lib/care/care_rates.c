/* care_rates.c - visit rates, follow-ups and services of a period; see
 * care_report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "care/care_people.h"
#include "care/care_report.h"
#include "care/care_window.h"
#include "db/db.h"
#include "domain/mask.h"

/* Most cadence windows that can end inside one period (the weeks of a
 * quarter, with room). */
#define MAX_WINDOWS 16
/* Most visits of one person looked at in one period. */
#define MAX_VISITS 512

/* The windows of each cadence that end inside a period. */
struct windows {
	int first[CARE_NONE][MAX_WINDOWS], last[CARE_NONE][MAX_WINDOWS];
	int n[CARE_NONE];
	int from, to; /* the span of them all */
};

/* Work out W for the days PF..PL. */
static void windows_of(int pf, int pl, struct windows *w)
{
	int k, f, l;

	w->from = pf, w->to = pl;
	for (k = 0; k < CARE_NONE; k++) {
		w->n[k] = 0;
		for (care_window(k, pf, &f, &l); l <= pl && w->n[k] < MAX_WINDOWS;
		     care_window(k, l + 1, &f, &l)) {
			w->first[k][w->n[k]] = f;
			w->last[k][w->n[k]++] = l;
			if (f < w->from)
				w->from = f;
		}
	}
}

/* The visits of one person inside the span of the windows. */
struct visits {
	sqlite3_stmt *st;
	int day[MAX_VISITS];
	int n;
};

/* Read the visit days of PERSON into V. */
static int visits_read(sqlite3 *db, struct visits *v, long long person, struct shequ_err *e)
{
	struct shequ_err bad = {0};
	int rc;

	v->n = 0;
	sqlite3_reset(v->st);
	sqlite3_bind_int64(v->st, 1, person);
	while ((rc = sqlite3_step(v->st)) == SQLITE_ROW && v->n < MAX_VISITS)
		if (!day_parse((const char *)sqlite3_column_text(v->st, 0), &v->day[v->n], &bad))
			v->n++;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "care visits", e);
}

/* Prepare V's statement for the span of W. */
static int visits_open(sqlite3 *db, struct visits *v, const struct windows *w, struct shequ_err *e)
{
	char a[11], b[11];
	int rc = db_prepare(db,
			    "SELECT day FROM care_visit WHERE person_id = ?1 AND day BETWEEN ?2 "
			    "AND ?3 ORDER BY day",
			    &v->st, e);

	if (rc)
		return rc;
	day_format(w->from, a);
	day_format(w->to, b);
	sqlite3_bind_text(v->st, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(v->st, 3, b, -1, SQLITE_TRANSIENT);
	return 0;
}

/* 1 when every window of cadence K in W holds one of the visits V. */
static int every_window(const struct windows *w, enum care_cadence k, const struct visits *v)
{
	int i, j, hit;

	for (i = 0; i < w->n[k]; i++) {
		for (hit = 0, j = 0; j < v->n && !hit; j++)
			hit = v->day[j] >= w->first[k][i] && v->day[j] <= w->last[k][i];
		if (!hit)
			return 0;
	}
	return 1;
}

/* People and visited of each category, in one grid or in all. */
struct rates {
	char grid[64];
	long people[CARE_MAX], visited[CARE_MAX];
};

/* Count P, with visits V, into R. */
static void rates_add(struct rates *r, const struct care_conf *c, const struct windows *w,
		      const struct care_person *p, const struct visits *v)
{
	size_t i;

	for (i = 0; i < c->ncats; i++) {
		enum care_cadence k = c->cat[i].cadence;

		if (!(p->cats >> i & 1u) || k == CARE_NONE || !w->n[k])
			continue;
		r->people[i]++;
		r->visited[i] += every_window(w, k, v);
	}
}

/* Write R's rows. */
static void rates_rows(struct csvout *out, const struct care_conf *c, const struct windows *w,
		       const struct rates *r)
{
	size_t i;

	for (i = 0; i < c->ncats; i++) {
		enum care_cadence k = c->cat[i].cadence;

		if (k == CARE_NONE || !w->n[k])
			continue;
		csvout_field(out, r->grid);
		csvout_field(out, c->cat[i].code);
		csvout_field(out, c->cat[i].name);
		csvout_field(out, care_cadence_name(k));
		csvout_int(out, w->n[k]);
		csvout_int(out, r->people[i]);
		csvout_int(out, r->visited[i]);
		r->people[i] ? csvout_num(out, (double)r->visited[i] / r->people[i], 3)
			     : csvout_null(out);
		csvout_end_row(out);
	}
}

/* What a pass over the people of a period holds. */
struct pass {
	sqlite3 *db;
	const struct care_conf *c;
	struct windows w;
	struct visits v;
	struct care_people *it;
};

/* Open a pass over the people of P on its last day, in ORDER. */
static int pass_open(struct pass *s, sqlite3 *db, const struct care_conf *c, const struct period *p,
		     enum care_order order, struct shequ_err *e)
{
	int pf, pl, rc;

	memset(s, 0, sizeof *s);
	s->db = db, s->c = c;
	period_bounds(p, &pf, &pl);
	windows_of(pf, pl, &s->w);
	if ((rc = visits_open(db, &s->v, &s->w, e)))
		return rc;
	return care_people_open(db, c, pl, order, &s->it, e);
}

static void pass_close(struct pass *s)
{
	care_people_close(s->it);
	sqlite3_finalize(s->v.st);
}

int care_report_visits(sqlite3 *db, const struct care_conf *c, const struct period *p, FILE *out,
		       struct shequ_err *e)
{
	static const char *const h[] = {"grid",	   "category", "name",	  "cadence",
					"windows", "people",   "visited", "rate"};
	struct rates *g = calloc(2, sizeof *g), *all = g + 1;
	struct csvout *w = csvout_new(out, 0);
	const struct care_person *q;
	struct pass s;
	int rc = !g || !w ? shequ_err_set(e, EX_SOFTWARE, "out of memory") : 0, started = 0;

	if (!rc)
		rc = pass_open(&s, db, c, p, CARE_ORDER_GRID, e);
	if (!rc)
		csvout_row(w, h, 8);
	snprintf(all->grid, sizeof all->grid, "all");
	while (!rc && !(rc = care_people_next(s.it, &q, e)) && q) {
		if (started && strcmp(g->grid, q->grid)) {
			rates_rows(w, c, &s.w, g);
			memset(g, 0, sizeof *g);
		}
		started = 1;
		snprintf(g->grid, sizeof g->grid, "%s", q->grid);
		if (!(rc = visits_read(db, &s.v, q->id, e))) {
			rates_add(g, c, &s.w, q, &s.v);
			rates_add(all, c, &s.w, q, &s.v);
		}
	}
	if (!rc && started)
		rates_rows(w, c, &s.w, g);
	if (!rc)
		rates_rows(w, c, &s.w, all);
	pass_close(&s);
	free(g);
	if (w && csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "writing the report failed");
	return rc;
}

/* Tell FN of grid GRID's PEOPLE and VISITED, unless GRID is "" (no grid)
 * or has nobody. */
static int grid_rate_tell(care_grid_rate_fn fn, void *ctx, const char *grid, long people,
			  long visited, struct shequ_err *e)
{
	return *grid && people ? fn(ctx, grid, people, visited, e) : 0;
}

int care_visit_grid_rates(sqlite3 *db, const struct care_conf *c, const struct period *p,
			  care_grid_rate_fn fn, void *ctx, struct shequ_err *e)
{
	const struct care_person *q;
	struct pass s;
	char grid[64] = "";
	long people = 0, visited = 0;
	int rc = pass_open(&s, db, c, p, CARE_ORDER_GRID, e);

	while (!rc && !(rc = care_people_next(s.it, &q, e)) && q) {
		if (strcmp(grid, q->grid) != 0) {
			rc = grid_rate_tell(fn, ctx, grid, people, visited, e);
			snprintf(grid, sizeof grid, "%s", q->grid);
			people = visited = 0;
		}
		if (rc || q->cadence == CARE_NONE || !s.w.n[q->cadence])
			continue;
		if (!(rc = visits_read(db, &s.v, q->id, e))) {
			people++;
			visited += every_window(&s.w, q->cadence, &s.v);
		}
	}
	if (!rc)
		rc = grid_rate_tell(fn, ctx, grid, people, visited, e);
	pass_close(&s);
	return rc;
}

/* The follow-ups of a period: ?1, ?2 its first and last day. */
static const char follow_sql[] =
    "SELECT v.day, coalesce(g.code, ''), v.visitor, p.name, p.id_number, v.kind, "
    "coalesce(v.finding, ''), coalesce(o.number, '') FROM care_visit v "
    "JOIN person p ON p.id = v.person_id JOIN dwelling d ON d.id = p.dwelling_id "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = d.stairwell_id "
    "LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL "
    "LEFT JOIN request_order o ON o.id = v.order_id "
    "WHERE v.follow_up = 1 AND v.day BETWEEN ?1 AND ?2 ORDER BY v.day, g.code, v.id";

/* Bind the first and last day of P at 1 and 2 of ST. */
static void bind_period(sqlite3_stmt *st, const struct period *p)
{
	char a[11], b[11];
	int pf, pl;

	period_bounds(p, &pf, &pl);
	day_format(pf, a);
	day_format(pl, b);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
}

/* One follow-up row of ST, masked unless UNMASK. */
static int follow_row(struct csvout *w, sqlite3_stmt *st, int unmask)
{
	char m[256];
	int i;

	for (i = 0; i < 8; i++) {
		const char *t = (const char *)sqlite3_column_text(st, i);

		if (i == 3 && !unmask)
			mask_name(t, m, sizeof m), t = m;
		else if (i == 4 && !unmask)
			mask_id(t, m, sizeof m), t = m;
		csvout_field(w, t ? t : "");
	}
	return csvout_end_row(w) ? EX_IOERR : 0;
}

int care_report_follow_ups(sqlite3 *db, const struct period *p, int unmask, FILE *out,
			   struct shequ_err *e)
{
	static const char *const h[] = {"day",	     "grid", "visitor", "name",
					"id_number", "kind", "finding", "order"};
	struct csvout *w = csvout_new(out, 0);
	sqlite3_stmt *st;
	int step = SQLITE_DONE;
	int rc =
	    w ? db_prepare(db, follow_sql, &st, e) : shequ_err_set(e, EX_SOFTWARE, "out of memory");

	if (rc) {
		csvout_close(w);
		return rc;
	}
	bind_period(st, p);
	csvout_row(w, h, 8);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = follow_row(w, st, unmask);
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "care follow-ups", e);
	sqlite3_finalize(st);
	if ((csvout_close(w) && !rc) || (rc == EX_IOERR && !e->code))
		rc = shequ_err_set(e, EX_IOERR, "writing the report failed");
	return rc;
}

/* Per service: people and times in P, then all services together. */
static int services_by_kind(sqlite3 *db, const struct care_conf *c, const struct period *p,
			    struct csvout *w, struct shequ_err *e)
{
	static const char *const h[] = {"service", "name", "people", "times"};
	sqlite3_stmt *st;
	size_t i;
	int rc =
	    db_prepare(db,
		       "SELECT count(DISTINCT person_id), coalesce(sum(times), 0) FROM "
		       "care_service WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR service = ?3)",
		       &st, e);

	if (rc)
		return rc;
	bind_period(st, p);
	csvout_row(w, h, 4);
	for (i = 0; i <= c->nservices && !rc; i++) {
		const int total = i == c->nservices;

		sqlite3_reset(st);
		total ? sqlite3_bind_null(st, 3)
		      : sqlite3_bind_text(st, 3, c->service[i].code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			rc = db_fail(db, sqlite3_errcode(db), "care services", e);
			break;
		}
		csvout_field(w, total ? "all" : c->service[i].code);
		csvout_field(w, total ? "" : c->service[i].name);
		csvout_int(w, sqlite3_column_int64(st, 0));
		csvout_int(w, sqlite3_column_int64(st, 1));
		csvout_end_row(w);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Per category: the people in it on P's last day, those served in P and
 * those who got nothing. */
static int services_by_category(sqlite3 *db, const struct care_conf *c, const struct period *p,
				struct csvout *w, struct shequ_err *e)
{
	static const char *const h[] = {"category", "name", "people", "served", "unserved"};
	long people[CARE_MAX] = {0}, served[CARE_MAX] = {0};
	const struct care_person *q;
	struct care_people *it = NULL;
	sqlite3_stmt *st;
	size_t i;
	int pl,
	    rc = db_prepare(db,
			    "SELECT 1 FROM care_service WHERE person_id = ?3 AND day BETWEEN ?1 "
			    "AND ?2 LIMIT 1",
			    &st, e);

	period_bounds(p, NULL, &pl);
	if (!rc)
		rc = care_people_open(db, c, pl, CARE_ORDER_ID, &it, e);
	if (!rc)
		bind_period(st, p);
	while (!rc && !(rc = care_people_next(it, &q, e)) && q) {
		int got;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 3, q->id);
		got = sqlite3_step(st) == SQLITE_ROW;
		for (i = 0; i < c->ncats; i++)
			if (q->cats >> i & 1u)
				people[i]++, served[i] += got;
	}
	care_people_close(it);
	sqlite3_finalize(st);
	if (!rc)
		csvout_row(w, h, 5);
	for (i = 0; !rc && i < c->ncats; i++) {
		csvout_field(w, c->cat[i].code);
		csvout_field(w, c->cat[i].name);
		csvout_int(w, people[i]);
		csvout_int(w, served[i]);
		csvout_int(w, people[i] - served[i]);
		csvout_end_row(w);
	}
	return rc;
}

int care_report_services(sqlite3 *db, const struct care_conf *c, const struct period *p,
			 int by_category, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	int rc;

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = by_category ? services_by_category(db, c, p, w, e) : services_by_kind(db, c, p, w, e);
	if (csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "writing the report failed");
	return rc;
}
