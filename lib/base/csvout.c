/* csvout.c - see csvout.h. */
#ifndef _GNU_SOURCE
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#endif
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"

struct csvout {
	FILE *f;	/* where rows go */
	char delim;	/* field separator */
	int crlf;	/* end rows with "\r\n" rather than "\n" */
	char *buf;	/* the row being built */
	size_t len;	/* bytes in buf */
	size_t cap;	/* size of buf */
	size_t nfields; /* fields in the row so far */
	int err;	/* 0, or the EX_* code every call now returns */
	int wr_errno;	/* errno of the first write error */
};

/* Make room for N more bytes in the row buffer; 0 or EX_SOFTWARE. */
static int room(struct csvout *w, size_t n)
{
	size_t cap;
	char *b;

	if (w->len + n <= w->cap)
		return 0;
	cap = w->cap ? w->cap : 256;
	while (cap < w->len + n)
		cap *= 2;
	b = realloc(w->buf, cap);
	if (!b)
		return w->err = EX_SOFTWARE;
	w->buf = b;
	w->cap = cap;
	return 0;
}

/* Whether the N bytes at S must be quoted. */
static int needs_quotes(const struct csvout *w, const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return 1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == w->delim || c == '"' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

struct csvout *csvout_new(FILE *f, int bom)
{
	struct csvout *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->f = f;
	w->delim = ',';
	if (bom && fwrite("\xEF\xBB\xBF", 1, 3, f) != 3) {
		w->err = EX_IOERR;
		w->wr_errno = errno ? errno : EIO;
	}
	return w;
}

void csvout_set_delim(struct csvout *w, char c)
{
	if (c && c != '"' && c != '\r' && c != '\n')
		w->delim = c;
}

void csvout_set_crlf(struct csvout *w, int crlf)
{
	w->crlf = !!crlf;
}

int csvout_fieldn(struct csvout *w, const char *s, size_t n)
{
	size_t i;

	if (w->err)
		return w->err;
	/* worst case: delimiter, two quotes, every byte doubled */
	if (n > ((size_t)-1 - 8) / 2 || room(w, 2 * n + 3))
		return w->err = EX_SOFTWARE;
	if (w->nfields++)
		w->buf[w->len++] = w->delim;
	if (!needs_quotes(w, s, n)) {
		if (n)
			memcpy(w->buf + w->len, s, n);
		w->len += n;
		return 0;
	}
	w->buf[w->len++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			w->buf[w->len++] = '"';
		w->buf[w->len++] = s[i];
	}
	w->buf[w->len++] = '"';
	return 0;
}

int csvout_field(struct csvout *w, const char *s)
{
	return csvout_fieldn(w, s ? s : "", s ? strlen(s) : 0);
}

int csvout_fieldf(struct csvout *w, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return w->err ? w->err : (w->err = EX_SOFTWARE);
	if ((size_t)n < sizeof small)
		return csvout_fieldn(w, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (!big)
		return w->err = EX_SOFTWARE;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = csvout_fieldn(w, big, (size_t)n);
	free(big);
	return rc;
}

int csvout_int(struct csvout *w, long long v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return csvout_fieldn(w, p, (size_t)(tmp + sizeof tmp - p));
}

int csvout_num(struct csvout *w, double v, int decimals)
{
	char tmp[400];
	int n;

	if (!isfinite(v))
		return csvout_null(w);
	if (decimals < 0) {
		n = snprintf(tmp, sizeof tmp, "%.15g", v);
		if (strtod(tmp, NULL) != v)
			n = snprintf(tmp, sizeof tmp, "%.17g", v);
	} else {
		if (decimals > 30)
			decimals = 30;
		n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
		/* "-0.00": the sign of a number that rounds to zero */
		if (tmp[0] == '-' && strspn(tmp + 1, "0.") == (size_t)n - 1) {
			memmove(tmp, tmp + 1, (size_t)n);
			n--;
		}
	}
	if (n < 0 || (size_t)n >= sizeof tmp)
		return csvout_null(w);
	return csvout_fieldn(w, tmp, (size_t)n);
}

int csvout_null(struct csvout *w)
{
	return csvout_fieldn(w, "", 0);
}

int csvout_end_row(struct csvout *w)
{
	if (w->err)
		return w->err;
	if (room(w, 4))
		return w->err;
	/* one empty field alone would be a blank line: quote it */
	if (w->nfields == 1 && w->len == 0) {
		w->buf[w->len++] = '"';
		w->buf[w->len++] = '"';
	}
	if (w->crlf)
		w->buf[w->len++] = '\r';
	w->buf[w->len++] = '\n';
	errno = 0;
	if (fwrite(w->buf, 1, w->len, w->f) != w->len || ferror(w->f)) {
		w->wr_errno = errno ? errno : EIO;
		return w->err = EX_IOERR;
	}
	w->len = 0;
	w->nfields = 0;
	return 0;
}

int csvout_row(struct csvout *w, const char *const *fields, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = csvout_field(w, fields[i]);
		if (rc)
			return rc;
	}
	return csvout_end_row(w);
}

int csvout_errno(const struct csvout *w)
{
	return w->wr_errno;
}

int csvout_close(struct csvout *w)
{
	int rc, err;

	if (!w)
		return 0;
	if (w->nfields)
		csvout_end_row(w);
	rc = w->err;
	if (!rc && (fflush(w->f) != 0 || ferror(w->f))) {
		rc = EX_IOERR;
		if (!w->wr_errno)
			w->wr_errno = errno ? errno : EIO;
	}
	err = w->wr_errno;
	free(w->buf);
	free(w);
	if (rc == EX_IOERR)
		errno = err;
	return rc;
}
