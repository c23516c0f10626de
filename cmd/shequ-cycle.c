/* shequ-cycle - run the supervision cycle from cron: every due report once. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "cycle/cycle.h"
#include "db/db.h"

static const char doc[] =
    "Produce every report of the supervision cycle whose period has closed and that has "
    "not been produced yet: daily, weekly (ISO weeks), monthly and quarterly, as workbooks "
    "in OUT/daily/2026-07-08.xlsx, OUT/weekly/2026-W28.xlsx, OUT/monthly/2026-07.xlsx and "
    "OUT/quarterly/2026-Q3.xlsx.  Each day's case scan runs before its report.  A report "
    "whose inspections changed after it was made, or whose workbook is missing from OUT or "
    "changed there, is made again as a new revision.  A run with more than --max-reports "
    "due is refused unless --catch-up-from is given.\v"
    "Silent on success unless -v; one line per failure.  Exit status: 0 ok (also when "
    "nothing was due), 64 usage (also --redo of a period that has not closed), 65 more "
    "reports due than --max-reports, 66 no such database, 73 cannot create a report, 74 "
    "I/O error, 75 another cycle is running or the database is busy.";

enum {
	OPT_DATE = 0x200,
	OPT_OUT,
	OPT_SINCE,
	OPT_ONLY,
	OPT_REDO,
	OPT_CSV,
	OPT_SYSLOG,
	OPT_CATCH_UP,
	OPT_MAX,
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "What to produce:", 1},
    {"date", OPT_DATE, "DAY", 0, "act as if today were DAY (default: today in --tz)", 0},
    {"since", OPT_SINCE, "DAY", 0, "first day to consider (default: the first inspection)", 0},
    {"only", OPT_ONLY, "KIND", 0,
     "only this kind: daily, weekly, monthly or quarterly (repeatable)", 0},
    {"redo", OPT_REDO, "PERIOD", 0, "regenerate the report of PERIOD (e.g. 2026-W28)", 0},
    {"catch-up-from", OPT_CATCH_UP, "DAY", 0,
     "first day to consider, with no limit on how many reports are made", 0},
    {"max-reports", OPT_MAX, "N", 0,
     "refuse a run with more than N reports due (default: 500, a year is 433)", 0},
    {NULL, 0, NULL, 0, "Where:", 2},
    {"out", OPT_OUT, "DIR", 0, "the reports folder (default: $SHEQU_REPORTS, else ./reports)", 0},
    {"csv", OPT_CSV, NULL, 0, "also keep each report's CSV beside its workbook", 0},
    {"syslog", OPT_SYSLOG, NULL, 0, "also send failures to syslog", 0},
    {0},
};

struct args {
	const char *date, *since, *redo, *catch_up;
	int max; /* --max-reports, or 0 */
	struct cycle_opts o;
};

/* Parse the N of --max-reports, or end with a usage error. */
static int max_or_error(struct argp_state *state, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 1 || v > INT_MAX || !isdigit((unsigned char)*s))
		argp_error(state, "--max-reports: '%s' is not a whole number from 1 to %d", s,
			   INT_MAX);
	return (int)v;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	struct shequ_err e = {0};
	enum period_kind k;

	switch (key) {
	case OPT_DATE:
		a->date = arg;
		break;
	case OPT_SINCE:
		a->since = arg;
		break;
	case OPT_ONLY:
		if (period_kind_parse(arg, &k, &e))
			argp_error(state, "%s", e.msg);
		a->o.kinds |= 1u << k;
		break;
	case OPT_REDO:
		a->redo = arg;
		break;
	case OPT_CATCH_UP:
		a->catch_up = arg;
		break;
	case OPT_MAX:
		a->max = max_or_error(state, arg);
		break;
	case OPT_OUT:
		a->o.out = arg;
		break;
	case OPT_CSV:
		a->o.csv = 1;
		break;
	case OPT_SYSLOG:
		cli_syslog();
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_SUCCESS:
		if (a->catch_up && a->since)
			argp_error(state, "--catch-up-from and --since do not go together");
		if (a->catch_up && a->max)
			argp_error(state, "--catch-up-from and --max-reports do not go together");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

CLI_ARGP(argp, options, parse_opt, NULL, doc);

/* Say what happened to one report: a line per failure; made ones with -v. */
static void notify(void *ctx, int code, const char *kind, const char *period, const char *msg)
{
	(void)ctx;
	if (code)
		cli_error("%s %s: %s", kind, period, msg);
	else
		cli_verbose("%s %s: made (%s)", kind, period, msg);
}

/* Take the cycle's lock, then open the database into *DB: a second cycle
 * leaves at once (75) instead of waiting out the busy timeout in the open
 * while the first one writes.  A file that cannot be opened to be locked
 * (missing, unreadable, read-only) is opened anyway, for the message and
 * exit code every tool gives it (66, 73). */
static int open_locked(sqlite3 **db, int *lock)
{
	struct shequ_err e = {0};
	int rc = cycle_lock(db_default_path(cli.db), lock, &e), opened;

	if (rc == EX_TEMPFAIL || rc == EX_IOERR)
		return cli_fail(&e);
	if ((opened = cli_open_db(DB_WRITE, db)))
		return opened;
	/* Opened, though it could not be locked a moment ago. */
	return rc ? cli_fail(&e) : 0;
}

static int run(struct args *a)
{
	struct shequ_err e = {0};
	struct cycle_stats st;
	struct period redo;
	sqlite3 *db = NULL;
	int lock = -1, rc;

	a->o.today = a->date ? cli_day_or_exit("--date", a->date) : cli_today_or_exit();
	a->o.since = a->since ? cli_day_or_exit("--since", a->since) : CYCLE_SINCE_FIRST;
	/* A catch-up asked for by day is the one way past the limit. */
	if (a->catch_up)
		a->o.since = cli_day_or_exit("--catch-up-from", a->catch_up);
	a->o.max_reports = a->catch_up ? 0 : a->max ? a->max : CYCLE_MAX_REPORTS;
	a->o.tz = cli.tz;
	a->o.notify = notify;
	if (!a->o.out)
		a->o.out = getenv("SHEQU_REPORTS");
	if (!a->o.out || !*a->o.out)
		a->o.out = "reports";
	if (a->redo) {
		if (period_parse(a->redo, a->o.today, &redo, &e) ||
		    cycle_redo_check(&redo, a->o.today, &e)) {
			cli_error("--redo: %s", e.msg);
			return EX_USAGE;
		}
		a->o.redo = &redo;
	}
	if ((rc = open_locked(&db, &lock)))
		goto out;
	rc = cycle_run(db, &a->o, &st, &e);
	if (rc && e.code)
		cli_fail(&e);
	cli_verbose("%d made, %d made again, %d failed, %d days scanned", st.made, st.regenerated,
		    st.failed, st.scanned);
out:
	db_close(db);
	cycle_unlock(lock);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-cycle");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
