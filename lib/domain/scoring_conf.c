/* scoring_conf.c - read scoring.conf; see scoring_conf.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/i18n.h"
#include "domain/scoring_conf.h"

/* One key: where its value lives and whether it must be a whole number. */
struct key {
	const char *name;
	size_t off;
	int is_int;
};

#define DKEY(f)                                                                                    \
	{                                                                                          \
#f, offsetof(struct scoring_conf, f), 0                                            \
	}
#define IKEY(f)                                                                                    \
	{                                                                                          \
#f, offsetof(struct scoring_conf, f), 1                                            \
	}

static const struct key keys[] = {
    DKEY(weight_score),	      DKEY(weight_rectify), DKEY(weight_closure),
    DKEY(weight_visit),	      DKEY(weight_service), DKEY(grade_excellent),
    DKEY(grade_good),	      DKEY(grade_pass),	    IKEY(min_inspections),
    IKEY(rectify_days),	      IKEY(case_repeat),    IKEY(severe_mark),
    IKEY(case_deadline_days), IKEY(escalate_head),  IKEY(escalate_secretary),
    IKEY(escalate_office),
};

void scoring_conf_defaults(struct scoring_conf *c)
{
	*c = (struct scoring_conf){
	    .weight_score = 0.6,
	    .weight_rectify = 0.2,
	    .weight_closure = 0.2,
	    .weight_visit = 0,
	    .weight_service = 0,
	    .grade_excellent = 90,
	    .grade_good = 80,
	    .grade_pass = 60,
	    .min_inspections = 30,
	    .rectify_days = 7,
	    .case_repeat = 3,
	    .severe_mark = 8,
	    .case_deadline_days = 7,
	    .escalate_head = 1,
	    .escalate_secretary = 4,
	    .escalate_office = 8,
	};
}

/* Strip blanks at both ends of S in place; returns the start. */
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Store the text V as key K of C; EX_CONFIG with a reason when it is not a
 * number of the right kind (negative numbers make no sense here either). */
static int set_key(struct scoring_conf *c, const struct key *k, const char *v, const char *path,
		   long line, struct shequ_err *e)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (!*v || *end || errno || d < 0 || d > 1e6 || (k->is_int && d != (long)d))
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: %s: expected %s, got '%s'", path, line,
				     k->name, k->is_int ? _("a whole number") : _("a number"), v);
	if (k->is_int)
		*(int *)((char *)c + k->off) = (int)d;
	else
		*(double *)((char *)c + k->off) = d;
	return 0;
}

int scoring_conf_load_file(struct scoring_conf *c, const char *path, struct shequ_err *e)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	long line = 0;
	int rc = 0;

	scoring_conf_defaults(c);
	if (!f)
		return shequ_err_set(e, EX_CONFIG, "%s: %s", path, strerror(errno));
	while (!rc && fgets(buf, sizeof buf, f)) {
		char *hash = strchr(buf, '#'), *eq, *name, *val;
		size_t i;

		line++;
		if (hash)
			*hash = '\0';
		name = trim(buf);
		if (!*name)
			continue;
		eq = strchr(name, '=');
		if (!eq) {
			rc =
			    shequ_err_set(e, EX_CONFIG, "%s:%ld: expected key = value", path, line);
			break;
		}
		*eq = '\0';
		val = trim(eq + 1);
		name = trim(name);
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(keys[i].name, name) == 0)
				break;
		if (i == sizeof keys / sizeof keys[0])
			rc = shequ_err_set(e, EX_CONFIG, "%s:%ld: unknown key '%s'", path, line,
					   name);
		else
			rc = set_key(c, &keys[i], val, path, line, e);
	}
	fclose(f);
	if (!rc && !(c->escalate_head <= c->escalate_secretary &&
		     c->escalate_secretary <= c->escalate_office))
		rc = shequ_err_set(
		    e, EX_CONFIG,
		    "%s: escalate_head <= escalate_secretary <= escalate_office needed", path);
	if (!rc && c->weight_score + c->weight_rectify + c->weight_closure <= 0)
		rc = shequ_err_set(e, EX_CONFIG,
				   "%s: weight_score, weight_rectify and weight_closure are all 0",
				   path);
	if (!rc && c->case_repeat < 1)
		rc = shequ_err_set(e, EX_CONFIG, "%s: case_repeat must be at least 1", path);
	return rc;
}

int scoring_conf_load(struct scoring_conf *c, struct shequ_err *e)
{
	char path[4096];
	int rc = datadir_path("scoring.conf", path, sizeof path, e);

	if (rc) {
		scoring_conf_defaults(c);
		return rc;
	}
	return scoring_conf_load_file(c, path, e);
}

double scoring_conf_total(const double *weight, const double *part, int n)
{
	double sum = 0, weights = 0;
	int i;

	for (i = 0; i < n; i++)
		if (weight[i] > 0 && !isnan(part[i])) {
			sum += weight[i] * part[i];
			weights += weight[i];
		}
	/* Weights that add up to 1 divide by 1: the plain weighted sum. */
	return weights > 0 ? sum / weights : NAN;
}

const char *scoring_conf_grade(const struct scoring_conf *c, double total)
{
	if (total >= c->grade_excellent)
		return "优秀";
	if (total >= c->grade_good)
		return "良好";
	if (total >= c->grade_pass)
		return "合格";
	return "不合格";
}
