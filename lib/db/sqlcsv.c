/* sqlcsv.c - a query's result as CSV; see sqlcsv.h. */
#include <errno.h>
#include <string.h>

#include "base/csvout.h"
#include "db/db.h"
#include "db/sqlcsv.h"

int sqlcsv_write(sqlite3 *db, sqlite3_stmt *st, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	int n = sqlite3_column_count(st), step, rc = 0, wrc;

	if (!w) {
		sqlite3_finalize(st);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	for (int i = 0; i < n; i++)
		csvout_field(w, sqlite3_column_name(st, i));
	csvout_end_row(w);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				csvout_null(w);
				break;
			case SQLITE_INTEGER:
				csvout_int(w, sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT:
				csvout_num(w, sqlite3_column_double(st, i), 2);
				break;
			default:
				csvout_fieldn(w, (const char *)sqlite3_column_text(st, i),
					      (size_t)sqlite3_column_bytes(st, i));
			}
		}
		if (csvout_end_row(w))
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_fail(db, step, "query", e);
	sqlite3_finalize(st);
	wrc = csvout_close(w);
	if (!rc && wrc)
		rc = shequ_err_set(e, wrc, "write error: %s", strerror(errno));
	return rc;
}
