/* report.c - the reports of the supervision cycle; see report.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/names.h"
#include "base/natural.h"
#include "db/db.h"
#include "domain/scoring_conf.h"
#include "tally/report.h"
#include "tally/score.h"

/* The most sections written beside a report in one pass. */
#define REPORT_SECTIONS_MAX 2

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

static const char *const section_names[] = {"", "grid", "compound", "best", "worst", "problems"};

int report_section_parse(const char *s, enum report_section *sec, struct shequ_err *e)
{
	int i = names_index(section_names, NAMES_COUNT(section_names), s);

	if (i <= 0)
		return shequ_err_set(e, EX_USAGE,
				     "unknown section '%s': expected grid, compound, best, worst "
				     "or problems",
				     s);
	*sec = (enum report_section)i;
	return 0;
}

const char *report_section_name(enum report_section sec)
{
	return names_at(section_names, NAMES_COUNT(section_names), (unsigned)sec);
}

const char *report_sections(enum report_kind k)
{
	return k == REPORT_WEEKLY    ? "grid, problems"
	       : k == REPORT_MONTHLY ? "grid, compound, best, worst"
				     : "";
}

/* 1 when report K has section SEC (every report is whole). */
static int report_has_section(enum report_kind k, enum report_section sec)
{
	if (sec == REPORT_ALL)
		return 1;
	if (k == REPORT_WEEKLY)
		return sec == SECTION_GRID || sec == SECTION_PROBLEMS;
	return k == REPORT_MONTHLY && sec != SECTION_PROBLEMS;
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

/* What every report is written from: the period and where the CSV goes. */
struct report_ctx {
	sqlite3 *db;
	const struct period *p;
	const struct scoring_conf *conf;
	char per[PERIOD_BUFSZ];	  /* the period as written: 2026-W28 */
	char first[11], last[11]; /* its first and last day */
	enum report_section sec;  /* the part of the report asked for */
	struct csvout *w;
	const struct report_part *parts; /* the quarterly total's parts from outside */
	size_t nparts;
	const struct report_out *more; /* the weekly sections written in the same pass */
	size_t nmore;
};

/* A section of the weekly report written beside it, and its writer. */
struct report_out {
	enum report_section sec;
	struct csvout *w;
};

static int daily(const struct report_ctx *x, struct shequ_err *e)
{
	static const char *const cols[] = {
	    "period",	"grid",		"compound",	"inspections",	"incomplete",	 "score",
	    "problems", "cases_opened", "cases_solved", "cases_closed", "cases_overdue", NULL};
	struct score_table t;
	struct grid_cases *gc;
	size_t ngc;
	int rc = score_compute_days(x->db, SCORE_GRID, x->first, x->last, &t, e);

	if (rc)
		return rc;
	if ((rc = load_grid_cases(x->db, x->first, x->last, &gc, &ngc, e))) {
		score_table_free(&t);
		return rc;
	}
	header(x->w, cols);
	for (size_t i = 0; i < t.n; i++) {
		const struct score_row *s = &t.rows[i];
		struct grid_cases c = find_cases(gc, ngc, s->id);

		csvout_field(x->w, x->per);
		csvout_field(x->w, s->key[0]);
		csvout_field(x->w, s->key[1]);
		csvout_int(x->w, s->inspections);
		csvout_int(x->w, s->incomplete);
		csvout_num(x->w, score_round2(s->score), 2);
		csvout_int(x->w, s->problems);
		csvout_int(x->w, c.opened);
		csvout_int(x->w, c.solved);
		csvout_int(x->w, c.closed);
		csvout_int(x->w, c.overdue_end);
		csvout_end_row(x->w);
	}
	free(gc);
	score_table_free(&t);
	return 0;
}

/* The statements of the weekly report: the problems of a grid open at a
 * day's end, and the staff it is copied to. */
struct weekly_stmts {
	sqlite3_stmt *probs, *staff;
};

/*
 * Prepare W's statements.  A stairwell item of grid ?1 has an open problem
 * at day ?2 when its last inspection by then fails (the view item_score
 * says what fails); it was first seen on the first failure after its last
 * pass.  The grid drives the query (the view problem, read by grid, would
 * look at every stairwell for each grid).
 */
static int weekly_prepare(sqlite3 *db, struct weekly_stmts *w, struct shequ_err *e)
{
	int rc = db_prepare(
	    db,
	    "WITH lastday AS (SELECT i.stairwell_id, i.item, max(i.day) AS day "
	    "FROM grid_stairwell gs JOIN inspection i ON i.stairwell_id = gs.stairwell_id "
	    "WHERE gs.grid_id = ?1 AND i.day <= ?2 GROUP BY i.stairwell_id, i.item) "
	    "SELECT b.name, s.unit, i.item, (SELECT min(f.day) FROM inspection f "
	    "WHERE f.stairwell_id = i.stairwell_id AND f.item = i.item AND f.day <= ?2 "
	    "AND f.day > coalesce((SELECT max(x.day) FROM item_score x "
	    "WHERE x.stairwell_id = i.stairwell_id AND x.item = i.item AND x.day <= ?2 "
	    "AND NOT x.fails), '')) AS first_seen "
	    "FROM lastday l JOIN item_score i ON i.stairwell_id = l.stairwell_id "
	    "AND i.item = l.item AND i.day = l.day JOIN stairwell s ON s.id = i.stairwell_id "
	    "JOIN building b ON b.id = s.building_id WHERE i.fails "
	    "ORDER BY first_seen, b.name COLLATE natsort, s.unit COLLATE natsort, i.item",
	    &w->probs, e);

	if (rc)
		return rc;
	return db_prepare(db,
			  "SELECT (SELECT group_concat(name, '、') FROM (SELECT name FROM staff "
			  "WHERE role = 'head' AND grid = ?1 ORDER BY name)), "
			  "(SELECT group_concat(name, '、') FROM (SELECT name FROM staff WHERE "
			  "role = 'butler' AND grid = ?1 ORDER BY name))",
			  &w->staff, e);
}

/* The grid heads and butlers of GRID into HEAD and BUTLER (N bytes each). */
static void weekly_staff(sqlite3_stmt *staff, const char *grid, char *head, char *butler, size_t n)
{
	head[0] = butler[0] = '\0';
	sqlite3_bind_text(staff, 1, grid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(staff) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(staff, 0);
		const unsigned char *b = sqlite3_column_text(staff, 1);

		snprintf(head, n, "%s", h ? (const char *)h : "");
		snprintf(butler, n, "%s", b ? (const char *)b : "");
	}
	sqlite3_reset(staff);
}

/* The grid's columns of a weekly row: grid S with cases C copied to HEAD
 * and BUTLER; a section row has the previous score, and the open
 * problems (NPROBS) instead of one of them. */
static void weekly_grid_cols(const struct report_ctx *x, const struct score_row *s,
			     const struct grid_cases *c, const char *head, const char *butler,
			     long nprobs)
{
	csvout_field(x->w, x->per);
	csvout_field(x->w, s->key[0]);
	csvout_field(x->w, s->key[1]);
	csvout_num(x->w, score_round2(s->score), 2);
	if (x->sec == SECTION_GRID)
		csvout_num(x->w, score_round2(s->prev_score), 2);
	csvout_num(x->w, s->change, 2);
	csvout_int(x->w, c->open_end);
	csvout_int(x->w, c->overdue_end);
	if (x->sec == SECTION_GRID)
		csvout_int(x->w, nprobs);
	csvout_field(x->w, head);
	csvout_field(x->w, butler);
}

/* An open problem of a grid as the weekly rows show it: building, unit,
 * item and the day it was first seen (NULL when unknown). */
struct weekly_problem {
	char *col[4];
};

/* The problem's columns of a weekly row: open problem P, its days open
 * counted to LAST_DAY (P NULL: empty). */
static void weekly_problem_cols(const struct report_ctx *x, const struct weekly_problem *p,
				int last_day)
{
	if (p) {
		const char *fs = p->col[3];
		int seen = 0;

		for (int k = 0; k < 3; k++)
			csvout_field(x->w, p->col[k]);
		csvout_field(x->w, fs);
		day_parse(fs ? fs : "", &seen, NULL);
		csvout_int(x->w, fs ? last_day - seen : 0);
	} else {
		for (int k = 0; k < 5; k++)
			csvout_null(x->w);
	}
}

/* What one grid of the weekly report is written from. */
struct weekly_grid_ctx {
	const struct score_row *s;   /* the grid's scores */
	const struct grid_cases *c;  /* its cases */
	char head[512], butler[512]; /* who the report is copied to */
	int last_day;		     /* the week's last day */
};

/* The row of open problem P of grid G: in the mixed report with the
 * grid's columns, in section problems with the grid's code and compound
 * only. */
static void weekly_problem_row(const struct report_ctx *x, const struct weekly_grid_ctx *g,
			       const struct weekly_problem *p)
{
	if (x->sec == SECTION_PROBLEMS) {
		csvout_field(x->w, x->per);
		csvout_field(x->w, g->s->key[0]);
		csvout_field(x->w, g->s->key[1]);
	} else {
		weekly_grid_cols(x, g->s, g->c, g->head, g->butler, 0);
	}
	weekly_problem_cols(x, p, g->last_day);
	csvout_end_row(x->w);
}

/* Free the N problems of LIST. */
static void weekly_problems_free(struct weekly_problem *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			free(list[i].col[k]);
	free(list);
}

/* Copy the problem at PROBS' current row to the end of *LIST (*N, room
 * for *CAP). */
static int weekly_problem_keep(sqlite3_stmt *probs, struct weekly_problem **list, size_t *n,
			       size_t *cap, struct shequ_err *e)
{
	struct weekly_problem *p;

	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 16;
		struct weekly_problem *l = realloc(*list, c * sizeof *l);

		if (!l)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		*list = l;
		*cap = c;
	}
	p = &(*list)[(*n)++];
	for (int k = 0; k < 4; k++) {
		const char *v = (const char *)sqlite3_column_text(probs, k);

		p->col[k] = v ? strdup(v) : NULL;
		if (v && !p->col[k])
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	return 0;
}

/* The open problems of grid ID at day LAST (PROBS) into *LIST, *N of
 * them: read once for every section written. */
static int weekly_problems(const struct report_ctx *x, sqlite3_stmt *probs, long long id,
			   struct weekly_problem **list, size_t *n, struct shequ_err *e)
{
	size_t cap = 0;
	int step, rc = 0;

	*list = NULL;
	*n = 0;
	sqlite3_bind_int64(probs, 1, id);
	sqlite3_bind_text(probs, 2, x->last, -1, SQLITE_TRANSIENT);
	while (!rc && (step = sqlite3_step(probs)) == SQLITE_ROW)
		rc = weekly_problem_keep(probs, list, n, &cap, e);
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(x->db, step, "open problems", e);
	sqlite3_reset(probs);
	return rc;
}

/* The rows of grid G in the weekly report X with its N open problems
 * LIST: one per open problem, or one with the problem columns empty when
 * it has none; in section grid one row with the problems counted, in
 * section problems the problems only. */
static void weekly_grid_rows(const struct report_ctx *x, const struct weekly_grid_ctx *g,
			     const struct weekly_problem *list, size_t n)
{
	if (x->sec == SECTION_GRID) {
		weekly_grid_cols(x, g->s, g->c, g->head, g->butler, (long)n);
		csvout_end_row(x->w);
		return;
	}
	for (size_t i = 0; i < n; i++)
		weekly_problem_row(x, g, &list[i]);
	if (!n && x->sec == REPORT_ALL) {
		weekly_grid_cols(x, g->s, g->c, g->head, g->butler, 0);
		weekly_problem_cols(x, NULL, g->last_day);
		csvout_end_row(x->w);
	}
}

/* Grid S with cases C in each of the NX weekly outputs XS: its staff and
 * open problems are read once. */
static int weekly_grid(const struct report_ctx *xs, size_t nx, const struct weekly_stmts *ws,
		       const struct score_row *s, const struct grid_cases *c, struct shequ_err *e)
{
	struct weekly_grid_ctx g = {.s = s, .c = c};
	struct weekly_problem *list;
	size_t n;
	int rc;

	weekly_staff(ws->staff, s->key[0], g.head, g.butler, sizeof g.head);
	day_parse(xs->last, &g.last_day, NULL);
	rc = weekly_problems(xs, ws->probs, s->id, &list, &n, e);
	for (size_t i = 0; !rc && i < nx; i++)
		weekly_grid_rows(&xs[i], &g, list, n);
	weekly_problems_free(list, n);
	return rc;
}

/* The header of the weekly report or of its section. */
static void weekly_header(const struct report_ctx *x)
{
	static const char *const all[] = {
	    "period",	  "grid",	   "compound",	 "score",     "change",
	    "open_cases", "overdue_cases", "grid_head",	 "butler",    "building",
	    "unit",	  "item",	   "first_seen", "days_open", NULL};
	static const char *const grid[] = {
	    "period",	  "grid",	   "compound",	    "score",	 "prev_score", "change",
	    "open_cases", "overdue_cases", "open_problems", "grid_head", "butler",     NULL};
	static const char *const problems[] = {"period",     "grid",	  "compound",
					       "building",   "unit",	  "item",
					       "first_seen", "days_open", NULL};

	header(x->w, x->sec == SECTION_GRID ? grid : x->sec == SECTION_PROBLEMS ? problems : all);
}

/* The weekly report X, and the sections X->more beside it, in one pass
 * over the grids: scores, cases and open problems are read once. */
static int weekly(const struct report_ctx *x, struct shequ_err *e)
{
	struct report_ctx xs[1 + REPORT_SECTIONS_MAX];
	struct score_table t;
	struct grid_cases *gc = NULL;
	struct weekly_stmts ws = {NULL, NULL};
	size_t ngc = 0, nx = 1;
	int rc = score_compute(x->db, SCORE_GRID, x->p, &t, e);

	if (rc)
		return rc;
	xs[0] = *x;
	for (size_t i = 0; i < x->nmore && nx < sizeof xs / sizeof *xs; i++, nx++) {
		xs[nx] = *x;
		xs[nx].sec = x->more[i].sec;
		xs[nx].w = x->more[i].w;
	}
	rc = load_grid_cases(x->db, x->first, x->last, &gc, &ngc, e);
	if (!rc)
		rc = weekly_prepare(x->db, &ws, e);
	for (size_t i = 0; !rc && i < nx; i++)
		weekly_header(&xs[i]);
	for (size_t i = 0; !rc && i < t.n; i++) {
		struct grid_cases c = find_cases(gc, ngc, t.rows[i].id);

		rc = weekly_grid(xs, nx, &ws, &t.rows[i], &c, e);
	}
	sqlite3_finalize(ws.probs);
	sqlite3_finalize(ws.staff);
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

/* Order stairwell rows by score, worst first (ARG: the rows), then place. */
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

/* The keys a row of the bulletin shows; NULL ones are left empty. */
struct bulletin_place {
	const char *grid, *compound, *building, *unit;
};

/* 1 when X asks for the bulletin's section SEC (all of them with REPORT_ALL). */
static int bulletin_wants(const struct report_ctx *x, enum report_section sec)
{
	return x->sec == REPORT_ALL || x->sec == sec;
}

/* One row of the monthly bulletin, of section SECTION (a name) at place
 * PL: in the mixed bulletin every key column, in a section its own keys
 * and the previous month's score. */
static void bulletin_row(const struct report_ctx *x, const char *section, int rank,
			 const struct bulletin_place *pl, const struct score_row *s)
{
	int all = x->sec == REPORT_ALL;
	int stairwell = all || x->sec == SECTION_BEST || x->sec == SECTION_WORST;

	csvout_field(x->w, x->per);
	if (all)
		csvout_field(x->w, section);
	if (rank)
		csvout_int(x->w, rank);
	else
		csvout_null(x->w);
	if (all || x->sec != SECTION_COMPOUND)
		csvout_field(x->w, pl->grid);
	csvout_field(x->w, pl->compound);
	if (stairwell) {
		csvout_field(x->w, pl->building);
		csvout_field(x->w, pl->unit);
	}
	csvout_int(x->w, s->inspections);
	csvout_num(x->w, score_round2(s->score), 2);
	if (!all)
		csvout_num(x->w, score_round2(s->prev_score), 2);
	csvout_num(x->w, s->change, 2);
	csvout_end_row(x->w);
}

/* The sections grid and compound of the bulletin: G and C in rank order
 * (IDX: room for either). */
static void bulletin_places(const struct report_ctx *x, const struct score_table *g,
			    const struct score_table *c, size_t *idx)
{
	rank_order(g, idx);
	for (size_t j = 0; bulletin_wants(x, SECTION_GRID) && j < g->n; j++) {
		const struct score_row *r = &g->rows[idx[j]];
		struct bulletin_place pl = {r->key[0], r->key[1], NULL, NULL};

		bulletin_row(x, "grid", r->rank, &pl, r);
	}
	rank_order(c, idx);
	for (size_t j = 0; bulletin_wants(x, SECTION_COMPOUND) && j < c->n; j++) {
		const struct score_row *r = &c->rows[idx[j]];
		struct bulletin_place pl = {NULL, r->key[0], NULL, NULL};

		bulletin_row(x, "compound", r->rank, &pl, r);
	}
}

/* The row of stairwell R in section SECTION of the bulletin. */
static void bulletin_stairwell(const struct report_ctx *x, const char *section,
			       const struct score_row *r)
{
	struct bulletin_place pl = {r->key[3], r->key[0], r->key[1], r->key[2]};

	bulletin_row(x, section, r->rank, &pl, r);
}

/* The sections best and worst: the three best and the three worst of the
 * stairwells S that have a score (IDX: room for S->n). */
static void bulletin_ends(const struct report_ctx *x, const struct score_table *s, size_t *idx)
{
	size_t m = 0;

	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->rows[i].score))
			idx[m++] = i;
	qsort_r(idx, m, sizeof *idx, best_first, s->rows);
	for (size_t j = 0; bulletin_wants(x, SECTION_BEST) && j < m && j < 3; j++)
		bulletin_stairwell(x, "best", &s->rows[idx[j]]);
	/* The three worst, shown in rank order like every other section. */
	qsort_r(idx, m, sizeof *idx, worst_first, s->rows);
	m = m < 3 ? m : 3;
	qsort_r(idx, m, sizeof *idx, by_rank, s->rows);
	for (size_t j = 0; bulletin_wants(x, SECTION_WORST) && j < m; j++)
		bulletin_stairwell(x, "worst", &s->rows[idx[j]]);
}

