/* request_hand.c - orders and events entered by hand; see request_hand.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "db/db.h"
#include "request/request_hand.h"
#include "request/request_time.h"

/* The source codes hand entry takes. */
static const char *const sources[] = {"hotline", "app", "platform", "walk_in", "alert"};

/* Refuse a moment AT after NOW. */
static int not_future(long long at, long long now, struct shequ_err *e)
{
	char when[REQUEST_TIME_SIZE];

	if (at <= now)
		return 0;
	request_time_format(at, when);
	return shequ_err_set(e, EX_DATAERR, "%s is in the future", when);
}

/* Read the log of order ID back and check it; EX_DATAERR "order NUMBER:
 * why" when it does not make sense. */
static int check_log(struct request_store *s, long long id, const char *number, struct shequ_err *e)
{
	struct request_logged *l;
	struct request_event *ev;
	char why[200];
	size_t n, i;
	int rc = request_store_log(s, id, &l, &n, e);

	if (rc)
		return rc;
	if (!(ev = malloc((n ? n : 1) * sizeof *ev))) {
		free(l);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	for (i = 0; i < n; i++)
		ev[i] = l[i].ev;
	if (request_log_check(ev, n, why, sizeof why) >= 0)
		rc = shequ_err_set(e, EX_DATAERR, "order %s: %s", number, why);
	free(ev);
	free(l);
	return rc;
}

/* Check O's scenario and source against C, making them codes. */
static int check_order(const struct request_catalogue *c, struct request_order_in *o,
		       struct shequ_err *e)
{
	const char *s = o->attr[REQUEST_A_SCENARIO], *src = o->attr[REQUEST_A_SOURCE];
	const struct request_kind *k = s ? request_kind_find(c, s) : NULL;

	if (!k)
		return shequ_err_set(e, EX_DATAERR, "unknown scenario or category '%s'",
				     s ? s : "");
	o->attr[REQUEST_A_SCENARIO] = k->code;
	if (!src || names_index(sources, NAMES_COUNT(sources), src) < 0)
		return shequ_err_set(e, EX_DATAERR,
				     "unknown source '%s': expected hotline, app, platform, "
				     "walk_in or alert",
				     src ? src : "");
	o->present = (1u << REQUEST_NATTRS) - 1;
	return 0;
}

/* Inside the transaction: make the order and its received event. */
static int open_in(struct request_store *s, struct request_order_in *o, long long at,
		   const char *actor, char *number, size_t n, struct shequ_err *e)
{
	struct request_event_in ev = {at, REQUEST_RECEIVED, actor, NULL, -1, 0, 0, 0};
	long long id, received, imp;
	long line;
	int same, added, rc;

	if (!o->number || !*o->number) {
		if ((rc = request_store_new_number(s, number, n, e)))
			return rc;
		o->number = number;
	} else {
		snprintf(number, n, "%s", o->number);
	}
	if ((rc = request_store_find(s, o->number, NULL, &id, &received, &same, e)))
		return rc;
	if (id)
		return shequ_err_set(e, EX_DATAERR, "order %s exists already", o->number);
	if ((rc = request_store_insert(s, o, &id, e)))
		return rc;
	return request_store_event(s, id, &ev, &added, &imp, &line, e);
}

int request_hand_open(sqlite3 *db, const struct request_catalogue *c, struct request_order_in *o,
		      long long at, const char *actor, long long now, char *number, size_t n,
		      struct shequ_err *e)
{
	struct request_store s;
	int rc;

	if ((rc = check_order(c, o, e)) || (rc = not_future(at, now, e)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	if (!(rc = request_store_open(&s, db, e))) {
		rc = open_in(&s, o, at, actor, number, n, e);
		request_store_close(&s);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

/* Inside the transaction: add the N events EV to order NUMBER and check
 * its log. */
static int event_in(struct request_store *s, const char *number, const struct request_event_in *ev,
		    size_t n, const char *assignee, struct shequ_err *e)
{
	struct request_order_in o = {.number = number};
	long long id, received, imp;
	long line;
	int same, added, rc;
	size_t i;

	if ((rc = request_store_find(s, number, NULL, &id, &received, &same, e)))
		return rc;
	if (!id)
		return shequ_err_set(e, EX_DATAERR, "no order %s", number);
	for (i = 0; i < n; i++) {
		if ((rc = request_store_event(s, id, &ev[i], &added, &imp, &line, e)))
			return rc;
		if (!added)
			return shequ_err_set(e, EX_DATAERR,
					     "order %s: %s at that moment is there already", number,
					     request_ev_name(ev[i].kind));
	}
	if (assignee) {
		o.attr[REQUEST_A_ASSIGNEE] = assignee;
		o.present = 1u << REQUEST_A_ASSIGNEE;
		if ((rc = request_store_update(s, id, &o, NULL, e)))
			return rc;
	}
	return check_log(s, id, number, e);
}

int request_hand_event(sqlite3 *db, const char *number, const struct request_event_in *ev, size_t n,
		       const char *assignee, long long now, struct shequ_err *e)
{
	struct request_store s;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = not_future(ev[i].at, now, e)))
			return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	if (!(rc = request_store_open(&s, db, e))) {
		rc = event_in(&s, number, ev, n, assignee, e);
		request_store_close(&s);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}
