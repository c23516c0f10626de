/* shequ-request - service orders and residents' requests: import, hand
 * entry, the closed loop, and how well each promise was kept. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/actor.h"
#include "base/i18n.h"
#include "common/cli.h"
#include "db/db.h"
#include "domain/period.h"
#include "domain/phone.h"
#include "request/request_hand.h"
#include "request/request_import.h"
#include "request/request_list.h"
#include "request/request_sla.h"
#include "request/request_time.h"

static const char doc[] =
    "Service orders and residents' requests (诉求): import the hotline's and the 12345 "
    "platform's exports, enter them by hand, follow the closed loop, and measure every "
    "stage against its time limit.\v"
    "Commands:\n"
    "  import FILE...    orders (one row per order) or events (one row per event)\n"
    "  open              a new order: --scenario [--source --compound --building --unit\n"
    "                    --room --name --phone --text --number --assignee]; prints its number\n"
    "  assign NUMBER     --to NAME\n"
    "  accept NUMBER     接单         arrive NUMBER     到场\n"
    "  resolve NUMBER    办结         callback NUMBER   回访: --satisfied yes|no [--rating N]\n"
    "  rate NUMBER       --rating N   reopen NUMBER     重办 [--reason TEXT]\n"
    "  pause NUMBER      挂起         resume NUMBER     恢复\n"
    "  close NUMBER      --reason     cancel NUMBER     撤单: --reason\n"
    "  list              CSV of orders [--open | --overdue] [--grid CODE] [--assignee NAME]\n"
    "  history NUMBER    CSV of everything that happened to an order\n"
    "  sla PERIOD        CSV of figures per --by scenario|assignee|grid|source|category\n"
    "Hand events happen --at TIME (default now) --actor NAME (default the login name).\n"
    "Time limits, working hours and the holiday calendar are in share/request/.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad rows (nothing imported), no such order, or a\n"
    "step out of order, 66 no such database or file, 74 I/O error, 75 busy,\n"
    "78 bad configuration in share/.";

static const char args_doc[] = "COMMAND [NUMBER|PERIOD|FILE...]";

enum {
	OPT_SOURCE = 0x100,
	OPT_DRY_RUN,
	OPT_NUMBER,
	OPT_PLATFORM,
	OPT_SCENARIO,
	OPT_COMPOUND,
	OPT_BUILDING,
	OPT_UNIT,
	OPT_ROOM,
	OPT_NAME,
	OPT_PHONE,
	OPT_TEXT,
	OPT_ASSIGNEE,
	OPT_AT,
	OPT_ACTOR,
	OPT_TO,
	OPT_SATISFIED,
	OPT_RATING,
	OPT_REASON,
	OPT_OPEN,
	OPT_OVERDUE,
	OPT_GRID,
	OPT_BY,
	OPT_MIN_ORDERS,
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "import:", 1},
    {"encoding", 'e', "ENC", 0, "input encoding (default: detect UTF-8 or GB18030)", 1},
    {"delimiter", 'd', "C", 0, "field separator (default ',')", 1},
    {"source", OPT_SOURCE, "SOURCE", 0,
     "open, import: hotline, app, platform, walk_in or alert (default hotline)", 1},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "check and report, keep nothing", 1},
    {NULL, 0, NULL, 0, "open:", 2},
    {"scenario", OPT_SCENARIO, "CODE", 0, "scenario or category, by code or name (快递代收)", 2},
    {"number", OPT_NUMBER, "NUMBER", 0, "the order number (default: the next SQ<n>)", 2},
    {"platform-number", OPT_PLATFORM, "NUMBER", 0, "the 12345 platform's order number", 2},
    {"compound", OPT_COMPOUND, "NAME", 0, "the address: compound (小区)", 2},
    {"building", OPT_BUILDING, "B", 0, "building ('3')", 2},
    {"unit", OPT_UNIT, "U", 0, "unit ('1')", 2},
    {"room", OPT_ROOM, "R", 0, "room ('301')", 2},
    {"name", OPT_NAME, "NAME", 0, "who asks (联系人)", 2},
    {"phone", OPT_PHONE, "PHONE", 0, "their phone", 2},
    {"text", OPT_TEXT, "TEXT", 0, "what is asked (内容)", 2},
    {"assignee", OPT_ASSIGNEE, "NAME", 0, "open: who handles it; list: only theirs", 2},
    {NULL, 0, NULL, 0, "the steps of the loop:", 3},
    {"at", OPT_AT, "TIME", 0, "when it happened, or list and sla as of when (default now)", 3},
    {"actor", OPT_ACTOR, "NAME", 0, "who did it (default the login name)", 3},
    {"to", OPT_TO, "NAME", 0, "assign: to whom", 3},
    {"satisfied", OPT_SATISFIED, "yes|no", 0, "callback: the resident's verdict", 3},
    {"rating", OPT_RATING, "N", 0, "callback, rate: 1 to 5", 3},
    {"reason", OPT_REASON, "TEXT", 0, "why (close and cancel need one)", 3},
    {NULL, 0, NULL, 0, "list and sla:", 4},
    {"open", OPT_OPEN, NULL, 0, "list: only open orders", 4},
    {"overdue", OPT_OVERDUE, NULL, 0, "list: only open orders past a time limit", 4},
    {"grid", OPT_GRID, "CODE", 0, "list: only the orders of grid CODE (XFL-01)", 4},
    {"by", OPT_BY, "KEY", 0, "sla: scenario (default), assignee, grid, source or category", 4},
    {"min-orders", OPT_MIN_ORDERS, "N", 0,
     "sla: orders a group needs to be ranked "
     "(default min_orders of request.conf)",
     4},
    {0},
};

struct args {
	const struct command *cmd;
	char **argv; /* the command's arguments */
	int argc;
	const char *encoding, *delim, *source, *number, *platform, *scenario, *compound, *building,
	    *unit, *room, *name, *phone, *text, *assignee, *at, *actor, *to, *satisfied, *rating,
	    *reason, *grid, *by, *min_orders;
	char delim_char; /* --delimiter checked, or 0 for ',' */
	int dry_run, open, overdue;
};

