/* reach_world.c - the community as the reach reports see it: buildings,
 * people by group and grid, facilities, and the nearest facility of each
 * kind; see reach.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/idcard.h"
#include "domain/period.h"
#include "reach/reach.h"
#include "reach/reach_geo.h"

static const char buildings_sql[] = "SELECT b.id, c.name, b.name, b.x, b.y FROM building b "
				    "JOIN compound c ON c.id = b.compound_id ORDER BY b.id";

/* Every stairwell with its building and current grid code, in id order. */
static const char stairwells_sql[] =
    "SELECT s.id, s.building_id, coalesce(g.code, '') FROM stairwell s "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
    "LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL ORDER BY s.id";

/* Every current resident with the dwelling they live in, in no order:
 * sorting millions of rows, or looking up each one's dwelling, would cost
 * more than all the rest. */
static const char people_sql[] =
    "SELECT dwelling_id, id, id_number FROM person WHERE moved_out IS NULL";

/* The stairwell of every dwelling. */
static const char dwellings_sql[] = "SELECT id, stairwell_id FROM dwelling";

/* The residents tagged as living alone. */
static const char alone_sql[] = "SELECT person_id FROM person_tag WHERE tag = '独居'";

/* The largest ids of the tables people are counted through. */
static const char max_ids_sql[] = "SELECT (SELECT max(id) FROM stairwell), "
				  "(SELECT max(id) FROM dwelling), (SELECT max(id) FROM person)";

static const char facilities_sql[] =
    "SELECT id, name, kind, x, y, lonlat, capacity FROM reach_facility ORDER BY id";

/* A copy of column COL of S ("" for NULL); NULL when out of memory. */
static char *text_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return strdup(t ? (const char *)t : "");
}

/* Grow the array *A of *CAP elements of SIZE bytes to hold N + 1. */
static int grow(void **a, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 64;
	if (!(p = realloc(*a, *cap * size)))
		return -1;
	*a = p;
	return 0;
}

/* Read the buildings into W. */
static int load_buildings(sqlite3 *db, struct reach_world *w, struct shequ_err *e)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (db_prepare(db, buildings_sql, &s, e))
		return e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct reach_building *b;

		if (grow((void **)&w->b, &cap, w->nb, sizeof *w->b))
			break;
		b = memset(&w->b[w->nb++], 0, sizeof *b);
		b->id = sqlite3_column_int64(s, 0);
		b->compound = text_dup(s, 1);
		b->name = text_dup(s, 2);
		b->has_xy = sqlite3_column_type(s, 3) != SQLITE_NULL &&
			    sqlite3_column_type(s, 4) != SQLITE_NULL;
		b->x = sqlite3_column_double(s, 3);
		b->y = sqlite3_column_double(s, 4);
		if (!b->compound || !b->name)
			break;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? shequ_err_set(e, EX_SOFTWARE, "out of memory")
					: db_fail(db, rc, "reading the buildings", e);
	return 0;
}

