/* shequ-reach - the 15-minute life circle: walking time from every
 * building to the nearest facility of every kind, coverage by group of
 * people, gaps, the best new sites, the load, and a map per kind. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "common/cli.h"
#include "db/db.h"
#include "domain/period.h"
#include "reach/reach.h"
#include "reach/reach_import.h"
#include "reach/reach_map.h"
#include "reach/reach_net.h"
#include "reach/reach_report.h"

static const char doc[] =
    "The 15-minute life circle (十五分钟便民生活圈): how many minutes on foot every building "
    "is from the nearest facility of every kind, and who lives outside each kind's tier.\v"
    "Commands:\n"
    "  import FILE   the facility register (名称, 类型, x and y or 经度 and 纬度, 容量, ...);\n"
    "                it replaces the register\n"
    "  kinds         CSV of the kinds of facility, their tiers and whom they serve\n"
    "  buildings     CSV: minutes from each building to the nearest facility of each kind\n"
    "  coverage      CSV: households and people inside each tier, per grid and in all\n"
    "  gaps          CSV: buildings outside each tier, most people first\n"
    "  site          CSV: the buildings where a new facility would help most\n"
    "  load          CSV: each facility's catchment against its capacity\n"
    "  map           one SVG map per kind, into --output (default .) as KIND.svg\n"
    "Walking: straight line x --detour at --speed; ages on --date (default today).\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad rows (nothing imported), 66 no such database\n"
    "or file, 73 cannot write a map, 74 I/O error, 75 busy, 78 bad share/reach/kinds.csv.";

static const char args_doc[] = "COMMAND [FILE]";

enum {
	OPT_DRY_RUN = 0x100,
	OPT_KIND,
	OPT_SPEED,
	OPT_DETOUR,
	OPT_DATE,
	OPT_TOP,
	OPT_NODES,
	OPT_EDGES
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "import:", 1},
    {"encoding", 'e', "ENC", 0, "input encoding (default: detect UTF-8 or GB18030)", 1},
    {"delimiter", 'd', "C", 0, "field separator (default ',')", 1},
    {"dry-run", OPT_DRY_RUN, NULL, 0, "check and report, keep nothing", 1},
    {NULL, 0, NULL, 0, "reports and maps:", 2},
    {"kind", OPT_KIND, "KIND", 0, "only this kind, by code or name (幼儿园)", 2},
    {"speed", OPT_SPEED, "M", 0, "walking speed in metres a minute (default 70)", 2},
    {"detour", OPT_DETOUR, "F", 0, "walking length over the straight line (default 1.2)", 2},
    {"date", OPT_DATE, "DAY", 0, "the day ages are taken on (default today)", 2},
    {"top", OPT_TOP, "N", 0, "site: how many sites of each kind (default 5)", 2},
    {"output", 'o', "DIR", 0, "map: the folder the maps go into (default .; - for standard output)",
     2},
    {NULL, 0, NULL, 0, "a walking network instead of the straight line:", 3},
    {"nodes", OPT_NODES, "FILE", 0, "the network's nodes: id,x,y (or id,lon,lat)", 3},
    {"edges", OPT_EDGES, "FILE", 0, "its edges: from,to,length in metres (walked both ways)", 3},
    {0},
};

struct command;

struct args {
	const struct command *cmd;
	char **argv;
	int argc;
	const char *encoding, *delim, *kind, *date, *output, *nodes, *edges;
	double speed, detour;
	int dry_run, top;
};

/* What a command works with. */
struct run {
	const struct args *a;
	sqlite3 *db;
	struct reach_catalogue cat;
	struct reach_params p;
	int kind;
};

struct command {
	const char *name;
	int nargs;
	int (*run)(struct run *r);
	enum db_mode mode;
};

static int cmd_import(struct run *r);
static int cmd_kinds(struct run *r);
static int cmd_report(struct run *r);

static const struct command commands[] = {
    {"import", 1, cmd_import, DB_CREATE},  {"kinds", 0, cmd_kinds, DB_READ},
    {"buildings", 0, cmd_report, DB_READ}, {"coverage", 0, cmd_report, DB_READ},
    {"gaps", 0, cmd_report, DB_READ},	   {"site", 0, cmd_report, DB_READ},
    {"load", 0, cmd_report, DB_READ},	   {"map", 0, cmd_report, DB_READ},
};

CLI_COMMANDS(command_table, commands);

