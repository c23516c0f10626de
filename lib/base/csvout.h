/*
 * csvout.h - write CSV: one field at a time, one row per call to
 * csvout_end_row().
 *
 *	struct csvout *w = csvout_new(stdout, 0);
 *
 *	csvout_field(w, "name");
 *	csvout_int(w, 42);
 *	csvout_num(w, 3.14159, 2);	("3.14")
 *	csvout_end_row(w);
 *	rc = csvout_close(w);		(frees w, does not fclose stdout)
 *
 * Format: UTF-8 (an optional BOM first, for Excel), ',' between fields
 * (csvout_set_delim), and "\n" after each row by default: friendlier to
 * pipes, grep and wc than RFC 4180's "\r\n", which csvout_set_crlf()
 * turns on.  A field is quoted, its quotes doubled, when it holds the
 * delimiter, a quote, CR or LF, or starts or ends with a space or a tab
 * (csvin trims those around unquoted fields).  A row made of one empty
 * field is written as "" so that it is not a blank line.
 *
 * Errors: each function returns 0, or EX_IOERR once a write failed
 * (checked with the result of fwrite() and ferror(); the error sticks and
 * csvout_errno() tells why), or EX_SOFTWARE when out of memory.  A row
 * goes to the FILE in one fwrite() when it ends, so a failed row is never
 * half written by csvout itself.  The caller should still check the
 * stream (e.g. fclose(stdout)) at exit.
 *
 * Ownership: the caller owns the FILE; csvout_close() frees the writer.
 */
#ifndef SHEQU_CSVOUT_H
#define SHEQU_CSVOUT_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

/* A CSV writer; opaque. */
struct csvout;

/*
 * A writer to F, which must stay open until csvout_close().  When BOM is
 * non-zero, the UTF-8 BOM (EF BB BF) is written first.  Returns NULL only
 * when out of memory.
 */
struct csvout *csvout_new(FILE *f, int bom);

/* Separate fields with C instead of ','; C must not be '"', CR or LF. */
void csvout_set_delim(struct csvout *w, char c);

/* End rows with "\r\n" when CRLF is non-zero, with "\n" otherwise. */
void csvout_set_crlf(struct csvout *w, int crlf);

/* Add the field S (NUL-terminated UTF-8; NULL is the empty field). */
int csvout_field(struct csvout *w, const char *s);

/* Add the field of the N bytes at S (it may hold NUL bytes). */
int csvout_fieldn(struct csvout *w, const char *s, size_t n);

/* Add a field made with printf-style FMT. */
int csvout_fieldf(struct csvout *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Add the integer V in decimal. */
int csvout_int(struct csvout *w, long long v);

/*
 * Add the number V with DECIMALS digits after the point ("-0.00" is
 * written "0.00"), or when DECIMALS < 0 with the fewest digits that read
 * back as V.  NaN and infinities give an empty field.
 */
int csvout_num(struct csvout *w, double v, int decimals);

/* Add an empty field (NULL, no value). */
int csvout_null(struct csvout *w);

/* End the row: write it with its line end. */
int csvout_end_row(struct csvout *w);

/* Write the N fields at FIELDS as one row (a NULL field is empty). */
int csvout_row(struct csvout *w, const char *const *fields, size_t n);

/* The errno of the first write error, 0 if none. */
int csvout_errno(const struct csvout *w);

/*
 * Write a row left without csvout_end_row(), flush F (without closing it)
 * and free W.  Returns 0, or EX_IOERR when some write failed, with errno
 * set to that first failure's (so callers can still say why after W is
 * gone).  W may be NULL.
 */
int csvout_close(struct csvout *w);

#endif
