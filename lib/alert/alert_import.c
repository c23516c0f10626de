/* alert_import.c - devices, readings and events from CSV, all or nothing;
 * see alert_import.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alert/alert_import_impl.h"
#include "alert/alert_use.h"
#include "base/csvin.h"
#include "base/names.h"
#include "db/db.h"
#include "domain/header_map.h"
#include "request/request_time.h"

/* The canonical names of enum ai_col, as alert/headers.csv names them. */
static const char *const col_names[AC_NCOLS] = {
    "device",  "kind",	       "compound",     "building",	"unit",	     "room",	"x",
    "y",       "id_number",    "contact_name", "contact_phone", "installed", "removed", "at",
    "reading", "reading_unit", "reset",	       "event",		"value",     "seconds",
};

static const char *const shapes[] = {"devices", "readings", "events"};

int ai_reject(struct ai_run *u, long line, int col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = csv_import_vreport(&u->ci, line, col, 1, fmt, ap);
	va_end(ap);
	return rc;
}

/* Settle the shape of U from the columns its header names. */
static int settle_shape(struct ai_run *u, struct shequ_err *e)
{
	u->shape = u->labels[AC_KIND] ? AI_DEVICES : u->labels[AC_EVENT] ? AI_EVENTS : AI_READINGS;
	u->st->shape = shapes[u->shape];
	if (!u->labels[AC_DEVICE] || (u->shape != AI_DEVICES && !u->labels[AC_AT]) ||
	    (u->shape == AI_READINGS && !u->labels[AC_READING]))
		return shequ_err_set(e, EX_DATAERR,
				     "1: needs 设备编号 (device) and 设备类型 (kind), 读数 "
				     "(reading) and 时间 (at), or 事件 (event) and 时间 (at)");
	return 0;
}

/* Open PATH, load the aliases, read the header and settle the shape. */
static int open_file(struct ai_run *u, struct header_map *rd, const char *path, struct shequ_err *e)
{
	struct csvin_opts co = {.encoding = u->o->encoding, .delim = u->o->delim};
	int rc = header_map_open(rd, path, &co, "alert/headers.csv", "alert", col_names, AC_NCOLS,
				 u->labels, e);

	return rc ? rc : settle_shape(u, e);
}

/* Check and store the row of LINE (csv_import_rows). */
static int row_of(void *u, long line, char **v, struct shequ_err *e)
{
	return ai_row(u, line, v, e);
}

/* ---- the queue of readings known to be new ----
 *
 * A meter platform's export runs in time order, every meter at each
 * moment: inserted as they come, each reading lands beside another
 * device's, anywhere in the (device, at) key, and the table's pages are
 * read and split all over.  Queued and sorted by device and time first,
 * a few hundred thousand at a time, each device's readings go in one run
 * onto the same pages. */

/* Readings queued before they are inserted: 256 Ki of them is 10 MiB. */
#define AI_QUEUE_ROWS 262144

