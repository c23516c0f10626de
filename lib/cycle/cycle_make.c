/* cycle_make.c - the case scan and one report as CSV and workbook; see cycle_make.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cycle/cycle_make.h"
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

/* Write report K of P as CSV to PATH. */
static int cycle_make_csv(sqlite3 *db, enum report_kind k, const struct period *p, const char *path,
			  struct shequ_err *e)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", path,
				     strerror(errno));
	rc = report_write(db, k, p, f, e);
	if (fclose(f) != 0 && !rc)
		rc = shequ_err_set(e, EX_IOERR, "cannot write %s: %s", path, strerror(errno));
	return rc;
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
	struct xlsx_input in[2] = {{NULL, csv}, {"detail", NULL}};
	/* The reports are ours, so UTF-8 for sure: never guess the encoding. */
	static const struct csvin_opts utf8 = {.encoding = "utf-8"};
	struct xlsx_job job = {.csv = &utf8};
	char detail[PATH_MAX];
	int rc;

	if ((rc = cycle_make_csv(db, reports[p->kind], p, csv, e)))
		return rc;
	job.kind = books[p->kind];
	job.output = xlsx;
	job.inputs = in;
	job.ninputs = 1;
	if (p->kind == PERIOD_QUARTER) {
		/* The scorecard: the assessment, and a sheet per grid. */
		if ((size_t)snprintf(detail, sizeof detail, "%s.detail", csv) >= sizeof detail)
			return shequ_err_set(e, EX_CANTCREAT, "%s: path too long", csv);
		if ((rc = cycle_make_csv(db, REPORT_QUARTERLY_DETAIL, p, detail, e)))
			goto out;
		in[0].name = "summary";
		in[1].path = detail;
		job.ninputs = 2;
	}
	rc = xlsx_export(&job, NULL, e);
out:
	if (p->kind == PERIOD_QUARTER)
		unlink(detail);
	return rc;
}