/* The index of the building with id ID (buildings are in id order). */
static long building_at(const struct reach_world *w, long id)
{
	size_t lo = 0, hi = w->nb;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (w->b[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->nb && w->b[lo].id == id ? (long)lo : -1;
}

/* The birth date of the 18-character ID number ID as it is stored (its
 * check character right, its date a day of the calendar) into C: the
 * quick path of a city's millions of rows; 0 when ID is not so written. */
static int stored_birth(const char *id, struct idcard *c)
{
	int i, y = 0, m, d;

	if (!id || strlen(id) != 18 || idcard_check_char(id) != id[17])
		return 0;
	for (i = 6; i < 10; i++)
		y = y * 10 + id[i] - '0';
	m = (id[10] - '0') * 10 + id[11] - '0';
	d = (id[12] - '0') * 10 + id[13] - '0';
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > day_days_in_month(y, m))
		return 0;
	c->birth_year = y;
	c->birth_month = m;
	c->birth_day = d;
	return 1;
}

/* Count one person of ID number ID into CNT by age on P's date; a birth
 * after that day counts in no age group, as idcard_parse would have it. */
static void count_age(long *cnt, const char *id, const struct reach_params *p)
{
	struct idcard c;
	int age;

	if (!stored_birth(id, &c) && idcard_parse(id, p->year, p->month, p->day, &c, NULL))
		return;
	age = p->year - c.birth_year;
	if (p->month < c.birth_month || (p->month == c.birth_month && p->day < c.birth_day))
		age--;
	if (age < 0)
		return;
	cnt[RG_AGE60] += age >= 60;
	cnt[RG_AGE80] += age >= 80;
	cnt[RG_UNDER3] += age < 3;
	cnt[RG_AGE3_6] += age >= 3 && age <= 6;
}

/* One stairwell as people are counted into it. */
struct sw {
	long building; /* index into reach_world.b, or -1 */
	char grid[32]; /* grid code, "" when in none */
	long cnt[RG_N];
};

/* What counting the people works with: the stairwells by id, and a bit
 * per dwelling (counted as a household yet) and per person (独居). */
struct census {
	struct sw *sw;	       /* indexed by stairwell id */
	size_t nsw;	       /* largest stairwell id + 1 */
	unsigned char *seen;   /* dwellings, a bit each */
	int *stair;	       /* the stairwell id of each dwelling id, or -1 */
	unsigned char *alone;  /* people, a bit each */
	sqlite3_int64 nd, npe; /* largest dwelling and person id + 1 */
};

static int bit(const unsigned char *set, sqlite3_int64 n, sqlite3_int64 i)
{
	return i >= 0 && i < n && (set[i >> 3] >> (i & 7) & 1);
}

static void bit_set(unsigned char *set, sqlite3_int64 n, sqlite3_int64 i)
{
	if (i >= 0 && i < n)
		set[i >> 3] |= (unsigned char)(1u << (i & 7));
}

/* Size the census C by the largest ids of DB's tables. */
static int census_new(sqlite3 *db, struct census *c, struct shequ_err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(db, max_ids_sql, &s, e))
		return e->code;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->nsw = (size_t)sqlite3_column_int64(s, 0) + 1;
		c->nd = sqlite3_column_int64(s, 1) + 1;
		c->npe = sqlite3_column_int64(s, 2) + 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "reading the residents", e);
	c->sw = calloc(c->nsw, sizeof *c->sw);
	c->seen = calloc((size_t)(c->nd / 8 + 1), 1);
	c->stair = malloc((size_t)c->nd * sizeof *c->stair);
	c->alone = calloc((size_t)(c->npe / 8 + 1), 1);
	if (!c->sw || !c->seen || !c->stair || !c->alone)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

static void census_free(struct census *c)
{
	free(c->sw);
	free(c->seen);
	free(c->stair);
	free(c->alone);
}

/* Read the stairwells (building and grid) and the people living alone. */
static int census_places(sqlite3 *db, const struct reach_world *w, struct census *c,
			 struct shequ_err *e)
{
	sqlite3_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < c->nsw; i++)
		c->sw[i].building = -1;
	if (db_prepare(db, stairwells_sql, &s, e))
		return e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(s, 0);

		if (id < 0 || (size_t)id >= c->nsw)
			continue;
		c->sw[id].building = building_at(w, sqlite3_column_int64(s, 1));
		snprintf(c->sw[id].grid, sizeof c->sw[id].grid, "%s",
			 (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE || db_prepare(db, alone_sql, &s, e))
		return rc != SQLITE_DONE ? db_fail(db, rc, "reading the stairwells", e) : e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		bit_set(c->alone, c->npe, sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the tags", e);
}

/* Read the stairwell of every dwelling. */
static int census_dwellings(sqlite3 *db, struct census *c, struct shequ_err *e)
{
	sqlite3_stmt *s;
	sqlite3_int64 i;
	int rc;

	for (i = 0; i < c->nd; i++)
		c->stair[i] = -1;
	if (db_prepare(db, dwellings_sql, &s, e))
		return e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 d = sqlite3_column_int64(s, 0), sw = sqlite3_column_int64(s, 1);

		if (d >= 0 && d < c->nd && sw >= 0 && (size_t)sw < c->nsw)
			c->stair[d] = (int)sw;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the dwellings", e);
}

/* Count every current resident into their stairwell, by group. */
static int census_people(sqlite3 *db, const struct reach_params *pa, struct census *c,
			 struct shequ_err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(db, people_sql, &s, e))
		return e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 d = sqlite3_column_int64(s, 0);
		int sw = d >= 0 && d < c->nd ? c->stair[d] : -1;
		long *cnt;

		if (sw < 0 || c->sw[sw].building < 0)
			continue;
		cnt = c->sw[sw].cnt;
		cnt[RG_HOUSEHOLDS] += !bit(c->seen, c->nd, d);
		bit_set(c->seen, c->nd, d);
		cnt[RG_RESIDENTS]++;
		cnt[RG_ALONE] += bit(c->alone, c->npe, sqlite3_column_int64(s, 1));
		count_age(cnt, (const char *)sqlite3_column_text(s, 2), pa);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the residents", e);
}

