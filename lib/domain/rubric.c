/* rubric.c - read the inspection rubric, keep the database's copy; see rubric.h. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/datadir.h"
#include "db/db.h"
#include "domain/rubric.h"

/* Parse a whole non-negative number of at most 4 digits; -1 when it is not. */
static int rubric_mark(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > 1000)
		return -1;
	return (int)v;
}

/* Copy S of LEN bytes into DST of SIZE bytes; 0, or -1 when it does not fit. */
static int rubric_copy(char *dst, size_t size, const char *s, size_t len)
{
	if (len >= size)
		return -1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}

/* Fill the next item of R from one data row of the file PATH. */
static int rubric_add_row(struct rubric *r, const struct csvin_row *row, const char *path,
			  struct shequ_err *e)
{
	struct rubric_item *it = &r->items[r->n];

	if (row->nfields != 4)
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: expected 4 fields, got %zu", path,
				     row->line, row->nfields);
	if (r->n == RUBRIC_MAX_ITEMS)
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: more than %d items", path, row->line,
				     RUBRIC_MAX_ITEMS);
	if (!row->fields[0][0] ||
	    rubric_copy(it->item, sizeof it->item, row->fields[0], row->lens[0]) ||
	    rubric_copy(it->name, sizeof it->name, row->fields[1], row->lens[1]))
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: bad item name", path, row->line);
	it->max = rubric_mark(row->fields[2]);
	it->pass = rubric_mark(row->fields[3]);
	if (it->max <= 0 || it->pass < 0 || it->pass > it->max)
		return shequ_err_set(e, EX_CONFIG,
				     "%s:%ld: max must be positive and pass between 0 and max",
				     path, row->line);
	r->total += it->max;
	r->n++;
	return 0;
}

int rubric_load_file(struct rubric *r, const char *path, struct shequ_err *e)
{
	struct csvin *in = csvin_open(path, NULL, e);
	struct csvin_row *row;
	int rc = 0;

	memset(r, 0, sizeof *r);
	if (!in)
		return EX_CONFIG;
	while (!(rc = csvin_next(in, &row, e)) && row) {
		if (row->record == 1)
			continue; /* header: item,name,max,pass */
		if ((rc = rubric_add_row(r, row, path, e)))
			break;
	}
	if (rc && rc != EX_CONFIG) {
		shequ_err_prefix(e, "%s: ", path);
		rc = EX_CONFIG;
	}
	if (!rc && r->n == 0)
		rc = shequ_err_set(e, EX_CONFIG, "%s: no rubric items", path);
	csvin_close(in);
	return rc;
}

int rubric_load(struct rubric *r, struct shequ_err *e)
{
	char path[PATH_MAX];
	int rc = datadir_path("rubric.csv", path, sizeof path, e);

	return rc ? rc : rubric_load_file(r, path, e);
}

/* Fill the next item of R from the row ST of the rubric table (item, name,
 * max, pass, position). */
static int rubric_add_db_row(struct rubric *r, sqlite3_stmt *st, struct shequ_err *e)
{
	struct rubric_item *it = &r->items[r->n];
	const char *item = (const char *)sqlite3_column_text(st, 0);
	const char *name = (const char *)sqlite3_column_text(st, 1);

	if (r->n == RUBRIC_MAX_ITEMS)
		return shequ_err_set(e, EX_DATAERR, "rubric table: more than %d items",
				     RUBRIC_MAX_ITEMS);
	if (!item || !name ||
	    rubric_copy(it->item, sizeof it->item, item, (size_t)sqlite3_column_bytes(st, 0)) ||
	    rubric_copy(it->name, sizeof it->name, name, (size_t)sqlite3_column_bytes(st, 1)))
		return shequ_err_set(e, EX_DATAERR, "rubric table: bad item name");
	/* The tools index items by position: it must count 0, 1, 2 ... */
	if (sqlite3_column_int64(st, 4) != (long long)r->n)
		return shequ_err_set(e, EX_DATAERR,
				     "rubric table: %s is at position %lld, expected %zu", it->item,
				     (long long)sqlite3_column_int64(st, 4), r->n);
	it->max = sqlite3_column_int(st, 2);
	it->pass = sqlite3_column_int(st, 3);
	r->total += it->max;
	r->n++;
	return 0;
}

int rubric_load_db(sqlite3 *db, struct rubric *r, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	memset(r, 0, sizeof *r);
	if ((rc = db_prepare(db,
			     "SELECT item, name, max, pass, position FROM rubric ORDER BY position",
			     &st, e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = rubric_add_db_row(r, st, e)))
			break;
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "rubric", e);
	sqlite3_finalize(st);
	if (!rc && r->n == 0)
		rc = shequ_err_set(e, EX_DATAERR, "rubric table: no rubric items");
	return rc;
}

/* Whether A and B have the same items in the same order. */
static int rubric_same(const struct rubric *a, const struct rubric *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].item, b->items[i].item) ||
		    strcmp(a->items[i].name, b->items[i].name) ||
		    a->items[i].max != b->items[i].max || a->items[i].pass != b->items[i].pass)
			return 0;
	return 1;
}

/* Replace the rows of the rubric table by R's items. */
static int rubric_store(sqlite3 *db, const struct rubric *r, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_exec(db, "DELETE FROM rubric", e);

	if (rc || (rc = db_prepare(db,
				   "INSERT INTO rubric (item, name, max, pass, position) "
				   "VALUES (?1, ?2, ?3, ?4, ?5)",
				   &st, e)))
		return rc;
	for (size_t i = 0; !rc && i < r->n; i++) {
		int step;

		sqlite3_bind_text(st, 1, r->items[i].item, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->items[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, r->items[i].max);
		sqlite3_bind_int(st, 4, r->items[i].pass);
		sqlite3_bind_int64(st, 5, (long long)i);
		if ((step = sqlite3_step(st)) != SQLITE_DONE)
			rc = db_fail(db, step, "rubric", e);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int rubric_sync(sqlite3 *db, const struct rubric *r, struct shequ_err *e)
{
	struct rubric have;
	int own = sqlite3_get_autocommit(db), rc;

	/* A table that cannot be read as a rubric is as good as different. */
	if (rubric_load_db(db, &have, NULL) == 0 && rubric_same(&have, r))
		return 0;
	if (own && (rc = db_begin(db, e)))
		return rc;
	rc = rubric_store(db, r, e);
	if (own && !rc)
		rc = db_commit(db, e);
	if (own && rc)
		db_rollback(db);
	return rc;
}

int rubric_find(const struct rubric *r, const char *item)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].item, item) == 0 || strcmp(r->items[i].name, item) == 0)
			return (int)i;
	return -1;
}
