/* reach_catalogue.c - the kinds of facility and their tiers
 * (share/reach/kinds.csv); see reach.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/csvtable.h"
#include "base/names.h"
#include "reach/reach.h"

const char *const reach_group_names[RG_N] = {"households", "residents", "age60", "age80",
					     "alone",	   "under3",	"age3_6"};

static const char *const kinds_header[] = {"code",   "name",	 "minutes",
					   "serves", "capacity", "source"};

/* S made comparable: csv_header_norm() without straight or curly double
 * quotes, so that "两代表一委员"工作站 matches with or without them.  The
 * caller frees it; NULL when out of memory. */
static char *kind_norm(const char *s)
{
	char *n = csv_header_norm(s), *in, *out;

	if (!n)
		return NULL;
	for (in = out = n; *in;) {
		if (*in == '"') {
			in++;
		} else if (!strncmp(in, "\xe2\x80\x9c", 3) || !strncmp(in, "\xe2\x80\x9d", 3)) {
			in += 3;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return n;
}

int reach_kind_find(const struct reach_catalogue *c, const char *s)
{
	char *n = kind_norm(s);
	size_t i;
	int found = -1;

	for (i = 0; n && i < c->n && found < 0; i++)
		if (!strcmp(c->kind[i].match[0], n) || !strcmp(c->kind[i].match[1], n))
			found = (int)i;
	free(n);
	return found;
}

/* Fill K from the catalogue row F (6 fields). */
static int kind_from_row(struct reach_kind *k, char **f, struct shequ_err *e)
{
	char *end;
	long m;

	if (!*f[0] || !*f[1])
		return shequ_err_set(e, EX_CONFIG, "a code and a name are needed");
	errno = 0;
	m = strtol(f[2], &end, 10);
	if (!*f[2] || *end || errno || m < 1 || m > 120)
		return shequ_err_set(e, EX_CONFIG, "minutes: expected 1 to 120, got '%s'", f[2]);
	k->minutes = (int)m;
	k->serves = names_index(reach_group_names, RG_N, f[3]);
	if (k->serves != RG_RESIDENTS && k->serves != RG_AGE60 && k->serves != RG_AGE80 &&
	    k->serves != RG_UNDER3 && k->serves != RG_AGE3_6)
		return shequ_err_set(e, EX_CONFIG,
				     "serves: expected residents, age60, age80, under3 or "
				     "age3_6, got '%s'",
				     f[3]);
	if (!(k->code = strdup(f[0])) || !(k->name = strdup(f[1])) ||
	    !(k->match[0] = kind_norm(f[0])) || !(k->match[1] = kind_norm(f[1])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Add the catalogue row F to the catalogue CTX. */
static int kind_add(void *ctx, char **f, struct shequ_err *e)
{
	struct reach_catalogue *c = ctx;
	struct reach_kind *k;

	if (reach_kind_find(c, f[0]) >= 0 || reach_kind_find(c, f[1]) >= 0)
		return shequ_err_set(e, EX_CONFIG, "%s is listed twice", f[0]);
	if (!(k = realloc(c->kind, (c->n + 1) * sizeof *k)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->kind = k;
	memset(&k[c->n], 0, sizeof *k);
	return kind_from_row(&k[c->n++], f, e);
}

int reach_catalogue_load(struct reach_catalogue *c, struct shequ_err *e)
{
	memset(c, 0, sizeof *c);
	return csvtable_load("reach/kinds.csv", kinds_header, NAMES_COUNT(kinds_header), "no kinds",
			     kind_add, c, e);
}

void reach_catalogue_free(struct reach_catalogue *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->kind[i].code);
		free(c->kind[i].name);
		free(c->kind[i].match[0]);
		free(c->kind[i].match[1]);
	}
	free(c->kind);
	memset(c, 0, sizeof *c);
}

double reach_minutes(const struct reach_params *p, double metres)
{
	return metres * p->detour / p->speed;
}

double reach_tier_metres(const struct reach_params *p, int minutes)
{
	return (double)minutes * p->speed / p->detour;
}
