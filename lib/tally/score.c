/* score.c - inspection scores per period and level; see score.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/names.h"
#include "db/db.h"
#include "domain/period.h"
#include "tally/score.h"

static const char *const level_names[] = {"stairwell", "building", "grid", "compound", "community"};

int score_level_parse(const char *s, enum score_level *l, struct shequ_err *e)
{
	int i = names_index(level_names, NAMES_COUNT(level_names), s);

	if (i < 0)
		return shequ_err_set(
		    e, EX_USAGE,
		    "unknown level '%s': expected stairwell, building, grid, compound "
		    "or community",
		    s);
	*l = (enum score_level)i;
	return 0;
}

const char *score_level_name(enum score_level l)
{
	return names_at(level_names, NAMES_COUNT(level_names), (unsigned)l);
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
		return shequ_err_set(
		    e, EX_NOINPUT,
		    "no grids yet: run 'shequ-grid' to partition the community first");
	return 0;
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

/*
 * The places of level L, in output order: id, then the level's keys.  The
 * community is one place with id 0.  Buildings, units and grid codes come in
 * natural order (base/natural.h), as shequ-grid lists them.
 */
static const char *const place_sql[] = {
    [SCORE_STAIRWELL] = "SELECT s.id, c.name, b.name, s.unit, g.code FROM stairwell s "
			"JOIN building b ON b.id = s.building_id "
			"JOIN compound c ON c.id = b.compound_id "
			"LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
			"LEFT JOIN grid g ON g.id = gs.grid_id "
			"ORDER BY c.name, b.name COLLATE natsort, s.unit COLLATE natsort",
    [SCORE_BUILDING] = "SELECT b.id, c.name, b.name FROM building b "
		       "JOIN compound c ON c.id = b.compound_id "
		       "ORDER BY c.name, b.name COLLATE natsort",
    [SCORE_GRID] = "SELECT g.id, g.code, c.name FROM grid g "
		   "JOIN compound c ON c.id = g.compound_id "
		   "WHERE g.retired IS NULL ORDER BY g.code COLLATE natsort",
    [SCORE_COMPOUND] = "SELECT c.id, c.name FROM compound c ORDER BY c.name",
    [SCORE_COMMUNITY] = "SELECT 0",
};

/*
 * Every stairwell with the id of the place of level L it counts in, by
 * stairwell id.  A stairwell of no place (outside the current grids) is
 * left out.
 */
static const char *const map_sql[] = {
    [SCORE_STAIRWELL] = "SELECT s.id, s.id FROM stairwell s ORDER BY s.id",
    [SCORE_BUILDING] = "SELECT s.id, s.building_id FROM stairwell s ORDER BY s.id",
    [SCORE_GRID] = "SELECT gs.stairwell_id, gs.grid_id FROM grid_stairwell gs "
		   "JOIN grid g ON g.id = gs.grid_id WHERE g.retired IS NULL "
		   "ORDER BY gs.stairwell_id",
    [SCORE_COMPOUND] = "SELECT s.id, b.compound_id FROM stairwell s "
		       "JOIN building b ON b.id = s.building_id ORDER BY s.id",
    [SCORE_COMMUNITY] = "SELECT s.id, 0 FROM stairwell s ORDER BY s.id",
};

/* Scores of 0 up to this (excluded) have their judgement kept (rubric.c
 * allows full marks up to 1000). */
#define SCORE_MARKS 1001

/* Integer sums of one place over a period (what the means are made of). */
struct acc {
	long long complete, incomplete, total, problems, rectified;
	long long item[RUBRIC_MAX_ITEMS]; /* over complete stairwell-days */
};

/* A stairwell and the row of its place. */
struct sw_row {
	long long sid;
	size_t row;
};

/*
 * What one level needs to stream a period: the table whose rows are its
 * places, and which row each stairwell counts in.
 */
struct scorer {
	sqlite3 *db;
	const struct rubric *r;
	struct score_table *t;
	struct sw_row *map; /* by sid, owned */
	size_t nmap;
	sqlite3_stmt *probe;	       /* a later pass of a stairwell item, lazily prepared */
	sqlite3_stmt *judge;	       /* what item_score says of one score, lazily prepared */
	size_t ilen[RUBRIC_MAX_ITEMS]; /* the length of each item's mark */
	/* What item_score said of item i scoring v: fails[i][v] is 1 or 0, or
	 * -1 when not asked yet. */
	signed char fails[RUBRIC_MAX_ITEMS][SCORE_MARKS];
};

