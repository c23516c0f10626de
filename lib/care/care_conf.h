/*
 * care_conf.h - what shequ-care knows as data (share/care/): the roster's
 * tags with their aliases, the categories of people with their visit
 * cadence, the kinds of visit, the services, and the norms.
 *
 *	struct care_conf c = {0};
 *	if (care_conf_load(&c, &e))
 *		...;
 *	int k = care_category_find(&c, "独居");
 *	care_conf_free(&c);
 *
 * A person's categories are a bit set (bit k: category k of the file)
 * that care_categories_of() works out from the age and the tag bits; the
 * person is visited at the shortest cadence among them.
 *
 * Ownership: the conf owns every string in it; care_conf_free() frees
 * them (a zeroed conf is fine).  Errors: EX_CONFIG, naming the file.
 */
#ifndef SHEQU_CARE_CONF_H
#define SHEQU_CARE_CONF_H

#include <stddef.h>

#include "base/error.h"

/* At most this many tags, categories, kinds, services, norms: a bit set of
 * categories or tags fits an unsigned. */
#define CARE_MAX 32

/* How often a category is visited; CARE_NONE: not visited by cadence. */
enum care_cadence { CARE_WEEKLY, CARE_MONTHLY, CARE_QUARTERLY, CARE_NONE };

/* One alias of the roster's 人员标签 and the tag it stands for. */
struct care_alias {
	char *alias; /* as the roster writes it: 独居老人 */
	int tag;     /* index into care_conf.tag */
};

/* One category of people (categories.csv). */
struct care_category {
	char *code, *name;
	int min_age, max_age; /* in whole years on the report date; -1: no bound */
	int tag;	      /* index of the tag it needs; -1: none */
	enum care_cadence cadence;
};

/* A kind of visit or a service: code and name; services bound the age on
 * the day of the service (-1: no bound). */
struct care_item {
	char *code, *name;
	char *aliases; /* other words for it, space-separated ("" for none) */
	int min_age, max_age;
};

/* A norm: MINIMUM of MEASURE ("capacity" or "area") of the facility kinds
 * KINDS (codes of share/reach/kinds.csv, space-separated) per PER of BASE
 * ("residents" or "households"). */
struct care_norm {
	char *code, *name, *kinds, *measure, *base, *source;
	double per, minimum;
};

struct care_conf {
	char *tag[CARE_MAX]; /* tag codes: alone, empty_nest, ... */
	size_t ntags;
	struct care_alias *alias;
	size_t naliases;
	struct care_category cat[CARE_MAX];
	size_t ncats;
	struct care_item kind[CARE_MAX], service[CARE_MAX];
	size_t nkinds, nservices;
	struct care_norm norm[CARE_MAX];
	size_t nnorms;
};

/* Load every file of share/care/ into C (zeroed). */
int care_conf_load(struct care_conf *c, struct shequ_err *e);
void care_conf_free(struct care_conf *c);

/* The index of the category, kind of visit or service named by its code,
 * its name (Chinese) or, for a kind of visit, an alias; or -1. */
int care_category_find(const struct care_conf *c, const char *s);
int care_kind_find(const struct care_conf *c, const char *s);
int care_service_find(const struct care_conf *c, const char *s);

/* The categories (bit set) of a person of AGE with the tag bits TAGS. */
unsigned care_categories_of(const struct care_conf *c, int age, unsigned tags);

/* The shortest cadence among the categories CATS (CARE_NONE when none has
 * one). */
enum care_cadence care_cadence_of(const struct care_conf *c, unsigned cats);

/* "weekly", "monthly", "quarterly" or "none". */
const char *care_cadence_name(enum care_cadence k);

/* The lowest min_age of a category that needs no tag, and the highest
 * max_age of one (-1 when none): who can be in a category by age alone. */
void care_age_bounds(const struct care_conf *c, int *old, int *young);

#endif
