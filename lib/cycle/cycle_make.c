/* cycle_make.c - the case scan and one report as CSV and workbook; see cycle_make.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/natural.h"
#include "care/care_conf.h"
#include "care/care_report.h"
#include "cycle/cycle_make.h"
#include "cycle/cycle_scorecard.h"
#include "cycle/cycle_service.h"
#include "db/sqlcsv.h"
#include "domain/rubric.h"
#include "domain/scoring_conf.h"
#include "tally/cases.h"
#include "tally/report.h"
#include "xlsx/xlsx_kinds.h"

int cycle_make_scan(sqlite3 *db, int day, struct shequ_err *e)
{
	struct rubric r;
	struct scoring_conf c;
	struct cases_scan_result res;
	int rc;

	if ((rc = rubric_load(&r, e)) || (rc = scoring_conf_load(&c, e)))
		return rc;
	return cases_scan(db, &r, &c, day, &res, e);
}

/*
 * The sheets a workbook gets after its report, each written next to the
 * report's CSV as CSV.FILE and exported as the input NAME: the
 * scorecard's in the order of `shequ-export -k scorecard summary= detail=
 * cases= data=`, the weekly report's sections (a sheet per row type, so
 * that no sum counts a row twice), and the care sheets of the week and
 * the month; then the service sheets of cycle_service.h, each
 * SHEET_SERVICE + its number.
 */
enum sheet {
	SHEET_DETAIL,
	SHEET_CASES,
	SHEET_DATA,
	SHEET_WEEK_GRID,
	SHEET_WEEK_PROBLEMS,
	SHEET_CARE_DUE,
	SHEET_CARE_VISITS,
	SHEET_CARE_SERVICES,
	SHEET_SERVICE,
	SHEETS = SHEET_SERVICE + CYCLE_SERVICE_SHEETS
};
static const struct {
	const char *file, *name;
} sheets[SHEETS] = {
    [SHEET_DETAIL] = {"detail", "detail"},
    [SHEET_CASES] = {"cases", "cases"},
    [SHEET_DATA] = {"data", "data"},
    [SHEET_WEEK_GRID] = {"grid", "网格"},
    [SHEET_WEEK_PROBLEMS] = {"problems", "问题"},
    [SHEET_CARE_DUE] = {"care-due", "探访逾期"},
    [SHEET_CARE_VISITS] = {"care-visits", "探访率"},
    [SHEET_CARE_SERVICES] = {"care-services", "服务"},
};

/*
 * Write the stairwell-days of P on F: one row per stairwell and day with
 * its place, a column per rubric item (named as in the rubric, clean ...,
 * so the sheet marks each against its own pass mark) and the day's score,
 * blank when the day is incomplete - the data the scorecard is computed
 * from.
 */
static int data_write(sqlite3 *db, const struct period *p, FILE *f, struct shequ_err *e)
{
	char first[11], last[11], *sql = NULL, *items = sqlite3_mprintf("%s", "");
	struct rubric r;
	sqlite3_stmt *st = NULL;
	int rc, a, b;
	size_t i;

	if ((rc = rubric_load_db(db, &r, e)))
		return rc;
	for (i = 0; items && i < r.n; i++) {
		char *more =
		    sqlite3_mprintf("%s, max(CASE WHEN m.item = %Q THEN m.score END) AS \"%w\"",
				    items, r.items[i].item, r.items[i].name);
		sqlite3_free(items);
		items = more;
	}
	if (items)
		sql = sqlite3_mprintf(
		    "SELECT m.day AS day, p.compound, p.building, p.unit, p.grid%s, "
		    "CASE WHEN count(*) = %d THEN sum(m.score) END AS score "
		    "FROM item_score m JOIN stairwell_place p ON p.stairwell_id = m.stairwell_id "
		    "WHERE m.day BETWEEN ?1 AND ?2 GROUP BY m.stairwell_id, m.day "
		    "ORDER BY m.day, p.grid COLLATE " NATURAL_COLLATION ", p.compound, "
		    "p.building COLLATE " NATURAL_COLLATION ", p.unit COLLATE " NATURAL_COLLATION,
		    items, (int)r.n);
	sqlite3_free(items);
	if (!sql)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return shequ_err_set(e, EX_SOFTWARE, "data sheet: %s", sqlite3_errmsg(db));
	period_bounds(p, &a, &b);
	day_format(a, first);
	day_format(b, last);
	sqlite3_bind_text(st, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_TRANSIENT);
	return sqlcsv_write(db, st, f, e);
}