/* Order (id, row) pairs by id (for qsort and bsearch). */
static int by_id(const void *a, const void *b)
{
	long long x = ((const struct sw_row *)a)->sid, y = ((const struct sw_row *)b)->sid;

	return (x > y) - (x < y);
}

/* Grow *V of *CAP elements of SIZE to hold one more than N; 0 or EX_SOFTWARE. */
static int grow(void **v, size_t *cap, size_t n, size_t size, struct shequ_err *e)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 64;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Read the places of S's level into S->t (rows with keys, no numbers yet). */
static int load_places(struct scorer *s, struct shequ_err *e)
{
	const char *names[SCORE_MAX_KEYS];
	struct score_table *t = s->t;
	int nk = score_key_names(t->level, names), rc, step;
	sqlite3_stmt *st;
	size_t cap = 0;

	if ((rc = db_prepare(s->db, place_sql[t->level], &st, e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct score_row *w;

		if ((rc = grow((void **)&t->rows, &cap, t->n, sizeof *t->rows, e)))
			break;
		w = &t->rows[t->n++];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		w->score = w->change = w->prev_score = NAN;
		for (size_t i = 0; i < RUBRIC_MAX_ITEMS; i++)
			w->item[i] = NAN;
		for (int k = 0; k < nk; k++) {
			const unsigned char *v = sqlite3_column_text(st, k + 1);

			w->key[k] = strdup(v ? (const char *)v : "");
			if (!w->key[k]) {
				rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
				break;
			}
		}
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(s->db, step, "places", e);
	sqlite3_finalize(st);
	return rc;
}

/* Fill S->map: which row of S->t each stairwell counts in. */
static int load_map(struct scorer *s, struct shequ_err *e)
{
	struct score_table *t = s->t;
	struct sw_row *ids = malloc((t->n ? t->n : 1) * sizeof *ids);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc, step;

	if (!ids)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (size_t i = 0; i < t->n; i++)
		ids[i] = (struct sw_row){t->rows[i].id, i};
	qsort(ids, t->n, sizeof *ids, by_id);
	if ((rc = db_prepare(s->db, map_sql[t->level], &st, e)))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct sw_row key = {sqlite3_column_int64(st, 1), 0}, *hit;

		hit = bsearch(&key, ids, t->n, sizeof *ids, by_id);
		if (!hit)
			continue;
		if ((rc = grow((void **)&s->map, &cap, s->nmap, sizeof *s->map, e)))
			goto out;
		s->map[s->nmap++] = (struct sw_row){sqlite3_column_int64(st, 0), hit->row};
	}
	if (step != SQLITE_DONE)
		rc = db_fail(s->db, step, "stairwells", e);
out:
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

/*
 * Whether stairwell SID's rubric item I passes on some day after AFTER:
 * 1 yes, 0 no, or -EX_* with E filled.
 */
static int later_pass(struct scorer *s, long long sid, size_t i, const char *after,
		      struct shequ_err *e)
{
	int rc, step;

	if (!s->probe &&
	    (rc = db_prepare(s->db,
			     "SELECT 1 FROM item_score WHERE stairwell_id = ?1 AND day > ?2 "
			     "AND item = ?3 AND NOT fails LIMIT 1",
			     &s->probe, e)))
		return -rc;
	sqlite3_reset(s->probe);
	sqlite3_bind_int64(s->probe, 1, sid);
	sqlite3_bind_text(s->probe, 2, after, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->probe, 3, s->r->items[i].item, -1, SQLITE_STATIC);
	step = sqlite3_step(s->probe);
	if (step == SQLITE_ROW)
		return 1;
	if (step != SQLITE_DONE)
		return -db_fail(s->db, step, "rectification", e);
	return 0;
}

/* Where a stream is: the stairwell and the day being read. */
struct cursor {
	long long sid;			     /* the stairwell being read */
	struct acc *a;			     /* the sums of its place; NULL when it is in none */
	char day[64];			     /* the day being read (a longer one is no day) */
	size_t have;			     /* rubric items scored on that day */
	long long daysum;		     /* and their sum */
	long long dayitem[RUBRIC_MAX_ITEMS]; /* each item's score that day */
	long long pending[RUBRIC_MAX_ITEMS]; /* failures not passed again yet */
};

/* The longest period read through the day index: its rows are sorted
 * (a month of a city is about a million rows, a few megabytes). */
#define STREAM_BY_DAY_MAX 31

/*
 * The inspections of FIRST..LAST, stairwell by stairwell and day by day.  A
 * period of up to STREAM_BY_DAY_MAX days is read from the index by day,
 * which holds every column needed (migration 017), and sorted: its own rows
 * and nothing of the history.  A longer one takes a seek per stairwell in
 * the primary key, which gives the order by itself.  Either way the cost
 * follows the period, not the whole history; ORDER BY says the order is
 * needed, so that no other plan could mix the days up.
 */
static int stream_prepare(struct scorer *s, const char *first, const char *last, sqlite3_stmt **st,
			  struct shequ_err *e)
{
	static const char by_day[] = "SELECT stairwell_id, day, item, score "
				     "FROM inspection INDEXED BY inspection_day "
				     "WHERE day BETWEEN ?1 AND ?2 ORDER BY stairwell_id, day";
	static const char by_stairwell[] =
	    "SELECT i.stairwell_id, i.day, i.item, i.score FROM stairwell s "
	    "CROSS JOIN inspection i ON i.stairwell_id = s.id "
	    "AND i.day BETWEEN ?1 AND ?2 ORDER BY s.id, i.day";
	int d0, d1, rc;

	if ((rc = day_parse(first, &d0, e)) || (rc = day_parse(last, &d1, e)))
		return rc;
	rc = db_prepare(s->db, d1 - d0 < STREAM_BY_DAY_MAX ? by_day : by_stairwell, st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(*st, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 2, last, -1, SQLITE_STATIC);
	return 0;
}

/* The index of the rubric item of the row ST in S->r, or -1 when its mark
 * is none of them (it counts for nothing, as in the view item_score). */
static int row_item(const struct scorer *s, sqlite3_stmt *st)
{
	const char *it = (const char *)sqlite3_column_text(st, 2);
	size_t n = (size_t)sqlite3_column_bytes(st, 2);

	for (size_t i = 0; it && i < s->r->n; i++)
		if (n == s->ilen[i] && memcmp(it, s->r->items[i].item, n) == 0)
			return (int)i;
	return -1;
}

/*
 * Whether the score of the row ST, of rubric item I, fails: 1, 0, or -EX_*.
 * The view item_score decides (the one definition of a failing item); it
 * judges a score by its item and value alone, so it is asked once per item
 * and value, on the first row that has them, and its answer kept.
 */
static int row_fails(struct scorer *s, sqlite3_stmt *st, size_t i, struct shequ_err *e)
{
	int v = sqlite3_column_int(st, 3), rc, step;
	int keep = v >= 0 && v < SCORE_MARKS;

	if (keep && s->fails[i][v] >= 0)
		return s->fails[i][v];
	if (!s->judge && (rc = db_prepare(s->db,
					  "SELECT fails FROM item_score WHERE stairwell_id = ?1 "
					  "AND day = ?2 AND item = ?3",
					  &s->judge, e)))
		return -rc;
	sqlite3_reset(s->judge);
	sqlite3_bind_int64(s->judge, 1, sqlite3_column_int64(st, 0));
	sqlite3_bind_value(s->judge, 2, sqlite3_column_value(st, 1));
	sqlite3_bind_text(s->judge, 3, s->r->items[i].item, -1, SQLITE_STATIC);
	step = sqlite3_step(s->judge);
	if (step != SQLITE_ROW)
		return -db_fail(s->db, step == SQLITE_DONE ? SQLITE_INTERNAL : step, "item_score",
				e);
	rc = sqlite3_column_int(s->judge, 0) != 0;
	if (keep)
		s->fails[i][v] = (signed char)rc;
	return rc;
}

/* Close the stairwell-day C was reading: a complete one (every rubric item
 * of N scored) adds its sums, one with some items missing counts as
 * incomplete. */
static void day_end(struct cursor *c, size_t n)
{
	if (c->a && c->have == n) {
		c->a->complete++;
		c->a->total += c->daysum;
		for (size_t j = 0; j < n; j++)
			c->a->item[j] += c->dayitem[j];
	} else if (c->a && c->have) {
		c->a->incomplete++;
	}
	c->have = 0, c->daysum = 0;
}

/* Close the stairwell C was reading: its last day, then the failures no
 * pass in the period followed, each of which a pass after LAST may still
 * rectify (one indexed probe per item). */
static int stairwell_end(struct scorer *s, struct cursor *c, const char *last, int rectify,
			 struct shequ_err *e)
{
	day_end(c, s->r->n);
	for (size_t i = 0; c->a && rectify && i < s->r->n; i++) {
		int p;

		if (!c->pending[i])
			continue;
		if ((p = later_pass(s, c->sid, i, last, e)) < 0)
			return -p;
		if (p)
			c->a->rectified += c->pending[i];
	}
	return 0;
}

/* Start reading stairwell SID: find the sums of its place in ACC. */
static void stairwell_start(struct scorer *s, struct cursor *c, long long sid, struct acc *acc)
{
	struct sw_row key = {sid, 0};
	struct sw_row *hit = bsearch(&key, s->map, s->nmap, sizeof *s->map, by_id);

	c->a = hit ? &acc[hit->row] : NULL;
	c->sid = sid;
	c->day[0] = '\0';
	memset(c->pending, 0, sizeof c->pending);
}

/* Add the score of the row ST to C: a new day closes the one before; a
 * failure waits for a pass of the same item, which rectifies every
 * failure before it. */
static int row_add(struct scorer *s, struct cursor *c, sqlite3_stmt *st, int rectify,
		   struct shequ_err *e)
{
	const char *d = (const char *)sqlite3_column_text(st, 1);
	int i, score, fails;

	if (!c->a || !d)
		return 0;
	if (strcmp(d, c->day) != 0) {
		size_t dn = strlen(d);

		day_end(c, s->r->n);
		if (dn >= sizeof c->day)
			dn = sizeof c->day - 1;
		memcpy(c->day, d, dn);
		c->day[dn] = '\0';
	}
	if ((i = row_item(s, st)) < 0)
		return 0;
	score = sqlite3_column_int(st, 3);
	c->have++;
	c->daysum += score;
	c->dayitem[i] = score;
	if (!rectify)
		return 0;
	if ((fails = row_fails(s, st, (size_t)i, e)) < 0)
		return -fails;
	if (fails) {
		c->a->problems++;
		c->pending[i]++;
	} else {
		c->a->rectified += c->pending[i];
		c->pending[i] = 0;
	}
	return 0;
}

/*
 * Add the inspections of FIRST..LAST to ACC (one per row of S->t), in one
 * pass: a stairwell-day's rows come together, and so do a stairwell's days
 * in order, so a failing item-day is rectified when a pass of the same item
 * follows it; only the failures after a stairwell item's last pass in the
 * period look further.  RECTIFY 0 skips problems and rectification (for the
 * previous period, whose score alone is used).
 */
static int stream(struct scorer *s, const char *first, const char *last, struct acc *acc,
		  int rectify, struct shequ_err *e)
{
	struct cursor c = {.sid = -1};
	sqlite3_stmt *st;
	int rc, step, started = 0;

	if ((rc = stream_prepare(s, first, last, &st, e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long sid = sqlite3_column_int64(st, 0);

		if (!started || sid != c.sid) {
			if (started && (rc = stairwell_end(s, &c, last, rectify, e)))
				break;
			stairwell_start(s, &c, sid, acc);
			started = 1;
		}
		if ((rc = row_add(s, &c, st, rectify, e)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(s->db, step, "scores", e);
	if (!rc && started)
		rc = stairwell_end(s, &c, last, rectify, e);
	sqlite3_finalize(st);
	return rc;
}

/* Turn the sums of ACC into the numbers of S->t's rows. */
static void fill(struct scorer *s, const struct acc *acc)
{
	for (size_t j = 0; j < s->t->n; j++) {
		struct score_row *w = &s->t->rows[j];
		const struct acc *a = &acc[j];

		w->inspections = a->complete;
		w->incomplete = a->incomplete;
		w->problems = a->problems;
		w->rectified = a->rectified;
		w->score = a->complete ? (double)a->total / a->complete : NAN;
		for (size_t i = 0; i < s->r->n; i++)
			w->item[i] = a->complete ? (double)a->item[i] / a->complete : NAN;
	}
}

/* Whether DB holds any inspection in FIRST..LAST: 1, 0, or -EX_*. */
static int any_inspection(sqlite3 *db, const char *first, const char *last, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc =
	    db_prepare(db, "SELECT 1 FROM inspection WHERE day BETWEEN ?1 AND ?2 LIMIT 1", &st, e);

	if (rc)
		return -rc;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return -db_fail(db, rc, "inspections", e);
	return 0;
}

/* Each row's prev_score over PREV_FIRST..PREV_LAST, streamed into ACC
 * (cleared first) when the database holds inspections of those days. */
static int prev_scores(struct scorer *s, struct acc *acc, const char *prev_first,
		       const char *prev_last, struct shequ_err *e)
{
	struct score_table *t = s->t;
	int any = any_inspection(s->db, prev_first, prev_last, e), rc;

	if (any <= 0)
		return -any;
	memset(acc, 0, (t->n ? t->n : 1) * sizeof *acc);
	if ((rc = stream(s, prev_first, prev_last, acc, 0, e)))
		return rc;
	for (size_t j = 0; j < t->n; j++)
		if (acc[j].complete)
			t->rows[j].prev_score = (double)acc[j].total / acc[j].complete;
	return 0;
}

/*
 * The scores of level L over FIRST..LAST into T, under the database's
 * rubric; with PREV_FIRST and PREV_LAST (may be NULL) also each row's
 * prev_score over those days.
 */
static int compute(sqlite3 *db, enum score_level l, const char *first, const char *last,
		   const char *prev_first, const char *prev_last, struct score_table *t,
		   struct shequ_err *e)
{
	struct scorer s = {.db = db, .r = &t->rubric, .t = t};
	struct acc *acc = NULL;
	int rc;

	memset(t, 0, sizeof *t);
	t->level = l;
	memset(s.fails, -1, sizeof s.fails);
	if ((rc = rubric_load_db(db, &t->rubric, e)) || (rc = load_places(&s, e)) ||
	    (rc = load_map(&s, e)))
		goto out;
	for (size_t i = 0; i < t->rubric.n; i++)
		s.ilen[i] = strlen(t->rubric.items[i].item);
	acc = calloc(t->n ? t->n : 1, sizeof *acc);
	if (!acc) {
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
		goto out;
	}
	if ((rc = stream(&s, first, last, acc, 1, e)))
		goto out;
	fill(&s, acc);
	if (prev_first)
		rc = prev_scores(&s, acc, prev_first, prev_last, e);
out:
	sqlite3_finalize(s.probe);
	sqlite3_finalize(s.judge);
	free(s.map);
	free(acc);
	if (rc)
		score_table_free(t);
	return rc;
}

int score_compute_days(sqlite3 *db, enum score_level l, const char *first, const char *last,
		       struct score_table *t, struct shequ_err *e)
{
	int rc;

	memset(t, 0, sizeof *t);
	if (l == SCORE_GRID && (rc = score_need_grids(db, e)))
		return rc;
	return compute(db, l, first, last, NULL, NULL, t, e);
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

int score_compute(sqlite3 *db, enum score_level l, const struct period *p, struct score_table *t,
		  struct shequ_err *e)
{
	struct period pp = period_prev(p);
	char a[11], b[11], pa[11], pb[11];
	int first, last, rc;

	memset(t, 0, sizeof *t);
	if (l == SCORE_GRID && (rc = score_need_grids(db, e)))
		return rc;
	period_bounds(p, &first, &last);
	day_format(first, a);
	day_format(last, b);
	period_bounds(&pp, &first, &last);
	day_format(first, pa);
	day_format(last, pb);
	/* One read transaction, so that both periods see the same places. */
	if ((rc = db_exec(db, "BEGIN", e)))
		return rc;
	rc = compute(db, l, a, b, pa, pb, t, e);
	db_rollback(db);
	if (rc)
		return rc;
	t->period = *p;
	for (size_t i = 0; i < t->n; i++) {
		struct score_row *w = &t->rows[i];

		if (!isnan(w->score) && !isnan(w->prev_score))
			w->change = score_round2(w->score) - score_round2(w->prev_score);
	}
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
