/* shequ-tally - inspection scores per period and level, and the reports of
 * the supervision cycle, as CSV. */
#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "cycle/cycle_scorecard.h"
#include "db/db.h"
#include "domain/period.h"
#include "tally/report.h"
#include "tally/score.h"

static const char doc[] =
    "Inspection scores of a period per stairwell, building, grid, compound or the whole "
    "community, or one report of the supervision cycle, as CSV on stdout.\v"
    "PERIOD: 2026-07-08, 2026-W28, 2026-07, 2026-Q3, yesterday, last-week, last-month,\n"
    "last-quarter (relative to today in --tz).\n"
    "Reports: daily (a day), weekly (a week), monthly (a month), quarterly and\n"
    "quarterly-detail (a quarter).\n"
    "Sections (--section, one row type per CSV): weekly grid or problems;\n"
    "monthly grid, compound, best or worst.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 66 no such database or no grids yet,\n"
    "74 I/O error, 75 busy, 78 bad configuration in share/.";

static const char args_doc[] = "PERIOD";

enum { OPT_BY = 0x100, OPT_REPORT, OPT_SECTION };

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "What to compute:", 1},
    {"by", OPT_BY, "LEVEL", 0, "stairwell, building, grid (default), compound or community", 1},
    {"report", OPT_REPORT, "KIND", 0,
     "daily, weekly, monthly, quarterly or quarterly-detail instead of scores", 1},
    {"section", OPT_SECTION, "NAME", 0,
     "only one part of the report, one row type: grid, compound, best, worst or problems", 1},
    {0},
};

struct args {
	const char *period;
	enum score_level level;
	int by_given;
	int report_given;
	enum report_kind report;
	enum report_section section; /* REPORT_ALL unless --section */
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	struct shequ_err e = {0};

	switch (key) {
	case OPT_BY:
		if (score_level_parse(arg, &a->level, &e))
			argp_error(state, "%s", e.msg);
		a->by_given = 1;
		break;
	case OPT_REPORT:
		if (report_kind_parse(arg, &a->report, &e))
			argp_error(state, "%s", e.msg);
		a->report_given = 1;
		break;
	case OPT_SECTION:
		if (report_section_parse(arg, &a->section, &e))
			argp_error(state, "%s", e.msg);
		break;
	case ARGP_KEY_ARG:
		if (a->period)
			argp_error(state, "unexpected argument '%s'", arg);
		a->period = arg;
		break;
	case ARGP_KEY_SUCCESS:
		if (!a->period)
			argp_error(state, "a PERIOD is needed, e.g. 2026-Q3 or last-week");
		if (a->by_given && a->report_given)
			argp_error(state, "--by and --report do not go together");
		if (a->section != REPORT_ALL && !a->report_given)
			argp_error(state, "--section goes with --report");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

CLI_ARGP(argp, options, parse_opt, args_doc, doc);

/* Compute what A asks and write it on stdout. */
static int run(const struct args *a)
{
	struct shequ_err e = {0};
	struct period p;
	struct score_table t = {0};
	sqlite3 *db = NULL;
	int rc;

	cli_period_or_exit(a->period, cli_today_or_exit(), &p);
	if ((rc = cli_open_db(DB_READ, &db)))
		return rc;
	if (a->report_given && a->report == REPORT_QUARTERLY && a->section == REPORT_ALL) {
		/* With the care visits and orders scoring.conf weighs. */
		rc = cycle_scorecard_write(db, &p, stdout, &e);
	} else if (a->report_given) {
		rc = report_write_section(db, a->report, a->section, &p, stdout, &e);
	} else {
		rc = score_compute(db, a->level, &p, &t, &e);
		if (!rc)
			rc = score_write_csv(&t, stdout, &e);
		score_table_free(&t);
	}
	db_close(db);
	if (rc)
		cli_fail(&e);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {.level = SCORE_GRID};

	cli_init("shequ-tally");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
