/* report.c - the reports of the supervision cycle; see report.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/names.h"
#include "db/db.h"
#include "domain/rubric.h"
#include "domain/scoring_conf.h"
#include "tally/report.h"
#include "tally/score.h"

static const char *const kind_names[] = {"daily", "weekly", "monthly", "quarterly",
					 "quarterly-detail"};

int report_kind_parse(const char *s, enum report_kind *k, struct shequ_err *e)
{
	int i = names_index(kind_names, NAMES_COUNT(kind_names), s);

	if (i < 0)
		return shequ_err_set(
		    e, EX_USAGE,
		    "unknown report '%s': expected daily, weekly, monthly, quarterly "
		    "or quarterly-detail",
		    s);
	*k = (enum report_kind)i;
	return 0;
}

const char *report_kind_name(enum report_kind k)
{
	return names_at(kind_names, NAMES_COUNT(kind_names), (unsigned)k);
}

enum period_kind report_period_kind(enum report_kind k)
{
	static const enum period_kind pk[] = {PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER,
					      PERIOD_QUARTER};

	return pk[k];
}

/* Case counts of one grid over a range of days. */
struct grid_cases {
	long long grid_id;
	long opened, solved, closed; /* opened / solved / closed by hand in the range */
	long open_end, overdue_end;  /* open at the range's end; of them past the deadline */
	long due, on_time;	     /* deadline in the range; of them closed by it */
};

/* Fill *OUT (malloc'd, *N entries, in grid order of the query) with the
 * case counts per grid id over FIRST..LAST; the caller frees *OUT. */
static int load_grid_cases(sqlite3 *db, const char *first, const char *last,
			   struct grid_cases **out, size_t *n, struct shequ_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int step,
	    rc = db_prepare(db,
			    "SELECT gs.grid_id, sum(k.opened BETWEEN ?1 AND ?2), "
			    "sum(k.closed BETWEEN ?1 AND ?2 AND k.outcome = 'solved'), "
			    "sum(k.closed BETWEEN ?1 AND ?2 AND k.outcome = 'closed'), "
			    "sum(k.opened <= ?2 AND (k.closed IS NULL OR k.closed > ?2)), "
			    "sum(k.opened <= ?2 AND (k.closed IS NULL OR k.closed > ?2) AND "
			    "k.deadline < ?2), sum(k.deadline BETWEEN ?1 AND ?2), "
			    "sum(k.deadline BETWEEN ?1 AND ?2 AND k.closed IS NOT NULL AND "
			    "k.closed <= k.deadline) "
			    "FROM supervision_case k JOIN grid_stairwell gs ON gs.stairwell_id = "
			    "k.stairwell_id GROUP BY gs.grid_id",
			    &st, e);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct grid_cases *g;

		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			struct grid_cases *p = realloc(*out, ncap * sizeof *p);

			if (!p) {
				rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
				break;
			}
			*out = p;
			cap = ncap;
		}
		g = &(*out)[(*n)++];
		g->grid_id = sqlite3_column_int64(st, 0);
		g->opened = sqlite3_column_int64(st, 1);
		g->solved = sqlite3_column_int64(st, 2);
		g->closed = sqlite3_column_int64(st, 3);
		g->open_end = sqlite3_column_int64(st, 4);
		g->overdue_end = sqlite3_column_int64(st, 5);
		g->due = sqlite3_column_int64(st, 6);
		g->on_time = sqlite3_column_int64(st, 7);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "cases", e);
	sqlite3_finalize(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The counts of grid ID in G (N entries), or all zero. */
static struct grid_cases find_cases(const struct grid_cases *g, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].grid_id == id)
			return g[i];
	return (struct grid_cases){.grid_id = id};
}

/* Write the header of NAMES (a NULL-terminated list). */
static void header(struct csvout *w, const char *const *names)
{
	while (*names)
		csvout_field(w, *names++);
	csvout_end_row(w);
}

/* Close W and turn a write failure into an error. */
static int finish(struct csvout *w, int rc, struct shequ_err *e)
{
	int wrc = csvout_close(w);

	if (!rc && wrc)
		rc = shequ_err_set(e, wrc, "write error: %s", strerror(errno));
	return rc;
}

