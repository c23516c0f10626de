/* db.c - open, migrate and lock the shared database; see db.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
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

int db_schema_sql(sqlite3 *db, const char *type, const char *name, char **sql, struct shequ_err *e)
{
	sqlite3_stmt *st;
	const char *text;
	int rc =
	    db_prepare(db, "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2", &st, e);

	*sql = NULL;
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (text = (const char *)sqlite3_column_text(st, 0)) &&
	    !(*sql = strdup(text)))
		rc = SQLITE_NOMEM;
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "schema", e);
}

int db_drop(sqlite3 *db, const char *type, const char *name, struct shequ_err *e)
{
	char drop[128];

	if ((size_t)snprintf(drop, sizeof drop, "DROP %s %s", type, name) >= sizeof drop)
		return shequ_err_set(e, EX_SOFTWARE, "%s: name too long", name);
	return db_exec(db, drop, e);
}

int db_lift(sqlite3 *db, const char *type, const char *name, char **sql, struct shequ_err *e)
{
	int rc = db_schema_sql(db, type, name, sql, e);

	return rc || !*sql ? rc : db_drop(db, type, name, e);
}

int db_put_back(sqlite3 *db, char **sql, struct shequ_err *e)
{
	int rc = *sql ? db_exec(db, *sql, e) : 0;

	free(*sql);
	*sql = NULL;
	return rc;
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

/*
 * $SHEQU_BUSY_TIMEOUT as milliseconds: DB_BUSY_TIMEOUT_MS when unset or
 * empty, the value when it is a whole number from 0 to DB_BUSY_TIMEOUT_MAX,
 * else -1 (db_open refuses it: a typing slip must not quietly mean "do not
 * wait at all").
 */
static int db_busy_timeout_env(void)
{
	const char *env = getenv("SHEQU_BUSY_TIMEOUT");
	char *end;
	long v;

	if (!env || !*env)
		return DB_BUSY_TIMEOUT_MS;
	errno = 0;
	v = strtol(env, &end, 10);
	if (errno || *end || end == env || v < 0 || v > DB_BUSY_TIMEOUT_MAX)
		return -1;
	return (int)v;
}

int db_busy_timeout(void)
{
	int ms = db_busy_timeout_env();

	return ms < 0 ? DB_BUSY_TIMEOUT_MS : ms;
}

/* 1 if this process may create files in the folder that holds PATH. */
static int db_folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == path)
		return access("/", W_OK) == 0;
	dir = strndup(path, (size_t)(slash - path));
	ok = dir && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/*
 * Check PATH before SQLite sees it: it must be a regular file this process
 * may read (and, in the writing modes, write, in a folder where SQLite can
 * keep its journal).  A missing file is created in DB_CREATE mode.
 */
static int db_file_check(const char *path, enum db_mode mode, struct shequ_err *e)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == EACCES)
			return shequ_err_set(e, EX_NOINPUT, "%s: permission denied: %s", path,
					     _("cannot reach the database"));
		if (mode != DB_CREATE)
			return shequ_err_set(e, EX_NOINPUT,
					     "%s: no such database (create one with shequ-db init "
					     "or shequ-import)",
					     path);
		return db_create_file(path, e);
	}
	if (!S_ISREG(st.st_mode))
		return shequ_err_set(e, EX_NOINPUT, "%s: not a regular file", path);
	if (access(path, R_OK) != 0)
		return shequ_err_set(e, EX_NOINPUT, "%s: permission denied: %s", path,
				     _("cannot read the database"));
	if (mode < DB_WRITE)
		return 0;
	if (access(path, W_OK) != 0)
		return shequ_err_set(
		    e, EX_CANTCREAT, "%s: permission denied: %s", path,
		    _("cannot write the database (commands that only read still work)"));
	if (!db_folder_writable(path))
		return shequ_err_set(
		    e, EX_CANTCREAT, "%s: permission denied: %s", path,
		    _("cannot write in its folder, where SQLite keeps its journal"));
	return 0;
}

