/* xlsx_log.c - unmasked exports recorded; see xlsx_log.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/actor.h"
#include "db/db.h"
#include "xlsx/xlsx_log.h"

int xlsx_log_unmasked(sqlite3 *db, const char *file, enum xlsx_kind kind, const char *reason,
		      struct shequ_err *e)
{
	char now[20], path[PATH_MAX];
	sqlite3_stmt *st = NULL;
	int rc;

	/* An absolute path says where the file is whoever reads the log. */
	if (!realpath(file, path))
		snprintf(path, sizeof path, "%s", file);
	db_now(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_prepare(
	    db, "INSERT INTO export_log (at, who, file, kind, reason) VALUES (?, ?, ?, ?, ?)", &st,
	    e);
	if (!rc) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, actor_name(NULL), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, xlsx_kind_name(kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, sqlite3_errcode(db), "export log", e);
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}
