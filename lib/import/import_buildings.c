/*
 * import_buildings.c - the buildings register: compound (and its code),
 * building, number of units and floors, coordinates.  Importing it makes
 * the stairwells 1..units and closes the list of places: a roster
 * imported afterwards may not invent buildings.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/normalize.h"
#include "db/db.h"
#include "import/import_impl.h"

enum { B_COMPOUND, B_CODE, B_BUILDING, B_UNITS, B_FLOORS, B_X, B_Y };

static const char *const columns[] = {
    "compound", "compound_code", "building", "units", "floors", "x", "y", NULL,
};

struct buildings {
	sqlite3_stmt *selc, *insc, *setcode, *codeuse, *selb, *insb, *updb, *insw;
	struct strmap seen; /* compound\x1fbuilding -> line, for duplicates */
};

static int buildings_begin(struct import_ctx *c, struct shequ_err *e)
{
	struct buildings *s = calloc(1, sizeof *s);
	int rc, i;

	if (!s)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->state = s;
	if ((rc =
		 db_prepare(c->db, "SELECT id, code FROM compound WHERE name = ?1", &s->selc, e)) ||
	    (rc = db_prepare(c->db,
			     "INSERT INTO compound (name, code) VALUES (?1, coalesce(?2, 'C' || "
			     "(SELECT coalesce(max(CAST(substr(code, 2) AS INTEGER)), 0) + 1 "
			     "FROM compound WHERE code GLOB 'C[0-9]*')))",
			     &s->insc, e)) ||
	    (rc = db_prepare(c->db, "UPDATE compound SET code = ?2 WHERE id = ?1", &s->setcode,
			     e)) ||
	    (rc = db_prepare(c->db, "SELECT name FROM compound WHERE code = ?1 AND name <> ?2",
			     &s->codeuse, e)) ||
	    (rc = db_prepare(c->db,
			     "SELECT id, units, floors, x, y FROM building "
			     "WHERE compound_id = ?1 AND name = ?2",
			     &s->selb, e)) ||
	    (rc = db_prepare(c->db,
			     "INSERT INTO building (compound_id, name, units, floors, x, y) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &s->insb, e)) ||
	    /* ?6..?9: whether the file has units, floors, x and y (see
	     * import_has()): a column it lacks keeps what is stored. */
	    (rc = db_prepare(c->db,
			     "UPDATE building SET units = CASE WHEN ?6 THEN ?2 ELSE units END, "
			     "floors = CASE WHEN ?7 THEN ?3 ELSE floors END, "
			     "x = CASE WHEN ?8 THEN ?4 ELSE x END, "
			     "y = CASE WHEN ?9 THEN ?5 ELSE y END WHERE id = ?1",
			     &s->updb, e)) ||
	    (rc = db_prepare(c->db,
			     "INSERT INTO stairwell (building_id, unit) VALUES (?1, ?2) "
			     "ON CONFLICT DO NOTHING",
			     &s->insw, e)))
		return rc;
	for (i = 0; i < 4; i++)
		sqlite3_bind_int(s->updb, 6 + i, import_has(c, B_UNITS + i));
	return 0;
}

static void buildings_end(struct import_ctx *c)
{
	struct buildings *s = c->state;

	if (!s)
		return;
	sqlite3_finalize(s->selc);
	sqlite3_finalize(s->insc);
	sqlite3_finalize(s->setcode);
	sqlite3_finalize(s->codeuse);
	sqlite3_finalize(s->selb);
	sqlite3_finalize(s->insb);
	sqlite3_finalize(s->updb);
	sqlite3_finalize(s->insw);
	strmap_free(&s->seen);
	free(s);
	c->state = NULL;
}

/* A whole number 1..MAX from S into *V (empty: 0, not given); -1 if bad. */
static int parse_count(const char *s, int max, int *v)
{
	char *t = norm_text(s), *end;
	long n;

	if (!t)
		return -1;
	if (!*t) {
		free(t);
		*v = 0;
		return 0;
	}
	n = strtol(t, &end, 10);
	if (*end || n < 1 || n > max) {
		free(t);
		return -1;
	}
	free(t);
	*v = (int)n;
	return 0;
}

/* A coordinate in metres from S into *V; *GIVEN 0 when empty; -1 if bad. */
static int parse_coord(const char *s, double *v, int *given)
{
	char *t = norm_text(s), *end;

	if (!t)
		return -1;
	*given = *t != 0;
	if (!*t) {
		free(t);
		return 0;
	}
	*v = strtod(t, &end);
	if (*end || !isfinite(*v) || fabs(*v) > 1e7) {
		free(t);
		return -1;
	}
	free(t);
	return 0;
}

/* Bind an optional count or coordinate. */
static void bind_opt_int(sqlite3_stmt *st, int i, int v)
{
	if (v)
		sqlite3_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void bind_opt_real(sqlite3_stmt *st, int i, double v, int given)
{
	if (given)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* 1 when column COL of ST holds V (NULL when not GIVEN). */
static int real_eq(sqlite3_stmt *st, int col, double v, int given)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return !given;
	return given && sqlite3_column_double(st, col) == v;
}

/* One row of the buildings register, checked and cleaned. */
struct building_row {
	char compound[256], building[64];
	char *code;	   /* "" when not given; malloc'd */
	int units, floors; /* 0 when not given */
	double x, y;	   /* metres, when GX and GY */
	int gx, gy;	   /* whether x and y were given */
	char key[400];	   /* compound U+001F building: for duplicates */
};

/* 1 when CODE is 1-15 capital letters and digits (or empty). */
static int code_ok(const char *code)
{
	size_t i;

	for (i = 0; code[i]; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9')) ||
		    i >= 15)
			return 0;
	return 1;
}

/*
 * Check and clean V into B; EX_DATAERR with R filled when it is bad.
 * B->code is malloc'd (the caller frees it) whatever is returned.
 */
static int buildings_clean(char *const *v, struct building_row *b, struct import_reject *r,
			   struct shequ_err *e)
{
	int rc;

	b->code = NULL;
	b->x = b->y = 0;
	if ((rc = import_clean_compound(v[B_COMPOUND], b->compound, sizeof b->compound, B_COMPOUND,
					r, e)) ||
	    (rc = import_clean_place('b', v[B_BUILDING], b->building, sizeof b->building,
				     B_BUILDING, r, e)))
		return rc;
	if (parse_count(v[B_UNITS], 99, &b->units))
		return import_reject(r, B_UNITS, "not a number of units (1-99)");
	if (parse_count(v[B_FLOORS], 200, &b->floors))
		return import_reject(r, B_FLOORS, "not a number of floors (1-200)");
	if (parse_coord(v[B_X], &b->x, &b->gx))
		return import_reject(r, B_X, "not a number of metres");
	if (parse_coord(v[B_Y], &b->y, &b->gy))
		return import_reject(r, B_Y, "not a number of metres");
	if (!(b->code = norm_text(v[B_CODE])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!code_ok(b->code))
		return import_reject(r, B_CODE, "a code is 1-15 capital letters and digits");
	snprintf(b->key, sizeof b->key, "%s\x1f%s", b->compound, b->building);
	return 0;
}

/* EX_DATAERR with R filled when B's code belongs to another compound. */
static int buildings_code_free(struct buildings *s, const struct building_row *b,
			       struct import_reject *r)
{
	int rc = 0;

	if (!*b->code)
		return 0;
	sqlite3_bind_text(s->codeuse, 1, b->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->codeuse, 2, b->compound, -1, SQLITE_STATIC);
	if (sqlite3_step(s->codeuse) == SQLITE_ROW)
		rc = import_reject(r, B_CODE, "code %s is taken by %s", b->code,
				   (const char *)sqlite3_column_text(s->codeuse, 0));
	sqlite3_reset(s->codeuse);
	return rc;
}

/* The compound of B in *CID: made, or its code set when B gives another. */
static int buildings_compound(struct import_ctx *c, struct buildings *s,
			      const struct building_row *b, int64_t *cid, struct shequ_err *e)
{
	int same, rc;

	sqlite3_bind_text(s->selc, 1, b->compound, -1, SQLITE_STATIC);
	if (sqlite3_step(s->selc) == SQLITE_ROW) {
		*cid = sqlite3_column_int64(s->selc, 0);
		same = import_col_eq(s->selc, 1, b->code);
		sqlite3_reset(s->selc);
		if (!*b->code || same)
			return 0;
		sqlite3_bind_int64(s->setcode, 1, *cid);
		sqlite3_bind_text(s->setcode, 2, b->code, -1, SQLITE_STATIC);
		return import_step_done(c, s->setcode, "database", e);
	}
	sqlite3_reset(s->selc);
	sqlite3_bind_text(s->insc, 1, b->compound, -1, SQLITE_STATIC);
	import_bind_text(s->insc, 2, b->code);
	if ((rc = import_step_done(c, s->insc, "database", e)))
		return rc;
	*cid = sqlite3_last_insert_rowid(c->db);
	return 0;
}

/*
 * Update the building the statement S->selb just found (its row at hand)
 * with what B gives, or count it unchanged; its id in *BID.
 */
static int buildings_update(struct import_ctx *c, struct buildings *s, const struct building_row *b,
			    int64_t *bid, struct shequ_err *e)
{
	sqlite3_stmt *sel = s->selb;
	int same, rc;

	*bid = sqlite3_column_int64(sel, 0);
	same = (!import_has(c, B_UNITS) || sqlite3_column_int(sel, 1) == b->units) &&
	       (!import_has(c, B_FLOORS) || sqlite3_column_int(sel, 2) == b->floors) &&
	       (!import_has(c, B_X) || real_eq(sel, 3, b->x, b->gx)) &&
	       (!import_has(c, B_Y) || real_eq(sel, 4, b->y, b->gy));
	sqlite3_reset(sel);
	if (same) {
		c->st->unchanged++;
		return 0;
	}
	sqlite3_bind_int64(s->updb, 1, *bid);
	bind_opt_int(s->updb, 2, b->units);
	bind_opt_int(s->updb, 3, b->floors);
	bind_opt_real(s->updb, 4, b->x, b->gx);
	bind_opt_real(s->updb, 5, b->y, b->gy);
	if ((rc = import_step_done(c, s->updb, "database", e)))
		return rc;
	c->st->updated++;
	return 0;
}

/* The building of B in compound CID, in *BID: inserted, updated or already so. */
static int buildings_building(struct import_ctx *c, struct buildings *s,
			      const struct building_row *b, int64_t cid, int64_t *bid,
			      struct shequ_err *e)
{
	int rc;

	sqlite3_bind_int64(s->selb, 1, cid);
	sqlite3_bind_text(s->selb, 2, b->building, -1, SQLITE_STATIC);
	if (sqlite3_step(s->selb) == SQLITE_ROW)
		return buildings_update(c, s, b, bid, e);
	sqlite3_reset(s->selb);
	sqlite3_bind_int64(s->insb, 1, cid);
	sqlite3_bind_text(s->insb, 2, b->building, -1, SQLITE_STATIC);
	bind_opt_int(s->insb, 3, b->units);
	bind_opt_int(s->insb, 4, b->floors);
	bind_opt_real(s->insb, 5, b->x, b->gx);
	bind_opt_real(s->insb, 6, b->y, b->gy);
	if ((rc = import_step_done(c, s->insb, "database", e)))
		return rc;
	*bid = sqlite3_last_insert_rowid(c->db);
	c->st->inserted++;
	return 0;
}

/* The stairwells 1..UNITS of building BID, those missing made. */
static int buildings_stairwells(struct import_ctx *c, struct buildings *s, int64_t bid, int units,
				struct shequ_err *e)
{
	char unit[12];
	int i, rc;

	for (i = 1; i <= units; i++) {
		snprintf(unit, sizeof unit, "%d", i);
		sqlite3_bind_int64(s->insw, 1, bid);
		sqlite3_bind_text(s->insw, 2, unit, -1, SQLITE_TRANSIENT);
		if ((rc = import_step_done(c, s->insw, "database", e)))
			return rc;
	}
	return 0;
}

/*
 * One row: cleaned, checked against the rows before and the other
 * compounds' codes, then the compound, the building and its stairwells.
 */
static int buildings_row(struct import_ctx *c, char *const *v, struct import_reject *r,
			 struct shequ_err *e)
{
	struct buildings *s = c->state;
	struct building_row b;
	int64_t cid, bid, line;
	int rc;

	if ((rc = buildings_clean(v, &b, r, e)))
		goto out;
	if (strmap_get(&s->seen, b.key, &line)) {
		rc = import_reject(r, B_BUILDING, "duplicate of line %lld", (long long)line);
		goto out;
	}
	if ((rc = buildings_code_free(s, &b, r)) || (rc = buildings_compound(c, s, &b, &cid, e)) ||
	    (rc = buildings_building(c, s, &b, cid, &bid, e)) ||
	    (rc = buildings_stairwells(c, s, bid, b.units, e)))
		goto out;
	if (strmap_put(&s->seen, b.key, c->line))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
out:
	free(b.code);
	return rc;
}

const struct import_register import_buildings = {
    .name = "buildings",
    .columns = columns,
    .required = 1u << B_COMPOUND | 1u << B_BUILDING,
    .begin = buildings_begin,
    .row = buildings_row,
    .finish = NULL,
    .end = buildings_end,
};
