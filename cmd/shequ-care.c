/* shequ-care - 一老一小: the elderly and the small children, who needs what,
 * who was visited, what the places can hold. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "care/care_capacity.h"
#include "care/care_conf.h"
#include "care/care_import.h"
#include "care/care_order.h"
#include "care/care_report.h"
#include "common/cli.h"
#include "db/db.h"
#include "domain/period.h"
#include "request/request_time.h"

static const char doc[] =
    "一老一小 (the elderly and the small children): who is in which category, who is due "
    "for a care visit (探访关爱), visit rates, the services of the home-care station and "
    "the childcare centre, and the places against the norms.\v"
    "Commands:\n"
    "  categories        CSV of the categories, their ages, tags and visit cadence\n"
    "  who               CSV per grid of everyone in a category (--count: how many)\n"
    "  import FILE...    a visits log (探访人) or a service record (服务项目), all or nothing\n"
    "  due [DATE]        CSV per grid and visitor of who is due or overdue (default today)\n"
    "  visits PERIOD     CSV of the visit rate per category and grid\n"
    "  follow-ups PERIOD CSV of the findings that asked for follow-up (--order: open orders)\n"
    "  services PERIOD   CSV per service (--by category: who got nothing)\n"
    "  capacity          CSV of childcare places and elderly-service space against the norms\n"
    "Ages from the ID number on the report day; categories, cadences, services and norms\n"
    "are in share/care/.  Names, ID numbers and phones are masked unless --unmask\n"
    "--reason TEXT (recorded in export_log).\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad rows (nothing imported), 66 no such database or\n"
    "file, 74 I/O error, 75 busy, 78 bad configuration in share/care/.";

static const char args_doc[] = "COMMAND [FILE...|DATE|PERIOD]";

enum {
	OPT_DRY_RUN = 0x100,
	OPT_DATE,
	OPT_CATEGORY,
	OPT_COUNT,
	OPT_BY,
	OPT_ORDER,
	OPT_SCENARIO,
	OPT_UNMASK,
	OPT_REASON
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "import:", 1},
    {"encoding", 'e', "ENC", 0, "input encoding (default: detect UTF-8 or GB18030)", 1},
    {"delimiter", 'd', "C", 0, "field separator (default ',')", 1},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "check and report, keep nothing", 1},
    {NULL, 0, NULL, 0, "lists and reports:", 2},
    {"date", OPT_DATE, "DAY", 0, "who: the day ages are taken on (default today)", 2},
    {"category", OPT_CATEGORY, "CAT", 0, "who: only this category, by code or name (独居)", 2},
    {"count", OPT_COUNT, NULL, 0, "who: how many per grid and category; due: per grid", 2},
    {"by", OPT_BY, "WHAT", 0, "services: per service (default) or category", 2},
    {"order", OPT_ORDER, NULL, 0, "follow-ups: open an order for each that has none", 2},
    {"scenario", OPT_SCENARIO, "CODE", 0, "follow-ups --order: the order's scenario (help)", 2},
    {NULL, 0, NULL, 0, "personal data:", 3},
    {"unmask", OPT_UNMASK, NULL, 0, "names, ID numbers and phones in clear", 3},
    {"reason", OPT_REASON, "TEXT", 0, "why --unmask is needed (recorded)", 3},
    {0},
};

struct command;

struct args {
	const struct command *cmd;
	char **argv;
	int argc;
	const char *encoding, *date, *category, *by, *scenario, *reason;
	char delim;
	int dry_run, count, order, unmask;
};

/* What a command works with. */
struct run {
	const struct args *a;
	sqlite3 *db;
	struct care_conf conf;
	int today;
};

struct command {
	const char *name;
	int min_args, max_args;
	int (*run)(struct run *r);
	enum db_mode mode;
};

static int cmd_categories(struct run *r);
static int cmd_who(struct run *r);
static int cmd_import(struct run *r);
static int cmd_due(struct run *r);
static int cmd_visits(struct run *r);
static int cmd_follow_ups(struct run *r);
static int cmd_services(struct run *r);
static int cmd_capacity(struct run *r);

static const struct command commands[] = {
    {"categories", 0, 0, cmd_categories, DB_READ}, {"who", 0, 0, cmd_who, DB_READ},
    {"import", 1, 1000, cmd_import, DB_WRITE},	   {"due", 0, 1, cmd_due, DB_READ},
    {"visits", 1, 1, cmd_visits, DB_READ},	   {"follow-ups", 1, 1, cmd_follow_ups, DB_READ},
    {"services", 1, 1, cmd_services, DB_READ},	   {"capacity", 0, 0, cmd_capacity, DB_READ},
};

