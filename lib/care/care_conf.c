/* care_conf.c - the data of share/care/; see care_conf.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/csvtable.h"
#include "base/names.h"
#include "care/care_conf.h"

static const char *const cadence_names[] = {"weekly", "monthly", "quarterly", "none"};

const char *care_cadence_name(enum care_cadence k)
{
	return names_at(cadence_names, 4, (unsigned)k);
}

/* A copy of S, or NULL with E set. */
static char *dup_or_err(const char *s, struct shequ_err *e)
{
	char *d = strdup(s);

	if (!d)
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return d;
}

/* An age bound from S ("" for none) into *V. */
static int age_of(const char *s, int *v, struct shequ_err *e)
{
	char *end;
	long n;

	if (!*s)
		return *v = -1, 0;
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end || errno || n < 0 || n > 150)
		return shequ_err_set(e, EX_CONFIG, "bad age '%s': expected 0 to 150", s);
	*v = (int)n;
	return 0;
}

/* The index of tag CODE, added when new (ADD) or -1. */
static int tag_index(struct care_conf *c, const char *code, int add, struct shequ_err *e)
{
	int i = names_index((const char *const *)c->tag, c->ntags, code);

	if (i >= 0 || !add)
		return i;
	if (c->ntags == CARE_MAX)
		return shequ_err_set(e, EX_CONFIG, "more than %d tags", CARE_MAX), -2;
	if (!(c->tag[c->ntags] = dup_or_err(code, e)))
		return -2;
	return (int)c->ntags++;
}

