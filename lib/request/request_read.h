/*
 * request_read.h - orders with their logs, one at a time, from a query:
 * what list and sla read.
 *
 * The query's columns are: the order id, then NTEXT text columns of the
 * caller's choosing, then at, event, satisfied and rating of one event;
 * one row per event, ordered by the order id.  For each order the callback
 * gets the texts and the sorted log.
 *
 * Memory: an order and its strings are valid during the callback only.
 */
#ifndef SHEQU_REQUEST_READ_H
#define SHEQU_REQUEST_READ_H

#include <sqlite3.h>
#include <stddef.h>

#include "base/error.h"
#include "request/request_log.h"

/* Most text columns an order may bring. */
#define REQUEST_READ_TEXTS 16

/* One order as read. */
struct request_read_order {
	long long id;
	const char *text[REQUEST_READ_TEXTS]; /* never NULL ("" for SQL NULL) */
	struct request_event *ev;	      /* the log, sorted */
	size_t n;
};

/* Called for each order; a non-zero return stops the reading with it. */
typedef int (*request_read_fn)(void *ctx, const struct request_read_order *o, struct shequ_err *e);

/* Step ST (bound) to its end, calling FN for each order; finalizes ST. */
int request_read_orders(sqlite3 *db, sqlite3_stmt *st, int ntext, request_read_fn fn, void *ctx,
			struct shequ_err *e);

#endif