/* The stairwells in building and grid order, for qsort. */
static int sw_cmp(const void *a, const void *b)
{
	const struct sw *x = *(const struct sw *const *)a, *y = *(const struct sw *const *)b;

	if (x->building != y->building)
		return x->building < y->building ? -1 : 1;
	return strcmp(x->grid, y->grid);
}

/* Fold the stairwells with residents into W's parts, one per building and
 * grid, in building and grid order. */
static int census_parts(const struct census *c, struct reach_world *w, struct shequ_err *e)
{
	const struct sw **order = malloc((c->nsw + 1) * sizeof *order);
	size_t i, n = 0, g;

	if (!order || !(w->p = calloc(c->nsw + 1, sizeof *w->p))) {
		free(order);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	for (i = 0; i < c->nsw; i++)
		if (c->sw[i].building >= 0 && c->sw[i].cnt[RG_RESIDENTS])
			order[n++] = &c->sw[i];
	qsort(order, n, sizeof *order, sw_cmp);
	for (i = 0; i < n; i++) {
		struct reach_part *p = &w->p[w->np];

		if (!w->np || p[-1].building != (size_t)order[i]->building ||
		    strcmp(p[-1].grid, order[i]->grid)) {
			p->building = (size_t)order[i]->building;
			snprintf(p->grid, sizeof p->grid, "%s", order[i]->grid);
			w->np++;
		} else {
			p--;
		}
		for (g = 0; g < RG_N; g++)
			p->cnt[g] += order[i]->cnt[g];
	}
	free(order);
	return 0;
}

/* Read the people into parts of W, counted by group: one pass over the
 * residents in no order, each counted into its stairwell, the stairwells
 * then folded into buildings and grids. */
static int load_people(sqlite3 *db, const struct reach_params *pa, struct reach_world *w,
		       struct shequ_err *e)
{
	struct census c = {0};
	int rc = census_new(db, &c, e);

	if (!rc)
		rc = census_places(db, w, &c, e);
	if (!rc)
		rc = census_dwellings(db, &c, e);
	if (!rc)
		rc = census_people(db, pa, &c, e);
	if (!rc)
		rc = census_parts(&c, w, e);
	census_free(&c);
	return rc;
}

/* Add each part to its building: the counts, and its grid to the label. */
static void sum_parts(struct reach_world *w)
{
	size_t i, g;

	for (i = 0; i < w->np; i++) {
		struct reach_part *p = &w->p[i];
		struct reach_building *b = &w->b[p->building];
		size_t len = strlen(b->grid);

		for (g = 0; g < RG_N; g++)
			b->cnt[g] += p->cnt[g];
		if (*p->grid)
			snprintf(b->grid + len, sizeof b->grid - len, "%s%s", len ? "/" : "",
				 p->grid);
	}
	for (i = 0; i < w->nb; i++)
		w->no_xy += !w->b[i].has_xy && w->b[i].cnt[RG_RESIDENTS] > 0;
}

/* Read the facility register into W; kinds no longer in the catalogue
 * are left out. */
static int load_facilities(sqlite3 *db, const struct reach_catalogue *c, struct reach_world *w,
			   struct shequ_err *e)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (db_prepare(db, facilities_sql, &s, e))
		return e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct reach_facility *f;
		int k = reach_kind_find(c, (const char *)sqlite3_column_text(s, 2));

		if (k < 0)
			continue;
		if (grow((void **)&w->f, &cap, w->nf, sizeof *w->f))
			break;
		f = memset(&w->f[w->nf++], 0, sizeof *f);
		f->id = sqlite3_column_int64(s, 0);
		f->kind = k;
		f->x = sqlite3_column_double(s, 3);
		f->y = sqlite3_column_double(s, 4);
		w->lonlat = sqlite3_column_int(s, 5);
		f->capacity =
		    sqlite3_column_type(s, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 6);
		if (!(f->name = text_dup(s, 1)))
			break;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? shequ_err_set(e, EX_SOFTWARE, "out of memory")
					: db_fail(db, rc, "reading the facilities", e);
	return 0;
}