/* 1 if PATH is an SQLite file in WAL mode (its header's read and write
 * versions are 2), read from the header itself. */
static int db_file_is_wal(const char *path)
{
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, h, sizeof h);
	close(fd);
	return n == (ssize_t)sizeof h && memcmp(h, "SQLite format 3", 16) == 0 &&
	       (h[18] == 2 || h[19] == 2);
}

/* 1 if the WAL file beside PATH exists. */
static int db_wal_exists(const char *path)
{
	char *wal = sqlite3_mprintf("%s-wal", path);
	int yes = wal && access(wal, F_OK) == 0;

	sqlite3_free(wal);
	return yes;
}

/* "file:PATH?immutable=1" with PATH percent-encoded, from sqlite3_malloc. */
static char *db_immutable_uri(const char *path)
{
	sqlite3_str *s = sqlite3_str_new(NULL);
	const unsigned char *p;

	/* An absolute path gets an empty authority: "file:///..." */
	sqlite3_str_appendall(s, path[0] == '/' ? "file://" : "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			sqlite3_str_appendchar(s, 1, (char)*p);
		else
			sqlite3_str_appendf(s, "%%%02X", *p);
	}
	sqlite3_str_appendall(s, "?immutable=1");
	return sqlite3_str_finish(s);
}

/*
 * Open PATH for MODE into *DB.  The writing modes open it read-write.  A
 * reader that may write the file and its folder opens it read-write too,
 * made read-only by PRAGMA query_only (db_connection_setup): then, like
 * every writer, it removes SQLite's -wal and -shm files when it is the last
 * to close.  A reader that may not opens it read-only; and when the file is
 * in WAL mode with no -wal beside it (nobody has it open), SQLite would have
 * to create the -wal and -shm files (impossible in a read-only folder, and
 * files owned by the reader in a writable one would lock out the owner),
 * so the file is read as it stands ("immutable"): complete, as nobody has
 * it open, though a writer that starts meanwhile is not seen.
 */
static int db_connect(const char *path, enum db_mode mode, sqlite3 **db, struct shequ_err *e)
{
	/* One connection per thread: SQLite's own locking of it is waste. */
	int flags = SQLITE_OPEN_NOMUTEX, rc;
	char *uri = NULL;

	if (mode >= DB_WRITE || (access(path, W_OK) == 0 && db_folder_writable(path)))
		flags |= SQLITE_OPEN_READWRITE;
	else if (db_file_is_wal(path) && !db_wal_exists(path))
		uri = db_immutable_uri(path);
	else
		flags |= SQLITE_OPEN_READONLY;
	if (uri)
		flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
	rc = sqlite3_open_v2(uri ? uri : path, db, flags, NULL);
	sqlite3_free(uri);
	if (rc != SQLITE_OK) {
		rc = db_fail(*db, rc, path, e);
		sqlite3_close(*db);
		*db = NULL;
	}
	return rc;
}

/* Register the collations the tools' queries use (natural.h), so that C
 * and SQL sort names alike. */
static int db_collations(sqlite3 *db, struct shequ_err *e)
{
	int rc =
	    sqlite3_create_collation(db, NATURAL_COLLATION, SQLITE_UTF8, NULL, natural_collation);

	return rc == SQLITE_OK ? 0 : db_fail(db, rc, "database", e);
}

/* What every connection gets: the busy timeout, plain result codes, the
 * collations, foreign keys; and, for a reader, no writing at all. */
static int db_connection_setup(sqlite3 *db, enum db_mode mode, struct shequ_err *e)
{
	int rc;

	sqlite3_busy_timeout(db, db_busy_timeout());
	sqlite3_extended_result_codes(db, 0);
	if ((rc = db_collations(db, e)))
		return rc;
	if ((rc = db_exec(db, "PRAGMA foreign_keys = ON", e)))
		return rc;
	if (mode < DB_WRITE && (rc = db_exec(db, "PRAGMA query_only = ON", e)))
		return rc;
	return 0;
}

/* In DB_CREATE mode, a file of schema version 0 must be blank (a new or
 * empty file): the shequ schema is never written into another program's
 * database. */
