/* care_capacity.c - capacity against the norms; see care_capacity.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "care/care_capacity.h"
#include "db/db.h"
#include "reach/reach_geo.h"

/* One scope: the community (index 0) or a grid. */
struct scope {
	char code[64];
	long residents, households;
	double actual[CARE_MAX];
	long unknown[CARE_MAX];
};

/* Everything the report holds. */
struct cap {
	sqlite3 *db;
	const struct care_conf *c;
	struct scope *s; /* [0] the community, then the grids in code order */
	size_t n;
	double *bx, *by; /* buildings with coordinates */
	int *bgrid;	 /* their scope index, 0 when in no grid */
	size_t nb;
};

/* The residents and households of the community and of every grid. */
static int load_scopes(struct cap *m, struct shequ_err *e)
{
	int step = SQLITE_DONE;
	sqlite3_stmt *st;
	int rc =
	    db_prepare(m->db,
		       "SELECT g.code, count(*), count(DISTINCT p.dwelling_id) FROM person p "
		       "JOIN dwelling d ON d.id = p.dwelling_id JOIN grid_stairwell gs ON "
		       "gs.stairwell_id = d.stairwell_id JOIN grid g ON g.id = gs.grid_id AND "
		       "g.retired IS NULL "
		       "WHERE p.moved_out IS NULL GROUP BY g.code UNION ALL SELECT NULL, count(*), "
		       "count(DISTINCT dwelling_id) FROM person WHERE moved_out IS NULL ORDER BY 1 "
		       "NULLS FIRST",
		       &st, e);

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct scope *s = realloc(m->s, (m->n + 1) * sizeof *s);
		const char *code = (const char *)sqlite3_column_text(st, 0);

		if (!s) {
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
			break;
		}
		m->s = s, s += m->n++;
		memset(s, 0, sizeof *s);
		snprintf(s->code, sizeof s->code, "%s", code ? code : "community");
		s->residents = sqlite3_column_int64(st, 1);
		s->households = sqlite3_column_int64(st, 2);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(m->db, step, "care capacity", e);
	sqlite3_finalize(st);
	return rc;
}

/* The scope index of grid CODE (0 when none). */
static int scope_of(const struct cap *m, const char *code)
{
	size_t i;

	for (i = 1; code && i < m->n; i++)
		if (!strcmp(m->s[i].code, code))
			return (int)i;
	return 0;
}

/* The buildings with coordinates and the grid of each (the first by code
 * of its stairwells'). */
static int load_buildings(struct cap *m, struct shequ_err *e)
{
	int step = SQLITE_DONE;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = db_prepare(m->db,
			    "SELECT b.x, b.y, (SELECT min(g.code) FROM stairwell s JOIN "
			    "grid_stairwell gs ON gs.stairwell_id = s.id JOIN grid g ON g.id = "
			    "gs.grid_id AND g.retired IS NULL WHERE s.building_id = b.id) FROM "
			    "building b WHERE b.x IS NOT NULL AND b.y IS NOT NULL",
			    &st, e);

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (m->nb == cap) {
			cap = cap ? 2 * cap : 256;
			m->bx = realloc(m->bx, cap * sizeof *m->bx);
			m->by = realloc(m->by, cap * sizeof *m->by);
			m->bgrid = realloc(m->bgrid, cap * sizeof *m->bgrid);
			if (!m->bx || !m->by || !m->bgrid) {
				rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
				break;
			}
		}
		m->bx[m->nb] = sqlite3_column_double(st, 0);
		m->by[m->nb] = sqlite3_column_double(st, 1);
		m->bgrid[m->nb++] = scope_of(m, (const char *)sqlite3_column_text(st, 2));
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(m->db, step, "care capacity", e);
	sqlite3_finalize(st);
	return rc;
}

/* The scope of the grid of the building nearest (X, Y); 0 when none. */
static int nearest_grid(const struct cap *m, int lonlat, double x, double y)
{
	double best = INFINITY, d;
	size_t i;
	int g = 0;

	for (i = 0; i < m->nb; i++)
		if ((d = reach_distance(lonlat, x, y, m->bx[i], m->by[i])) < best)
			best = d, g = m->bgrid[i];
	return g;
}

/* 1 when the space-separated list KINDS holds KIND. */
static int kind_in(const char *kinds, const char *kind)
{
	size_t n = strlen(kind);
	const char *p;

	for (p = kinds; (p = strstr(p, kind)); p += n)
		if ((p == kinds || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* Add facility of KIND with CAPACITY and AREA (NULL column: unknown) to
 * the scopes 0 and G. */
static void add_facility(struct cap *m, sqlite3_stmt *st, int g)
{
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	size_t i;

	for (i = 0; i < m->c->nnorms; i++) {
		const struct care_norm *n = &m->c->norm[i];
		int col = strcmp(n->measure, "area") ? 1 : 2;
		int known = sqlite3_column_type(st, col) != SQLITE_NULL;
		double v = sqlite3_column_double(st, col);

		if (!kind_in(n->kinds, kind))
			continue;
		m->s[0].actual[i] += v, m->s[0].unknown[i] += !known;
		if (g)
			m->s[g].actual[i] += v, m->s[g].unknown[i] += !known;
	}
}

/* Every facility of the register into the scopes. */
static int load_facilities(struct cap *m, struct shequ_err *e)
{
	int step = SQLITE_DONE;
	sqlite3_stmt *st;
	int rc = db_prepare(m->db, "SELECT kind, capacity, area, lonlat, x, y FROM reach_facility",
			    &st, e);

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		add_facility(m, st,
			     nearest_grid(m, sqlite3_column_int(st, 3),
					  sqlite3_column_double(st, 4),
					  sqlite3_column_double(st, 5)));
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(m->db, step, "reach_facility", e);
	sqlite3_finalize(st);
	return rc;
}

/* The rows of scope S. */
static void scope_rows(struct csvout *w, const struct care_conf *c, const struct scope *s)
{
	size_t i;

	for (i = 0; i < c->nnorms; i++) {
		const struct care_norm *n = &c->norm[i];
		long base = strcmp(n->base, "households") ? s->residents : s->households;
		double req = n->minimum * (double)base / n->per;

		csvout_field(w, s->code);
		csvout_field(w, n->code);
		csvout_field(w, n->name);
		csvout_field(w, n->base);
		csvout_int(w, base);
		csvout_num(w, n->minimum, 1);
		csvout_num(w, n->per, 0);
		csvout_num(w, req, 2);
		csvout_num(w, s->actual[i], 1);
		csvout_int(w, s->unknown[i]);
		csvout_field(w, s->actual[i] >= req ? "yes" : "no");
		csvout_end_row(w);
	}
}

int care_capacity_report(sqlite3 *db, const struct care_conf *c, FILE *out, struct shequ_err *e)
{
	static const char *const h[] = {"scope",      "norm",	 "name", "base",
					"base_count", "minimum", "per",	 "required",
					"actual",     "unknown", "pass"};
	struct cap m = {.db = db, .c = c};
	struct csvout *w = NULL;
	size_t i;
	int rc = load_scopes(&m, e);

	if (!rc)
		rc = load_buildings(&m, e);
	if (!rc)
		rc = load_facilities(&m, e);
	if (!rc && !(w = csvout_new(out, 0)))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc) {
		csvout_row(w, h, 11);
		for (i = 0; i < m.n; i++)
			scope_rows(w, c, &m.s[i]);
	}
	if (w && csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "writing the report failed");
	free(m.s), free(m.bx), free(m.by), free(m.bgrid);
	return rc;
}