static int daily(sqlite3 *db, const struct rubric *r, const char *per, const char *first,
		 const char *last, struct csvout *w, struct shequ_err *e)
{
	static const char *const cols[] = {
	    "period",	"grid",		"compound",	"inspections",	"incomplete",	 "score",
	    "problems", "cases_opened", "cases_solved", "cases_closed", "cases_overdue", NULL};
	struct score_table t;
	struct grid_cases *gc;
	size_t ngc;
	int rc = score_compute_days(db, r, SCORE_GRID, first, last, &t, e);

	if (rc)
		return rc;
	if ((rc = load_grid_cases(db, first, last, &gc, &ngc, e))) {
		score_table_free(&t);
		return rc;
	}
	header(w, cols);
	for (size_t i = 0; i < t.n; i++) {
		const struct score_row *s = &t.rows[i];
		struct grid_cases c = find_cases(gc, ngc, s->id);

		csvout_field(w, per);
		csvout_field(w, s->key[0]);
		csvout_field(w, s->key[1]);
		csvout_int(w, s->inspections);
		csvout_int(w, s->incomplete);
		csvout_num(w, score_round2(s->score), 2);
		csvout_int(w, s->problems);
		csvout_int(w, c.opened);
		csvout_int(w, c.solved);
		csvout_int(w, c.closed);
		csvout_int(w, c.overdue_end);
		csvout_end_row(w);
	}
	free(gc);
	score_table_free(&t);
	return 0;
}

/* Append to S whether the inspection aliased A fails its pass mark. */
static void sql_fails(sqlite3_str *s, const struct rubric *r, const char *a)
{
	sqlite3_str_appendf(s, "(CASE %s.item", a);
	for (size_t i = 0; i < r->n; i++)
		sqlite3_str_appendf(s, " WHEN %Q THEN %s.score < %d", r->items[i].item, a,
				    r->items[i].pass);
	sqlite3_str_appendf(s, " ELSE 0 END)");
}

