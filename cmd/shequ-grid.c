/* shequ-grid - partition households into grids, keep them stable, prove coverage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "common/cli.h"
#include "db/db.h"
#include "grid/grid_check.h"
#include "grid/grid_store.h"

static const char doc[] =
    "Partition every current household into grids of --min to --max households "
    "(网格), keep them stable between runs, and prove full coverage.\v"
    "Without --check: divide (first run) or update the grids, store them and print "
    "one CSV row per grid; a summary goes to stderr.  --check prints one CSV row per "
    "coverage problem and exits 65 when there is any.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 --check found problems, 66 no such database,\n"
    "74 I/O error, 75 busy, 78 schema newer than this shequ.";

static const char args_doc[] = "";

enum { OPT_MIN = 0x200, OPT_MAX, OPT_RESET, OPT_DRY_RUN, OPT_MEMBERS, OPT_CHECK };

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "Bounds:", 1},
    {"min", OPT_MIN, "N", 0, "fewest households in a grid (default 300)", 1},
    {"max", OPT_MAX, "N", 0, "most households in a grid (default 500)", 1},
    {NULL, 0, NULL, 0, "Partition:", 2},
    {"reset", OPT_RESET, NULL, 0, "divide from scratch instead of keeping the grids", 2},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "show the plan, store nothing", 2},
    {"members", OPT_MEMBERS, NULL, 0,
     "print one row per household (compound,building,unit,room,grid) instead of grids", 2},
    {NULL, 0, NULL, 0, "Coverage:", 3},
    {"check", OPT_CHECK, NULL, 0,
     "report households, grids and staff that break full coverage; exit 65 if any", 3},
    {0},
};

struct args {
	int min, max;
	int reset, dry_run, members, check;
};

/* Parse a bound: a whole number 1..1000000, else a usage error. */
static int parse_bound(struct argp_state *state, const char *opt, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 1 || v > 1000000)
		argp_error(state, "%s: '%s' is not a number of households (1 to 1000000)", opt,
			   arg);
	return (int)v;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case OPT_MIN:
		a->min = parse_bound(state, "--min", arg);
		break;
	case OPT_MAX:
		a->max = parse_bound(state, "--max", arg);
		break;
	case OPT_RESET:
		a->reset = 1;
		break;
	case OPT_DRY_RUN:
		a->dry_run = 1;
		break;
	case OPT_MEMBERS:
		a->members = 1;
		break;
	case OPT_CHECK:
		a->check = 1;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_SUCCESS:
		if (a->min > a->max)
			argp_error(state, "--min %d is larger than --max %d", a->min, a->max);
		if (a->check && (a->reset || a->dry_run || a->members))
			argp_error(state,
				   "--check does not go with --reset, --dry-run or --members");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

CLI_ARGP(argp, options, parse_opt, args_doc, doc);

/* --check: findings on stdout, a count on stderr, 65 when any. */
static int run_check(sqlite3 *db, const struct args *a)
{
	struct shequ_err e = {0};
	long findings = 0;
	int rc = grid_check_run(db, a->min, a->max, stdout, &findings, &e);

	if (rc)
		return cli_fail(&e);
	if (findings) {
		cli_error("%ld coverage problem%s found", findings, findings == 1 ? "" : "s");
		return EX_DATAERR;
	}
	return 0;
}

/* Say what the run did: grids against the lower bound, moves, and every
 * grid out of bounds with its reason. */
static void summarise(const struct grid_plan *p, const struct args *a)
{
	const struct gp_output *o = &p->out;
	char note[256];

	for (size_t g = 0; g < o->ngrids; g++)
		if (grid_store_note(p, g, note, sizeof note))
			cli_warn("%s", note);
	if (o->crossing)
		snprintf(note, sizeof note, "; %ld grid%s across compound lines", o->crossing,
			 o->crossing == 1 ? "" : "s");
	else
		note[0] = '\0';
	cli_warn("%zu grids (lower bound %ld) for %ld households; %ld changed grid (%.1f%%), "
		 "%ld newly placed%s%s",
		 o->ngrids, o->lower_bound, o->households, o->moved,
		 o->households ? 100.0 * o->moved / o->households : 0.0, o->placed, note,
		 a->dry_run ? _("; dry run, nothing stored") : "");
}

/* Partition: load, divide, store (unless --dry-run), print. */
static int run_partition(sqlite3 *db, const struct args *a)
{
	struct shequ_err e = {0};
	struct grid_plan p;
	int today = cli_today_or_exit();
	int rc = db_begin(db, &e);

	if (rc)
		return cli_fail(&e);
	rc = grid_store_load(db, today, a->min, a->max, a->reset, &p, &e);
	if (!rc)
		rc = grid_store_divide(&p, &e);
	if (!rc && !a->dry_run)
		rc = grid_store_save(db, &p, &e);
	if (!rc && !a->dry_run)
		rc = db_commit(db, &e);
	else
		db_rollback(db);
	if (!rc)
		rc = a->members ? grid_store_write_members(db, &p, stdout, &e)
				: grid_store_write_grids(db, &p, stdout, &e);
	if (!rc)
		summarise(&p, a);
	grid_store_free(&p);
	return rc ? cli_fail(&e) : 0;
}

static int run(const struct args *a)
{
	sqlite3 *db = NULL;
	int rc = cli_open_db(a->check ? DB_READ : DB_WRITE, &db);

	if (rc)
		return rc;
	rc = a->check ? run_check(db, a) : run_partition(db, a);
	db_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {300, 500, 0, 0, 0, 0};

	cli_init("shequ-grid");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
