/*
 * db.h - the one SQLite database every tool shares.
 *
 * The file is chosen by --db, else $SHEQU_DB, else ./shequ.db.  Opening it
 * turns foreign keys on, sets a busy timeout and WAL, and brings the schema
 * up to date by the numbered migrations in share/migrations/ (compiled in).
 * A database whose user_version is newer than the newest migration is
 * refused with EX_CONFIG.  New files are created 0600: they hold personal
 * information.
 */
#ifndef SHEQU_DB_H
#define SHEQU_DB_H

#include <sqlite3.h>

#include "base/error.h"

/* How a tool means to use the database. */
enum db_mode {
	DB_EXISTING, /* the file must exist (EX_NOINPUT "no such database") */
	DB_CREATE,   /* create an empty database when the file is missing */
};

/* Milliseconds a writer waits for another before giving up with EX_TEMPFAIL.
 * $SHEQU_BUSY_TIMEOUT (milliseconds) overrides it. */
#define DB_BUSY_TIMEOUT_MS 10000

/* The path to use: OPT when not NULL, else $SHEQU_DB, else "shequ.db". */
const char *db_default_path(const char *opt);

/* Open PATH in MODE, migrate it, and store the handle in *OUT (close it
 * with db_close).  On failure *OUT is NULL.  The handle has no mutex of its
 * own: use it from one thread at a time (every call into SQLite would
 * otherwise lock and unlock, a tenth of the time of a long scan). */
int db_open(const char *path, enum db_mode mode, sqlite3 **out, struct shequ_err *e);

/* Close DB (NULL is fine); a failure to close is ignored. */
void db_close(sqlite3 *db);

/* The busy timeout db_open() sets, in milliseconds ($SHEQU_BUSY_TIMEOUT or
 * DB_BUSY_TIMEOUT_MS), for code that lowers it for a while. */
int db_busy_timeout(void);

/* The schema version the database holds, and the newest this build knows. */
int db_schema_version(sqlite3 *db);
int db_schema_latest(void);

/* Run SQL (one or more statements, no results). */
int db_exec(sqlite3 *db, const char *sql, struct shequ_err *e);

/* Prepare SQL into *STMT; the caller finalizes it. */
int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, struct shequ_err *e);

/* BEGIN IMMEDIATE: take the write lock now, waiting up to the busy timeout
 * (EX_TEMPFAIL "database is busy" when another writer holds it). */
int db_begin(sqlite3 *db, struct shequ_err *e);
int db_commit(sqlite3 *db, struct shequ_err *e);
/* Roll back whatever transaction is open; safe to call when none is. */
void db_rollback(sqlite3 *db);

/* Turn an SQLite result code RC into a sysexits code and a message
 * "WHAT: sqlite's message" in E; returns the code. */
int db_fail(sqlite3 *db, int rc, const char *what, struct shequ_err *e);

/* The local time now, as "YYYY-MM-DD HH:MM:SS" in UTC, for audit columns. */
void db_now(char buf[20]);

#endif