int ai_queue_push(struct ai_run *u, const struct ai_queued *q, struct shequ_err *e)
{
	if (!u->queue && !(u->queue = malloc(AI_QUEUE_ROWS * sizeof *u->queue)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	u->queue[u->nqueue++] = *q;
	u->st->added++;
	return u->nqueue == AI_QUEUE_ROWS ? ai_queue_flush(u, e) : 0;
}

/* Queued readings A and B by device, then time. */
static int queued_cmp(const void *a, const void *b)
{
	const struct ai_queued *x = a, *y = b;

	if (x->device != y->device)
		return x->device < y->device ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Insert queued reading Q.  One row a statement: a statement of many rows
 * may fail halfway, so SQLite keeps a journal of every page it changes (on
 * disk: 3.4 GB for a month of 2,000 meters), which one row needs not. */
static int queued_insert(struct ai_run *u, const struct ai_queued *q, struct shequ_err *e)
{
	sqlite3_stmt *s = u->s[AS_READING_NEW];
	int rc;

	sqlite3_bind_int64(s, 1, q->device);
	sqlite3_bind_int64(s, 2, q->at);
	sqlite3_bind_double(s, 3, q->litres);
	sqlite3_bind_int(s, 4, q->reset);
	sqlite3_bind_int64(s, 5, u->import_id);
	sqlite3_bind_int64(s, 6, q->line);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(u->db, rc, "alert import", e);
}

int ai_queue_flush(struct ai_run *u, struct shequ_err *e)
{
	size_t i, n = u->nqueue;
	int rc = 0;

	u->nqueue = 0;
	if (n == 0) /* the queue may never have been allocated */
		return 0;
	qsort(u->queue, n, sizeof *u->queue, queued_cmp);
	for (i = 0; i < n && !rc; i++)
		rc = queued_insert(u, &u->queue[i], e);
	return rc;
}

/* Read row ST (at, litres, reset, import_id, line) into R. */
static void reading_read(sqlite3_stmt *st, struct alert_reading *r, long long *import_id)
{
	r->at = sqlite3_column_int64(st, 0);
	r->litres = sqlite3_column_double(st, 1);
	r->reset = sqlite3_column_int(st, 2);
	*import_id = sqlite3_column_int64(st, 3);
	r->tag = (long)sqlite3_column_int64(st, 4);
}

int ai_backwards(struct ai_run *u, long line, const struct alert_reading *prev,
		 const struct alert_reading *cur)
{
	char when[REQUEST_TIME_SIZE];

	request_time_format(prev->at, when);
	return ai_reject(u, line, AC_READING,
			 "goes back from %.3f m³ (%s) to %.3f m³ without a reset marker",
			 prev->litres / 1000, when, cur->litres / 1000);
}

/* Walk the readings of one device from the one before FROM on, and report
 * each that goes backwards, at the line of this file that brought it (or
 * that brought the reading above it). */
static int check_device(struct ai_run *u, sqlite3_stmt *walk, long long dev, long long from,
			struct shequ_err *e)
{
	struct alert_reading prev, cur;
	long long cimp;
	int rc, first = 1;
	double used;

	sqlite3_bind_int64(walk, 1, dev);
	sqlite3_bind_int64(walk, 2, from);
	while ((rc = sqlite3_step(walk)) == SQLITE_ROW) {
		reading_read(walk, &cur, &cimp);
		if (!first && alert_use_delta(&prev, &cur, &used))
			ai_backwards(u, cimp == u->import_id ? cur.tag : prev.tag, &prev, &cur);
		prev = cur;
		first = 0;
	}
	sqlite3_reset(walk);
	return rc == SQLITE_DONE ? 0 : db_fail(u->db, rc, "check the readings", e);
}

/* Check the readings of every device this import brought readings for
 * (its batch), from the earliest it brought on; a device whose readings
 * all came after its others was checked as they came. */
static int check_readings(struct ai_run *u, struct shequ_err *e)
{
	sqlite3_stmt *touched = NULL, *walk = NULL;
	int rc =
	    db_prepare(u->db,
		       "SELECT b.device_id, b.first_at, d.code FROM alert_reading_batch b JOIN "
		       "alert_device d ON d.id = b.device_id WHERE b.import_id = ?1",
		       &touched, e);

	if (!rc)
		rc = db_prepare(u->db,
				"SELECT at, litres, reset, coalesce(import_id, 0), line FROM "
				"alert_reading WHERE device_id = ?1 AND at >= coalesce((SELECT "
				"max(at) FROM alert_reading WHERE device_id = ?1 AND at < ?2), ?2) "
				"ORDER BY at",
				&walk, e);
	if (!rc)
		sqlite3_bind_int64(touched, 1, u->import_id);
	while (!rc && (rc = sqlite3_step(touched)) == SQLITE_ROW) {
		const struct ai_known *x =
		    ai_known_find(u, (const char *)sqlite3_column_text(touched, 2));

		rc = 0;
		if (x && x->order == 1)
			continue; /* checked as its readings came */
		rc = check_device(u, walk, sqlite3_column_int64(touched, 0),
				  sqlite3_column_int64(touched, 1), e);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc && !e->code)
		rc = db_fail(u->db, rc, "check the readings", e);
	sqlite3_finalize(touched);
	sqlite3_finalize(walk);
	return rc;
}

/* Add N readings of device DEV from FIRST on to this import's batch. */
static int batch_store(struct ai_run *u, long long dev, long long first, long n,
		       struct shequ_err *e)
{
	sqlite3_stmt *s = u->s[AS_BATCH];
	int rc;

	sqlite3_bind_int64(s, 1, u->import_id);
	sqlite3_bind_int64(s, 2, dev);
	sqlite3_bind_int64(s, 3, first);
	sqlite3_bind_int64(s, 4, n);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(u->db, rc, "alert import", e);
}

int ai_batch_add(struct ai_run *u, struct ai_known *x, long long dev, long long at,
		 struct shequ_err *e)
{
	if (!x) /* not remembered: its row is kept in the table at once */
		return batch_store(u, dev, at, 1, e);
	if (!x->batch_n || at < x->batch_first)
		x->batch_first = at;
	x->batch_n++;
	return 0;
}

/* Write the batch of every remembered device this import stored readings
 * for: what the next scan reads. */
static int batch_write(struct ai_run *u, struct shequ_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < u->capknown && !rc; i++)
		if (u->known[i].code && u->known[i].batch_n)
			rc = batch_store(u, u->known[i].id, u->known[i].batch_first,
					 u->known[i].batch_n, e);
	return rc;
}

/* Inside the transaction: the log row, every row, the readings' check. */
static int import_in_transaction(void *reg, struct shequ_err *e)
{
	static const char *const regs[] = {"alert-devices", "alert-readings", "alert-events"};
	struct ai_run *u = reg;
	int rc;

	/* A year of readings touches the (device, at) index all over: a cache
	 * of 64 MiB keeps its pages in memory instead of re-reading them. */
	if ((rc = db_exec(u->db, "PRAGMA cache_size = -65536", e)) || (rc = ai_prepare(u, e)) ||
	    (rc = csv_import_log_begin(&u->ci, u->now, regs[u->shape], e)))
		return rc;
	u->import_id = u->ci.import_id;
	if ((rc = csv_import_rows(&u->ci, u->rd, AC_NCOLS, row_of, u, e)) ||
	    (rc = ai_queue_flush(u, e)))
		return rc;
	if (u->shape == AI_READINGS && ((rc = batch_write(u, e)) || (rc = check_readings(u, e))))
		return rc;
	if ((rc = csv_import_log_end(&u->ci, u->st->added, u->st->changed, u->st->unchanged, e)))
		return rc;
	return u->st->rejected ? EX_DATAERR : 0;
}

/* ---- a large file of readings: a rollback journal instead of WAL ----
 *
 * In WAL mode every page of an import is written twice, into the WAL and
 * then, at the checkpoint, into the database; a page cache too small for
 * a year of readings also reads spilled pages back from the WAL.  With a
 * rollback journal the pages the import adds at the end of the file are
 * written once, and only pages that were there before go to the journal.
 * Switching needs the database to itself: when another connection has it
 * open, the import stays in WAL.  Small files, a cron job's ten minutes,
 * stay in WAL, which lets readers read while they are written. */

/* A file of readings at least this large (about half a million readings)
 * is written with a rollback journal. */
#define AI_BULK_BYTES (16L << 20)

/* Set the journal mode of DB to MODE; whether it took. */
static int journal_mode(sqlite3 *db, const char *mode)
{
	char sql[64];
	sqlite3_stmt *st;
	int took = 0;

	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		took = !sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), mode);
	sqlite3_finalize(st);
	return took;
}

