/*
 * import_staff.c - grid staff, red building heads and property butlers
 * (the staff table of 002-grid.sql).  The phone identifies the person:
 * a known phone is updated in place.
 */
#include <stdlib.h>
#include <string.h>

#include "base/normalize.h"
#include "db/db.h"
#include "domain/mask.h"
#include "domain/phone.h"
#include "import/import_impl.h"

enum { S_NAME, S_PHONE, S_ROLE, S_GRID, S_COMPOUND, S_BUILDING, S_PAIR, S_BRANCH };

static const char *const columns[] = {
    "name", "phone", "role", "grid", "compound", "building", "pair", "branch", NULL,
};

/* Roles as clerks write them, and as the staff table stores them. */
static const char *const roles[][2] = {
    {"网格党组织书记", "secretary"}, {"网格长", "head"},	 {"网格员", "worker"},
    {"物业管家", "butler"},	     {"物业服务管家", "butler"}, {"红色楼长", "building_head"},
    {"楼长", "building_head"},
};

struct staff {
	struct import_keyed keyed; /* a staff member by phone */
	struct strmap seen;	   /* phone -> line, for duplicates */
};

/*
 * 1 when column COL of ST holds V, or the file lacks the register's
 * column CELL (what it does not say is kept as stored).
 */
static int staff_same(const struct import_ctx *c, sqlite3_stmt *st, int col, int cell,
		      const char *v)
{
	return !import_has(c, cell) || import_col_eq(st, col, v);
}

/* One staff row, checked and cleaned; the strings malloc'd, or NULL. */
struct staff_row {
	char phone[128], pair[128], building[64];
	char *name, *role_cell, *grid, *compound, *branch;
	const char *role; /* as the staff table stores it */
};

/* 1 when the staff member SEL found is as ROW (a staff_row) says. */
static int staff_same_row(const struct import_ctx *c, sqlite3_stmt *sel, const void *row)
{
	const struct staff_row *p = row;

	return import_col_eq(sel, 0, p->name) && import_col_eq(sel, 1, p->role) &&
	       staff_same(c, sel, 2, S_GRID, p->grid) &&
	       staff_same(c, sel, 3, S_COMPOUND, p->compound) &&
	       staff_same(c, sel, 4, S_BUILDING, p->building) &&
	       staff_same(c, sel, 5, S_PAIR, p->pair) && staff_same(c, sel, 6, S_BRANCH, p->branch);
}

/* Bind ROW (a staff_row) to the upsert UP. */
static void staff_bind(const struct import_ctx *c, sqlite3_stmt *up, const void *row)
{
	const struct staff_row *p = row;

	sqlite3_bind_text(up, 1, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 2, p->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 3, p->role, -1, SQLITE_STATIC);
	import_bind_text(up, 4, p->grid);
	import_bind_text(up, 5, p->compound);
	import_bind_text(up, 6, p->building);
	import_bind_text(up, 7, p->pair);
	import_bind_text(up, 8, p->branch);
	sqlite3_bind_text(up, 9, c->now, -1, SQLITE_STATIC);
}

static int staff_begin(struct import_ctx *c, struct shequ_err *e)
{
	struct staff *s = calloc(1, sizeof *s);
	int rc, i;

	if (!s)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->state = s;
	if ((rc = db_prepare(c->db,
			     "SELECT name, role, grid, compound, building, pair_phone, branch "
			     "FROM staff WHERE phone = ?1",
			     &s->keyed.sel, e)) ||
	    (rc = db_prepare(
		 c->db,
		 "INSERT INTO staff (name, phone, role, grid, compound, building, "
		 "pair_phone, branch, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
		 "ON CONFLICT (phone) DO UPDATE SET name = excluded.name, role = excluded.role, "
		 /* ?10..?14: whether the file has the column (see import_has()):
		  * a column it lacks keeps what is stored. */
		 "grid = CASE WHEN ?10 THEN excluded.grid ELSE grid END, "
		 "compound = CASE WHEN ?11 THEN excluded.compound ELSE compound END, "
		 "building = CASE WHEN ?12 THEN excluded.building ELSE building END, "
		 "pair_phone = CASE WHEN ?13 THEN excluded.pair_phone ELSE pair_phone END, "
		 "branch = CASE WHEN ?14 THEN excluded.branch ELSE branch END, "
		 "updated = excluded.updated",
		 &s->keyed.upsert, e)))
		return rc;
	for (i = 0; i < 5; i++)
		sqlite3_bind_int(s->keyed.upsert, 10 + i, import_has(c, S_GRID + i));
	s->keyed.same = staff_same_row;
	s->keyed.bind = staff_bind;
	return 0;
}

