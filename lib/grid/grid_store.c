/* grid_store.c - see grid_store.h. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/natural.h"
#include "db/db.h"
#include "domain/period.h"
#include "grid/grid_store.h"

/* strdup of a column that may be NULL (gives ""); NULL when out of memory. */
static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return strdup(t ? (const char *)t : "");
}

/* Index of ID in the sorted IDS[0..N), or -1. */
static long find_id(const long long *ids, size_t n, long long id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else if (ids[mid] > id)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

/* Rows of a one-number query, for sizing arrays. */
static int count_rows(sqlite3 *db, const char *sql, size_t *n, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st, e);

	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = db_fail(db, rc, "counting rows", e);
		sqlite3_finalize(st);
		return rc;
	}
	*n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* The number of a grid code, the digits after its last '-' ("XFL-02": 2),
 * or 0 when the code has none a grid could carry.  Codes are made by
 * grid_store_code(), but the table is the analysts' too. */
static int grid_number(const char *code)
{
	const char *dash = code ? strrchr(code, '-') : NULL;
	char *end;
	long v;

	if (!dash || !isdigit((unsigned char)dash[1]))
		return 0;
	errno = 0;
	v = strtol(dash + 1, &end, 10);
	if (errno || *end || v < 1 || v > INT_MAX)
		return 0;
	return (int)v;
}

/* The dwellings, to count people per stairwell in one pass over the person
 * table in its stored order: joining through the person_dwelling index
 * reads every person row out of order, which was most of a run's time on
 * city-size data. */
struct dwellings {
	long long *id;	       /* dwelling ids, ascending */
	int *stairwell;	       /* index into the plan's stairwells, or -1 */
	unsigned char *people; /* its current residents, counted up to 2 */
	size_t n;
};

/* What the tables are read into. */
struct load {
	struct grid_plan *p;
	struct dwellings dw;
	size_t cap;	    /* rows the table being read has room for */
	char cutoff[40];    /* born on or before this day (YYYYMMDD): elderly */
	long long last_sid; /* the stairwell of the dwelling read last */
	int last;	    /* and its index in the plan, or -1 */
};

/* How one table is read.  MAKE makes room for N rows, ROW takes one; both
 * return 0, or -1 when out of memory. */
struct table_load {
	const char *count; /* SQL counting the rows to make room for, or NULL */
	const char *rows;  /* SQL of the rows; a ?1 in it is the cutoff */
	const char *what;  /* what the reading is, for an error */
	int (*make)(struct load *l, size_t n);
	int (*row)(struct load *l, sqlite3_stmt *st);
};

/* Zeroed room for N + 1 elements in array A; false when out of memory
 * (A is then NULL, which the free functions take). */
#define ROOM(a, n) (((a) = calloc((n) + 1, sizeof *(a))) != NULL)

/* Room for N compounds. */
static int make_compounds(struct load *l, size_t n)
{
	struct grid_plan *p = l->p;
	int ok = ROOM(p->compound_id, n) && ROOM(p->compound_name, n) &&
		 ROOM(p->compound_code, n) && ROOM(p->compounds, n);

	return ok ? 0 : -1;
}

/* A compound: id, name, code ("C<id>" when it has none). */
static int compound_row(struct load *l, sqlite3_stmt *st)
{
	struct grid_plan *p = l->p;
	size_t i = p->in.ncompounds;

	if (i >= l->cap)
		return 0;
	p->compound_id[i] = sqlite3_column_int64(st, 0);
	p->compound_name[i] = col_dup(st, 1);
	if (sqlite3_column_type(st, 2) == SQLITE_NULL || !sqlite3_column_bytes(st, 2)) {
		p->compound_code[i] = malloc(24);
		if (p->compound_code[i])
			snprintf(p->compound_code[i], 24, "C%lld", p->compound_id[i]);
	} else {
		p->compound_code[i] = col_dup(st, 2);
	}
	p->compounds[i].next_number = 1;
	p->in.ncompounds = i + 1;
	return p->compound_name[i] && p->compound_code[i] ? 0 : -1;
}

/* A grid ever made, retired or not: its number is taken. */
static int grid_number_row(struct load *l, sqlite3_stmt *st)
{
	struct grid_plan *p = l->p;
	long c = find_id(p->compound_id, p->in.ncompounds, sqlite3_column_int64(st, 0));
	int num = grid_number((const char *)sqlite3_column_text(st, 1));

	if (c >= 0 && num > 0 && num >= p->compounds[c].next_number)
		p->compounds[c].next_number = num + 1;
	return 0;
}

