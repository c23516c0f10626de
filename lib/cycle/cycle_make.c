/* cycle_make.c - the case scan and one report as CSV and workbook; see cycle_make.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/natural.h"
#include "cycle/cycle_make.h"
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

/* The CSVs of the scorecard after its summary, in the order of
 * `shequ-export -k scorecard summary= detail= cases= data=`. */
enum sheet { SHEET_DETAIL, SHEET_CASES, SHEET_DATA, SHEETS };
static const char *const sheet_names[SHEETS] = {"detail", "cases", "data"};

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

/* Write sheet S of the scorecard of P on F. */
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
	default:
		return data_write(db, p, f, e);
	}
}

/* Write report K of P (or, for K < 0, scorecard sheet S) as CSV to PATH. */
static int cycle_make_csv(sqlite3 *db, int k, enum sheet s, const struct period *p,
			  const char *path, struct shequ_err *e)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", path,
				     strerror(errno));
	rc = k >= 0 ? report_write(db, (enum report_kind)k, p, f, e) : sheet_write(db, s, p, f, e);
	if (fclose(f) != 0 && !rc)
		rc = shequ_err_set(e, EX_IOERR, "cannot write %s: %s", path, strerror(errno));
	return rc;
}

/* The scorecard's sheets after the summary CSV: written next to it as
 * CSV.NAME, named in IN[1..], their paths in PATHS.  Returns 0, or the
 * error of the first that failed (those written are the caller's to
 * remove). */
static int scorecard_inputs(sqlite3 *db, const struct period *p, const char *csv,
			    struct xlsx_input *in, char (*paths)[PATH_MAX], struct shequ_err *e)
{
	int s, rc;

	in[0].name = "summary";
	for (s = 0; s < SHEETS; s++) {
		if ((size_t)snprintf(paths[s], PATH_MAX, "%s.%s", csv, sheet_names[s]) >= PATH_MAX)
			return shequ_err_set(e, EX_CANTCREAT, "%s: path too long", csv);
		if ((rc = cycle_make_csv(db, -1, (enum sheet)s, p, paths[s], e)))
			return rc;
		in[s + 1].name = sheet_names[s];
		in[s + 1].path = paths[s];
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
	int rc, s;

	if ((rc = cycle_make_csv(db, (int)reports[p->kind], 0, p, csv, e)))
		return rc;
	job.kind = books[p->kind];
	job.output = xlsx;
	/* The scorecard is the whole scorecard: per-grid sheets, cases per
	 * grid and the data, as when made by hand. */
	if (p->kind == PERIOD_QUARTER && !(rc = scorecard_inputs(db, p, csv, in, paths, e)))
		job.ninputs = 1 + SHEETS;
	if (!rc)
		rc = xlsx_export(&job, NULL, e);
	for (s = 0; s < SHEETS; s++)
		if (paths[s][0])
			unlink(paths[s]);
	return rc;
}