CLI_COMMANDS(command_table, commands);

/* Options and the commands they go with: a table, checked in one place. */
static const struct {
	const char *option;
	size_t offset; /* of the option's field in struct args */
	int is_flag;
	const char *commands; /* space-separated */
} option_use[] = {
    {"--dry-run", offsetof(struct args, dry_run), 1, "import"},
    {"--encoding", offsetof(struct args, encoding), 0, "import"},
    {"--date", offsetof(struct args, date), 0, "who"},
    {"--category", offsetof(struct args, category), 0, "who"},
    {"--count", offsetof(struct args, count), 1, "who due"},
    {"--by", offsetof(struct args, by), 0, "services"},
    {"--order", offsetof(struct args, order), 1, "follow-ups"},
    {"--scenario", offsetof(struct args, scenario), 0, "follow-ups"},
    {"--unmask", offsetof(struct args, unmask), 1, "who due follow-ups"},
};

/* 1 when the word W is in the space-separated LIST. */
static int in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* Every option given goes with the command. */
static void check_option_use(const struct args *a, struct argp_state *state)
{
	size_t i;

	for (i = 0; i < sizeof option_use / sizeof *option_use; i++) {
		const char *at = (const char *)a + option_use[i].offset;
		int given = option_use[i].is_flag ? *(const int *)(const void *)at != 0
						  : *(const char *const *)(const void *)at != NULL;

		if (given && !in_list(option_use[i].commands, a->cmd->name))
			argp_error(state, "%s goes with %s", option_use[i].option,
				   option_use[i].commands);
	}
}

