/* dbcheck.c - integrity, contents and backup of the database; see dbcheck.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csvout.h"
#include "db/db.h"
#include "db/dbcheck.h"

int dbcheck_run(sqlite3 *db, int full, FILE *out, long *problems, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	struct csvout *w = csvout_new(out, 0);
	const char *hdr[] = {"check", "problem"};
	char buf[512];
	int rc;

	*problems = 0;
	csvout_row(w, hdr, 2);
	if ((rc = db_prepare(db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", &st, e)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);

		if (r && strcmp(r, "ok") == 0)
			continue;
		csvout_field(w, full ? "integrity" : "quick");
		csvout_field(w, r ? r : "");
		csvout_end_row(w);
		++*problems;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "integrity check", e);
		goto out;
	}
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, "PRAGMA foreign_key_check", &st, e)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(buf, sizeof buf, "%s row %lld points at a missing %s",
			 (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
		csvout_field(w, "foreign_key");
		csvout_field(w, buf);
		csvout_end_row(w);
		++*problems;
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "foreign key check", e);
out:
	sqlite3_finalize(st);
	if (csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "write error: %s", strerror(errno));
	return rc;
}

int dbcheck_info(sqlite3 *db, const char *path, FILE *out, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL, *cnt = NULL;
	struct csvout *w = csvout_new(out, 0);
	const char *hdr[] = {"kind", "name", "value"};
	char *sql;
	int rc;

	csvout_row(w, hdr, 3);
	csvout_field(w, "meta");
	csvout_field(w, "path");
	csvout_field(w, path);
	csvout_end_row(w);
	csvout_field(w, "meta");
	csvout_field(w, "schema_version");
	csvout_int(w, db_schema_version(db));
	csvout_end_row(w);
	if ((rc = db_prepare(db,
			     "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') "
			     "AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
			     &st, e)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);

		sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name);
		rc = db_prepare(db, sql, &cnt, e);
		sqlite3_free(sql);
		if (rc)
			goto out;
		if ((rc = sqlite3_step(cnt)) != SQLITE_ROW) {
			rc = db_fail(db, rc, name, e);
			goto out;
		}
		csvout_field(w, type);
		csvout_field(w, name);
		csvout_int(w, sqlite3_column_int64(cnt, 0));
		csvout_end_row(w);
		sqlite3_finalize(cnt);
		cnt = NULL;
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "database", e);
out:
	sqlite3_finalize(cnt);
	sqlite3_finalize(st);
	if (csvout_close(w) && !rc)
		rc = shequ_err_set(e, EX_IOERR, "write error: %s", strerror(errno));
	return rc;
}

int dbcheck_backup(sqlite3 *db, const char *dest, struct shequ_err *e)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	char *tmp;
	int fd, rc;

	tmp = sqlite3_mprintf("%s.tmp-XXXXXX", dest);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", dest, strerror(errno));
		sqlite3_free(tmp);
		return rc;
	}
	close(fd);
	rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(to, rc, dest, e);
		goto out;
	}
	b = sqlite3_backup_init(to, "main", db, "main");
	if (!b) {
		rc = db_fail(to, sqlite3_errcode(to), dest, e);
		goto out;
	}
	/* A few pages a step, so other writers get their turn in between. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = db_fail(to, rc, dest, e);
		goto out;
	}
	rc = 0;
	if (sqlite3_close(to) != SQLITE_OK) {
		rc = shequ_err_set(e, EX_IOERR, "%s: cannot close", dest);
		to = NULL;
		goto out;
	}
	to = NULL;
	if (rename(tmp, dest) != 0)
		rc = shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", dest, strerror(errno));
out:
	if (to)
		sqlite3_close(to);
	if (rc)
		unlink(tmp);
	sqlite3_free(tmp);
	return rc;
}
