/* alert_scan.c - new readings and events judged by the rules; see
 * alert_scan.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "alert/alert_order.h"
#include "alert/alert_scan.h"
#include "alert/alert_use.h"
#include "db/db.h"
#include "domain/period.h"
#include "request/request_time.h"

int alert_scan_lock(const char *dbpath, int *fd, struct shequ_err *e)
{
	char path[4096];

	snprintf(path, sizeof path, "%s.scan-lock", dbpath);
	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return shequ_err_set(e, EX_CANTCREAT, "cannot open %s: %s", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB)) {
		int busy = errno == EWOULDBLOCK;

		close(*fd);
		*fd = -1;
		return busy ? shequ_err_set(e, EX_TEMPFAIL, "another scan is running")
			    : shequ_err_set(e, EX_IOERR, "cannot lock %s: %s", path,
					    strerror(errno));
	}
	return 0;
}

/* The statements a scan keeps prepared. */
enum { SC_LOAD, SC_LOAD_ALL, SC_AWAY, SC_ACTIVE, SC_LAST, SC_OPEN, SC_NSTMTS };

static const char *const sqls[SC_NSTMTS] = {
    "SELECT at, litres, reset FROM alert_reading WHERE device_id = ?1 AND at >= "
    "coalesce((SELECT max(at) FROM alert_reading WHERE device_id = ?1 AND at <= ?2), ?2) "
    "ORDER BY at",
    "SELECT at, litres, reset FROM alert_reading WHERE device_id = ?1 ORDER BY at",
    "SELECT count(*) FROM alert_away a JOIN alert_device d ON d.person_id = a.person_id "
    "WHERE d.id = ?1 AND a.first_day <= ?2 AND a.last_day >= ?2",
    "SELECT count(*) FROM alert_device WHERE id = ?1 AND (installed IS NULL OR installed <= "
    "?2) AND (removed IS NULL OR removed > ?2)",
    "SELECT max(since) FROM alert WHERE device_id = ?1 AND rule = ?2",
    "SELECT id, since, cleared IS NOT NULL FROM alert WHERE device_id = ?1 AND rule = ?2 "
    "AND closed IS NULL",
};

/* A scan in progress. */
struct scan {
	sqlite3 *db;
	const struct alert_conf *c;
	const struct alert_scan_opts *o;
	FILE *out;
	struct alert_scan_stats *st;
	sqlite3_stmt *s[SC_NSTMTS];
	struct alert_reading *r; /* the readings of one device */
	double *cum;
	size_t n, cap;
};

/* A count from statement K bound to DEVICE and the day of moment AT. */
static int count_on_day(struct scan *sc, int k, long long device, long long at, long long *v,
			struct shequ_err *e)
{
	sqlite3_stmt *st = sc->s[k];
	char day[11];
	int rc;

	day_format((int)(at / 86400), day);
	sqlite3_bind_int64(st, 1, device);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(sc->db, rc, "scan", e);
}

/* Raise A unless its device was out of service or its person away then;
 * *RAISED says whether it was. */
static int try_raise(struct scan *sc, const struct alert_new *a, int *raised, struct shequ_err *e)
{
	long long active, away = 0;
	int rc;

	*raised = 0;
	if ((rc = count_on_day(sc, SC_ACTIVE, a->device, a->since, &active, e)) ||
	    (a->rule->away && (rc = count_on_day(sc, SC_AWAY, a->device, a->since, &away, e))))
		return rc;
	if (!active || away)
		return 0;
	if ((rc = alert_raise(sc->db, a, sc->o->now, sc->out, e)))
		return rc;
	sc->st->raised++;
	*raised = 1;
	return 0;
}

/* The reading of row ST (at, litres, reset) into the next slot of SC's
 * readings. */
static int reading_push(struct scan *sc, sqlite3_stmt *st, struct shequ_err *e)
{
	struct alert_reading *x;

	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? 2 * sc->cap : 1024;
		double *c;

		if (!(x = realloc(sc->r, cap * sizeof *x)) ||
		    (sc->r = x, !(c = realloc(sc->cum, cap * sizeof *c))))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		sc->cum = c;
		sc->cap = cap;
	}
	x = &sc->r[sc->n++];
	x->at = sqlite3_column_int64(st, 0);
	x->litres = sqlite3_column_double(st, 1);
	x->reset = sqlite3_column_int(st, 2);
	return 0;
}

