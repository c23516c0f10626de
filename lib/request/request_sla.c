/* request_sla.c - promises kept, per group, from the event logs; see
 * request_sla.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/names.h"
#include "db/db.h"
#include "request/request_read.h"
#include "request/request_sla.h"

static const char *const by_names[] = {"scenario", "assignee", "grid", "source", "category"};

/* The key of each grouping, as SQL over request_order o and grid g. */
static const char *const by_sql[] = {"o.scenario", "coalesce(o.assignee, '')",
				     "coalesce(g.code, '')", "o.source", "o.scenario"};

int request_by_find(const char *s)
{
	return names_index(by_names, NAMES_COUNT(by_names), s);
}

/* The durations of one stage of a group, in seconds. */
struct durations {
	long long *v;
	size_t n, cap;
};

/* One group's sums. */
struct group {
	char *key;
	const char *name; /* scenario or category name, or NULL */
	long orders, status[5];
	struct durations d[REQUEST_NSTAGES];
	long in_time[REQUEST_NSTAGES], late[REQUEST_NSTAGES];
	long not_cancelled, resolved_ok, ever_resolved, reopened, called_back, verdicts, satisfied,
	    ratings, rating_sum;
	double sort[3]; /* resolve_in_sla, satisfaction_rate, accept_in_sla; -1: none */
	long rank;	/* 0: not ranked */
};

/* Everything the reading callback adds to. */
struct sla_ctx {
	const struct request_catalogue *c;
	enum request_by by;
	long long now;
	struct group *g;
	size_t n, cap;
};

/* The group of KEY in X, made when new; NULL when out of memory. */
static struct group *group_of(struct sla_ctx *x, const char *key)
{
	struct group *g;
	size_t i;

	/* Orders come sorted by key except by category: try the last first. */
	for (i = x->n; i-- > 0;)
		if (!strcmp(x->g[i].key, key))
			return &x->g[i];
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;

		if (!(g = realloc(x->g, cap * sizeof *g)))
			return NULL;
		x->g = g;
		x->cap = cap;
	}
	g = &x->g[x->n];
	memset(g, 0, sizeof *g);
	if (!(g->key = strdup(key)))
		return NULL;
	x->n++;
	return g;
}

/* Add V to D; -1 when out of memory. */
static int durations_add(struct durations *d, long long v)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		long long *nv = realloc(d->v, cap * sizeof *nv);

		if (!nv)
			return -1;
		d->v = nv;
		d->cap = cap;
	}
	d->v[d->n++] = v;
	return 0;
}

/* Add the stages of M to G. */
static int add_stages(struct group *g, const struct request_measure *m)
{
	int s;

	for (s = 0; s < REQUEST_NSTAGES; s++) {
		if (m->stage[s].reached && durations_add(&g->d[s], m->stage[s].secs))
			return -1;
		g->in_time[s] += m->stage[s].verdict == REQUEST_IN_TIME;
		g->late[s] += m->stage[s].verdict == REQUEST_LATE;
	}
	return 0;
}

/* Add an order measured as M to G. */
static int add_order(struct group *g, const struct request_measure *m)
{
	g->orders++;
	g->status[m->status]++;
	if (m->status == REQUEST_IS_CANCELLED)
		return 0;
	g->not_cancelled++;
	g->resolved_ok += m->status == REQUEST_IS_RESOLVED && !m->reopened;
	g->ever_resolved += m->ever_resolved;
	g->reopened += m->ever_resolved && m->reopened;
	g->called_back += m->ever_resolved && m->called_back;
	g->verdicts += m->satisfied >= 0;
	g->satisfied += m->satisfied == 1;
	g->ratings += m->rating > 0;
	g->rating_sum += m->rating;
	return add_stages(g, m);
}

/* Measure order O and add it to its group. */
static int sla_one(void *ctx, const struct request_read_order *o, struct shequ_err *e)
{
	struct sla_ctx *x = ctx;
	const struct request_kind *k = request_kind_find(x->c, o->text[1]);
	struct request_limits none = {REQUEST_CLOCK_24H, {0}};
	struct request_measure m;
	const char *key = o->text[0];
	struct group *g;

	if (x->by == REQUEST_BY_CATEGORY)
		key = k && k->category ? k->code : "service";
	request_measure(o->ev, o->n, k ? &k->limits : &none, x->c->cal, x->now, &m);
	if (!(g = group_of(x, key)) || add_order(g, &m))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (x->by == REQUEST_BY_SCENARIO || x->by == REQUEST_BY_CATEGORY)
		g->name = !k						? ""
			  : x->by == REQUEST_BY_SCENARIO || k->category ? k->name
									: "生活服务";
	return 0;
}

/* Order long longs, for qsort. */
static int ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* 100 * PART / WHOLE, or -1 when WHOLE is 0. */
static double pct(long part, long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : -1;
}

