/* request_catalogue.c - the scenarios, categories, policy numbers and
 * holiday calendar of shequ-request; see request_catalogue.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/csvtable.h"
#include "base/datadir.h"
#include "base/names.h"
#include "request/request_catalogue.h"

static const char *const clock_names[] = {"24h", "work_hours", "work_days"};
static const char *const catalogue_header[] = {"code",	 "name",    "kind",    "clock",
					       "accept", "on_site", "resolve", "call_back"};

const char *request_clock_name(int clock)
{
	return names_at(clock_names, NAMES_COUNT(clock_names), (unsigned)clock);
}

/* A limit cell: empty is 0 (none), else a whole number 1..1000000. */
static int parse_limit(const char *s, int *out, struct shequ_err *e)
{
	char *end;
	long v;

	*out = 0;
	if (!*s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < 1 || v > 1000000)
		return shequ_err_set(e, EX_CONFIG, "bad limit '%s': expected a whole number", s);
	*out = (int)v;
	return 0;
}

/* Fill K from the catalogue row F (8 fields). */
static int kind_from_row(struct request_kind *k, char **f, struct shequ_err *e)
{
	int clock = names_index(clock_names, NAMES_COUNT(clock_names), f[3]), s;

	if (!*f[0] || !*f[1])
		return shequ_err_set(e, EX_CONFIG, "a code and a name are needed");
	if (strcmp(f[2], "scenario") && strcmp(f[2], "category"))
		return shequ_err_set(e, EX_CONFIG, "kind: expected scenario or category, got '%s'",
				     f[2]);
	if (clock < 0)
		return shequ_err_set(
		    e, EX_CONFIG, "clock: expected 24h, work_hours or work_days, got '%s'", f[3]);
	k->category = !strcmp(f[2], "category");
	k->limits.clock = (enum request_clock)clock;
	for (s = 0; s < REQUEST_NSTAGES; s++)
		if (parse_limit(f[4 + s], &k->limits.limit[s], e))
			return EX_CONFIG;
	if (!(k->code = strdup(f[0])) || !(k->name = strdup(f[1])) ||
	    !(k->match[0] = csv_header_norm(f[0])) || !(k->match[1] = csv_header_norm(f[1])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Add the catalogue row F to the catalogue CTX. */
static int kind_add(void *ctx, char **f, struct shequ_err *e)
{
	struct request_catalogue *c = ctx;
	struct request_kind *k;

	if (request_kind_find(c, f[0]) || request_kind_find(c, f[1]))
		return shequ_err_set(e, EX_CONFIG, "%s is listed twice", f[0]);
	if (!(k = realloc(c->kinds, (c->n + 1) * sizeof *k)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->kinds = k;
	memset(&k[c->n], 0, sizeof *k);
	return kind_from_row(&k[c->n++], f, e);
}

/* Load catalogue.csv into C. */
static int catalogue_load(struct request_catalogue *c, struct shequ_err *e)
{
	return csvtable_load("request/catalogue.csv", catalogue_header,
			     NAMES_COUNT(catalogue_header), NULL, kind_add, c, e);
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

/* HH:MM into seconds after midnight. */
static int parse_hhmm(const char *v, int *out)
{
	int h, m, len = 0;

	if (sscanf(v, "%2d:%2d%n", &h, &m, &len) != 2 || v[len] || h < 0 || h > 24 || m < 0 ||
	    m > 59 || h * 60 + m > 24 * 60)
		return -1;
	*out = (h * 60 + m) * 60;
	return 0;
}

/* Store KEY = V of request.conf in C. */
static int conf_set(struct request_catalogue *c, const char *key, const char *v,
		    struct shequ_err *e)
{
	char *end;
	long n;

	if (!strcmp(key, "work_start") || !strcmp(key, "work_end")) {
		if (parse_hhmm(v, !strcmp(key, "work_start") ? &c->work_start : &c->work_end))
			return shequ_err_set(e, EX_CONFIG, "%s: expected HH:MM, got '%s'", key, v);
		return 0;
	}
	if (strcmp(key, "min_orders"))
		return shequ_err_set(e, EX_CONFIG, "unknown key '%s'", key);
	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < 1 || n > 1000000)
		return shequ_err_set(e, EX_CONFIG, "min_orders: expected a whole number, got '%s'",
				     v);
	c->min_orders = (int)n;
	return 0;
}

/* Read request.conf from the data folder into C. */
static int conf_load(struct request_catalogue *c, struct shequ_err *e)
{
	char path[4096], buf[512];
	long line = 0;
	int rc = 0;
	FILE *f;

	if (datadir_path("request/request.conf", path, sizeof path, e))
		return EX_CONFIG;
	if (!(f = fopen(path, "r")))
		return shequ_err_set(e, EX_CONFIG, "%s: %s", path, strerror(errno));
	while (!rc && fgets(buf, sizeof buf, f)) {
		char *hash = strchr(buf, '#'), *eq, *name;

		line++;
		if (hash)
			*hash = '\0';
		name = trim(buf);
		if (!*name)
			continue;
		if (!(eq = strchr(name, '=')))
			rc = shequ_err_set(e, EX_CONFIG, "expected key = value");
		else {
			*eq = '\0';
			rc = conf_set(c, trim(name), trim(eq + 1), e);
		}
		if (rc)
			shequ_err_prefix(e, "%s:%ld: ", path, line);
	}
	fclose(f);
	if (!rc && c->work_start >= c->work_end)
		rc = shequ_err_set(e, EX_CONFIG, "%s: work_start must be before work_end", path);
	return rc;
}

int request_catalogue_load(struct request_catalogue *c, struct shequ_err *e)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->min_orders = 20;
	c->work_start = (8 * 60 + 30) * 60;
	c->work_end = (17 * 60 + 30) * 60;
	if ((rc = catalogue_load(c, e)) || (rc = conf_load(c, e)) ||
	    (rc = workday_load(&c->cal, e))) {
		request_catalogue_free(c);
		return rc;
	}
	workday_set_hours(c->cal, c->work_start, c->work_end);
	return 0;
}

void request_catalogue_free(struct request_catalogue *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->kinds[i].code);
		free(c->kinds[i].name);
		free(c->kinds[i].match[0]);
		free(c->kinds[i].match[1]);
	}
	free(c->kinds);
	workday_free(c->cal);
	memset(c, 0, sizeof *c);
}

const struct request_kind *request_kind_find(const struct request_catalogue *c, const char *s)
{
	const struct request_kind *found = NULL;
	char *want;
	size_t i;

	/* Most cells are written as the catalogue writes them. */
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->kinds[i].code, s) || !strcmp(c->kinds[i].name, s))
			return &c->kinds[i];
	want = csv_header_norm(s);
	for (i = 0; want && !found && i < c->n; i++)
		if ((c->kinds[i].match[0] && !strcmp(c->kinds[i].match[0], want)) ||
		    (c->kinds[i].match[1] && !strcmp(c->kinds[i].match[1], want)))
			found = &c->kinds[i];
	free(want);
	return found;
}
