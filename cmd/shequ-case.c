/* shequ-case - 挂牌督办: hang up problems for supervision, solve, close,
 * escalate and list them. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/actor.h"
#include "base/i18n.h"
#include "common/cli.h"
#include "db/db.h"
#include "domain/period.h"
#include "domain/rubric.h"
#include "domain/scoring_conf.h"
#include "tally/cases.h"

static const char doc[] =
    "Hang up stairwell problems for supervision against a deadline (挂牌督办), and keep "
    "their history.\v"
    "Commands:\n"
    "  scan [DATE]   daily pass: solve cases a later inspection passed, open cases for\n"
    "                items failing case_repeat times in a row or at or below\n"
    "                severe_mark, escalate overdue ones (running it again opens nothing)\n"
    "  open          by hand: --compound, --building, --unit, --item, --description\n"
    "                [--deadline DATE] [--by NAME] [--date DATE]\n"
    "  close ID      by hand: --reason TEXT [--by NAME] [--date DATE]\n"
    "  list          CSV of cases [--open | --overdue] [--grid CODE]\n"
    "  history [ID]  CSV of what happened to a case (or all cases)\n"
    "DATE defaults to yesterday for scan and to today otherwise (in --tz).\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 no such case, place or item, or already open/closed,\n"
    "66 no such database, 74 I/O error, 75 busy, 78 bad configuration in share/.";

static const char args_doc[] = "scan|open|close|list|history [DATE|ID]";

enum {
	OPT_COMPOUND = 0x100,
	OPT_BUILDING,
	OPT_UNIT,
	OPT_ITEM,
	OPT_DESCRIPTION,
	OPT_DEADLINE,
	OPT_BY,
	OPT_DATE,
	OPT_REASON,
	OPT_OPEN,
	OPT_OVERDUE,
	OPT_GRID,
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "open and close:", 1},
    {"compound", OPT_COMPOUND, "NAME", 0, "open: the compound (小区) as stored", 1},
    {"building", OPT_BUILDING, "B", 0, "open: the building ('3')", 1},
    {"unit", OPT_UNIT, "U", 0, "open: the unit ('1')", 1},
    {"item", OPT_ITEM, "ITEM", 0, "open: the rubric item (净 or clean)", 1},
    {"description", OPT_DESCRIPTION, "TEXT", 0, "open: what is wrong", 1},
    {"deadline", OPT_DEADLINE, "DATE", 0, "open: the last day (default: case_deadline_days on)", 1},
    {"reason", OPT_REASON, "TEXT", 0, "close: why it is closed", 1},
    {"by", OPT_BY, "NAME", 0, "open, close: who (default: $USER)", 1},
    {"date", OPT_DATE, "DATE", 0, "open, close, list: the day it happens (default today)", 1},
    {NULL, 0, NULL, 0, "list:", 2},
    {"open", OPT_OPEN, NULL, 0, "only open cases", 2},
    {"overdue", OPT_OVERDUE, NULL, 0, "only open cases past their deadline", 2},
    {"grid", OPT_GRID, "CODE", 0, "only the cases of grid CODE (XFL-01)", 2},
    {0},
};

struct args {
	const char *command, *arg;
	const char *compound, *building, *unit, *item, *description, *deadline, *reason, *by, *date,
	    *grid;
	unsigned flags;
};

/* What a command works with, besides its arguments. */
struct ctx {
	int day;	       /* the day it acts on */
	struct rubric r;       /* the rubric, for scan and open */
	struct scoring_conf c; /* deadlines and marks, for scan and open */
};

typedef int command_fn(sqlite3 *db, const struct args *a, const struct ctx *x, struct shequ_err *e);
static command_fn run_scan, run_open, run_close, run_list, run_history;

/* How many positional arguments a command takes after its name. */
enum { ARG_NONE, ARG_MAY, ARG_MUST };

/* One command: its name, what it takes and needs, and the step that runs it. */
static const struct command {
	const char *name;
	int arg;	 /* ARG_NONE, ARG_MAY or ARG_MUST: the DATE or ID after it */
	int mode;	 /* how it opens the database: DB_WRITE or DB_READ */
	int rules;	 /* whether it needs the rubric and scoring.conf */
	command_fn *run; /* the step */
} commands[] = {
    {"scan", ARG_MAY, DB_WRITE, 1, run_scan},	   {"open", ARG_NONE, DB_WRITE, 1, run_open},
    {"close", ARG_MUST, DB_WRITE, 0, run_close},   {"list", ARG_NONE, DB_READ, 0, run_list},
    {"history", ARG_MAY, DB_READ, 0, run_history},
};

/* The command called NAME, or NULL. */
static const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* The field of A that the option KEY sets to its argument, or NULL. */
static const char **text_field(struct args *a, int key)
{
	switch (key) {
	case OPT_COMPOUND:
		return &a->compound;
	case OPT_BUILDING:
		return &a->building;
	case OPT_UNIT:
		return &a->unit;
	case OPT_ITEM:
		return &a->item;
	case OPT_DESCRIPTION:
		return &a->description;
	case OPT_DEADLINE:
		return &a->deadline;
	case OPT_REASON:
		return &a->reason;
	case OPT_BY:
		return &a->by;
	case OPT_DATE:
		return &a->date;
	case OPT_GRID:
		return &a->grid;
	}
	return NULL;
}

