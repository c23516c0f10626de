/*
 * cli.h - what every tool shares on the command line and in its messages.
 *
 * Unlike the rest of lib/, this module talks to the user: it is the thin
 * layer between a tool's main() and the library.  It prints messages as
 * "prog: message" on stderr, knows the options common to every tool (the
 * argp child cli_argp: --db, -q/--quiet, -v/--verbose, --tz, and -h, which
 * is --help as in csvkit, Miller and sqlite-utils) and checks stdout at
 * exit.
 */
#ifndef SHEQU_CLI_H
#define SHEQU_CLI_H

#include <argp.h>
#include <libintl.h>
#include <sqlite3.h>

#include "base/error.h"
#include "domain/period.h"

/* argp prints a usage error as given; these look its format up in the
 * message catalogue first (i18n.h), as shequ_err_set does, so that the
 * calls stay plain argp. */
#define argp_error(state, fmt, ...) (argp_error)(state, gettext(fmt), ##__VA_ARGS__)
#define argp_failure(state, status, errnum, fmt, ...)                                              \
	(argp_failure)(state, status, errnum, gettext(fmt), ##__VA_ARGS__)

/* The options every tool takes, filled by cli_argp's parser. */
struct cli_common {
	const char *db; /* --db FILE, or NULL for $SHEQU_DB or ./shequ.db */
	const char *tz; /* --tz ZONE, or NULL for Asia/Shanghai */
	int quiet;	/* -q: no summary, no warnings */
	int verbose;	/* -v, repeatable */
};

extern struct cli_common cli;

/* Plug into a tool's argp children: { &cli_argp, 0, NULL, 0 }. */
extern const struct argp cli_argp;

/*
 * argp's help filter for every tool: the text before and after the options
 * is refilled so that no line is wider than argp's margin (argp would break
 * it again, leaving a word alone on a line), always between words, and a
 * table row's continuation keeps its indent; option texts are broken before
 * they reach the margin exactly (where argp leaves a line of blanks).
 */
char *cli_help_filter(int key, const char *text, void *input);

/* Define the argp parser NAME of a tool from its OPTIONS, PARSER, ARGS_DOC
 * and DOC, with the common options (cli_argp) as a child. */
#define CLI_ARGP(name, options, parser, args_doc, doc)                                             \
	static const struct argp_child name##_children[] = {{&cli_argp, 0, NULL, 0}, {0}};         \
	static const struct argp name = {options,	  parser,	   args_doc, doc,          \
					 name##_children, cli_help_filter, NULL}

/* Set the program name used in messages and --version, register the stdout
 * check at exit (so that --help or --version into a full or closed stdout
 * exits EX_IOERR) and set the locale.  A closed stdin, stdout or stderr gets
 * a stand-in that fails every use, so no file the tool opens takes its
 * place.  Restores the default SIGPIPE action, so a reader that leaves
 * early (| head -1) ends the tool quietly.  Call first in main(). */
void cli_init(const char *progname);

/* From now on also send every message to syslog (facility user). */
void cli_syslog(void);

/* The program name given to cli_init. */
const char *cli_progname(void);

/* "prog: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like cli_error, unless -q. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like cli_error, only with -v. */
void cli_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print E's message and return its code, for `return cli_fail(&e);`. */
int cli_fail(const struct shequ_err *e);

/* Print a row an import rejected, "prog: FILE:LINE: column: reason" (no
 * "column: " when COLUMN is NULL); CTX is unused.  It is the report callback
 * of the imports of lib/request, lib/alert, lib/reach and lib/care. */
void cli_row_rejected(void *ctx, const char *file, long line, const char *column,
		      const char *reason);

/* Open the database named by --db/$SHEQU_DB/./shequ.db; on failure print
 * why and return the exit code. */
int cli_open_db(int mode, sqlite3 **db);

/* Flush stdout and report a write error (EX_IOERR) to add to the exit
 * status; main() returns cli_finish(status). */
int cli_finish(int status);

/* The day number of today in --tz (or $SHEQU_TODAY); exits 64 on a bad zone. */
int cli_today_or_exit(void);

/* The day number of S, a day like 2026-07-08 (or 2026/7/8, 2026年7月8日,
 * today, yesterday: period.h) given with the option OPT ("--date"; NULL for
 * an argument); exits 64 with "OPT: bad date ...". */
int cli_day_or_exit(const char *opt, const char *s);

/* Parse the PERIOD S (period.h: 2026-W28, last-month, 2026年7月, ...) relative to
 * TODAY into *P; exits 64 with the reason. */
void cli_period_or_exit(const char *s, int today, struct period *p);

/* The field separator -d/--delimiter ARG names (delim.h: one character,
 * "tab" or "\t"); otherwise a usage error through argp_error (exit 64). */
char cli_delimiter_or_exit(struct argp_state *state, const char *arg);

/* The building (KIND 'b'), unit ('u') or room ('r') S as an import
 * stores it: 3号楼 is 3, 1单元 is 1 (place.h); KIND 0 normalises the text
 * only.  The result stays valid for the next three calls. */
const char *cli_place(int kind, const char *s);

/* Return when grid CODE (NULL: none asked for) is known in DB; else exit 65
 * with "unknown grid 'XFL-1': the nearest are XFL-01, XFL-10, XFL-11"
 * (an unknown code is an error, not an empty list). */
void cli_grid_or_exit(sqlite3 *db, const char *code);

/*
 * The workbook that -o ARG names, for a tool that writes .xlsx.  "-" is
 * standard output: the workbook is made in a private temporary folder and
 * copied to stdout by cli_finish() when the tool succeeds (never to a
 * terminal: that is a usage error).  Any other name must end in .xlsx
 * (Excel will not open a workbook called report.csv): otherwise a usage
 * error through argp_error (exit 64).
 */
const char *cli_xlsx_output_or_exit(struct argp_state *state, const char *arg);

/* A tool's table of subcommands: N entries of SIZE bytes at TABLE, each a
 * struct whose first member is the command's name (const char *).  The
 * list of commands in messages ("a, b or c") is made from the table, so it
 * cannot fall out of step with it. */
struct cli_commands {
	const void *table;
	size_t n, size;
};

/* Define the cli_commands NAME over the array TABLE. */
#define CLI_COMMANDS(name, table)                                                                  \
	static const struct cli_commands name = {(table), sizeof(table) / sizeof((table)[0]),      \
						 sizeof((table)[0])}

/* The entry of C named WORD; otherwise a usage error through argp_error,
 * "unknown command 'WORD': expected a, b or c" (exit 64). */
const void *cli_command_or_exit(struct argp_state *state, const struct cli_commands *c,
				const char *word);

/* A usage error for a missing command: "a command is needed: a, b or c". */
void cli_command_needed(struct argp_state *state, const struct cli_commands *c);

#endif
