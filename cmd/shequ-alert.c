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
#include "common/cli.h"
#include "db/db.h"
#include "request/request_catalogue.h"
#include "request/request_time.h"

static const char doc[] =
    "Watch over elderly people living alone and the community's sensors: import the "
    "device register, readings and events, raise alerts by the rules, and open an order "
    "for each.\v"
    "Commands:\n"
    "  import FILE...    devices (设备编号, 设备类型, ...), meter readings (设备编号, 时间,\n"
    "                    读数) or device events (设备编号, 时间, 事件, 值)\n"
    "The kinds of device and the rules are in share/alert/; the time limits of the\n"
    "orders in share/request/catalogue.csv.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad rows (nothing imported), 66 no such database\n"
    "or file, 74 I/O error, 75 busy, 78 bad configuration in share/.";

static const char args_doc[] = "COMMAND [FILE...]";

enum {
	OPT_DRY_RUN = 0x100,
	OPT_AT,
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "import:", 1},
    {"encoding", 'e', "ENC", 0, "input encoding (default: detect UTF-8 or GB18030)", 1},
    {"delimiter", 'd', "C", 0, "field separator (default ',')", 1},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "check and report, keep nothing", 1},
    {NULL, 0, NULL, 0, "every command:", 2},
    {"at", OPT_AT, "TIME", 0, "the moment to act as of (default now)", 2},
    {0},
};

struct args {
	const struct command *cmd;
	char **argv;
	int argc;
	const char *encoding, *at;
	char delim;
	int dry_run;
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

static const struct command commands[] = {
    {"import", -1, cmd_import, DB_CREATE},
};

static const char command_list[] = "import";

/* The command named S, or NULL. */
static const struct command *command_find(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, s))
			return &commands[i];
	return NULL;
}

/* Checks once every option is read. */
static void check_args(struct args *a, struct argp_state *state)
{
	if (!a->cmd)
		argp_error(state, "a command is needed: %s", command_list);
	if (a->cmd->nargs >= 0 && a->argc != a->cmd->nargs)
		argp_error(state, "%s takes %s", a->cmd->name,
			   a->cmd->nargs ? "one argument" : "no argument");
	if (a->cmd->nargs < 0 && a->argc < 1)
		argp_error(state, "%s needs a FILE", a->cmd->name);
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
	case ARGP_KEY_ARG:
		/* The command; argp hands the words after it to ARGP_KEY_ARGS. */
		if (a->cmd)
			return ARGP_ERR_UNKNOWN;
		if (!(a->cmd = command_find(arg)))
			argp_error(state, "unknown command '%s': expected %s", arg, command_list);
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

/* Print a rejected row (see alert_report_fn). */
static void report(void *ctx, const char *file, long line, const char *column, const char *reason)
{
	(void)ctx;
	cli_error("%s:%ld: %s%s%s", file, line, column ? column : "", column ? ": " : "", reason);
}

/* The summary line of one imported FILE. */
static void import_summary(const char *file, const struct alert_import_stats *st, int dry_run)
{
	const char *how = "";

	if (st->rejected)
		how = "; nothing imported";
	else if (dry_run)
		how = " (dry run: nothing kept)";
	else if (!st->added && !st->changed)
		how = "; nothing changed";
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
				      .report = report};
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
