/* score.c - inspection scores per period and level; see score.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "db.h"
#include "score.h"

static const char *const level_names[] = {"stairwell", "building", "grid", "compound",
					  "community"};

int score_level_parse(const char *s, enum score_level *l, struct shequ_err *e)
{
	for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (strcmp(s, level_names[i]) == 0) {
			*l = (enum score_level)i;
			return 0;
		}
	return shequ_err_set(e, EX_USAGE,
			     "unknown level '%s': expected stairwell, building, grid, compound or "
			     "community",
			     s);
}

const char *score_level_name(enum score_level l)
{
	return (unsigned)l < 5 ? level_names[l] : "?";
}

int score_key_names(enum score_level l, const char *names[SCORE_MAX_KEYS])
{
	switch (l) {
	case SCORE_STAIRWELL:
		names[0] = "compound", names[1] = "building", names[2] = "unit", names[3] = "grid";
		return 4;
	case SCORE_BUILDING:
		names[0] = "compound", names[1] = "building";
		return 2;
	case SCORE_GRID:
		names[0] = "grid", names[1] = "compound";
		return 2;
	case SCORE_COMPOUND:
		names[0] = "compound";
		return 1;
	default:
		return 0;
	}
}

double score_round2(double x)
{
	return isnan(x) ? x : round(x * 100.0) / 100.0;
}

int score_need_grids(sqlite3 *db, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, "SELECT count(*) FROM grid WHERE retired IS NULL", &st, e);
	long n = 0;

	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!n)
		return shequ_err_set(e, EX_NOINPUT,
				     "no grids yet: run 'shequ-grid' to partition the community first");
	return 0;
}

/* Append to S a CASE giving, for the inspection row aliased A, whether its
 * score is below its item's pass mark (1/0; 0 for items outside R). */
static void sql_fails(sqlite3_str *s, const struct rubric *r, const char *a)
{
	sqlite3_str_appendf(s, "(CASE %s.item", a);
	for (size_t i = 0; i < r->n; i++)
		sqlite3_str_appendf(s, " WHEN %Q THEN %s.score < %d", r->items[i].item, a,
				    r->items[i].pass);
	sqlite3_str_appendf(s, " ELSE 0 END)");
}

/*
 * Build the whole query of level L.  Parameters ?1 and ?2 are the first and
 * last day.  One pass over the inspections of the period groups them by
 * stairwell-day (the primary key's order, so no sort), then by stairwell;
 * only stairwell-days with a problem look further for a later pass.  The
 * level's places are then joined on the small per-stairwell result.
 * Result columns: id, the keys, complete, incomplete, total, item sums...,
 * problems, rectified.  Returns a string to sqlite3_free, NULL when out of
 * memory.
 */
