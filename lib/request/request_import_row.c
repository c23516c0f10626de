/* request_import_row.c - one row of a request import: cleaned, checked and
 * stored; see request_import_impl.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/normalize.h"
#include "domain/phone.h"
#include "request/request_import_impl.h"
#include "request/request_time.h"

/* The sources, stored as the first word, and what the exports write. */
static const struct {
	const char *code, *words[6];
} sources[] = {
    {"hotline", {"热线", "电话", "服务热线", "大物管热线", NULL}},
    {"app", {"小程序", "app", "易生活助手", "微信", NULL}},
    {"platform", {"12345", "胶心办", "平台", "市民热线", NULL}},
    {"walk_in", {"来访", "现场", "walk-in", "上门", NULL}},
    {"alert", {"告警", "设备", "设备告警", NULL}},
};

/* Words for satisfied and not. */
static const char *const yes_words[] = {"满意", "非常满意", "基本满意", "是", "yes", "y", "1"};
static const char *const no_words[] = {"不满意", "非常不满意", "否", "no", "n", "0"};

/* A row cleaned. */
struct rq_clean {
	long line;
	struct request_order_in o;
	char *own[REQUEST_NATTRS]; /* the cleaned attribute texts, malloc'd */
	char number[128];
	long long t[RQ_NCOLS]; /* the times, by column */
	int has_t[RQ_NCOLS];
	int kind; /* events shape: the event */
	int satisfied, rating;
	const char *actor, *note;
};

int rq_time_col(int k)
{
	return k >= REQUEST_RECEIVED && k <= REQUEST_CALLED_BACK ? RQ_RECEIVED + k : -1;
}

const char *rq_source_code(const char *s)
{
	size_t i, j;

	for (i = 0; i < NAMES_COUNT(sources); i++) {
		if (!strcmp(s, sources[i].code))
			return sources[i].code;
		for (j = 0; sources[i].words[j]; j++)
			if (!strcasecmp(s, sources[i].words[j]))
				return sources[i].code;
	}
	return NULL;
}

/* Clean the order attribute of column COL whose cell is V into R. */
static int clean_attr(struct rq_run *u, int col, const char *v, struct rq_clean *r)
{
	int a = col - RQ_SOURCE;
	char *t = col == RQ_REQUESTER ? norm_name(v) : norm_text(v);
	char buf[256];

	if (!t)
		return EX_SOFTWARE;
	r->own[a] = t;
	r->o.attr[a] = t;
	/* Source and scenario are never cleared: an empty cell says nothing;
	 * nor does an empty cell of a row that is about one event. */
	if (*t || (!u->events && col != RQ_SOURCE && col != RQ_SCENARIO))
		r->o.present |= 1u << a;
	if (col == RQ_SOURCE && *t) {
		if (!(r->o.attr[a] = rq_source_code(t)))
			return rq_reject(u, r->line, col, "unknown source '%s'", t);
	} else if (col == RQ_SCENARIO && *t) {
		const struct request_kind *k = request_kind_find(u->cat, t);

		if (!k)
			return rq_reject(u, r->line, col, "unknown scenario or category '%s'", t);
		r->o.attr[a] = k->code;
	} else if (col == RQ_PHONE && *t) {
		phone_normalize(t, buf, sizeof buf, NULL);
		snprintf(t, strlen(t) + 1, "%s", buf);
	} else if (col >= RQ_COMPOUND && col <= RQ_ROOM && *t) {
		request_norm_place("cbur"[col - RQ_COMPOUND], t, t, strlen(t) + 1);
	}
	return 0;
}

/* Clean the time of column COL whose cell is V into R. */
static int clean_time(struct rq_run *u, int col, const char *v, struct rq_clean *r)
{
	struct shequ_err e = {0};
	long long t;
	char when[REQUEST_TIME_SIZE];

	if (!*v)
		return 0;
	if (request_time_parse(v, &t, &e))
		return rq_reject(u, r->line, col, "%s", e.msg);
	if (t > u->o->now) {
		request_time_format(t, when);
		return rq_reject(u, r->line, col, "%s is in the future", when);
	}
	r->t[col] = t;
	r->has_t[col] = 1;
	return 0;
}

