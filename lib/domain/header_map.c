/* header_map.c - a CSV header mapped onto a register's columns through
 * the header aliases; see header_map.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/exitcode.h"
#include "base/names.h"
#include "domain/header_map.h"

/* Map the header ROW onto the NCOLS columns NAMES of register REG. */
static int map_header(struct header_map *hm, const struct csvin_row *row, const char *reg,
		      const char *const *names, size_t ncols, char **labels, struct shequ_err *e)
{
	size_t i;

	if (!(hm->map = malloc(row->nfields * sizeof *hm->map)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	hm->nfields = row->nfields;
	for (i = 0; i < row->nfields; i++) {
		const char *c = aliases_column(hm->aliases, reg, row->fields[i]);
		int col = c ? names_index(names, ncols, c) : -1;

		hm->map[i] = col;
		if (col < 0)
			continue;
		if (labels[col])
			return shequ_err_set(e, EX_DATAERR, "1: %s: the column is there twice",
					     row->fields[i]);
		if (!(labels[col] = strdup(row->fields[i])))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	return 0;
}

int header_map_open(struct header_map *hm, const char *path, const struct csvin_opts *co,
		    const char *headers, const char *reg, const char *const *names, size_t ncols,
		    char **labels, struct shequ_err *e)
{
	struct csvin_row *row;
	char apath[4096];
	int rc;

	if ((rc = datadir_path(headers, apath, sizeof apath, e)) ||
	    (rc = aliases_load_file(&hm->aliases, apath, e)))
		return rc;
	if (!(hm->in = csvin_open(path, co, e)))
		return e->code;
	if ((rc = csvin_next(hm->in, &row, e)))
		return rc;
	if (!row)
		return shequ_err_set(e, EX_DATAERR, "no header: the file is empty");
	return map_header(hm, row, reg, names, ncols, labels, e);
}

int header_map_fill(const struct header_map *hm, const struct csvin_row *row, char **v,
		    size_t ncols)
{
	size_t i;

	if (row->nfields != hm->nfields)
		return -1;
	memset(v, 0, ncols * sizeof *v);
	for (i = 0; i < row->nfields; i++)
		if (hm->map[i] >= 0)
			v[hm->map[i]] = row->fields[i];
	return 0;
}

void header_map_err_at(struct shequ_err *e, const char *file)
{
	char msg[sizeof e->msg];
	long line;
	int off = 0;

	if ((sscanf(e->msg, "line %ld: %n", &line, &off) == 1 ||
	     sscanf(e->msg, "%ld: %n", &line, &off) == 1) &&
	    off > 0) {
		snprintf(msg, sizeof msg, "%s", e->msg + off);
		shequ_err_set(e, e->code, "%s:%ld: %s", file, line, msg);
	} else {
		shequ_err_prefix(e, "%s: ", file);
	}
}

void header_map_close(struct header_map *hm)
{
	csvin_close(hm->in);
	aliases_free(hm->aliases);
	free(hm->map);
	hm->in = NULL;
	hm->aliases = NULL;
	hm->map = NULL;
}
