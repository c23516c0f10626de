/*
 * xlsx_kinds.h - the workbooks of the supervision cycle, and the one entry
 * point that writes any workbook from CSV files: xlsx_export().
 *
 * Kinds:
 *  plain      each input CSV is one sheet.
 *  daily      日督查, weekly 周抄报, monthly 月通报: like plain, titled with
 *             the report's name and the period found in the first input's
 *             `period` column, which must be a day, an ISO week or a month
 *             respectively (else EX_DATAERR); a CSV with a `section`
 *             column (the bulletin) gets a sheet per section.
 *  scorecard  季度考核 for a quarter.  Inputs by name: `summary` (required;
 *             the grid ranking from shequ-tally --by grid QUARTER) becomes
 *             the first sheet, its `grade` column (the tally's: a summary
 *             without one is refused, EX_DATAERR) shown as a coloured
 *             traffic light, and a column chart of the total (else the
 *             score) by grid with scoring.conf's pass line across;
 *             `detail` (rows with a `grid` column: buildings and
 *             stairwells by month) is split into one sheet per grid;
 *             `cases` (from shequ-case, with a `grid` column) is split
 *             likewise, into sheets "GRID 案件"; every other input (e.g.
 *             `data`) is a plain sheet.
 *  reach-buildings 步行可达, reach-coverage 生活圈覆盖, reach-gaps 服务盲区,
 *             reach-site 新设施选址, reach-load 设施负荷: the reports of
 *             shequ-reach of the same names, titled with the day of their
 *             `period` column; every input gets a sheet per kind of
 *             facility (its `kind` column, hidden; the sheets in the
 *             report's order, named 幼儿园, 便利店... by values.csv).
 *
 * Ownership: the job and its strings are the caller's; nothing is kept.
 */
#ifndef SHEQU_XLSX_KINDS_H
#define SHEQU_XLSX_KINDS_H

#include <stddef.h>
#include <time.h>

#include "base/csvin.h"
#include "base/error.h"

enum xlsx_kind {
	XLSX_PLAIN,
	XLSX_DAILY,
	XLSX_WEEKLY,
	XLSX_MONTHLY,
	XLSX_SCORECARD,
	XLSX_REACH_BUILDINGS,
	XLSX_REACH_COVERAGE,
	XLSX_REACH_GAPS,
	XLSX_REACH_SITE,
	XLSX_REACH_LOAD
};

/* One CSV to export. */
struct xlsx_input {
	const char *name; /* NAME= given on the command line, or NULL */
	const char *path; /* the CSV, "-" for standard input */
};

/* A whole export. */
struct xlsx_job {
	enum xlsx_kind kind;
	const char *output;		 /* the .xlsx to write */
	const struct xlsx_input *inputs; /* in the order given */
	size_t ninputs;
	const struct csvin_opts *csv; /* how to read the CSVs, NULL: defaults */
	const char *title;	      /* document title; NULL: from the kind */
	time_t created;		      /* 0: now */
	int english;		      /* --lang en */
	int unmask;		      /* personal data in clear */
	long max_rows;		      /* data rows per sheet, 0: Excel's limit */
	int nofollow_dir;	      /* refuse an output folder that is a symlink */
};

/* What an export wrote, for the summary line and warnings. */
struct xlsx_report {
	long rows;	     /* data rows, all sheets */
	int sheets;	     /* sheets written */
	long cut;	     /* strings cut to 32,767 characters */
	char cut_where[256]; /* "FILE:LINE: column" of the first cut */
	char period[32];     /* the period the report is about, or "" */
};

/* Parse a kind name (plain, daily, weekly, monthly, scorecard,
 * reach-buildings, reach-coverage, reach-gaps, reach-site, reach-load). */
int xlsx_kind_parse(const char *s, enum xlsx_kind *k, struct shequ_err *e);

/* The English name of K (a static string). */
const char *xlsx_kind_name(enum xlsx_kind k);

/*
 * Write the workbook JOB describes.  REP (may be NULL) is filled.  Returns
 * 0, or EX_USAGE (inputs that do not fit the kind), EX_DATAERR (bad CSV, a
 * period of the wrong kind), EX_NOINPUT, EX_CONFIG (share/ data), or the
 * book's 70/73/74; on failure the output is left as it was.
 */
int xlsx_export(const struct xlsx_job *job, struct xlsx_report *rep, struct shequ_err *e);

#endif