/* The header of the bulletin or of its section. */
static void monthly_header(const struct report_ctx *x)
{
	static const char *const all[] = {"period",   "section",  "rank", "grid",
					  "compound", "building", "unit", "inspections",
					  "score",    "change",	  NULL};
	static const char *const grid[] = {"period",	 "rank",	"grid",
					   "compound",	 "inspections", "score",
					   "prev_score", "change",	NULL};
	static const char *const compound[] = {"period", "rank",       "compound", "inspections",
					       "score",	 "prev_score", "change",   NULL};
	static const char *const stairwell[] = {"period",     "rank",	"grid",	       "compound",
						"building",   "unit",	"inspections", "score",
						"prev_score", "change", NULL};

	header(x->w, x->sec == SECTION_GRID	  ? grid
		     : x->sec == SECTION_COMPOUND ? compound
		     : x->sec == REPORT_ALL	  ? all
						  : stairwell);
}

static int monthly(const struct report_ctx *x, struct shequ_err *e)
{
	struct score_table g = {0}, c = {0}, s = {0};
	size_t *idx = NULL, n;
	int rc = score_compute(x->db, SCORE_GRID, x->p, &g, e);

	if (!rc)
		rc = score_compute(x->db, SCORE_COMPOUND, x->p, &c, e);
	if (!rc)
		rc = score_compute(x->db, SCORE_STAIRWELL, x->p, &s, e);
	n = s.n > g.n ? s.n : g.n;
	n = n > c.n ? n : c.n;
	if (!rc && !(idx = malloc((n ? n : 1) * sizeof *idx)))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc) {
		monthly_header(x);
		bulletin_places(x, &g, &c, idx);
		bulletin_ends(x, &s, idx);
	}
	free(idx);
	score_table_free(&g);
	score_table_free(&c);
	score_table_free(&s);
	return rc;
}

