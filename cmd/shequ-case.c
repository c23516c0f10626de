/* shequ-case - 挂牌督办: hang up problems for supervision, solve, close,
 * escalate and list them. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/actor.h"
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

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case OPT_COMPOUND:
		a->compound = arg;
		break;
	case OPT_BUILDING:
		a->building = arg;
		break;
	case OPT_UNIT:
		a->unit = arg;
		break;
	case OPT_ITEM:
		a->item = arg;
		break;
	case OPT_DESCRIPTION:
		a->description = arg;
		break;
	case OPT_DEADLINE:
		a->deadline = arg;
		break;
	case OPT_REASON:
		a->reason = arg;
		break;
	case OPT_BY:
		a->by = arg;
		break;
	case OPT_DATE:
		a->date = arg;
		break;
	case OPT_GRID:
		a->grid = arg;
		break;
	case OPT_OPEN:
		a->flags |= CASES_OPEN;
		break;
	case OPT_OVERDUE:
		a->flags |= CASES_OVERDUE;
		break;
	case ARGP_KEY_ARG:
		if (!a->command)
			a->command = arg;
		else if (!a->arg && (!strcmp(a->command, "scan") || !strcmp(a->command, "close") ||
				     !strcmp(a->command, "history")))
			a->arg = arg;
		else
			argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_SUCCESS:
		if (!a->command)
			argp_error(state,
				   "a command is needed: scan, open, close, list or history");
		if (strcmp(a->command, "scan") && strcmp(a->command, "open") &&
		    strcmp(a->command, "close") && strcmp(a->command, "list") &&
		    strcmp(a->command, "history"))
			argp_error(state, "unknown command '%s'", a->command);
		if (!strcmp(a->command, "open") &&
		    !(a->compound && a->building && a->unit && a->item && a->description))
			argp_error(state, "open needs --compound, --building, --unit, --item and "
					  "--description");
		if (!strcmp(a->command, "close") && !a->arg)
			argp_error(state, "close needs the case ID");
		if (!strcmp(a->command, "close") && (!a->reason || !*a->reason))
			argp_error(state, "close needs a --reason");
		if ((a->flags & CASES_OPEN) && (a->flags & CASES_OVERDUE))
			argp_error(state, "--open and --overdue do not go together");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

CLI_ARGP(argp, options, parse_opt, args_doc, doc);

/* Parse a day given on the command line, or exit 64. */
static int day_or_exit(const char *s)
{
	struct shequ_err e = {0};
	int d;

	if (day_parse(s, &d, &e)) {
		cli_error("%s", e.msg);
		exit(EX_USAGE);
	}
	return d;
}

/* Parse a case id (digits only), or exit 64: an id too large for any case
 * is refused, never clamped to another number. */
static long long id_or_exit(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || s[strspn(s, "0123456789")] || *end || v <= 0 || errno == ERANGE) {
		cli_error("bad case id '%s'%s", s, errno == ERANGE ? ": too large" : "");
		exit(EX_USAGE);
	}
	return v;
}

/* Who does it: --by, else the acting user (actor.h). */
static const char *actor(const struct args *a)
{
	return actor_name(a->by);
}

static int run(const struct args *a)
{
	struct shequ_err e = {0};
	struct rubric r;
	struct scoring_conf c;
	sqlite3 *db = NULL;
	int today = cli_today_or_exit(), rc;
	const char *cmd = a->command;
	int day = a->date ? day_or_exit(a->date) : today;
	long long id = 0;

	if (!strcmp(cmd, "scan"))
		day = a->arg ? day_or_exit(a->arg) : today - 1;
	if ((!strcmp(cmd, "scan") || !strcmp(cmd, "open")) &&
	    ((rc = rubric_load(&r, &e)) || (rc = scoring_conf_load(&c, &e))))
		return cli_fail(&e);
	if ((rc = cli_open_db(strcmp(cmd, "list") && strcmp(cmd, "history") ? DB_WRITE : DB_READ,
			      &db)))
		return rc;
	if (!strcmp(cmd, "scan")) {
		struct cases_scan_result res;
		char d[11];

		rc = cases_scan(db, &r, &c, day, &res, &e);
		day_format(day, d);
		if (!rc)
			cli_warn("%s: %ld opened, %ld solved, %ld escalated", d, res.opened,
				 res.solved, res.escalated);
	} else if (!strcmp(cmd, "open")) {
		struct cases_new n = {a->compound,
				      a->building,
				      a->unit,
				      a->item,
				      a->description,
				      actor(a),
				      day,
				      a->deadline ? day_or_exit(a->deadline) : INT_MIN};

		rc = cases_open(db, &r, &c, &n, &id, &e);
		if (!rc)
			printf("%lld\n", id);
	} else if (!strcmp(cmd, "close")) {
		rc = cases_close(db, id_or_exit(a->arg), day, actor(a), a->reason, &e);
	} else if (!strcmp(cmd, "list")) {
		rc = cases_list(db, day, a->flags, a->grid, stdout, &e);
	} else {
		rc = cases_history(db, a->arg ? id_or_exit(a->arg) : 0, stdout, &e);
	}
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
