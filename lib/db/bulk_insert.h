/*
 * bulk_insert.h - rows for one table, queued and inserted many to a
 * statement.  An INSERT of one row opens the table and finds its end each
 * time; one of BULK_INSERT_ROWS rows does that once for all of them.
 *
 *	struct bulk_insert b;
 *	bulk_insert_open(&b, db, "INSERT INTO t (a, b, c) VALUES ", "(?, ?, 7)", 2, e);
 *	bulk_insert_int(&b, 1);
 *	bulk_insert_text(&b, "x");
 *	bulk_insert_row(&b, 0, e);	// inserted when the queue is full
 *	...
 *	bulk_insert_flush(&b, e);	// before anything reads the table
 *	bulk_insert_close(&b);
 *
 * Values are copied: the caller's strings may go once queued.
 */
#ifndef SHEQU_BULK_INSERT_H
#define SHEQU_BULK_INSERT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define BULK_INSERT_ROWS 32

struct bulk_value {
	int64_t i;  /* an integer, or where the text starts in the arena */
	size_t len; /* the text's length; (size_t)-1: an integer; -2: NULL */
};

struct bulk_insert {
	sqlite3 *db;
	sqlite3_stmt *many, *one; /* BULK_INSERT_ROWS rows; one row */
	int nparams;		  /* parameters a row */
	int rows;		  /* rows queued */
	int nvals;		  /* values queued */
	struct bulk_value *vals;  /* BULK_INSERT_ROWS * nparams */
	char *arena;		  /* the texts */
	size_t used, cap;
	int64_t last;	  /* the rowid the last row queued must get; 0: unchecked */
	const char *what; /* the table, for messages */
};

/*
 * Prepare "HEAD ROW, ROW, ..." for table WHAT: ROW is one row's values,
 * with NPARAMS parameters (?).  EX_SOFTWARE when it cannot be prepared.
 */
int bulk_insert_open(struct bulk_insert *b, sqlite3 *db, const char *what, const char *head,
		     const char *row, int nparams, struct shequ_err *e);

/* The next value of the row at hand: an integer, a text (NULL: SQL NULL). */
void bulk_insert_int(struct bulk_insert *b, int64_t v);
int bulk_insert_text(struct bulk_insert *b, const char *s, struct shequ_err *e);

/*
 * End the row at hand: every parameter has its value.  ROWID is the rowid
 * it must get (0: not checked): SQLite numbers new rows of a rowid table
 * from the largest so far, so a caller that knows the table can tell them
 * ahead, and a wrong guess is caught here, at the next insert.  Inserts
 * the queue when it is full.
 */
int bulk_insert_row(struct bulk_insert *b, int64_t rowid, struct shequ_err *e);

/* Insert what is queued. */
int bulk_insert_flush(struct bulk_insert *b, struct shequ_err *e);

/* Free what B holds (the queue is dropped). */
void bulk_insert_close(struct bulk_insert *b);

#endif
