/* xlsx_book.c - a workbook written under a temporary name; see xlsx_book.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/normalize.h"
#include "base/outfile.h"
#include "xlsx/xlsx_book.h"
#include "xlsx/xlsx_verify.h"

/* libxlsxwriter's temporary folder when TMPDIR is not set (tmpfile()). */
#define DEFAULT_TMPDIR "/tmp"

struct xlsx_book {
	lxw_workbook *wb;
	struct outfile out; /* the target and the temporary file written */
	char *title;	    /* document title, kept alive until close */
	char *subject;	    /* document subject, or NULL */
	char *author;	    /* document author and company, or NULL */
	char *company;
	char *tmpdir; /* libxlsxwriter's temporary folder, or NULL */
	time_t created;
	struct xlsx_formats fmt;
	char **names; /* sheet names used, for uniqueness */
	size_t nnames;
};

int xlsx_lxw_fail(lxw_error err, const char *what, struct shequ_err *e)
{
	int code;

	switch (err) {
	case LXW_NO_ERROR:
		return 0;
	case LXW_ERROR_CREATING_XLSX_FILE:
	case LXW_ERROR_CREATING_TMPFILE:
		code = EX_CANTCREAT;
		break;
	case LXW_ERROR_READING_TMPFILE:
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_FILE_ADD:
	case LXW_ERROR_ZIP_CLOSE:
	case LXW_ERROR_ZIP_BAD_ZIP_FILE:
	case LXW_ERROR_ZIP_INTERNAL_ERROR:
	case LXW_ERROR_ZIP_PARAMETER_ERROR:
		code = EX_IOERR;
		break;
	default:
		code = EX_SOFTWARE;
		break;
	}
	return shequ_err_set(e, code, "%s: %s", what, lxw_strerror(err));
}

int xlsx_created_parse(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *end;
	char *num_end;
	long long v;

	if (*s == '@') {
		errno = 0;
		v = strtoll(s + 1, &num_end, 10);
		if (errno || num_end == s + 1 || *num_end || v <= 0)
			return -1;
		*out = (time_t)v;
		return 0;
	}
	end = strptime(s, "%Y-%m-%d", &tm);
	if (!end)
		return -1;
	if (*end == 'T' || *end == ' ') {
		end = strptime(end + 1, "%H:%M:%S", &tm);
		if (!end)
			return -1;
	}
	if (*end == 'Z')
		end++;
	if (*end || tm.tm_year < 80)
		return -1;
	*out = timegm(&tm);
	return *out > 0 ? 0 : -1;
}

/* Add the formats every sheet uses; they belong to the workbook. */
static int book_formats(struct xlsx_book *b, struct shequ_err *e)
{
	struct xlsx_formats *f = &b->fmt;

	f->header = workbook_add_format(b->wb);
	f->text = workbook_add_format(b->wb);
	f->number = workbook_add_format(b->wb);
	f->score = workbook_add_format(b->wb);
	f->rate = workbook_add_format(b->wb);
	f->change = workbook_add_format(b->wb);
	f->red = workbook_add_format(b->wb);
	f->green = workbook_add_format(b->wb);
	f->amber = workbook_add_format(b->wb);
	f->bad = workbook_add_format(b->wb);
	f->total = workbook_add_format(b->wb);
	f->total_score = workbook_add_format(b->wb);
	f->fill_good = workbook_add_format(b->wb);
	f->fill_pass = workbook_add_format(b->wb);
	if (!f->total || !f->total_score || !f->fill_good || !f->fill_pass)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!f->header || !f->text || !f->number || !f->score || !f->rate || !f->change ||
	    !f->red || !f->green || !f->amber || !f->bad)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(f->header, 0xDDEBF7);
	format_set_border(f->header, LXW_BORDER_THIN);
	format_set_num_format(f->text, "@");
	/* A code after a right-aligned number would touch it ("5CHHY-01"). */
	format_set_indent(f->text, 1);
	format_set_num_format(f->score, "0.00");
	format_set_num_format(f->rate, "0.00\"%\"");
	format_set_num_format(f->change, "\"↑ \"+0.00;\"↓ \"-0.00;\"→ \"0.00");
	format_set_font_color(f->red, 0x9C0006);
	format_set_bg_color(f->red, 0xFFC7CE);
	format_set_font_color(f->green, 0x00B050);
	format_set_font_color(f->amber, 0xC07000);
	format_set_font_color(f->bad, 0xC00000);
	format_set_num_format(f->green, "\"● \"@");
	format_set_num_format(f->amber, "\"● \"@");
	format_set_num_format(f->bad, "\"● \"@");
	/* The fills of the grade bands, in the traffic light's colours. */
	format_set_font_color(f->fill_good, 0x006100);
	format_set_bg_color(f->fill_good, 0xC6EFCE);
	format_set_font_color(f->fill_pass, 0x9C5700);
	format_set_bg_color(f->fill_pass, 0xFFEB9C);
	format_set_bold(f->total);
	format_set_top(f->total, LXW_BORDER_THIN);
	format_set_bold(f->total_score);
	format_set_top(f->total_score, LXW_BORDER_THIN);
	format_set_num_format(f->total_score, "0.00");
	return 0;
}