/* What the assessment adds to each grid's scores. */
struct assessment {
	long *probs, *fixed; /* problems in the quarter; rectified within rectify_days */
	double *total;	     /* the weighted total; NaN without a score */
	double *part;	     /* the parts from outside in percent, a row of nparts per
				grid; NaN: nothing to count */
	size_t *idx;	     /* the grids in rank order */
	struct grid_cases *gc;
	size_t ngc;
};

/*
 * Problems per grid of T in the quarter and those rectified within
 * rectify_days: a pass of the same stairwell item follows within that many
 * days (the view item_score says what fails).
 */
static int rectified_on_time(const struct report_ctx *x, const struct score_table *t,
			     struct assessment *as, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	char within[32];
	int step, rc = db_prepare(
		      x->db,
		      "SELECT gs.grid_id, count(*), sum(EXISTS (SELECT 1 FROM item_score x "
		      "WHERE x.stairwell_id = f.stairwell_id AND x.item = f.item AND x.day > f.day "
		      "AND x.day <= date(f.day, ?3) AND NOT x.fails)) FROM item_score f "
		      "JOIN grid_stairwell gs ON gs.stairwell_id = f.stairwell_id "
		      "WHERE f.day BETWEEN ?1 AND ?2 AND f.fails GROUP BY gs.grid_id",
		      &st, e);

	if (rc)
		return rc;
	snprintf(within, sizeof within, "+%d days", x->conf->rectify_days);
	sqlite3_bind_text(st, 1, x->first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, x->last, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, within, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < t->n; i++)
			if (t->rows[i].id == id) {
				as->probs[i] = sqlite3_column_int64(st, 1);
				as->fixed[i] = sqlite3_column_int64(st, 2);
			}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(x->db, step, "rectification", e);
	sqlite3_finalize(st);
	return rc;
}

