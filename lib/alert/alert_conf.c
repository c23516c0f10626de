/* alert_conf.c - the kinds of device and the rules; see alert_conf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert_conf.h"
#include "base/csvin.h"
#include "base/datadir.h"
#include "base/names.h"

static const char *const measures[] = {"use_below", "use_above", "use_every", "silent", "event"};
static const char *const rungs[] = {"family", "grid_worker", "community"};

/* The columns of the two files, in the order the fill functions read. */
static const char *const kind_cols[] = {"code", "name", "readings", "events", "watches"};
static const char *const rule_cols[] = {
    "code",	   "name",     "kind",	 "measure",  "event",	 "window", "step",  "threshold",
    "min_seconds", "severity", "ladder", "escalate", "scenario", "away",   "clear", "source"};

enum {
	R_CODE,
	R_NAME,
	R_KIND,
	R_MEASURE,
	R_EVENT,
	R_WINDOW,
	R_STEP,
	R_THRESHOLD,
	R_MIN_SECONDS,
	R_SEVERITY,
	R_LADDER,
	R_ESCALATE,
	R_SCENARIO,
	R_AWAY,
	R_CLEAR,
	R_NCOLS
};

/* A file being read: where, and which field holds each column. */
struct conf_file {
	const char *name;
	struct csvin *in;
	int map[R_NCOLS + 1];
	long line;
};

const char *alert_rung_name(int r)
{
	return names_at(rungs, NAMES_COUNT(rungs), (unsigned)r);
}

static int bad(const struct conf_file *f, struct shequ_err *e, const char *why, const char *v)
{
	return shequ_err_set(e, EX_CONFIG, "%s:%ld: %s '%s'", f->name, f->line, why, v);
}

