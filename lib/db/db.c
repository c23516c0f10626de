/* db.c - open, migrate and lock the shared database; see db.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/natural.h"
#include "db/db.h"
#include "db/migrations.h"

const char *db_default_path(const char *opt)
{
	const char *env;

	if (opt && *opt)
		return opt;
	env = getenv("SHEQU_DB");
	if (env && *env)
		return env;
	return "shequ.db";
}

int db_fail(sqlite3 *db, int rc, const char *what, struct shequ_err *e)
{
	const char *why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	int code;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: {
		/* Name the file: "database: database is busy" would say nothing. */
		const char *file = db ? sqlite3_db_filename(db, "main") : NULL;

		return shequ_err_set(e, EX_TEMPFAIL,
				     "%s: database is busy (another program is writing); "
				     "try again later",
				     file && *file ? file : what);
	}
	case SQLITE_FULL:
	case SQLITE_IOERR:
		code = EX_IOERR;
		break;
	case SQLITE_CANTOPEN:
		code = EX_NOINPUT;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		code = EX_DATAERR;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		code = EX_CANTCREAT;
		break;
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
		code = EX_DATAERR;
		break;
	default:
		code = EX_SOFTWARE;
	}
	return shequ_err_set(e, code, "%s: %s", what, why);
}

int db_exec(sqlite3 *db, const char *sql, struct shequ_err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	sqlite3_free(msg);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "database", e);
	return 0;
}

int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, struct shequ_err *e)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, stmt, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, "database", e);
	return 0;
}

int db_begin(sqlite3 *db, struct shequ_err *e)
{
	return db_exec(db, "BEGIN IMMEDIATE", e);
}

int db_commit(sqlite3 *db, struct shequ_err *e)
{
	return db_exec(db, "COMMIT", e);
}

void db_rollback(sqlite3 *db)
{
	if (db && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int db_schema_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_schema_latest(void)
{
	return shequ_migrations_count ? shequ_migrations[shequ_migrations_count - 1].version : 0;
}

/* Apply every migration newer than the database, each in its own
 * transaction together with the new user_version. */
static int db_migrate(sqlite3 *db, const char *path, struct shequ_err *e)
{
	int have, rc = 0;
	size_t i;
	char sql[64];

	have = db_schema_version(db);
	if (have < 0)
		return db_fail(db, sqlite3_errcode(db), path, e);
	if (have > db_schema_latest())
		return shequ_err_set(e, EX_CONFIG,
				     "%s: schema version %d is newer than this shequ knows (%d); "
				     "upgrade shequ",
				     path, have, db_schema_latest());
	for (i = 0; i < shequ_migrations_count; i++) {
		const struct shequ_migration *m = &shequ_migrations[i];

		if (m->version <= have)
			continue;
		if ((rc = db_begin(db, e)))
			break;
		/* Another process may have migrated while we waited. */
		if (db_schema_version(db) >= m->version) {
			db_rollback(db);
			continue;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
		if ((rc = db_exec(db, m->sql, e)) || (rc = db_exec(db, sql, e)) ||
		    (rc = db_commit(db, e))) {
			shequ_err_prefix(e, "%s: migration %s: ", path, m->name);
			db_rollback(db);
			break;
		}
	}
	return rc;
}

/* Create PATH empty with mode 0600 unless it exists; SQLite then fills it. */
static int db_create_file(const char *path, struct shequ_err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return shequ_err_set(e, EX_CANTCREAT, "cannot create database %s: %s", path,
				     strerror(errno));
	}
	close(fd);
	return 0;
}

/*
 * Put DB in WAL mode.  Leaving a rollback journal (a new file, or an
 * import loading with one, see import.c) needs the database to itself, and
 * SQLite answers "busy" at once rather than calling the busy handler: so
 * wait here, up to the busy timeout, like every other lock.
 */
static int db_wal(sqlite3 *db, struct shequ_err *e)
{
	int waited = 0, rc;

	for (;;) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		if (waited >= db_busy_timeout())
			break;
		sqlite3_sleep(20);
		waited += 20;
	}
	return rc == SQLITE_OK ? 0 : db_fail(db, rc, "database", e);
}

int db_busy_timeout(void)
{
	const char *env = getenv("SHEQU_BUSY_TIMEOUT");

	return env && *env ? atoi(env) : DB_BUSY_TIMEOUT_MS;
}

/* Register the collation "natsort" on DB: places are listed in one order
 * everywhere, SQL sorting with the C comparison (base/natural.h). */
static int db_collations(sqlite3 *db, struct shequ_err *e)
{
	int rc =
	    sqlite3_create_collation(db, NATURAL_COLLATION, SQLITE_UTF8, NULL, natural_collation);

	return rc == SQLITE_OK ? 0 : db_fail(db, rc, "database", e);
}

int db_open(const char *path, enum db_mode mode, sqlite3 **out, struct shequ_err *e)
{
	static int configured;
	sqlite3 *db = NULL;
	struct stat st;
	int rc;

	*out = NULL;
	if (stat(path, &st) != 0) {
		if (mode != DB_CREATE)
			return shequ_err_set(e, EX_NOINPUT,
					     "%s: no such database (create one with shequ-db init "
					     "or shequ-import)",
					     path);
		if ((rc = db_create_file(path, e)))
			return rc;
	} else if (!S_ISREG(st.st_mode)) {
		return shequ_err_set(e, EX_NOINPUT, "%s: not a regular file", path);
	}
	/*
	 * Nothing reads SQLite's counts of the memory in use; without them it
	 * allocates without taking a global lock each time.  Only possible
	 * before SQLite is first used, so once.
	 */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	/* One connection per thread: SQLite's own locking of it is waste. */
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, path, e);
		sqlite3_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db, db_busy_timeout());
	sqlite3_extended_result_codes(db, 0);
	if ((rc = db_collations(db, e)) || (rc = db_exec(db, "PRAGMA foreign_keys = ON", e)))
		goto fail;
	/* An unreadable header shows up on the first real query. */
	if (db_schema_version(db) < 0) {
		rc = db_fail(db, sqlite3_errcode(db), path, e);
		goto fail;
	}
	/* A new file gets 16 KiB pages (only possible before its first table):
	 * shallower B-trees, a third less time for the random inserts into the
	 * registry's ID index. */
	if (db_schema_version(db) == 0 && (rc = db_exec(db, "PRAGMA page_size = 16384", e)))
		goto fail;
	if ((rc = db_wal(db, e)) || (rc = db_exec(db, "PRAGMA synchronous = NORMAL", e))) {
		shequ_err_prefix(e, "%s: ", path);
		goto fail;
	}
	if ((rc = db_migrate(db, path, e)))
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return rc;
}

void db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

void db_now(char buf[20])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 20, "%Y-%m-%d %H:%M:%S", &tm);
}