/* Clean 满意度, 评分, 事件 and the texts of the row. */
static int clean_marks(struct rq_run *u, char *const *v, struct rq_clean *r)
{
	r->satisfied = -1;
	if (v[RQ_SATISFIED] && *v[RQ_SATISFIED]) {
		if (names_index(yes_words, NAMES_COUNT(yes_words), v[RQ_SATISFIED]) >= 0)
			r->satisfied = 1;
		else if (names_index(no_words, NAMES_COUNT(no_words), v[RQ_SATISFIED]) >= 0)
			r->satisfied = 0;
		else
			return rq_reject(u, r->line, RQ_SATISFIED,
					 "expected 满意 or 不满意 (yes or no), got '%s'",
					 v[RQ_SATISFIED]);
	}
	if (v[RQ_RATING] && *v[RQ_RATING]) {
		char *end;
		long n = strtol(v[RQ_RATING], &end, 10);

		if (*end || end == v[RQ_RATING] || n < 1 || n > 5)
			return rq_reject(u, r->line, RQ_RATING, "a rating is 1 to 5, got '%s'",
					 v[RQ_RATING]);
		r->rating = (int)n;
	}
	r->kind = -1;
	if (u->events && (r->kind = request_ev_find(v[RQ_EVENT])) < 0)
		return rq_reject(u, r->line, RQ_EVENT, "unknown event '%s'", v[RQ_EVENT]);
	r->actor = v[RQ_ACTOR] && *v[RQ_ACTOR] ? v[RQ_ACTOR] : NULL;
	r->note = v[RQ_NOTE] && *v[RQ_NOTE] ? v[RQ_NOTE] : NULL;
	return 0;
}

/* Clean the row V of line LINE into R.  0, EX_DATAERR (reported) or
 * EX_SOFTWARE. */
static int clean_row(struct rq_run *u, long line, char *const *v, struct rq_clean *r)
{
	int col, rc = 0;

	memset(r, 0, sizeof *r);
	r->line = line;
	if (norm_text_to(v[RQ_NUMBER], r->number, sizeof r->number) || !*r->number)
		return rq_reject(u, line, RQ_NUMBER, *r->number ? "too long" : "empty");
	r->o.number = r->number;
	for (col = RQ_SOURCE; !rc && col <= RQ_ASSIGNEE; col++)
		if (v[col])
			rc = clean_attr(u, col, v[col], r);
	for (col = RQ_RECEIVED; !rc && col <= RQ_AT; col++)
		if (v[col] && col != RQ_SATISFIED && col != RQ_RATING && col != RQ_EVENT)
			rc = clean_time(u, col, v[col], r);
	if (!rc)
		rc = clean_marks(u, v, r);
	return rc;
}

/* Free what R owns. */
static void clean_free(struct rq_clean *r)
{
	int i;

	for (i = 0; i < REQUEST_NATTRS; i++)
		free(r->own[i]);
}

/* Order *ID, found for R's number, was received at RECEIVED (-1: not
 * known) with content that is SAME as R's or not; TIME_COL: R's column of
 * the time received (-1: none).  The same order again is fine.  Another
 * order under the number is refused when an earlier line of this file
 * brought it (two orders in one export).  One of an earlier import gives
 * way, and the clerk is told: the later wins.  Received at the same time,
 * it is the same order with other content, changed in place; received at
 * another time, it is another order, and the old one is set aside under
 * NUMBER~1 with its log (*ID 0: R makes the new one). */
static int reuse_check(struct rq_run *u, struct rq_clean *r, long long *id, long long received,
		       int same, int time_col, struct shequ_err *e)
{
	char was[REQUEST_TIME_SIZE], aside[160];
	int other = received >= 0 && time_col >= 0 && received != r->t[time_col];
	long long imp;
	long line;
	int rc;

	if (same && !other)
		return 0;
	if ((rc = request_store_origin(&u->store, *id, &imp, &line, e)))
		return rc;
	if (imp == u->import_id)
		return rq_reject(u, r->line, RQ_NUMBER,
				 "order number %s reused: line %ld has another order", r->number,
				 line);
	request_time_format(received, was);
	if (!other) {
		rq_warn(u, r->line, RQ_NUMBER,
			"order number %s reused with other content: the later wins", r->number);
		return 0;
	}
	if ((rc = request_store_set_aside(&u->store, *id, r->number, aside, sizeof aside, e)))
		return rc;
	*id = 0;
	rq_warn(u, r->line, RQ_NUMBER,
		"order number %s reused: the later wins; the order received %s is now %s",
		r->number, was, aside);
	return 0;
}