/* Load the readings of DEVICE from the last at or before FROM on, or
 * every one when ALL. */
static int load_readings(struct scan *sc, long long device, long long from, int all,
			 struct shequ_err *e)
{
	sqlite3_stmt *st = sc->s[all ? SC_LOAD_ALL : SC_LOAD];
	int rc;

	sqlite3_bind_int64(st, 1, device);
	if (!all)
		sqlite3_bind_int64(st, 2, from);
	sc->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = reading_push(sc, st, e)))
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return e->code ? rc : db_fail(sc->db, rc, "readings", e);
	alert_use_cumulate(sc->r, sc->n, sc->cum);
	return 0;
}

/* The open alert of DEVICE and RULE into *ID (0: none), with the moment
 * its data was seen in *SINCE and whether it is cleared in *CLEARED.  Asked
 * for every device and rule of a rescan: the statement is kept. */
static int find_open(struct scan *sc, long long device, const char *rule, long long *id,
		     long long *since, int *cleared, struct shequ_err *e)
{
	sqlite3_stmt *st = sc->s[SC_OPEN];
	int rc;

	sqlite3_bind_int64(st, 1, device);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	*id = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		request_time_read((const char *)sqlite3_column_text(st, 1), since);
		*cleared = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(sc->db, rc, "alert", e);
}

/* What a met window of rule R showed, into A->detail. */
static void use_detail(const struct alert_rule *r, const struct alert_window *w,
		       struct alert_new *a)
{
	if (r->measure == ALERT_USE_EVERY)
		snprintf(a->detail, sizeof a->detail, "water in every %lld min for %lld h",
			 r->step / 60, r->window / 3600);
	else
		snprintf(a->detail, sizeof a->detail, "%.1f L in %lld h", w->litres,
			 r->window / 3600);
}

/* The moment of the data of the latest alert of DEVICE and rule R, open or
 * closed, into *T (-1: none): a rescan raises nothing up to it again. */
static int last_since(struct scan *sc, long long device, const struct alert_rule *r, long long *t,
		      struct shequ_err *e)
{
	sqlite3_stmt *st = sc->s[SC_LAST];
	int rc;

	sqlite3_bind_int64(st, 1, device);
	sqlite3_bind_text(st, 2, r->code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || request_time_read((const char *)sqlite3_column_text(st, 0), t))
		*t = -1;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(sc->db, rc, "alerts", e);
}

/* Judge rule R on the loaded readings of DEVICE whose windows end at or
 * after moment FIRST: raise, or clear the open alert. */
static int judge_use(struct scan *sc, long long device, const struct alert_rule *r, long long first,
		     struct shequ_err *e)
{
	struct alert_new a = {.device = device, .rule = r};
	long long id, since = 0, floor;
	int rc, cleared = 0, raised;
	struct alert_use_cursor cur = {0};
	size_t i;

	if ((rc = find_open(sc, device, r->code, &id, &since, &cleared, e)) ||
	    (rc = last_since(sc, device, r, &floor, e)))
		return rc;
	for (i = 0; i < sc->n; i++) {
		struct alert_window w;

		if (sc->r[i].at < first || (!id && sc->r[i].at <= floor))
			continue;
		alert_use_window(sc->r, sc->cum, i, (int)r->measure, r->window, r->step,
				 r->threshold, &cur, &w);
		if (w.judged && w.met && !id) {
			a.since = sc->r[i].at;
			use_detail(r, &w, &a);
			if ((rc = try_raise(sc, &a, &raised, e)))
				return rc;
			if (raised &&
			    (rc = find_open(sc, device, r->code, &id, &since, &cleared, e)))
				return rc;
		} else if (w.judged && !w.met && id && !cleared && sc->r[i].at > since) {
			if ((rc = alert_clear(sc->db, id, sc->r[i].at, e)))
				return rc;
			sc->st->cleared++;
			cleared = 1;
		}
	}
	return 0;
}