/* The care reports' columns as the office reads them: `name` is a
 * category's or a service's, and left as it is the workbook would mask it
 * as a person's; `overdue` counts people, not days. */
static const char *const care_columns[][2] = {
    {"category", "类别代码"}, {"name", "名称"},	   {"cadence", "探访频次"},
    {"windows", "周期数"},    {"people", "人数"},  {"visited", "按期探访"},
    {"rate", "探访率"},	      {"due", "本期应访"}, {"overdue", "逾期未访"},
    {"service", "服务代码"},  {"times", "次数"},
};

/* Write header field FIELD (LEN bytes) on F, renamed by care_columns. */
static void care_column_put(const char *field, size_t len, FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof care_columns / sizeof *care_columns; i++)
		if (strlen(care_columns[i][0]) == len &&
		    memcmp(field, care_columns[i][0], len) == 0) {
			fputs(care_columns[i][1], f);
			return;
		}
	fwrite(field, 1, len, f);
}

/* Copy the CSV of BUF (LEN bytes) on F, its header's columns renamed. */
static void care_sheet_copy(const char *buf, size_t len, FILE *f)
{
	const char *nl = memchr(buf, '\n', len), *p = buf, *comma;
	const char *end = nl ? nl : buf + len;

	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (!comma)
			comma = end;
		care_column_put(p, (size_t)(comma - p), f);
		if (comma < end)
			fputc(',', f);
		p = comma + 1;
	}
	fwrite(end, 1, (size_t)(buf + len - end), f);
}

/* Write care sheet S of P on F: the overdue visits per grid on the
 * week's last day, or the month's visit rates or services. */
static int care_sheet_write(sqlite3 *db, enum sheet s, const struct period *p, FILE *f,
			    struct shequ_err *e)
{
	struct care_conf c = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc, last;

	if (!m)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	period_bounds(p, NULL, &last);
	if ((rc = care_conf_load(&c, e)))
		; /* what was loaded is freed below */
	else if (s == SHEET_CARE_DUE)
		rc = care_report_due_grids(db, &c, last, m, e);
	else if (s == SHEET_CARE_VISITS)
		rc = care_report_visits(db, &c, p, m, e);
	else
		rc = care_report_services(db, &c, p, 0, m, e);
	care_conf_free(&c);
	if (fclose(m) != 0 && !rc)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		care_sheet_copy(buf, len, f);
	free(buf);
	return rc;
}

/* Write sheet S of the workbook of P on F. */
static int sheet_write(sqlite3 *db, enum sheet s, const struct period *p, FILE *f,
		       struct shequ_err *e)
{
	int last;

	switch (s) {
	case SHEET_DETAIL:
		return report_write(db, REPORT_QUARTERLY_DETAIL, p, f, e);
	case SHEET_CASES:
		/* The cases as they stood at the quarter's end. */
		period_bounds(p, NULL, &last);
		return cases_list(db, last, 0, NULL, f, e);
	case SHEET_DATA:
		return data_write(db, p, f, e);
	case SHEET_CARE_DUE:
	case SHEET_CARE_VISITS:
	case SHEET_CARE_SERVICES:
		return care_sheet_write(db, s, p, f, e);
	default:
		/* The week's sections are written with its report (week_write). */
		if (s < SHEET_SERVICE)
			return shequ_err_set(e, EX_SOFTWARE, "sheet %d: written with the report",
					     (int)s);
		return cycle_service_write(db, (int)s - SHEET_SERVICE, p, f, e);
	}
}