/* Check what the command line asks for as a whole, once it is read. */
static void check_args(const struct args *a, struct argp_state *state)
{
	const struct command *c = command_find(a->command);

	if (!a->command)
		argp_error(state, "a command is needed: scan, open, close, list or history");
	if (!c)
		argp_error(state, "unknown command '%s'", a->command);
	if (c->run == run_open &&
	    !(a->compound && a->building && a->unit && a->item && a->description))
		argp_error(state, "open needs --compound, --building, --unit, --item and "
				  "--description");
	if (c->arg == ARG_MUST && !a->arg)
		argp_error(state, "%s needs the case ID", c->name);
	if (c->run == run_close && (!a->reason || !*a->reason))
		argp_error(state, "close needs a --reason");
	if ((a->flags & CASES_OPEN) && (a->flags & CASES_OVERDUE))
		argp_error(state, "--open and --overdue do not go together");
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	const char **field = text_field(a, key);
	const struct command *c;

	if (field) {
		/* 3号楼 and 1单元 name building 3 and unit 1, as in an import. */
		*field = key == OPT_COMPOUND   ? cli_place(0, arg)
			 : key == OPT_BUILDING ? cli_place('b', arg)
			 : key == OPT_UNIT     ? cli_place('u', arg)
					       : arg;
		return 0;
	}
	switch (key) {
	case OPT_OPEN:
		a->flags |= CASES_OPEN;
		break;
	case OPT_OVERDUE:
		a->flags |= CASES_OVERDUE;
		break;
	case ARGP_KEY_ARG:
		c = command_find(a->command);
		if (!a->command)
			a->command = arg;
		else if (c && c->arg != ARG_NONE && !a->arg)
			a->arg = arg;
		else
			argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_SUCCESS:
		check_args(a, state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

CLI_ARGP(argp, options, parse_opt, args_doc, doc);

/* Parse a case id (digits only), or exit 64: an id too large for any case
 * is refused, never clamped to another number. */
static long long id_or_exit(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || s[strspn(s, "0123456789")] || *end || v <= 0 || errno == ERANGE) {
		cli_error("bad case id '%s'%s", s, errno == ERANGE ? _(": too large") : "");
		exit(EX_USAGE);
	}
	return v;
}

/* scan [DATE]: the daily pass, with a summary on stderr. */
static int run_scan(sqlite3 *db, const struct args *a, const struct ctx *x, struct shequ_err *e)
{
	struct cases_scan_result res;
	int rc = cases_scan(db, &x->r, &x->c, x->day, &res, e);

	(void)a;
	if (!rc)
		cli_warn("%s: %ld opened, %ld solved, %ld escalated", res.day, res.opened,
			 res.solved, res.escalated);
	return rc;
}

/* open: a case by hand; its id on stdout. */
static int run_open(sqlite3 *db, const struct args *a, const struct ctx *x, struct shequ_err *e)
{
	struct cases_new n = {
	    a->compound,    a->building,
	    a->unit,	    a->item,
	    a->description, actor_name(a->by),
	    x->day,	    a->deadline ? cli_day_or_exit(NULL, a->deadline) : INT_MIN};
	long long id = 0;
	int rc = cases_open(db, &x->r, &x->c, &n, &id, e);

	if (!rc)
		printf("%lld\n", id);
	return rc;
}

/* close ID: a case by hand, with a reason. */
static int run_close(sqlite3 *db, const struct args *a, const struct ctx *x, struct shequ_err *e)
{
	return cases_close(db, id_or_exit(a->arg), x->day, actor_name(a->by), a->reason, e);
}

/* list: the cases as CSV. */
static int run_list(sqlite3 *db, const struct args *a, const struct ctx *x, struct shequ_err *e)
{
	cli_grid_or_exit(db, a->grid);
	return cases_list(db, x->day, a->flags, a->grid, stdout, e);
}

/* history [ID]: what happened to a case, or to all, as CSV. */
static int run_history(sqlite3 *db, const struct args *a, const struct ctx *x, struct shequ_err *e)
{
	(void)x;
	return cases_history(db, a->arg ? id_or_exit(a->arg) : 0, stdout, e);
}

/* The day the command acts on: its DATE for scan (default: the day
 * cases_scan_day names), else --date, else today. */
static int command_day(const struct command *c, const struct args *a)
{
	int today = cli_today_or_exit();

	if (c->run == run_scan)
		return a->arg ? cli_day_or_exit(NULL, a->arg) : cases_scan_day(today);
	return a->date ? cli_day_or_exit(NULL, a->date) : today;
}

static int run(const struct args *a)
{
	const struct command *c = command_find(a->command);
	struct shequ_err e = {0};
	struct ctx x;
	sqlite3 *db = NULL;
	int rc;

	x.day = command_day(c, a);
	if (c->rules && ((rc = rubric_load(&x.r, &e)) || (rc = scoring_conf_load(&x.c, &e))))
		return cli_fail(&e);
	if ((rc = cli_open_db(c->mode, &db)))
		return rc;
	rc = c->run(db, a, &x, &e);
	db_close(db);
	if (rc)
		cli_fail(&e);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-case");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