/* A rate in percent of N out of D, 100 when there is nothing to count. */
static double rate(long n, long d)
{
	return d ? score_round2(100.0 * n / d) : 100.0;
}

/* The parts that weigh: at most this many beside the three of the tally. */
#define MAX_PARTS 8

/* Whether part K of X is shown and weighed. */
static int part_used(const struct report_ctx *x, size_t k)
{
	return k < MAX_PARTS && x->parts[k].weight > 0;
}

/* The parts from outside of each grid of T into AS, in percent rounded
 * as the report shows them (a grid found in no part's list: NaN). */
static void parts_of_grids(const struct report_ctx *x, const struct score_table *t,
			   struct assessment *as)
{
	for (size_t i = 0; i < t->n; i++)
		for (size_t k = 0; k < x->nparts; k++) {
			const struct report_part *pt = &x->parts[k];
			double v = NAN;

			for (size_t j = 0; part_used(x, k) && j < pt->n; j++)
				if (strcmp(pt->grid[j], t->rows[i].key[0]) == 0) {
					v = pt->rate[j];
					break;
				}
			as->part[i * x->nparts + k] = isnan(v) ? NAN : score_round2(100.0 * v);
		}
}

/* The weighted total of grid I of T: the tally's three parts, then the
 * parts from outside that weigh, as scoring_conf_total() combines them. */
