/*
 * dbcheck.h - look after the database file itself: integrity, contents,
 * online backup.  Used by shequ-db.
 */
#ifndef SHEQU_DBCHECK_H
#define SHEQU_DBCHECK_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"

/* Run PRAGMA quick_check (FULL == 0) or integrity_check, then
 * foreign_key_check.  Each problem found is written to OUT as a CSV row
 * "check,problem"; *PROBLEMS gets their number.  Returns 0 when the checks
 * could run (whatever they found), else an EX_* code. */
int dbcheck_run(sqlite3 *db, int full, FILE *out, long *problems, struct shequ_err *e);

/* Write to OUT, as CSV "kind,name,value", the schema version, and every
 * table and view with its row count. */
int dbcheck_info(sqlite3 *db, const char *path, FILE *out, struct shequ_err *e);

/* Copy DB to the file DEST with SQLite's online backup, a few pages at a
 * time so writers are not held up; written to a temporary name in DEST's
 * folder (mode 0600) and renamed into place when complete. */
int dbcheck_backup(sqlite3 *db, const char *dest, struct shequ_err *e);

#endif