/* Checks once every option is read. */
static void check_args(struct args *a, struct argp_state *state)
{
	if (!a->cmd)
		cli_command_needed(state, &command_table);
	if (a->argc < a->cmd->min_args || a->argc > a->cmd->max_args)
		argp_error(state, "%s takes %s", a->cmd->name,
			   a->cmd->max_args > 1	   ? _("one FILE or more")
			   : a->cmd->min_args	   ? _("one argument")
			   : a->cmd->max_args == 1 ? _("at most one DATE")
						   : _("no argument"));
	check_option_use(a, state);
	if (a->date)
		cli_day_or_exit("--date", a->date);
	if (a->by && strcmp(a->by, "service") && strcmp(a->by, "category"))
		argp_error(state, "--by: unknown grouping '%s': expected service or category",
			   a->by);
	if (a->scenario && !a->order)
		argp_error(state, "--scenario goes with --order");
	if (a->unmask && (!a->reason || !*a->reason))
		argp_error(state, "--unmask needs --reason TEXT (it is recorded)");
	if (a->reason && !a->unmask)
		argp_error(state, "--reason goes with --unmask");
	if (a->count && a->unmask)
		argp_error(state, "--count shows no one: --unmask is not needed");
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
	case OPT_DATE:
		a->date = arg;
		break;
	case OPT_CATEGORY:
		a->category = arg;
		break;
	case OPT_COUNT:
		a->count = 1;
		break;
	case OPT_BY:
		a->by = arg;
		break;
	case OPT_ORDER:
		a->order = 1;
		break;
	case OPT_SCENARIO:
		a->scenario = arg;
		break;
	case OPT_UNMASK:
		a->unmask = 1;
		break;
	case OPT_REASON:
		a->reason = arg;
		break;
	case ARGP_KEY_ARG:
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

/* Record an unmasked list before it is shown: a list that cannot be
 * recorded is not shown. */
static int log_unmasked(struct run *r)
{
	char what[64];
	struct shequ_err e = {0};

	if (!r->a->unmask)
		return 0;
	snprintf(what, sizeof what, "care %s", r->a->cmd->name);
	return care_log_unmasked(r->db, what, r->a->reason, &e) ? cli_fail(&e) : 0;
}

static int cmd_categories(struct run *r)
{
	struct shequ_err e = {0};

	return care_report_categories(&r->conf, stdout, &e) ? cli_fail(&e) : 0;
}

static int cmd_who(struct run *r)
{
	const struct args *a = r->a;
	struct shequ_err e = {0};
	int day = a->date ? cli_day_or_exit("--date", a->date) : r->today, cat = -1, rc;

	if (a->category && (cat = care_category_find(&r->conf, a->category)) < 0) {
		cli_error("--category: unknown category '%s' (shequ-care categories lists them)",
			  a->category);
		return EX_USAGE;
	}
	if (a->count)
		rc = care_report_who_count(r->db, &r->conf, day, stdout, &e);
	else if (!(rc = log_unmasked(r)))
		rc = care_report_who(r->db, &r->conf, day, cat, a->unmask, stdout, &e);
	else
		return rc;
	return rc ? cli_fail(&e) : 0;
}

static int cmd_import(struct run *r)
{
	const struct args *a = r->a;
	struct care_import_opts o = {.encoding = a->encoding,
				     .delim = a->delim,
				     .dry_run = a->dry_run,
				     .today = r->today,
				     .report = cli_row_rejected};
	struct care_import_stats st;
	int i, status = 0;

	for (i = 0; i < a->argc; i++) {
		struct shequ_err e = {0};
		int rc = care_import_file(r->db, &r->conf, a->argv[i], &o, &st, &e);

		if (rc && e.code) {
			status = status ? status : cli_fail(&e);
			continue;
		}
		status = status ? status : rc;
		if (st.rejected)
			cli_warn("%s: %s: %ld rows, %ld rejected; nothing imported", a->argv[i],
				 st.reg, st.rows, st.rejected);
		else
			cli_warn("%s: %s: %ld rows, %ld new, %ld updated, %ld unchanged; 0 "
				 "rejected%s",
				 a->argv[i], st.reg, st.rows, st.inserted, st.updated, st.unchanged,
				 a->dry_run ? _(" (dry run: nothing kept)") : "");
	}
	return status;
}

static int cmd_due(struct run *r)
{
	const struct args *a = r->a;
	struct shequ_err e = {0};
	int day = a->argc ? cli_day_or_exit(NULL, a->argv[0]) : r->today, rc;

	if (a->count)
		rc = care_report_due_grids(r->db, &r->conf, day, stdout, &e);
	else if (!(rc = log_unmasked(r)))
		rc = care_report_due(r->db, &r->conf, day, a->unmask, stdout, &e);
	else
		return rc;
	return rc ? cli_fail(&e) : 0;
}

static int cmd_visits(struct run *r)
{
	struct period p;
	struct shequ_err e = {0};

	cli_period_or_exit(r->a->argv[0], r->today, &p);
	return care_report_visits(r->db, &r->conf, &p, stdout, &e) ? cli_fail(&e) : 0;
}

static int cmd_follow_ups(struct run *r)
{
	const struct args *a = r->a;
	struct period p;
	struct shequ_err e = {0};
	long long now;
	long n;
	int rc;

	cli_period_or_exit(a->argv[0], r->today, &p);
	if ((rc = log_unmasked(r)))
		return rc;
	if (!a->order)
		return care_report_follow_ups(r->db, &p, a->unmask, stdout, &e) ? cli_fail(&e) : 0;
	if (request_now(cli.tz, &now, &e) ||
	    care_order_follow_ups(r->db, &p, a->scenario ? a->scenario : "help", now, a->unmask,
				  stdout, &n, &e))
		return cli_fail(&e);
	cli_warn("%ld orders opened", n);
	return 0;
}

static int cmd_services(struct run *r)
{
	const struct args *a = r->a;
	struct period p;
	struct shequ_err e = {0};
	int by_cat = a->by && !strcmp(a->by, "category");

	cli_period_or_exit(a->argv[0], r->today, &p);
	return care_report_services(r->db, &r->conf, &p, by_cat, stdout, &e) ? cli_fail(&e) : 0;
}

static int cmd_capacity(struct run *r)
{
	struct shequ_err e = {0};

	return care_capacity_report(r->db, &r->conf, stdout, &e) ? cli_fail(&e) : 0;
}

/* Load share/care/, open the database the way the command needs (to
 * write when an unmasked list is to be recorded), run the command. */
static int run(const struct args *a)
{
	struct run r = {.a = a, .today = cli_today_or_exit()};
	struct shequ_err e = {0};
	int rc;

	if (care_conf_load(&r.conf, &e)) {
		care_conf_free(&r.conf);
		return cli_fail(&e);
	}
	rc = cli_open_db(a->unmask || a->order ? DB_WRITE : a->cmd->mode, &r.db);
	if (!rc)
		rc = a->cmd->run(&r);
	db_close(r.db);
	care_conf_free(&r.conf);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-care");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
