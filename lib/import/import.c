/*
 * import.c - the import driver: open the file, read the header, hand each
 * row to the register's module, count, report and write the rejects, all
 * in one transaction; see import.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csvin.h"
#include "base/csvout.h"
#include "base/i18n.h"
#include "base/normalize.h"
#include "db/db.h"
#include "domain/aliases.h"
#include "domain/period.h"
#include "domain/place.h"
#include "import/import_impl.h"
#include "import/import_pipe.h"

/* Most columns a file may have (more is certainly not a register). */
#define IMPORT_MAX_COLS 256

/* ---- strmap ---- */

/* FNV-1a: short keys, few collisions, no allocation. */
static uint64_t strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

int strmap_get(const struct strmap *m, const char *key, int64_t *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	for (i = strmap_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			*val = m->vals[i];
			return 1;
		}
	return 0;
}

/* Double the table (or make the first one); 0 or EX_SOFTWARE. */
static int strmap_grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256, i, j;
	char **keys = calloc(cap, sizeof *keys);
	int64_t *vals = calloc(cap, sizeof *vals);

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return EX_SOFTWARE;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = strmap_hash(m->keys[i]) & (cap - 1); keys[j]; j = (j + 1) & (cap - 1))
			;
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

int strmap_put(struct strmap *m, const char *key, int64_t val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3 && strmap_grow(m))
		return EX_SOFTWARE;
	for (i = strmap_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return 0;
		}
	if (!(m->keys[i] = strdup(key)))
		return EX_SOFTWARE;
	m->vals[i] = val;
	m->n++;
	return 0;
}

void strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- helpers for the modules ---- */

int import_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (!text || !*text)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

int import_step_done(struct import_ctx *c, sqlite3_stmt *st, const char *what, struct shequ_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(c->db, rc, what, e);
	return 0;
}

int import_col_eq(sqlite3_stmt *st, int col, const char *s)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	if (!t || !*t)
		return !s || !*s;
	return s && strcmp(s, t) == 0;
}

int import_store_keyed(struct import_ctx *c, const struct import_keyed *k, const void *row,
		       struct shequ_err *e)
{
	int rc = sqlite3_step(k->sel), found = rc == SQLITE_ROW, same;

	same = found && k->same(c, k->sel, row);
	sqlite3_reset(k->sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c->db, rc, "database", e);
	if (same) {
		c->st->unchanged++;
		return 0;
	}
	k->bind(c, k->upsert, row);
	if ((rc = import_step_done(c, k->upsert, "database", e)))
		return rc;
	if (found)
		c->st->updated++;
	else
		c->st->inserted++;
	return 0;
}

void import_warn(struct import_ctx *c, int col, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, i18n_format(fmt), ap);
	va_end(ap);
	if (c->o->report)
		c->o->report(c->o->ctx, IMPORT_WARN, c->file, c->line,
			     col >= 0 ? c->labels[col] : NULL, reason);
}

int import_reject(struct import_reject *r, int col, const char *fmt, ...)
{
	va_list ap;

	r->col = col;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof r->reason, i18n_format(fmt), ap);
	va_end(ap);
	return EX_DATAERR;
}