/* Copy S into a word of ALERT_WORD bytes (or N), refusing what does not fit. */
static int word(const struct conf_file *f, const char *s, char *out, size_t n, struct shequ_err *e)
{
	if (strlen(s) >= n)
		return bad(f, e, "too long:", s);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* A yes/no cell into *V. */
static int yes_no(const struct conf_file *f, const char *s, int *v, struct shequ_err *e)
{
	if (strcmp(s, "yes") && strcmp(s, "no"))
		return bad(f, e, "expected yes or no, got", s);
	*v = !strcmp(s, "yes");
	return 0;
}

/* A number of minutes (empty: 0) into seconds *V. */
static int minutes(const struct conf_file *f, const char *s, long long *v, struct shequ_err *e)
{
	char *end;
	long m;

	*v = 0;
	if (!*s)
		return 0;
	m = strtol(s, &end, 10);
	if (*end || m <= 0 || m > 525600)
		return bad(f, e, "expected minutes (1 to a year), got", s);
	*v = m * 60LL;
	return 0;
}

/* Open data file NAME and map its header onto COLS (N of them). */
static int conf_open(struct conf_file *f, const char *name, const char *const *cols, size_t n,
		     struct shequ_err *e)
{
	struct csvin_row *row;
	char path[4096];
	size_t i;
	int rc;

	f->name = name;
	if ((rc = datadir_path(name, path, sizeof path, e)))
		return rc;
	if (!(f->in = csvin_open(path, NULL, e)))
		return e->code = EX_CONFIG;
	if ((rc = csvin_next(f->in, &row, e)) || !row)
		return shequ_err_set(e, EX_CONFIG, "%s: no header", name);
	for (i = 0; i < n; i++) {
		long k = csv_header_find(row->fields, row->nfields, cols[i]);

		if (k < 0)
			return shequ_err_set(e, EX_CONFIG, "%s:1: no column %s", name, cols[i]);
		f->map[i] = (int)k;
	}
	return 0;
}

/* The events of a kind: words separated by blanks. */
static int kind_events(const struct conf_file *f, char *s, struct alert_kind *k,
		       struct shequ_err *e)
{
	char *p = s, *w;

	while (*p) {
		while (*p == ' ')
			p++;
		for (w = p; *p && *p != ' '; p++)
			;
		if (*p)
			*p++ = '\0';
		if (!*w)
			continue;
		if (k->nevents == ALERT_MAX_EVENTS)
			return bad(f, e, "too many events:", w);
		if (word(f, w, k->events[k->nevents++], ALERT_WORD, e))
			return EX_CONFIG;
	}
	return 0;
}

/* Read every kind. */
static int kinds_read(struct alert_conf *c, struct shequ_err *e)
{
	struct conf_file f = {0};
	struct csvin_row *row;
	int rc = conf_open(&f, "alert/kinds.csv", kind_cols, NAMES_COUNT(kind_cols), e);

	while (!rc && !(rc = csvin_next(f.in, &row, e)) && row) {
		struct alert_kind *k = &c->kinds[c->nkinds];
		char **v = row->fields;

		f.line = row->line;
		if ((size_t)f.map[4] >= row->nfields)
			rc = bad(&f, e, "too few fields", "");
		else if (c->nkinds == ALERT_MAX_KINDS)
			rc = bad(&f, e, "too many kinds at", v[f.map[0]]);
		else if (!(rc = word(&f, v[f.map[0]], k->code, ALERT_WORD, e)) &&
			 !(rc = word(&f, v[f.map[1]], k->name, ALERT_WORD, e)) &&
			 !(rc = yes_no(&f, v[f.map[2]], &k->readings, e)) &&
			 !(rc = kind_events(&f, v[f.map[3]], k, e)) &&
			 !(rc = yes_no(&f, v[f.map[4]], &k->watches, e)))
			c->nkinds++;
	}
	csvin_close(f.in);
	if (rc && rc != EX_CONFIG) {
		shequ_err_prefix(e, "alert/kinds.csv: ");
		rc = e->code = EX_CONFIG;
	}
	return rc;
}

/* The ladder "family>grid_worker>community" into R. */
static int ladder(const struct conf_file *f, const char *s, struct alert_rule *r,
		  struct shequ_err *e)
{
	char buf[ALERT_WORD * 2], *p, *next;

	if (word(f, s, buf, sizeof buf, e))
		return EX_CONFIG;
	for (p = buf; p; p = next) {
		int k;

		if ((next = strchr(p, '>')))
			*next++ = '\0';
		if ((k = names_index(rungs, NAMES_COUNT(rungs), p)) < 0)
			return bad(f, e, "unknown rung (family, grid_worker, community):", p);
		if (r->nrungs == ALERT_MAX_RUNGS)
			return bad(f, e, "too many rungs in", s);
		r->ladder[r->nrungs++] = k;
	}
	return 0;
}

/* A threshold (empty: none) into R. */
static int threshold(const struct conf_file *f, const char *s, double *v, int *has,
		     struct shequ_err *e)
{
	char *end;

	*has = *s != '\0';
	*v = 0;
	if (!*s)
		return 0;
	*v = strtod(s, &end);
	if (*end || *v < 0)
		return bad(f, e, "expected a number of at least 0, got", s);
	return 0;
}

/* The words of a rule, and its kind, measure and event. */
static int rule_words(const struct conf_file *f, char **v, const struct alert_conf *c,
		      struct alert_rule *r, struct shequ_err *e)
{
	const struct alert_kind *k;
	int m;

	if (word(f, v[f->map[R_CODE]], r->code, sizeof r->code, e) ||
	    word(f, v[f->map[R_NAME]], r->name, sizeof r->name, e) ||
	    word(f, v[f->map[R_KIND]], r->kind, sizeof r->kind, e) ||
	    word(f, v[f->map[R_EVENT]], r->event, sizeof r->event, e) ||
	    word(f, v[f->map[R_SEVERITY]], r->severity, sizeof r->severity, e) ||
	    word(f, v[f->map[R_SCENARIO]], r->scenario, sizeof r->scenario, e) ||
	    word(f, v[f->map[R_CLEAR]], r->clear, sizeof r->clear, e))
		return EX_CONFIG;
	if (!(k = alert_kind_find(c, r->kind)))
		return bad(f, e, "unknown kind", r->kind);
	if ((m = names_index(measures, NAMES_COUNT(measures), v[f->map[R_MEASURE]])) < 0)
		return bad(f, e, "unknown measure", v[f->map[R_MEASURE]]);
	r->measure = (enum alert_measure)m;
	if ((r->measure == ALERT_EVENT) != (*r->event != '\0'))
		return bad(f, e, "an event rule names its event, others none:", r->code);
	if (*r->event && !alert_kind_has_event(k, r->event))
		return bad(f, e, "the kind does not send the event", r->event);
	if (*r->clear && !alert_kind_has_event(k, r->clear))
		return bad(f, e, "the kind does not send the event", r->clear);
	if (r->measure != ALERT_EVENT && !k->readings)
		return bad(f, e, "the kind sends no readings:", r->kind);
	return 0;
}

/* The numbers of a rule, its ladder, scenario and away flag. */
static int rule_numbers(const struct conf_file *f, char **v, const struct request_catalogue *cat,
			struct alert_rule *r, struct shequ_err *e)
{
	int has;

	if (minutes(f, v[f->map[R_WINDOW]], &r->window, e) ||
	    minutes(f, v[f->map[R_STEP]], &r->step, e) ||
	    minutes(f, v[f->map[R_ESCALATE]], &r->escalate, e) ||
	    threshold(f, v[f->map[R_THRESHOLD]], &r->threshold, &r->has_threshold, e) ||
	    threshold(f, v[f->map[R_MIN_SECONDS]], &r->min_seconds, &has, e) ||
	    ladder(f, v[f->map[R_LADDER]], r, e) || yes_no(f, v[f->map[R_AWAY]], &r->away, e))
		return EX_CONFIG;
	if (r->measure != ALERT_EVENT && !r->window)
		return bad(f, e, "the rule needs a window:", r->code);
	if (r->measure == ALERT_USE_EVERY && (!r->step || r->window % r->step))
		return bad(f, e, "the step must divide the window:", r->code);
	if ((r->measure == ALERT_USE_BELOW || r->measure == ALERT_USE_ABOVE) && !r->has_threshold)
		return bad(f, e, "the rule needs a threshold:", r->code);
	if (!r->escalate)
		return bad(f, e, "the rule needs escalate minutes:", r->code);
	if (!request_kind_find(cat, r->scenario))
		return bad(f, e, "no such scenario in request/catalogue.csv:", r->scenario);
	return 0;
}

/* Read every rule. */
static int rules_read(struct alert_conf *c, const struct request_catalogue *cat,
		      struct shequ_err *e)
{
	struct conf_file f = {0};
	struct csvin_row *row;
	int rc = conf_open(&f, "alert/rules.csv", rule_cols, R_NCOLS, e);

	while (!rc && !(rc = csvin_next(f.in, &row, e)) && row) {
		struct alert_rule *r = &c->rules[c->nrules];

		f.line = row->line;
		memset(r, 0, sizeof *r);
		if (row->nfields < NAMES_COUNT(rule_cols))
			rc = bad(&f, e, "too few fields", "");
		else if (c->nrules == ALERT_MAX_RULES)
			rc = bad(&f, e, "too many rules at", row->fields[f.map[R_CODE]]);
		else if (alert_rule_find(c, row->fields[f.map[R_CODE]]))
			rc = bad(&f, e, "the rule is there twice:", row->fields[f.map[R_CODE]]);
		else if (!(rc = rule_words(&f, row->fields, c, r, e)) &&
			 !(rc = rule_numbers(&f, row->fields, cat, r, e)))
			c->nrules++;
	}
	csvin_close(f.in);
	if (rc && rc != EX_CONFIG) {
		shequ_err_prefix(e, "alert/rules.csv: ");
		rc = e->code = EX_CONFIG;
	}
	return rc;
}

int alert_conf_load(struct alert_conf *c, const struct request_catalogue *cat, struct shequ_err *e)
{
	int rc;

	memset(c, 0, sizeof *c);
	if ((rc = kinds_read(c, e)))
		return rc;
	return rules_read(c, cat, e);
}

const struct alert_kind *alert_kind_find(const struct alert_conf *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i].code, s))
			return &c->kinds[i];
	return NULL;
}

int alert_kind_has_event(const struct alert_kind *k, const char *ev)
{
	size_t i;

	for (i = 0; i < k->nevents; i++)
		if (!strcmp(k->events[i], ev))
			return 1;
	return 0;
}

const struct alert_rule *alert_rule_find(const struct alert_conf *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->nrules; i++)
		if (!strcmp(c->rules[i].code, s))
			return &c->rules[i];
	return NULL;
}
