/*
 * care_import.h - a visits log (探访记录) or a service record of the
 * home-care station and the childcare centre, into care_visit or
 * care_service, all or nothing.
 *
 * Which of the two a file is follows from its header: a service column
 * (服务项目) makes it a service record, a visitor column (探访人) a visits
 * log.  A row names its person by ID number (身份证号) or, without one, by
 * address and name (小区, 楼号, 单元, 房号, 姓名).  Rejected, each with its
 * line and column through REPORT (personal data masked), and then nothing
 * is kept (EX_DATAERR): a person not in the roster or moved out, a date
 * not a date, in the future (after TODAY) or before the person was
 * registered (the birth date the ID number gives: the roster holds no
 * other), an unknown kind of visit, category or service, a count that is
 * not a positive whole number, and a service outside its ages (a child
 * over 6 booked into childcare).  Nothing creates a person.
 *
 * The same visit (person, day, visitor, kind) or service (person, day,
 * service) again updates the row when what it says changed, else leaves
 * it: a file imported twice changes nothing the second time.
 *
 * Errors: EX_NOINPUT (the file), EX_DATAERR (bad rows, or a file that is
 * neither; nothing kept), EX_CONFIG (share/care/headers.csv), EX_TEMPFAIL
 * (busy), and db_fail()'s.
 */
#ifndef SHEQU_CARE_IMPORT_H
#define SHEQU_CARE_IMPORT_H

#include <sqlite3.h>

#include "care/care_conf.h"

/* Report REASON for COLUMN (the file's header cell; NULL for the row) of
 * LINE of FILE. */
typedef void (*care_report_fn)(void *ctx, const char *file, long line, const char *column,
			       const char *reason);

struct care_import_opts {
	const char *encoding; /* NULL: detect */
	char delim;	      /* 0: ',' */
	int dry_run;	      /* check every row, keep nothing */
	int today;	      /* day number: later dates are in the future */
	care_report_fn report;
	void *ctx;
};

struct care_import_stats {
	const char *reg; /* "visits" or "services" */
	long rows, inserted, updated, unchanged, rejected;
};

int care_import_file(sqlite3 *db, const struct care_conf *c, const char *path,
		     const struct care_import_opts *o, struct care_import_stats *st,
		     struct shequ_err *e);

#endif