/* A reading after a silent rule's alert clears it. */
static int judge_silent(struct scan *sc, long long device, const struct alert_rule *r,
			struct shequ_err *e)
{
	long long id, since = 0;
	int rc, cleared = 0;
	size_t i;

	if ((rc = find_open(sc, device, r->code, &id, &since, &cleared, e)) || !id || cleared)
		return rc;
	for (i = 0; i < sc->n; i++) {
		if (sc->r[i].at <= since)
			continue;
		sc->st->cleared++;
		return alert_clear(sc->db, id, sc->r[i].at, e);
	}
	return 0;
}

/* Every reading rule of KIND on DEVICE, whose new readings start at
 * FIRST, or all of whose readings are new when ALL (then FIRST is its
 * first, and they are counted as read). */
static int scan_device(struct scan *sc, long long device, const char *kind, long long first,
		       int all, struct shequ_err *e)
{
	long long w = 0;
	size_t i;
	int rc;

	for (i = 0; i < sc->c->nrules; i++)
		if (!strcmp(sc->c->rules[i].kind, kind) && sc->c->rules[i].window > w &&
		    sc->c->rules[i].measure != ALERT_EVENT)
			w = sc->c->rules[i].window;
	if (!w)
		return 0;
	if ((rc = load_readings(sc, device, first - w, all, e)))
		return rc;
	if (all) {
		if (!sc->n)
			return 0;
		first = sc->r[0].at;
		sc->st->readings += (long)sc->n;
	}
	for (i = 0; i < sc->c->nrules && !rc; i++) {
		const struct alert_rule *r = &sc->c->rules[i];

		if (strcmp(r->kind, kind) || r->measure == ALERT_EVENT)
			continue;
		rc = r->measure == ALERT_SILENT ? judge_silent(sc, device, r, e)
						: judge_use(sc, device, r, first, e);
	}
	return rc;
}

/* Every device, every reading of it new: the first scan, or a rescan.
 * Device by device, each one's readings in the order of the table's key,
 * so that every reading is read once and nothing is sorted. */
static int scan_all(struct scan *sc, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(sc->db, "SELECT id, kind FROM alert_device ORDER BY id", &st, e);

	if (rc)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = scan_device(sc, sqlite3_column_int64(st, 0),
				      (const char *)sqlite3_column_text(st, 1), 0, 1, e)))
			break;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return e->code ? rc : db_fail(sc->db, rc, "readings", e);
}

/* The devices with readings of the imports up to TO that no scan has read
 * (their batches), each from its earliest new reading. */
