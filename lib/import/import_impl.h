/*
 * import_impl.h - what the import driver (import.c) and the register
 * modules (import_residents.c, import_buildings.c, import_inspections.c,
 * import_staff.c) share.  Not for tools: they use import.h.
 */
#ifndef SHEQU_IMPORT_IMPL_H
#define SHEQU_IMPORT_IMPL_H

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "import/import.h"

/* ---- a string-keyed hash map of integers, for the id caches ---- */

/* Open addressing; keys are copied in and freed by strmap_free(). */
struct strmap {
	size_t n, cap;
	char **keys;
	int64_t *vals;
};

/* 1 and *VAL set when KEY is in M, else 0. */
int strmap_get(const struct strmap *m, const char *key, int64_t *val);
/* Set KEY to VAL; EX_SOFTWARE when out of memory. */
int strmap_put(struct strmap *m, const char *key, int64_t val);
/* Free what M holds (M itself is the caller's). */
void strmap_free(struct strmap *m);

/* ---- the import in progress ---- */

struct import_ctx;

/* How many statements import_stairwell() keeps prepared. */
#define IMPORT_STMTS 8

/* Why a row was rejected (or warned about): which column (-1: the row)
 * and the reason. */
struct import_reject {
	int col;
	char reason[512];
};

/* One register: its columns and what to do with a row. */
struct import_register {
	const char *name;
	const char *const *columns; /* canonical names, NULL-terminated */
	unsigned required;	    /* bit i: columns[i] must be present */
	/* Prepare statements and state; called inside the transaction. */
	int (*begin)(struct import_ctx *c, struct shequ_err *e);
	/*
	 * Import one row; V[i] is the value of columns[i] ("" when absent).
	 * 0 when imported, EX_DATAERR with R filled when rejected (nothing
	 * was written), another EX_* code when the import must stop.
	 * Unused when the register has clean() and store().
	 */
	int (*row)(struct import_ctx *c, char *const *v, struct import_reject *r,
		   struct shequ_err *e);
	/*
	 * Or a row in two steps.  CLEAN: what needs no database, checking and
	 * cleaning V into OUT (CLEAN_SIZE bytes); it runs ahead on the
	 * reader thread, so it may read C but not change it, and must not
	 * read what the database steps change (C->state after begin()).
	 * What begin() puts in C->clean_state is clean()'s alone while rows
	 * are read (finish() and end() come after the last).
	 * Returns as ROW does; a warning goes into W (W->reason stays empty
	 * without one) and is reported before the row is stored.  STORE:
	 * the database work for OUT, on the import's thread, in line order;
	 * returns as ROW does.  CLEAN_FREE (may be NULL) frees what CLEAN
	 * allocated in OUT; called once the row is done, whatever CLEAN
	 * returned.
	 */
	size_t clean_size;
	int (*clean)(const struct import_ctx *c, char *const *v, void *out, struct import_reject *r,
		     struct import_reject *w, struct shequ_err *e);
	int (*store)(struct import_ctx *c, void *out, struct import_reject *r, struct shequ_err *e);
	void (*clean_free)(void *out);
	/* After the last row, inside the transaction (--sync). */
	int (*finish)(struct import_ctx *c, struct shequ_err *e);
	/* Free the state (always called once begin was). */
	void (*end)(struct import_ctx *c);
};

extern const struct import_register import_residents, import_buildings, import_inspections,
    import_staff;