int import_norm_place(int kind, const char *in, char *out, size_t n, struct shequ_err *e)
{
	char buf[256], *t = buf;
	int rc = 0;

	/* The usual short cell is cleaned on the stack. */
	if (norm_text_to(in, buf, sizeof buf) && !(t = norm_text(in)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	place_strip(kind, t);
	if (!*t || strlen(t) >= n)
		rc = shequ_err_set(e, EX_DATAERR, *t ? "too long" : "empty");
	else
		import_copy_str(out, n, t);
	if (t != buf)
		free(t);
	return rc;
}

int import_clean_compound(const char *in, char *out, size_t n, int col, struct import_reject *r,
			  struct shequ_err *e)
{
	char *t;
	int rc = 0;

	/* The usual short cell is cleaned in place, without an allocation. */
	if (!norm_text_to(in, out, n))
		return *out ? 0 : import_reject(r, col, "empty");
	if (!(t = norm_text(in)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!*t || strlen(t) >= n)
		rc = import_reject(r, col, *t ? "too long" : "empty");
	else
		import_copy_str(out, n, t);
	free(t);
	return rc;
}

int import_clean_place(int kind, const char *in, char *out, size_t n, int col,
		       struct import_reject *r, struct shequ_err *e)
{
	struct shequ_err why;
	int rc;

	shequ_err_clear(&why);
	if (!(rc = import_norm_place(kind, in, out, n, &why)))
		return 0;
	return rc == EX_DATAERR ? import_reject(r, col, "%s", why.msg)
				: shequ_err_set(e, rc, "%s", why.msg);
}

/* ---- places: compound, building, stairwell ---- */

/*
 * Run ST (bound): a query of at most one integer, or an INSERT of one row;
 * *ID the integer or the rowid inserted, 0 when no row.
 */
static int import_one_id(struct import_ctx *c, sqlite3_stmt *st, int64_t *id, struct shequ_err *e)
{
	int rc = sqlite3_step(st);

	*id = 0;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE && !sqlite3_stmt_readonly(st) && sqlite3_changes(c->db))
		*id = sqlite3_last_insert_rowid(c->db);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c->db, rc, "database", e);
	return 0;
}

/*
 * Bind up to 3 texts and one integer to SQL and fetch one id.  The
 * statement is prepared once per import and kept in c->stmts (SQL must be
 * a string constant: it is the key).
 */
static int import_query_id(struct import_ctx *c, const char *sql, const char *t1, const char *t2,
			   int64_t i3, int64_t *id, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	for (i = 0; i < IMPORT_STMTS && c->stmts[i].sql; i++)
		if (c->stmts[i].sql == sql) {
			st = c->stmts[i].st;
			break;
		}
	if (!st) {
		if ((rc = db_prepare(c->db, sql, &st, e)))
			return rc;
		if (i < IMPORT_STMTS) {
			c->stmts[i].sql = sql;
			c->stmts[i].st = st;
		}
	}
	if (t1)
		import_bind_text(st, 1, t1);
	if (t2)
		import_bind_text(st, 2, t2);
	if (i3)
		sqlite3_bind_int64(st, 3, i3);
	rc = import_one_id(c, st, id, e);
	sqlite3_clear_bindings(st);
	if (i == IMPORT_STMTS)
		sqlite3_finalize(st);
	return rc;
}

int import_compound_id(struct import_ctx *c, const char *name, int64_t *id, struct shequ_err *e)
{
	int rc;

	if (strmap_get(&c->compounds, name, id))
		return 0;
	rc = import_query_id(c, "SELECT id FROM compound WHERE name = ?1", name, NULL, 0, id, e);
	if (!rc && *id && strmap_put(&c->compounds, name, *id))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return rc;
}

/*
 * A, B and C joined with U+001F into OUT (N bytes), cut as snprintf would:
 * the cache key of a stairwell, made for most rows, where snprintf's cost
 * shows.
 */
static void join3(char *out, size_t n, const char *a, const char *b, const char *c)
{
	const char *part[3] = {a, b, c};
	size_t len = 0, k, i;

	for (i = 0; i < 3; i++) {
		if (i && len < n - 1)
			out[len++] = '\x1f';
		k = strlen(part[i]);
		if (k > n - 1 - len)
			k = n - 1 - len;
		memcpy(out + len, part[i], k);
		len += k;
	}
	out[len] = 0;
}

/* The compound named COMPOUND in *CID, made (with the next free C<n> code)
 * when CREATE allows it, else a reject on the column COL. */
static int stairwell_compound(struct import_ctx *c, const char *compound, int create, int col,
			      int64_t *cid, struct import_reject *r, struct shequ_err *e)
{
	int rc;

	if ((rc = import_compound_id(c, compound, cid, e)))
		return rc;
	if (*cid)
		return 0;
	if (!create)
		return import_reject(r, col, "unknown compound");
	rc = import_query_id(c,
			     "INSERT INTO compound (name, code) VALUES (?1, 'C' || "
			     "(SELECT coalesce(max(CAST(substr(code, 2) AS INTEGER)), 0) + 1 "
			     "FROM compound WHERE code GLOB 'C[0-9]*'))",
			     compound, NULL, 0, cid, e);
	if (rc)
		return rc;
	if (strmap_put(&c->compounds, compound, *cid))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* The building BUILDING of compound CID in *BID, made when CREATE allows it,
 * else a reject on the column COL; *MADE tells whether this import made it. */
static int stairwell_building(struct import_ctx *c, int64_t cid, const char *building, int create,
			      int col, int64_t *bid, int *made, struct import_reject *r,
			      struct shequ_err *e)
{
	char bkey[512];
	int rc;

	/*
	 * A building made by this import is cached as minus its id: its
	 * stairwells are all in the cache, so a miss needs no look-up.
	 */
	snprintf(bkey, sizeof bkey, "%lld\x1f%s", (long long)cid, building);
	if (strmap_get(&c->buildings, bkey, bid)) {
		*made = *bid < 0;
		*bid = *made ? -*bid : *bid;
		return 0;
	}
	rc = import_query_id(c, "SELECT id FROM building WHERE name = ?2 AND compound_id = ?3",
			     NULL, building, cid, bid, e);
	if (rc)
		return rc;
	if (!*bid) {
		if (!create)
			return import_reject(r, col, "unknown building");
		rc = import_query_id(c, "INSERT INTO building (name, compound_id) VALUES (?2, ?3)",
				     NULL, building, cid, bid, e);
		if (rc)
			return rc;
		*made = 1;
	}
	if (strmap_put(&c->buildings, bkey, *made ? -*bid : *bid))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* The stairwell UNIT of building BID in *ID, made when CREATE allows it, else
 * a reject on the column COL; in a building this import MADE it is new. */
static int stairwell_unit(struct import_ctx *c, int64_t bid, int made, const char *unit, int create,
			  int col, int64_t *id, struct import_reject *r, struct shequ_err *e)
{
	int rc;

	*id = 0;
	if (!made && (rc = import_query_id(
			  c, "SELECT id FROM stairwell WHERE unit = ?2 AND building_id = ?3", NULL,
			  unit, bid, id, e)))
		return rc;
	if (*id)
		return 0;
	if (!create)
		return import_reject(r, col, "unknown stairwell");
	return import_query_id(c, "INSERT INTO stairwell (unit, building_id) VALUES (?2, ?3)", NULL,
			       unit, bid, id, e);
}

int import_stairwell(struct import_ctx *c, const char *compound, const char *building,
		     const char *unit, int create, const int cols[3], int64_t *id,
		     struct import_reject *r, struct shequ_err *e)
{
	char key[512];
	int64_t cid, bid;
	int rc, made = 0;

	join3(key, sizeof key, compound, building, unit);
	if (strmap_get(&c->stairwells, key, id))
		return 0;
	if ((rc = stairwell_compound(c, compound, create, cols[0], &cid, r, e)) ||
	    (rc = stairwell_building(c, cid, building, create, cols[1], &bid, &made, r, e)) ||
	    (rc = stairwell_unit(c, bid, made, unit, create, cols[2], id, r, e)))
		return rc;
	if (strmap_put(&c->stairwells, key, *id))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* ---- the driver ---- */

static const struct import_register *const registers[] = {
    &import_residents, &import_buildings, &import_inspections, &import_staff, NULL,
};

/* The register called NAME, or NULL. */
static const struct import_register *import_find_register(const char *name)
{
	size_t i;

	for (i = 0; registers[i]; i++)
		if (strcmp(registers[i]->name, name) == 0)
			return registers[i];
	return NULL;
}

/* The index of column COL in REG, or -1. */
static int import_col_index(const struct import_register *reg, const char *col)
{
	int i;

	for (i = 0; reg->columns[i]; i++)
		if (strcmp(reg->columns[i], col) == 0)
			return i;
	return -1;
}

/* Turn csvin's "line N: why" into "FILE:N: why" (else "FILE: why"). */
static void import_err_at(struct shequ_err *e, const char *file)
{
	char msg[sizeof e->msg];
	long line;
	int off = 0;

	if (sscanf(e->msg, "line %ld: %n", &line, &off) == 1 && off > 0) {
		snprintf(msg, sizeof msg, "%s", e->msg + off);
		shequ_err_set(e, e->code, "%s:%ld: %s", file, line, msg);
	} else {
		shequ_err_prefix(e, "%s: ", file);
	}
}

/* Everything import_file holds; freed by import_state_free(). */
struct import_run {
	struct header_aliases *aliases;
	struct csvin *in;
	char **cells; /* the header cells (copies), ncells of them */
	size_t ncells;
	unsigned present;    /* bit i: the register's column i is in the file */
	int *map;	     /* file field -> register column, -1: ignored */
	const char **labels; /* register column -> label for messages */
	FILE *rejf;
	struct csvout *rej;
	char *rejtmp; /* the rejects file's temporary name until renamed, or NULL */
	/* What import_file_end() undoes: the rollback journal, foreign keys
	 * off, a transaction begun, the register's begin() called. */
	int journal, fks_off, began, started;
	/*
	 * A header of one field holding ';' or a tab, as read (before
	 * norm_text() turns tabs into spaces): the delimiter to suggest, or 0.
	 */
	char hint;
};

static void import_run_free(struct import_run *u)
{
	size_t i;

	aliases_free(u->aliases);
	csvin_close(u->in);
	for (i = 0; i < u->ncells; i++)
		free(u->cells[i]);
	free(u->cells);
	free(u->map);
	free(u->labels);
	if (u->rej)
		csvout_close(u->rej);
	if (u->rejf)
		fclose(u->rejf);
	/* A failed import leaves no half-written rejects file behind. */
	if (u->rejtmp)
		unlink(u->rejtmp);
	free(u->rejtmp);
}

/* Split the comma-separated LIST into U->cells. */
static int import_split_columns(struct import_run *u, const char *list, struct shequ_err *e)
{
	const char *p = list;

	u->cells = calloc(IMPORT_MAX_COLS, sizeof *u->cells);
	if (!u->cells)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (;;) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (u->ncells == IMPORT_MAX_COLS)
			return shequ_err_set(e, EX_USAGE, "--columns: too many columns");
		if (!(u->cells[u->ncells++] = strndup(p, n)))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		if (!q)
			break;
		p = q + 1;
	}
	return 0;
}

/* Copy the header row's cells into U->cells. */
static int import_copy_header(struct import_run *u, const struct csvin_row *row,
			      struct shequ_err *e)
{
	size_t i;

	/* "line N: " as csvin says it: the caller puts the file before it. */
	if (row->nfields > IMPORT_MAX_COLS)
		return shequ_err_set(e, EX_DATAERR, "line %ld: header has %zu columns, at most %d",
				     row->line, row->nfields, IMPORT_MAX_COLS);
	u->cells = calloc(row->nfields, sizeof *u->cells);
	if (!u->cells)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (i = 0; i < row->nfields; i++) {
		if (!(u->cells[i] = norm_text(row->fields[i])))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		u->ncells++;
	}
	if (row->nfields == 1)
		u->hint = strchr(row->fields[0], ';')	 ? ';'
			  : strchr(row->fields[0], '\t') ? '\t'
							 : 0;
	return 0;
}

/*
 * EX_DATAERR: the header of FILE (its line LINE; 0 with -H, where
 * --columns names them) says WHAT is wrong.  Unless the cause is plain:
 * a header of one cell that looks split by another delimiter, or a file
 * read as GB18030 because a byte in it is not UTF-8 (then the header
 * likely reads as nonsense, and that byte is what to show).
 */
static int import_header_error(const struct import_run *u, const char *file, long line,
			       const char *what, struct shequ_err *e)
{
	long long off;
	long bad;

	if (u->hint)
		return shequ_err_set(e, EX_DATAERR, "%s:%ld: header has 1 column; try -d '%s'",
				     file, line, u->hint == ';' ? ";" : "\\t");
	if (line && csvin_not_utf8(u->in, &bad, &off))
		return shequ_err_set(e, EX_DATAERR,
				     "%s:%ld: invalid UTF-8 at byte offset %lld, so the file was "
				     "read as GB18030 (-e names the encoding); then: %s",
				     file, bad, off, what);
	if (!line)
		return shequ_err_set(e, EX_DATAERR, "%s: --columns: %s", file, what);
	return shequ_err_set(e, EX_DATAERR, "%s:%ld: %s", file, line, what);
}

/* The names a header gets wrong, each a list joined with ", " and cut at the
 * size of its buffer. */
struct header_lists {
	char unknown[512]; /* cells that name no column of the register */
	char dup[512];	   /* names met twice, or two names of one column */
};

/* Add S to the list BUF (N bytes), cut as snprintf cuts. */
static void list_add(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, "%s%s", *buf ? ", " : "", s);
}

/* The register: the one -t names, else the one the header's names point to. */
static int header_register(struct import_run *u, const struct import_opts *o, const char *file,
			   long line, const struct import_register **regp, struct shequ_err *e)
{
	const char *name;

	if (o->table) {
		if (!(*regp = import_find_register(o->table)))
			return shequ_err_set(e, EX_USAGE, "unknown table '%s'", o->table);
		return 0;
	}
	name = aliases_guess(u->aliases, u->cells, u->ncells, NULL);
	if (!name || !(*regp = import_find_register(name)))
		return import_header_error(u, file, line,
					   "cannot tell the register from the header; use -t", e);
	return 0;
}

/* Room for the map from cells to columns, and the column labels, which start
 * as the register's own names until a header cell names them. */
static int header_alloc(struct import_run *u, const struct import_register *reg,
			struct shequ_err *e)
{
	size_t i, ncols;

	for (ncols = 0; reg->columns[ncols]; ncols++)
		;
	u->map = malloc(u->ncells * sizeof *u->map);
	u->labels = calloc(ncols, sizeof *u->labels);
	if (!u->map || !u->labels)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (i = 0; i < ncols; i++)
		u->labels[i] = reg->columns[i];
	return 0;
}

/* Map each header cell to a column of REG, adding to SEEN the columns found;
 * an empty name is an error at once, duplicates and unknown names are listed
 * in L so that one message names them all. */
static int header_map_cells(struct import_run *u, const struct import_register *reg,
			    const char *file, long line, struct header_lists *l, unsigned *seen,
			    struct shequ_err *e)
{
	const char *name;
	size_t i, j;

	for (i = 0; i < u->ncells; i++) {
		int k;

		u->map[i] = -1;
		if (!*u->cells[i])
			return shequ_err_set(e, EX_DATAERR, "%s:%ld: column %zu has no name", file,
					     line, i + 1);
		for (j = 0; j < i; j++)
			if (strcmp(u->cells[i], u->cells[j]) == 0 && !strstr(l->dup, u->cells[i]))
				list_add(l->dup, sizeof l->dup, u->cells[i]);
		name = aliases_column(u->aliases, reg->name, u->cells[i]);
		k = name ? import_col_index(reg, name) : -1;
		if (k < 0) {
			if (strcmp(u->cells[i], "line") && strcmp(u->cells[i], "reason"))
				list_add(l->unknown, sizeof l->unknown, u->cells[i]);
			continue;
		}
		if (*seen & (1u << k)) {
			if (!strstr(l->dup, u->cells[i]))
				list_add(l->dup, sizeof l->dup, u->cells[i]);
			continue;
		}
		*seen |= 1u << k;
		u->map[i] = k;
		u->labels[k] = u->cells[i];
	}
	return 0;
}

/* EX_DATAERR naming every required column of REG not in SEEN. */
static int header_check_required(const struct import_run *u, const struct import_register *reg,
				 unsigned seen, const char *file, long line, struct shequ_err *e)
{
	char missing[512] = "", what[600];
	size_t i;

	for (i = 0; reg->columns[i]; i++)
		if ((reg->required & (1u << i)) && !(seen & (1u << i)))
			list_add(missing, sizeof missing, reg->columns[i]);
	if (!*missing)
		return 0;
	snprintf(what, sizeof what, "%s: missing columns: %s", reg->name, missing);
	return import_header_error(u, file, line, what, e);
}

/*
 * Decide the register and map each header cell to one of its columns:
 * empty and duplicate names, a missing required column and a file that
 * looks like it uses another delimiter are errors; unknown columns are
 * reported once.
 */
static int import_map_header(struct import_run *u, const struct import_opts *o,
			     const struct import_register **regp, const char *file, long line,
			     struct shequ_err *e)
{
	const struct import_register *reg = NULL;
	struct header_lists l = {"", ""};
	unsigned seen = 0;
	int rc;

	if ((rc = header_register(u, o, file, line, &reg, e)) || (rc = header_alloc(u, reg, e)) ||
	    (rc = header_map_cells(u, reg, file, line, &l, &seen, e)))
		return rc;
	if (*l.dup)
		return shequ_err_set(e, EX_DATAERR, "%s:%ld: duplicate columns: %s", file, line,
				     l.dup);
	if ((rc = header_check_required(u, reg, seen, file, line, e)))
		return rc;
	if (*l.unknown && o->report)
		o->report(o->ctx, IMPORT_NOTE, file, line, NULL,
			  strlen(l.unknown) >= sizeof l.unknown - 1 ? "unknown columns ignored"
								    : l.unknown);
	u->present = seen;
	*regp = reg;
	return 0;
}

/*
 * EX_IOERR for a failed write to the rejects file PATH, with the reason:
 * ERR (an errno; 0 when unknown: EIO).
 */
static int rejects_write_error(const char *path, int err, struct shequ_err *e)
{
	return shequ_err_set(e, EX_IOERR, "%s: write error: %s", path, strerror(err ? err : EIO));
}

/*
 * 1 when the descriptor FD and the one numbered OTHER are the same file.
 */
static int same_file(int fd, int other)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstat(other, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/*
 * Open PATH for writing where it is when it is a stream (a terminal, a
 * pipe, a device such as /dev/full) or this process's standard output or
 * error (/dev/stdout into a file): nothing there to keep private or to
 * replace.  Opening neither creates nor truncates, so a regular file met
 * here, even through a symlink, is left as it was.  The descriptor, or -1
 * when PATH is none of these.
 */
static int rejects_open_stream(const char *path)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), out = -1;
	struct stat sb;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) == 0 &&
	    (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)))
		return fd;
	/* Our own standard output, with its offset: what the user redirected it to. */
	if (S_ISREG(sb.st_mode) && same_file(fd, STDOUT_FILENO))
		out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	else if (S_ISREG(sb.st_mode) && same_file(fd, STDERR_FILENO))
		out = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return out;
}

