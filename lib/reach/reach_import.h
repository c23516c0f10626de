/*
 * reach_import.h - the facility register: a CSV of facilities, each with a
 * name, a kind of the catalogue and coordinates, and where known its
 * capacity, floor area, opening hours and address.
 *
 * Headers are matched in Chinese or English through share/reach/headers.csv
 * (名称, 类型, 经度, 纬度, 容量, ...).  Coordinates are either planar x, y in
 * the metres of the building register, or WGS-84 lon, lat; one file uses
 * one of the two.  A file is checked whole: every bad row is reported
 * through opts.report, and then nothing is imported (EX_DATAERR).  A file
 * without a bad row replaces the whole register in one transaction.
 */
#ifndef SHEQU_REACH_IMPORT_H
#define SHEQU_REACH_IMPORT_H
#include <sqlite3.h>

#include "base/error.h"
#include "reach/reach.h"

/* How far outside the buildings' extent a facility may lie, in metres. */
#define REACH_EXTENT_SLACK 2000.0

/* Called once per rejected cell: COLUMN is the header as the file has it
 * (NULL for the row as a whole). */
typedef void reach_report_fn(void *ctx, const char *file, long line, const char *column,
			     const char *reason);

struct reach_import_opts {
	const char *encoding; /* NULL: detect */
	char delim;	      /* 0: ',' */
	int dry_run;	      /* check only, keep nothing */
	reach_report_fn *report;
	void *ctx;
};

struct reach_import_stats {
	long rows, rejected;
	int lonlat;
};

/* Import PATH into DB.  0, EX_DATAERR when rows were rejected (each
 * reported, E left clear), or another EX_* code with E filled (a missing
 * column, an unreadable file, the database). */
int reach_import_file(sqlite3 *db, const struct reach_catalogue *c, const char *path,
		      const struct reach_import_opts *o, struct reach_import_stats *st,
		      struct shequ_err *e);

#endif
