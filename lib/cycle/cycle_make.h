/*
 * cycle_make.h - the two steps the cycle runs for a period: the day's case
 * scan, and one report written as CSV and as a workbook.  They join the
 * tally, case and export modules; cycle.c decides when to call them.
 */
#ifndef SHEQU_CYCLE_MAKE_H
#define SHEQU_CYCLE_MAKE_H

#include <sqlite3.h>

#include "base/error.h"
#include "domain/period.h"

/* Open and close the hung-up cases of DAY (a day number); idempotent. */
int cycle_make_scan(sqlite3 *db, int day, struct shequ_err *e);

/* Write the report of period P (its kind says which: daily, weekly, monthly
 * or the quarterly scorecard) as CSV to CSV and as a workbook to XLSX.
 * Both paths are temporary names the caller renames. */
int cycle_make_report(sqlite3 *db, const struct period *p, const char *csv, const char *xlsx,
		      struct shequ_err *e);

#endif
