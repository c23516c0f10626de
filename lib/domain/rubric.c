/* rubric.c - read the inspection rubric; see rubric.h. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/datadir.h"
#include "domain/rubric.h"

/* Parse a whole non-negative number of at most 4 digits; -1 when it is not. */
static int rubric_mark(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > 1000)
		return -1;
	return (int)v;
}

int rubric_load_file(struct rubric *r, const char *path, struct shequ_err *e)
{
	struct csvin *in = csvin_open(path, NULL, e);
	struct csvin_row *row;
	int rc = 0;

	memset(r, 0, sizeof *r);
	if (!in)
		return EX_CONFIG;
	while (!(rc = csvin_next(in, &row, e)) && row) {
		struct rubric_item *it;

		if (row->record == 1)
			continue; /* header: item,name,max,pass */
		if (row->nfields != 4) {
			rc = shequ_err_set(e, EX_CONFIG, "%s:%ld: expected 4 fields, got %zu", path,
					   row->line, row->nfields);
			break;
		}
		if (r->n == RUBRIC_MAX_ITEMS) {
			rc = shequ_err_set(e, EX_CONFIG, "%s:%ld: more than %d items", path,
					   row->line, RUBRIC_MAX_ITEMS);
			break;
		}
		it = &r->items[r->n];
		if (!row->fields[0][0] || row->lens[0] >= sizeof it->item ||
		    row->lens[1] >= sizeof it->name) {
			rc = shequ_err_set(e, EX_CONFIG, "%s:%ld: bad item name", path, row->line);
			break;
		}
		strcpy(it->item, row->fields[0]);
		strcpy(it->name, row->fields[1]);
		it->max = rubric_mark(row->fields[2]);
		it->pass = rubric_mark(row->fields[3]);
		if (it->max <= 0 || it->pass < 0 || it->pass > it->max) {
			rc = shequ_err_set(
			    e, EX_CONFIG, "%s:%ld: max must be positive and pass between 0 and max",
			    path, row->line);
			break;
		}
		r->total += it->max;
		r->n++;
	}
	if (rc && rc != EX_CONFIG) {
		shequ_err_prefix(e, "%s: ", path);
		rc = EX_CONFIG;
	}
	if (!rc && r->n == 0)
		rc = shequ_err_set(e, EX_CONFIG, "%s: no rubric items", path);
	csvin_close(in);
	return rc;
}

int rubric_load(struct rubric *r, struct shequ_err *e)
{
	char path[PATH_MAX];
	int rc = datadir_path("rubric.csv", path, sizeof path, e);

	return rc ? rc : rubric_load_file(r, path, e);
}

int rubric_find(const struct rubric *r, const char *item)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].item, item) == 0 || strcmp(r->items[i].name, item) == 0)
			return (int)i;
	return -1;
}
