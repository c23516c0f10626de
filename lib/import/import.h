/*
 * import.h - read a register (residents, buildings, inspections, staff)
 * from CSV into the database: every good row committed in one
 * transaction, every bad row explained.
 *
 *	struct import_opts o = {.table = NULL, .today = day};
 *	struct import_stats st;
 *	rc = import_file(db, "residents.csv", &o, &st, &e);
 *
 * Each rejected row and each warning goes to o.report (the caller prints
 * it; lib/ never does), and to the rejects file when o.rejects is set.
 * Returns 0 when every row was good, EX_DATAERR when rows were rejected
 * (the good ones are committed unless o.strict or o.dry_run), or another
 * EX_* code when the whole file failed (bad encoding, unterminated quote,
 * no header, missing column, busy database): then nothing was committed.
 *
 * Ownership: everything passed in belongs to the caller; nothing returned
 * needs freeing.
 */
#ifndef SHEQU_IMPORT_H
#define SHEQU_IMPORT_H

#include <sqlite3.h>

#include "base/error.h"

/* What the caller is told about: a rejected row or a warning. */
enum import_event {
	IMPORT_REJECT, /* the row was rejected (not imported) */
	IMPORT_WARN,   /* the row was imported; something in it is odd */
	IMPORT_NOTE,   /* about the file: unknown columns, skipped --sync */
};

/*
 * Called for each event with the file name as given, the physical line (0
 * when not about a row), the column label as the file's header wrote it
 * (NULL when not about one column) and the reason, with personal data
 * masked.  The strings are valid during the call only.
 */
typedef void (*import_report_fn)(void *ctx, enum import_event ev, const char *file, long line,
				 const char *column, const char *reason);

/* Called about every 64k rows, for a progress display. */
typedef void (*import_progress_fn)(void *ctx, long long bytes, long rows);

/* How to import.  Zero means the default everywhere. */
struct import_opts {
	const char *table;    /* "residents", "buildings", "inspections",
				 "staff"; NULL guesses from the header */
	const char *encoding; /* as csvin_opts.encoding */
	char delim;	      /* field separator, 0 means ',' */
	int no_header;	      /* the first row is data: columns says what */
	const char *columns;  /* comma-separated column names or aliases */
	int sync;	      /* residents: the file is the whole roster of its
				 compounds; the others are marked moved out */
	int strict;	      /* commit nothing when any row is bad */
	int dry_run;	      /* validate and report, commit nothing */
	const char *rejects;  /* write rejected rows here as CSV (NULL: no) */
	int today;	      /* day number of today (IDs born later are bad) */
	int clock_today;      /* today by the clock, whatever pinned TODAY */
	/*
	 * Inspections: day numbers of the oldest and the newest date
	 * accepted, 0 for the default: January 1 of the year before the
	 * first import (or before TODAY's year, if earlier), and tomorrow
	 * (of TODAY or CLOCK_TODAY, whichever is later).
	 */
	int not_before, not_after;
	import_report_fn report;
	import_progress_fn progress;
	void *ctx; /* handed to report and progress */
};

/* What an import did. */
struct import_stats {
	const char *table;    /* the register read (static string) */
	const char *encoding; /* the encoding read (static string) */
	long rows;	      /* data rows read (blank lines not counted) */
	long skipped;	      /* blank lines and rows of only delimiters */
	long inserted;	      /* rows that made a new record */
	long updated;	      /* rows that changed a record */
	long unchanged;	      /* rows whose record was already so */
	long moved_out;	      /* --sync: residents marked moved out */
	long households;      /* new households (addresses) made */
	long rejected;	      /* rows rejected */
	long warnings;	      /* rows imported with a warning */
	int committed;	      /* 1 when the transaction was committed */
};

/*
 * Import the CSV file PATH ("-" is standard input) into DB with options O,
 * counting into *ST (zeroed first).  See the top of this file.
 */
int import_file(sqlite3 *db, const char *path, const struct import_opts *o, struct import_stats *st,
		struct shequ_err *e);

/*
 * Building, unit and room as clerks write them, made canonical in OUT (N
 * bytes): norm_text(), then the suffix 号楼/栋/幢/号/楼 (building), 单元
 * (unit) or 室/号 (room) removed.  KIND is 'b', 'u' or 'r'.  Returns 0, or
 * EX_DATAERR when nothing is left or it does not fit.
 */
int import_norm_place(int kind, const char *in, char *out, size_t n, struct shequ_err *e);

#endif
