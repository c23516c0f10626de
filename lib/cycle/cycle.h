/*
 * cycle.h - the supervision cycle: produce every report whose period has
 * closed and that has not been produced yet (or whose inspections changed
 * since, or whose workbook is missing from OUT or changed there), each
 * exactly once, in order: for each day the case scan (again when the day's
 * inspections changed), then the daily report; a week after its last day, a
 * month after its last week, a quarter after its last month.
 *
 * Each report is written in a temporary folder of its own and renamed into
 * OUT/KIND/PERIOD.xlsx (cycle_folder.h), then recorded in the report table
 * (kind, period, revision, time, file, SHA-256, and a fingerprint of the
 * period's inspections) in its own transaction, so a run killed at any
 * point leaves every recorded report complete; the next run removes the
 * temporary folders and carries on.  Nothing else in OUT is removed.
 *
 * What a run reads to decide grows with the periods, not with the history:
 * the fingerprint of a period is the sum of its days' rows of
 * inspection_summary (kept by triggers on the inspection table,
 * share/migrations/011-inspection-summary.sql), and a workbook is read for
 * its checksum only when its inode, size or times changed since it was
 * last found right.
 */
#ifndef SHEQU_CYCLE_H
#define SHEQU_CYCLE_H

#include <sqlite3.h>

#include "base/error.h"
#include "domain/period.h"

/* What a run is asked to do. */
struct cycle_opts {
	int today;		   /* periods that ended before this day are due */
	int since;		   /* first day to consider; CYCLE_SINCE_FIRST: first inspection */
	const char *out;	   /* the reports folder */
	int csv;		   /* keep the CSV beside each workbook */
	unsigned kinds;		   /* bit (1 << enum period_kind) per kind to produce; 0: all */
	const struct period *redo; /* regenerate just this one, or NULL */
	const char *tz;		   /* the community's time zone (NULL: Asia/Shanghai) */
	int max_reports;	   /* refuse a run with more due (EX_DATAERR); 0: no limit */
	/* Told of each report made (code 0) or failed (an EX_* code, with the
	 * reason); may be NULL. */
	void (*notify)(void *ctx, int code, const char *kind, const char *period, const char *msg);
	void *ctx;
};

#define CYCLE_SINCE_FIRST (-2147483647 - 1)

/* The most reports one run makes unless told otherwise: a year of them is
 * 365 days, 52 or 53 weeks, 12 months and 4 quarters (433 or 434). */
#define CYCLE_MAX_REPORTS 500

/* What a run did. */
struct cycle_stats {
	int made;	 /* reports produced for the first time */
	int regenerated; /* reports produced again (stale, missing, changed, --redo) */
	int failed;	 /* reports that could not be produced */
	int scanned;	 /* days whose case scan ran */
};

/*
 * Take the cycle's lock: an open file description lock (F_OFD_SETLK) on
 * byte CYCLE_LOCK_BYTE of the database file DBPATH itself, so that every
 * path to the same file (a symlink, a relative name) meets the same lock.
 * EX_TEMPFAIL at once when another cycle holds it.  *FD keeps it.
 * Take it before the database is opened, so that a second cycle leaves at
 * once instead of waiting for SQLite while the first one writes.
 *
 * Call cycle_unlock only after the database is closed: closing any
 * descriptor of a file drops the POSIX locks the process holds on it, and
 * SQLite holds its own there while the database is open.
 */
int cycle_lock(const char *dbpath, int *fd, struct shequ_err *e);
void cycle_unlock(int fd);

/* The byte the cycle locks: past the ones SQLite locks in a database file
 * (PENDING_BYTE 0x40000000 and the 511 after it), so the two never meet. */
#define CYCLE_LOCK_BYTE 0x40001000

/* Whether period P may be made again on TODAY: EX_USAGE when it has not
 * closed yet (its last day is TODAY or later). */
int cycle_redo_check(const struct period *p, int today, struct shequ_err *e);

/* Run the cycle.  Returns 0 when every due report was produced, EX_* of
 * the last failure otherwise (each also told to notify), or an EX_* code
 * with E filled when the run could not start.  More than o->max_reports
 * due is EX_DATAERR, before anything is made: one mistyped inspection date
 * would otherwise produce every report since. */
int cycle_run(sqlite3 *db, const struct cycle_opts *o, struct cycle_stats *st, struct shequ_err *e);

#endif