static int scan_batches(struct scan *sc, long long to, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(sc->db,
			    "SELECT b.device_id, min(b.first_at), d.kind, sum(b.readings) FROM "
			    "alert_reading_batch b JOIN alert_device d ON d.id = b.device_id WHERE "
			    "b.import_id <= ?1 GROUP BY b.device_id",
			    &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sc->st->readings += sqlite3_column_int64(st, 3);
		if ((rc = scan_device(sc, sqlite3_column_int64(st, 0),
				      (const char *)sqlite3_column_text(st, 2),
				      sqlite3_column_int64(st, 1), 0, e)))
			break;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return e->code ? rc : db_fail(sc->db, rc, "readings", e);
}

/* The batches of the imports up to TO that no scan has read (see
 * scan_batches); every device when FROM (the import the last scan read up
 * to) is 0.  The batches read are deleted: the table holds only what the
 * next scan is to read. */
static int scan_readings(struct scan *sc, long long from, long long to, struct shequ_err *e)
{
	char sql[100];
	int rc = from ? scan_batches(sc, to, e) : scan_all(sc, e);

	if (rc)
		return rc;
	snprintf(sql, sizeof sql, "DELETE FROM alert_reading_batch WHERE import_id <= %lld", to);
	return db_exec(sc->db, sql, e);
}

/* One event as the scan reads it. */
struct scan_event {
	long long device, at;
	const char *event, *kind;
	double value, seconds;
	int has_value, has_seconds;
};

/* Whether event V meets event rule R. */
static int event_meets(const struct alert_rule *r, const struct scan_event *v)
{
	if (strcmp(r->event, v->event))
		return 0;
	if (r->has_threshold && (!v->has_value || v->value < r->threshold))
		return 0;
	return !(r->min_seconds > 0 && (!v->has_seconds || v->seconds < r->min_seconds));
}

/* Event V under event rule R: raise, or clear. */
static int judge_event(struct scan *sc, const struct alert_rule *r, const struct scan_event *v,
		       struct shequ_err *e)
{
	struct alert_new a = {.device = v->device, .rule = r, .since = v->at};
	long long id, since = 0, floor;
	int rc, cleared = 0, raised;

	if ((rc = find_open(sc, v->device, r->code, &id, &since, &cleared, e)))
		return rc;
	if (id && !cleared && *r->clear && !strcmp(r->clear, v->event) && v->at > since) {
		sc->st->cleared++;
		return alert_clear(sc->db, id, v->at, e);
	}
	if (id || !event_meets(r, v) || (rc = last_since(sc, v->device, r, &floor, e)) ||
	    v->at <= floor)
		return rc;
	if (v->has_value && v->has_seconds)
		snprintf(a.detail, sizeof a.detail, "%s %g for %g s", v->event, v->value,
			 v->seconds);
	else if (v->has_value)
		snprintf(a.detail, sizeof a.detail, "%s %g", v->event, v->value);
	else
		snprintf(a.detail, sizeof a.detail, "%s", v->event);
	return try_raise(sc, &a, &raised, e);
}

/* Every event of ids in (FROM, TO], in time order. */
static int scan_events(struct scan *sc, long long from, long long to, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(sc->db,
			    "SELECT e.device_id, e.at, e.event, e.value, e.seconds, d.kind FROM "
			    "alert_event e JOIN alert_device d ON d.id = e.device_id WHERE e.id > "
			    "?1 AND e.id <= ?2 ORDER BY e.at, e.id",
			    &st, e);
	size_t i;

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct scan_event v = {sqlite3_column_int64(st, 0),
				       0,
				       (const char *)sqlite3_column_text(st, 2),
				       (const char *)sqlite3_column_text(st, 5),
				       sqlite3_column_double(st, 3),
				       sqlite3_column_double(st, 4),
				       sqlite3_column_type(st, 3) != SQLITE_NULL,
				       sqlite3_column_type(st, 4) != SQLITE_NULL};

		request_time_read((const char *)sqlite3_column_text(st, 1), &v.at);
		sc->st->events++;
		rc = 0;
		for (i = 0; i < sc->c->nrules && !rc; i++)
			if (sc->c->rules[i].measure == ALERT_EVENT &&
			    !strcmp(sc->c->rules[i].kind, v.kind))
				rc = judge_event(sc, &sc->c->rules[i], &v, e);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return e->code ? rc : db_fail(sc->db, rc, "events", e);
}

/* Silent rule R: every device of its kind in service whose last reading,
 * or its installation, lies a window or more before now. */
static int scan_silent(struct scan *sc, const struct alert_rule *r, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc =
	    db_prepare(sc->db,
		       "SELECT d.id, coalesce((SELECT max(at) FROM alert_reading WHERE "
		       "device_id = d.id), CAST(strftime('%s', d.installed) AS INTEGER)) FROM "
		       "alert_device d "
		       "WHERE d.kind = ?1 AND d.removed IS NULL AND NOT EXISTS (SELECT 1 FROM "
		       "alert a WHERE a.device_id = d.id AND a.rule = ?2 AND a.closed IS NULL)",
		       &st, e);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->code, -1, SQLITE_STATIC);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct alert_new a = {.device = sqlite3_column_int64(st, 0), .rule = r};
		long long t = sqlite3_column_int64(st, 1), floor;
		char last[REQUEST_TIME_SIZE];
		int raised;

		rc = 0;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL || t + r->window > sc->o->now ||
		    (rc = last_since(sc, a.device, r, &floor, e)) || t + r->window <= floor)
			continue;
		a.since = t + r->window;
		request_time_format(t, last);
		snprintf(a.detail, sizeof a.detail, "no reading since %s", last);
		rc = try_raise(sc, &a, &raised, e);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return e->code ? rc : db_fail(sc->db, rc, "silent meters", e);
}