static int weekly(sqlite3 *db, const struct rubric *r, const struct period *p, const char *per,
		  const char *last, struct csvout *w, struct shequ_err *e)
{
	static const char *const cols[] = {
	    "period",	  "grid",	   "compound",	 "score",     "change",
	    "open_cases", "overdue_cases", "grid_head",	 "butler",    "building",
	    "unit",	  "item",	   "first_seen", "days_open", NULL};
	struct score_table t;
	struct grid_cases *gc = NULL;
	sqlite3_stmt *probs = NULL, *staff = NULL;
	sqlite3_str *q;
	char first[11], *sql;
	size_t ngc = 0;
	int rc = score_compute(db, r, SCORE_GRID, p, &t, e), f;

	if (rc)
		return rc;
	period_bounds(p, &f, NULL);
	day_format(f, first);
	rc = load_grid_cases(db, first, last, &gc, &ngc, e);
	q = sqlite3_str_new(db);
	sqlite3_str_appendf(q,
			    "WITH lastday AS (SELECT i.stairwell_id, i.item, max(i.day) AS day "
			    "FROM grid_stairwell gs JOIN inspection i ON i.stairwell_id = "
			    "gs.stairwell_id WHERE gs.grid_id = ?1 AND i.day <= ?2 GROUP BY "
			    "i.stairwell_id, i.item) "
			    "SELECT b.name, s.unit, i.item, (SELECT min(f.day) FROM inspection f "
			    "WHERE f.stairwell_id = i.stairwell_id AND f.item = i.item AND f.day "
			    "<= ?2 AND f.day > coalesce((SELECT max(x.day) FROM inspection x WHERE "
			    "x.stairwell_id = i.stairwell_id AND x.item = i.item AND x.day <= ?2 "
			    "AND NOT ");
	sql_fails(q, r, "x");
	sqlite3_str_appendf(q, "), '')) AS first_seen FROM lastday l JOIN inspection i ON "
			       "i.stairwell_id = l.stairwell_id AND i.item = l.item AND i.day = "
			       "l.day JOIN stairwell s ON s.id = i.stairwell_id JOIN building b ON "
			       "b.id = s.building_id WHERE ");
	sql_fails(q, r, "i");
	sqlite3_str_appendf(q, " ORDER BY first_seen, CAST(b.name AS INTEGER), b.name, "
			       "CAST(s.unit AS INTEGER), s.unit, i.item");
	sql = sqlite3_str_finish(q);
	if (!rc && !sql)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = db_prepare(db, sql, &probs, e);
	sqlite3_free(sql);
	if (!rc)
		rc = db_prepare(
		    db,
		    "SELECT (SELECT group_concat(name, '、') FROM (SELECT name FROM staff "
		    "WHERE role = 'head' AND grid = ?1 ORDER BY name)), "
		    "(SELECT group_concat(name, '、') FROM (SELECT name FROM staff WHERE "
		    "role = 'butler' AND grid = ?1 ORDER BY name))",
		    &staff, e);
	if (!rc)
		header(w, cols);
	for (size_t i = 0; !rc && i < t.n; i++) {
		const struct score_row *s = &t.rows[i];
		struct grid_cases c = find_cases(gc, ngc, s->id);
		char head[512] = "", butler[512] = "";
		int step, any = 0, last_day;

		sqlite3_bind_text(staff, 1, s->key[0], -1, SQLITE_TRANSIENT);
		if (sqlite3_step(staff) == SQLITE_ROW) {
			const unsigned char *h = sqlite3_column_text(staff, 0);
			const unsigned char *b = sqlite3_column_text(staff, 1);

			snprintf(head, sizeof head, "%s", h ? (const char *)h : "");
			snprintf(butler, sizeof butler, "%s", b ? (const char *)b : "");
		}
		sqlite3_reset(staff);
		day_parse(last, &last_day, NULL);
		sqlite3_bind_int64(probs, 1, s->id);
		sqlite3_bind_text(probs, 2, last, -1, SQLITE_TRANSIENT);
		do {
			int seen = 0;

			step = sqlite3_step(probs);
			if (step != SQLITE_ROW && any)
				break;
			csvout_field(w, per);
			csvout_field(w, s->key[0]);
			csvout_field(w, s->key[1]);
			csvout_num(w, score_round2(s->score), 2);
			csvout_num(w, s->change, 2);
			csvout_int(w, c.open_end);
			csvout_int(w, c.overdue_end);
			csvout_field(w, head);
			csvout_field(w, butler);
			if (step == SQLITE_ROW) {
				const char *fs = (const char *)sqlite3_column_text(probs, 3);

				for (int k = 0; k < 3; k++)
					csvout_field(w,
						     (const char *)sqlite3_column_text(probs, k));
				csvout_field(w, fs);
				day_parse(fs ? fs : "", &seen, NULL);
				csvout_int(w, fs ? last_day - seen : 0);
			} else {
				for (int k = 0; k < 5; k++)
					csvout_null(w);
			}
			csvout_end_row(w);
			any = 1;
		} while (step == SQLITE_ROW);
		if (step != SQLITE_DONE)
			rc = db_fail(db, step, "open problems", e);
		sqlite3_reset(probs);
	}
	sqlite3_finalize(probs);
	sqlite3_finalize(staff);
	free(gc);
	score_table_free(&t);
	return rc;
}

/* Order stairwell rows by score, best first (ARG: the rows), then place. */
static int best_first(const void *a, const void *b, void *arg)
{
	const struct score_row *rows = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double x = score_round2(rows[i].score), y = score_round2(rows[j].score);

	if (x != y)
		return x > y ? -1 : 1;
	return (i > j) - (i < j);
}

static int worst_first(const void *a, const void *b, void *arg)
{
	const struct score_row *rows = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double x = score_round2(rows[i].score), y = score_round2(rows[j].score);

	if (x != y)
		return x < y ? -1 : 1;
	return (i > j) - (i < j);
}

/* Order rows by rank (ARG: the rows), the unranked (rank 0) last, then in
 * their key order: people read a ranking from the top. */
static int by_rank(const void *a, const void *b, void *arg)
{
	const struct score_row *rows = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int x = rows[i].rank, y = rows[j].rank;

	if (x != y)
		return !x ? 1 : !y ? -1 : x < y ? -1 : 1;
	return (i > j) - (i < j);
}

/* Fill IDX (T->n entries) with the rows of T in rank order (by_rank). */
static void rank_order(const struct score_table *t, size_t *idx)
{
	for (size_t i = 0; i < t->n; i++)
		idx[i] = i;
	qsort_r(idx, t->n, sizeof *idx, by_rank, t->rows);
}

/* One row of the monthly bulletin. */
static void bulletin_row(struct csvout *w, const char *per, const char *section, int rank,
			 const char *grid, const char *compound, const char *building,
			 const char *unit, const struct score_row *s)
{
	csvout_field(w, per);
	csvout_field(w, section);
	if (rank)
		csvout_int(w, rank);
	else
		csvout_null(w);
	csvout_field(w, grid);
	csvout_field(w, compound);
	csvout_field(w, building);
	csvout_field(w, unit);
	csvout_int(w, s->inspections);
	csvout_num(w, score_round2(s->score), 2);
	csvout_num(w, s->change, 2);
	csvout_end_row(w);
}