/* Find the order of R, or make it when MAY_MAKE (see reuse_check for a
 * number reused).  *ID the order, *ROW_CHANGED set when it was made or
 * changed, *FRESH when it was made. */
static int order_of_row(struct rq_run *u, struct rq_clean *r, int time_col, int may_make,
			long long *id, int *fresh, int *row_changed, struct shequ_err *e)
{
	const char *content = r->o.attr[REQUEST_A_CONTENT];
	long long received;
	int same, changed = 0, rc;

	if ((rc = request_store_find(&u->store, r->number, content && *content ? content : NULL, id,
				     &received, &same, e)))
		return rc;
	if (*id && (rc = reuse_check(u, r, id, received, same, time_col, e)))
		return rc;
	if (*id) {
		if ((rc = request_store_update(&u->store, *id, &r->o, &changed, e)))
			return rc;
		u->st->orders_changed += changed;
		*row_changed |= changed;
		return 0;
	}
	if (!may_make)
		return rq_reject(u, r->line, RQ_NUMBER, "unknown order %s", r->number);
	if (!r->o.attr[REQUEST_A_SCENARIO] || !*r->o.attr[REQUEST_A_SCENARIO])
		return rq_reject(u, r->line, RQ_SCENARIO,
				 "empty: a new order needs its scenario or category");
	/* A file without sources says where all its new orders come from. */
	if (!(r->o.present & 1u << REQUEST_A_SOURCE))
		r->o.attr[REQUEST_A_SOURCE] =
		    u->o->source ? rq_source_code(u->o->source) : "hotline";
	if ((rc = request_store_insert(&u->store, &r->o, id, e)))
		return rc;
	u->st->orders_new++;
	*row_changed = *fresh = 1;
	return 0;
}

/* Record event EV of order ID from R, refusing the same event twice in
 * the file (column COL, what WHAT). */
static int event_of_row(struct rq_run *u, struct rq_clean *r, long long id,
			const struct request_event_in *ev, int col, const char *what,
			int *row_changed, struct shequ_err *e)
{
	long long imp;
	long line;
	int added, rc = request_store_event(&u->store, id, ev, &added, &imp, &line, e);

	if (rc)
		return rc;
	if (!added && imp == u->import_id)
		return rq_reject(u, r->line, col, "the same %s as line %ld", what, line);
	u->st->events_new += added;
	*row_changed |= added;
	return added ? rq_touch(u, id, e) : 0;
}

/* The event of R's stage time column COL of kind K. */
static struct request_event_in stage_event(struct rq_run *u, const struct rq_clean *r, int col,
					   int k)
{
	struct request_event_in ev = {r->t[col], k, NULL, NULL, -1, 0, u->import_id, r->line};

	if (k == REQUEST_ASSIGNED)
		ev.actor = r->o.attr[REQUEST_A_ASSIGNEE];
	if (k == REQUEST_CALLED_BACK)
		ev.satisfied = r->satisfied;
	if (k == REQUEST_RATED)
		ev.rating = r->rating;
	return ev;
}

/* Check the verdict and rating of an orders row R against its times; a
 * rating without its own time is given the call-back time. */
static int stage_marks(struct rq_run *u, struct rq_clean *r)
{
	if (r->satisfied >= 0 && !r->has_t[RQ_CALLED_BACK])
		return rq_reject(u, r->line, RQ_SATISFIED, "a verdict needs its call-back time");
	if (r->rating && !r->has_t[RQ_RATED] && !r->has_t[RQ_CALLED_BACK])
		return rq_reject(u, r->line, RQ_RATING,
				 "a rating needs its time or call-back time");
	if (r->rating && !r->has_t[RQ_RATED]) {
		r->t[RQ_RATED] = r->t[RQ_CALLED_BACK];
		r->has_t[RQ_RATED] = 1;
	}
	return 0;
}

/* The stages after 受理 of an orders row R of order ID. */
static int order_stages(struct rq_run *u, struct rq_clean *r, long long id, int *row_changed,
			struct shequ_err *e)
{
	int k, changed, rc = stage_marks(u, r);

	for (k = REQUEST_ASSIGNED; !rc && k <= REQUEST_RATED; k++) {
		int col = k == REQUEST_RATED ? RQ_RATED : rq_time_col(k);
		struct request_event_in ev;

		if (!r->has_t[col])
			continue;
		ev = stage_event(u, r, col, k);
		rc = request_store_stage(&u->store, id, &ev, &changed, e);
		u->st->events_new += changed;
		*row_changed |= changed;
		if (!rc && changed)
			rc = rq_touch(u, id, e);
	}
	return rc;
}

