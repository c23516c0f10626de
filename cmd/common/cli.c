/* cli.c - shared options, messages and exit handling; see cli.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "base/delim.h"
#include "base/i18n.h"
#include "common/cli.h"
#include "config.h"
#include "db/db.h"
#include "domain/period.h"
#include "domain/place.h"

struct cli_common cli;

static const char *progname = "shequ";
static int use_syslog;	  /* cli_syslog() was called */
static int stdout_closed; /* cli_close_stdout() has run */
/* A workbook for standard output (-o -): written here, in a folder of its
 * own, and copied to stdout by cli_finish() when the tool succeeds. */
static char stdout_dir[64], stdout_file[96];
/* stdout's buffer when it is no terminal (glibc takes no size without one). */
static char stdout_buf[1 << 16];

enum { OPT_DB = 0x100, OPT_TZ };

static const struct argp_option cli_options[] = {
    {NULL, 0, NULL, 0, "Common options:", 100},
    {"db", OPT_DB, "FILE", 0, "the database (default: $SHEQU_DB, else ./shequ.db)", 0},
    {"tz", OPT_TZ, "ZONE", 0, "time zone of the community's calendar (default: Asia/Shanghai)", 0},
    {"quiet", 'q', NULL, 0, "print no summary and no warnings", 0},
    {"verbose", 'v', NULL, 0, "say more about what is done (repeatable)", 0},
    /* -h beside argp's own -? and --help, where csvkit, Miller and
     * sqlite-utils have taught people to look for it. */
    {NULL, 'h', NULL, 0, "give this help list (as -? and --help)", -1},
    {0},
};

