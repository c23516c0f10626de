/* shequ-import - read the roster and the registers from CSV into the database. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "common/cli.h"
#include "db/db.h"
#include "domain/period.h"
#include "import/import.h"

static const char doc[] =
    "Import the resident roster (人口信息表), the buildings, the stairwell "
    "inspections or the grid staff from CSV files (UTF-8 or GB18030, Chinese or "
    "English headers) into the database.  Good rows are committed in one "
    "transaction; each bad row is reported as FILE:LINE: column: reason.  With no "
    "FILE, or when FILE is -, read standard input.\v"
    "Tables: residents, buildings, inspections, staff (guessed from the header when\n"
    "-t is not given).\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 rows rejected or bad file, 66 no such file,\n"
    "73 cannot create the rejects file, 74 I/O error, 75 database busy,\n"
    "78 bad configuration or schema newer than this shequ.";

static const char args_doc[] = "[FILE...]";

enum {
	OPT_COLUMNS = 0x200,
	OPT_SYNC,
	OPT_STRICT,
	OPT_DRY_RUN,
	OPT_REJECTS,
	OPT_NOT_BEFORE,
	OPT_NOT_AFTER
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "What to read:", 1},
    {"table", 't', "TABLE", 0, "residents, buildings, inspections or staff", 1},
    {"encoding", 'e', "ENC", 0, "utf-8, gb18030 (gbk), utf-16 (default: detect)", 1},
    {"delimiter", 'd', "CHAR", 0, "field separator (default ','; '\\t' for tab)", 1},
    {"no-header", 'H', NULL, 0, "the first row is data; name the columns with --columns", 1},
    {"columns", OPT_COLUMNS, "LIST", 0, "comma-separated column names, with -H", 1},
    {NULL, 0, NULL, 0, "How to import:", 2},
    {"sync", OPT_SYNC, NULL, 0,
     "the file is the whole roster of its compounds: mark the others moved out", 2},
    {"strict", OPT_STRICT, NULL, 0, "commit nothing when any row is rejected", 2},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "check and report, commit nothing", 2},
    {"rejects", OPT_REJECTS, "FILE", 0, "write the rejected rows to FILE as CSV", 2},
    {"not-before", OPT_NOT_BEFORE, "DATE", 0,
     "inspections dated before DATE are rejected (default: January 1 of the year before the "
     "first import)",
     2},
    {"not-after", OPT_NOT_AFTER, "DATE", 0,
     "inspections dated after DATE are rejected (default: tomorrow)", 2},
    {0},
};

struct args {
	struct import_opts o;
	char **files;
	int nfiles;
};

/* The table named by -t; a name no importer knows is a usage error, caught
 * before any file is opened. */
static const char *table_or_exit(struct argp_state *state, const char *arg)
{
	if (strcmp(arg, "residents") && strcmp(arg, "buildings") && strcmp(arg, "inspections") &&
	    strcmp(arg, "staff"))
		argp_error(state, "unknown table '%s' (residents, buildings, inspections, staff)",
			   arg);
	return arg;
}

/* Options that only make sense together, or not at all together, are checked
 * once all are read, so their order on the command line does not matter. */
static void check_together(struct argp_state *state, const struct args *a)
{
	if (a->o.no_header && !a->o.columns)
		argp_error(state, "-H/--no-header needs --columns");
	if (a->o.columns && !a->o.no_header)
		argp_error(state, "--columns goes with -H/--no-header");
	if (a->o.sync && a->o.table && strcmp(a->o.table, "residents"))
		argp_error(state, "--sync is for the residents table");
	if (a->o.rejects && a->nfiles > 1)
		argp_error(state, "--rejects takes one input FILE");
	if (a->o.not_before && a->o.not_after && a->o.not_before > a->o.not_after)
		argp_error(state, "--not-before is after --not-after");
}

/* Store each option where import_opts wants it; checks that need all options
 * wait for ARGP_KEY_SUCCESS. */
static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case 't':
		a->o.table = table_or_exit(state, arg);
		break;
	case 'e':
		a->o.encoding = arg;
		break;
	case 'd':
		a->o.delim = cli_delimiter_or_exit(state, arg);
		break;
	case 'H':
		a->o.no_header = 1;
		break;
	case OPT_COLUMNS:
		a->o.columns = arg;
		break;
	case OPT_SYNC:
		a->o.sync = 1;
		break;
	case OPT_STRICT:
		a->o.strict = 1;
		break;
	case OPT_DRY_RUN:
		a->o.dry_run = 1;
		break;
	case OPT_REJECTS:
		a->o.rejects = arg;
		break;
	case OPT_NOT_BEFORE:
		a->o.not_before = cli_day_or_exit("--not-before", arg);
		break;
	case OPT_NOT_AFTER:
		a->o.not_after = cli_day_or_exit("--not-after", arg);
		break;
	case ARGP_KEY_ARGS:
		a->files = state->argv + state->next;
		a->nfiles = state->argc - state->next;
		break;
	case ARGP_KEY_SUCCESS:
		check_together(state, a);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