/* The whole log of order ID, just made from the orders row R: nothing in
 * the table can clash with it, so its events go in without a look-up, and
 * it is checked here; only a log that does not make sense is left for
 * check_logs to read back and report with the others. */
static int fresh_stages(struct rq_run *u, struct rq_clean *r, long long id, struct shequ_err *e)
{
	struct request_event l[REQUEST_RATED + 1];
	size_t n = 0;
	char why[200];
	int k, rc = stage_marks(u, r);

	for (k = REQUEST_RECEIVED; !rc && k <= REQUEST_RATED; k++) {
		int col = k == REQUEST_RATED ? RQ_RATED : rq_time_col(k);
		struct request_event_in ev;

		if (!r->has_t[col])
			continue;
		ev = stage_event(u, r, col, k);
		l[n++] = (struct request_event){ev.at, k, ev.satisfied,
						ev.rating > 0 ? ev.rating : 0, r->line};
		rc = request_store_add(&u->store, id, &ev, e);
	}
	if (rc)
		return rc;
	u->st->events_new += (long)n;
	request_log_sort(l, n);
	return request_log_check(l, n, why, sizeof why) < 0 ? 0 : rq_touch(u, id, e);
}

/* Store the orders row R. */
static int store_order_row(struct rq_run *u, struct rq_clean *r, int *changed, struct shequ_err *e)
{
	struct request_event_in ev;
	long long id;
	int fresh = 0, rc;

	if (!r->has_t[RQ_RECEIVED])
		return rq_reject(u, r->line, RQ_RECEIVED,
				 "empty: every order has its time received");
	if ((rc = order_of_row(u, r, RQ_RECEIVED, 1, &id, &fresh, changed, e)))
		return rc;
	if (fresh)
		return fresh_stages(u, r, id, e);
	ev = stage_event(u, r, RQ_RECEIVED, REQUEST_RECEIVED);
	if ((rc = event_of_row(u, r, id, &ev, RQ_NUMBER, "order", changed, e)))
		return rc;
	return order_stages(u, r, id, changed, e);
}

/* Store the events row R. */
static int store_event_row(struct rq_run *u, struct rq_clean *r, int *changed, struct shequ_err *e)
{
	struct request_event_in ev = {r->t[RQ_AT], r->kind, r->actor,	  r->note,
				      -1,	   0,	    u->import_id, r->line};
	long long id;
	int fresh = 0, rc;

	if (!r->has_t[RQ_AT])
		return rq_reject(u, r->line, RQ_AT, "empty: an event needs its time");
	if (r->kind == REQUEST_RATED && !r->rating)
		return rq_reject(u, r->line, RQ_RATING, "empty: a rating event needs its rating");
	if (r->kind == REQUEST_CALLED_BACK)
		ev.satisfied = r->satisfied;
	if (r->kind == REQUEST_RATED)
		ev.rating = r->rating;
	if (r->kind == REQUEST_ASSIGNED && r->o.attr[REQUEST_A_ASSIGNEE] &&
	    *r->o.attr[REQUEST_A_ASSIGNEE])
		ev.actor = r->o.attr[REQUEST_A_ASSIGNEE];
	if ((rc = order_of_row(u, r, r->kind == REQUEST_RECEIVED ? RQ_AT : -1,
			       r->kind == REQUEST_RECEIVED, &id, &fresh, changed, e)))
		return rc;
	if (!fresh)
		return event_of_row(u, r, id, &ev, RQ_EVENT, "event", changed, e);
	u->st->events_new++;
	if (!(rc = request_store_add(&u->store, id, &ev, e)))
		rc = rq_touch(u, id, e);
	return rc;
}

int rq_row(struct rq_run *u, long line, char *const *v, struct shequ_err *e)
{
	struct rq_clean r;
	int changed = 0, rc = clean_row(u, line, v, &r);

	if (rc == EX_SOFTWARE)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	else if (!rc)
		rc = u->events ? store_event_row(u, &r, &changed, e)
			       : store_order_row(u, &r, &changed, e);
	if (!rc && !changed)
		u->st->unchanged++;
	clean_free(&r);
	return rc;
}