static int monthly(sqlite3 *db, const struct rubric *r, const struct period *p, const char *per,
		   struct csvout *w, struct shequ_err *e)
{
	static const char *const cols[] = {"period",   "section",  "rank", "grid",
					   "compound", "building", "unit", "inspections",
					   "score",    "change",   NULL};
	struct score_table g = {0}, c = {0}, s = {0};
	size_t *idx = NULL, m = 0, n;
	int rc = score_compute(db, r, SCORE_GRID, p, &g, e);

	if (!rc)
		rc = score_compute(db, r, SCORE_COMPOUND, p, &c, e);
	if (!rc)
		rc = score_compute(db, r, SCORE_STAIRWELL, p, &s, e);
	n = s.n > g.n ? s.n : g.n;
	n = n > c.n ? n : c.n;
	if (!rc && !(idx = malloc((n ? n : 1) * sizeof *idx)))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (rc)
		goto out;
	header(w, cols);
	rank_order(&g, idx);
	for (size_t j = 0; j < g.n; j++) {
		const struct score_row *x = &g.rows[idx[j]];

		bulletin_row(w, per, "grid", x->rank, x->key[0], x->key[1], NULL, NULL, x);
	}
	rank_order(&c, idx);
	for (size_t j = 0; j < c.n; j++) {
		const struct score_row *x = &c.rows[idx[j]];

		bulletin_row(w, per, "compound", x->rank, NULL, x->key[0], NULL, NULL, x);
	}
	for (size_t i = 0; i < s.n; i++)
		if (!isnan(s.rows[i].score))
			idx[m++] = i;
	qsort_r(idx, m, sizeof *idx, best_first, s.rows);
	for (size_t j = 0; j < m && j < 3; j++) {
		const struct score_row *x = &s.rows[idx[j]];

		bulletin_row(w, per, "best", x->rank, x->key[3], x->key[0], x->key[1], x->key[2],
			     x);
	}
	/* The three worst, shown in rank order like every other section. */
	qsort_r(idx, m, sizeof *idx, worst_first, s.rows);
	m = m < 3 ? m : 3;
	qsort_r(idx, m, sizeof *idx, by_rank, s.rows);
	for (size_t j = 0; j < m; j++) {
		const struct score_row *x = &s.rows[idx[j]];

		bulletin_row(w, per, "worst", x->rank, x->key[3], x->key[0], x->key[1], x->key[2],
			     x);
	}
out:
	free(idx);
	score_table_free(&g);
	score_table_free(&c);
	score_table_free(&s);
	return rc;
}

/* Problems per grid in FIRST..LAST and those rectified within DAYS days;
 * results are matched by grid id into PROBS/FIXED (N grids of T). */
static int rectified_on_time(sqlite3 *db, const struct rubric *r, const char *first,
			     const char *last, int days, const struct score_table *t, long *probs,
			     long *fixed, struct shequ_err *e)
{
	sqlite3_str *q = sqlite3_str_new(db);
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc, step;

	sqlite3_str_appendf(q,
			    "SELECT gs.grid_id, count(*), sum(EXISTS (SELECT 1 FROM inspection "
			    "x WHERE x.stairwell_id = f.stairwell_id AND x.item = f.item AND "
			    "x.day > f.day AND x.day <= date(f.day, '+%d days') AND NOT ",
			    days);
	sql_fails(q, r, "x");
	sqlite3_str_appendf(q, ")) FROM inspection f JOIN grid_stairwell gs ON gs.stairwell_id = "
			       "f.stairwell_id WHERE f.day BETWEEN ?1 AND ?2 AND ");
	sql_fails(q, r, "f");
	sqlite3_str_appendf(q, " GROUP BY gs.grid_id");
	sql = sqlite3_str_finish(q);
	if (!sql)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = db_prepare(db, sql, &st, e);
	sqlite3_free(sql);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < t->n; i++)
			if (t->rows[i].id == id) {
				probs[i] = sqlite3_column_int64(st, 1);
				fixed[i] = sqlite3_column_int64(st, 2);
			}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(db, step, "rectification", e);
	sqlite3_finalize(st);
	return rc;
}