/* A percentage or mean V with two decimals; empty when V < 0. */
static void num_field(struct csvout *w, double v)
{
	if (v < 0)
		csvout_null(w);
	else
		csvout_num(w, v, 2);
}

/* The median and 90th percentile of D in minutes, then the in-SLA share. */
static void stage_fields(struct csvout *w, struct durations *d, long in_time, long late)
{
	if (!d->n) {
		csvout_null(w);
		csvout_null(w);
	} else {
		size_t n = d->n, p90 = (size_t)ceil(0.9 * (double)n) - 1;

		qsort(d->v, n, sizeof *d->v, ll_cmp);
		csvout_num(
		    w, (n % 2 ? (double)d->v[n / 2] : (d->v[n / 2 - 1] + d->v[n / 2]) / 2.0) / 60.0,
		    2);
		csvout_num(w, (double)d->v[p90] / 60.0, 2);
	}
	num_field(w, pct(in_time, in_time + late));
}

/* Compare groups for the ranking: the sort keys, highest first. */
static int rank_cmp(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a,
			   *y = *(const struct group *const *)b;
	int i;

	for (i = 0; i < 3; i++)
		if (x->sort[i] != y->sort[i])
			return x->sort[i] < y->sort[i] ? 1 : -1;
	return 0;
}

/* Rank the groups of X with at least MIN orders. */
static int rank_groups(struct sla_ctx *x, int min)
{
	struct group **r = malloc((x->n ? x->n : 1) * sizeof *r);
	size_t i, n = 0;

	if (!r)
		return -1;
	for (i = 0; i < x->n; i++) {
		struct group *g = &x->g[i];

		g->sort[0] = pct(g->in_time[REQUEST_RESOLVE],
				 g->in_time[REQUEST_RESOLVE] + g->late[REQUEST_RESOLVE]);
		g->sort[1] = pct(g->satisfied, g->verdicts);
		g->sort[2] = pct(g->in_time[REQUEST_ACCEPT],
				 g->in_time[REQUEST_ACCEPT] + g->late[REQUEST_ACCEPT]);
		if (g->orders >= min)
			r[n++] = g;
	}
	if (n > 1)
		qsort(r, n, sizeof *r, rank_cmp);
	for (i = 0; i < n; i++)
		r[i]->rank = i && !rank_cmp(&r[i], &r[i - 1]) ? r[i - 1]->rank : (long)i + 1;
	free(r);
	return 0;
}

/* Order groups by key, for the output. */
static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->key, ((const struct group *)b)->key);
}

static const char *const tail_header[] = {
    "orders",
    "open",
    "resolved",
    "closed",
    "cancelled",
    "accept_median",
    "accept_p90",
    "accept_in_sla",
    "on_site_median",
    "on_site_p90",
    "on_site_in_sla",
    "resolve_median",
    "resolve_p90",
    "resolve_in_sla",
    "call_back_median",
    "call_back_p90",
    "call_back_in_sla",
    "resolution_rate",
    "call_back_rate",
    "satisfaction_rate",
    "reopen_rate",
    "rating",
    "rank",
};

/* The header row for grouping BY. */
static void write_header(struct csvout *w, enum request_by by)
{
	size_t i;

	csvout_field(w, "period");
	csvout_field(w, by_names[by]);
	if (by == REQUEST_BY_SCENARIO || by == REQUEST_BY_CATEGORY)
		csvout_field(w, "name");
	for (i = 0; i < NAMES_COUNT(tail_header); i++)
		csvout_field(w, tail_header[i]);
	csvout_end_row(w);
}

/* One group's row. */
static int write_group(struct csvout *w, const char *period, enum request_by by, struct group *g)
{
	int s;

	csvout_field(w, period);
	csvout_field(w, g->key);
	if (by == REQUEST_BY_SCENARIO || by == REQUEST_BY_CATEGORY)
		csvout_field(w, g->name);
	csvout_int(w, g->orders);
	csvout_int(w, g->status[REQUEST_OPEN] + g->status[REQUEST_IS_PAUSED]);
	csvout_int(w, g->status[REQUEST_IS_RESOLVED]);
	csvout_int(w, g->status[REQUEST_IS_CLOSED]);
	csvout_int(w, g->status[REQUEST_IS_CANCELLED]);
	for (s = 0; s < REQUEST_NSTAGES; s++)
		stage_fields(w, &g->d[s], g->in_time[s], g->late[s]);
	num_field(w, pct(g->resolved_ok, g->not_cancelled));
	num_field(w, pct(g->called_back, g->ever_resolved));
	num_field(w, pct(g->satisfied, g->verdicts));
	num_field(w, pct(g->reopened, g->ever_resolved));
	num_field(w, g->ratings ? (double)g->rating_sum / (double)g->ratings : -1);
	if (g->rank)
		csvout_int(w, g->rank);
	else
		csvout_null(w);
	return csvout_end_row(w);
}