/* Close F, written to PATH, keeping the first error in RC. */
static int close_checked(FILE *f, const char *path, int rc, struct shequ_err *e)
{
	if (f && fclose(f) != 0 && !rc)
		rc = shequ_err_set(e, EX_IOERR, "cannot write %s: %s", path, strerror(errno));
	return rc;
}

/* Create the CSV file PATH for writing into *F. */
static int csv_create(const char *path, FILE **f, struct shequ_err *e)
{
	if (!(*f = fopen(path, "w")))
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", path,
				     strerror(errno));
	return 0;
}

/* Write report K of P (or, for K < 0, sheet S) as CSV to PATH. */
static int cycle_make_csv(sqlite3 *db, int k, enum sheet s, const struct period *p,
			  const char *path, struct shequ_err *e)
{
	FILE *f;
	int rc = csv_create(path, &f, e);

	if (rc)
		return rc;
	/* The scorecard weighs the care visits and orders when scoring.conf says so. */
	rc = k == REPORT_QUARTERLY ? cycle_scorecard_write(db, p, f, e)
	     : k >= 0		   ? report_write(db, (enum report_kind)k, p, f, e)
				   : sheet_write(db, s, p, f, e);
	return close_checked(f, path, rc, e);
}

/* The path of the sheet written to file FILE beside the report CSV:
 * CSV.FILE, into BUF (PATH_MAX bytes). */
static int sheet_path(const char *csv, const char *file, char *buf, struct shequ_err *e)
{
	if ((size_t)snprintf(buf, PATH_MAX, "%s.%s", csv, file) >= PATH_MAX)
		return shequ_err_set(e, EX_CANTCREAT, "%s: path too long", csv);
	return 0;
}

/* Whether sheet S is written with the report itself: the week's sections
 * come from the same pass over its grids as the report. */
static int sheet_with_report(enum sheet s)
{
	return s == SHEET_WEEK_GRID || s == SHEET_WEEK_PROBLEMS;
}

/* The weekly report of P as CSV to CSV, and its sections grid and
 * problems beside it as their sheets, in one pass; on failure the
 * sections are removed (the report is the caller's). */
static int week_write(sqlite3 *db, const struct period *p, const char *csv, struct shequ_err *e)
{
	char grid[PATH_MAX], probs[PATH_MAX];
	const char *path[3] = {csv, grid, probs};
	FILE *f[3] = {NULL, NULL, NULL};
	int rc = sheet_path(csv, sheets[SHEET_WEEK_GRID].file, grid, e);

	if (!rc)
		rc = sheet_path(csv, sheets[SHEET_WEEK_PROBLEMS].file, probs, e);
	for (int i = 0; !rc && i < 3; i++)
		rc = csv_create(path[i], &f[i], e);
	if (!rc)
		rc = report_write_weekly(db, p, f[0], f[1], f[2], e);
	for (int i = 0; i < 3; i++)
		rc = close_checked(f[i], path[i], rc, e);
	for (int i = 1; rc && i < 3; i++)
		if (f[i])
			unlink(path[i]);
	return rc;
}

/* Whether any visit was imported: without one, the care sheets would be
 * empty, and the workbooks stay as they were before shequ-care. */
static int care_data(sqlite3 *db, int *have, struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM care_visit)", -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return shequ_err_set(e, EX_SOFTWARE, "care visits: %s", sqlite3_errmsg(db));
	return 0;
}

/* The sheets of the workbook of P after its report, into LIST; their
 * number into *N. */
static int sheets_of(sqlite3 *db, const struct period *p, enum sheet *list, int *n,
		     struct shequ_err *e)
{
	int care = 0, svc[CYCLE_SERVICE_SHEETS], nsvc = 0, rc, i;