struct import_ctx {
	sqlite3 *db;
	const struct import_opts *o;
	struct import_stats *st;
	const char *file;  /* the name in messages */
	long line;	   /* physical line of the row at hand */
	int64_t import_id; /* import_log.id of this import */
	char now[20];	   /* db_now() at the start */
	int today_y, today_m, today_d;
	const char *const *labels; /* column labels for messages, by column */
	/*
	 * Bit i: the file has the register's columns[i].  A column the file
	 * lacks leaves the stored values of it as they are; only an empty
	 * cell of a column it has clears one.
	 */
	unsigned present;
	void *state;	   /* the register module's */
	void *clean_state; /* the register's clean() own (see there) */
	/* Places, shared by the modules: compound, building, stairwell ids. */
	struct strmap compounds, buildings, stairwells;
	/* Statements of import_stairwell(), prepared once: SQL text -> stmt. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} stmts[IMPORT_STMTS];
};

/*
 * Copy the string SRC into DST of N bytes, cut to N - 1 bytes if longer
 * (the callers copy what they checked fits): a copy with a bound.
 */
static inline void import_copy_str(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);

	if (k >= n)
		k = n - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

/* 1 when the file has column COL of the register (see present). */
static inline int import_has(const struct import_ctx *c, int col)
{
	return (c->present >> col) & 1u;
}

/* Report a warning about column COL of the row at hand (printf-style). */
void import_warn(struct import_ctx *c, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fill R: column COL, printf-style reason; returns EX_DATAERR. */
int import_reject(struct import_reject *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Clean the compound cell IN into OUT (N bytes), as norm_text() does.
 * EX_DATAERR with R filled (column COL) when nothing is left or it does
 * not fit; EX_SOFTWARE when out of memory.
 */
int import_clean_compound(const char *in, char *out, size_t n, int col, struct import_reject *r,
			  struct shequ_err *e);

/*
 * import_norm_place() of IN into OUT (N bytes), a bad cell rejected in R
 * (column COL) with the reason.
 */
int import_clean_place(int kind, const char *in, char *out, size_t n, int col,
		       struct import_reject *r, struct shequ_err *e);

/*
 * The stairwell of COMPOUND, BUILDING, UNIT (canonical forms) in *ID.
 * With CREATE, missing compounds, buildings and stairwells are made (a
 * compound gets the code C<n>); without, a missing one rejects the row
 * with "unknown compound/building/stairwell" in R, column COL_*.
 * *CREATED (may be NULL) is set to 1 when something was made.
 */
int import_stairwell(struct import_ctx *c, const char *compound, const char *building,
		     const char *unit, int create, const int cols[3], int64_t *id,
		     struct import_reject *r, struct shequ_err *e);

/* The id of compound NAME in *ID, or 0 when there is none (not an error). */
int import_compound_id(struct import_ctx *c, const char *name, int64_t *id, struct shequ_err *e);

/* Bind TEXT (NULL: SQL NULL) to parameter I as a transient copy. */
int import_bind_text(sqlite3_stmt *st, int i, const char *text);

/* sqlite3_step() a statement that returns no row, then reset it. */
int import_step_done(struct import_ctx *c, sqlite3_stmt *st, const char *what, struct shequ_err *e);

/* Compare a column of ST with S (NULL or "" match SQL NULL). 1 when equal. */
int import_col_eq(sqlite3_stmt *st, int col, const char *s);

/*
 * A record stored by its key (an inspection's stairwell, date and item; a
 * staff member's phone): looked up, left when it is as the row says, else
 * inserted or updated.  The statements are the register's.
 */
struct import_keyed {
	sqlite3_stmt *sel;    /* the stored record, its key bound by the caller */
	sqlite3_stmt *upsert; /* insert, or update by the key */
	/*
	 * 1 when the record SEL found is as ROW says, a column the file
	 * lacks counting as the same (see import_has()).
	 */
	int (*same)(const struct import_ctx *c, sqlite3_stmt *sel, const void *row);
	/* Bind ROW to UPSERT's parameters (but those bound once). */
	void (*bind)(const struct import_ctx *c, sqlite3_stmt *upsert, const void *row);
};

/*
 * Store ROW as K says, counting it as inserted, updated or unchanged.
 * K->sel's key must be bound; it is reset here.  0, or an EX_* code
 * from the database.
 */
int import_store_keyed(struct import_ctx *c, const struct import_keyed *k, const void *row,
		       struct shequ_err *e);

#endif