static char *build_sql(const struct rubric *r, enum score_level l)
{
	sqlite3_str *s = sqlite3_str_new(NULL);
	int i, nn = (int)r->n;

	sqlite3_str_appendf(s, "WITH sd AS (SELECT stairwell_id AS sid, day, count(*) AS n, "
			       "sum(score) AS total");
	for (i = 0; i < nn; i++)
		sqlite3_str_appendf(s, ", sum(CASE item WHEN %Q THEN score END) AS i%d",
				    r->items[i].item, i);
	sqlite3_str_appendf(s, ", sum(");
	sql_fails(s, r, "inspection");
	sqlite3_str_appendf(s, ") AS bad FROM inspection WHERE +day BETWEEN ?1 AND ?2 AND item IN (");
	for (i = 0; i < nn; i++)
		sqlite3_str_appendf(s, "%s%Q", i ? "," : "", r->items[i].item);
	sqlite3_str_appendf(s, ") GROUP BY stairwell_id, day), "
			       "sw AS (SELECT sid, sum(n = %d) AS complete, sum(n < %d) AS "
			       "incomplete, sum(CASE WHEN n = %d THEN total END) AS total",
			    nn, nn, nn);
	for (i = 0; i < nn; i++)
		sqlite3_str_appendf(s, ", sum(CASE WHEN n = %d THEN i%d END) AS i%d", nn, i, i);
	sqlite3_str_appendf(s, ", sum(bad) AS problems, sum(CASE WHEN bad > 0 THEN "
			       "(SELECT count(*) FROM inspection f WHERE f.stairwell_id = sd.sid AND "
			       "f.day = sd.day AND ");
	sql_fails(s, r, "f");
	sqlite3_str_appendf(s, " AND EXISTS (SELECT 1 FROM inspection x WHERE x.stairwell_id = "
			       "f.stairwell_id AND x.day > f.day AND x.item = f.item AND NOT ");
	sql_fails(s, r, "x");
	sqlite3_str_appendf(s, ")) ELSE 0 END) AS rectified FROM sd GROUP BY sid) ");

	/* The sums every level takes of the per-stairwell rows. */
#define SUMS(a)                                                                                    \
	do {                                                                                       \
		sqlite3_str_appendf(s, "sum(" a "complete), sum(" a "incomplete), sum(" a "total)"); \
		for (i = 0; i < nn; i++)                                                         \
			sqlite3_str_appendf(s, ", sum(" a "i%d)", i);                             \
		sqlite3_str_appendf(s, ", sum(" a "problems), sum(" a "rectified)");               \
	} while (0)
#define PLAIN(a)                                                                                   \
	do {                                                                                       \
		sqlite3_str_appendf(s, a "complete, " a "incomplete, " a "total");                 \
		for (i = 0; i < nn; i++)                                                         \
			sqlite3_str_appendf(s, ", " a "i%d", i);                                  \
		sqlite3_str_appendf(s, ", " a "problems, " a "rectified");                         \
	} while (0)

	switch (l) {
	case SCORE_STAIRWELL:
		sqlite3_str_appendf(s, "SELECT s.id, c.name, b.name, s.unit, g.code, ");
		PLAIN("sw.");
		sqlite3_str_appendf(s,
				    " FROM stairwell s JOIN building b ON b.id = s.building_id "
				    "JOIN compound c ON c.id = b.compound_id "
				    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
				    "LEFT JOIN grid g ON g.id = gs.grid_id "
				    "LEFT JOIN sw ON sw.sid = s.id "
				    "ORDER BY c.name, CAST(b.name AS INTEGER), b.name, "
				    "CAST(s.unit AS INTEGER), s.unit");
		break;
	case SCORE_BUILDING:
		sqlite3_str_appendf(s, "SELECT b.id, c.name, b.name, ");
		PLAIN("a.");
		sqlite3_str_appendf(s, " FROM building b JOIN compound c ON c.id = b.compound_id "
				       "LEFT JOIN (SELECT st.building_id AS bid, ");
		sqlite3_str_appendf(s, "sum(complete) AS complete, sum(incomplete) AS incomplete, "
				       "sum(total) AS total");
		for (i = 0; i < nn; i++)
			sqlite3_str_appendf(s, ", sum(i%d) AS i%d", i, i);
		sqlite3_str_appendf(s, ", sum(problems) AS problems, sum(rectified) AS rectified "
				       "FROM sw JOIN stairwell st ON st.id = sw.sid GROUP BY "
				       "st.building_id) a ON a.bid = b.id "
				       "ORDER BY c.name, CAST(b.name AS INTEGER), b.name");
		break;
	case SCORE_GRID:
		sqlite3_str_appendf(s, "SELECT g.id, g.code, c.name, ");
		PLAIN("a.");
		sqlite3_str_appendf(s, " FROM grid g JOIN compound c ON c.id = g.compound_id "
				       "LEFT JOIN (SELECT gs.grid_id AS gid, ");
		sqlite3_str_appendf(s, "sum(complete) AS complete, sum(incomplete) AS incomplete, "
				       "sum(total) AS total");
		for (i = 0; i < nn; i++)
			sqlite3_str_appendf(s, ", sum(i%d) AS i%d", i, i);
		sqlite3_str_appendf(s, ", sum(problems) AS problems, sum(rectified) AS rectified "
				       "FROM sw JOIN grid_stairwell gs ON gs.stairwell_id = sw.sid "
				       "GROUP BY gs.grid_id) a ON a.gid = g.id "
				       "WHERE g.retired IS NULL ORDER BY g.code");
		break;
	case SCORE_COMPOUND:
		sqlite3_str_appendf(s, "SELECT c.id, c.name, ");
		PLAIN("a.");
		sqlite3_str_appendf(s, " FROM compound c LEFT JOIN (SELECT b.compound_id AS cid, ");
		sqlite3_str_appendf(s, "sum(complete) AS complete, sum(incomplete) AS incomplete, "
				       "sum(total) AS total");
		for (i = 0; i < nn; i++)
			sqlite3_str_appendf(s, ", sum(i%d) AS i%d", i, i);
		sqlite3_str_appendf(s, ", sum(problems) AS problems, sum(rectified) AS rectified "
				       "FROM sw JOIN stairwell st ON st.id = sw.sid JOIN building b ON "
				       "b.id = st.building_id GROUP BY b.compound_id) a ON a.cid = c.id "
				       "ORDER BY c.name");
		break;
	default:
		sqlite3_str_appendf(s, "SELECT 0, ");
		SUMS("");
		sqlite3_str_appendf(s, " FROM sw");
		break;
	}
#undef SUMS
#undef PLAIN
	return sqlite3_str_finish(s);
}