	*n = 0;
	if ((p->kind == PERIOD_WEEK || p->kind == PERIOD_MONTH) && (rc = care_data(db, &care, e)))
		return rc;
	if (p->kind == PERIOD_QUARTER) {
		list[(*n)++] = SHEET_DETAIL;
		list[(*n)++] = SHEET_CASES;
		list[(*n)++] = SHEET_DATA;
	} else if (p->kind == PERIOD_WEEK) {
		list[(*n)++] = SHEET_WEEK_GRID;
		list[(*n)++] = SHEET_WEEK_PROBLEMS;
		if (care)
			list[(*n)++] = SHEET_CARE_DUE;
	} else if (p->kind == PERIOD_MONTH && care) {
		list[(*n)++] = SHEET_CARE_VISITS;
		list[(*n)++] = SHEET_CARE_SERVICES;
	}
	/* Orders and alerts, when the database has any. */
	if ((rc = cycle_service_sheets(db, p, svc, &nsvc, e)))
		return rc;
	for (i = 0; i < nsvc; i++)
		list[(*n)++] = (enum sheet)(SHEET_SERVICE + svc[i]);
	return 0;
}

/* The sheets LIST (N of them) after the report CSV: written next to it as
 * CSV.FILE, named in IN[1..], their paths in PATHS.  Returns 0, or the
 * error of the first that failed (those written are the caller's to
 * remove). */
static int sheet_inputs(sqlite3 *db, const struct period *p, const char *csv,
			const enum sheet *list, int n, struct xlsx_input *in,
			char (*paths)[PATH_MAX], struct shequ_err *e)
{
	int i, rc;

	if (p->kind == PERIOD_QUARTER)
		in[0].name = "summary";
	for (i = 0; i < n; i++) {
		int svc = list[i] >= SHEET_SERVICE;
		const char *file =
		    svc ? cycle_service_file(list[i] - SHEET_SERVICE) : sheets[list[i]].file;

		if ((rc = sheet_path(csv, file, paths[i], e)))
			return rc;
		if (!sheet_with_report(list[i]) &&
		    (rc = cycle_make_csv(db, -1, list[i], p, paths[i], e)))
			return rc;
		in[i + 1].name =
		    svc ? cycle_service_name(list[i] - SHEET_SERVICE) : sheets[list[i]].name;
		in[i + 1].path = paths[i];
	}
	return 0;
}

int cycle_make_report(sqlite3 *db, const struct period *p, const char *csv, const char *xlsx,
		      struct shequ_err *e)
{
	static const enum report_kind reports[] = {
	    [PERIOD_DAY] = REPORT_DAILY,
	    [PERIOD_WEEK] = REPORT_WEEKLY,
	    [PERIOD_MONTH] = REPORT_MONTHLY,
	    [PERIOD_QUARTER] = REPORT_QUARTERLY,
	};
	static const enum xlsx_kind books[] = {
	    [PERIOD_DAY] = XLSX_DAILY,
	    [PERIOD_WEEK] = XLSX_WEEKLY,
	    [PERIOD_MONTH] = XLSX_MONTHLY,
	    [PERIOD_QUARTER] = XLSX_SCORECARD,
	};
	struct xlsx_input in[1 + SHEETS] = {{NULL, csv}};
	/* The reports are ours, so UTF-8 for sure: never guess the encoding. */
	static const struct csvin_opts utf8 = {.encoding = "utf-8"};
	struct xlsx_job job = {.csv = &utf8, .inputs = in, .ninputs = 1};
	char paths[SHEETS][PATH_MAX] = {{0}};
	enum sheet list[SHEETS];
	int rc, s, n = 0;

	rc = p->kind == PERIOD_WEEK ? week_write(db, p, csv, e)
				    : cycle_make_csv(db, (int)reports[p->kind], 0, p, csv, e);
	if (rc)
		return rc;
	job.kind = books[p->kind];
	job.output = xlsx;
	/* The scorecard is the whole scorecard (per-grid sheets, cases per
	 * grid and the data, as when made by hand); the week gets its
	 * sections; week and month their care sheets when there are visits. */
	if (!(rc = sheets_of(db, p, list, &n, e)) &&
	    !(rc = sheet_inputs(db, p, csv, list, n, in, paths, e)))
		job.ninputs = 1 + (size_t)n;
	if (!rc)
		rc = xlsx_export(&job, NULL, e);
	for (s = 0; s < SHEETS; s++)
		if (paths[s][0])
			unlink(paths[s]);
	return rc;
}