/* Write the groups of X for period P. */
static int write_groups(struct sla_ctx *x, const struct period *p, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	char period[PERIOD_BUFSZ];
	size_t i;
	int rc = 0;

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	period_format(p, period, sizeof period);
	if (x->n > 1)
		qsort(x->g, x->n, sizeof *x->g, key_cmp);
	write_header(w, x->by);
	for (i = 0; i < x->n && !rc; i++)
		rc = write_group(w, period, x->by, &x->g[i]);
	if (csvout_close(w) || rc)
		return shequ_err_set(e, EX_IOERR, "write error");
	return 0;
}

/* The query of the orders received in [FROM, TO) with their logs; with
 * UNTIL_END, only the events before TO. */
static int sla_query(sqlite3 *db, enum request_by by, const struct period *p, int until_end,
		     sqlite3_stmt **st, struct shequ_err *e)
{
	char sql[1024], from[11], to[11];
	int first, last, rc;

	snprintf(sql, sizeof sql,
		 "SELECT o.id, %s AS k, o.scenario, e.at, e.event, e.satisfied, e.rating "
		 "FROM request_event r JOIN request_order o ON o.id = r.order_id "
		 "JOIN request_event e ON e.order_id = o.id%s%s "
		 "WHERE r.event = 'received' AND r.at >= ?1 AND r.at < ?2 ORDER BY k, o.id",
		 by_sql[by], until_end ? " AND e.at < ?2" : "",
		 by == REQUEST_BY_GRID ? " LEFT JOIN dwelling d ON d.id = o.dwelling_id "
					 "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = "
					 "d.stairwell_id LEFT JOIN grid g ON g.id = gs.grid_id "
					 "AND g.retired IS NULL"
				       : "");
	if ((rc = db_prepare(db, sql, st, e)))
		return rc;
	period_bounds(p, &first, &last);
	day_format(first, from);
	day_format(last + 1, to);
	sqlite3_bind_text(*st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(*st, 2, to, -1, SQLITE_TRANSIENT);
	return 0;
}

static void groups_free(struct sla_ctx *x);

/* The figures of P by BY as of NOW, reading only the events before P's
 * end when UNTIL_END. */
static int sla_write(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		     enum request_by by, int min_orders, long long now, int until_end, FILE *out,
		     struct shequ_err *e)
{
	struct sla_ctx x = {c, by, now, NULL, 0, 0};
	sqlite3_stmt *st;
	int rc;

	if (!(rc = sla_query(db, by, p, until_end, &st, e)))
		rc = request_read_orders(db, st, 2, sla_one, &x, e);
	if (!rc && rank_groups(&x, min_orders))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = write_groups(&x, p, out, e);
	groups_free(&x);
	return rc;
}

int request_sla(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		enum request_by by, int min_orders, long long now, FILE *out, struct shequ_err *e)
{
	return sla_write(db, c, p, by, min_orders, now, 0, out, e);
}

int request_sla_at_end(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		       enum request_by by, int min_orders, FILE *out, struct shequ_err *e)
{
	int last;

	period_bounds(p, NULL, &last);
	return sla_write(db, c, p, by, min_orders, (last + 1LL) * WORKDAY_DAY_SECONDS, 1, out, e);
}

/* Free the groups of X. */
static void groups_free(struct sla_ctx *x)
{
	size_t i;
	int s;

	for (i = 0; i < x->n; i++) {
		free(x->g[i].key);
		for (s = 0; s < REQUEST_NSTAGES; s++)
			free(x->g[i].d[s].v);
	}
	free(x->g);
}

int request_sla_grids(sqlite3 *db, const struct request_catalogue *c, const struct period *p,
		      request_grid_fn fn, void *ctx, struct shequ_err *e)
{
	struct sla_ctx x = {c, REQUEST_BY_GRID, 0, NULL, 0, 0};
	sqlite3_stmt *st;
	size_t i;
	int last, s, rc;

	/* As the period stood at its end: what happened later is not read,
	 * and a stage still open then is judged at that moment. */
	period_bounds(p, NULL, &last);
	x.now = (last + 1LL) * WORKDAY_DAY_SECONDS;
	if (!(rc = sla_query(db, REQUEST_BY_GRID, p, 1, &st, e)))
		rc = request_read_orders(db, st, 2, sla_one, &x, e);
	for (i = 0; !rc && i < x.n; i++) {
		const struct group *g = &x.g[i];
		long in_time = 0, late = 0;

		for (s = 0; s < REQUEST_NSTAGES; s++)
			in_time += g->in_time[s], late += g->late[s];
		if (*g->key)
			rc = fn(ctx, g->key, in_time, late, g->satisfied, g->verdicts, e);
	}
	groups_free(&x);
	return rc;
}
