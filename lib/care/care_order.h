/*
 * care_order.h - an order of shequ-request for every visit finding that
 * asked for follow-up: the one definition of an order, through
 * lib/request, as shequ-alert opens its own.
 *
 * The order is numbered CV<visit id>, source walk_in (staff at the door),
 * the scenario or category SCENARIO (share/request/catalogue.csv: help,
 * elder_visit, ...), at the person's address with their name and phone,
 * the finding as its content; it is received at NOW and assigned to the
 * visitor, and the visit keeps its id (care_visit.order_id), so a second
 * run opens nothing twice.
 *
 * Errors: EX_USAGE (an unknown scenario), EX_TEMPFAIL (busy), db_fail()'s.
 */
#ifndef SHEQU_CARE_ORDER_H
#define SHEQU_CARE_ORDER_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"

/* Open the orders of the follow-ups of period P that have none, in one
 * transaction; OUT, when not NULL, gets a CSV row for each (order, day,
 * grid, visitor, name masked unless UNMASK, finding); *N counts them. */
int care_order_follow_ups(sqlite3 *db, const struct period *p, const char *scenario, long long now,
			  int unmask, FILE *out, long *n, struct shequ_err *e);

#endif
