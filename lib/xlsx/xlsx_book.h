/*
 * xlsx_book.h - one .xlsx workbook that is never left half written.
 *
 * The workbook is written under a temporary name in the folder of the
 * target (".NAME.shequ-XXXXXX", see base/outfile.h: created O_EXCL and
 * O_NOFOLLOW, and written through its descriptor, so a symlink planted
 * there is never followed) and renamed over the target only when
 * libxlsxwriter has closed it without error, the file read back is whole
 * (xlsx/xlsx_verify.h: libxlsxwriter 1.1.4 ignores write errors on its own
 * temporary files) and the data is on disk (fsync).  On any failure the
 * temporary file is removed and the target is left as it was.  Every
 * libxlsxwriter return is mapped to a sysexits code: EX_CANTCREAT (73)
 * when the file or a temporary file cannot be created, EX_IOERR (74) when
 * writing it fails (a full disk, a full temporary folder), EX_SOFTWARE
 * (70) for out of memory or a call the library refused.  libxlsxwriter's
 * own "[ERROR]" lines are kept off stderr: the error in E says it once.
 *
 * Sheets are added by a wanted name that is made safe first (see
 * xlsx_sheet_name()) and unique within the book (Excel compares names
 * without regard to case): a second "XFL-01" becomes "XFL-01 (2)".
 *
 * Ownership: xlsx_book_open() returns a book the caller ends with exactly
 * one of xlsx_book_close() or xlsx_book_abort(); both free it.  Worksheets,
 * formats and charts belong to the workbook (libxlsxwriter frees them).
 */
#ifndef SHEQU_XLSX_BOOK_H
#define SHEQU_XLSX_BOOK_H

#include <stddef.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/error.h"

/* How to open a book. */
struct xlsx_book_opts {
	const char *title;   /* document title, NULL for none; may be set later */
	const char *author;  /* the office that writes it (office.conf), or NULL */
	const char *company; /* the street office above it, or NULL */
	time_t created;	     /* creation time in the properties; 0 means now */
	int constant_memory; /* stream rows to temporary files (big sheets) */
	int private_file;    /* keep the file 0600 (it shows personal data);
				else 0666 less the umask, like any new file */
	int nofollow_dir;    /* refuse a target folder that is a symbolic link
				(a folder others may write to) */
};

/* Cell formats shared by every sheet of a book (owned by the workbook). */
struct xlsx_formats {
	lxw_format *header;	 /* bold, filled, bordered, wrapped header row */
	lxw_format *text;	 /* "@": stays text when edited in Excel */
	lxw_format *number;	 /* general number */
	lxw_format *score;	 /* "0.00" */
	lxw_format *rate;	 /* a 0-100 rate shown as 98.96% (the value stays 98.96) */
	lxw_format *change;	 /* a change with its trend: ↑ +1.25, ↓ -0.40, → 0.00 */
	lxw_format *red;	 /* conditional: marks below the pass line */
	lxw_format *fill_good;	 /* conditional: a 0-100 score graded good or better */
	lxw_format *fill_pass;	 /* conditional: ...graded pass */
	lxw_format *total;	 /* the total row: bold, a rule above */
	lxw_format *total_score; /* ...of a score: "0.00" */
	/* Grades: the cell holds the grade's name, the format shows a coloured
	 * dot before it (a traffic light that survives printing in black). */
	lxw_format *green; /* grade: excellent or good */
	lxw_format *amber; /* grade: pass */
	lxw_format *bad;   /* grade: fail (red) */
};

/*
 * Parse the creation time S of a book's properties: YYYY-MM-DD or
 * YYYY-MM-DDTHH:MM:SS in UTC (a space for the T and a final Z allowed),
 * from 1980 on (a zip cannot date a file earlier), or @EPOCH (seconds,
 * above 0).  Returns 0 and sets *OUT, or -1.
 */
int xlsx_created_parse(const char *s, time_t *out);

/* An open workbook; opaque. */
struct xlsx_book;

/*
 * Start writing PATH (its folder must exist and be writable: else
 * EX_CANTCREAT).  Returns the book, or NULL with E filled.
 */
struct xlsx_book *xlsx_book_open(const char *path, const struct xlsx_book_opts *o,
				 struct shequ_err *e);

/* The libxlsxwriter workbook inside B, for charts and extra formats. */
lxw_workbook *xlsx_book_workbook(struct xlsx_book *b);

/* The creation time of B's properties. */
time_t xlsx_book_created(const struct xlsx_book *b);

/* The shared formats of B. */
const struct xlsx_formats *xlsx_book_formats(const struct xlsx_book *b);

/* Set the document title (copied). */
int xlsx_book_set_title(struct xlsx_book *b, const char *title, struct shequ_err *e);

/* Set the document subject (copied). */
int xlsx_book_set_subject(struct xlsx_book *b, const char *subject, struct shequ_err *e);

/*
 * Add a worksheet named after WANTED (sanitised, made unique; NULL or ""
 * means "Sheet").  The name used is copied into GOT (N bytes, at least
 * XLSX_SHEETNAME_SIZE) when GOT is not NULL.  Returns the sheet, or NULL
 * with E filled.
 */
lxw_worksheet *xlsx_book_add_sheet(struct xlsx_book *b, const char *wanted, char *got, size_t n,
				   struct shequ_err *e);

/* Number of sheets added so far. */
size_t xlsx_book_sheets(const struct xlsx_book *b);

/*
 * EX_IOERR when a write to the temporary file of sheet WS (constant-memory
 * mode) has failed, 0 otherwise: libxlsxwriter does not say, so a writer
 * checks after each row and stops at the first failure.
 */
int xlsx_book_check_temp(struct xlsx_book *b, lxw_worksheet *ws, struct shequ_err *e);

/*
 * Close the workbook, flush it to disk and rename it over the target.
 * Frees B whatever happens; on failure nothing is left at the target's
 * temporary name and the target is unchanged.
 */
int xlsx_book_close(struct xlsx_book *b, struct shequ_err *e);

/* Give up: remove the temporary file and free B (NULL is fine). */
void xlsx_book_abort(struct xlsx_book *b);

/* Bytes enough for any sheet name (31 characters of up to 4 bytes). */
#define XLSX_SHEETNAME_SIZE 128

/*
 * Write into OUT (N >= XLSX_SHEETNAME_SIZE) a name Excel accepts made from
 * WANTED: invalid UTF-8 and control characters cleaned as for a cell,
 * [ ] : * ? / \ replaced by '_', apostrophes trimmed from both ends,
 * blanks trimmed, cut to 31 UTF-16 units at a character boundary, and
 * "Sheet" when nothing is left.
 */
void xlsx_sheet_name(const char *wanted, char *out, size_t n);

/*
 * Map a libxlsxwriter error ERR from doing WHAT into E and return the
 * sysexits code (0 when ERR is LXW_NO_ERROR).
 */
int xlsx_lxw_fail(lxw_error err, const char *what, struct shequ_err *e);

#endif
