/* csv_import.c - the loop every register import of a CSV file shares; see
 * csv_import.h. */
#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "db/db.h"
#include "request/csv_import.h"

void csv_import_init(struct csv_import *ci, sqlite3 *db, const char *file, char *const *labels,
		     csv_import_report_fn report, void *ctx, long *rows, long *rejected)
{
	*ci = (struct csv_import){db, file, labels, report, ctx, rows, rejected, 0};
	*rows = *rejected = 0;
}

int csv_import_vreport(struct csv_import *ci, long line, int col, int reject, const char *fmt,
		       va_list ap)
{
	char reason[700];

	vsnprintf(reason, sizeof reason, i18n_format(fmt), ap);
	if (reject)
		(*ci->rejected)++;
	if (ci->report)
		ci->report(ci->ctx, ci->file, line, col >= 0 ? ci->labels[col] : NULL, reason);
	return EX_DATAERR;
}

/* Reject LINE as a whole: its length. */
static void reject_length(struct csv_import *ci, long line, size_t want, size_t got)
{
	char reason[80];

	snprintf(reason, sizeof reason, "expected %zu fields, got %zu", want, got);
	(*ci->rejected)++;
	if (ci->report)
		ci->report(ci->ctx, ci->file, line, NULL, reason);
}

int csv_import_rows(struct csv_import *ci, struct header_map *rd, size_t ncols,
		    int (*row)(void *reg, long line, char **v, struct shequ_err *e), void *reg,
		    struct shequ_err *e)
{
	struct csvin_row *r;
	char **v = calloc(ncols, sizeof *v);
	int rc;

	if (!v)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	while (!(rc = csvin_next(rd->in, &r, e)) && r) {
		(*ci->rows)++;
		if (header_map_fill(rd, r, v, ncols)) {
			reject_length(ci, r->line, rd->nfields, r->nfields);
			continue;
		}
		rc = row(reg, r->line, v, e);
		if (rc && rc != EX_DATAERR)
			break;
		rc = 0;
	}
	free(v);
	return rc;
}

int csv_import_log_begin(struct csv_import *ci, const char *now, const char *reg,
			 struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(ci->db,
			    "INSERT INTO import_log (started, file, register, rows, inserted, "
			    "updated, unchanged, moved_out, rejected) VALUES (?, ?, ?, 0, 0, 0, 0, "
			    "0, 0)",
			    &st, e);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ci->file, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, reg, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(ci->db, rc, "import log", e);
	ci->import_id = sqlite3_last_insert_rowid(ci->db);
	return 0;
}

int csv_import_log_end(struct csv_import *ci, long inserted, long updated, long unchanged,
		       struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(ci->db,
			    "UPDATE import_log SET rows = ?2, inserted = ?3, updated = ?4, "
			    "unchanged = ?5, rejected = ?6 WHERE id = ?1",
			    &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, ci->import_id);
	sqlite3_bind_int64(st, 2, *ci->rows);
	sqlite3_bind_int64(st, 3, inserted);
	sqlite3_bind_int64(st, 4, updated);
	sqlite3_bind_int64(st, 5, unchanged);
	sqlite3_bind_int64(st, 6, *ci->rejected);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(ci->db, rc, "import log", e);
}

int csv_import_transaction(struct csv_import *ci, int dry_run,
			   int (*in)(void *reg, struct shequ_err *e), void *reg, int *committed,
			   struct shequ_err *e)
{
	int rc = db_begin(ci->db, e);

	if (!rc) {
		rc = in(reg, e);
		if (!rc && !dry_run && !(rc = db_commit(ci->db, e)))
			*committed = 1;
		if (!*committed)
			db_rollback(ci->db);
	}
	return rc;
}