/*
 * Make the rejects file new under a temporary name in the folder of PATH
 * (".NAME.XXXXXX"): mkostemp() creates it with O_EXCL, mode 0600, so
 * nothing at that name is followed or reused.  import_close_rejects()
 * renames it to PATH, replacing the file there, never writing into it.
 * The descriptor, or -1 with errno set.
 */
static int rejects_open_temp(struct import_run *u, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0, n = strlen(path) + 9;
	int fd;

	if (!(u->rejtmp = malloc(n)))
		return -1;
	snprintf(u->rejtmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	fd = mkostemp(u->rejtmp, O_CLOEXEC);
	if (fd < 0) {
		free(u->rejtmp);
		u->rejtmp = NULL;
	}
	return fd;
}

/*
 * Open the rejects file PATH (it holds personal data: a new file of mode
 * 0600, see rejects_open_temp()) and write its header.
 */
static int import_open_rejects(struct import_run *u, const char *path, struct shequ_err *e)
{
	int fd = rejects_open_stream(path);
	struct stat sb;
	size_t i;

	/* Neither followed nor replaced: a symlink could lead anywhere, a
	 * replaced one (/dev/stdout) would be missed elsewhere. */
	if (fd < 0 && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		return shequ_err_set(e, EX_CANTCREAT,
				     "cannot create %s: a symbolic link is there (not followed)",
				     path);
	if (fd < 0)
		fd = rejects_open_temp(u, path);
	if (fd < 0 || !(u->rejf = fdopen(fd, "w"))) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", path, strerror(err));
	}
	/* A clerk opens it in Excel or WPS on Chinese Windows: without a BOM
	 * they take UTF-8 for GBK, and they expect CRLF. */
	if (!(u->rej = csvout_new(u->rejf, 1)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	csvout_set_crlf(u->rej, 1);
	for (i = 0; i < u->ncells; i++)
		csvout_field(u->rej, u->cells[i]);
	csvout_field(u->rej, "line");
	csvout_field(u->rej, "reason");
	return csvout_end_row(u->rej) ? rejects_write_error(path, csvout_errno(u->rej), e) : 0;
}

/*
 * Finish the rejects file PATH: write out what is buffered and, when it
 * was written under a temporary name, put it in place.
 */
static int import_close_rejects(struct import_run *u, const char *path, struct shequ_err *e)
{
	/* csvout_close() leaves the reason in errno. */
	int bad = csvout_close(u->rej) != 0, err = errno;

	u->rej = NULL;
	if (!bad && u->rejtmp && fsync(fileno(u->rejf))) {
		bad = 1;
		err = errno;
	}
	if (fclose(u->rejf) && !bad) {
		bad = 1;
		err = errno;
	}
	u->rejf = NULL;
	if (bad)
		return rejects_write_error(path, err, e);
	if (u->rejtmp && rename(u->rejtmp, path))
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", path,
				     strerror(errno));
	free(u->rejtmp);
	u->rejtmp = NULL;
	return 0;
}

/* Report the rejected ROW and write it to the rejects file. */
static int import_rejected(struct import_ctx *c, struct import_run *u, const struct csvin_row *row,
			   int col, const char *reason, struct shequ_err *e)
{
	char full[700];
	size_t i;

	c->st->rejected++;
	if (c->o->report)
		c->o->report(c->o->ctx, IMPORT_REJECT, c->file, row->line,
			     col >= 0 ? c->labels[col] : NULL, reason);
	if (!u->rej)
		return 0;
	for (i = 0; i < row->nfields; i++)
		csvout_field(u->rej, row->fields[i]);
	csvout_int(u->rej, row->line);
	if (col >= 0)
		snprintf(full, sizeof full, "%s: %s", c->labels[col], reason);
	else
		snprintf(full, sizeof full, "%s", reason);
	csvout_field(u->rej, full);
	if (csvout_end_row(u->rej))
		return rejects_write_error(c->o->rejects, csvout_errno(u->rej), e);
	return 0;
}

/* Write the counts into this import's import_log row. */
static int import_log_end(struct import_ctx *c, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(c->db,
			     "UPDATE import_log SET register = ?1, rows = ?2, inserted = ?3, "
			     "updated = ?4, unchanged = ?5, moved_out = ?6, rejected = ?7 "
			     "WHERE id = ?8",
			     &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, c->st->table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->st->rows);
	sqlite3_bind_int64(st, 3, c->st->inserted);
	sqlite3_bind_int64(st, 4, c->st->updated);
	sqlite3_bind_int64(st, 5, c->st->unchanged);
	sqlite3_bind_int64(st, 6, c->st->moved_out);
	sqlite3_bind_int64(st, 7, c->st->rejected);
	sqlite3_bind_int64(st, 8, c->import_id);
	rc = import_step_done(c, st, "import log", e);
	sqlite3_finalize(st);
	return rc;
}

/* Start this import's import_log row; its id marks the rows it touches. */
static int import_log_begin(struct import_ctx *c, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(c->db,
			     "INSERT INTO import_log (started, file, register, rows, inserted, "
			     "updated, unchanged, moved_out, rejected) "
			     "VALUES (?1, ?2, '', 0, 0, 0, 0, 0, 0)",
			     &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, c->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->file, -1, SQLITE_STATIC);
	rc = import_step_done(c, st, "import log", e);
	sqlite3_finalize(st);
	c->import_id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

/*
 * When the database failed as corrupt (SQLite's own code of the last
 * call), say so in E, naming it and what to do: the fault is the
 * database's, not the file's.
 */
static void import_corrupt_hint(sqlite3 *db, struct shequ_err *e)
{
	int code = sqlite3_errcode(db) & 0xff;
	const char *file = sqlite3_db_filename(db, "main");

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		shequ_err_set(e, EX_DATAERR, "%s: %s; run shequ-db check",
			      file && *file ? file : "database", sqlite3_errstr(code));
}

/* Databases smaller than this many pages load with a rollback journal. */
#define IMPORT_SMALL_DB 2048

/*
 * Into a new or nearly empty database, load with a rollback journal
 * instead of the WAL: pages past the old end of the file need no journal,
 * so the data is written once, where the WAL writes it twice (the log,
 * then the checkpoint).  A crash still rolls back: the journal holds the
 * few old pages and the file's old size.  Only possible while no other
 * connection has the database open; otherwise the WAL stays, silently.
 * 1 when switched (import_wal_back() must follow), else 0.
 */
static int import_rollback_journal(sqlite3 *db)
{
	sqlite3_stmt *st;
	int small = 0, switched = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		small = sqlite3_column_int64(st, 0) < IMPORT_SMALL_DB;
	sqlite3_finalize(st);
	if (!small)
		return 0;
	/* Do not wait for others to let go: the WAL is fine too. */
	sqlite3_busy_timeout(db, 0);
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			switched = strcmp((const char *)sqlite3_column_text(st, 0), "delete") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(db, db_busy_timeout());
	return switched;
}

/*
 * Back to WAL after import_rollback_journal(), outside any transaction.
 * When another connection is in the way it stays as it is: the next
 * db_open() sets WAL again.
 */
static void import_wal_back(sqlite3 *db)
{
	sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
}

/*
 * ---- the rows: prepared on the reader thread, stored on this one ----
 *
 * A row is prepared (its fields given their columns, then the register's
 * clean(), if it has one) on the reader thread when there is one (see
 * import_pipe.h), and stored here, in line order.
 */

/* What preparing a row found. */
struct prepared {
	/* 0, EX_DATAERR (REJ says why), PREP_FIELDS (the count of fields is
	 * wrong), or EX_* when the import must stop (ERR says why). */
	int rc;
	struct import_reject rej;
	struct import_reject warn; /* a warning when warn.reason is not empty */
	struct shequ_err err;
	const char **vals; /* register column -> field ("" when absent) */
	void *clean;	   /* the register's clean() output */
};

#define PREP_FIELDS (-1)

/* What preparing needs; nothing in it changes while rows are read. */
struct preparer {
	const struct import_ctx *c;
	const struct import_register *reg;
	const int *map; /* file field -> register column, -1: ignored */
	size_t ncells, ncols;
	size_t size; /* of a prepared area: the struct, VALS, then CLEAN */
};

/* Align N as malloc() does. */
#define ALIGN16(n) (((n) + 15) & ~(size_t)15)

/* Point the parts of the prepared area OUT where they belong. */
static struct prepared *prepared_at(const struct preparer *pr, void *out)
{
	struct prepared *d = out;

	d->vals = (const char **)((char *)out + ALIGN16(sizeof *d));
	d->clean = (char *)out + ALIGN16(sizeof *d) + ALIGN16(pr->ncols * sizeof *d->vals);
	return d;
}

/* Prepare ROW into OUT (a pipe_prepare_fn; also called on this thread). */
static void prepare_row(void *arg, struct csvin_row *row, void *out)
{
	const struct preparer *pr = arg;
	struct prepared *d = prepared_at(pr, out);
	size_t i;

	d->rc = 0;
	d->warn.reason[0] = 0;
	if (row->nfields != pr->ncells) {
		d->rc = PREP_FIELDS;
		return;
	}
	for (i = 0; i < pr->ncols; i++)
		d->vals[i] = "";
	for (i = 0; i < pr->ncells; i++)
		if (pr->map[i] >= 0)
			d->vals[pr->map[i]] = row->fields[i];
	if (pr->reg->clean)
		d->rc = pr->reg->clean(pr->c, (char *const *)d->vals, d->clean, &d->rej, &d->warn,
				       &d->err);
}

/* Store one prepared row D of ROW: report it, reject it or hand it on. */
static int import_one(struct import_ctx *c, struct import_run *u, const struct import_register *reg,
		      struct csvin_row *row, struct prepared *d, struct shequ_err *e)
{
	struct import_reject rej;
	int rc;

	/* Set by import_reject() only: EX_DATAERR without it is the database's. */
	rej.reason[0] = 0;
	if (d->rc == PREP_FIELDS) {
		snprintf(rej.reason, sizeof rej.reason, "expected %zu fields, got %zu", u->ncells,
			 row->nfields);
		return import_rejected(c, u, row, -1, rej.reason, e);
	}
	if (d->warn.reason[0]) {
		import_warn(c, d->warn.col, "%s", d->warn.reason);
		c->st->warnings++;
	}
	if (!reg->clean)
		rc = reg->row(c, (char *const *)d->vals, &rej, e);
	else if (d->rc == EX_DATAERR)
		rc = import_reject(&rej, d->rej.col, "%s", d->rej.reason);
	else if (d->rc)
		rc = shequ_err_set(e, d->rc, "%s", d->err.msg);
	else
		rc = reg->store(c, d->clean, &rej, e);
	if (reg->clean_free)
		reg->clean_free(d->clean);
	/*
	 * A corrupt database, say, fails with EX_DATAERR too, and with no
	 * reason for the row: the import stops, E says why.
	 */
	if (rc == EX_DATAERR && rej.reason[0])
		return import_rejected(c, u, row, rej.col, rej.reason, e);
	return rc;
}

/*
 * The rows of the file, after the header, from P (NULL: straight from
 * U->in, prepared into the area OUT): one import_one() each.
 */
static int import_rows_from(struct import_ctx *c, struct import_run *u,
			    const struct import_register *reg, struct preparer *pr, struct pipe *p,
			    void *out, struct shequ_err *e)
{
	struct csvin_row *row;
	long long bytes = 0;
	void *area = out;
	int rc = 0;

	/* Each slot taken goes back to the reader before the next is taken. */
	for (;; p ? pipe_release(p) : (void)0) {
		if ((rc = p ? pipe_take(p, &row, &area, &bytes, e) : csvin_next(u->in, &row, e))) {
			import_err_at(e, c->file);
			return rc;
		}
		if (!row)
			break;
		if (!p)
			prepare_row(pr, row, area);
		c->st->rows++;
		c->line = row->line;
		if ((c->st->rows & 0xffff) == 0 && c->o->progress)
			c->o->progress(c->o->ctx, p ? bytes : csvin_bytes(u->in), c->st->rows);
		if ((rc = import_one(c, u, reg, row, prepared_at(pr, area), e)))
			return rc;
	}
	return 0;
}

/* The rows of the file, after the header: prepared on a reader thread when it can. */
static int import_rows(struct import_ctx *c, struct import_run *u,
		       const struct import_register *reg, struct shequ_err *e)
{
	struct preparer pr = {.c = c, .reg = reg, .map = u->map, .ncells = u->ncells};
	struct pipe *p;
	void *out;
	int rc;

	for (pr.ncols = 0; reg->columns[pr.ncols]; pr.ncols++)
		;
	pr.size =
	    ALIGN16(sizeof(struct prepared)) + ALIGN16(pr.ncols * sizeof(char *)) + reg->clean_size;
	if ((rc = pipe_start(&p, u->in, c->file, pr.size, prepare_row, &pr, e)))
		return rc;
	if (p) {
		rc = import_rows_from(c, u, reg, &pr, p, NULL, e);
		pipe_end(p);
		return rc;
	}
	if (!(out = calloc(1, pr.size)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = import_rows_from(c, u, reg, &pr, NULL, out, e);
	free(out);
	return rc;
}

/*
 * Open PATH and read its header (or take --columns) into U: the register
 * in *REGP, the columns mapped, C's labels and present columns set.
 */
static int import_read_header(struct import_ctx *c, struct import_run *u, const char *path,
			      const struct import_register **regp, struct shequ_err *e)
{
	const struct import_opts *o = c->o;
	struct csvin_opts co = {.encoding = o->encoding, .delim = o->delim};
	struct csvin_row *row = NULL;
	int rc;

	if (!(u->in = csvin_open(path, &co, e))) {
		rc = e->code ? e->code : EX_NOINPUT;
		/* "cannot open PATH" names it already; a read error does not. */
		if (rc == EX_IOERR || rc == EX_DATAERR)
			import_err_at(e, c->file);
		return rc;
	}
	c->st->encoding = csvin_encoding(u->in);
	if (o->no_header) {
		if ((rc = import_split_columns(u, o->columns, e)))
			return rc;
	} else {
		if ((rc = csvin_next(u->in, &row, e)) ||
		    (row && (rc = import_copy_header(u, row, e)))) {
			import_err_at(e, c->file);
			return rc;
		}
		if (!row)
			return shequ_err_set(e, EX_DATAERR, "%s: no header", c->file);
	}
	if ((rc = import_map_header(u, o, regp, c->file, row ? row->line : 0, e)))
		return rc;
	c->st->table = (*regp)->name;
	c->labels = u->labels;
	c->present = u->present;
	return 0;
}

/*
 * Set the database up for the load and begin its transaction (U's flags
 * say what import_file_end() must undo).
 */
static int import_begin(struct import_ctx *c, struct import_run *u, struct shequ_err *e)
{
	sqlite3 *db = c->db;
	int rc;

	/* A bigger page cache keeps the random inserts into the ID index off
	 * the disk; 64 MiB fits the memory budget with room to spare. */
	if ((rc = db_exec(db, "PRAGMA cache_size = -65536", e)))
		return rc;
	if (!c->o->dry_run)
		u->journal = import_rollback_journal(db);
	/*
	 * Every reference an import writes is an id it has just looked up or
	 * made in its own transaction, so checking each against its parent
	 * table (a B-tree search a row, a tenth of a roster's load) proves
	 * nothing new.  Only outside a transaction can the check be switched;
	 * it is on again at the end.
	 */
	if ((rc = db_exec(db, "PRAGMA foreign_keys = OFF", e)))
		return rc;
	u->fks_off = 1;
	/* Without the WAL a reader would hold up our COMMIT: keep readers out
	 * from the start instead, so they wait rather than the import fail. */
	if ((rc = u->journal ? db_exec(db, "BEGIN EXCLUSIVE", e) : db_begin(db, e)))
		return rc;
	u->began = 1;
	/* Stamped once the lock is ours, so stamps follow commit order: the
	 * cycle finds what changed by them. */
	db_now(c->now);
	return import_log_begin(c, e);
}

/*
 * The rows through register REG, then its finish, the log, the rejects
 * file, and the commit (or the rollback of --dry-run and --strict).
 */
static int import_body(struct import_ctx *c, struct import_run *u,
		       const struct import_register *reg, struct shequ_err *e)
{
	const struct import_opts *o = c->o;
	int rc;

	u->started = 1;
	if ((rc = reg->begin(c, e)) || (rc = import_rows(c, u, reg, e)))
		return rc;
	if (o->progress)
		o->progress(o->ctx, csvin_bytes(u->in), c->st->rows);
	c->st->skipped = csvin_skipped(u->in);
	if ((reg->finish && (rc = reg->finish(c, e))) || (rc = import_log_end(c, e)))
		return rc;
	if (u->rej && (rc = import_close_rejects(u, o->rejects, e)))
		return rc;
	if (o->dry_run || (o->strict && c->st->rejected)) {
		db_rollback(c->db);
	} else {
		if ((rc = db_commit(c->db, e)))
			return rc;
		c->st->committed = 1;
	}
	u->began = 0;
	return c->st->rejected ? EX_DATAERR : 0;
}

/* Undo what import_begin() set up and free what C and U hold. */
static void import_file_end(struct import_ctx *c, struct import_run *u,
			    const struct import_register *reg)
{
	size_t i;

	if (u->started)
		reg->end(c);
	if (u->began)
		db_rollback(c->db);
	if (u->journal)
		import_wal_back(c->db);
	if (u->fks_off)
		sqlite3_exec(c->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	for (i = 0; i < IMPORT_STMTS; i++)
		sqlite3_finalize(c->stmts[i].st);
	strmap_free(&c->compounds);
	strmap_free(&c->buildings);
	strmap_free(&c->stairwells);
	import_run_free(u);
}

int import_file(sqlite3 *db, const char *path, const struct import_opts *o, struct import_stats *st,
		struct shequ_err *e)
{
	struct import_ctx c = {.db = db, .o = o, .st = st};
	struct import_run u = {0};
	const struct import_register *reg = NULL;
	int rc;

	memset(st, 0, sizeof *st);
	shequ_err_clear(e);
	c.file = !path || strcmp(path, "-") == 0 ? "-" : path;
	day_to_ymd(o->today, &c.today_y, &c.today_m, &c.today_d);
	if (!(rc = aliases_load(&u.aliases, e)) &&
	    !(rc = import_read_header(&c, &u, path, &reg, e)) &&
	    !(rc = o->rejects ? import_open_rejects(&u, o->rejects, e) : 0) &&
	    !(rc = import_begin(&c, &u, e)))
		rc = import_body(&c, &u, reg, e);
	if (rc == EX_DATAERR && e->code)
		import_corrupt_hint(db, e);
	import_file_end(&c, &u, reg);
	return rc;
}