void score_table_free(struct score_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		for (int k = 0; k < SCORE_MAX_KEYS; k++)
			free(t->rows[i].key[k]);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* Run the level's query over FIRST..LAST into T (see score_compute_days). */
static int query(sqlite3 *db, const struct rubric *r, enum score_level l, const char *first,
		 const char *last, struct score_table *t, struct shequ_err *e)
{
	const char *names[SCORE_MAX_KEYS];
	int nk = score_key_names(l, names), rc = 0, step;
	char *sql = build_sql(r, l);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;

	memset(t, 0, sizeof *t);
	t->level = l;
	t->rubric = *r;
	if (!sql)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = db_prepare(db, sql, &st, e);
	sqlite3_free(sql);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct score_row *w;
		int c = 0;
		long long total;

		if (t->n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			struct score_row *nr = realloc(t->rows, ncap * sizeof *nr);

			if (!nr) {
				rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
				goto out;
			}
			t->rows = nr;
			cap = ncap;
		}
		w = &t->rows[t->n++];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(st, c++);
		for (int k = 0; k < nk; k++) {
			const unsigned char *v = sqlite3_column_text(st, c++);

			w->key[k] = strdup(v ? (const char *)v : "");
			if (!w->key[k]) {
				rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
				goto out;
			}
		}
		w->inspections = sqlite3_column_int64(st, c++);
		w->incomplete = sqlite3_column_int64(st, c++);
		total = sqlite3_column_int64(st, c++);
		w->score = w->inspections ? (double)total / w->inspections : NAN;
		for (size_t i = 0; i < r->n; i++, c++)
			w->item[i] = w->inspections
					     ? (double)sqlite3_column_int64(st, c) / w->inspections
					     : NAN;
		w->problems = sqlite3_column_int64(st, c++);
		w->rectified = sqlite3_column_int64(st, c++);
		w->change = NAN;
		w->prev_score = NAN;
	}
	if (step != SQLITE_DONE)
		rc = db_fail(db, step, "scores", e);
out:
	sqlite3_finalize(st);
	if (rc)
		score_table_free(t);
	return rc;
}

int score_compute_days(sqlite3 *db, const struct rubric *r, enum score_level l, const char *first,
		       const char *last, struct score_table *t, struct shequ_err *e)
{
	int rc;

	memset(t, 0, sizeof *t);
	if (l == SCORE_GRID && (rc = score_need_grids(db, e)))
		return rc;
	return query(db, r, l, first, last, t, e);
}

/* Order row indexes by rounded score, highest first (for qsort_r). */
static int by_score(const void *a, const void *b, void *arg)
{
	const struct score_row *rows = arg;
	double x = score_round2(rows[*(const size_t *)a].score);
	double y = score_round2(rows[*(const size_t *)b].score);

	return (x < y) - (x > y);
}

