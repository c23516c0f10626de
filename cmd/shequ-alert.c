/* shequ-alert - the community's devices: water meters and call buttons of
 * elderly people living alone, manhole covers, falling-object cameras and
 * lamp posts; their readings and events become alerts, and every alert an
 * order of shequ-request. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert_conf.h"
#include "alert/alert_import.h"
#include "alert/alert_order.h"
#include "alert/alert_report.h"
#include "alert/alert_scan.h"
#include "base/actor.h"
#include "base/i18n.h"
#include "common/cli.h"
#include "db/db.h"
#include "request/request_catalogue.h"
#include "request/request_time.h"

static const char doc[] =
    "Watch over elderly people living alone and the community's sensors: import the "
    "device register, readings and events, raise alerts by the rules, and open an order "
    "for each.\v"
    "Commands:\n"
    "  import FILE...  devices (设备编号, 设备类型, ...),\n"
    "                  meter readings (设备编号, 时间, 读数)\n"
    "                  or device events (设备编号, 时间, 事件, 值)\n"
    "  scan            judge what arrived since the last scan: one CSV\n"
    "                  line per new alert, nothing when all is well\n"
    "  close ALERT     --real yes|no --finding TEXT (ALERT: 12 or AL12)\n"
    "  away PERSON     --until DAY [--from DAY]: the resident (ID number)\n"
    "                  is away; their water rules are silent\n"
    "  list            CSV of alerts [--open]\n"
    "  stats PERIOD    CSV of alerts, real and false, median minutes to\n"
    "                  first contact and on site, --by rule or grid\n"
    "The kinds of device and the rules are in share/alert/; the time limits of the\n"
    "orders in share/request/catalogue.csv.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad rows (nothing imported), no such\n"
    "alert or person, 66 no such database or file, 74 I/O error, 75 another\n"
    "scan is running or the database is busy, 78 bad configuration in share/.";

static const char args_doc[] = "COMMAND [FILE...|ALERT|PERSON|PERIOD]";

enum {
	OPT_DRY_RUN = 0x100,
	OPT_AT,
	OPT_FULL,
	OPT_REAL,
	OPT_FINDING,
	OPT_ACTOR,
	OPT_UNTIL,
	OPT_FROM,
	OPT_BY,
	OPT_OPEN,
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "import:", 1},
    {"encoding", 'e', "ENC", 0, "input encoding (default: detect UTF-8 or GB18030)", 1},
    {"delimiter", 'd', "C", 0, "field separator (default ',')", 1},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "check and report, keep nothing", 1},
    {NULL, 0, NULL, 0, "scan:", 2},
    {"full", OPT_FULL, NULL, 0, "judge every reading and event again, not only the new", 2},
    {NULL, 0, NULL, 0, "close and away:", 3},
    {"real", OPT_REAL, "yes|no", 0, "close: whether the alarm was real", 3},
    {"finding", OPT_FINDING, "TEXT", 0, "close: what was found", 3},
    {"until", OPT_UNTIL, "DAY", 0, "away: the last day away", 3},
    {"from", OPT_FROM, "DAY", 0, "away: the first day away (default today)", 3},
    {"actor", OPT_ACTOR, "NAME", 0, "who did it (default the login name)", 3},
    {NULL, 0, NULL, 0, "list and stats:", 4},
    {"open", OPT_OPEN, NULL, 0, "list: only alerts not closed", 4},
    {"by", OPT_BY, "KEY", 0, "stats: rule (default) or grid", 4},
    {NULL, 0, NULL, 0, "every command:", 5},
    {"at", OPT_AT, "TIME", 0, "the moment to act as of (default now)", 5},
    {0},
};

struct args {
	const struct command *cmd;
	char **argv;
	int argc;
	const char *encoding, *at, *real, *finding, *actor, *until, *from, *by;
	char delim;
	int dry_run, full, open;
};

/* What a command does, with the options and database at hand. */
struct run {
	const struct args *a;
	sqlite3 *db;
	struct request_catalogue cat;
	struct alert_conf conf;
	long long now;
};

