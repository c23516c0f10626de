/*
 * aliases.h - header aliases: which column of which register a header cell
 * names, in Chinese or English.  The aliases are configuration, read from
 * headers.csv in the data folder (see datadir.h), columns
 * register,column,alias; cells and aliases are compared after
 * csv_header_norm() (full-width, spaces and case do not matter).
 *
 * Ownership: aliases_load() returns a table the caller frees with
 * aliases_free(); the strings it hands out belong to the table.
 */
#ifndef SHEQU_ALIASES_H
#define SHEQU_ALIASES_H

#include <stddef.h>

#include "base/error.h"

/* The loaded aliases; opaque. */
struct header_aliases;

/* Load headers.csv from the data folder into *OUT (EX_CONFIG when it is
 * missing or malformed). */
int aliases_load(struct header_aliases **out, struct shequ_err *e);

/* Load the aliases from the CSV file PATH into *OUT. */
int aliases_load_file(struct header_aliases **out, const char *path, struct shequ_err *e);

/* Free H (NULL is fine). */
void aliases_free(struct header_aliases *h);

/*
 * The column of register REG that CELL names (the canonical English name,
 * e.g. "id_number"), or NULL when none does.  REG NULL searches every
 * register and returns the first match.
 */
const char *aliases_column(const struct header_aliases *h, const char *reg, const char *cell);

/*
 * The register whose columns the N header cells name most often, or NULL
 * when no cell names any column.  Ties go to the register listed first in
 * the file.  *MATCHED (if not NULL) gets the number of cells matched.
 */
const char *aliases_guess(const struct header_aliases *h, char *const *cells, size_t n,
			  size_t *matched);

#endif