/* Two integers from SQL into A and B (0 when there is no row). */
static int two_ints(sqlite3 *db, const char *sql, long long *a, long long *b, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, sql, &st, e);

	if (rc)
		return rc;
	*a = *b = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*a = sqlite3_column_int64(st, 0);
		*b = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "scan", e);
}

/* Remember that the scan read the readings of imports up to R and the
 * events up to id V at NOW. */
static int state_write(sqlite3 *db, long long r, long long v, long long now, struct shequ_err *e)
{
	char when[REQUEST_TIME_SIZE], sql[200];

	request_time_format(now, when);
	snprintf(
	    sql, sizeof sql,
	    "INSERT OR REPLACE INTO alert_scan (id, reading_import, event_id, at) VALUES (1, %lld, "
	    "%lld, '%s')",
	    r, v, when);
	return db_exec(db, sql, e);
}

/* Inside the transaction: every pass of a scan. */
static int scan_in(struct scan *sc, struct shequ_err *e)
{
	long long last_r = 0, last_e = 0, max_r, max_e;
	size_t i;
	int rc;

	if ((!sc->o->full &&
	     (rc = two_ints(sc->db, "SELECT reading_import, event_id FROM alert_scan WHERE id = 1",
			    &last_r, &last_e, e))) ||
	    (rc = two_ints(sc->db,
			   "SELECT (SELECT coalesce(max(id), 0) FROM import_log), (SELECT "
			   "coalesce(max(id), 0) FROM alert_event)",
			   &max_r, &max_e, e)))
		return rc;
	/* A scan of what is new touches a page or two of every meter (is it
	 * silent?): mapped, they cost no read each.  A rescan reads the whole
	 * file, which mapped would all count as the process's memory. */
	if (last_r && (rc = db_exec(sc->db, "PRAGMA mmap_size = 268435456", e)))
		return rc;
	if ((rc = scan_readings(sc, last_r, max_r, e)) || (rc = scan_events(sc, last_e, max_e, e)))
		return rc;
	for (i = 0; i < sc->c->nrules && !rc; i++)
		if (sc->c->rules[i].measure == ALERT_SILENT)
			rc = scan_silent(sc, &sc->c->rules[i], e);
	if (rc || (rc = alert_escalate(sc->db, sc->c, sc->o->now, &sc->st->escalated, e)))
		return rc;
	return state_write(sc->db, max_r, max_e, sc->o->now, e);
}

/* Prepare, begin, scan, commit. */
static int scan_run(struct scan *sc, struct shequ_err *e)
{
	int i, rc = 0;

	/* SQLite's own small page cache: a rescan reads every page once, in
	 * the order of the key, and comes back to none (a large cache only
	 * costs the memory it fills). */
	for (i = 0; i < SC_NSTMTS && !rc; i++)
		rc = db_prepare(sc->db, sqls[i], &sc->s[i], e);
	if (rc || (rc = db_begin(sc->db, e)))
		return rc;
	if ((rc = scan_in(sc, e)) || (rc = db_commit(sc->db, e)))
		db_rollback(sc->db);
	return rc;
}

int alert_scan(sqlite3 *db, const struct alert_conf *c, const struct alert_scan_opts *o, FILE *out,
	       struct alert_scan_stats *st, struct shequ_err *e)
{
	struct scan sc = {.db = db, .c = c, .o = o, .st = st};
	char *buf = NULL;
	size_t len = 0;
	int i, rc;

	memset(st, 0, sizeof *st);
	if (!(sc.out = open_memstream(&buf, &len)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = scan_run(&sc, e);
	fclose(sc.out);
	if (!rc && len && fwrite(buf, 1, len, out) != len)
		rc = shequ_err_set(e, EX_IOERR, "cannot write the alerts: %s", strerror(errno));
	free(buf);
	for (i = 0; i < SC_NSTMTS; i++)
		sqlite3_finalize(sc.s[i]);
	free(sc.r);
	free(sc.cum);
	return rc;
}
