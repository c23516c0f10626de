/* shequ-export - turn shequ's CSV into Excel workbooks people print and trust. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "db/db.h"
#include "xlsx/xlsx_book.h"
#include "xlsx/xlsx_kinds.h"
#include "xlsx/xlsx_log.h"
#include "xlsx/xlsx_sheet.h"

static const char doc[] =
    "Write CSV files (or standard input) into an Excel workbook: one sheet per\n"
    "CSV, Chinese headers, typed cells, personal data masked.\v"
    "Kinds: plain (default), daily (日督查), weekly (周抄报), monthly (月通报),\n"
    "scorecard (季度考核: summary=CSV required; detail=CSV and cases=CSV are split\n"
    "into a sheet per grid; any other NAME=CSV is a plain sheet).\n"
    "reach-buildings, reach-coverage, reach-gaps, reach-site, reach-load: the\n"
    "reports of shequ-reach, a sheet per kind of facility.\n"
    "\n"
    "--unmask needs --reason and an existing database: each unmasked export is\n"
    "recorded in its export_log table.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad CSV, 66 missing input or database,\n"
    "73 cannot create the workbook, 74 write error, 75 database busy,\n"
    "78 configuration (share/ data).";

static const char args_doc[] = "[NAME=]CSV...";

enum {
	OPT_LANG = 0x200,
	OPT_UNMASK,
	OPT_REASON,
	OPT_CREATED,
	OPT_TITLE,
};

static const struct argp_option options[] = {
    {NULL, 0, NULL, 0, "Output:", 1},
    {"output", 'o', "FILE", 0, "the workbook to write (.xlsx; - for standard output); required", 1},
    {"kind", 'k', "KIND", 0, "plain, daily, weekly, monthly, scorecard or reach-REPORT", 1},
    {"lang", OPT_LANG, "LANG", 0, "zh: Chinese column labels (default); en: CSV names", 1},
    {"title", OPT_TITLE, "TEXT", 0, "document title (default: from the kind and period)", 1},
    {"created", OPT_CREATED, "TIME", 0,
     "creation time in the properties, YYYY-MM-DD[THH:MM:SS] UTC or @EPOCH "
     "(reproducible files)",
     1},
    {NULL, 0, NULL, 0, "Personal data:", 2},
    {"unmask", OPT_UNMASK, NULL, 0, "write ID numbers, phones and names in clear", 2},
    {"reason", OPT_REASON, "TEXT", 0, "why --unmask is needed (recorded)", 2},
    {NULL, 0, NULL, 0, "Input:", 3},
    {"encoding", 'e', "ENC", 0, "encoding of the CSVs: auto (default), utf-8, gb18030, utf-16", 3},
    {"delimiter", 'd', "CHAR", 0, "field separator (default ',')", 3},
    {0},
};

struct args {
	const char *output;
	enum xlsx_kind kind;
	int english;
	int unmask;
	const char *reason;
	const char *title;
	time_t created;
	struct csvin_opts csv;
	struct xlsx_input *inputs;
	size_t ninputs;
	long max_rows; /* $SHEQU_EXPORT_MAX_ROWS, 0 when not set */
};

/* Split "NAME=PATH" unless the whole argument names an existing file or
 * the part before '=' looks like a path. */
static void add_input(struct args *a, char *arg, struct argp_state *state)
{
	struct xlsx_input *grown = realloc(a->inputs, (a->ninputs + 1) * sizeof *a->inputs);
	char *eq = strchr(arg, '=');
	struct stat st;

	if (!grown)
		argp_failure(state, EX_SOFTWARE, ENOMEM, "arguments");
	a->inputs = grown;
	grown[a->ninputs].name = NULL;
	grown[a->ninputs].path = arg;
	if (eq && eq != arg && !memchr(arg, '/', (size_t)(eq - arg)) && stat(arg, &st) != 0) {
		*eq = '\0';
		grown[a->ninputs].name = arg;
		grown[a->ninputs].path = eq + 1;
		if (!eq[1])
			argp_error(state, "'%s=' names no CSV file", arg);
	}
	a->ninputs++;
}

