/* reach_world.c - the community as the reach reports see it: buildings,
 * people by group and grid, facilities, and the nearest facility of each
 * kind; see reach.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/idcard.h"
#include "reach/reach.h"
#include "reach/reach_geo.h"

static const char buildings_sql[] = "SELECT b.id, c.name, b.name, b.x, b.y FROM building b "
				    "JOIN compound c ON c.id = b.compound_id ORDER BY b.id";

/* Every current resident with the building, grid and dwelling they live
 * in, in building, grid and dwelling order. */
static const char people_sql[] =
    "SELECT s.building_id, coalesce(g.code, ''), p.dwelling_id, p.id_number, "
    "EXISTS (SELECT 1 FROM person_tag t WHERE t.person_id = p.id AND t.tag = '独居') "
    "FROM person p JOIN dwelling d ON d.id = p.dwelling_id "
    "JOIN stairwell s ON s.id = d.stairwell_id "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
    "LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL "
    "WHERE p.moved_out IS NULL ORDER BY 1, 2, 3";

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

/* Count one person of ID number ID into CNT by age on P's date. */
static void count_age(long *cnt, const char *id, const struct reach_params *p)
{
	struct idcard c;
	int age;

	if (idcard_parse(id, p->year, p->month, p->day, &c, NULL))
		return;
	age = p->year - c.birth_year;
	if (p->month < c.birth_month || (p->month == c.birth_month && p->day < c.birth_day))
		age--;
	cnt[RG_AGE60] += age >= 60;
	cnt[RG_AGE80] += age >= 80;
	cnt[RG_UNDER3] += age < 3;
	cnt[RG_AGE3_6] += age >= 3 && age <= 6;
}

/* The part for building B and grid G: the last one, or a new one. */
static struct reach_part *part_for(struct reach_world *w, size_t *cap, size_t b, const char *g)
{
	struct reach_part *p;

	if (w->np && w->p[w->np - 1].building == b && !strcmp(w->p[w->np - 1].grid, g))
		return &w->p[w->np - 1];
	if (grow((void **)&w->p, cap, w->np, sizeof *w->p))
		return NULL;
	p = memset(&w->p[w->np++], 0, sizeof *p);
	p->building = b;
	snprintf(p->grid, sizeof p->grid, "%s", g);
	return p;
}

/* Read the people into parts of W, counted by group. */
static int load_people(sqlite3 *db, const struct reach_params *pa, struct reach_world *w,
		       struct shequ_err *e)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	long last_dwelling = -1;
	int rc;

	if (db_prepare(db, people_sql, &s, e))
		return e->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long b = building_at(w, sqlite3_column_int64(s, 0)), d;
		struct reach_part *p;

		if (b < 0)
			continue;
		if (!(p = part_for(w, &cap, (size_t)b, (const char *)sqlite3_column_text(s, 1))))
			break;
		d = sqlite3_column_int64(s, 2);
		p->cnt[RG_HOUSEHOLDS] += d != last_dwelling;
		last_dwelling = d;
		p->cnt[RG_RESIDENTS]++;
		p->cnt[RG_ALONE] += sqlite3_column_int(s, 4);
		count_age(p->cnt, (const char *)sqlite3_column_text(s, 3), pa);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? shequ_err_set(e, EX_SOFTWARE, "out of memory")
					: db_fail(db, rc, "reading the residents", e);
	return 0;
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
