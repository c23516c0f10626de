/*
 * xlsx_sheet.h - one CSV file becomes one worksheet (or several) that a
 * person is glad to receive.
 *
 * The CSV is read with csvin (any encoding it knows), one row at a time,
 * so a sheet of a million rows takes little memory when the book is in
 * constant-memory mode.  What the sheet gets:
 *  - header labels in Chinese from share/labels.csv (column,label,type),
 *    or the CSV's own names with `english`;
 *  - values that are English words of the CSV API (section grid, status
 *    open, finding grid_no_head...) in Chinese words from share/values.csv
 *    (column,value,label; a value with "{}" is a pattern whose parts are
 *    carried into the label), unless `english`;
 *  - typed cells: a number is written as a number unless its column is
 *    text (IDs, phones, codes) or it has a leading zero, more than 15
 *    digits or an exponent; everything else is a string, never a formula;
 *  - personal data masked unless `unmask`: columns of type id, phone and
 *    name, matched by English name or Chinese label, or by any header the
 *    import accepts for such a column (share/headers.csv: 身份证号码, 手机号
 *    ...); and in every other column a cell that is an 18-character ID
 *    number (check character right) or a mainland mobile number, whatever
 *    the column is called;
 *  - every string cleaned by text_for_sheet() and cut to 32,767 characters
 *    (counted in the result);
 *  - column widths from the display width of the text (Han counts 2);
 *  - frozen header row, autofilter, and on score columns (type score, and
 *    the rubric's items) a three-colour scale and the marks below the pass
 *    line (scoring.conf's grade_pass for 0-100 scores, the item's pass mark
 *    for an item) in red; scores with two decimals, rates as percentages;
 *  - monthly scores of a quarter (score_m1..score_m3) labelled by their
 *    month (7月得分) when the first row's period is a quarter;
 *  - A4 landscape, fit to one page wide, header row repeated on every
 *    page, title in the page header and page numbers in the footer;
 *  - more rows than fit on a sheet continue on "NAME (2)", "NAME (3)"...
 *
 * Ownership: labels are loaded by xlsx_labels_load() and freed with
 * xlsx_labels_free(); everything written belongs to the book.
 */
#ifndef SHEQU_XLSX_SHEET_H
#define SHEQU_XLSX_SHEET_H

#include "base/csvin.h"
#include "base/error.h"
#include "domain/aliases.h"
#include "domain/rubric.h"
#include "domain/scoring_conf.h"
#include "xlsx/xlsx_book.h"
#include "xlsx/xlsx_office.h"

/* Data rows per sheet: Excel's 1,048,576 rows less the header. */
#define XLSX_MAX_ROWS 1048575L

/* Longest string a cell holds, in characters (UTF-16 units). */
#define XLSX_MAX_STRING 32767

/* Pass line of a 0-100 score when no scoring.conf is given (its
 * grade_pass is used otherwise). */
#define XLSX_SCORE_PASS 60.0

/* What a column holds, from labels.csv's type column. */
enum xlsx_type {
	XLSX_AUTO,   /* numbers as numbers, the rest as text */
	XLSX_TEXT,   /* always text */
	XLSX_NUMBER, /* numbers as numbers */
	XLSX_SCORE,  /* a score: numbers, colour scale, pass line */
	XLSX_ID,     /* ID number: text, masked */
	XLSX_PHONE,  /* phone: text, masked */
	XLSX_NAME,   /* a person's name (or a list of them, 、-separated): text,
			masked name by name */
	XLSX_RATE,   /* a 0-100 rate: numbers shown as 98.96% */
	XLSX_CHANGE, /* a change against the previous period: +1.25, -0.40 */
	XLSX_COUNT,  /* a number of things that adds up over the rows */
};

/* The column labels of share/labels.csv; opaque. */
struct xlsx_labels;

/* The Chinese wording of one column's values; opaque, owned by the labels. */
struct xlsx_values;

/* Load labels.csv and values.csv from the data folder (EX_CONFIG when
 * either is missing or bad). */
int xlsx_labels_load(struct xlsx_labels **out, struct shequ_err *e);

/* Free L (NULL is fine). */
void xlsx_labels_free(struct xlsx_labels *l);

/*
 * The Chinese label of COLUMN (matched by English name or by label, after
 * csv_header_norm) and its type in *TYPE; NULL and XLSX_AUTO when L does
 * not know it.  The string belongs to L.
 */
const char *xlsx_labels_find(const struct xlsx_labels *l, const char *column, enum xlsx_type *type);

/*
 * The values table of the CSV column COLUMN (English name, or its Chinese
 * label), or NULL when values.csv has none for it: looked up once per
 * column, so that a cell of a column without values costs nothing.
 */
