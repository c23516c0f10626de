/*
 * db.h - the one SQLite database every tool shares.
 *
 * The file is chosen by --db, else $SHEQU_DB, else ./shequ.db.  Opening it
 * turns foreign keys on and sets a busy timeout; the writing modes also set
 * WAL and bring the schema up to date by the numbered migrations in
 * share/migrations/ (compiled in).  Nothing is written before the file is
 * known to be one the mode may use: a file that is not a shequ database is
 * refused with EX_NOINPUT, a schema newer than the newest migration with
 * EX_CONFIG, in every mode.  New files are created 0600: they hold personal
 * information.
 */
#ifndef SHEQU_DB_H
#define SHEQU_DB_H

#include <sqlite3.h>

#include "base/error.h"

/*
 * How a tool means to use the database.  Only DB_CREATE (shequ-db init and
 * the importers) makes a database; only the writing modes migrate one.
 */
enum db_mode {
	/* Read only: a shequ database of the current schema; an older one is
	 * refused with EX_CONFIG ("bring it up to date with shequ-db init").
	 * Nothing is written: no WAL switch, no migration, PRAGMA query_only.
	 * Works on a file the user may only read, in a folder the user may
	 * not write (see db_open). */
	DB_READ,
	/* Like DB_READ, but any shequ schema up to the current one: for
	 * looking at the file itself (shequ-db check, info, backup). */
	DB_INSPECT,
	/* Read and write an existing shequ database; an older schema is
	 * brought up to date (the tool is about to write it anyway). */
	DB_WRITE,
	/* Like DB_WRITE, and a missing or empty file becomes a new database.
	 * An SQLite file with tables but no shequ schema is still refused. */
	DB_CREATE,
};

/* Milliseconds a writer waits for another before giving up with EX_TEMPFAIL.
 * $SHEQU_BUSY_TIMEOUT (whole milliseconds, 0 to DB_BUSY_TIMEOUT_MAX)
 * overrides it; any other value makes db_open fail with EX_CONFIG rather
 * than quietly mean 0. */
#define DB_BUSY_TIMEOUT_MS 10000
#define DB_BUSY_TIMEOUT_MAX 86400000

/* The path to use: OPT when not NULL, else $SHEQU_DB, else "shequ.db". */
const char *db_default_path(const char *opt);

/* Open PATH in MODE (migrating it in the writing modes) and store the
 * handle in *OUT (close it with db_close).  On failure *OUT is NULL:
 * EX_NOINPUT for a missing file, one that is not a shequ database, or one
 * the user may not read ("permission denied"); EX_CANTCREAT for a writing
 * mode on a file or folder the user may not write; EX_CONFIG for a schema
 * MODE cannot use or a bad $SHEQU_BUSY_TIMEOUT.  The handle has no mutex of its
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

/*
 * Lifting a schema object for a bulk write: the CREATE statement of object
 * NAME of TYPE ("index", "trigger") into *SQL (malloc'd; NULL when there is
 * no such object), db_drop() drops it, db_lift() does both, and
 * db_put_back() makes it again from *SQL and frees it.  Inside a
 * transaction, a rollback puts it back by itself.
 */
int db_schema_sql(sqlite3 *db, const char *type, const char *name, char **sql, struct shequ_err *e);
int db_drop(sqlite3 *db, const char *type, const char *name, struct shequ_err *e);
int db_lift(sqlite3 *db, const char *type, const char *name, char **sql, struct shequ_err *e);
int db_put_back(sqlite3 *db, char **sql, struct shequ_err *e);

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