CLI_ARGP(argp, options, parse_opt, args_doc, doc);

/* Print a rejected row or a warning (see import_report_fn). */
static void report(void *ctx, enum import_event ev, const char *file, long line, const char *column,
		   const char *reason)
{
	char where[64] = "";

	(void)ctx;
	if (line)
		snprintf(where, sizeof where, ":%ld", line);
	if (ev == IMPORT_REJECT)
		cli_error("%s%s: %s%s%s", file, where, column ? column : "", column ? ": " : "",
			  reason);
	else if (ev == IMPORT_WARN)
		cli_warn("%s%s: %s%s%s", file, where, column ? column : "", column ? ": " : "",
			 reason);
	else
		cli_warn("%s: %s%s", file,
			 ev == IMPORT_NOTE && line ? _("unknown columns ignored: ") : "", reason);
}

/* When the progress display started, for rows per second. */
static struct timespec started;

/* Show bytes and rows per second on the terminal. */
static void progress(void *ctx, long long bytes, long rows)
{
	struct timespec now;
	double secs;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) / 1e9;
	fprintf(stderr, "\r%s: %.1f MB, %ld rows, %.0f rows/s ", cli_progname(), bytes / 1e6, rows,
		secs > 0 ? rows / secs : 0.0);
}

/* The summary line of one file. */
static void summary(const char *file, const struct import_stats *st, const struct import_opts *o)
{
	const char *how = "";
	char skipped[64] = "";

	if (o->dry_run)
		how = " (dry run: nothing committed)";
	else if (!st->committed)
		how = " (--strict: nothing committed)";
	if (st->skipped)
		snprintf(skipped, sizeof skipped, "; %ld blank rows skipped", st->skipped);
	if (!strcmp(st->table, "residents"))
		cli_warn("%s: %s: %ld rows read; %ld inserted, %ld updated, %ld unchanged, "
			 "%ld moved out; %ld new households; %ld rejected%s%s%s",
			 file, st->table, st->rows, st->inserted, st->updated, st->unchanged,
			 st->moved_out, st->households, st->rejected, skipped,
			 st->inserted + st->updated + st->moved_out ? "" : _("; nothing changed"),
			 how);
	else
		cli_warn("%s: %s: %ld rows read; %ld inserted, %ld updated, %ld unchanged; "
			 "%ld rejected%s%s%s",
			 file, st->table, st->rows, st->inserted, st->updated, st->unchanged,
			 st->rejected, skipped,
			 st->inserted + st->updated ? "" : _("; nothing changed"), how);
}

/* Import one file; its exit status. */
static int import_one(sqlite3 *db, const char *file, struct import_opts *o)
{
	struct shequ_err e = {0};
	struct import_stats st;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &started);
	rc = import_file(db, file, o, &st, &e);
	if (o->progress)
		fputs("\r\033[K", stderr);
	/* E is filled only when the file failed as a whole. */
	if (rc && e.code)
		return cli_fail(&e);
	summary(strcmp(file, "-") ? file : "-", &st, o);
	return rc;
}

static int run(struct args *a)
{
	static char *stdin_only[] = {"-"};
	struct shequ_err e = {0};
	sqlite3 *db = NULL;
	int rc, status = 0, i;

	if (!a->nfiles) {
		a->files = stdin_only;
		a->nfiles = 1;
	}
	a->o.today = cli_today_or_exit();
	/* Today by the clock as well (0, unknown, if it cannot be told). */
	if (day_of_time_in_tz(time(NULL), cli.tz, &a->o.clock_today, &e))
		a->o.clock_today = 0;
	a->o.report = report;
	if (isatty(STDERR_FILENO) && !cli.quiet)
		a->o.progress = progress;
	if ((rc = cli_open_db(DB_CREATE, &db)))
		return rc;
	for (i = 0; i < a->nfiles; i++) {
		rc = import_one(db, a->files[i], &a->o);
		if (rc && (!status || status == EX_DATAERR))
			status = rc;
	}
	db_close(db);
	return status;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-import");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