static void staff_end(struct import_ctx *c)
{
	struct staff *s = c->state;

	if (!s)
		return;
	sqlite3_finalize(s->keyed.sel);
	sqlite3_finalize(s->keyed.upsert);
	strmap_free(&s->seen);
	free(s);
	c->state = NULL;
}

/* The stored role for T (Chinese or English), or NULL. */
static const char *staff_role(const char *t)
{
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(t, roles[i][0]) == 0 || strcmp(t, roles[i][1]) == 0)
			return roles[i][1];
	return NULL;
}

/* Free what P holds. */
static void staff_row_free(struct staff_row *p)
{
	free(p->name);
	free(p->role_cell);
	free(p->grid);
	free(p->compound);
	free(p->branch);
}

/*
 * Normalise the phone cell IN into OUT (N bytes); a cell that is not a
 * mobile number rejects the row in R (column COL), masked.
 */
static int staff_phone(const char *in, char *out, size_t n, int col, struct import_reject *r,
		       struct shequ_err *e)
{
	struct shequ_err why = {0};
	char m[MASK_SIZE];
	int rc;

	if (!(rc = phone_normalize(in, out, n, &why)))
		return 0;
	if (rc != EX_DATAERR)
		return shequ_err_set(e, rc, "%s", why.msg);
	mask_phone(out, m, sizeof m);
	return import_reject(r, col, "%s (%s)", why.msg, m);
}

/*
 * Check and clean V into P; EX_DATAERR with R filled when it is bad.
 * P's strings are the caller's to free (staff_row_free()) whatever is
 * returned.
 */
static int staff_clean(char *const *v, struct staff_row *p, struct import_reject *r,
		       struct shequ_err *e)
{
	struct shequ_err why = {0};
	int rc;

	memset(p, 0, sizeof *p);
	if (!(p->name = norm_name(v[S_NAME])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (name_check(p->name, &why))
		return import_reject(r, S_NAME, "%s", why.msg);
	if ((rc = staff_phone(v[S_PHONE], p->phone, sizeof p->phone, S_PHONE, r, e)))
		return rc;
	if (!(p->role_cell = norm_text(v[S_ROLE])) || !(p->grid = norm_text(v[S_GRID])) ||
	    !(p->compound = norm_text(v[S_COMPOUND])) || !(p->branch = norm_text(v[S_BRANCH])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!(p->role = staff_role(p->role_cell)))
		return import_reject(
		    r, S_ROLE,
		    "unknown role '%s' (网格党组织书记, 网格长, 网格员, 物业服务管家, 红色楼长)",
		    p->role_cell);
	if (*v[S_BUILDING] && (rc = import_clean_place('b', v[S_BUILDING], p->building,
						       sizeof p->building, S_BUILDING, r, e)))
		return rc;
	if (*v[S_PAIR] && (rc = staff_phone(v[S_PAIR], p->pair, sizeof p->pair, S_PAIR, r, e)))
		return rc;
	return 0;
}

/* Clean and check V; a phone twice in the file is a duplicate; then store. */
static int staff_row(struct import_ctx *c, char *const *v, struct import_reject *r,
		     struct shequ_err *e)
{
	struct staff *s = c->state;
	struct staff_row p;
	int64_t line;
	int rc;

	if ((rc = staff_clean(v, &p, r, e)))
		goto out;
	if (strmap_get(&s->seen, p.phone, &line)) {
		rc = import_reject(r, S_PHONE, "duplicate of line %lld", (long long)line);
		goto out;
	}
	if (strmap_put(&s->seen, p.phone, c->line)) {
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
		goto out;
	}
	sqlite3_bind_text(s->keyed.sel, 1, p.phone, -1, SQLITE_STATIC);
	rc = import_store_keyed(c, &s->keyed, &p, e);
out:
	staff_row_free(&p);
	return rc;
}

const struct import_register import_staff = {
    .name = "staff",
    .columns = columns,
    .required = 1u << S_NAME | 1u << S_PHONE | 1u << S_ROLE,
    .begin = staff_begin,
    .row = staff_row,
    .finish = NULL,
    .end = staff_end,
};