static double grid_total(const struct report_ctx *x, const struct score_table *t,
			 const struct assessment *as, size_t i)
{
	const struct scoring_conf *conf = x->conf;
	struct grid_cases c = find_cases(as->gc, as->ngc, t->rows[i].id);
	double w[3 + MAX_PARTS] = {conf->weight_score, conf->weight_rectify, conf->weight_closure};
	double v[3 + MAX_PARTS] = {score_round2(t->rows[i].score), rate(as->fixed[i], as->probs[i]),
				   rate(c.on_time, c.due)};
	int n = 3;

	if (isnan(t->rows[i].score))
		return NAN;
	for (size_t k = 0; k < x->nparts; k++)
		if (part_used(x, k)) {
			w[n] = x->parts[k].weight;
			v[n++] = as->part[i * x->nparts + k];
		}
	return score_round2(scoring_conf_total(w, v, n));
}

/* Each grid's weighted total, then its rank by total among the grids with
 * enough inspections (the others are listed, not ranked). */
static void assess(const struct report_ctx *x, struct score_table *t, struct assessment *as)
{
	const struct scoring_conf *conf = x->conf;

	for (size_t i = 0; i < t->n; i++)
		as->total[i] = grid_total(x, t, as, i);
	for (size_t i = 0; i < t->n; i++) {
		int rank = 1;

		t->rows[i].rank = 0;
		if (isnan(as->total[i]) || t->rows[i].inspections < conf->min_inspections)
			continue;
		for (size_t j = 0; j < t->n; j++)
			if (!isnan(as->total[j]) &&
			    t->rows[j].inspections >= conf->min_inspections &&
			    as->total[j] > as->total[i])
				rank++;
		t->rows[i].rank = rank;
	}
	/* The assessment reads as a ranking: rank 1 first, the unranked last. */
	rank_order(t, as->idx);
}