/* What a command does, with the options and database at hand. */
struct run {
	const struct args *a;
	sqlite3 *db;
	struct request_catalogue cat;
	long long now; /* --at for list and sla, else now */
};

/* One command: its name, how many arguments (-1: one or more), the event
 * it records by hand (-1: none), what runs it, and how it opens the
 * database. */
struct command {
	const char *name;
	int nargs;
	int event;
	int (*run)(struct run *r);
	enum db_mode mode;
};

static int cmd_import(struct run *r);
static int cmd_open(struct run *r);
static int cmd_event(struct run *r);
static int cmd_list(struct run *r);
static int cmd_history(struct run *r);
static int cmd_sla(struct run *r);

static const struct command commands[] = {
    {"import", -1, -1, cmd_import, DB_CREATE},
    {"open", 0, -1, cmd_open, DB_WRITE},
    {"assign", 1, REQUEST_ASSIGNED, cmd_event, DB_WRITE},
    {"accept", 1, REQUEST_ACCEPTED, cmd_event, DB_WRITE},
    {"arrive", 1, REQUEST_ON_SITE, cmd_event, DB_WRITE},
    {"resolve", 1, REQUEST_RESOLVED, cmd_event, DB_WRITE},
    {"callback", 1, REQUEST_CALLED_BACK, cmd_event, DB_WRITE},
    {"rate", 1, REQUEST_RATED, cmd_event, DB_WRITE},
    {"reopen", 1, REQUEST_REOPENED, cmd_event, DB_WRITE},
    {"pause", 1, REQUEST_PAUSED, cmd_event, DB_WRITE},
    {"resume", 1, REQUEST_RESUMED, cmd_event, DB_WRITE},
    {"close", 1, REQUEST_CLOSED, cmd_event, DB_WRITE},
    {"cancel", 1, REQUEST_CANCELLED, cmd_event, DB_WRITE},
    {"list", 0, -1, cmd_list, DB_READ},
    {"history", 1, -1, cmd_history, DB_READ},
    {"sla", 1, -1, cmd_sla, DB_READ},
};