static int quarterly(sqlite3 *db, const struct rubric *r, const struct scoring_conf *conf,
		     const struct period *p, const char *per, const char *first, const char *last,
		     struct csvout *w, struct shequ_err *e)
{
	static const char *const cols[] = {"period",
					   "grid",
					   "compound",
					   "inspections",
					   "score",
					   "problems",
					   "rectified_on_time",
					   "rectification_rate",
					   "cases_due",
					   "cases_on_time",
					   "closure_rate",
					   "total",
					   "grade",
					   "rank",
					   NULL};
	struct score_table t;
	struct grid_cases *gc = NULL;
	size_t ngc = 0;
	long *probs = NULL, *fixed = NULL;
	double *total = NULL;
	size_t *idx = NULL;
	int rc = score_compute(db, r, SCORE_GRID, p, &t, e);

	if (rc)
		return rc;
	probs = calloc(t.n + 1, sizeof *probs);
	fixed = calloc(t.n + 1, sizeof *fixed);
	total = calloc(t.n + 1, sizeof *total);
	idx = calloc(t.n + 1, sizeof *idx);
	if (!probs || !fixed || !total || !idx)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = load_grid_cases(db, first, last, &gc, &ngc, e);
	if (!rc)
		rc = rectified_on_time(db, r, first, last, conf->rectify_days, &t, probs, fixed, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < t.n; i++) {
		struct grid_cases c = find_cases(gc, ngc, t.rows[i].id);
		double rect = probs[i] ? score_round2(100.0 * fixed[i] / probs[i]) : 100.0;
		double close = c.due ? score_round2(100.0 * c.on_time / c.due) : 100.0;

		total[i] =
		    isnan(t.rows[i].score)
			? NAN
			: score_round2(conf->weight_score * score_round2(t.rows[i].score) +
				       conf->weight_rectify * rect + conf->weight_closure * close);
	}
	/* Rank by total among the grids with enough inspections. */
	for (size_t i = 0; i < t.n; i++) {
		int rank = 1;

		t.rows[i].rank = 0;
		if (isnan(total[i]) || t.rows[i].inspections < conf->min_inspections)
			continue;
		for (size_t j = 0; j < t.n; j++)
			if (!isnan(total[j]) && t.rows[j].inspections >= conf->min_inspections &&
			    total[j] > total[i])
				rank++;
		t.rows[i].rank = rank;
	}
	/* The assessment reads as a ranking: rank 1 first, the unranked last. */
	rank_order(&t, idx);
	header(w, cols);
	for (size_t j = 0; j < t.n; j++) {
		size_t i = idx[j];
		const struct score_row *s = &t.rows[i];
		struct grid_cases c = find_cases(gc, ngc, s->id);

		csvout_field(w, per);
		csvout_field(w, s->key[0]);
		csvout_field(w, s->key[1]);
		csvout_int(w, s->inspections);
		csvout_num(w, score_round2(s->score), 2);
		csvout_int(w, probs[i]);
		csvout_int(w, fixed[i]);
		csvout_num(w, probs[i] ? score_round2(100.0 * fixed[i] / probs[i]) : 100.0, 2);
		csvout_int(w, c.due);
		csvout_int(w, c.on_time);
		csvout_num(w, c.due ? score_round2(100.0 * c.on_time / c.due) : 100.0, 2);
		csvout_num(w, total[i], 2);
		csvout_field(w, isnan(total[i]) ? NULL : scoring_conf_grade(conf, total[i]));
		if (s->rank)
			csvout_int(w, s->rank);
		else
			csvout_null(w);
		csvout_end_row(w);
	}
out:
	free(idx);
	free(probs);
	free(fixed);
	free(total);
	free(gc);
	score_table_free(&t);
	return rc;
}

/* Order stairwell rows by grid code, then place (ARG: the rows). */
static int by_grid(const void *a, const void *b, void *arg)
{
	const struct score_row *rows = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(rows[i].key[3], rows[j].key[3]);

	return c ? c : (i > j) - (i < j);
}

static int quarterly_detail(sqlite3 *db, const struct rubric *r, const struct period *p,
			    const char *per, const char *first, const char *last, struct csvout *w,
			    struct shequ_err *e)
{
	static const char *const cols[] = {
	    "period",	"grid",	 "compound", "building",  "unit",	  "score_m1",	"score_m2",
	    "score_m3", "score", "problems", "rectified", "cases_opened", "cases_open", NULL};
	struct score_table q = {0}, mo[3] = {{0}};
	sqlite3_stmt *st = NULL;
	size_t *idx = NULL, m = 0;
	int rc = score_need_grids(db, e), f, l;

