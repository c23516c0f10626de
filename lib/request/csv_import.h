/*
 * csv_import.h - what an import of one CSV file into a register does the
 * same way whatever the register: orders and events here, and the
 * devices, readings and events of lib/alert above.
 *
 *	struct csv_import ci;
 *	csv_import_init(&ci, db, path, labels, report, ctx, &st->rows, &st->rejected);
 *	csv_import_transaction(&ci, dry_run, in_transaction, reg, &st->committed, &e);
 *	// in_transaction(reg, &e): csv_import_log_begin(), csv_import_rows(),
 *	// the register's own checks, csv_import_log_end()
 *
 * All or nothing: the register reports every bad row through
 * csv_import_report() (FILE:LINE: column: reason, counted as rejected)
 * and returns EX_DATAERR for the transaction, which then keeps nothing.
 * A dry run keeps nothing either.  Everything passed in stays the
 * caller's.
 */
#ifndef SHEQU_CSV_IMPORT_H
#define SHEQU_CSV_IMPORT_H

#include <sqlite3.h>
#include <stdarg.h>

#include "base/error.h"
#include "domain/header_map.h"

/* Called for a reported row: the file as given, its physical line, the
 * column as the header names it (NULL: the row) and the reason. */
typedef void (*csv_import_report_fn)(void *ctx, const char *file, long line, const char *column,
				     const char *reason);

/* One import of one file. */
struct csv_import {
	sqlite3 *db;
	const char *file;	     /* as given, for messages */
	char *const *labels;	     /* the header cell of each column; NULL: absent */
	csv_import_report_fn report; /* NULL: nothing is reported */
	void *ctx;
	long *rows;	     /* the register's count of data rows read */
	long *rejected;	     /* and of rows rejected */
	long long import_id; /* import_log.id, from csv_import_log_begin() */
};

/* Set CI up for FILE as given, read into DB, with the register's LABELS,
 * REPORT and CTX, and its counters ROWS and REJECTED (zeroed). */
void csv_import_init(struct csv_import *ci, sqlite3 *db, const char *file, char *const *labels,
		     csv_import_report_fn report, void *ctx, long *rows, long *rejected);

/* Report LINE, column COL (-1: the row), the reason FMT with AP; counted
 * as rejected when REJECT.  Returns EX_DATAERR. */
int csv_import_vreport(struct csv_import *ci, long line, int col, int reject, const char *fmt,
		       va_list ap);

/* Hand every row of RD, NCOLS columns as header_map_fill() fills them, to
 * ROW(REG, line, values, E).  A row of the wrong length is rejected; a
 * row ROW refuses (EX_DATAERR, reported) does not stop the reading; any
 * other code does. */
int csv_import_rows(struct csv_import *ci, struct header_map *rd, size_t ncols,
		    int (*row)(void *reg, long line, char **v, struct shequ_err *e), void *reg,
		    struct shequ_err *e);

/* Start this import's import_log row (started NOW, UTC, register REG);
 * its id into CI->import_id. */
int csv_import_log_begin(struct csv_import *ci, const char *now, const char *reg,
			 struct shequ_err *e);

/* Write the counts into this import's import_log row. */
int csv_import_log_end(struct csv_import *ci, long inserted, long updated, long unchanged,
		       struct shequ_err *e);

/* Begin, IN(REG, E), then commit unless it failed or DRY_RUN (then roll
 * back); *COMMITTED 1 when kept. */
int csv_import_transaction(struct csv_import *ci, int dry_run,
			   int (*in)(void *reg, struct shequ_err *e), void *reg, int *committed,
			   struct shequ_err *e);

#endif