int reach_world_load(sqlite3 *db, const struct reach_catalogue *c, const struct reach_params *p,
		     struct reach_world *w, struct shequ_err *e)
{
	int rc;

	memset(w, 0, sizeof *w);
	rc = load_buildings(db, w, e);
	if (!rc)
		rc = load_people(db, p, w, e);
	if (!rc)
		rc = load_facilities(db, c, w, e);
	if (!rc)
		sum_parts(w);
	return rc;
}

void reach_world_free(struct reach_world *w)
{
	size_t i;

	for (i = 0; i < w->nb; i++) {
		free(w->b[i].compound);
		free(w->b[i].name);
	}
	for (i = 0; i < w->nf; i++)
		free(w->f[i].name);
	free(w->b);
	free(w->p);
	free(w->f);
	memset(w, 0, sizeof *w);
}

/* The middle of the facilities, the centre of the local plane. */
static void centre(const struct reach_world *w, double *x, double *y)
{
	size_t i;

	*x = *y = 0;
	for (i = 0; i < w->nf; i++) {
		*x += w->f[i].x / (double)w->nf;
		*y += w->f[i].y / (double)w->nf;
	}
}

/* Fill column K of R: the nearest facility of kind K to every building. */
static int nearest_of_kind(const struct reach_world *w, size_t k, double x0, double y0,
			   struct reach_result *r)
{
	double *xs = malloc((w->nf + 1) * sizeof *xs), *ys = malloc((w->nf + 1) * sizeof *ys);
	long *which = malloc((w->nf + 1) * sizeof *which);
	struct reach_index *ix = NULL;
	size_t i, n = 0;

	for (i = 0; xs && ys && which && i < w->nf; i++)
		if ((size_t)w->f[i].kind == k) {
			xs[n] = w->f[i].x;
			ys[n] = w->f[i].y;
			which[n++] = (long)i;
		}
	r->nfac[k] = n;
	if (xs && ys && which && n)
		ix = reach_index_new(w->lonlat, xs, ys, n, x0, y0);
	for (i = 0; ix && i < w->nb; i++) {
		long j = -1;
		double d = INFINITY;

		if (w->b[i].has_xy)
			j = reach_index_nearest(ix, w->b[i].x, w->b[i].y, &d);
		r->near[i * r->nk + k] = j < 0 ? -1 : which[j];
		r->metres[i * r->nk + k] = d;
	}
	reach_index_free(ix);
	free(xs);
	free(ys);
	free(which);
	return (n && !ix) ? -1 : 0;
}

int reach_compute(const struct reach_world *w, size_t nkinds, struct reach_result *r,
		  struct shequ_err *e)
{
	size_t i, k, cells = w->nb * nkinds;
	double x0, y0;

	memset(r, 0, sizeof *r);
	r->nk = nkinds;
	r->near = malloc((cells + 1) * sizeof *r->near);
	r->metres = malloc((cells + 1) * sizeof *r->metres);
	r->nfac = calloc(nkinds + 1, sizeof *r->nfac);
	if (!r->near || !r->metres || !r->nfac)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (i = 0; i < cells; i++) {
		r->near[i] = -1;
		r->metres[i] = INFINITY;
	}
	centre(w, &x0, &y0);
	for (k = 0; k < nkinds; k++)
		if (nearest_of_kind(w, k, x0, y0, r))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

void reach_result_free(struct reach_result *r)
{
	free(r->near);
	free(r->metres);
	free(r->nfac);
	memset(r, 0, sizeof *r);
}

int reach_inside(const struct reach_world *w, const struct reach_catalogue *c,
		 const struct reach_params *p, const struct reach_result *r, size_t b, size_t k)
{
	(void)w;
	return r->near[b * r->nk + k] >= 0 &&
	       reach_minutes(p, r->metres[b * r->nk + k]) <= c->kind[k].minutes + 1e-9;
}