/* The assessment's row of grid I of T. */
static void assessment_row(const struct report_ctx *x, const struct score_table *t,
			   const struct assessment *as, size_t i)
{
	const struct score_row *s = &t->rows[i];
	struct grid_cases c = find_cases(as->gc, as->ngc, s->id);

	csvout_field(x->w, x->per);
	csvout_field(x->w, s->key[0]);
	csvout_field(x->w, s->key[1]);
	csvout_int(x->w, s->inspections);
	csvout_num(x->w, score_round2(s->score), 2);
	csvout_num(x->w, s->change, 2);
	csvout_int(x->w, as->probs[i]);
	csvout_int(x->w, as->fixed[i]);
	csvout_num(x->w, rate(as->fixed[i], as->probs[i]), 2);
	csvout_int(x->w, c.due);
	csvout_int(x->w, c.on_time);
	csvout_num(x->w, rate(c.on_time, c.due), 2);
	for (size_t k = 0; k < x->nparts; k++)
		if (part_used(x, k))
			csvout_num(x->w, as->part[i * x->nparts + k], 2);
	csvout_num(x->w, as->total[i], 2);
	csvout_field(x->w, isnan(as->total[i]) ? NULL : scoring_conf_grade(x->conf, as->total[i]));
	if (s->rank)
		csvout_int(x->w, s->rank);
	else
		csvout_null(x->w);
	csvout_end_row(x->w);
}

/* The assessment's header: the tally's columns, a column per part from
 * outside that weighs, then total, grade and rank. */
static void assessment_header(const struct report_ctx *x)
{
	static const char *const cols[] = {"period",
					   "grid",
					   "compound",
					   "inspections",
					   "score",
					   "change",
					   "problems",
					   "rectified_on_time",
					   "rectification_rate",
					   "cases_due",
					   "cases_on_time",
					   "closure_rate",
					   NULL};
	static const char *const tail[] = {"total", "grade", "rank", NULL};

	for (size_t i = 0; cols[i]; i++)
		csvout_field(x->w, cols[i]);
	for (size_t k = 0; k < x->nparts; k++)
		if (part_used(x, k))
			csvout_field(x->w, x->parts[k].column);
	header(x->w, tail);
}

/* Free what AS holds. */
static void assessment_free(struct assessment *as)
{
	free(as->idx);
	free(as->probs);
	free(as->fixed);
	free(as->total);
	free(as->part);
	free(as->gc);
}

