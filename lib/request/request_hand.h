/*
 * request_hand.h - orders entered by hand at the office: open one, and add
 * one event of its loop (assign, accept, arrive, resolve, call back,
 * rate, reopen, pause, resume, close, cancel).
 *
 * Each call is one transaction.  The event is written, the order's whole
 * log read back and checked (request_log_check); a log that no longer makes
 * sense (on site before accepted, resolved twice, anything after closing)
 * is refused with EX_DATAERR "order N: reason" and nothing is written.
 * EX_DATAERR too for an unknown order number, a number already taken, an
 * unknown scenario or a time in the future.
 *
 * Memory: nothing is handed out.
 */
#ifndef SHEQU_REQUEST_HAND_H
#define SHEQU_REQUEST_HAND_H

#include <sqlite3.h>
#include <stddef.h>

#include "base/error.h"
#include "request/request_catalogue.h"
#include "request/request_store.h"

/*
 * Open order O (its number NULL or "": the next SQ<n>), received at AT by
 * ACTOR, no later than NOW.  O's scenario and source must be given (by code
 * or Chinese name); the address is looked up in the registry.  The number
 * goes into NUMBER (N bytes).
 */
int request_hand_open(sqlite3 *db, const struct request_catalogue *c, struct request_order_in *o,
		      long long at, const char *actor, long long now, char *number, size_t n,
		      struct shequ_err *e);

/* Add the N events EV (import_id 0) to order NUMBER, in one transaction,
 * none later than NOW.  With ASSIGNEE (an assignment), the order is now
 * with that person. */
int request_hand_event(sqlite3 *db, const char *number, const struct request_event_in *ev, size_t n,
		       const char *assignee, long long now, struct shequ_err *e);

#endif