void score_rank(struct score_table *t, const unsigned char *skip)
{
	size_t *idx = malloc((t->n ? t->n : 1) * sizeof *idx), m = 0;

	for (size_t i = 0; i < t->n; i++)
		t->rows[i].rank = 0;
	if (!idx)
		return; /* no ranks rather than wrong ones */
	for (size_t i = 0; i < t->n; i++)
		if (!isnan(t->rows[i].score) && !(skip && skip[i]))
			idx[m++] = i;
	qsort_r(idx, m, sizeof *idx, by_score, t->rows);
	for (size_t j = 0; j < m; j++) {
		struct score_row *w = &t->rows[idx[j]];

		if (j && score_round2(w->score) == score_round2(t->rows[idx[j - 1]].score))
			w->rank = t->rows[idx[j - 1]].rank;
		else
			w->rank = (int)j + 1;
	}
	free(idx);
}

int score_compute(sqlite3 *db, const struct rubric *r, enum score_level l, const struct period *p,
		  struct score_table *t, struct shequ_err *e)
{
	struct period pp = period_prev(p);
	struct score_table prev = {0};
	char a[11], b[11];
	int first, last, rc;

	/* One read transaction, so that both periods see the same places. */
	if ((rc = db_exec(db, "BEGIN", e)))
		return rc;
	period_bounds(p, &first, &last);
	day_format(first, a);
	day_format(last, b);
	rc = score_compute_days(db, r, l, a, b, t, e);
	if (!rc) {
		period_bounds(&pp, &first, &last);
		day_format(first, a);
		day_format(last, b);
		rc = query(db, r, l, a, b, &prev, e);
	}
	db_rollback(db);
	if (rc) {
		score_table_free(t);
		return rc;
	}
	t->period = *p;
	for (size_t i = 0; i < t->n && i < prev.n; i++) {
		struct score_row *w = &t->rows[i];

		if (w->id != prev.rows[i].id)
			continue; /* cannot happen inside one transaction */
		w->prev_score = prev.rows[i].score;
		if (!isnan(w->score) && !isnan(w->prev_score))
			w->change = score_round2(w->score) - score_round2(w->prev_score);
	}
	score_table_free(&prev);
	score_rank(t, NULL);
	return 0;
}

int score_write_csv(const struct score_table *t, FILE *out, struct shequ_err *e)
{
	const char *names[SCORE_MAX_KEYS];
	int nk = score_key_names(t->level, names), rc;
	struct csvout *w = csvout_new(out, 0);
	char per[PERIOD_BUFSZ];

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	period_format(&t->period, per, sizeof per);
	csvout_field(w, "period");
	for (int k = 0; k < nk; k++)
		csvout_field(w, names[k]);
	csvout_field(w, "inspections");
	csvout_field(w, "incomplete");
	csvout_field(w, "score");
	for (size_t i = 0; i < t->rubric.n; i++)
		csvout_field(w, t->rubric.items[i].name);
	csvout_field(w, "problems");
	csvout_field(w, "rectified");
	csvout_field(w, "rank");
	csvout_field(w, "change");
	csvout_end_row(w);
	for (size_t j = 0; j < t->n; j++) {
		const struct score_row *r = &t->rows[j];

		csvout_field(w, per);
		for (int k = 0; k < nk; k++)
			csvout_field(w, r->key[k]);
		csvout_int(w, r->inspections);
		csvout_int(w, r->incomplete);
		csvout_num(w, score_round2(r->score), 2);
		for (size_t i = 0; i < t->rubric.n; i++)
			csvout_num(w, score_round2(r->item[i]), 2);
		csvout_int(w, r->problems);
		csvout_int(w, r->rectified);
		if (r->rank)
			csvout_int(w, r->rank);
		else
			csvout_null(w);
		csvout_num(w, r->change, 2);
		if (csvout_end_row(w))
			break;
	}
	rc = csvout_close(w);
	if (rc)
		return shequ_err_set(e, rc, "write error: %s", strerror(errno));
	return 0;
}