	if (!rc)
		rc = db_exec(db, "BEGIN", e);
	if (rc)
		return rc;
	rc = score_compute_days(db, r, SCORE_STAIRWELL, first, last, &q, e);
	period_bounds(p, &f, &l);
	for (int k = 0; !rc && k < 3; k++) {
		struct period mp = period_of_day(PERIOD_MONTH, f);
		int a, b;
		char x[11], y[11];

		for (int j = 0; j < k; j++)
			mp = period_next(&mp);
		period_bounds(&mp, &a, &b);
		day_format(a, x);
		day_format(b, y);
		rc = score_compute_days(db, r, SCORE_STAIRWELL, x, y, &mo[k], e);
		if (!rc && mo[k].n != q.n)
			rc = shequ_err_set(e, EX_SOFTWARE, "stairwells changed while reading");
	}
	if (!rc)
		rc = db_prepare(
		    db,
		    "SELECT sum(opened BETWEEN ?2 AND ?3), sum(opened <= ?3 AND (closed "
		    "IS NULL OR closed > ?3)) FROM supervision_case WHERE stairwell_id = ?1",
		    &st, e);
	if (!rc && !(idx = malloc((q.n ? q.n : 1) * sizeof *idx)))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (rc)
		goto out;
	for (size_t i = 0; i < q.n; i++)
		if (*q.rows[i].key[3])
			idx[m++] = i;
	qsort_r(idx, m, sizeof *idx, by_grid, q.rows);
	header(w, cols);
	for (size_t j = 0; j < m; j++) {
		const struct score_row *s = &q.rows[idx[j]];
		long opened = 0, open = 0;

		sqlite3_bind_int64(st, 1, s->id);
		sqlite3_bind_text(st, 2, first, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, last, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			opened = sqlite3_column_int64(st, 0);
			open = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		csvout_field(w, per);
		csvout_field(w, s->key[3]);
		csvout_field(w, s->key[0]);
		csvout_field(w, s->key[1]);
		csvout_field(w, s->key[2]);
		for (int k = 0; k < 3; k++)
			csvout_num(w, score_round2(mo[k].rows[idx[j]].score), 2);
		csvout_num(w, score_round2(s->score), 2);
		csvout_int(w, s->problems);
		csvout_int(w, s->rectified);
		csvout_int(w, opened);
		csvout_int(w, open);
		csvout_end_row(w);
	}
out:
	db_rollback(db);
	sqlite3_finalize(st);
	free(idx);
	score_table_free(&q);
	for (int k = 0; k < 3; k++)
		score_table_free(&mo[k]);
	return rc;
}

int report_write(sqlite3 *db, enum report_kind k, const struct period *p, FILE *out,
		 struct shequ_err *e)
{
	static const char *const want[] = {"a day (2026-07-08)", "a week (2026-W28)",
					   "a month (2026-07)", "a quarter (2026-Q3)"};
	struct rubric r;
	struct scoring_conf conf;
	struct csvout *w;
	char per[PERIOD_BUFSZ], first[11], last[11];
	int f, l, rc;

	period_format(p, per, sizeof per);
	if (p->kind != report_period_kind(k))
		return shequ_err_set(e, EX_USAGE, "the %s report needs %s, not %s",
				     report_kind_name(k), want[report_period_kind(k)], per);
	if ((rc = rubric_load(&r, e)) || (rc = scoring_conf_load(&conf, e)))
		return rc;
	if ((rc = score_need_grids(db, e)))
		return rc;
	period_bounds(p, &f, &l);
	day_format(f, first);
	day_format(l, last);
	if (!(w = csvout_new(out, 0)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	switch (k) {
	case REPORT_DAILY:
		rc = daily(db, &r, per, first, last, w, e);
		break;
	case REPORT_WEEKLY:
		rc = weekly(db, &r, p, per, last, w, e);
		break;
	case REPORT_MONTHLY:
		rc = monthly(db, &r, p, per, w, e);
		break;
	case REPORT_QUARTERLY:
		rc = quarterly(db, &r, &conf, p, per, first, last, w, e);
		break;
	default:
		rc = quarterly_detail(db, &r, p, per, first, last, w, e);
		break;
	}
	return finish(w, rc, e);
}
