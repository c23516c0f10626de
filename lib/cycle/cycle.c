/* cycle.c - every due report exactly once; see cycle.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sha256.h"
#include "cycle/cycle.h"
#include "cycle/cycle_folder.h"
#include "cycle/cycle_make.h"
#include "cycle/cycle_stale.h"
#include "db/db.h"

/* The inspections of a period as they stood when its report was made, as
 * the summaries of its days say (inspection_summary, kept by triggers:
 * share/migrations/011-inspection-summary.sql). */
struct fingerprint {
	long long rows;	   /* inspection rows */
	long long total;   /* sum of their scores */
	long long changes; /* rows written, replaced or removed: never goes down */
	long long data;	   /* the change counters of the visits, services and orders
			      it shows (cycle_stale.h); never goes down either */
};

/* The recorded report of one kind and period, if any. */
struct made {
	long long id;		     /* its row in the report table */
	int revision;		     /* 0: never produced */
	int sealed;		     /* fp.changes was recorded (made since migration 011) */
	int data_sealed;	     /* fp.data was recorded (made since migration 014) */
	char made[20];		     /* when it was made (UTC) */
	struct fingerprint fp;	     /* the inspections it was made from */
	char last[32];		     /* their newest imported time, for a report not sealed */
	char sha256[65];	     /* of its workbook */
	char stat[CYCLE_STAT_BUFSZ]; /* its file when last found the same, or "" */
};

/* Why a report is made now; why_name[] is what the report table and -v say. */
enum why { WHY_NONE, WHY_DUE, WHY_STALE, WHY_MISSING, WHY_CHANGED };
static const char *const why_name[] = {[WHY_NONE] = "",
				       [WHY_DUE] = "due",
				       [WHY_STALE] = "stale",
				       [WHY_MISSING] = "missing",
				       [WHY_CHANGED] = "changed"};

/* One report a run is to make. */
struct todo {
	struct period p; /* its period, whose kind says which report */
	enum why why;	 /* why it is made */
	int revision;	 /* its newest revision on record; 0: none */
};

/* What a run learnt of one report that saves the next run from reading
 * it again (see cycle_seal_all). */
struct seal {
	long long id;		     /* the report's row */
	long long changes;	     /* its summaries' count, or -1: leave it */
	long long data;		     /* its other data's count, or -1: leave it */
	char stat[CYCLE_STAT_BUFSZ]; /* its file as found the same, or "": leave it */
};

/* One run of the cycle: what it was asked, where it writes, what it found. */
struct run {
	sqlite3 *db;
	const struct cycle_opts *o;
	struct cycle_folder folder; /* the reports folder */
	struct cycle_stats *st;	    /* what it did so far */
	struct todo *todo;	    /* the reports to make, in order; owned */
	size_t ntodo, cap;	    /* how many there are, and room for */
	struct seal *seals;	    /* what to keep of the reports left as they are; owned */
	size_t nseals, sealcap;	    /* how many there are, and room for */
	struct scoring_conf conf;   /* what the scorecard weighs, so what it shows */
	int status;		    /* EX_* of the last report that failed, or 0 */
};