/* One row of tags.csv: tag, alias, source. */
static int tag_row(void *ctx, char **f, struct shequ_err *e)
{
	struct care_conf *c = ctx;
	struct care_alias *a;
	int t;

	if (!*f[0] || !*f[1])
		return shequ_err_set(e, EX_CONFIG, "a tag and an alias are needed");
	if ((t = tag_index(c, f[0], 1, e)) < 0)
		return EX_CONFIG;
	if (!(a = realloc(c->alias, (c->naliases + 1) * sizeof *a)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->alias = a;
	a[c->naliases].tag = t;
	if (!(a[c->naliases].alias = dup_or_err(f[1], e)))
		return EX_SOFTWARE;
	c->naliases++;
	return 0;
}

/* One row of categories.csv: code, name, min_age, max_age, tag, cadence,
 * source. */
static int category_row(void *ctx, char **f, struct shequ_err *e)
{
	struct care_conf *c = ctx;
	struct care_category *k = &c->cat[c->ncats];
	int cad = names_index(cadence_names, 4, f[5]);

	if (c->ncats == CARE_MAX)
		return shequ_err_set(e, EX_CONFIG, "more than %d categories", CARE_MAX);
	if (!*f[0] || !*f[1])
		return shequ_err_set(e, EX_CONFIG, "a code and a name are needed");
	if (cad < 0)
		return shequ_err_set(
		    e, EX_CONFIG, "bad cadence '%s': expected weekly, monthly, quarterly or none",
		    f[5]);
	if (age_of(f[2], &k->min_age, e) || age_of(f[3], &k->max_age, e))
		return EX_CONFIG;
	k->tag = -1;
	if (*f[4] && (k->tag = tag_index(c, f[4], 0, e)) < 0)
		return shequ_err_set(e, EX_CONFIG, "unknown tag '%s' (see tags.csv)", f[4]);
	k->cadence = (enum care_cadence)cad;
	if (!(k->code = dup_or_err(f[0], e)) || !(k->name = dup_or_err(f[1], e)))
		return EX_SOFTWARE;
	c->ncats++;
	return 0;
}

/* One row of an item table into the next slot of ITEMS (N of them): code,
 * name, then either min_age and max_age (AGES) or aliases. */
static int item_row(struct care_item *items, size_t *n, char **f, int ages, struct shequ_err *e)
{
	struct care_item *it = &items[*n];

	if (*n == CARE_MAX)
		return shequ_err_set(e, EX_CONFIG, "more than %d rows", CARE_MAX);
	if (!*f[0] || !*f[1])
		return shequ_err_set(e, EX_CONFIG, "a code and a name are needed");
	it->min_age = it->max_age = -1;
	if (ages && (age_of(f[2], &it->min_age, e) || age_of(f[3], &it->max_age, e)))
		return EX_CONFIG;
	if (!(it->code = dup_or_err(f[0], e)) || !(it->name = dup_or_err(f[1], e)) ||
	    !(it->aliases = dup_or_err(ages ? "" : f[2], e)))
		return EX_SOFTWARE;
	(*n)++;
	return 0;
}

static int kind_row(void *ctx, char **f, struct shequ_err *e)
{
	struct care_conf *c = ctx;

	return item_row(c->kind, &c->nkinds, f, 0, e);
}

static int service_row(void *ctx, char **f, struct shequ_err *e)
{
	struct care_conf *c = ctx;

	return item_row(c->service, &c->nservices, f, 1, e);
}

/* A positive number from S into *V. */
static int positive(const char *s, double *v, struct shequ_err *e)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (!*s || *end || errno || !(*v > 0))
		return shequ_err_set(e, EX_CONFIG, "bad number '%s'", s);
	return 0;
}

/* One row of norms.csv: code, name, kinds, measure, per, base, minimum,
 * source. */
static int norm_row(void *ctx, char **f, struct shequ_err *e)
{
	struct care_conf *c = ctx;
	struct care_norm *n = &c->norm[c->nnorms];

	if (c->nnorms == CARE_MAX)
		return shequ_err_set(e, EX_CONFIG, "more than %d norms", CARE_MAX);
	if (strcmp(f[3], "capacity") && strcmp(f[3], "area"))
		return shequ_err_set(e, EX_CONFIG, "bad measure '%s': expected capacity or area",
				     f[3]);
	if (strcmp(f[5], "residents") && strcmp(f[5], "households"))
		return shequ_err_set(e, EX_CONFIG,
				     "bad base '%s': expected residents or households", f[5]);
	if (positive(f[4], &n->per, e) || positive(f[6], &n->minimum, e))
		return EX_CONFIG;
	if (!(n->code = dup_or_err(f[0], e)) || !(n->name = dup_or_err(f[1], e)) ||
	    !(n->kinds = dup_or_err(f[2], e)) || !(n->measure = dup_or_err(f[3], e)) ||
	    !(n->base = dup_or_err(f[5], e)) || !(n->source = dup_or_err(f[7], e)))
		return EX_SOFTWARE;
	c->nnorms++;
	return 0;
}

int care_conf_load(struct care_conf *c, struct shequ_err *e)
{
	static const char *const tags_h[] = {"tag", "alias", "source"};
	static const char *const cats_h[] = {"code", "name",	"min_age", "max_age",
					     "tag",  "cadence", "source"};
	static const char *const kinds_h[] = {"code", "name", "aliases"};
	static const char *const serv_h[] = {"code", "name", "min_age", "max_age", "source"};
	static const char *const norms_h[] = {"code", "name", "kinds",	 "measure",
					      "per",  "base", "minimum", "source"};

	if (csvtable_load("care/tags.csv", tags_h, 3, "no tags", tag_row, c, e) ||
	    csvtable_load("care/categories.csv", cats_h, 7, "no categories", category_row, c, e) ||
	    csvtable_load("care/visit-kinds.csv", kinds_h, 3, "no kinds of visit", kind_row, c,
			  e) ||
	    csvtable_load("care/services.csv", serv_h, 5, "no services", service_row, c, e) ||
	    csvtable_load("care/norms.csv", norms_h, 8, NULL, norm_row, c, e))
		return EX_CONFIG;
	return 0;
}

/* Free N items. */
static void items_free(struct care_item *it, size_t n)
{
	while (n--) {
		free(it[n].code);
		free(it[n].name);
		free(it[n].aliases);
	}
}

void care_conf_free(struct care_conf *c)
{
	size_t i;

	for (i = 0; i < c->ntags; i++)
		free(c->tag[i]);
	for (i = 0; i < c->naliases; i++)
		free(c->alias[i].alias);
	free(c->alias);
	for (i = 0; i < c->ncats; i++) {
		free(c->cat[i].code);
		free(c->cat[i].name);
	}
	items_free(c->kind, c->nkinds);
	items_free(c->service, c->nservices);
	for (i = 0; i < c->nnorms; i++) {
		struct care_norm *n = &c->norm[i];

		free(n->code), free(n->name), free(n->kinds);
		free(n->measure), free(n->base), free(n->source);
	}
	memset(c, 0, sizeof *c);
}

/* The index among the N items whose code or name is S (blanks around it
 * and the case of a code do not matter), or -1. */
static int find_item(const char *(*at)(const void *, size_t, int), const void *v, size_t n,
		     const char *s)
{
	char *want = csv_header_norm(s);
	size_t i;
	int found = -1;

	for (i = 0; want && i < n && found < 0; i++)
		if (!strcasecmp(at(v, i, 0), want) || !strcmp(at(v, i, 1), want))
			found = (int)i;
	free(want);
	return found;
}

static const char *cat_at(const void *v, size_t i, int name)
{
	const struct care_category *k = v;

	return name ? k[i].name : k[i].code;
}

static const char *item_at(const void *v, size_t i, int name)
{
	const struct care_item *k = v;

	return name ? k[i].name : k[i].code;
}

int care_category_find(const struct care_conf *c, const char *s)
{
	return find_item(cat_at, c->cat, c->ncats, s);
}

/* 1 when the word W is in the space-separated LIST. */
static int in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = list; n && (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

int care_kind_find(const struct care_conf *c, const char *s)
{
	int k = find_item(item_at, c->kind, c->nkinds, s);
	char *want = csv_header_norm(s);
	size_t i;

	for (i = 0; k < 0 && want && i < c->nkinds; i++)
		if (in_list(c->kind[i].aliases, want))
			k = (int)i;
	free(want);
	return k;
}

int care_service_find(const struct care_conf *c, const char *s)
{
	return find_item(item_at, c->service, c->nservices, s);
}

unsigned care_categories_of(const struct care_conf *c, int age, unsigned tags)
{
	unsigned cats = 0;
	size_t i;

	for (i = 0; i < c->ncats; i++) {
		const struct care_category *k = &c->cat[i];

		if ((k->min_age < 0 || age >= k->min_age) &&
		    (k->max_age < 0 || age <= k->max_age) && (k->tag < 0 || (tags >> k->tag & 1u)))
			cats |= 1u << i;
	}
	return cats;
}

enum care_cadence care_cadence_of(const struct care_conf *c, unsigned cats)
{
	enum care_cadence best = CARE_NONE;
	size_t i;

	for (i = 0; i < c->ncats; i++)
		if ((cats >> i & 1u) && c->cat[i].cadence < best)
			best = c->cat[i].cadence;
	return best;
}

void care_age_bounds(const struct care_conf *c, int *old, int *young)
{
	size_t i;

	*old = *young = -1;
	for (i = 0; i < c->ncats; i++) {
		const struct care_category *k = &c->cat[i];

		if (k->tag >= 0)
			continue;
		if (k->min_age > 0 && (*old < 0 || k->min_age < *old))
			*old = k->min_age;
		if (k->max_age >= 0 && k->max_age > *young)
			*young = k->max_age;
	}
}
