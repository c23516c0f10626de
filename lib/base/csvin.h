/*
 * csvin.h - a streaming CSV reader: FILE or path in, UTF-8 records out.
 *
 * Built on libcsv (strict mode) for the quoting rules and on iconv for
 * GB18030 and UTF-16 input.  Records are pulled one at a time and memory
 * stays bounded by the options, whatever the size of the file.
 *
 *	struct csvin *r = csvin_open(path, NULL, &e);
 *	struct csvin_row *row;
 *	int rc;
 *
 *	if (!r)
 *		return e.code;
 *	while (!(rc = csvin_next(r, &row, &e)) && row)
 *		use(row->fields, row->nfields);
 *	csvin_close(r);
 *	return rc;	(0 at the end of the file, else an EX_* code)
 *
 * What is read:
 *  - encodings: UTF-8 (with or without BOM), GB18030 (GBK and GB2312 are
 *    subsets), UTF-16LE/BE with a BOM; the text is handed out as UTF-8.
 *    Without a BOM and without opts.encoding, the first 64 KiB decide:
 *    valid UTF-8 means UTF-8 (and a bad byte later is an error), anything
 *    else means GB18030.
 *  - RFC 4180 quoting, strictly: a quote inside an unquoted field, text
 *    after a closing quote, or an unterminated quote is an error.
 *  - line ends CRLF, LF or a bare CR, mixed at will.  Inside a quoted
 *    field they are kept as they are.
 *  - spaces and tabs around an UNQUOTED field are trimmed (libcsv's rule;
 *    a tab delimiter is of course not trimmed).  Quote a field to keep
 *    them: csvout does so.
 *  - blank lines (empty or only spaces and tabs) and records whose fields
 *    are all empty (",,,") are skipped; csvin_skipped() counts them.
 *  - records of any width: checking the number of fields is the caller's
 *    business (see nfields).
 *
 * What is refused at open (EX_DATAERR), so that a clerk hears what the
 * file is rather than "NUL byte at offset 5": an empty file ("no header:
 * the file is empty (0 bytes)"), and a file that is no CSV at all, known by
 * its first bytes: an Excel workbook (xlsx, or the old xls), an ods
 * spreadsheet, a Word document, a ZIP archive, a PDF, a gzip file ("this is
 * an Excel workbook (xlsx), not CSV: save it as CSV from Excel or WPS").
 *
 * Errors are one line and name the physical line, e.g.
 * "line 5000: invalid UTF-8 at byte offset 123456 (use -e gb18030 if the
 * file is GB18030)"; the caller adds the file name with shequ_err_prefix().
 * Codes: EX_NOINPUT (cannot open), EX_USAGE (bad option), EX_IOERR (read
 * error), EX_DATAERR (bad data), EX_SOFTWARE (out of memory).
 *
 * Ownership: csvin_open() returns a reader the caller frees with
 * csvin_close().  A row and all its strings belong to the reader and stay
 * valid until the next csvin_next() or csvin_close() on it.
 */
#ifndef SHEQU_CSVIN_H
#define SHEQU_CSVIN_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

/* Default of csvin_opts.max_field: 1 MiB. */
#define CSVIN_MAX_FIELD (1024 * 1024)
/* Default of csvin_opts.chunk: read 64 KiB at a time. */
#define CSVIN_CHUNK (64 * 1024)
/* How much of the file decides between UTF-8 and GB18030. */
#define CSVIN_SNIFF (64 * 1024)

/* How to read.  All zero (or a NULL pointer) means the defaults. */
struct csvin_opts {
	/*
	 * Input encoding, case does not matter: NULL, "" or "auto" detects;
	 * "utf-8"/"utf8"; "gb18030", "gbk", "gb2312", "cp936" (all read as
	 * GB18030); "utf-16" (BOM decides, little-endian without one),
	 * "utf-16le", "utf-16be".  A BOM that agrees is skipped.
	 */
	const char *encoding;
	char delim;	  /* field separator, 0 means ','; not '"', CR or LF */
	size_t max_field; /* longest field in bytes, 0 means CSVIN_MAX_FIELD;
			     a whole record may hold 64 times as much */
	size_t chunk;	  /* bytes per read, 0 means CSVIN_CHUNK (tests use 1) */
};

/* One record.  Everything in it belongs to the reader (see above). */
struct csvin_row {
	size_t nfields; /* number of fields, at least 1 */
	char **fields;	/* nfields UTF-8 strings, NUL-terminated, never NULL */
	size_t *lens;	/* byte length of each field (strlen of it) */
	long line;	/* physical line (1-based) where the record starts */
	long end_line;	/* physical line where it ends (> line when a quoted
			   field holds a line break) */
	long record;	/* 1 for the first record handed out (the header
			   if there is one), 2 for the next...; skipped rows
			   get no number */
};

/* An open reader; opaque. */
struct csvin;

/*
 * Open PATH ("-" or NULL: standard input) for reading with options O (NULL:
 * defaults).  Reads the first 64 KiB to settle the encoding.  Returns the
 * reader, or NULL with E filled: EX_NOINPUT "cannot open PATH: reason",
 * EX_USAGE for a bad option, EX_IOERR for a read error.
 */
struct csvin *csvin_open(const char *path, const struct csvin_opts *o, struct shequ_err *e);

/*
 * Like csvin_open() on a stream the caller opened; csvin_close() will not
 * close F.
 */
struct csvin *csvin_fopen(FILE *f, const struct csvin_opts *o, struct shequ_err *e);

/*
 * Read the next record.  Returns 0 and sets *ROW to it, or returns 0 and
 * sets *ROW to NULL at the end of the input (an empty file ends at once).
 * On failure sets *ROW to NULL and returns an EX_* code with E filled; the
 * reader then stays failed and every later call returns the same error.
 * Records read before the bad spot are all handed out first.
 */
int csvin_next(struct csvin *r, struct csvin_row **row, struct shequ_err *e);

/* Close the reader and free everything it holds.  R may be NULL. */
void csvin_close(struct csvin *r);

/*
 * The encoding read: "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE" or
 * "UTF-16BE".  A static string.
 */
const char *csvin_encoding(const struct csvin *r);

/*
 * 1 when the encoding was guessed to be GB18030 because the first bytes
 * are not UTF-8, with the physical line and the byte offset of the first
 * byte that is not in *LINE and *OFF; else 0.  When such a file reads as
 * nonsense, that byte is what to show.
 */
int csvin_not_utf8(const struct csvin *r, long *line, long long *off);

/* Blank lines and all-empty records skipped so far. */
long csvin_skipped(const struct csvin *r);

/* Bytes of the file decoded so far (BOM included): for progress. */
long long csvin_bytes(const struct csvin *r);

/*
 * The largest number of bytes the reader has held in its buffers at once
 * (row, decoding and libcsv buffers): to check that memory stays bounded.
 */
size_t csvin_peak_mem(const struct csvin *r);

/*
 * Normalise a header cell for matching: full-width ASCII (U+FF01..U+FF5E)
 * becomes half-width; all white space (ASCII, NBSP, U+3000 and the other
 * Unicode spaces) and the invisible U+200B..U+200D, U+2060 and U+FEFF are
 * removed; ASCII letters are lower-cased.  Bytes that are not valid UTF-8
 * are kept.  CELL NULL counts as "".  Returns a string the caller frees,
 * or NULL when out of memory.
 */
char *csv_header_norm(const char *cell);

/*
 * The index of the first of the N cells whose csv_header_norm() equals
 * that of NAME, or -1 when none does (or when out of memory).
 */
long csv_header_find(char *const *cells, size_t n, const char *name);

#endif