/* Room for N grids. */
static int make_grids(struct load *l, size_t n)
{
	return ROOM(l->p->grid_id, n) && ROOM(l->p->grids, n) ? 0 : -1;
}

/* A grid that exists now: id, compound, code. */
static int grid_row(struct load *l, sqlite3_stmt *st)
{
	struct grid_plan *p = l->p;
	size_t i = p->in.ngrids;
	long c = find_id(p->compound_id, p->in.ncompounds, sqlite3_column_int64(st, 1));
	int num = grid_number((const char *)sqlite3_column_text(st, 2));

	if (i >= l->cap || c < 0 || num <= 0)
		return 0;
	p->grid_id[i] = sqlite3_column_int64(st, 0);
	p->grids[i].compound = (int)c;
	p->grids[i].number = num;
	p->in.ngrids = i + 1;
	return 0;
}

/* Room for N stairwells. */
static int make_stairwells(struct load *l, size_t n)
{
	struct grid_plan *p = l->p;
	int ok = ROOM(p->stairwell_id, n) && ROOM(p->stairwells, n) && ROOM(p->residents, n) &&
		 ROOM(p->elderly, n) && ROOM(p->alone, n);

	return ok ? 0 : -1;
}

/* A stairwell: id, compound, building, unit, x, y, its current grid. */
static int stairwell_row(struct load *l, sqlite3_stmt *st)
{
	struct grid_plan *p = l->p;
	size_t i = p->in.nstairwells;
	struct gp_stairwell *s = &p->stairwells[i];
	long c = find_id(p->compound_id, p->in.ncompounds, sqlite3_column_int64(st, 1));

	if (i >= l->cap || c < 0)
		return 0;
	p->stairwell_id[i] = sqlite3_column_int64(st, 0);
	s->compound = (int)c;
	s->building = col_dup(st, 2);
	s->unit = col_dup(st, 3);
	p->in.nstairwells = i + 1;
	if (!s->building || !s->unit)
		return -1;
	s->has_xy =
	    sqlite3_column_type(st, 4) != SQLITE_NULL && sqlite3_column_type(st, 5) != SQLITE_NULL;
	s->x = sqlite3_column_double(st, 4);
	s->y = sqlite3_column_double(st, 5);
	s->grid = -1;
	if (sqlite3_column_type(st, 6) != SQLITE_NULL)
		s->grid = (int)find_id(p->grid_id, p->in.ngrids, sqlite3_column_int64(st, 6));
	return 0;
}

/* Room for N dwellings. */
static int make_dwellings(struct load *l, size_t n)
{
	return ROOM(l->dw.id, n) && ROOM(l->dw.stairwell, n) && ROOM(l->dw.people, n) ? 0 : -1;
}

/* A dwelling: id, stairwell. */
static int dwelling_row(struct load *l, sqlite3_stmt *st)
{
	long long sid = sqlite3_column_int64(st, 1);

	if (l->dw.n >= l->cap)
		return 0;
	/* A stairwell's dwellings mostly follow each other. */
	if (sid != l->last_sid)
		l->last = (int)find_id(l->p->stairwell_id, l->p->in.nstairwells, sid);
	l->last_sid = sid;
	l->dw.id[l->dw.n] = sqlite3_column_int64(st, 0);
	l->dw.stairwell[l->dw.n++] = l->last;
	return 0;
}

/* Index of dwelling ID in DW, or -1.  Dwelling ids are mostly dense, so the
 * place ID would have without gaps is tried before a search. */
static long dwelling_index(const struct dwellings *dw, long long id)
{
	long long k = dw->n ? id - dw->id[0] : -1;

	if (k >= 0 && (size_t)k < dw->n && dw->id[k] == id)
		return (long)k;
	return find_id(dw->id, dw->n, id);
}

/* A current resident: dwelling, elderly or not.  Counted into its
 * stairwell's residents and elderly, and its dwelling's people. */
static int resident_row(struct load *l, sqlite3_stmt *st)
{
	long k = dwelling_index(&l->dw, sqlite3_column_int64(st, 0));
	int s = k >= 0 ? l->dw.stairwell[k] : -1;

	if (s < 0)
		return 0;
	l->p->residents[s]++;
	l->p->elderly[s] += sqlite3_column_int(st, 1);
	if (l->dw.people[k] < 2)
		l->dw.people[k]++;
	return 0;
}