static error_t cli_parse(int key, char *arg, struct argp_state *state)
{
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
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp cli_argp = {cli_options, cli_parse, NULL, NULL, NULL, cli_help_filter, NULL};

/* argp's right margin: it counts bytes, not columns, and breaks a line that
 * reaches it again, leaving the last word of it alone on the next line. */
#define HELP_MARGIN 79
/* The column argp starts an option's text at. */
#define HELP_DOC_COL 29

/* Text being refilled: a growing string, NULL after running out of memory. */
struct help_text {
	char *s;
	size_t len, cap;
};

/* Append N bytes of S to T. */
static void help_put(struct help_text *t, const char *s, size_t n)
{
	char *grown;

	if (!t->s && t->cap)
		return;
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if (!(grown = realloc(t->s, t->cap))) {
			free(t->s);
			t->s = NULL;
			return;
		}
		t->s = grown;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

/* Append N spaces to T. */
static void help_indent(struct help_text *t, size_t n)
{
	while (n--)
		help_put(t, " ", 1);
}

/* Whether a closing mark that never starts a line (，。、；：）》」！？)
 * begins at S. */
static int help_closing(const unsigned char *s)
{
	static const char *const marks[] = {"，", "。", "、", "；", "：",
					    "）", "》", "」", "！", "？"};
	size_t i;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (!strncmp((const char *)s, marks[i], strlen(marks[i])))
			return 1;
	return 0;
}

/* Whether a line may break before byte I of the N bytes of S: at a space,
 * or between two characters outside ASCII (Chinese is written without
 * spaces) unless a closing mark follows. */
static int help_may_break(const unsigned char *s, size_t n, size_t i)
{
	size_t j = i;

	if (i == 0 || i >= n)
		return 0;
	if (s[i] == ' ')
		return 1;
	if (s[i] < 0xC0 || help_closing(s + i))
		return 0; /* ASCII, the middle of a character, or a closing mark */
	while (j > 0 && (s[j - 1] & 0xC0) == 0x80)
		j--;
	return j < i && s[j - 1] >= 0xC0;
}

/*
 * How many bytes of the N bytes of S go on a line with room for ROOM bytes:
 * all when they fit, else up to the last space that fits (a Chinese term in
 * English text stays whole), else up to the last place between Chinese
 * characters that fits, else up to the first place a line may break (a word
 * longer than the line overruns it, never broken).
 */
static size_t help_fit(const char *s, size_t n, size_t room)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, space = 0, cut = 0;

	if (n <= room)
		return n;
	for (i = 1; i < n && (i <= room || !cut); i++)
		if (help_may_break(u, n, i)) {
			cut = i;
			if (u[i] == ' ' && i <= room)
				space = i;
		}
	return space ? space : cut ? cut : n;
}

/* Emit the N bytes of S as lines of at most WIDTH bytes, the first after
 * FIRST spaces of indent and the others after HANG. */
static void help_wrap(struct help_text *t, const char *s, size_t n, size_t first, size_t hang,
		      size_t width)
{
	size_t indent = first, k;

	while (n) {
		k = help_fit(s, n, width > indent ? width - indent : 0);
		help_indent(t, indent);
		help_put(t, s, k);
		help_put(t, "\n", 1);
		while (k < n && s[k] == ' ')
			k++;
		s += k;
		n -= k;
		indent = hang;
	}
}

/* The length of the line at S (before END or a newline). */
static size_t help_line_len(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return (size_t)((nl ? nl : end) - s);
}

/* The spaces the N bytes of S start with. */
static size_t help_lead(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* The indent of the lines that continue the line S (N bytes, LEAD of them
 * spaces): in a table row ("  scan [DATE]   daily pass: ..."), where its
 * text starts after a gap of two spaces or more; else LEAD. */
static size_t help_hang(const char *s, size_t n, size_t lead)
{
	const char *gap = lead ? memmem(s + lead, n - lead, "  ", 2) : NULL;
	size_t i;

	if (!gap)
		return lead;
	i = (size_t)(gap - s) + help_lead(gap, n - (size_t)(gap - s));
	return i < n ? i : lead;
}

/* Whether the line starting at NEXT joins the text T without a space:
 * Chinese on both sides. */
static int help_cjk_join(const struct help_text *t, const char *next)
{
	return t->s && t->len && (unsigned char)t->s[t->len - 1] >= 0x80 &&
	       (unsigned char)*next >= 0xC0;
}

/* Whether the line at S continues a paragraph whose hanging indent is HANG:
 * it is indented by exactly that much and has text after it. */
static int help_continues(const char *s, const char *end, size_t hang)
{
	size_t n;

	if (s >= end)
		return 0;
	n = help_line_len(s, end);
	return n > hang && help_lead(s, n) == hang;
}

/*
 * Copy the paragraph that starts at S to T: its first line and the lines
 * after it indented to its hanging indent.  When a line is wider than
 * WIDTH, the paragraph is refilled between words; otherwise its lines stay
 * as written.  Returns where the next paragraph starts.
 */
static const char *help_paragraph(struct help_text *t, const char *s, const char *end, size_t width)
{
	size_t n = help_line_len(s, end), lead = help_lead(s, n), hang = help_hang(s, n, lead);
	const char *p = s, *stop;
	struct help_text joined = {0};
	int wide = 0;

	if (n == lead) { /* a blank line is a paragraph of its own */
		help_put(t, "\n", 1);
		return s + n + (s + n < end);
	}
	for (;;) { /* find the end of the paragraph, and whether a line is too wide */
		wide |= n > width;
		stop = p + n + (p + n < end);
		if (!help_continues(stop, end, hang))
			break;
		p = stop;
		n = help_line_len(p, end);
	}
	if (!wide) {
		help_put(t, s, (size_t)(stop - s));
		if (stop == end && (stop == s || stop[-1] != '\n'))
			help_put(t, "\n", 1);
		return stop;
	}
	for (p = s; p < stop; p += n + 1) { /* one line of words, then refill it */
		n = help_line_len(p, stop);
		if (p != s && !help_cjk_join(&joined, p + help_lead(p, n)))
			help_put(&joined, " ", 1);
		help_put(&joined, p + help_lead(p, n), n - help_lead(p, n));
	}
	if (joined.s)
		help_wrap(t, joined.s, joined.len, lead, hang, width);
	free(joined.s);
	return stop;
}

char *cli_help_filter(int key, const char *text, void *input)
{
	struct help_text t = {0};
	const char *p, *end;
	size_t width = HELP_MARGIN - 1, len;

	(void)input;
	if (!text || key == ARGP_KEY_HELP_HEADER || key == ARGP_KEY_HELP_EXTRA ||
	    key == ARGP_KEY_HELP_DUP_ARGS_NOTE || key == ARGP_KEY_HELP_ARGS_DOC)
		return (char *)text;
	len = strlen(text);
	end = text + len;
	/* An option's text starts at argp's doc column. */
	if (key != ARGP_KEY_HELP_PRE_DOC && key != ARGP_KEY_HELP_POST_DOC)
		width -= HELP_DOC_COL;
	for (p = text; p < end;)
		p = help_paragraph(&t, p, end, width);
	if (!t.s)
		return (char *)text; /* out of memory: argp's own wrapping will do */
	if (t.len && t.s[t.len - 1] == '\n' && text[len - 1] != '\n')
		t.s[--t.len] = '\0';
	return t.s;
}

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

/* Remove the workbook meant for standard output and its folder, if any. */
static void cli_stdout_file_drop(void)
{
	if (!stdout_dir[0])
		return;
	unlink(stdout_file);
	rmdir(stdout_dir);
	stdout_dir[0] = '\0';
}

/* Copy the workbook meant for standard output there; 0 or EX_IOERR.  The
 * file is removed before the copy starts, so that a reader that leaves
 * early (SIGPIPE) leaves nothing behind in the temporary folder. */
static int cli_stdout_file_copy(void)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(stdout_file, "rb");
	int rc = 0;

	cli_stdout_file_drop();
	if (!f) {
		cli_error("%s: %s", stdout_file, strerror(errno));
		return EX_IOERR;
	}
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n || fflush(stdout)) {
			cli_error("write error: %s", strerror(errno));
			rc = EX_IOERR;
		}
	if (!rc && ferror(f)) {
		cli_error("%s: read error", stdout_file);
		rc = EX_IOERR;
	}
	fclose(f);
	return rc;
}

