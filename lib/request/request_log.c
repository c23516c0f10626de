/* request_log.c - an order's event log read; see request_log.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "request/request_log.h"

static const char *const ev_names[] = {
    "received", "assigned", "accepted", "on_site", "resolved", "called_back",
    "rated",	"reopened", "paused",	"resumed", "closed",   "cancelled",
};
static const char *const ev_labels[] = {
    "受理", "派单", "接单", "到场", "办结", "回访", "评价", "重办", "挂起", "恢复", "关闭", "撤单",
};

/* Other words the exports use for an event. */
static const struct {
	const char *word;
	int kind;
} ev_synonyms[] = {
    {"签收", REQUEST_ACCEPTED},
    {"完成", REQUEST_RESOLVED},
    {"取消", REQUEST_CANCELLED},
    {"转派", REQUEST_ASSIGNED},
    {"到达", REQUEST_ON_SITE},
    {"退回重办", REQUEST_REOPENED},
    {"on-site", REQUEST_ON_SITE},
    {"callback", REQUEST_CALLED_BACK},
    {"called-back", REQUEST_CALLED_BACK},
};

static const char *const stage_names[] = {"accept", "on_site", "resolve", "call_back"};
static const char *const status_names[] = {"open", "paused", "resolved", "closed", "cancelled"};

const char *request_ev_name(int k)
{
	return names_at(ev_names, NAMES_COUNT(ev_names), (unsigned)k);
}

const char *request_ev_label(int k)
{
	return names_at(ev_labels, NAMES_COUNT(ev_labels), (unsigned)k);
}

int request_ev_find(const char *s)
{
	int k = names_index(ev_names, NAMES_COUNT(ev_names), s);
	size_t i;

	if (k < 0)
		k = names_index(ev_labels, NAMES_COUNT(ev_labels), s);
	for (i = 0; k < 0 && i < NAMES_COUNT(ev_synonyms); i++)
		if (!strcmp(ev_synonyms[i].word, s))
			k = ev_synonyms[i].kind;
	return k;
}

const char *request_stage_name(int s)
{
	return names_at(stage_names, NAMES_COUNT(stage_names), (unsigned)s);
}

const char *request_status_name(int s)
{
	return names_at(status_names, NAMES_COUNT(status_names), (unsigned)s);
}

/* Order events by moment, then kind. */
static int ev_cmp(const void *a, const void *b)
{
	const struct request_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

void request_log_sort(struct request_event *ev, size_t n)
{
	if (n > 1)
		qsort(ev, n, sizeof *ev, ev_cmp);
}

/* Where the story of an order stands while its log is read. */
struct story {
	int received, ended, paused, resolved_ever;
	int round[REQUEST_NEVENTS]; /* events of each kind in this round */
};

/* The event a kind must follow in a round, or -1. */
static int needs(int kind)
{
	switch (kind) {
	case REQUEST_ON_SITE:
	case REQUEST_RESOLVED:
		return REQUEST_ACCEPTED;
	case REQUEST_CALLED_BACK:
	case REQUEST_RATED:
	case REQUEST_REOPENED:
		return REQUEST_RESOLVED;
	default:
		return -1;
	}
}

/* Whether KIND may happen once only in a round. */
static int once_a_round(int kind)
{
	return kind == REQUEST_ACCEPTED || kind == REQUEST_ON_SITE || kind == REQUEST_RESOLVED ||
	       kind == REQUEST_CALLED_BACK || kind == REQUEST_RATED;
}

int request_ev_resumes(int k)
{
	return k != REQUEST_RECEIVED && k != REQUEST_ASSIGNED && k != REQUEST_PAUSED;
}

/* Take event K into S; 0, or -1 with the reason in WHY. */
static int story_take(struct story *s, int k, char *why, size_t n)
{
	if (s->ended)
		return snprintf(why, n, "%s after the order ended", ev_names[k]), -1;
	if (k == REQUEST_RECEIVED) {
		if (s->received)
			return snprintf(why, n, "received twice"), -1;
		s->received = 1;
		return 0;
	}
	if (!s->received)
		return snprintf(why, n, "%s before the order was received", ev_names[k]), -1;
	if (needs(k) >= 0 && !s->round[needs(k)])
		return snprintf(why, n, "%s before %s",
				k == REQUEST_ON_SITE ? "on site" : ev_names[k], ev_names[needs(k)]),
		       -1;
	if (once_a_round(k) && s->round[k])
		return snprintf(why, n, "%s twice%s", ev_names[k],
				s->resolved_ever ? " without a reopening between" : ""),
		       -1;
	if (k == REQUEST_PAUSED && s->paused)
		return snprintf(why, n, "paused twice without resuming"), -1;
	if (k == REQUEST_RESUMED && !s->paused)
		return snprintf(why, n, "resumed but not paused"), -1;
	if (k == REQUEST_CANCELLED && s->round[REQUEST_RESOLVED])
		return snprintf(why, n, "cancelled after it was resolved"), -1;
	return 0;
}

long request_log_check(const struct request_event *ev, size_t n, char *why, size_t whylen)
{
	struct story s = {0};
	size_t i;

	for (i = 0; i < n; i++) {
		int k = ev[i].kind;

		if (story_take(&s, k, why, whylen))
			return (long)i;
		if (k == REQUEST_REOPENED)
			memset(s.round, 0, sizeof s.round);
		s.round[k]++;
		s.resolved_ever |= k == REQUEST_RESOLVED;
		s.paused = k == REQUEST_PAUSED || (s.paused && !request_ev_resumes(k));
		s.ended = k == REQUEST_CLOSED || k == REQUEST_CANCELLED;
	}
	return -1;
}