/*
 * libxlsxwriter prints "[ERROR]" lines of its own on stderr, naming its
 * temporary files; the caller reports one line instead.  Returns the
 * saved stderr for quiet_end(), or -1 when it stays as it was.
 */
static int quiet_begin(void)
{
	int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (saved < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		saved = -1;
	}
	if (null >= 0)
		close(null);
	return saved;
}

/* Give stderr back after quiet_begin(). */
static void quiet_end(int saved)
{
	if (saved < 0)
		return;
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* Keep TMPDIR for libxlsxwriter (it reads the string until close). */
static int book_tmpdir(struct xlsx_book *b, struct shequ_err *e)
{
	const char *td = getenv("TMPDIR");

	if (td && *td && !(b->tmpdir = strdup(td)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Start the libxlsxwriter workbook on the temporary file. */
static int book_start(struct xlsx_book *b, const struct xlsx_book_opts *o, struct shequ_err *e)
{
	lxw_workbook_options wo = {0};
	int quiet;

	wo.constant_memory = o && o->constant_memory ? LXW_TRUE : LXW_FALSE;
	wo.tmpdir = b->tmpdir;
	/* Through the descriptor: a name swapped for a symlink meanwhile is
	 * never written through. */
	quiet = quiet_begin();
	b->wb = workbook_new_opt(outfile_name(&b->out), &wo);
	quiet_end(quiet);
	if (!b->wb)
		return shequ_err_set(e, EX_SOFTWARE, "cannot start a workbook for %s", b->out.path);
	return 0;
}

/* Keep the author and company of O (cleaned for the file). */
static int book_people(struct xlsx_book *b, const struct xlsx_book_opts *o, struct shequ_err *e)
{
	if (o->author && *o->author && !(b->author = text_for_sheet(o->author)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (o->company && *o->company && !(b->company = text_for_sheet(o->company)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

struct xlsx_book *xlsx_book_open(const char *path, const struct xlsx_book_opts *o,
				 struct shequ_err *e)
{
	struct xlsx_book *b = calloc(1, sizeof *b);
	int flags = (o && o->private_file ? OUTFILE_PRIVATE : 0) |
		    (o && o->nofollow_dir ? OUTFILE_NOFOLLOW_DIR : 0);

	if (!b) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	b->out.fd = b->out.dirfd = -1;
	if (outfile_open(&b->out, path, flags, e) || book_tmpdir(b, e) || book_start(b, o, e))
		goto fail;
	b->created = o && o->created ? o->created : time(NULL);
	if (book_formats(b, e))
		goto fail;
	if (o && o->title && xlsx_book_set_title(b, o->title, e))
		goto fail;
	if (o && book_people(b, o, e))
		goto fail;
	return b;
fail:
	xlsx_book_abort(b);
	return NULL;
}

lxw_workbook *xlsx_book_workbook(struct xlsx_book *b)
{
	return b->wb;
}

time_t xlsx_book_created(const struct xlsx_book *b)
{
	return b->created;
}

const struct xlsx_formats *xlsx_book_formats(const struct xlsx_book *b)
{
	return &b->fmt;
}

size_t xlsx_book_sheets(const struct xlsx_book *b)
{
	return b->nnames;
}

int xlsx_book_set_title(struct xlsx_book *b, const char *title, struct shequ_err *e)
{
	char *t = text_for_sheet(title);

	if (!t)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	free(b->title);
	b->title = t;
	return 0;
}

int xlsx_book_set_subject(struct xlsx_book *b, const char *subject, struct shequ_err *e)
{
	char *t = text_for_sheet(subject);

	if (!t)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	free(b->subject);
	b->subject = t;
	return 0;
}

void xlsx_sheet_name(const char *wanted, char *out, size_t n)
{
	char *clean = text_for_sheet(wanted ? wanted : "");
	const char *s = clean ? clean : "";
	size_t o = 0, units = 0, len;
	uint32_t cp;

	if (n == 0)
		return;
	len = strlen(s);
	while (len && (*s == ' ' || *s == '\'' || *s == '\t' || *s == '\n')) {
		s++;
		len--;
	}
	while (*s && o + 5 < n) {
		size_t k = utf8_decode(s, strlen(s), &cp);

		if (!k)
			break; /* cannot happen after text_for_sheet */
		if (units + (cp > 0xFFFF ? 2 : 1) > LXW_SHEETNAME_MAX)
			break;
		units += cp > 0xFFFF ? 2 : 1;
		/* Only ASCII can be forbidden: a code point compared as a char
		 * would match its low byte (区 is U+533A, and 0x3A is ':'). */
		if (cp < 0x20 || (cp < 0x80 && strchr("[]:*?/\\", (int)cp) != NULL)) {
			out[o++] = cp < 0x20 ? ' ' : '_';
		} else {
			memcpy(out + o, s, k);
			o += k;
		}
		s += k;
	}
	while (o && (out[o - 1] == ' ' || out[o - 1] == '\''))
		o--;
	out[o] = '\0';
	if (!o)
		snprintf(out, n, "Sheet");
	free(clean);
}

/* 1 when NAME is already a sheet of B (Excel ignores case). */
static int book_has(const struct xlsx_book *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nnames; i++)
		if (strcasecmp(b->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * The number to go on from when BASE is taken: for "NAME (3)" it is 4, and
 * BASE is cut to "NAME" (so the next is "NAME (4)", not "NAME (3) (2)");
 * for any other name 2.
 */
static int copy_number(char *base)
{
	size_t len = strlen(base);
	char *open = strrchr(base, '('), *end;
	long k;

	if (len <= 4 || base[len - 1] != ')' || !open || open <= base + 1 || open[-1] != ' ' ||
	    open[1] < '0' || open[1] > '9')
		return 2;
	errno = 0;
	k = strtol(open + 1, &end, 10);
	if (errno || end != base + len - 1 || k >= INT_MAX - 1)
		return 2;
	open[-1] = '\0';
	return (int)k + 1;
}

/* Write into NAME (N bytes) "BASE (I)" within Excel's 31 characters,
 * dropping whole characters from the end of BASE to make room. */
static void numbered_name(const char *base, int i, char *name, size_t n)
{
	char suffix[16], check[XLSX_SHEETNAME_SIZE];
	size_t keep = strlen(base);

	snprintf(suffix, sizeof suffix, " (%d)", i);
	for (;;) {
		snprintf(name, n, "%.*s%s", (int)keep, base, suffix);
		xlsx_sheet_name(name, check, sizeof check);
		if (strcmp(check, name) == 0)
			return;
		do
			keep--;
		while (keep && ((unsigned char)base[keep] & 0xC0) == 0x80);
	}
}

/* Write into NAME (N bytes) the name of a sheet wanted as WANTED that no
 * sheet of B has yet: the safe name itself, else the next "NAME (I)". */
static void unique_name(const struct xlsx_book *b, const char *wanted, char *name, size_t n)
{
	char base[XLSX_SHEETNAME_SIZE];
	int i;

	xlsx_sheet_name(wanted, base, sizeof base);
	snprintf(name, n, "%s", base);
	if (!book_has(b, name))
		return;
	for (i = copy_number(base); book_has(b, name); i++)
		numbered_name(base, i, name, n);
}

lxw_worksheet *xlsx_book_add_sheet(struct xlsx_book *b, const char *wanted, char *got, size_t n,
				   struct shequ_err *e)
{
	char name[XLSX_SHEETNAME_SIZE + 16];
	lxw_worksheet *ws;
	char **grown;
	int quiet;

	unique_name(b, wanted, name, sizeof name);
	grown = realloc(b->names, (b->nnames + 1) * sizeof *b->names);
	if (!grown) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	b->names = grown;
	if (!(b->names[b->nnames] = strdup(name))) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	quiet = quiet_begin();
	ws = workbook_add_worksheet(b->wb, name);
	quiet_end(quiet);
	if (!ws) {
		free(b->names[b->nnames]);
		shequ_err_set(e, EX_SOFTWARE, "cannot add sheet %s", name);
		return NULL;
	}
	b->nnames++;
	if (got && n)
		snprintf(got, n, "%s", name);
	return ws;
}

/* Free everything B holds except the workbook. */
static void book_free(struct xlsx_book *b)
{
	size_t i;

	for (i = 0; i < b->nnames; i++)
		free(b->names[i]);
	free(b->names);
	free(b->title);
	free(b->subject);
	free(b->author);
	free(b->company);
	free(b->tmpdir);
	free(b);
}

/* Write the document properties; the strings must live until close. */
static int book_properties(struct xlsx_book *b, struct shequ_err *e)
{
	lxw_doc_properties p = {0};

	p.title = b->title;
	p.subject = b->subject;
	p.author = b->author;
	p.company = b->company;
	p.created = b->created;
	return xlsx_lxw_fail(workbook_set_properties(b->wb, &p), "document properties", e);
}

/* The folder libxlsxwriter keeps its temporary files in, for messages. */
static const char *book_tmpdir_name(const struct xlsx_book *b)
{
	return b->tmpdir ? b->tmpdir : DEFAULT_TMPDIR;
}

int xlsx_book_check_temp(struct xlsx_book *b, lxw_worksheet *ws, struct shequ_err *e)
{
	if (!ws->optimize_tmpfile || !ferror(ws->optimize_tmpfile))
		return 0;
	return shequ_err_set(e, EX_IOERR, "cannot write %s: a temporary file in %s: %s",
			     b->out.path, book_tmpdir_name(b),
			     errno ? strerror(errno) : _("write error"));
}

/* Let libxlsxwriter write the file, quietly; map its error. */
static int book_write(struct xlsx_book *b, struct shequ_err *e)
{
	int quiet = quiet_begin(), rc = 0, saved;
	lxw_error err;

	errno = 0;
	err = workbook_close(b->wb);
	saved = errno;
	quiet_end(quiet);
	b->wb = NULL;
	if (!err)
		return 0;
	rc = xlsx_lxw_fail(err, "cannot write workbook", e);
	if (saved && (rc == EX_IOERR || rc == EX_CANTCREAT))
		shequ_err_set(e, rc, "cannot write %s: %s (%s)", b->out.path, lxw_strerror(err),
			      strerror(saved));
	else
		shequ_err_prefix(e, "%s: ", b->out.path);
	return rc;
}

/* Read the written file back: libxlsxwriter ignores write errors on its
 * temporary files and closes a workbook whose parts are empty. */
static int book_verify(struct xlsx_book *b, struct shequ_err *e)
{
	char why[320];

	if (xlsx_verify_fd(outfile_fd(&b->out), b->nnames, why, sizeof why) == 0)
		return 0;
	return shequ_err_set(e, EX_IOERR, "cannot write %s: %s (is %s full?)", b->out.path, why,
			     book_tmpdir_name(b));
}

int xlsx_book_close(struct xlsx_book *b, struct shequ_err *e)
{
	int rc;

	rc = book_properties(b, e);
	if (!rc)
		rc = book_write(b, e);
	if (!rc)
		rc = book_verify(b, e);
	if (!rc)
		rc = outfile_commit(&b->out, e);
	xlsx_book_abort(b);
	return rc;
}

void xlsx_book_abort(struct xlsx_book *b)
{
	if (!b)
		return;
	/* Freed without writing: nothing of it is wanted. */
	if (b->wb)
		lxw_workbook_free(b->wb);
	outfile_abort(&b->out);
	book_free(b);
}
