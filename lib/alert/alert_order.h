/*
 * alert_order.h - an alert and its order: raising one (the alert row, and
 * an order of shequ-request with source "alert", the rule's scenario and
 * so its time limits, received now and assigned to the first rung of the
 * rule's ladder), telling the next rung when nobody has accepted the order
 * in time, marking an alert cleared, and closing it with a finding.
 *
 * The order is numbered AL<alert id>.  The rungs told are 'assigned'
 * events of the order, actor the rung (family, grid_worker, community),
 * so `shequ-request history` shows the ladder with its times.
 *
 * None of these begins or commits: the caller holds the transaction.
 */
#ifndef SHEQU_ALERT_ORDER_H
#define SHEQU_ALERT_ORDER_H

#include <sqlite3.h>
#include <stdio.h>

#include "alert/alert_conf.h"
#include "base/error.h"

/* An alert to raise: device DEVICE met RULE with data of moment SINCE. */
struct alert_new {
	long long device;
	const struct alert_rule *rule;
	long long since; /* local seconds */
	char detail[200];
};

/* Raise A at moment NOW: the alert, its order, its first rung.  OUT, when
 * not NULL, gets one CSV line: raised, alert, order, rule, severity,
 * device, kind, place, grid, told (the first rung), detail. */
int alert_raise(sqlite3 *db, const struct alert_new *a, long long now, FILE *out,
		struct shequ_err *e);

/* Mark alert ID cleared at moment AT. */
int alert_clear(sqlite3 *db, long long id, long long at, struct shequ_err *e);

/* Tell the next rung of every open, uncleared alert whose order nobody has
 * accepted within its rule's escalate minutes of the last rung, at NOW;
 * *N counts them. */
int alert_escalate(sqlite3 *db, const struct alert_conf *c, long long now, long *n,
		   struct shequ_err *e);

/* Close alert WHICH (its id, or its order number AL<id>) at AT by ACTOR:
 * REAL 1 or 0 (a false alarm), with FINDING.  Its order, when still open,
 * is closed with the finding as the reason.  EX_DATAERR when there is no
 * such alert or it is closed already. */
int alert_close(sqlite3 *db, const char *which, int real, const char *finding, long long at,
		const char *actor, struct shequ_err *e);

#endif
