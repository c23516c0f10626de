/*
 * request_list.h - the orders as they stand, and the history of one.
 *
 * request_list() writes CSV: number, source, scenario, compound, building,
 * unit, room, grid, requester, phone (both masked), assignee, received,
 * status (open, paused, resolved, closed, cancelled), next_stage (the
 * first stage not reached yet: accept, on_site, resolve, call_back), due
 * (when its limit runs out, paused time added) and overdue_minutes (past
 * due as of NOW, 0 when not).  Everything is read from the event log.
 *
 * request_late() writes the list's columns and then late (the stages that
 * ended late, separated by blanks) for the orders that, as their logs
 * stood at NOW (later events left out), either ended a stage late between
 * FROM and NOW, or are open and past due at NOW however long ago their
 * limit ran out: a day's late and still-open overdue orders.
 *
 * request_history() writes CSV: number, at, event, actor, note, satisfied,
 * rating, origin (the file and line of the import it came from; empty when
 * entered by hand).
 */
#ifndef SHEQU_REQUEST_LIST_H
#define SHEQU_REQUEST_LIST_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "request/request_catalogue.h"

/* Which orders request_list() writes. */
struct request_list_filter {
	int open;	      /* only open and paused ones */
	int overdue;	      /* only open ones past due */
	const char *grid;     /* only those of this grid (NULL: all) */
	const char *assignee; /* only those with this person (NULL: all) */
};

int request_list(sqlite3 *db, const struct request_catalogue *c, long long now,
		 const struct request_list_filter *f, FILE *out, struct shequ_err *e);

/* The late and overdue orders of the span FROM..NOW (moments). */
int request_late(sqlite3 *db, const struct request_catalogue *c, long long from, long long now,
		 FILE *out, struct shequ_err *e);

/* The history of order NUMBER (EX_DATAERR when there is none). */
int request_history(sqlite3 *db, const char *number, FILE *out, struct shequ_err *e);

#endif