int cycle_lock(const char *dbpath, int *fd, struct shequ_err *e)
{
	struct flock l = {
	    .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = CYCLE_LOCK_BYTE, .l_len = 1};

	/* The lock is on the file, not on its name: a symlink, a second
	 * path to the same folder or a relative name all reach it. */
	*fd = open(dbpath, O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return shequ_err_set(e, errno == ENOENT ? EX_NOINPUT : EX_CANTCREAT,
				     "cannot lock %s: %s", dbpath, strerror(errno));
	if (fcntl(*fd, F_OFD_SETLK, &l) != 0) {
		int busy = errno == EAGAIN || errno == EACCES;

		close(*fd);
		*fd = -1;
		if (busy)
			return shequ_err_set(
			    e, EX_TEMPFAIL, "another shequ-cycle is running on %s; try again later",
			    dbpath);
		return shequ_err_set(e, EX_IOERR, "cannot lock %s: %s", dbpath, strerror(errno));
	}
	return 0;
}

void cycle_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

int cycle_redo_check(const struct period *p, int today, struct shequ_err *e)
{
	char name[PERIOD_BUFSZ], end[PERIOD_BUFSZ];
	int first, last;

	period_bounds(p, &first, &last);
	if (last < today)
		return 0;
	period_format(p, name, sizeof name);
	day_format(last, end);
	return shequ_err_set(e, EX_USAGE, "%s has not closed yet: its last day is %s", name, end);
}

/* Read the fingerprint of the inspections from FIRST to LAST (day numbers)
 * from the summaries of those days: a row a day, whatever the history. */
static int cycle_fingerprint(sqlite3 *db, int first, int last, struct fingerprint *fp,
			     struct shequ_err *e)
{
	sqlite3_stmt *st;
	char a[PERIOD_BUFSZ], b[PERIOD_BUFSZ];
	int rc;

	day_format(first, a);
	day_format(last, b);
	if ((rc = db_prepare(db,
			     "SELECT coalesce(sum(rows), 0), coalesce(sum(score_sum), 0), "
			     "coalesce(sum(changes), 0) FROM inspection_summary "
			     "WHERE day BETWEEN ?1 AND ?2",
			     &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fp->rows = sqlite3_column_int64(st, 0);
		fp->total = sqlite3_column_int64(st, 1);
		fp->changes = sqlite3_column_int64(st, 2);
		rc = 0;
	} else {
		rc = db_fail(db, rc, "inspection summary", e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The change counters of the visits, services and orders the report of P
 * shows, into FP->data (cycle_stale.h). */
static int cycle_data_print(struct run *r, const struct period *p, struct fingerprint *fp,
			    struct shequ_err *e)
{
	struct cycle_deps d;

	cycle_stale_deps(p, &r->conf, &d);
	return cycle_stale_sum(r->db, &d, &fp->data, e);
}

/* Whether the inspections from FIRST to LAST are still those a report made
 * before the summaries existed was made from, judged as it was recorded then:
 * their rows, total score and newest imported time.  This reads the
 * period's inspections, once per such report: it is sealed afterwards. */
static int cycle_unchanged_since(sqlite3 *db, int first, int last, const struct made *m, int *same,
				 struct shequ_err *e)
{
	sqlite3_stmt *st;
	char a[PERIOD_BUFSZ], b[PERIOD_BUFSZ];
	int rc;

	day_format(first, a);
	day_format(last, b);
	if ((rc = db_prepare(
		 db,
		 "SELECT count(*) = ?3 AND coalesce(sum(score), 0) = ?4 AND "
		 "coalesce(max(imported), '') = ?5 FROM inspection WHERE day BETWEEN ?1 AND ?2",
		 &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, m->fp.rows);
	sqlite3_bind_int64(st, 4, m->fp.total);
	sqlite3_bind_text(st, 5, m->last, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*same = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = db_fail(db, rc, "inspections", e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Note for report ID what the next run compares with instead of reading
 * more: its summaries' count CHANGES and its other data's count DATA (-1:
 * none), its file's STAT (NULL: none). */
static int cycle_note_seal(struct run *r, long long id, long long changes, long long data,
			   const char *stat, struct shequ_err *e)
{
	struct seal *z;

	if (r->nseals && r->seals[r->nseals - 1].id == id) {
		z = &r->seals[r->nseals - 1]; /* the same report: both facts in one */
	} else {
		if (r->nseals == r->sealcap) {
			size_t cap = r->sealcap ? 2 * r->sealcap : 64;
			struct seal *more = realloc(r->seals, cap * sizeof *more);

			if (!more)
				return shequ_err_set(e, EX_SOFTWARE, "out of memory");
			r->seals = more;
			r->sealcap = cap;
		}
		z = &r->seals[r->nseals++];
		*z = (struct seal){.id = id, .changes = -1, .data = -1};
	}
	if (changes >= 0)
		z->changes = changes;
	if (data >= 0)
		z->data = data;
	if (stat)
		snprintf(z->stat, sizeof z->stat, "%s", stat);
	return 0;
}

/* Write what the run noted of the reports it left as they are, in one
 * transaction.  They only save work: when the database is busy or the
 * write fails, they are dropped, and the next run reads those reports
 * again. */
static void cycle_seal_all(struct run *r)
{
	struct shequ_err e = {0};
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if (!r->nseals || db_begin(r->db, &e))
		return;
	rc = db_prepare(r->db,
			"UPDATE report SET changes = coalesce(?1, changes), "
			"file_stat = coalesce(?2, file_stat), "
			"data_changes = coalesce(?4, data_changes) WHERE id = ?3",
			&st, &e);
	for (i = 0; !rc && i < r->nseals; i++) {
		const struct seal *z = &r->seals[i];

		sqlite3_reset(st);
		sqlite3_bind_null(st, 1);
		sqlite3_bind_null(st, 2);
		sqlite3_bind_null(st, 4);
		if (z->data >= 0)
			sqlite3_bind_int64(st, 4, z->data);
		if (z->changes >= 0)
			sqlite3_bind_int64(st, 1, z->changes);
		if (z->stat[0])
			sqlite3_bind_text(st, 2, z->stat, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, z->id);
		rc = sqlite3_step(st) != SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc || db_commit(r->db, &e))
		db_rollback(r->db);
}

/* Look up the newest recorded report of KIND and PERIOD into *M. */
static int cycle_made(sqlite3 *db, const char *kind, const char *period, struct made *m,
		      struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = db_prepare(db,
			     "SELECT id, revision, inspections, score_sum, changes, "
			     "coalesce(last_import, ''), sha256, coalesce(file_stat, ''), "
			     "data_changes, made "
			     "FROM report WHERE kind = ?1 AND period = ?2 "
			     "ORDER BY revision DESC LIMIT 1",
			     &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->revision = sqlite3_column_int(st, 1);
		m->fp.rows = sqlite3_column_int64(st, 2);
		m->fp.total = sqlite3_column_int64(st, 3);
		m->sealed = sqlite3_column_type(st, 4) != SQLITE_NULL;
		m->fp.changes = sqlite3_column_int64(st, 4);
		snprintf(m->last, sizeof m->last, "%s", (const char *)sqlite3_column_text(st, 5));
		snprintf(m->sha256, sizeof m->sha256, "%s",
			 (const char *)sqlite3_column_text(st, 6));
		snprintf(m->stat, sizeof m->stat, "%s", (const char *)sqlite3_column_text(st, 7));
		m->data_sealed = sqlite3_column_type(st, 8) != SQLITE_NULL;
		m->fp.data = sqlite3_column_int64(st, 8);
		snprintf(m->made, sizeof m->made, "%s", (const char *)sqlite3_column_text(st, 9));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "report", e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Record a produced report as the next revision of its kind and period,
 * inside the caller's transaction. */
static int cycle_record(sqlite3 *db, const char *kind, const char *period, const char *file,
			const char *sum, const struct fingerprint *fp, const char *reason,
			struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	char now[20];
	int rc;

	db_now(now);
	rc = db_prepare(
	    db,
	    "INSERT INTO report (kind, period, revision, made, file, sha256, inspections,"
	    " score_sum, changes, reason, data_changes) "
	    "VALUES (?1, ?2, (SELECT coalesce(max(revision), 0) + 1 FROM report "
	    "WHERE kind = ?1 AND period = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    &st, e);
	if (!rc) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, file, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, sum, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, fp->rows);
		sqlite3_bind_int64(st, 7, fp->total);
		sqlite3_bind_int64(st, 8, fp->changes);
		sqlite3_bind_text(st, 9, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 10, fp->data);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			rc = db_fail(db, rc, "report", e);
		else
			rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Write the report of period P in the temporary folder W, then record it
 * and rename it into place.  The fingerprint is read before the files are
 * written, so an import that lands meanwhile makes the report stale for
 * the next run, never lost. */
static int cycle_write(struct run *r, const struct period *p, struct cycle_work *w,
		       const char *reason, struct shequ_err *e)
{
	sqlite3 *db = r->db;
	char xlsx[PATH_MAX], csv[PATH_MAX], file[PATH_MAX], sum[65];
	struct fingerprint fp;
	int first, last, rc;

	period_bounds(p, &first, &last);
	if ((rc = cycle_fingerprint(db, first, last, &fp, e)) ||
	    (rc = cycle_data_print(r, p, &fp, e)) ||
	    (rc = cycle_work_path(w, "xlsx", xlsx, sizeof xlsx, e)) ||
	    (rc = cycle_work_path(w, "csv", csv, sizeof csv, e)) ||
	    (rc = cycle_folder_path(&r->folder, p->kind, w->name, "xlsx", file, sizeof file, e)) ||
	    (rc = cycle_make_report(db, p, csv, xlsx, e)) || (rc = sha256_file(xlsx, sum, e)))
		return rc;
	/* The record and the rename go together: the row is written first, the
	 * files renamed, then the row committed, so a kill leaves at worst a
	 * renamed file the next run makes and records again. */
	if ((rc = db_begin(db, e)))
		return rc;
	if (!(rc = cycle_record(db, period_kind_name(p->kind), w->name, file, sum, &fp, reason,
				e)) &&
	    !(rc = cycle_work_place(w, "xlsx", e)) && r->o->csv)
		rc = cycle_work_place(w, "csv", e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

/* Make, rename into place and record the report of period P, in a
 * temporary folder of its own. */
static int cycle_produce(struct run *r, const struct period *p, const char *reason,
			 struct shequ_err *e)
{
	char name[PERIOD_BUFSZ];
	struct cycle_work w;
	int rc;

	period_format(p, name, sizeof name);
	if ((rc = cycle_work_begin(&r->folder, p->kind, name, &w, e)))
		return rc;
	rc = cycle_write(r, p, &w, reason, e);
	cycle_work_end(&w);
	return rc;
}

/* The first inspection day on record, or 0 with *FOUND = 0 when none. */
static int cycle_first_day(sqlite3 *db, int *day, int *found, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	/* One step down the index on day. */
	if ((rc = db_prepare(db, "SELECT min(day) FROM inspection", &st, e)))
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_text(st, 0))
		*found = day_parse((const char *)sqlite3_column_text(st, 0), day, NULL) == 0;
	rc = rc == SQLITE_ROW ? 0 : db_fail(db, rc, "inspections", e);
	sqlite3_finalize(st);
	return rc;
}

/* Tell o->notify how report P went: made for the reason MSG when CODE is 0,
 * else failed because of MSG. */
static void cycle_tell(struct run *r, const struct period *p, int code, const char *msg)
{
	char name[PERIOD_BUFSZ];

	if (code) {
		r->st->failed++;
		r->status = code;
	}
	if (!r->o->notify)
		return;
	period_format(p, name, sizeof name);
	r->o->notify(r->o->ctx, code, period_kind_name(p->kind), name, msg);
}

/* Whether the visits, services and orders report M of P shows changed
 * since it was made (cycle_stale.h): NOW's counters against those it
 * recorded.  A report made before the counters existed is judged once by
 * what was imported after it was made, and sealed with the counters when
 * it is still fresh (read first, so an import in between is never hid). */
static int cycle_data_stale(struct run *r, const struct period *p, const struct made *m,
			    const struct fingerprint *now, int *stale, struct shequ_err *e)
{
	struct cycle_deps d;
	int rc;

	if (m->data_sealed) {
		*stale = now->data != m->fp.data;
		return 0;
	}
	cycle_stale_deps(p, &r->conf, &d);
	if ((rc = cycle_stale_since(r->db, &d, m->made, stale, e)))
		return rc;
	return *stale ? 0 : cycle_note_seal(r, m->id, -1, now->data, NULL, e);
}

/* Whether the inspections of P changed since its report M was made: an
 * inspection of P imported, replaced by another score or removed since
 * then has grown the changes of its day.  A report made before the
 * summaries existed is judged once as it was recorded then, and sealed
 * with the summaries' count when it is still fresh: that count is read
 * first, so an import landing in between makes it stale next time, never
 * hides.  Then the other data it shows (cycle_data_stale). */
static int cycle_is_stale(struct run *r, const struct period *p, const struct made *m, int *stale,
			  struct shequ_err *e)
{
	struct fingerprint now;
	int first, last, same = 0, rc;

	*stale = 0;
	period_bounds(p, &first, &last);
	if ((rc = cycle_fingerprint(r->db, first, last, &now, e)) ||
	    (rc = cycle_data_print(r, p, &now, e)))
		return rc;
	if (m->sealed) {
		*stale = now.changes != m->fp.changes || now.rows != m->fp.rows ||
			 now.total != m->fp.total;
	} else {
		if ((rc = cycle_unchanged_since(r->db, first, last, m, &same, e)))
			return rc;
		*stale = !same;
		if (same && (rc = cycle_note_seal(r, m->id, now.changes, -1, NULL, e)))
			return rc;
	}
	return *stale ? 0 : cycle_data_stale(r, p, m, &now, stale, e);
}

/* Decide whether report P is to be made now, and why, into *T.  The
 * database alone is not the cycle's memory: a workbook missing from the
 * reports folder (deleted, or a new --out) or changed there is made
 * again. */
static int cycle_decide(struct run *r, const struct period *p, struct todo *t, struct shequ_err *e)
{
	char name[PERIOD_BUFSZ], key_was[CYCLE_STAT_BUFSZ];
	enum cycle_held held;
	struct made m;
	int stale, rc;

	t->p = *p;
	t->why = WHY_NONE;
	period_format(p, name, sizeof name);
	if ((rc = cycle_made(r->db, period_kind_name(p->kind), name, &m, e)))
		return rc;
	t->revision = m.revision;
	if (!m.revision) {
		t->why = WHY_DUE;
		return 0;
	}
	if ((rc = cycle_is_stale(r, p, &m, &stale, e)))
		return rc;
	if (stale) {
		t->why = WHY_STALE;
		return 0;
	}
	snprintf(key_was, sizeof key_was, "%s", m.stat);
	if ((rc = cycle_folder_holds(&r->folder, p->kind, name, m.sha256, m.stat, &held, e)))
		return rc;
	/* Kept, so that the next run takes the same file without reading it. */
	if (held == CYCLE_HELD_SAME && strcmp(m.stat, key_was) != 0 &&
	    (rc = cycle_note_seal(r, m.id, -1, -1, m.stat, e)))
		return rc;
	t->why = held == CYCLE_HELD_MISSING   ? WHY_MISSING
		 : held == CYCLE_HELD_CHANGED ? WHY_CHANGED
					      : WHY_NONE;
	return 0;
}

/* Add T to the run's list of reports to make. */
static int cycle_add(struct run *r, const struct todo *t, struct shequ_err *e)
{
	if (r->ntodo == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct todo *more = realloc(r->todo, cap * sizeof *more);

		if (!more)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		r->todo = more;
		r->cap = cap;
	}
	r->todo[r->ntodo++] = *t;
	return 0;
}

/* Whether kind K is among those asked for. */
static int cycle_wants(const struct cycle_opts *o, enum period_kind k)
{
	return !o->kinds || (o->kinds & (1u << k));
}

/* List the reports to make, in the order they are made: every day from
 * START to the day before today, and on each the periods that end on it,
 * the day first, then its week, month and quarter.  The list stops one
 * past o->max_reports, which is enough to refuse it. */
static int cycle_plan(struct run *r, int start, struct shequ_err *e)
{
	int day, rc;

	for (day = start; day < r->o->today; day++) {
		enum period_kind k;

		for (k = PERIOD_DAY; k <= PERIOD_QUARTER; k++) {
			struct period p = period_of_day(k, day);
			struct todo t;
			int first, last;

			period_bounds(&p, &first, &last);
			if (last != day || !cycle_wants(r->o, k))
				continue;
			if ((rc = cycle_decide(r, &p, &t, e)))
				return rc;
			if (t.why != WHY_NONE && (rc = cycle_add(r, &t, e)))
				return rc;
			if (r->o->max_reports > 0 && r->ntodo > (size_t)r->o->max_reports)
				return 0;
		}
	}
	return 0;
}

/* Refuse a list longer than o->max_reports: one mistyped date (1800)
 * would otherwise run the cycle through every day since. */
static int cycle_refuse(struct run *r, struct shequ_err *e)
{
	char name[PERIOD_BUFSZ];
	const struct todo *t = &r->todo[0];

	if (r->o->max_reports <= 0 || r->ntodo <= (size_t)r->o->max_reports)
		return 0;
	period_format(&t->p, name, sizeof name);
	return shequ_err_set(e, EX_DATAERR,
			     "more than %d reports are due, from %s %s on; check the inspection "
			     "dates, or catch up on purpose with --catch-up-from DAY",
			     r->o->max_reports, period_kind_name(t->p.kind), name);
}

/* Make report T: the day's case scan first when a daily report is made for
 * the first time or because its inspections changed, so an inspection
 * imported late is hung up like one on time (the scan is idempotent: a day
 * scanned again opens nothing twice). */
static void cycle_one(struct run *r, const struct todo *t)
{
	struct shequ_err e = {0};
	int first, last, rc;

	period_bounds(&t->p, &first, &last);
	if (t->p.kind == PERIOD_DAY && (t->why == WHY_DUE || t->why == WHY_STALE)) {
		if ((rc = cycle_make_scan(r->db, first, &e)))
			goto fail;
		r->st->scanned++;
	}
	if ((rc = cycle_produce(r, &t->p, why_name[t->why], &e)))
		goto fail;
	if (t->revision)
		r->st->regenerated++;
	else
		r->st->made++;
	cycle_tell(r, &t->p, 0, why_name[t->why]);
	return;
fail:
	cycle_tell(r, &t->p, rc, e.msg);
}

/* Make the report of --redo again, and nothing else. */
static int cycle_redo(struct run *r)
{
	struct shequ_err e = {0};
	int rc = cycle_produce(r, r->o->redo, "redo", &e);

	if (!rc)
		r->st->regenerated++;
	cycle_tell(r, r->o->redo, rc, rc ? e.msg : "redo");
	return rc;
}

/* The due, stale and missing reports, from the first inspection (or
 * o->since) on.  Nothing is remembered between runs but the report table:
 * each run compares each report with the summaries of its days. */
static int cycle_catch_up(struct run *r, struct shequ_err *e)
{
	const struct cycle_opts *o = r->o;
	int first, found, rc;
	size_t i;

	if ((rc = cycle_first_day(r->db, &first, &found, e)))
		return rc;
	if (!found && o->since == CYCLE_SINCE_FIRST)
		return 0; /* no inspection yet: nothing is due */
	if ((rc = cycle_plan(r, o->since == CYCLE_SINCE_FIRST ? first : o->since, e)) ||
	    (rc = cycle_refuse(r, e)))
		return rc;
	cycle_seal_all(r);
	for (i = 0; i < r->ntodo; i++)
		cycle_one(r, &r->todo[i]);
	return 0;
}

int cycle_run(sqlite3 *db, const struct cycle_opts *o, struct cycle_stats *st, struct shequ_err *e)
{
	struct run r = {.db = db, .o = o, .st = st};
	int rc;

	memset(st, 0, sizeof *st);
	if ((rc = cycle_folder_open(&r.folder, o->out, e)))
		goto out;
	/* The scorecard's weights say which data it shows, so what makes it stale. */
	if ((rc = scoring_conf_load(&r.conf, e)))
		goto out;
	cycle_folder_sweep(&r.folder);
	if (o->redo)
		rc = cycle_redo(&r);
	else
		rc = cycle_catch_up(&r, e);
out:
	cycle_folder_close(&r.folder);
	free(r.todo);
	free(r.seals);
	return rc ? rc : r.status;
}
