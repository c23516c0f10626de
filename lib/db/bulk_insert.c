/* bulk_insert.c - rows queued and inserted many to a statement; see bulk_insert.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/bulk_insert.h"
#include "db/db.h"

#define VAL_INT ((size_t)-1)
#define VAL_NULL ((size_t)-2)

int bulk_insert_open(struct bulk_insert *b, sqlite3 *db, const char *what, const char *head,
		     const char *row, int nparams, struct shequ_err *e)
{
	size_t n = strlen(head), k = strlen(row), len = n + BULK_INSERT_ROWS * (k + 2);
	char *sql;
	int i, rc;

	memset(b, 0, sizeof *b);
	b->db = db;
	b->what = what;
	b->nparams = nparams;
	if (!(sql = malloc(len + 1)) ||
	    !(b->vals = calloc((size_t)BULK_INSERT_ROWS * (size_t)nparams, sizeof *b->vals))) {
		free(sql);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	memcpy(sql, head, n);
	memcpy(sql + n, row, k + 1);
	if ((rc = db_prepare(db, sql, &b->one, e))) {
		free(sql);
		return rc;
	}
	for (i = 1, len = n + k; i < BULK_INSERT_ROWS; i++, len += k + 2) {
		memcpy(sql + len, ", ", 2);
		memcpy(sql + len + 2, row, k + 1);
	}
	rc = db_prepare(db, sql, &b->many, e);
	free(sql);
	return rc;
}

void bulk_insert_int(struct bulk_insert *b, int64_t v)
{
	struct bulk_value *x = &b->vals[b->nvals++];

	x->i = v;
	x->len = VAL_INT;
}

int bulk_insert_text(struct bulk_insert *b, const char *s, struct shequ_err *e)
{
	struct bulk_value *x = &b->vals[b->nvals++];
	size_t n;

	if (!s) {
		x->len = VAL_NULL;
		return 0;
	}
	n = strlen(s);
	if (b->used + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *a;

		while (cap < b->used + n)
			cap *= 2;
		if (!(a = realloc(b->arena, cap)))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		b->arena = a;
		b->cap = cap;
	}
	memcpy(b->arena + b->used, s, n);
	x->i = (int64_t)b->used;
	x->len = n;
	b->used += n;
	return 0;
}

/* Bind the values of ROWS rows from FIRST (a value index) to ST. */
static void bulk_bind(struct bulk_insert *b, sqlite3_stmt *st, int first, int rows)
{
	const struct bulk_value *x = &b->vals[first];
	int i, n = rows * b->nparams;

	for (i = 1; i <= n; i++, x++)
		if (x->len == VAL_INT)
			sqlite3_bind_int64(st, i, x->i);
		else if (x->len == VAL_NULL)
			sqlite3_bind_null(st, i);
		else
			sqlite3_bind_text(st, i, b->arena + x->i, (int)x->len, SQLITE_STATIC);
}

/* Step ST, then reset it. */
static int bulk_step(struct bulk_insert *b, sqlite3_stmt *st, struct shequ_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(b->db, rc, b->what, e);
}

int bulk_insert_flush(struct bulk_insert *b, struct shequ_err *e)
{
	int rows = b->rows, i, rc = 0;

	b->rows = b->nvals = 0;
	b->used = 0;
	if (rows == BULK_INSERT_ROWS) {
		bulk_bind(b, b->many, 0, rows);
		rc = bulk_step(b, b->many, e);
	} else {
		for (i = 0; i < rows && !rc; i++) {
			bulk_bind(b, b->one, i * b->nparams, 1);
			rc = bulk_step(b, b->one, e);
		}
	}
	if (!rc && rows && b->last && sqlite3_last_insert_rowid(b->db) != b->last)
		rc = shequ_err_set(e, EX_SOFTWARE, "%s: row %lld went in as %lld", b->what,
				   (long long)b->last, (long long)sqlite3_last_insert_rowid(b->db));
	return rc;
}

int bulk_insert_row(struct bulk_insert *b, int64_t rowid, struct shequ_err *e)
{
	b->last = rowid;
	if (++b->rows == BULK_INSERT_ROWS)
		return bulk_insert_flush(b, e);
	return 0;
}

void bulk_insert_close(struct bulk_insert *b)
{
	sqlite3_finalize(b->many);
	sqlite3_finalize(b->one);
	free(b->vals);
	free(b->arena);
	memset(b, 0, sizeof *b);
}