/* The tables, in the order they are read: each needs the ones above it. */
static const struct table_load loads[] = {
    {"SELECT count(*) FROM compound", "SELECT id, name, code FROM compound ORDER BY id",
     "reading compounds", make_compounds, compound_row},
    {NULL, "SELECT compound_id, code FROM grid", "reading grids", NULL, grid_number_row},
    {"SELECT count(*) FROM grid WHERE retired IS NULL",
     "SELECT id, compound_id, code FROM grid WHERE retired IS NULL ORDER BY id", "reading grids",
     make_grids, grid_row},
    {"SELECT count(*) FROM stairwell",
     "SELECT s.id, b.compound_id, b.name, s.unit, b.x, b.y,"
     " (SELECT g.id FROM grid_stairwell gs JOIN grid g ON g.id = gs.grid_id"
     "  WHERE gs.stairwell_id = s.id AND g.retired IS NULL)"
     " FROM stairwell s JOIN building b ON b.id = s.building_id ORDER BY s.id",
     "reading stairwells", make_stairwells, stairwell_row},
    {"SELECT count(*) FROM dwelling", "SELECT id, stairwell_id FROM dwelling ORDER BY id",
     "reading dwellings", make_dwellings, dwelling_row},
    /* Characters 7 to 14 of the ID are the birth date, YYYYMMDD. */
    {NULL, "SELECT dwelling_id, substr(id_number, 7, 8) <= ?1 FROM person WHERE moved_out IS NULL",
     "reading residents", NULL, resident_row},
};

/* Read one table into L as T says. */
static int load_table(sqlite3 *db, const struct table_load *t, struct load *l, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc = t->count ? count_rows(db, t->count, &n, e) : 0;

	if (!rc && t->make && t->make(l, n))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = db_prepare(db, t->rows, &st, e);
	if (rc)
		return rc;
	l->cap = n;
	if (sqlite3_bind_parameter_count(st))
		sqlite3_bind_text(st, 1, l->cutoff, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->row(l, st)) {
			sqlite3_finalize(st);
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, t->what, e);
}

/* Households (dwellings with a current resident) and people living alone
 * per stairwell, from the people counted per dwelling. */
static void count_households(struct load *l)
{
	for (size_t k = 0; k < l->dw.n; k++) {
		int s = l->dw.stairwell[k];

		if (s < 0 || !l->dw.people[k])
			continue;
		l->p->stairwells[s].households++;
		l->p->alone[s] += l->dw.people[k] == 1;
	}
}

int grid_store_load(sqlite3 *db, int today, int min, int max, int reset, struct grid_plan *p,
		    struct shequ_err *e)
{
	struct load l = {.p = p, .last_sid = -1, .last = -1};
	int y, m, d, rc = 0;

	memset(p, 0, sizeof *p);
	p->in.min = min;
	p->in.max = max;
	p->in.reset = reset;
	day_to_ymd(today, &y, &m, &d);
	/* Aged 60 or more: born on or before the day 60 years ago. */
	snprintf(l.cutoff, sizeof l.cutoff, "%04d%02d%02d", y - 60, m, d);
	for (size_t i = 0; i < sizeof loads / sizeof *loads && !rc; i++)
		rc = load_table(db, &loads[i], &l, e);
	if (!rc)
		count_households(&l);
	free(l.dw.id);
	free(l.dw.stairwell);
	free(l.dw.people);
	p->in.compounds = p->compounds;
	p->in.grids = p->grids;
	p->in.stairwells = p->stairwells;
	return rc;
}

int grid_store_divide(struct grid_plan *p, struct shequ_err *e)
{
	int rc = grid_partition(&p->in, &p->out, e);

	p->divided = rc == 0;
	return rc;
}

void grid_store_code(const struct grid_plan *p, size_t g, char *buf, size_t n)
{
	snprintf(buf, n, "%s-%02d", p->compound_code[p->out.grids[g].compound],
		 p->out.grids[g].number);
}