/*
 * At exit, for the ways out that do not pass cli_finish (argp's --help,
 * --usage and --version, and usage errors, call exit() themselves): output
 * that did not reach stdout fails the tool with EX_IOERR, as util-linux's
 * close_stdout() does.  A reader that went away (EPIPE) is no failure.
 */
static void cli_at_exit(void)
{
	int err;

	cli_stdout_file_drop();
	err = cli_close_stdout();

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
	/* A buffer that holds the whole of --help: a write error then shows
	 * when stdout is closed, with its own errno, not as a bare EIO. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
	setlocale(LC_ALL, "");
	i18n_init();
	argp_program_bug_address = _(argp_program_bug_address);
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
	fmt = i18n_format(fmt);
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

void cli_row_rejected(void *ctx, const char *file, long line, const char *column,
		      const char *reason)
{
	(void)ctx;
	cli_error("%s:%ld: %s%s%s", file, line, column ? column : "", column ? ": " : "", reason);
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
	int err;

	if (stdout_dir[0] && !status)
		status = cli_stdout_file_copy();
	cli_stdout_file_drop();
	err = cli_close_stdout();

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
	int day, back = day_word(s);

	if (back >= 0)
		return cli_today_or_exit() - back;
	/* 2026-07-08 first, for its messages; then 2026/7/8, 2026年7月8日 ... */
	if (day_parse(s, &day, &e) && day_parse_loose(s, &day, NULL)) {
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

const char *cli_place(int kind, const char *s)
{
	static char buf[4][256]; /* a few options at once, each its own */
	static int next;
	char *out = buf[next++ % 4];

	return place_norm(kind, s, out, sizeof buf[0]) ? s : out;
}

/* How many edits (insert, delete, change a byte, any case) turn A into B;
 * at most 99 (codes are short). */
static int cli_distance(const char *a, const char *b)
{
	int row[64], i, j, diag, up, n = (int)strlen(b);

	if (strlen(a) > 60 || n > 60)
		return 99;
	for (j = 0; j <= n; j++)
		row[j] = j;
	for (i = 1; a[i - 1]; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= n; j++) {
			up = row[j];
			row[j] = diag + (toupper((unsigned char)a[i - 1]) !=
					 toupper((unsigned char)b[j - 1]));
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[n];
}

/* The codes a grid is known by nearest CODE: up to 3, closest first, "A,
 * B, C" in BUF (N bytes); 0, or an EX_* code in E. */
static int cli_grid_nearest(sqlite3 *db, const char *code, char *buf, size_t n, struct shequ_err *e)
{
	char best[3][64] = {"", "", ""};
	int dist[3] = {100, 100, 100}, d, k, rc;
	sqlite3_stmt *st;

	if ((rc = db_prepare(db, "SELECT code FROM grid ORDER BY code", &st, e)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);

		d = cli_distance(code, c ? c : "");
		for (k = 3; k > 0 && d < dist[k - 1]; k--)
			if (k < 3) {
				dist[k] = dist[k - 1];
				memcpy(best[k], best[k - 1], sizeof best[k]);
			}
		if (k < 3) {
			dist[k] = d;
			snprintf(best[k], sizeof best[k], "%s", c ? c : "");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "grid", e);
	snprintf(buf, n, "%s%s%s%s%s", best[0], best[1][0] ? ", " : "", best[1],
		 best[2][0] ? ", " : "", best[2]);
	return 0;
}

void cli_grid_or_exit(sqlite3 *db, const char *code)
{
	struct shequ_err e = {0};
	char near[256];
	sqlite3_stmt *st;
	int rc, found;

	if (!code)
		return;
	if ((rc = db_prepare(db, "SELECT 1 FROM grid WHERE code = ?1", &st, &e)))
		exit(cli_fail(&e));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	found = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(db, rc, "grid", &e);
		exit(cli_fail(&e));
	}
	if (found)
		return;
	if ((rc = cli_grid_nearest(db, code, near, sizeof near, &e)))
		exit(cli_fail(&e));
	if (near[0])
		cli_error("unknown grid '%s': the nearest are %s", code, near);
	else
		cli_error("unknown grid '%s': there are no grids yet (shequ-grid makes them)",
			  code);
	exit(EX_DATAERR);
}

/* Whether NAME ends in SUFFIX, whatever the case. */
static int cli_ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && !strcasecmp(name + n - k, suffix);
}

/* A private folder for the workbook -o - asks for; its path, or a usage
 * error through argp_error. */
static const char *cli_stdout_file(struct argp_state *state)
{
	const char *tmp = getenv("TMPDIR");

	if (isatty(STDOUT_FILENO))
		argp_error(state, "-o -: a workbook is no text for a terminal; redirect the output "
				  "(> report.xlsx) or name a file");
	if (!tmp || !*tmp || strlen(tmp) > 32)
		tmp = "/tmp";
	snprintf(stdout_dir, sizeof stdout_dir, "%s/shequ-XXXXXX", tmp);
	if (!mkdtemp(stdout_dir)) {
		cli_error("cannot create %s: %s", stdout_dir, strerror(errno));
		stdout_dir[0] = '\0';
		exit(EX_CANTCREAT);
	}
	snprintf(stdout_file, sizeof stdout_file, "%s/stdout.xlsx", stdout_dir);
	return stdout_file;
}

const char *cli_xlsx_output_or_exit(struct argp_state *state, const char *arg)
{
	if (!strcmp(arg, "-"))
		return cli_stdout_file(state);
	if (!cli_ends_with(arg, ".xlsx"))
		argp_error(state,
			   "-o %s: the output is an Excel workbook, and its name must end in "
			   ".xlsx (Excel will not open it under another)",
			   arg);
	return arg;
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
