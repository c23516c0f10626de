/*
 * sqlcsv.h - write the result of an SQL query as CSV: a header of the
 * column names (the SQL aliases are the CSV's stable names), then one row
 * per result row; NULL is the empty field, REAL values keep two decimals.
 */
#ifndef SHEQU_SQLCSV_H
#define SHEQU_SQLCSV_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"

/* Step the prepared statement ST to its end, writing it on OUT, then
 * finalize it (also on failure: ST belongs to this call). */
int sqlcsv_write(sqlite3 *db, sqlite3_stmt *st, FILE *out, struct shequ_err *e);

#endif