/* --lang: zh (Chinese labels) or en (the CSV's names). */
static void parse_lang(struct args *a, const char *arg, struct argp_state *state)
{
	if (strcmp(arg, "en") == 0)
		a->english = 1;
	else if (strcmp(arg, "zh") == 0)
		a->english = 0;
	else
		argp_error(state, "unknown language '%s': zh or en", arg);
}

/* $SHEQU_EXPORT_MAX_ROWS, the rows per sheet before the next one (for
 * tests): a whole number from 1 to Excel's limit, else a usage error. */
static long parse_max_rows(struct argp_state *state)
{
	const char *s = getenv("SHEQU_EXPORT_MAX_ROWS");
	char *end;
	long v;

	if (!s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > XLSX_MAX_ROWS)
		argp_error(state,
			   "SHEQU_EXPORT_MAX_ROWS must be a whole number from 1 to %ld, not '%s'",
			   XLSX_MAX_ROWS, s);
	return v;
}

/* The checks across options, once they are all read. */
static void check_args(struct args *a, struct argp_state *state)
{
	static char dash[] = "-";

	if (!a->output)
		argp_error(state, "-o FILE.xlsx is needed");
	if (a->unmask && (!a->reason || !*a->reason))
		argp_error(state, "--unmask needs --reason TEXT (it is recorded)");
	if (a->reason && !a->unmask)
		argp_error(state, "--reason goes with --unmask");
	if (a->ninputs == 0)
		add_input(a, dash, state);
	a->max_rows = parse_max_rows(state);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	struct shequ_err e = {0};

	switch (key) {
	case 'o':
		a->output = cli_xlsx_output_or_exit(state, arg);
		break;
	case 'k':
		if (xlsx_kind_parse(arg, &a->kind, &e))
			argp_error(state, "%s", e.msg);
		break;
	case OPT_LANG:
		parse_lang(a, arg, state);
		break;
	case OPT_TITLE:
		a->title = arg;
		break;
	case OPT_CREATED:
		if (xlsx_created_parse(arg, &a->created))
			argp_error(state, "bad time '%s': expected 2026-10-01T08:00:00 or @EPOCH",
				   arg);
		break;
	case OPT_UNMASK:
		a->unmask = 1;
		break;
	case OPT_REASON:
		a->reason = arg;
		break;
	case 'e':
		a->csv.encoding = arg;
		break;
	case 'd':
		a->csv.delim = cli_delimiter_or_exit(state, arg);
		break;
	case ARGP_KEY_ARG:
		add_input(a, arg, state);
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

static int run(const struct args *a)
{
	struct shequ_err e = {0};
	struct xlsx_job job = {0};
	struct xlsx_report rep;
	sqlite3 *db = NULL;
	int rc;

	/* Open the database first: an unmasked export that cannot be recorded
	 * is not written at all. */
	if (a->unmask && (rc = cli_open_db(DB_WRITE, &db)))
		return rc;
	job.kind = a->kind;
	job.output = a->output;
	job.inputs = a->inputs;
	job.ninputs = a->ninputs;
	job.csv = &a->csv;
	job.title = a->title;
	job.created = a->created;
	job.english = a->english;
	job.unmask = a->unmask;
	job.max_rows = a->max_rows;
	rc = xlsx_export(&job, &rep, &e);
	if (!rc && a->unmask && (rc = xlsx_log_unmasked(db, a->output, a->kind, a->reason, &e)))
		unlink(a->output);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	if (rep.cut)
		cli_warn("%s: text cut to 32767 characters%s (%ld cell%s)", rep.cut_where, "",
			 rep.cut, rep.cut == 1 ? "" : "s");
	cli_verbose("%s: %d sheet%s, %ld row%s", a->output, rep.sheets, rep.sheets == 1 ? "" : "s",
		    rep.rows, rep.rows == 1 ? "" : "s");
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	int rc;

	cli_init("shequ-export");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	rc = run(&a);
	free(a.inputs);
	return cli_finish(rc);
}
