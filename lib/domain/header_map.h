/*
 * header_map.h - read a CSV file whose header names the columns of one
 * register through the header aliases (aliases.h): open it, map each
 * field of the header onto a column, and spread each later row over the
 * columns.
 *
 * Ownership: the caller owns the struct header_map (zeroed before
 * header_map_open) and frees what it holds with header_map_close(), also
 * after a failed open.  The labels header_map_open() writes are strdup()
 * copies the caller frees.  The values header_map_fill() writes point
 * into the row and are valid until the next csvin_next() on HM->in.
 *
 * Errors: EX_CONFIG (the aliases), EX_NOINPUT/EX_DATAERR (the file, an
 * empty file, a column named twice), EX_SOFTWARE (out of memory).
 */
#ifndef SHEQU_HEADER_MAP_H
#define SHEQU_HEADER_MAP_H

#include <stddef.h>

#include "base/csvin.h"
#include "base/error.h"
#include "domain/aliases.h"

/* Everything the reading of the file holds. */
struct header_map {
	struct csvin *in;
	struct header_aliases *aliases;
	int *map;	/* file field -> column, -1: ignored */
	size_t nfields; /* fields of the header */
};

/*
 * Load the aliases from HEADERS in the data folder (e.g.
 * "request/headers.csv"), open PATH with CO and map its header onto the
 * NCOLS columns NAMES of register REG: LABELS[col] (NCOLS slots, NULL on
 * entry) gets the header cell that names column col.
 */
int header_map_open(struct header_map *hm, const char *path, const struct csvin_opts *co,
		    const char *headers, const char *reg, const char *const *names, size_t ncols,
		    char **labels, struct shequ_err *e);

/* Spread ROW over V (NCOLS slots; NULL where the file lacks the column).
 * -1 (V untouched) when ROW has another number of fields than the header. */
int header_map_fill(const struct header_map *hm, const struct csvin_row *row, char **v,
		    size_t ncols);

/* Name FILE in E: csvin's "line N: why" and a row's "N: why" become
 * "FILE:N: why", anything else "FILE: why". */
void header_map_err_at(struct shequ_err *e, const char *file);

/* Free what HM holds (the labels stay the caller's). */
void header_map_close(struct header_map *hm);

#endif