static int db_blank_check(sqlite3 *db, const char *path, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc, n = -1;

	if ((rc = db_prepare(db, "SELECT count(*) FROM sqlite_schema", &st, e)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n < 0)
		return db_fail(db, sqlite3_errcode(db), path, e);
	if (n > 0)
		return shequ_err_set(e, EX_NOINPUT,
				     "%s: not a shequ database (it holds another program's tables; "
				     "shequ adds none of its own)",
				     path);
	return 0;
}

/*
 * Refuse in MODE what is not a shequ database MODE may use, before anything
 * is written: a file that is not SQLite, an SQLite file without the shequ
 * schema (unless DB_CREATE finds it blank), a schema newer than this build
 * knows, and, for DB_READ, an older one that needs migrating.  *HAVE gets
 * the schema version.
 */
static int db_schema_check(sqlite3 *db, const char *path, enum db_mode mode, int *have,
			   struct shequ_err *e)
{
	/* An unreadable header shows up on the first real query. */
	*have = db_schema_version(db);
	if (*have < 0 && (sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB)
		return shequ_err_set(e, EX_NOINPUT, "%s: not a shequ database (%s)", path,
				     _("not an SQLite file at all"));
	if (*have < 0)
		return db_fail(db, sqlite3_errcode(db), path, e);
	if (*have == 0 && mode != DB_CREATE)
		return shequ_err_set(e, EX_NOINPUT,
				     "%s: not a shequ database (create one with shequ-db init "
				     "or shequ-import)",
				     path);
	if (*have == 0)
		return db_blank_check(db, path, e);
	if (*have > db_schema_latest())
		return shequ_err_set(e, EX_CONFIG,
				     "%s: schema version %d is newer than this shequ knows (%d); "
				     "upgrade shequ",
				     path, *have, db_schema_latest());
	if (*have < db_schema_latest() && mode == DB_READ)
		return shequ_err_set(e, EX_CONFIG,
				     "%s: schema version %d is older than this shequ's (%d); "
				     "bring it up to date with shequ-db init",
				     path, *have, db_schema_latest());
	return 0;
}

/*
 * Make DB, a shequ database of schema version HAVE (0: a blank file), ready
 * for writing: a blank file gets 16 KiB pages (only possible before its
 * first table: shallower B-trees, a third less time for the random inserts
 * into the registry's ID index), then WAL, and the migrations it lacks.
 */
static int db_prepare_writing(sqlite3 *db, const char *path, int have, struct shequ_err *e)
{
	int rc;

	if (have == 0 && (rc = db_exec(db, "PRAGMA page_size = 16384", e)))
		return rc;
	if ((rc = db_wal(db, e)) || (rc = db_exec(db, "PRAGMA synchronous = NORMAL", e))) {
		shequ_err_prefix(e, "%s: ", path);
		return rc;
	}
	return db_migrate(db, path, e);
}

int db_open(const char *path, enum db_mode mode, sqlite3 **out, struct shequ_err *e)
{
	static int configured;
	sqlite3 *db = NULL;
	int rc, have;

	*out = NULL;
	if (db_busy_timeout_env() < 0)
		return shequ_err_set(e, EX_CONFIG,
				     "SHEQU_BUSY_TIMEOUT: '%.40s' is not a number of milliseconds "
				     "(0 to %d)",
				     getenv("SHEQU_BUSY_TIMEOUT"), DB_BUSY_TIMEOUT_MAX);
	if ((rc = db_file_check(path, mode, e)))
		return rc;
	/*
	 * Nothing reads SQLite's counts of the memory in use; without them it
	 * allocates without taking a global lock each time.  Only possible
	 * before SQLite is first used, so once.
	 */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	if ((rc = db_connect(path, mode, &db, e)))
		return rc;
	if ((rc = db_connection_setup(db, mode, e)) ||
	    (rc = db_schema_check(db, path, mode, &have, e)))
		goto fail;
	if (mode >= DB_WRITE && (rc = db_prepare_writing(db, path, have, e)))
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
