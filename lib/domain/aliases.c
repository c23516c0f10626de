/* aliases.c - header aliases from share/headers.csv; see aliases.h. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/datadir.h"
#include "domain/aliases.h"

/* One alias: all three strings are malloc'd and owned by the table. */
struct header_alias {
	char *reg;    /* register: residents */
	char *column; /* canonical column: id_number */
	char *norm;   /* csv_header_norm() of the alias */
};

struct header_aliases {
	size_t n, cap;
	struct header_alias *a;
};

void aliases_free(struct header_aliases *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++) {
		free(h->a[i].reg);
		free(h->a[i].column);
		free(h->a[i].norm);
	}
	free(h->a);
	free(h);
}

/* Append one alias; EX_SOFTWARE when memory runs out. */
static int aliases_add(struct header_aliases *h, const char *reg, const char *col,
		       const char *alias, struct shequ_err *e)
{
	struct header_alias *x;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct header_alias *a = realloc(h->a, cap * sizeof *a);

		if (!a)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		h->a = a;
		h->cap = cap;
	}
	x = &h->a[h->n];
	x->reg = strdup(reg);
	x->column = strdup(col);
	x->norm = csv_header_norm(alias);
	if (!x->reg || !x->column || !x->norm) {
		free(x->reg);
		free(x->column);
		free(x->norm);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	h->n++;
	return 0;
}

int aliases_load_file(struct header_aliases **out, const char *path, struct shequ_err *e)
{
	struct header_aliases *h = calloc(1, sizeof *h);
	struct csvin *in;
	struct csvin_row *row;
	int rc = 0;

	*out = NULL;
	if (!h)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	in = csvin_open(path, NULL, e);
	if (!in) {
		aliases_free(h);
		return EX_CONFIG;
	}
	while (!(rc = csvin_next(in, &row, e)) && row) {
		if (row->record == 1)
			continue; /* register,column,alias */
		if (row->nfields != 3 || !row->lens[0] || !row->lens[1] || !row->lens[2]) {
			rc = shequ_err_set(e, EX_CONFIG, "%s:%ld: expected register,column,alias",
					   path, row->line);
			break;
		}
		if ((rc = aliases_add(h, row->fields[0], row->fields[1], row->fields[2], e)))
			break;
	}
	csvin_close(in);
	if (rc && rc != EX_CONFIG && rc != EX_SOFTWARE) {
		shequ_err_prefix(e, "%s: ", path);
		rc = EX_CONFIG;
	}
	if (!rc && h->n == 0)
		rc = shequ_err_set(e, EX_CONFIG, "%s: no header aliases", path);
	if (rc) {
		aliases_free(h);
		return rc;
	}
	*out = h;
	return 0;
}

int aliases_load(struct header_aliases **out, struct shequ_err *e)
{
	char path[PATH_MAX];
	int rc = datadir_path("headers.csv", path, sizeof path, e);

	*out = NULL;
	return rc ? rc : aliases_load_file(out, path, e);
}

/* aliases_column() on a cell already passed through csv_header_norm(). */
static const char *aliases_column_norm(const struct header_aliases *h, const char *reg,
				       const char *norm)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if ((!reg || strcmp(h->a[i].reg, reg) == 0) && strcmp(h->a[i].norm, norm) == 0)
			return h->a[i].column;
	return NULL;
}

const char *aliases_column(const struct header_aliases *h, const char *reg, const char *cell)
{
	char *norm = csv_header_norm(cell);
	const char *col;

	if (!norm)
		return NULL;
	col = aliases_column_norm(h, reg, norm);
	free(norm);
	return col;
}

const char *aliases_guess(const struct header_aliases *h, char *const *cells, size_t n,
			  size_t *matched)
{
	const char *best = NULL;
	size_t best_n = 0, i, j, k;

	/* Registers in file order: each first appearance starts a candidate. */
	for (i = 0; i < h->n; i++) {
		const char *reg = h->a[i].reg;
		size_t count = 0;

		for (k = 0; k < i; k++)
			if (strcmp(h->a[k].reg, reg) == 0)
				break;
		if (k < i)
			continue;
		for (j = 0; j < n; j++)
			if (aliases_column(h, reg, cells[j]))
				count++;
		if (count > best_n) {
			best = reg;
			best_n = count;
		}
	}
	if (matched)
		*matched = best_n;
	return best;
}