/* A positive number of option OPT from S, within LO..HI, or a usage error. */
static double number_or_exit(struct argp_state *state, const char *opt, const char *s, double lo,
			     double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !(v >= lo && v <= hi))
		argp_error(state, "%s: expected a number from %g to %g, got '%s'", opt, lo, hi, s);
	return v;
}

/* Checks once every option is read. */
static void check_args(struct args *a, struct argp_state *state)
{
	if (!a->cmd)
		cli_command_needed(state, &command_table);
	if (a->argc != a->cmd->nargs)
		argp_error(state, "%s takes %s", a->cmd->name,
			   a->cmd->nargs ? _("a FILE") : _("no argument"));
	if (a->delim && strlen(a->delim) != 1 && strcmp(a->delim, "\\t"))
		argp_error(state, "--delimiter takes one character");
	if (a->date)
		cli_day_or_exit("--date", a->date);
	if (!a->nodes != !a->edges)
		argp_error(state, "--nodes and --edges go together");
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case 'e':
		a->encoding = arg;
		break;
	case 'd':
		a->delim = arg;
		break;
	case 'o':
		a->output = arg;
		break;
	case OPT_DRY_RUN:
		a->dry_run = 1;
		break;
	case OPT_KIND:
		a->kind = arg;
		break;
	case OPT_DATE:
		a->date = arg;
		break;
	case OPT_NODES:
		a->nodes = arg;
		break;
	case OPT_EDGES:
		a->edges = arg;
		break;
	case OPT_SPEED:
		a->speed = number_or_exit(state, "--speed", arg, 10, 200);
		break;
	case OPT_DETOUR:
		a->detour = number_or_exit(state, "--detour", arg, 1, 5);
		break;
	case OPT_TOP:
		a->top = (int)number_or_exit(state, "--top", arg, 1, 1000);
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

static int cmd_import(struct run *r)
{
	const struct args *a = r->a;
	struct reach_import_opts o = {
	    .encoding = a->encoding, .dry_run = a->dry_run, .report = cli_row_rejected};
	struct reach_import_stats st;
	struct shequ_err e = {0};
	int rc;

	if (a->delim)
		o.delim = strcmp(a->delim, "\\t") ? a->delim[0] : '\t';
	rc = reach_import_file(r->db, &r->cat, a->argv[0], &o, &st, &e);
	if (rc && e.code)
		return cli_fail(&e);
	cli_warn("%s: %ld rows read, %s; %ld rejected%s", a->argv[0], st.rows,
		 st.lonlat ? _("longitude and latitude") : _("planar metres"), st.rejected,
		 st.rejected  ? _("; nothing imported")
		 : a->dry_run ? _(" (dry run: nothing kept)")
			      : "");
	return rc;
}

static int cmd_kinds(struct run *r)
{
	struct shequ_err e = {0};

	if (reach_report_kinds(&r->cat, stdout, &e))
		return cli_fail(&e);
	return 0;
}

/* Write the map of kind K into the folder --output; EX_CANTCREAT when the
 * file cannot be made. */
static int write_map(const struct run *r, const struct reach_view *v, size_t k)
{
	char path[4096];
	struct shequ_err e = {0};
	FILE *f;
	int rc;

	if (r->a->output && !strcmp(r->a->output, "-"))
		return reach_map_svg(v, k, stdout, &e) ? cli_fail(&e) : 0;
	snprintf(path, sizeof path, "%s/%s.svg", r->a->output ? r->a->output : ".",
		 r->cat.kind[k].code);
	if (!(f = fopen(path, "w"))) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return EX_CANTCREAT;
	}
	rc = reach_map_svg(v, k, f, &e);
	if (fclose(f) && !rc)
		rc = shequ_err_set(&e, EX_IOERR, "writing %s: %s", path, strerror(errno));
	if (rc)
		return cli_fail(&e);
	cli_verbose("%s", path);
	return 0;
}

/* Every map the view covers. */
static int write_maps(const struct run *r, const struct reach_view *v)
{
	size_t k;
	int rc = 0, n = 0;

	/* -o -: one map on standard output, not several run together. */
	for (k = 0; k < r->cat.n; k++)
		n += reach_view_has(v, k);
	if (n != 1 && r->a->output && !strcmp(r->a->output, "-")) {
		cli_error("-o -: %d maps; standard output takes one: choose it with --kind", n);
		return EX_USAGE;
	}
	n = 0;
	for (k = 0; k < r->cat.n && !rc; k++)
		if (reach_view_has(v, k)) {
			rc = write_map(r, v, k);
			n++;
		}
	if (!rc && !(r->a->output && !strcmp(r->a->output, "-")))
		cli_warn("%d maps written to %s", n, r->a->output ? r->a->output : ".");
	return rc;
}