/* The options that only store their text, and where. */
static const struct {
	int key;
	size_t off;
} text_opts[] = {
    {'e', offsetof(struct args, encoding)},
    {'d', offsetof(struct args, delim)},
    {OPT_SOURCE, offsetof(struct args, source)},
    {OPT_NUMBER, offsetof(struct args, number)},
    {OPT_PLATFORM, offsetof(struct args, platform)},
    {OPT_SCENARIO, offsetof(struct args, scenario)},
    {OPT_COMPOUND, offsetof(struct args, compound)},
    {OPT_BUILDING, offsetof(struct args, building)},
    {OPT_UNIT, offsetof(struct args, unit)},
    {OPT_ROOM, offsetof(struct args, room)},
    {OPT_NAME, offsetof(struct args, name)},
    {OPT_PHONE, offsetof(struct args, phone)},
    {OPT_TEXT, offsetof(struct args, text)},
    {OPT_ASSIGNEE, offsetof(struct args, assignee)},
    {OPT_AT, offsetof(struct args, at)},
    {OPT_ACTOR, offsetof(struct args, actor)},
    {OPT_TO, offsetof(struct args, to)},
    {OPT_SATISFIED, offsetof(struct args, satisfied)},
    {OPT_RATING, offsetof(struct args, rating)},
    {OPT_REASON, offsetof(struct args, reason)},
    {OPT_GRID, offsetof(struct args, grid)},
    {OPT_BY, offsetof(struct args, by)},
    {OPT_MIN_ORDERS, offsetof(struct args, min_orders)},
};

/* What each command cannot do without, and the one pair that excludes. */
static const struct {
	const char *command;
	size_t off;
	const char *option;
} needed[] = {
    {"open", offsetof(struct args, scenario), "--scenario"},
    {"assign", offsetof(struct args, to), "--to"},
    {"callback", offsetof(struct args, satisfied), "--satisfied"},
    {"rate", offsetof(struct args, rating), "--rating"},
    {"close", offsetof(struct args, reason), "--reason"},
    {"cancel", offsetof(struct args, reason), "--reason"},
};

CLI_COMMANDS(command_table, commands);

/* Checks once every option is read: the command, its arguments, the
 * options it needs, the options that exclude each other. */
