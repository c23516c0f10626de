/*
 * request_store.h - orders and their events in the database (tables
 * request_order and request_event, migration 009-request.sql), for the
 * import and for hand entry alike.
 *
 *	struct request_store s;
 *	request_store_open(&s, db, &e);
 *	request_store_find(&s, "GD20260708001", &id, &received, &e);
 *	...
 *	request_store_close(&s);
 *
 * A store keeps its statements prepared; it does not begin or commit:
 * the caller holds the transaction.  Memory: request_store_log() hands out
 * an array the caller frees with free(); nothing else is handed out.
 */
#ifndef SHEQU_REQUEST_STORE_H
#define SHEQU_REQUEST_STORE_H

#include <sqlite3.h>
#include <stddef.h>

#include "base/error.h"
#include "request/request_log.h"

/* The attributes of an order, as given (canonical text; NULL or "" for
 * none).  PRESENT says which were given at all: an update leaves the others
 * alone, and clears one given as "". */
enum request_attr {
	REQUEST_A_SOURCE,
	REQUEST_A_PLATFORM_NUMBER,
	REQUEST_A_SCENARIO,
	REQUEST_A_COMPOUND,
	REQUEST_A_BUILDING,
	REQUEST_A_UNIT,
	REQUEST_A_ROOM,
	REQUEST_A_REQUESTER,
	REQUEST_A_PHONE,
	REQUEST_A_CONTENT,
	REQUEST_A_ASSIGNEE,
	REQUEST_NATTRS
};

struct request_order_in {
	const char *number;
	const char *attr[REQUEST_NATTRS];
	unsigned present; /* bit i: attr[i] was given */
};

/* One event to record. */
struct request_event_in {
	long long at;
	int kind;	   /* enum request_ev */
	const char *actor; /* NULL: none */
	const char *note;  /* NULL: none */
	int satisfied;	   /* -1: none */
	int rating;	   /* 0: none */
	long long import_id;
	long line; /* 0: none */
};

/* The prepared statements of a store. */
enum {
	RS_FIND,
	RS_INSERT,
	RS_DWELLING,
	RS_EVENT,
	RS_EVENT_WHO,
	RS_KIND,
	RS_MOVE,
	RS_LOG,
	RS_NUMBER,
	RS_NSTMTS
};

struct request_store {
	sqlite3 *db;
	sqlite3_stmt *st[RS_NSTMTS];
	char now[20]; /* UTC, for changed and recorded */
};

/* Prepare the statements of S on DB. */
int request_store_open(struct request_store *s, sqlite3 *db, struct shequ_err *e);
/* Finalize them (a zeroed S is fine). */
void request_store_close(struct request_store *s);

/* The order numbered NUMBER: its id in *ID (0 when there is none), the
 * moment it was received in *RECEIVED (-1 when its log has none), and in
 * *SAME whether its content is CONTENT (1 when CONTENT is NULL). */
int request_store_find(struct request_store *s, const char *number, const char *content,
		       long long *id, long long *received, int *same, struct shequ_err *e);

/* Where the receiving of order ID came from: the import into *IMPORT_ID
 * (0: by hand, or no receiving) and its line into *LINE. */
int request_store_origin(struct request_store *s, long long id, long long *import_id, long *line,
			 struct shequ_err *e);

/* Set order ID, numbered NUMBER, aside for a new order under its number:
 * it is renumbered NUMBER~1 (or ~2, ..., the first that is free), written
 * into AS (SIZE bytes), its log and everything else kept. */
int request_store_set_aside(struct request_store *s, long long id, const char *number, char *as,
			    size_t size, struct shequ_err *e);

/* A new order O; its id into *ID.  The address is looked up in the
 * registry (dwelling_id stays NULL when it is not there). */
int request_store_insert(struct request_store *s, const struct request_order_in *o, long long *id,
			 struct shequ_err *e);

/* Change order ID to what O gives; *CHANGED (may be NULL) is set to 1 when
 * something differed. */
int request_store_update(struct request_store *s, long long id, const struct request_order_in *o,
			 int *changed, struct shequ_err *e);

/* Record EV of order ID.  *ADDED is 1 when it is new, 0 when the same event
 * at the same moment was there; then *DUP_IMPORT and *DUP_LINE say where
 * that one came from (0 when by hand). */
int request_store_event(struct request_store *s, long long id, const struct request_event_in *ev,
			int *added, long long *dup_import, long *dup_line, struct shequ_err *e);

/* Record EV of order ID, which cannot have it yet (an order this
 * transaction made, and an event of a kind or moment its log lacks): no
 * look-up first, nor after. */
int request_store_add(struct request_store *s, long long id, const struct request_event_in *ev,
		      struct shequ_err *e);

/* Make the one event of kind EV->kind of order ID be at EV->at (a later
 * export correcting a time): added when there is none, moved when there is
 * exactly one elsewhere, left alone when there are more (the log knows
 * more than the export).  *CHANGED is 1 when something was written. */
int request_store_stage(struct request_store *s, long long id, const struct request_event_in *ev,
			int *changed, struct shequ_err *e);

/* One event of a log as read back, with where it came from. */
struct request_logged {
	struct request_event ev; /* ev.tag: the line, 0 by hand */
	long long import_id;	 /* 0 by hand */
};

/* Sort N logged events L by moment, then kind. */
void request_store_sort(struct request_logged *l, size_t n);

/* The log of order ID, sorted (request_log_sort), into a malloc'd *OUT of
 * *N events. */
int request_store_log(struct request_store *s, long long id, struct request_logged **out, size_t *n,
		      struct shequ_err *e);

/* Make a canonical building ('b'), unit ('u') or room ('r') of IN in OUT
 * (N bytes): norm_text(), then 号楼/栋/幢/号/楼, 单元 or 室/号 taken off
 * the end.  -1 when it does not fit. */
int request_norm_place(int kind, const char *in, char *out, size_t n);

/* The next free hand-entry number SQ<n> into BUF (N bytes). */
int request_store_new_number(struct request_store *s, char *buf, size_t n, struct shequ_err *e);

#endif
