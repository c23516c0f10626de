/* cli.c - shared options, messages and exit handling; see cli.h. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "base/delim.h"
#include "common/cli.h"
#include "config.h"
#include "db/db.h"
#include "domain/period.h"

struct cli_common cli;

static const char *progname = "shequ";
static int use_syslog;	  /* cli_syslog() was called */
static int stdout_closed; /* cli_close_stdout() has run */

enum { OPT_DB = 0x100, OPT_TZ };

static const struct argp_option cli_options[] = {
    {NULL, 0, NULL, 0, "Common options:", 100},
    {"db", OPT_DB, "FILE", 0, "the database (default: $SHEQU_DB, else ./shequ.db)", 0},
    {"tz", OPT_TZ, "ZONE", 0, "time zone of the community's calendar (default: Asia/Shanghai)", 0},
    {"quiet", 'q', NULL, 0, "print no summary and no warnings", 0},
    {"verbose", 'v', NULL, 0, "say more about what is done (repeatable)", 0},
    {0},
};

static error_t cli_parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	switch (key) {
	case OPT_DB:
		cli.db = arg;
		break;
	case OPT_TZ:
		cli.tz = arg;
		break;
	case 'q':
		cli.quiet = 1;
		break;
	case 'v':
		cli.verbose++;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp cli_argp = {cli_options, cli_parse, NULL, NULL, NULL, NULL, NULL};

static void cli_version(FILE *f, struct argp_state *state)
{
	(void)state;
	fprintf(f, "%s (%s) %s\n", progname, PACKAGE_NAME, PACKAGE_VERSION);
}

void (*argp_program_version_hook)(FILE *, struct argp_state *) = cli_version;
const char *argp_program_bug_address = "the community office's shequ maintainers";

/*
 * Flush and close stdout, once: 0, or the errno of the failure (EIO when
 * none was set).  Later calls return 0.
 */
static int cli_close_stdout(void)
{
	int bad;

	if (stdout_closed)
		return 0;
	stdout_closed = 1;
	errno = 0;
	bad = fflush(stdout) != 0 || ferror(stdout);
	if (fclose(stdout) != 0)
		bad = 1;
	return bad ? (errno ? errno : EIO) : 0;
}

/*
 * At exit, for the ways out that do not pass cli_finish (argp's --help,
 * --usage and --version, and usage errors, call exit() themselves): output
 * that did not reach stdout fails the tool with EX_IOERR, as util-linux's
 * close_stdout() does.  A reader that went away (EPIPE) is no failure.
 */
static void cli_at_exit(void)
{
	int err = cli_close_stdout();

	if (err && err != EPIPE) {
		cli_error("write error: %s", strerror(err));
		_exit(EX_IOERR);
	}
}

/*
 * Give each of stdin, stdout and stderr that the caller closed a stand-in
 * open the wrong way round (/dev/null write-only for stdin, read-only for
 * the others): the next file the tool opens cannot take its number and
 * receive what was meant for stdout, and using the stream fails (EBADF), so
 * that output lost is still an error.
 */
static void cli_guard_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
			abort(); /* the lowest free number is fd: it cannot be else */
	}
}

void cli_init(const char *name)
{
	progname = name;
	program_invocation_name = (char *)name;
	program_invocation_short_name = (char *)name;
	cli_guard_std_fds();
	setlocale(LC_ALL, "");
	/* A reader that goes away (| head -1) ends us quietly, as it ends cat,
	 * even when the parent left SIGPIPE ignored. */
	signal(SIGPIPE, SIG_DFL);
	atexit(cli_at_exit);
}

void cli_syslog(void)
{
	openlog(progname, LOG_PID, LOG_USER);
	use_syslog = 1;
}

const char *cli_progname(void)
{
	return progname;
}

static void cli_vsay(const char *fmt, va_list ap)
{
	if (use_syslog) {
		va_list copy;

		va_copy(copy, ap);
		vsyslog(LOG_ERR, fmt, copy);
		va_end(copy);
	}
	if (!stdout_closed)
		fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vsay(fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	if (cli.quiet)
		return;
	va_start(ap, fmt);
	cli_vsay(fmt, ap);
	va_end(ap);
}

void cli_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!cli.verbose)
		return;
	va_start(ap, fmt);
	cli_vsay(fmt, ap);
	va_end(ap);
}

int cli_fail(const struct shequ_err *e)
{
	cli_error("%s", e->msg);
	return e->code ? e->code : EX_SOFTWARE;
}

int cli_open_db(int mode, sqlite3 **db)
{
	struct shequ_err e = {0};
	int rc = db_open(db_default_path(cli.db), (enum db_mode)mode, db, &e);

	return rc ? cli_fail(&e) : 0;
}

int cli_finish(int status)
{
	int err = cli_close_stdout();

	/* A tool that already failed with EX_IOERR has said why: one line. */
	if (err && err != EPIPE && status != EX_IOERR) {
		cli_error("write error: %s", strerror(err));
		return status ? status : EX_IOERR;
	}
	return status;
}

int cli_today_or_exit(void)
{
	struct shequ_err e = {0};
	int day;

	if (today_in_tz(cli.tz, &day, &e)) {
		cli_error("%s", e.msg);
		exit(EX_USAGE);
	}
	return day;
}

int cli_day_or_exit(const char *opt, const char *s)
{
	struct shequ_err e = {0};
	int day;

	if (day_parse(s, &day, &e)) {
		if (opt)
			cli_error("%s: %s", opt, e.msg);
		else
			cli_error("%s", e.msg);
		exit(EX_USAGE);
	}
	return day;
}

void cli_period_or_exit(const char *s, int today, struct period *p)
{
	struct shequ_err e = {0};

	if (period_parse(s, today, p, &e)) {
		cli_error("%s", e.msg);
		exit(EX_USAGE);
	}
}

char cli_delimiter_or_exit(struct argp_state *state, const char *arg)
{
	char delim = ',';

	if (delim_parse(arg, &delim))
		argp_error(state, "the delimiter must be one character, not '%s'", arg);
	return delim;
}

/* The name of entry I of C. */
static const char *command_name(const struct cli_commands *c, size_t i)
{
	return *(const char *const *)((const char *)c->table + i * c->size);
}

/* The names of C as "a, b or c" in BUF (N bytes), cut short if need be. */
static const char *command_list(const struct cli_commands *c, char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < c->n && len < n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == c->n ? " or " : ", ";
		int k = snprintf(buf + len, n - len, "%s%s", sep, command_name(c, i));

		if (k < 0)
			break;
		len += (size_t)k;
	}
	return buf;
}

const void *cli_command_or_exit(struct argp_state *state, const struct cli_commands *c,
				const char *word)
{
	char list[512];
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(command_name(c, i), word))
			return (const char *)c->table + i * c->size;
	argp_error(state, "unknown command '%s': expected %s", word,
		   command_list(c, list, sizeof list));
	return NULL;
}

void cli_command_needed(struct argp_state *state, const struct cli_commands *c)
{
	char list[512];

	argp_error(state, "a command is needed: %s", command_list(c, list, sizeof list));
}