/* Run the report the command names on the view V. */
static int dispatch(const struct run *r, const struct reach_view *v)
{
	const char *c = r->a->cmd->name;
	struct shequ_err e = {0};
	int rc;

	if (!strcmp(c, "map"))
		return write_maps(r, v);
	if (!strcmp(c, "buildings"))
		rc = reach_report_buildings(v, stdout, &e);
	else if (!strcmp(c, "coverage"))
		rc = reach_report_coverage(v, stdout, &e);
	else if (!strcmp(c, "gaps"))
		rc = reach_report_gaps(v, stdout, &e);
	else if (!strcmp(c, "site"))
		rc = reach_report_site(v, r->a->top ? r->a->top : 5, stdout, &e);
	else
		rc = reach_report_load(v, stdout, &e);
	return rc ? cli_fail(&e) : 0;
}

/* The nearest facilities along the network of --nodes and --edges; the
 * lengths are walked as they are (a detour of 1). */
static int network_reach(struct run *r, const struct reach_world *w, struct reach_result *res)
{
	struct reach_net *n = NULL;
	struct shequ_err e = {0};
	long *cut = calloc(r->cat.n + 1, sizeof *cut);
	size_t k;
	int rc;

	if (!cut)
		return shequ_err_set(&e, EX_SOFTWARE, "out of memory"), cli_fail(&e);
	rc = reach_net_load(r->a->nodes, r->a->edges, w->lonlat, cli_row_rejected, &n, &e);
	if (!rc)
		rc = reach_net_compute(n, w, r->cat.n, res, cut, &e);
	if (rc == EX_DATAERR && !e.code)
		cli_error("%s, %s: bad rows: the network is not used", r->a->nodes, r->a->edges);
	else if (rc)
		cli_fail(&e);
	for (k = 0; !rc && k < r->cat.n; k++)
		if (cut[k] && (r->kind < 0 || (size_t)r->kind == k))
			cli_warn("%ld buildings with residents have no path on the network to a %s",
				 cut[k], r->cat.kind[k].name);
	r->p.detour = 1.0;
	reach_net_free(n);
	free(cut);
	return rc;
}

static int cmd_report(struct run *r)
{
	struct reach_world w;
	struct reach_result res = {0};
	struct reach_view v = {.w = &w, .c = &r->cat, .p = &r->p, .r = &res, .kind = r->kind};
	struct shequ_err e = {0};
	int rc = reach_world_load(r->db, &r->cat, &r->p, &w, &e);

	if (!rc)
		rc = r->a->nodes ? network_reach(r, &w, &res)
				 : reach_compute(&w, r->cat.n, &res, &e);
	if (rc) {
		if (e.code)
			cli_fail(&e);
	} else {
		if (!w.nf)
			cli_warn(
			    "the facility register is empty: import one with shequ-reach import");
		if (w.no_xy)
			cli_warn("%ld buildings with residents have no coordinates: they count as "
				 "outside every tier",
				 w.no_xy);
		rc = dispatch(r, &v);
	}
	reach_result_free(&res);
	reach_world_free(&w);
	return rc;
}

/* Settle the kind, the walking and the day; load the catalogue; open the
 * database; run the command. */
static int run(const struct args *a)
{
	struct run r = {.a = a, .kind = -1};
	struct shequ_err e = {0};
	int day = a->date ? cli_day_or_exit("--date", a->date) : cli_today_or_exit(), rc;

	r.p.speed = a->speed ? a->speed : REACH_SPEED;
	r.p.detour = a->detour ? a->detour : REACH_DETOUR;
	day_to_ymd(day, &r.p.year, &r.p.month, &r.p.day);
	if (reach_catalogue_load(&r.cat, &e)) {
		reach_catalogue_free(&r.cat);
		return cli_fail(&e);
	}
	if (a->kind && (r.kind = reach_kind_find(&r.cat, a->kind)) < 0) {
		cli_error("--kind: unknown kind '%s' (shequ-reach kinds lists them)", a->kind);
		reach_catalogue_free(&r.cat);
		return EX_USAGE;
	}
	rc = cli_open_db(a->cmd->mode, &r.db);
	if (!rc)
		rc = a->cmd->run(&r);
	db_close(r.db);
	reach_catalogue_free(&r.cat);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-reach");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