static int quarterly(const struct report_ctx *x, struct shequ_err *e)
{
	struct score_table t;
	struct assessment as = {0};
	int rc = score_compute(x->db, SCORE_GRID, x->p, &t, e);

	if (rc)
		return rc;
	as.probs = calloc(t.n + 1, sizeof *as.probs);
	as.fixed = calloc(t.n + 1, sizeof *as.fixed);
	as.total = calloc(t.n + 1, sizeof *as.total);
	as.part = calloc((t.n + 1) * (x->nparts + 1), sizeof *as.part);
	as.idx = calloc(t.n + 1, sizeof *as.idx);
	if (!as.probs || !as.fixed || !as.total || !as.part || !as.idx)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = load_grid_cases(x->db, x->first, x->last, &as.gc, &as.ngc, e);
	if (!rc)
		rc = rectified_on_time(x, &t, &as, e);
	if (!rc) {
		parts_of_grids(x, &t, &as);
		assess(x, &t, &as);
		assessment_header(x);
		for (size_t j = 0; j < t.n; j++)
			assessment_row(x, &t, &as, as.idx[j]);
	}
	assessment_free(&as);
	score_table_free(&t);
	return rc;
}

/* Order stairwell rows by grid code (natural order), then place (ARG: the rows). */
static int by_grid(const void *a, const void *b, void *arg)
{
	const struct score_row *rows = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = natural_strcmp(rows[i].key[3], rows[j].key[3]);

	return c ? c : (i > j) - (i < j);
}

/* The stairwell scores of the quarter of X into Q and of each of its
 * months into MO, all in the transaction the caller holds. */
static int detail_scores(const struct report_ctx *x, struct score_table *q,
			 struct score_table mo[3], struct shequ_err *e)
{
	int f, rc = score_compute_days(x->db, SCORE_STAIRWELL, x->first, x->last, q, e);
	struct period mp;

	period_bounds(x->p, &f, NULL);
	mp = period_of_day(PERIOD_MONTH, f);
	for (int k = 0; !rc && k < 3; k++, mp = period_next(&mp)) {
		char a[11], b[11];
		int d0, d1;

		period_bounds(&mp, &d0, &d1);
		day_format(d0, a);
		day_format(d1, b);
		rc = score_compute_days(x->db, SCORE_STAIRWELL, a, b, &mo[k], e);
		if (!rc && mo[k].n != q->n)
			rc = shequ_err_set(e, EX_SOFTWARE, "stairwells changed while reading");
	}
	return rc;
}

/* The detail's row of stairwell I of Q (MO: the months), with its cases
 * from ST. */
static void detail_row(const struct report_ctx *x, const struct score_table *q,
		       const struct score_table mo[3], size_t i, sqlite3_stmt *st)
{
	const struct score_row *s = &q->rows[i];
	long opened = 0, open = 0;

	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_text(st, 2, x->first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, x->last, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		opened = sqlite3_column_int64(st, 0);
		open = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	csvout_field(x->w, x->per);
	csvout_field(x->w, s->key[3]);
	csvout_field(x->w, s->key[0]);
	csvout_field(x->w, s->key[1]);
	csvout_field(x->w, s->key[2]);
	for (int k = 0; k < 3; k++)
		csvout_num(x->w, score_round2(mo[k].rows[i].score), 2);
	csvout_num(x->w, score_round2(s->score), 2);
	csvout_int(x->w, s->problems);
	csvout_int(x->w, s->rectified);
	csvout_int(x->w, opened);
	csvout_int(x->w, open);
	csvout_end_row(x->w);
}

/* The rows of the detail: the stairwells of Q that are in a grid, by grid. */
static int detail_rows(const struct report_ctx *x, const struct score_table *q,
		       const struct score_table mo[3], struct shequ_err *e)
{
	static const char *const cols[] = {
	    "period",	"grid",	 "compound", "building",  "unit",	  "score_m1",	"score_m2",
	    "score_m3", "score", "problems", "rectified", "cases_opened", "cases_open", NULL};
	sqlite3_stmt *st = NULL;
	size_t *idx = malloc((q->n ? q->n : 1) * sizeof *idx), m = 0;
	int rc =
	    db_prepare(x->db,
		       "SELECT sum(opened BETWEEN ?2 AND ?3), sum(opened <= ?3 AND (closed "
		       "IS NULL OR closed > ?3)) FROM supervision_case WHERE stairwell_id = ?1",
		       &st, e);

	if (!rc && !idx)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc) {
		for (size_t i = 0; i < q->n; i++)
			if (*q->rows[i].key[3])
				idx[m++] = i;
		qsort_r(idx, m, sizeof *idx, by_grid, q->rows);
		header(x->w, cols);
		for (size_t j = 0; j < m; j++)
			detail_row(x, q, mo, idx[j], st);
	}
	sqlite3_finalize(st);
	free(idx);
	return rc;
}

