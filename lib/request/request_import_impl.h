/*
 * request_import_impl.h - what the parts of the request import share: the
 * import in progress (request_import.c: file, header, transaction, the
 * final check) and a row (request_import_row.c: cleaning and storing).
 * Not for tools: they use request_import.h.
 */
#ifndef SHEQU_REQUEST_IMPORT_IMPL_H
#define SHEQU_REQUEST_IMPORT_IMPL_H

#include "request/csv_import.h"
#include "request/request_import.h"
#include "request/request_store.h"

/* The columns either shape may have.  Order attributes come right after
 * the number, in the order of enum request_attr. */
enum rq_col {
	RQ_NUMBER,
	RQ_SOURCE,
	RQ_PLATFORM_NUMBER,
	RQ_SCENARIO,
	RQ_COMPOUND,
	RQ_BUILDING,
	RQ_UNIT,
	RQ_ROOM,
	RQ_REQUESTER,
	RQ_PHONE,
	RQ_CONTENT,
	RQ_ASSIGNEE,
	RQ_RECEIVED, /* the stage times of the orders shape, as enum request_ev */
	RQ_ASSIGNED,
	RQ_ACCEPTED,
	RQ_ON_SITE,
	RQ_RESOLVED,
	RQ_CALLED_BACK,
	RQ_SATISFIED,
	RQ_RATING,
	RQ_RATED,
	RQ_EVENT,
	RQ_AT,
	RQ_ACTOR,
	RQ_NOTE,
	RQ_NCOLS
};

/* The source (hotline, app, platform, walk_in, alert) the word S names
 * (热线, 小程序, 12345, ...), or NULL. */
const char *rq_source_code(const char *s);

/* The column of the time of event K in the orders shape, or -1. */
int rq_time_col(int k);

/* An import in progress. */
struct rq_run {
	const struct request_catalogue *cat;
	const struct request_import_opts *o;
	struct request_import_stats *st;
	const char *file; /* as given, for messages */
	struct request_store store;
	int events;		     /* 1: one row per event, 0: one per order */
	char *labels[RQ_NCOLS];	     /* header cell of each column; NULL: absent */
	long long import_id;	     /* import_log.id */
	struct csv_import ci;	     /* the file, its reports, its import_log row */
	struct header_map *rd;	     /* the file being read */
	long long *touched;	     /* orders whose log this import wrote to, */
	size_t ntouched, captouched; /* to be checked whole at the end */
	char *counter;		     /* the lifted trigger's SQL (NULL: none) */
	long long first_event;	     /* the id of the first event it added */
};

/* Note that this import wrote to the log of order ID. */
int rq_touch(struct rq_run *u, long long id, struct shequ_err *e);

/* Report a rejected LINE: column COL (-1: the row), printf-style reason;
 * counts it and returns EX_DATAERR. */
int rq_reject(struct rq_run *u, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Report LINE: column COL as rq_reject does, without refusing the row:
 * something the clerk should know about a row that is kept. */
void rq_warn(struct rq_run *u, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clean and store the row of LINE whose value of column i is V[i] (NULL:
 * the file has no such column).  0 or EX_DATAERR (reported) for the row;
 * another code stops the import. */
int rq_row(struct rq_run *u, long line, char *const *v, struct shequ_err *e);

#endif