static void check_args(struct args *a, struct argp_state *state)
{
	size_t i;

	if (!a->cmd)
		cli_command_needed(state, &command_table);
	if (a->cmd->nargs >= 0 && a->argc != a->cmd->nargs)
		argp_error(state, "%s takes %s", a->cmd->name,
			   a->cmd->nargs ? (strcmp(a->cmd->name, "sla") ? _("an order NUMBER")
									: _("a PERIOD"))
					 : _("no argument"));
	if (a->cmd->nargs < 0 && a->argc < 1)
		argp_error(state, "%s needs a FILE", a->cmd->name);
	for (i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		const char *v = *(const char **)((char *)a + needed[i].off);

		if (!strcmp(a->cmd->name, needed[i].command) && (!v || !*v))
			argp_error(state, "%s needs %s", a->cmd->name, needed[i].option);
	}
	if (a->open && a->overdue)
		argp_error(state, "--open and --overdue do not go together");
	if (a->by && request_by_find(a->by) < 0)
		argp_error(state,
			   "unknown grouping '%s': expected scenario, assignee, grid, source "
			   "or category",
			   a->by);
	if (a->source && strcmp(a->source, "hotline") && strcmp(a->source, "app") &&
	    strcmp(a->source, "platform") && strcmp(a->source, "walk_in") &&
	    strcmp(a->source, "alert"))
		argp_error(state,
			   "unknown source '%s': expected hotline, app, platform, walk_in or "
			   "alert",
			   a->source);
	if (a->satisfied && strcmp(a->satisfied, "yes") && strcmp(a->satisfied, "no"))
		argp_error(state, "unknown verdict '%s': expected yes or no", a->satisfied);
	if (a->delim)
		a->delim_char = cli_delimiter_or_exit(state, a->delim);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	size_t i;

	for (i = 0; i < sizeof text_opts / sizeof text_opts[0]; i++) {
		if (text_opts[i].key == key) {
			*(const char **)((char *)a + text_opts[i].off) = arg;
			return 0;
		}
	}
	switch (key) {
	case OPT_DRY_RUN:
		a->dry_run = 1;
		break;
	case OPT_OPEN:
		a->open = 1;
		break;
	case OPT_OVERDUE:
		a->overdue = 1;
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
static long long time_or_exit(const char *s)
{
	struct shequ_err e = {0};
	long long t;

	if (request_time_parse(s, &t, &e)) {
		cli_error("--at: %s", e.msg);
		exit(EX_USAGE);
	}
	return t;
}

/* The summary line of one imported FILE. */
static void import_summary(const char *file, const struct request_import_stats *st, int dry_run)
{
	const char *how = "";

	if (st->rejected)
		how = _("; nothing imported");
	else if (dry_run)
		how = _(" (dry run: nothing kept)");
	else if (!st->orders_new && !st->orders_changed && !st->events_new)
		how = _("; nothing changed");
	cli_warn("%s: %s: %ld rows read; %ld new orders, %ld changed, %ld events added, %ld rows "
		 "unchanged; %ld rejected%s",
		 file, st->shape, st->rows, st->orders_new, st->orders_changed, st->events_new,
		 st->unchanged, st->rejected, how);
}

static int cmd_import(struct run *r)
{
	const struct args *a = r->a;
	struct request_import_opts o = {.encoding = a->encoding,
					.source = a->source,
					.now = r->now,
					.dry_run = a->dry_run,
					.report = cli_row_rejected};
	int i, status = 0;

	o.delim = a->delim_char;
	for (i = 0; i < a->argc; i++) {
		struct shequ_err e = {0};
		struct request_import_stats st;
		int rc = request_import_file(r->db, &r->cat, a->argv[i], &o, &st, &e);

		if (rc && e.code)
			cli_fail(&e);
		else
			import_summary(a->argv[i], &st, a->dry_run);
		if (rc > status)
			status = rc;
	}
	return status;
}

/* A place option made canonical into BUF (N bytes), or NULL. */
static const char *place(int kind, const char *v, char *buf, size_t n)
{
	if (!v || request_norm_place(kind, v, buf, n))
		return v;
	return buf;
}

static int cmd_open(struct run *r)
{
	const struct args *a = r->a;
	struct request_order_in o = {.number = a->number};
	struct shequ_err e = {0};
	char number[128], phone[64], b[4][256];
	long long at = a->at ? time_or_exit(a->at) : r->now;
	int rc;

	o.attr[REQUEST_A_SOURCE] = a->source ? a->source : "hotline";
	o.attr[REQUEST_A_PLATFORM_NUMBER] = a->platform;
	o.attr[REQUEST_A_SCENARIO] = a->scenario;
	o.attr[REQUEST_A_COMPOUND] = place('c', a->compound, b[0], sizeof b[0]);
	o.attr[REQUEST_A_BUILDING] = place('b', a->building, b[1], sizeof b[1]);
	o.attr[REQUEST_A_UNIT] = place('u', a->unit, b[2], sizeof b[2]);
	o.attr[REQUEST_A_ROOM] = place('r', a->room, b[3], sizeof b[3]);
	o.attr[REQUEST_A_REQUESTER] = a->name;
	if (a->phone) {
		phone_normalize(a->phone, phone, sizeof phone, NULL);
		o.attr[REQUEST_A_PHONE] = phone;
	}
	o.attr[REQUEST_A_CONTENT] = a->text;
	o.attr[REQUEST_A_ASSIGNEE] = a->assignee;
	rc = request_hand_open(r->db, &r->cat, &o, at, actor_name(a->actor), r->now, number,
			       sizeof number, &e);
	if (rc)
		return cli_fail(&e);
	printf("%s\n", number);
	return 0;
}

/* The rating of --rating, 1 to 5, or exit 64. */
static int rating_or_exit(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > 5) {
		cli_error("--rating: expected 1 to 5, got '%s'", s);
		exit(EX_USAGE);
	}
	return (int)v;
}

static int cmd_event(struct run *r)
{
	const struct args *a = r->a;
	struct shequ_err e = {0};
	struct request_event_in ev[2];
	size_t n = 1;
	int k = r->a->cmd->event;

	memset(ev, 0, sizeof ev);
	ev[0].at = a->at ? time_or_exit(a->at) : r->now;
	ev[0].kind = k;
	ev[0].actor = k == REQUEST_ASSIGNED ? a->to : actor_name(a->actor);
	ev[0].note = a->reason;
	ev[0].satisfied = k == REQUEST_CALLED_BACK ? !strcmp(a->satisfied, "yes") : -1;
	if (a->rating && k == REQUEST_RATED)
		ev[0].rating = rating_or_exit(a->rating);
	if (a->rating && k == REQUEST_CALLED_BACK) {
		ev[1] = ev[0];
		ev[1].kind = REQUEST_RATED;
		ev[1].satisfied = -1;
		ev[1].rating = rating_or_exit(a->rating);
		n = 2;
	}
	if (request_hand_event(r->db, a->argv[0], ev, n, k == REQUEST_ASSIGNED ? a->to : NULL,
			       r->now, &e))
		return cli_fail(&e);
	return 0;
}

/* Warn when the day of moment T lies outside the holiday calendar. */
static void warn_calendar(const struct request_catalogue *c, int first, int last)
{
	if (workday_covers(c->cal, first) && workday_covers(c->cal, last))
		return;
	cli_warn("the holiday calendar covers %d to %d only: outside it, working days are "
		 "Monday to Friday (update share/request/holidays.csv)",
		 workday_first_year(c->cal), workday_last_year(c->cal));
}

static int cmd_list(struct run *r)
{
	const struct args *a = r->a;
	struct request_list_filter f = {a->open, a->overdue, a->grid, a->assignee};
	struct shequ_err e = {0};
	int today = (int)(r->now / WORKDAY_DAY_SECONDS);

	warn_calendar(&r->cat, today, today);
	cli_grid_or_exit(r->db, a->grid);
	if (request_list(r->db, &r->cat, r->now, &f, stdout, &e))
		return cli_fail(&e);
	return 0;
}

static int cmd_history(struct run *r)
{
	struct shequ_err e = {0};

	if (request_history(r->db, r->a->argv[0], stdout, &e))
		return cli_fail(&e);
	return 0;
}

/* --min-orders, else min_orders of request.conf; exits 64 when bad. */
static int min_orders(const struct run *r)
{
	char *end;
	long v;

	if (!r->a->min_orders)
		return r->cat.min_orders;
	v = strtol(r->a->min_orders, &end, 10);
	if (!*r->a->min_orders || *end || v < 1 || v > 1000000) {
		cli_error("--min-orders: expected a whole number, got '%s'", r->a->min_orders);
		exit(EX_USAGE);
	}
	return (int)v;
}

static int cmd_sla(struct run *r)
{
	struct shequ_err e = {0};
	struct period p;
	int first, last, by = r->a->by ? request_by_find(r->a->by) : REQUEST_BY_SCENARIO;

	if (period_parse(r->a->argv[0], (int)(r->now / WORKDAY_DAY_SECONDS), &p, &e)) {
		cli_error("%s", e.msg);
		return EX_USAGE;
	}
	period_bounds(&p, &first, &last);
	warn_calendar(&r->cat, first, last);
	if (request_sla(r->db, &r->cat, &p, (enum request_by)by, min_orders(r), r->now, stdout, &e))
		return cli_fail(&e);
	return 0;
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
	if (a->at && (!strcmp(a->cmd->name, "list") || !strcmp(a->cmd->name, "sla")))
		r.now = time_or_exit(a->at);
	if (request_catalogue_load(&r.cat, &e))
		return cli_fail(&e);
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

	cli_init("shequ-request");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