const struct xlsx_values *xlsx_values_find(const struct xlsx_labels *l, const char *column);

/*
 * What a person reads for CELL: the label of an exact value (a string of
 * the table), else the first pattern that fits, filled into BUF (N bytes;
 * strlen(CELL) + 1024 is always enough for the shipped labels; a label
 * that does not fit is no match), else NULL: the cell stays as it is.
 */
const char *xlsx_values_label(const struct xlsx_values *vs, const char *cell, char *buf, size_t n);

/* How to write a sheet.  All zero means: headers as in the CSV, masked. */
struct xlsx_sheet_opts {
	const struct xlsx_labels *labels;     /* NULL: no labels, types guessed */
	const struct header_aliases *aliases; /* the import's headers, which
						 name personal columns too;
						 NULL: labels only */
	const struct rubric *rubric;	      /* NULL: no item pass marks */
	const struct csvin_opts *csv;	      /* how to read, NULL for defaults */
	const char *title;		      /* page header, NULL for the sheet name;
						 the first period is added to it */
	int title_is_full;		      /* ...unless this is set */
	int english;			      /* keep the CSV's column names */
	int unmask;			      /* write personal data as it is */
	long max_rows;			      /* data rows per sheet, 0: XLSX_MAX_ROWS */
	const char *split_by;		      /* one sheet per value of this column */
	const char *split_suffix;	      /* added to those sheets' names, or NULL */
	int split_sections;		      /* split_by is a report's row type
						 (section): a CSV without it is
						 one sheet; sheets in the order
						 the rows come, named in words
						 (values.csv), the column hidden */
	int grade;			      /* grades, icons and a chart (below) */
	const struct scoring_conf *conf;      /* grade bands and pass line; NULL:
						 XLSX_SCORE_PASS, and no grade */
	int report;			      /* a report people sign (below) */
	const struct xlsx_office *office;     /* who signs it, with `report` */
};

/*
 * A `report` sheet is one that is printed and signed: a `period` column
 * whose value is the same on every row is hidden (the title names the
 * period; the CSV keeps it); a sheet of one row per place (no section,
 * building, unit or stairwell column) gets a total row 合计 with SUM of
 * every count column and, when there is an `inspections` column, the mean
 * of the score and the rubric's items over the complete stairwell-days
 * (SUMPRODUCT by inspections: the mean of all of them, not the mean of the
 * rows' means); other columns of that row stay blank, for a mean of
 * means or a weighted total would be wrong.  The table ends with
 * 制表人 / 审核人 / 日期 (the day the workbook was made, Beijing time).
 */

/*
 * With `grade` (the scorecard's summary) the CSV's `grade` column
 * (shequ-tally --report quarterly grades the weighted total) is a traffic
 * light styled by its value; a CSV without one is refused (EX_DATAERR):
 * the grades are the tally's, never computed here.  The total (else the
 * score) is charted as columns by grid, with scoring.conf's grade_pass as
 * a dashed pass line through a hidden column added after the CSV's.
 * `conf` is then required.
 */

/* What was written. */
struct xlsx_sheet_result {
	long rows;			       /* data rows */
	int sheets;			       /* sheets added */
	long cut;			       /* strings cut to XLSX_MAX_STRING */
	long cut_line;			       /* physical line of the first cut */
	char cut_column[64];		       /* its column */
	char period[32];		       /* first value of a `period` column */
	char first_sheet[XLSX_SHEETNAME_SIZE]; /* the name of the first sheet */
};

/*
 * Write the CSV at PATH ("-" for standard input) into book B as sheet NAME
 * (or, with split_by, one sheet per value).  RES (may be NULL) is filled.
 * Errors: csvin's (prefixed with PATH), EX_DATAERR for a file without a
 * header or a grade sheet without a score column, and the book's 70/73/74.
 */
int xlsx_sheet_write(struct xlsx_book *b, const char *name, const char *path,
		     const struct xlsx_sheet_opts *o, struct xlsx_sheet_result *res,
		     struct shequ_err *e);

/*
 * The title of a report TITLE (月通报) of WHO (the community, or NULL)
 * about PERIOD (a code, or "") into OUT (N bytes): in Chinese the
 * community, the period in words and the title (湖滨社区2026年8月月通报);
 * with ENGLISH the title and the code (Monthly bulletin 2026-08), as also
 * when PERIOD is no period code; without a period no period.
 */
void xlsx_period_title(const char *who, const char *title, const char *period, int english,
		       char *out, size_t n);

/*
 * 1 when the NUL-terminated S is a plain decimal number that survives a
 * round trip through a double: optional '-', digits without a leading
 * zero (except "0" itself), optional fraction, at most 15 digits.
 */
int xlsx_is_number(const char *s);

#endif
