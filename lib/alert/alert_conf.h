/*
 * alert_conf.h - what shequ-alert knows as configuration: the kinds of
 * device (alert/kinds.csv) and the rules (alert/rules.csv), in the data
 * folder, so that an office can change a threshold or add a rule without a
 * rebuild.
 *
 * kinds.csv: code,name,readings,events,watches.  readings (yes/no): the
 * device sends cumulative readings; events: the events it may send,
 * separated by blanks; watches (yes/no): it watches over a resident.
 *
 * rules.csv: code,name,kind,measure,event,window,step,threshold,
 * min_seconds,severity,ladder,escalate,scenario,away,clear,source.
 * Measures: use_below (less than THRESHOLD litres used in WINDOW
 * minutes), use_above (more than THRESHOLD), use_every (some water used in
 * every STEP minutes of WINDOW), silent (no reading for WINDOW minutes),
 * event (the EVENT, with a value of at least THRESHOLD when there is one,
 * lasting at least MIN_SECONDS when given).  ladder: who is told, first to
 * last (family, grid_worker, community, separated by '>'); the next is
 * told when the order is not accepted ESCALATE minutes after the last was.
 * scenario: the scenario of request/catalogue.csv whose time limits the
 * order gets.  away (yes/no): silent while the watched person is away.
 * clear: the event that clears an event rule's alert.
 *
 * Every mistake is EX_CONFIG "FILE:LINE: why".  Memory: nothing allocates;
 * the tables are fixed in size.
 */
#ifndef SHEQU_ALERT_CONF_H
#define SHEQU_ALERT_CONF_H

#include <stddef.h>

#include "base/error.h"
#include "request/request_catalogue.h"

#define ALERT_MAX_KINDS 16
#define ALERT_MAX_RULES 64
#define ALERT_MAX_EVENTS 8
#define ALERT_MAX_RUNGS 3
#define ALERT_WORD 64

/* One kind of device. */
struct alert_kind {
	char code[ALERT_WORD];
	char name[ALERT_WORD];
	int readings; /* sends cumulative readings */
	int watches;  /* watches over a resident */
	char events[ALERT_MAX_EVENTS][ALERT_WORD];
	size_t nevents;
};

enum alert_measure { ALERT_USE_BELOW, ALERT_USE_ABOVE, ALERT_USE_EVERY, ALERT_SILENT, ALERT_EVENT };

/* The rungs of a ladder. */
enum alert_rung { ALERT_FAMILY, ALERT_GRID_WORKER, ALERT_COMMUNITY };

/* One rule. */
struct alert_rule {
	char code[ALERT_WORD];
	char name[ALERT_WORD * 2];
	char kind[ALERT_WORD];
	enum alert_measure measure;
	char event[ALERT_WORD];
	long long window, step; /* seconds; 0: none */
	double threshold;
	int has_threshold;
	double min_seconds;
	char severity[ALERT_WORD];
	int ladder[ALERT_MAX_RUNGS];
	size_t nrungs;
	long long escalate; /* seconds */
	char scenario[ALERT_WORD];
	int away;
	char clear[ALERT_WORD];
};

struct alert_conf {
	struct alert_kind kinds[ALERT_MAX_KINDS];
	size_t nkinds;
	struct alert_rule rules[ALERT_MAX_RULES];
	size_t nrules;
};

/* Load both files into C; each rule's scenario must be in CAT. */
int alert_conf_load(struct alert_conf *c, const struct request_catalogue *cat, struct shequ_err *e);

/* The kind with code S, or NULL. */
const struct alert_kind *alert_kind_find(const struct alert_conf *c, const char *s);

/* 1 when kind K sends the event EV. */
int alert_kind_has_event(const struct alert_kind *k, const char *ev);

/* "family", "grid_worker", "community". */
const char *alert_rung_name(int r);

/* The rule with code S, or NULL. */
const struct alert_rule *alert_rule_find(const struct alert_conf *c, const char *s);

#endif