int grid_store_note(const struct grid_plan *p, size_t g, char *buf, size_t n)
{
	const struct gp_grid_out *go = &p->out.grids[g];
	int below = go->households < p->in.min;
	char code[64];

	if (n)
		buf[0] = '\0';
	if (go->households >= p->in.min && go->households <= p->in.max)
		return 0;
	grid_store_code(p, g, code, sizeof code);
	snprintf(buf, n, "%s: %ld households, %s %d: %s", code, go->households,
		 below ? "below the minimum" : "above the maximum", below ? p->in.min : p->in.max,
		 grid_reason_text(go->reason));
	return 1;
}

/* The statements grid_store_save() runs. */
struct save_stmts {
	sqlite3_stmt *ins; /* a new grid */
	sqlite3_stmt *ret; /* retire a grid */
	sqlite3_stmt *gs;  /* a stairwell placed in a grid */
	sqlite3_stmt *out; /* a stairwell taken out of its grid */
	sqlite3_stmt *run; /* the grid_run row */
};

/* Prepare the statements of a save into ST. */
static int save_prepare(sqlite3 *db, struct save_stmts *st, struct shequ_err *e)
{
	int rc = db_prepare(db, "INSERT INTO grid (code, compound_id, created) VALUES (?1, ?2, ?3)",
			    &st->ins, e);

	if (!rc)
		rc = db_prepare(db, "UPDATE grid SET retired = ?2 WHERE id = ?1", &st->ret, e);
	if (!rc)
		rc = db_prepare(
		    db, "INSERT INTO grid_stairwell (stairwell_id, grid_id) VALUES (?1, ?2)",
		    &st->gs, e);
	if (!rc)
		rc = db_prepare(db, "DELETE FROM grid_stairwell WHERE stairwell_id = ?1", &st->out,
				e);
	if (!rc)
		rc = db_prepare(db,
				"INSERT INTO grid_run (ran, reset, grids, households, moved)"
				" VALUES (?1, ?2, ?3, ?4, ?5)",
				&st->run, e);
	return rc;
}

/* Step ST once and reset it: 0, or the error of doing WHAT. */
static int save_step(sqlite3 *db, sqlite3_stmt *st, const char *what, struct shequ_err *e)
{
	int rc = sqlite3_step(st);

	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, what, e);
	sqlite3_reset(st);
	return rc;
}

/* Insert the grids new in this run; IDS gets every output grid's row id. */
static int save_new_grids(sqlite3 *db, const struct grid_plan *p, sqlite3_stmt *ins,
			  const char *now, long long *ids, struct shequ_err *e)
{
	char code[64];
	int rc = 0;

	for (size_t g = 0; g < p->out.ngrids && !rc; g++) {
		if (p->out.grids[g].old >= 0) {
			ids[g] = p->grid_id[p->out.grids[g].old];
			continue;
		}
		grid_store_code(p, g, code, sizeof code);
		sqlite3_bind_text(ins, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 2, p->compound_id[p->out.grids[g].compound]);
		sqlite3_bind_text(ins, 3, now, -1, SQLITE_TRANSIENT);
		rc = save_step(db, ins, "adding a grid", e);
		ids[g] = sqlite3_last_insert_rowid(db);
	}
	return rc;
}

/* Mark the grids that do not go on as retired at NOW. */
static int save_retired(sqlite3 *db, const struct grid_plan *p, sqlite3_stmt *ret, const char *now,
			struct shequ_err *e)
{
	int rc = 0;

	for (size_t i = 0; i < p->in.ngrids && !rc; i++) {
		if (!p->out.retired[i])
			continue;
		sqlite3_bind_int64(ret, 1, p->grid_id[i]);
		sqlite3_bind_text(ret, 2, now, -1, SQLITE_TRANSIENT);
		rc = save_step(db, ret, "retiring a grid", e);
	}
	return rc;
}

/* Empty grid_stairwell unless it holds exactly the rows the plan was
 * loaded with (one per stairwell of a current grid), so that only the rows
 * that change need writing.  *FRESH becomes 1 when it was emptied. */
static int save_clear(sqlite3 *db, const struct grid_plan *p, int *fresh, struct shequ_err *e)
{
	size_t rows = 0, loaded = 0;
	int rc = count_rows(db, "SELECT count(*) FROM grid_stairwell", &rows, e);

	for (size_t i = 0; i < p->in.nstairwells; i++)
		loaded += p->stairwells[i].grid >= 0;
	*fresh = !rc && rows != loaded;
	return *fresh ? db_exec(db, "DELETE FROM grid_stairwell", e) : rc;
}

/* Set every stairwell's grid, writing only the rows that change; IDS as
 * save_new_grids() filled it. */
