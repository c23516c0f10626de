/*
 * csvtable.h - a small configuration table from the data folder (see
 * datadir.h): a CSV file whose header must be exactly the given column
 * names, and whose every row has exactly that many fields.  Each row is
 * handed to a callback in turn.
 *
 * Ownership: nothing stays allocated; the fields handed to the callback
 * are valid only during the call (strdup what is kept).
 *
 * Errors: always EX_CONFIG (the file missing, unreadable or malformed, or
 * the callback failing), the message prefixed "PATH:" and, for a row,
 * "LINE: "; the callback sets E itself.
 */
#ifndef SHEQU_CSVTABLE_H
#define SHEQU_CSVTABLE_H

#include <stddef.h>

#include "base/error.h"

/* Take one row (NCOLS fields) into CTX; 0, or an error set in E. */
typedef int (*csvtable_row_fn)(void *ctx, char **fields, struct shequ_err *e);

/*
 * Load the data-folder file NAME (e.g. "reach/kinds.csv") whose header is
 * the NCOLS names HEADER, calling ROW for each row.  EMPTY, when not NULL,
 * is the message when the file has no rows.
 */
int csvtable_load(const char *name, const char *const *header, size_t ncols, const char *empty,
		  csvtable_row_fn row, void *ctx, struct shequ_err *e);

#endif