/* One command: its name, how many arguments (-1: one or more), what runs
 * it, and how it opens the database. */
struct command {
	const char *name;
	int nargs;
	int (*run)(struct run *r);
	enum db_mode mode;
};

static int cmd_import(struct run *r);
static int cmd_scan(struct run *r);
static int cmd_close(struct run *r);
static int cmd_away(struct run *r);
static int cmd_list(struct run *r);
static int cmd_stats(struct run *r);

static const struct command commands[] = {
    {"import", -1, cmd_import, DB_CREATE}, {"scan", 0, cmd_scan, DB_WRITE},
    {"close", 1, cmd_close, DB_WRITE},	   {"away", 1, cmd_away, DB_WRITE},
    {"list", 0, cmd_list, DB_READ},	   {"stats", 1, cmd_stats, DB_READ},
};

CLI_COMMANDS(command_table, commands);

/* Checks once every option is read. */
static void check_args(struct args *a, struct argp_state *state)
{
	if (!a->cmd)
		cli_command_needed(state, &command_table);
	if (a->cmd->nargs >= 0 && a->argc != a->cmd->nargs)
		argp_error(state, "%s takes %s", a->cmd->name,
			   a->cmd->nargs ? _("one argument") : _("no argument"));
	if (a->cmd->nargs < 0 && a->argc < 1)
		argp_error(state, "%s needs a FILE", a->cmd->name);
	if (a->real && strcmp(a->real, "yes") && strcmp(a->real, "no"))
		argp_error(state, "unknown verdict '%s': expected yes or no", a->real);
	if (!strcmp(a->cmd->name, "close") && (!a->real || !a->finding))
		argp_error(state, "close needs --real and --finding");
	if (!strcmp(a->cmd->name, "away") && !a->until)
		argp_error(state, "away needs --until");
	if (a->by && strcmp(a->by, "rule") && strcmp(a->by, "grid"))
		argp_error(state, "unknown grouping '%s': expected rule or grid", a->by);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case 'e':
		a->encoding = arg;
		break;
	case 'd':
		a->delim = cli_delimiter_or_exit(state, arg);
		break;
	case OPT_DRY_RUN:
		a->dry_run = 1;
		break;
	case OPT_AT:
		a->at = arg;
		break;
	case OPT_FULL:
		a->full = 1;
		break;
	case OPT_OPEN:
		a->open = 1;
		break;
	case OPT_REAL:
		a->real = arg;
		break;
	case OPT_FINDING:
		a->finding = arg;
		break;
	case OPT_ACTOR:
		a->actor = arg;
		break;
	case OPT_UNTIL:
		a->until = arg;
		break;
	case OPT_FROM:
		a->from = arg;
		break;
	case OPT_BY:
		a->by = arg;
		break;
	case ARGP_KEY_ARG:
		/* The command; argp hands the words after it to ARGP_KEY_ARGS. */
		if (a->cmd)
			return ARGP_ERR_UNKNOWN;
		a->cmd = cli_command_or_exit(state, &command_table, arg);
		break;
	case ARGP_KEY_ARGS:
		a->argv = state->argv + state->next;
		a->argc = state->argc - state->next;
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

/* Parse a time given on the command line, or exit 64. */
static long long time_or_exit(const char *opt, const char *s)
{
	struct shequ_err e = {0};
	long long t;

	if (request_time_parse(s, &t, &e)) {
		cli_error("%s: %s", opt, e.msg);
		exit(EX_USAGE);
	}
	return t;
}

/* The summary line of one imported FILE. */
static void import_summary(const char *file, const struct alert_import_stats *st, int dry_run)
{
	const char *how = "";

	if (st->rejected)
		how = _("; nothing imported");
	else if (dry_run)
		how = _(" (dry run: nothing kept)");
	else if (!st->added && !st->changed)
		how = _("; nothing changed");
	cli_warn("%s: %s: %ld rows read; %ld new, %ld changed, %ld unchanged; %ld rejected%s", file,
		 st->shape, st->rows, st->added, st->changed, st->unchanged, st->rejected, how);
}

static int cmd_import(struct run *r)
{
	const struct args *a = r->a;
	struct alert_import_opts o = {.encoding = a->encoding,
				      .delim = a->delim,
				      .now = r->now,
				      .dry_run = a->dry_run,
				      .report = cli_row_rejected};
	int i, status = 0;

	for (i = 0; i < a->argc; i++) {
		struct shequ_err e = {0};
		struct alert_import_stats st;
		int rc = alert_import_file(r->db, &r->conf, a->argv[i], &o, &st, &e);

		if (rc && e.code)
			cli_fail(&e);
		else
			import_summary(a->argv[i], &st, a->dry_run);
		if (rc > status)
			status = rc;
	}
	return status;
}

static int cmd_scan(struct run *r)
{
	struct alert_scan_opts o = {.now = r->now, .full = r->a->full};
	struct alert_scan_stats st;
	struct shequ_err e = {0};

	if (alert_scan(r->db, &r->conf, &o, stdout, &st, &e))
		return cli_fail(&e);
	cli_verbose("%ld readings and %ld events read; %ld alerts raised, %ld cleared, %ld "
		    "escalated",
		    st.readings, st.events, st.raised, st.cleared, st.escalated);
	return 0;
}

static int cmd_close(struct run *r)
{
	const struct args *a = r->a;
	struct shequ_err e = {0};
	int rc;

	if ((rc = db_begin(r->db, &e)))
		return cli_fail(&e);
	if ((rc = alert_close(r->db, a->argv[0], !strcmp(a->real, "yes"), a->finding, r->now,
			      actor_name(a->actor), &e)) ||
	    (rc = db_commit(r->db, &e))) {
		db_rollback(r->db);
		return cli_fail(&e);
	}
	return 0;
}

static int cmd_away(struct run *r)
{
	const struct args *a = r->a;
	struct shequ_err e = {0};
	int first = a->from ? cli_day_or_exit("--from", a->from) : (int)(r->now / 86400);
	int last = cli_day_or_exit("--until", a->until);

	if (last < first) {
		cli_error("--until: the last day is before the first");
		return EX_USAGE;
	}
	if (alert_away(r->db, a->argv[0], first, last, actor_name(a->actor), &e))
		return cli_fail(&e);
	return 0;
}

static int cmd_list(struct run *r)
{
	struct shequ_err e = {0};

	if (alert_list(r->db, r->a->open, stdout, &e))
		return cli_fail(&e);
	return 0;
}

static int cmd_stats(struct run *r)
{
	struct shequ_err e = {0};
	struct period p;

	cli_period_or_exit(r->a->argv[0], (int)(r->now / 86400), &p);
	if (alert_stats(r->db, &p, r->a->by && !strcmp(r->a->by, "grid"), stdout, &e))
		return cli_fail(&e);
	return 0;
}

/* Take the scan lock (scan only), or exit 75. */
static int lock_or_exit(const struct args *a)
{
	struct shequ_err e = {0};
	int fd = -1;

	if (strcmp(a->cmd->name, "scan"))
		return -1;
	if (alert_scan_lock(db_default_path(cli.db), &fd, &e))
		exit(cli_fail(&e));
	return fd;
}

/* Load the configuration, settle "now", open the database, run the
 * command. */
static int run(const struct args *a)
{
	struct run r = {.a = a};
	struct shequ_err e = {0};
	int rc;

	cli_today_or_exit(); /* checks --tz and SHEQU_TODAY */
	if (request_now(cli.tz, &r.now, &e))
		return cli_fail(&e);
	if (a->at)
		r.now = time_or_exit("--at", a->at);
	if (request_catalogue_load(&r.cat, &e) || alert_conf_load(&r.conf, &r.cat, &e)) {
		request_catalogue_free(&r.cat);
		return cli_fail(&e);
	}
	lock_or_exit(a);
	rc = cli_open_db(a->cmd->mode, &r.db);
	if (!rc)
		rc = a->cmd->run(&r);
	db_close(r.db);
	request_catalogue_free(&r.cat);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-alert");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
