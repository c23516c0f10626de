/*
 * alert_import_impl.h - what the parts of the alert import share: the
 * import in progress (alert_import.c: file, header, transaction, the check
 * of the readings) and a row (alert_import_row.c).  Not for tools.
 */
#ifndef SHEQU_ALERT_IMPORT_IMPL_H
#define SHEQU_ALERT_IMPORT_IMPL_H

#include "alert/alert_import.h"
#include "alert/alert_use.h"
#include "request/csv_import.h"
#include "request/request_time.h"

enum ai_col {
	AC_DEVICE,
	AC_KIND,
	AC_COMPOUND,
	AC_BUILDING,
	AC_UNIT,
	AC_ROOM,
	AC_X,
	AC_Y,
	AC_ID_NUMBER,
	AC_CONTACT_NAME,
	AC_CONTACT_PHONE,
	AC_INSTALLED,
	AC_REMOVED,
	AC_AT,
	AC_READING,
	AC_READING_UNIT,
	AC_RESET,
	AC_EVENT,
	AC_VALUE,
	AC_SECONDS,
	AC_NCOLS
};

enum ai_shape { AI_DEVICES, AI_READINGS, AI_EVENTS };

/* The prepared statements of an import. */
enum {
	AS_DEVICE,   /* id, kind of a device code */
	AS_PERSON,   /* id of a current resident by ID number */
	AS_DWELLING, /* dwelling by compound, building, unit, room */
	AS_BUILDING, /* building by compound, building */
	AS_DEV_INSERT,
	AS_DEV_UPDATE,
	AS_READING,	/* a reading that may be there already */
	AS_READING_NEW, /* a reading known to be new (the queue) */
	AS_READING_OLD,
	AS_EVENT,
	AS_EVENT_OLD,
	AS_LAST,  /* the last stored reading of a device */
	AS_BATCH, /* what this import brought a device (alert_reading_batch) */
	AS_NSTMTS
};

/* An import in progress. */
struct ai_run {
	const struct alert_conf *conf;
	const struct alert_import_opts *o;
	struct alert_import_stats *st;
	const char *file;
	enum ai_shape shape;
	char *labels[AC_NCOLS]; /* header cell of each column; NULL: absent */
	sqlite3 *db;
	sqlite3_stmt *s[AS_NSTMTS];
	long long import_id;
	char now[20];	      /* UTC, for changed */
	struct ai_seen *seen; /* devices of this file and their people */
	size_t nseen, capseen;
	struct ai_known *known; /* devices looked up, by code (open addressing) */
	size_t nknown, capknown;
	struct ai_queued *queue; /* readings known to be new, not inserted yet */
	size_t nqueue;
	struct csv_import ci;  /* the file, its reports, its import_log row */
	struct header_map *rd; /* the file being read */
};

/* A device looked up once: a year of readings names each thousands of
 * times, and a lookup in memory is a tenth of one in the index. */
struct ai_known {
	char *code; /* NULL: a free slot */
	long long id;
	const struct alert_kind *kind;
	int order;	   /* 0: not read yet; 1: readings in time order so far,
			      checked as they came; 2: a late one, checked at the end */
	long long last_at; /* its last reading (-1: none) */
	double last_litres;
	long long batch_first; /* its earliest reading this import stored */
	long batch_n;	       /* how many it stored (0: none yet) */
};

/* A reading known to be new: later than every other its device has, in
 * the database and in the file so far. */
struct ai_queued {
	long long device, at; /* alert_device.id; local seconds */
	double litres;
	long line;
	int reset;
};

/* A device of this file, with the person it was given to and where. */
struct ai_seen {
	char *code;
	long long person;
	long line;
};

/* Report a rejected LINE: column COL (-1: the row); counts it and
 * returns EX_DATAERR. */
int ai_reject(struct ai_run *u, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The device CODE as looked up in this import, or NULL. */
struct ai_known *ai_known_find(struct ai_run *u, const char *code);

/* Report reading CUR of LINE going back from PREV; returns EX_DATAERR. */
int ai_backwards(struct ai_run *u, long line, const struct alert_reading *prev,
		 const struct alert_reading *cur);

/* Queue reading Q of a device read in time order (ai_known.order 1):
 * inserted with the others in the order of the table's key when the queue
 * is full or flushed. */
int ai_queue_push(struct ai_run *u, const struct ai_queued *q, struct shequ_err *e);

/* Insert the queued readings, sorted by device and time.  Before anything
 * else reads or writes alert_reading. */
int ai_queue_flush(struct ai_run *u, struct shequ_err *e);

/* Count reading AT of device DEV (slot X; NULL: not remembered) as stored
 * by this import, for the scan's batch. */
int ai_batch_add(struct ai_run *u, struct ai_known *x, long long dev, long long at,
		 struct shequ_err *e);

/* Prepare the statements of U. */
int ai_prepare(struct ai_run *u, struct shequ_err *e);

/* Check and store one row: V[col] is the cell of each column (NULL: the
 * file has no such column).  EX_DATAERR when rejected (reported). */
int ai_row(struct ai_run *u, long line, char **v, struct shequ_err *e);

#endif