static int quarterly_detail(const struct report_ctx *x, struct shequ_err *e)
{
	struct score_table q = {0}, mo[3] = {{0}};
	int rc = score_need_grids(x->db, e);

	/* One read transaction: the quarter and its months see the same places. */
	if (!rc)
		rc = db_exec(x->db, "BEGIN", e);
	if (rc)
		return rc;
	rc = detail_scores(x, &q, mo, e);
	if (!rc)
		rc = detail_rows(x, &q, mo, e);
	db_rollback(x->db);
	score_table_free(&q);
	for (int k = 0; k < 3; k++)
		score_table_free(&mo[k]);
	return rc;
}

int report_write(sqlite3 *db, enum report_kind k, const struct period *p, FILE *out,
		 struct shequ_err *e)
{
	return report_write_section(db, k, REPORT_ALL, p, out, e);
}

/* Check that report K has section SEC and that P is of K's kind; the
 * period as written into PER. */
static int report_check(enum report_kind k, enum report_section sec, const struct period *p,
			char per[PERIOD_BUFSZ], struct shequ_err *e)
{
	static const char *const want[] = {"a day (2026-07-08)", "a week (2026-W28)",
					   "a month (2026-07)", "a quarter (2026-Q3)"};

	if (!report_has_section(k, sec))
		return *report_sections(k)
			   ? shequ_err_set(e, EX_USAGE,
					   "the %s report has no section %s: its sections are %s",
					   report_kind_name(k), report_section_name(sec),
					   report_sections(k))
			   : shequ_err_set(e, EX_USAGE, "the %s report has no sections",
					   report_kind_name(k));
	period_format(p, per, PERIOD_BUFSZ);
	if (p->kind != report_period_kind(k))
		return shequ_err_set(e, EX_USAGE, "the %s report needs %s, not %s",
				     report_kind_name(k), want[report_period_kind(k)], per);
	return 0;
}

/* Write report K (section X->sec) of period X->p on OUT, with the parts
 * from outside X holds. */
static int report_run(enum report_kind k, struct report_ctx *x, FILE *out, struct shequ_err *e)
{
	static int (*const make[])(const struct report_ctx *, struct shequ_err *) = {
	    [REPORT_DAILY] = daily,
	    [REPORT_WEEKLY] = weekly,
	    [REPORT_MONTHLY] = monthly,
	    [REPORT_QUARTERLY] = quarterly,
	    [REPORT_QUARTERLY_DETAIL] = quarterly_detail,
	};
	struct scoring_conf conf;
	int f, l, rc;

	if ((rc = report_check(k, x->sec, x->p, x->per, e)))
		return rc;
	x->conf = &conf;
	if ((rc = scoring_conf_load(&conf, e)) || (rc = score_need_grids(x->db, e)))
		return rc;
	period_bounds(x->p, &f, &l);
	day_format(f, x->first);
	day_format(l, x->last);
	if (!(x->w = csvout_new(out, 0)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return finish(x->w, make[k](x, e), e);
}

int report_write_section(sqlite3 *db, enum report_kind k, enum report_section sec,
			 const struct period *p, FILE *out, struct shequ_err *e)
{
	struct report_ctx x = {.db = db, .p = p, .sec = sec};

	return report_run(k, &x, out, e);
}

int report_write_weekly(sqlite3 *db, const struct period *p, FILE *out, FILE *grid, FILE *problems,
			struct shequ_err *e)
{
	struct report_out more[REPORT_SECTIONS_MAX];
	struct report_ctx x = {.db = db, .p = p, .sec = REPORT_ALL, .more = more};
	int rc = 0;

	if (grid)
		more[x.nmore++] = (struct report_out){SECTION_GRID, csvout_new(grid, 0)};
	if (problems)
		more[x.nmore++] = (struct report_out){SECTION_PROBLEMS, csvout_new(problems, 0)};
	for (size_t i = 0; i < x.nmore; i++)
		if (!more[i].w)
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = report_run(REPORT_WEEKLY, &x, out, e);
	for (size_t i = 0; i < x.nmore; i++)
		if (more[i].w)
			rc = finish(more[i].w, rc, e);
	return rc;
}

int report_write_quarterly(sqlite3 *db, const struct period *p, const struct report_part *parts,
			   size_t nparts, FILE *out, struct shequ_err *e)
{
	struct report_ctx x = {.db = db,
			       .p = p,
			       .sec = REPORT_ALL,
			       .parts = parts,
			       .nparts = nparts < MAX_PARTS ? nparts : MAX_PARTS};

	return report_run(REPORT_QUARTERLY, &x, out, e);
}
