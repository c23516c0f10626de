/* shequ-db - create, check, describe and back up the shequ database. */
#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "db/db.h"
#include "db/dbcheck.h"

static const char doc[] =
    "Create, check, describe and back up the shequ database.\v"
    "Commands:\n"
    "  init          create an empty database with the current schema\n"
    "  check         quick integrity and foreign-key check (--full: thorough)\n"
    "  info          CSV of what the database holds: schema version, tables, rows\n"
    "  backup FILE   online copy to FILE, safe while others write\n"
    "\n"
    "Only init creates a database or brings an older one up to date; check, info and\n"
    "backup only read, and take an older schema as it is.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 check found problems, 66 no such database, not a\n"
    "shequ database or permission denied, 73 cannot create, 74 I/O error, 75 busy,\n"
    "78 schema newer than this shequ.";

static const char args_doc[] = "init|check|info|backup [FILE]";

enum { OPT_FULL = 0x200 };

static const struct argp_option options[] = {
    {"full", OPT_FULL, NULL, 0, "check: run the thorough integrity_check", 1},
    {0},
};

struct args {
	const char *command;
	const char *file;
	int full;
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case OPT_FULL:
		a->full = 1;
		break;
	case ARGP_KEY_ARG:
		if (!a->command)
			a->command = arg;
		else if (!a->file && strcmp(a->command, "backup") == 0)
			a->file = arg;
		else
			argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_SUCCESS:
		if (!a->command)
			argp_error(state, "a command is needed: init, check, info or backup");
		if (strcmp(a->command, "init") && strcmp(a->command, "check") &&
		    strcmp(a->command, "info") && strcmp(a->command, "backup"))
			argp_error(state, "unknown command '%s'", a->command);
		if (strcmp(a->command, "backup") == 0 && !a->file)
			argp_error(state, "backup needs a FILE to write");
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
	sqlite3 *db = NULL;
	const char *path = db_default_path(cli.db);
	long problems = 0;
	int rc;

	rc = cli_open_db(strcmp(a->command, "init") == 0 ? DB_CREATE : DB_INSPECT, &db);
	if (rc)
		return rc;
	if (strcmp(a->command, "init") == 0) {
		cli_verbose("%s: schema version %d", path, db_schema_version(db));
	} else if (strcmp(a->command, "check") == 0) {
		rc = dbcheck_run(db, a->full, stdout, &problems, &e);
		if (!rc && problems) {
			cli_error("%s: %ld problem%s found", path, problems,
				  problems == 1 ? "" : "s");
			rc = EX_DATAERR;
		}
	} else if (strcmp(a->command, "info") == 0) {
		rc = dbcheck_info(db, path, stdout, &e);
	} else {
		rc = dbcheck_backup(db, a->file, &e);
	}
	db_close(db);
	if (rc && e.code)
		cli_fail(&e);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};

	cli_init("shequ-db");
	argp_parse(&argp, argc, argv, 0, NULL, &a);
	return cli_finish(run(&a));
}