static int save_members(sqlite3 *db, const struct grid_plan *p, const struct save_stmts *st,
			const long long *ids, struct shequ_err *e)
{
	int fresh, rc = save_clear(db, p, &fresh, e);

	for (size_t i = 0; i < p->in.nstairwells && !rc; i++) {
		int g = p->out.grid_of[i], old = fresh ? -1 : p->stairwells[i].grid;

		if (old >= 0 && g >= 0 && p->grid_id[old] == ids[g])
			continue;
		/* A moved stairwell's row is deleted and inserted again: an
		 * UPDATE (or an upsert) checks the foreign key when the
		 * statement ends, so it keeps a statement journal on disk. */
		if (old >= 0) {
			sqlite3_bind_int64(st->out, 1, p->stairwell_id[i]);
			rc = save_step(db, st->out, "taking a stairwell out of its grid", e);
		}
		if (!rc && g >= 0) {
			sqlite3_bind_int64(st->gs, 1, p->stairwell_id[i]);
			sqlite3_bind_int64(st->gs, 2, ids[g]);
			rc = save_step(db, st->gs, "placing a stairwell", e);
		}
	}
	return rc;
}

/* Record what the run did in grid_run. */
static int save_run(sqlite3 *db, const struct grid_plan *p, sqlite3_stmt *run, const char *now,
		    struct shequ_err *e)
{
	sqlite3_bind_text(run, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(run, 2, p->in.reset);
	sqlite3_bind_int64(run, 3, (long long)p->out.ngrids);
	sqlite3_bind_int64(run, 4, p->out.households);
	sqlite3_bind_int64(run, 5, p->out.moved);
	return save_step(db, run, "recording the run", e);
}

int grid_store_save(sqlite3 *db, const struct grid_plan *p, struct shequ_err *e)
{
	struct save_stmts st = {0};
	long long *ids = calloc(p->out.ngrids + 1, sizeof *ids);
	char now[20];
	int rc;

	if (!ids)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	db_now(now);
	rc = save_prepare(db, &st, e);
	if (!rc)
		rc = save_new_grids(db, p, st.ins, now, ids, e);
	if (!rc)
		rc = save_retired(db, p, st.ret, now, e);
	if (!rc)
		rc = save_members(db, p, &st, ids, e);
	if (!rc)
		rc = save_run(db, p, st.run, now, e);
	sqlite3_finalize(st.ins);
	sqlite3_finalize(st.ret);
	sqlite3_finalize(st.gs);
	sqlite3_finalize(st.out);
	sqlite3_finalize(st.run);
	free(ids);
	return rc;
}

/* Order stairwells by grid, compound, building and unit (qsort_r). */
static int by_grid(const void *pa, const void *pb, void *arg)
{
	const struct grid_plan *p = arg;
	int a = *(const int *)pa, b = *(const int *)pb, r;
	const struct gp_stairwell *sa = &p->stairwells[a], *sb = &p->stairwells[b];

	if (p->out.grid_of[a] != p->out.grid_of[b])
		return p->out.grid_of[a] < p->out.grid_of[b] ? -1 : 1;
	if (sa->compound != sb->compound)
		return sa->compound < sb->compound ? -1 : 1;
	r = natural_strcmp(sa->building, sb->building);
	return r ? r : natural_strcmp(sa->unit, sb->unit);
}

/* Order stairwells by compound, building and unit (qsort_r). */
static int by_building(const void *pa, const void *pb, void *arg)
{
	const struct grid_plan *p = arg;
	int a = *(const int *)pa, b = *(const int *)pb, r;
	const struct gp_stairwell *sa = &p->stairwells[a], *sb = &p->stairwells[b];

	if (sa->compound != sb->compound)
		return sa->compound < sb->compound ? -1 : 1;
	r = natural_strcmp(sa->building, sb->building);
	return r ? r : natural_strcmp(sa->unit, sb->unit);
}

/* A growing string; NULL s means out of memory. */
struct buf {
	char *s;
	size_t n, cap;
};

/* Append printf-style text to B. */
static void buf_add(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (!b->s && b->cap)
		return;
	va_start(ap, fmt);
	k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if (b->n + k + 1 > b->cap) {
		size_t cap = (b->n + k + 1) * 2;
		char *s = realloc(b->s, cap);

		if (!s) {
			free(b->s);
			b->s = NULL;
			b->cap = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, k + 1, fmt, ap);
	va_end(ap);
	b->n += k;
}

/* The branches of each grid's secretaries, "a;b", per output grid. */
static int load_branches(sqlite3 *db, const struct grid_plan *p, struct buf *br,
			 struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	char code[64];
	int rc =
	    db_prepare(db,
		       "SELECT DISTINCT branch FROM staff WHERE role = 'secretary' AND grid = ?1"
		       " AND branch IS NOT NULL AND branch != '' ORDER BY branch",
		       &st, e);

	if (rc)
		return rc;
	for (size_t g = 0; g < p->out.ngrids; g++) {
		grid_store_code(p, g, code, sizeof code);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			buf_add(&br[g], "%s%s", br[g].n ? ";" : "", sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = db_fail(db, rc, "reading staff", e);
			break;
		}
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* BUNITS[s] becomes the number of stairwells with households in the
 * building of stairwell s, so that a grid holding fewer of them lists its
 * units.  IDX is scratch of one int per stairwell. */
static void count_building_units(const struct grid_plan *p, int *idx, int *bunits)
{
	size_t n = 0;

	for (size_t i = 0; i < p->in.nstairwells; i++)
		if (p->stairwells[i].households > 0)
			idx[n++] = (int)i;
	qsort_r(idx, n, sizeof *idx, by_building, (void *)p);
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && p->stairwells[idx[i]].compound == p->stairwells[idx[j]].compound &&
		       !strcmp(p->stairwells[idx[i]].building, p->stairwells[idx[j]].building))
			j++;
		for (size_t t = i; t < j; t++)
			bunits[idx[t]] = (int)(j - i);
		i = j;
	}
}

/* What one grid's row says about its people. */
struct grid_sums {
	long residents, elderly, alone;
};

/* Describe the grid whose stairwells are IDX[I..J) (sorted by_grid): its
 * compounds into COMP, its buildings into BLD (a building of another
 * compound named with it, one only partly in the grid with its units), and
 * its people into SUM. */
static void describe_grid(const struct grid_plan *p, const int *idx, size_t i, size_t j,
			  const int *bunits, struct buf *comp, struct buf *bld,
			  struct grid_sums *sum)
{
	int home = p->out.grids[p->out.grid_of[idx[i]]].compound;

	for (size_t t = i; t < j;) {
		const struct gp_stairwell *s = &p->stairwells[idx[t]];
		size_t u = t;

		if (t == i || s->compound != p->stairwells[idx[t - 1]].compound)
			buf_add(comp, "%s%s", comp->n ? ";" : "", p->compound_name[s->compound]);
		while (u < j && p->stairwells[idx[u]].compound == s->compound &&
		       !strcmp(p->stairwells[idx[u]].building, s->building))
			u++;
		buf_add(bld, "%s", bld->n ? ";" : "");
		if (s->compound != home)
			buf_add(bld, "%s:", p->compound_name[s->compound]);
		buf_add(bld, "%s", s->building);
		if ((int)(u - t) < bunits[idx[t]]) {
			for (size_t v = t; v < u; v++)
				buf_add(bld, "%s%s", v == t ? "(" : ",",
					p->stairwells[idx[v]].unit);
			buf_add(bld, ")");
		}
		for (size_t v = t; v < u; v++) {
			sum->residents += p->residents[idx[v]];
			sum->elderly += p->elderly[idx[v]];
			sum->alone += p->alone[idx[v]];
		}
		t = u;
	}
}

/* Write the row of output grid G, whose stairwells are IDX[I..J); BR is
 * its branches. */
static int write_grid_row(struct csvout *w, const struct grid_plan *p, const int *idx, size_t i,
			  size_t j, const int *bunits, const struct buf *br)
{
	int g = p->out.grid_of[idx[i]];
	const struct gp_grid_out *go = &p->out.grids[g];
	struct buf comp = {0}, bld = {0};
	struct grid_sums sum = {0};
	char code[64];

	describe_grid(p, idx, i, j, bunits, &comp, &bld, &sum);
	grid_store_code(p, g, code, sizeof code);
	csvout_field(w, code);
	csvout_field(w, comp.s ? comp.s : "");
	csvout_field(w, bld.s ? bld.s : "");
	csvout_int(w, go->stairwells);
	csvout_int(w, go->households);
	csvout_int(w, sum.residents);
	csvout_int(w, sum.elderly);
	csvout_int(w, sum.alone);
	csvout_field(w, br->s ? br->s : "");
	csvout_field(w, grid_reason_text(go->reason));
	free(comp.s);
	free(bld.s);
	return csvout_end_row(w);
}

int grid_store_write_grids(sqlite3 *db, const struct grid_plan *p, FILE *f, struct shequ_err *e)
{
	static const char *const hdr[] = {"grid",	"compound",  "buildings", "stairwells",
					  "households", "residents", "elderly",	  "living_alone",
					  "branch",	"note"};
	size_t ns = p->in.nstairwells, ng = p->out.ngrids, n = 0;
	int *idx = malloc((ns + 1) * sizeof *idx);
	int *bunits = calloc(ns + 1, sizeof *bunits);
	struct buf *br = calloc(ng + 1, sizeof *br);
	struct csvout *w = csvout_new(f, 0);
	int rc = 0;

	if (!idx || !bunits || !br || !w) {
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
		goto out;
	}
	rc = load_branches(db, p, br, e);
	if (rc)
		goto out;
	count_building_units(p, idx, bunits);
	for (size_t i = 0; i < ns; i++)
		if (p->stairwells[i].households > 0 && p->out.grid_of[i] >= 0)
			idx[n++] = (int)i;
	qsort_r(idx, n, sizeof *idx, by_grid, (void *)p);
	csvout_row(w, hdr, 10);
	for (size_t i = 0, j; i < n && !rc; i = j) {
		for (j = i; j < n && p->out.grid_of[idx[j]] == p->out.grid_of[idx[i]]; j++)
			;
		rc = write_grid_row(w, p, idx, i, j, bunits, &br[p->out.grid_of[idx[i]]]);
	}
out:
	if (csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "write error: %s", strerror(errno));
	else if (rc == EX_IOERR)
		shequ_err_set(e, EX_IOERR, "write error: %s", strerror(errno));
	for (size_t g = 0; br && g < ng; g++)
		free(br[g].s);
	free(br);
	free(idx);
	free(bunits);
	return rc;
}

int grid_store_write_members(sqlite3 *db, const struct grid_plan *p, FILE *f, struct shequ_err *e)
{
	static const char *const hdr[] = {"compound", "building", "unit", "room", "grid"};
	sqlite3_stmt *st = NULL;
	struct csvout *w = csvout_new(f, 0);
	char code[64];
	int rc;

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = db_prepare(db,
			"SELECT d.stairwell_id, d.room FROM dwelling d"
			" WHERE EXISTS (SELECT 1 FROM person p WHERE p.dwelling_id = d.id"
			" AND p.moved_out IS NULL) ORDER BY d.stairwell_id, d.id",
			&st, e);
	if (rc) {
		csvout_close(w);
		return rc;
	}
	csvout_row(w, hdr, 5);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long i = find_id(p->stairwell_id, p->in.nstairwells, sqlite3_column_int64(st, 0));
		int g = i >= 0 ? p->out.grid_of[i] : -1;

		if (i < 0)
			continue;
		csvout_field(w, p->compound_name[p->stairwells[i].compound]);
		csvout_field(w, p->stairwells[i].building);
		csvout_field(w, p->stairwells[i].unit);
		csvout_field(w, (const char *)sqlite3_column_text(st, 1));
		if (g >= 0) {
			grid_store_code(p, (size_t)g, code, sizeof code);
			csvout_field(w, code);
		} else {
			csvout_null(w);
		}
		if (csvout_end_row(w))
			break;
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading households", e);
	sqlite3_finalize(st);
	if (csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "write error: %s", strerror(errno));
	return rc;
}

void grid_store_free(struct grid_plan *p)
{
	if (!p)
		return;
	grid_partition_free(&p->out);
	for (size_t i = 0; i < p->in.ncompounds; i++) {
		free(p->compound_name[i]);
		free(p->compound_code[i]);
	}
	for (size_t i = 0; p->stairwells && i < p->in.nstairwells; i++) {
		free((char *)p->stairwells[i].building);
		free((char *)p->stairwells[i].unit);
	}
	free(p->compound_id);
	free(p->compound_name);
	free(p->compound_code);
	free(p->compounds);
	free(p->grid_id);
	free(p->grids);
	free(p->stairwell_id);
	free(p->stairwells);
	free(p->residents);
	free(p->elderly);
	free(p->alone);
	memset(p, 0, sizeof *p);
}