/* Whether the file of U at PATH is a large file of readings, now to be
 * written with a rollback journal. */
static int bulk_begin(struct ai_run *u, const char *path)
{
	struct stat sb;

	if (u->shape != AI_READINGS || stat(path, &sb) || !S_ISREG(sb.st_mode) ||
	    sb.st_size < AI_BULK_BYTES)
		return 0;
	return journal_mode(u->db, "truncate");
}

/* Free what U and RD hold. */
static void import_free(struct ai_run *u, struct header_map *rd)
{
	size_t i;

	for (i = 0; i < AS_NSTMTS; i++)
		sqlite3_finalize(u->s[i]);
	for (i = 0; i < AC_NCOLS; i++)
		free(u->labels[i]);
	for (i = 0; i < u->nseen; i++)
		free(u->seen[i].code);
	free(u->seen);
	for (i = 0; i < u->capknown; i++)
		free(u->known[i].code);
	free(u->known);
	free(u->queue);
	header_map_close(rd);
}

int alert_import_file(sqlite3 *db, const struct alert_conf *c, const char *path,
		      const struct alert_import_opts *o, struct alert_import_stats *st,
		      struct shequ_err *e)
{
	struct ai_run u = {.conf = c, .o = o, .st = st, .file = path, .db = db};
	struct header_map rd = {0};
	int rc;

	memset(st, 0, sizeof *st);
	u.rd = &rd;
	csv_import_init(&u.ci, db, path, u.labels, o->report, o->ctx, &st->rows, &st->rejected);
	st->shape = "devices";
	db_now(u.now);
	if (!(rc = open_file(&u, &rd, path, e))) {
		int bulk = bulk_begin(&u, path);

		rc = csv_import_transaction(&u.ci, o->dry_run, import_in_transaction, &u,
					    &st->committed, e);
		/* Back to WAL; should another connection hold it now, the
		 * next to open the database for writing puts it back. */
		if (bulk)
			journal_mode(db, "wal");
	}
	if (rc && e->code)
		header_map_err_at(e, path);
	import_free(&u, &rd);
	return rc;
}
