/* csvtable.c - a configuration table from the data folder; see
 * csvtable.h. */
#include <string.h>

#include "base/csvin.h"
#include "base/csvtable.h"
#include "base/datadir.h"
#include "base/exitcode.h"

/* Check that the header of R is the NCOLS names HEADER. */
static int header_ok(struct csvin *r, const char *const *header, size_t ncols, struct shequ_err *e)
{
	struct csvin_row *row;
	char want[512] = "";
	size_t i;

	if (csvin_next(r, &row, e))
		return EX_CONFIG;
	for (i = 0; row && row->nfields == ncols && i < row->nfields; i++)
		if (strcmp(row->fields[i], header[i]))
			break;
	if (row && i == ncols)
		return 0;
	for (i = 0; i < ncols; i++) {
		if (i)
			strncat(want, ",", sizeof want - strlen(want) - 1);
		strncat(want, header[i], sizeof want - strlen(want) - 1);
	}
	return shequ_err_set(e, EX_CONFIG, "1: expected the header %s", want);
}

/* Hand each row of R (NCOLS fields) to FN; *N gets the number of rows. */
static int table_rows(struct csvin *r, size_t ncols, csvtable_row_fn fn, void *ctx, size_t *n,
		      struct shequ_err *e)
{
	struct csvin_row *row;
	int rc;

	while (!(rc = csvin_next(r, &row, e)) && row) {
		if (row->nfields != ncols)
			rc = shequ_err_set(e, EX_CONFIG, "expected %zu fields, got %zu", ncols,
					   row->nfields);
		else
			rc = fn(ctx, row->fields, e);
		if (rc) {
			shequ_err_prefix(e, "%ld: ", row->line);
			return EX_CONFIG;
		}
		(*n)++;
	}
	return rc ? EX_CONFIG : 0;
}

int csvtable_load(const char *name, const char *const *header, size_t ncols, const char *empty,
		  csvtable_row_fn row, void *ctx, struct shequ_err *e)
{
	char path[4096];
	struct csvin *r;
	size_t n = 0;
	int rc;

	if (datadir_path(name, path, sizeof path, e))
		return EX_CONFIG;
	if (!(r = csvin_open(path, NULL, e)))
		return EX_CONFIG;
	rc = header_ok(r, header, ncols, e);
	if (!rc)
		rc = table_rows(r, ncols, row, ctx, &n, e);
	csvin_close(r);
	if (!rc && !n && empty)
		rc = shequ_err_set(e, EX_CONFIG, "%s", empty);
	if (rc)
		shequ_err_prefix(e, "%s:", path);
	return rc;
}
