/*
 * csvin.c - see csvin.h.
 *
 * The pipeline: raw bytes (the 64 KiB sniffed at open time, then the file,
 * `chunk` bytes per read) -> UTF-8 text (validated in place for UTF-8,
 * converted by iconv otherwise) -> cut into line segments -> libcsv ->
 * fields copied into one arena per record.
 *
 * Each csv_parse() call gets at most one physical line: a segment ends
 * right after a line end (CR, LF or CRLF) or earlier when the window of
 * decoded text or the field-length allowance runs out.  libcsv ends a
 * record only on a CR or LF outside quotes, so one call yields at most one
 * record, and looking at the parser state between calls tells on which
 * line a record or a field started and which lines were blank.
 *
 * Most lines need no libcsv at all: a whole line that starts between
 * records and holds no quote is split by fast_line(), which applies the
 * same rules (trimming, blank lines, empty records) at several times the
 * speed.  Every line with a quote in it, and every record that spans
 * lines, goes through libcsv.
 *
 * An error in the bytes (bad encoding, NUL, read error) is found when the
 * bytes are decoded, ahead of the parser: it is kept pending and reported
 * once the text before it has been parsed, so the line number is exact and
 * the records before it are all handed out.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/csvin.h"
#include "base/gb18030.h"
#include "base/i18n.h"

/* libcsv 3.0.3's parser states (struct csv_parser.pstate, libcsv.c). */
enum {
	PS_ROW_NOT_BEGUN = 0,	       /* between records */
	PS_FIELD_NOT_BEGUN = 1,	       /* after a delimiter */
	PS_FIELD_BEGUN = 2,	       /* inside a field */
	PS_FIELD_MIGHT_HAVE_ENDED = 3, /* after a quote inside a quoted field */
};

/* How bytes become UTF-8 text. */
enum dec {
	DEC_UTF8,  /* validated in place, no copy */
	DEC_ICONV, /* converted by iconv into dbuf */
};

/* The error waiting behind the decoded text, if any. */
enum pend {
	PEND_NONE, /* none */
	PEND_ENC,  /* a byte the encoding rejects */
	PEND_NUL,  /* a NUL character */
	PEND_READ, /* a read error */
};

/* What a segment given to feed() is. */
enum seg {
	SEG_PART, /* part of a line, no line end in it */
	SEG_EOL,  /* the rest of a line, its line end included */
	SEG_LF,	  /* the LF of a CRLF whose CR ended the previous segment */
};

/* How the 8-byte word tests below see their bytes. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Extra room in rbuf: the tail of an incomplete character is at most 3. */
#define RBUF_SLACK 16

struct csvin {
	FILE *f;	      /* the input */
	int own_f;	      /* whether csvin_close() closes f */
	const char *enc_name; /* what csvin_encoding() answers */
	int enc_utf8_guess;   /* UTF-8 chosen without a BOM: hint at -e gb18030 */
	long guess_line;      /* GB18030 chosen because this line is not UTF-8, */
	long long guess_off;  /* at this byte offset; 0 when not guessed so */
	const char *enc_err;  /* encoding named in "invalid X" messages */
	enum dec dec;	      /* how bytes become text */
	iconv_t cd;	      /* for DEC_ICONV, else (iconv_t)-1 */
	struct gb18030 *gb;   /* GB18030's fast path, with cd */
	int utf16;	      /* input is UTF-16: NUL is an aligned 00 00 */
	size_t chunk;	      /* bytes per read */
	size_t max_field;     /* longest field allowed */
	size_t max_row;	      /* largest record allowed (arena bytes) */

	unsigned char *sniff; /* the first bytes, read by csvin_open() */
	size_t sniff_len;     /* bytes in sniff */
	size_t sniff_pos;     /* bytes of sniff already handed to rbuf */
	int eof;	      /* the file has no more bytes */
	int rd_errno;	      /* errno of a read error, else 0 */

	unsigned char *rbuf; /* raw bytes */
	size_t rcap;	     /* size of rbuf: chunk + RBUF_SLACK */
	size_t rlen;	     /* bytes in rbuf */
	size_t rpos;	     /* bytes of rbuf decoded (iconv) or validated */
	long long roff;	     /* file offset of rbuf[0] */
	int need_more;	     /* iconv stopped inside a character: read more */

	unsigned char *dbuf; /* iconv output, DEC_ICONV only */
	size_t dcap;	     /* size of dbuf */
	unsigned char *text; /* decoded text: rbuf (DEC_UTF8) or dbuf */
	size_t tpos;	     /* next byte of text to parse */
	size_t tend;	     /* end of the decoded text */
	int first_text;	     /* nothing decoded yet (to drop a U+FEFF) */
	enum pend pend;	     /* error behind the decoded text */
	long long pend_off;  /* its file offset */

	struct csv_parser p;	 /* libcsv's state */
	long line;		 /* physical line of text[tpos], 1-based */
	int after_cr;		 /* the last byte fed was a CR ending a line */
	int line_fresh;		 /* the line began between records, made none */
	int line_bytes;		 /* part of the line has been fed */
	long start_line;	 /* where the record being parsed started */
	long field_line;	 /* where the field being parsed started */
	unsigned long nfield_cb; /* fields libcsv has handed over, ever */

	char *arena;	   /* the fields of the record, NUL-terminated */
	size_t alen;	   /* bytes used in arena */
	size_t acap;	   /* size of arena */
	size_t *offs;	   /* offset of each field in arena */
	size_t *lens;	   /* length of each field */
	char **fields;	   /* pointers into arena, filled by emit() */
	size_t nf;	   /* fields in the record so far */
	size_t fcap;	   /* room in offs, lens and fields */
	int nonempty;	   /* some field of the record is not empty */
	int row_ready;	   /* a record is complete in the arena */
	long row_line;	   /* where the complete record started */
	long row_end_line; /* where it ended */
	int cb_err;	   /* what went wrong inside a libcsv callback */

	struct csvin_row row; /* what csvin_next() hands out */
	long records;	      /* records handed out */
	long skipped;	      /* blank lines and empty records skipped */
	int done;	      /* the end was reached */
	struct shequ_err err; /* the error, once failed (sticky) */
	size_t peak;	      /* largest memory held in buffers */
};

/* Errors found inside the libcsv callbacks (cb_err). */
enum {
	CB_OK,	  /* none */
	CB_FIELD, /* a field longer than max_field */
	CB_ROW,	  /* a record larger than max_row */
	CB_NOMEM, /* out of memory */
};

/*
 * Record a failure in R (it stays failed) and copy it to E.  Returns CODE.
 */
static int fail(struct csvin *r, struct shequ_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct csvin *r, struct shequ_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	r->err.code = code;
	va_start(ap, fmt);
	vsnprintf(r->err.msg, sizeof r->err.msg, i18n_format(fmt), ap);
	va_end(ap);
	if (e)
		*e = r->err;
	return code;
}

/* Whether the 8 bytes of W hold a zero byte. */
static inline uint64_t has_zero(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* What utf8_prefix() found after the valid prefix. */
enum {
	U8_OK,	  /* nothing: all was valid */
	U8_TRUNC, /* the start of a character cut by the end of the buffer */
	U8_BAD,	  /* an invalid byte */
	U8_NUL,	  /* a NUL byte */
};

/*
 * The length of the longest prefix of S[0..N) made of whole, valid UTF-8
 * characters other than NUL; *WHY says what follows it.  Strict: no
 * overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t utf8_prefix(const unsigned char *s, size_t n, int *why)
{
	size_t i = 0;

	for (;;) {
		unsigned c, lo = 0x80, hi = 0xBF;
		size_t len, k;

		/* ASCII fast path, 8 bytes at a time; stops at NUL too */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w | has_zero(w)) & HIGHS)
				break;
			i += 8;
		}
		if (i >= n) {
			*why = U8_OK;
			return n;
		}
		c = s[i];
		if (c < 0x80) {
			if (!c) {
				*why = U8_NUL;
				return i;
			}
			i++;
			continue;
		}
		if (c < 0xC2) {
			goto bad;
		} else if (c < 0xE0) {
			len = 2;
		} else if (c < 0xF0) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c < 0xF5) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			goto bad;
		}
		if (i + 1 >= n)
			goto trunc;
		if (s[i + 1] < lo || s[i + 1] > hi)
			goto bad;
		for (k = 2; k < len; k++) {
			if (i + k >= n)
				goto trunc;
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
		}
		i += len;
	}
trunc:
	*why = U8_TRUNC;
	return i;
bad:
	*why = U8_BAD;
	return i;
}

/* The first CR or LF in [P, END), or END. */
static inline const unsigned char *find_eol(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		if (has_zero(w ^ (ONES * '\n')) | has_zero(w ^ (ONES * '\r')))
			break;
		p += 8;
	}
	while (p < end && *p != '\n' && *p != '\r')
		p++;
	return p;
}

/* Bytes held in buffers now; raises the peak. */
static void note_mem(struct csvin *r)
{
	size_t m = r->rcap + r->dcap + r->acap + r->p.entry_size +
		   r->fcap * (2 * sizeof(size_t) + sizeof(char *));

	if (r->sniff)
		m += CSVIN_SNIFF;
	if (m > r->peak)
		r->peak = m;
}

/*
 * Read up to N raw bytes into BUF: first what the sniff holds, then the
 * file.  Returns 0 only at the end of the input or on a read error
 * (r->rd_errno set).
 */
static size_t raw_read(struct csvin *r, unsigned char *buf, size_t n)
{
	size_t k;

	if (r->sniff_pos < r->sniff_len) {
		k = r->sniff_len - r->sniff_pos;
		if (k > n)
			k = n;
		memcpy(buf, r->sniff + r->sniff_pos, k);
		r->sniff_pos += k;
		if (r->sniff_pos == r->sniff_len) {
			free(r->sniff);
			r->sniff = NULL;
		}
		return k;
	}
	if (r->eof || !n)
		return 0;
	k = fread(buf, 1, n, r->f);
	if (k < n) {
		if (ferror(r->f))
			r->rd_errno = errno ? errno : EIO;
		r->eof = 1;
	}
	return k;
}

/* Set the error waiting behind the text decoded so far. */
static void set_pend(struct csvin *r, enum pend what, long long off)
{
	if (r->pend == PEND_NONE) {
		r->pend = what;
		r->pend_off = off;
	}
}

/* Report the pending error: all the text before it has been parsed. */
static int pend_fail(struct csvin *r, struct shequ_err *e)
{
	switch (r->pend) {
	case PEND_ENC:
		return fail(r, e, EX_DATAERR, "line %ld: invalid %s at byte offset %lld%s", r->line,
			    r->enc_err, r->pend_off,
			    r->enc_utf8_guess ? _(" (use -e gb18030 if the file is GB18030)") : "");
	case PEND_NUL:
		return fail(r, e, EX_DATAERR, "line %ld: NUL byte at byte offset %lld%s", r->line,
			    r->pend_off,
			    r->enc_utf8_guess && r->pend_off < 2
				? _(" (UTF-16 without a BOM? use -e utf-16le)")
				: "");
	case PEND_READ:
		return fail(r, e, EX_IOERR, "read error: %s", strerror(r->rd_errno));
	case PEND_NONE:
		break;
	}
	return fail(r, e, EX_SOFTWARE, "csvin: no pending error");
}

/*
 * Make more UTF-8 text available in place in rbuf.  Returns 1 when there
 * is, 0 at the end of the input, -1 when only the pending error is left.
 */
static int fill_utf8(struct csvin *r)
{
	size_t keep = r->rlen - r->rpos;

	/* all validated text was parsed: keep only the unvalidated tail */
	memmove(r->rbuf, r->rbuf + r->rpos, keep);
	r->roff += (long long)r->rpos;
	r->rlen = keep;
	r->rpos = r->tpos = r->tend = 0;
	if (r->pend)
		return -1;
	for (;;) {
		size_t room = r->rcap - r->rlen, got, good;
		int why;

		got = raw_read(r, r->rbuf + r->rlen, room < r->chunk ? room : r->chunk);
		r->rlen += got;
		good = utf8_prefix(r->rbuf, r->rlen, &why);
		if (!got && r->rd_errno)
			set_pend(r, PEND_READ, r->roff + (long long)r->rlen);
		else if (why == U8_BAD || (why == U8_TRUNC && !got))
			set_pend(r, PEND_ENC, r->roff + (long long)good);
		else if (why == U8_NUL)
			set_pend(r, PEND_NUL, r->roff + (long long)good);
		r->rpos = r->tend = good;
		if (good)
			return 1;
		if (r->pend)
			return -1;
		if (!got)
			return 0;
	}
}

/*
 * Where the first NUL character is in rbuf[rpos..rlen), or rlen: a 0 byte
 * for GB18030, a 00 00 pair at an even file offset for UTF-16.
 */
static size_t find_nul(const struct csvin *r)
{
	size_t i = r->rpos;

	if (!r->utf16) {
		const unsigned char *z = memchr(r->rbuf + i, 0, r->rlen - i);

		return z ? (size_t)(z - r->rbuf) : r->rlen;
	}
	if ((r->roff + (long long)i) & 1)
		i++;
	for (; i + 1 < r->rlen; i += 2)
		if (!r->rbuf[i] && !r->rbuf[i + 1])
			return i;
	return r->rlen;
}

/*
 * Make more UTF-8 text available in dbuf through iconv.  Returns 1 when
 * there is, 0 at the end of the input, -1 when only the pending error is
 * left.
 */
static int fill_iconv(struct csvin *r)
{
	r->tpos = r->tend = 0;
	if (r->pend)
		return -1;
	for (;;) {
		char *in, *out;
		size_t inleft, outleft, res, lim;
		int err = 0;

		if (r->rpos == r->rlen || r->need_more) {
			size_t keep = r->rlen - r->rpos, room, got;

			memmove(r->rbuf, r->rbuf + r->rpos, keep);
			r->roff += (long long)r->rpos;
			r->rlen = keep;
			r->rpos = 0;
			room = r->rcap - r->rlen;
			got = raw_read(r, r->rbuf + r->rlen, room < r->chunk ? room : r->chunk);
			r->rlen += got;
			if (!got) {
				if (r->rd_errno)
					set_pend(r, PEND_READ, r->roff + (long long)keep);
				else if (keep)
					set_pend(r, PEND_ENC, r->roff);
				else
					return 0;
				return -1;
			}
			r->need_more = 0;
		}
		lim = find_nul(r);
		in = (char *)r->rbuf + r->rpos;
		inleft = lim - r->rpos;
		out = (char *)r->dbuf + r->tend;
		outleft = r->dcap - r->tend;
		res = r->gb ? gb18030_conv(r->gb, r->cd, &in, &inleft, &out, &outleft)
			    : iconv(r->cd, &in, &inleft, &out, &outleft);
		if (res == (size_t)-1)
			err = errno;
		r->rpos = (size_t)((unsigned char *)in - r->rbuf);
		r->tend = (size_t)((unsigned char *)out - r->dbuf);
		if (err == EILSEQ || (err == EINVAL && lim < r->rlen))
			set_pend(r, PEND_ENC, r->roff + (long long)r->rpos);
		else if (err == EINVAL)
			r->need_more = 1;
		else if (!err && lim < r->rlen)
			set_pend(r, PEND_NUL, r->roff + (long long)lim);
		if (r->first_text && r->tend) {
			r->first_text = 0;
			if (r->tend >= 3 && !memcmp(r->dbuf, "\xEF\xBB\xBF", 3))
				r->tpos = 3;
		}
		if (r->tend > r->tpos)
			return 1;
		if (r->pend)
			return -1;
	}
}

/* Grow the per-field arrays to hold at least one more field. */
static int grow_fields(struct csvin *r)
{
	size_t n = r->fcap ? 2 * r->fcap : 32;
	size_t *offs, *lens;
	char **fields;

	offs = realloc(r->offs, n * sizeof *offs);
	if (!offs)
		return -1;
	r->offs = offs;
	lens = realloc(r->lens, n * sizeof *lens);
	if (!lens)
		return -1;
	r->lens = lens;
	fields = realloc(r->fields, n * sizeof *fields);
	if (!fields)
		return -1;
	r->fields = fields;
	r->fcap = n;
	return 0;
}

/* libcsv's field callback: copy the field into the arena. */
static void cb_field(void *s, size_t len, void *data)
{
	struct csvin *r = data;

	r->nfield_cb++;
	if (r->cb_err)
		return;
	if (len > r->max_field) {
		r->cb_err = CB_FIELD;
		return;
	}
	/* each field also costs its three array slots */
	if (r->alen + len + 1 + 3 * sizeof(size_t) * r->nf > r->max_row) {
		r->cb_err = CB_ROW;
		return;
	}
	if (r->alen + len + 1 > r->acap) {
		size_t n = r->acap ? r->acap : 256;
		char *a;

		while (n < r->alen + len + 1)
			n *= 2;
		a = realloc(r->arena, n);
		if (!a) {
			r->cb_err = CB_NOMEM;
			return;
		}
		r->arena = a;
		r->acap = n;
	}
	if (r->nf == r->fcap && grow_fields(r)) {
		r->cb_err = CB_NOMEM;
		return;
	}
	if (len)
		memcpy(r->arena + r->alen, s, len);
	r->arena[r->alen + len] = '\0';
	r->offs[r->nf] = r->alen;
	r->lens[r->nf] = len;
	r->nf++;
	r->alen += len + 1;
	r->nonempty |= len != 0;
}

/* libcsv's record callback: the record in the arena is complete. */
static void cb_row(int c, void *data)
{
	struct csvin *r = data;

	(void)c;
	r->line_fresh = 0;
	if (r->cb_err)
		return;
	if (!r->nonempty) {
		/* ",,," or the like: skip it */
		r->skipped++;
		r->nf = r->alen = 0;
		return;
	}
	r->row_ready = 1;
	r->row_line = r->start_line;
	r->row_end_line = r->line;
}

/* Turn an error left by a callback into a failure. */
static int cb_fail(struct csvin *r, struct shequ_err *e)
{
	switch (r->cb_err) {
	case CB_FIELD:
		return fail(r, e, EX_DATAERR, "line %ld: field %zu longer than %zu bytes",
			    r->field_line, r->nf + 1, r->max_field);
	case CB_ROW:
		return fail(r, e, EX_DATAERR, "line %ld: record longer than %zu bytes",
			    r->start_line, r->max_row);
	default:
		return fail(r, e, EX_SOFTWARE, "out of memory");
	}
}

/*
 * Give N bytes at S, a segment of kind KIND, to libcsv and keep the line
 * accounting.  Returns 0 or an EX_* code.
 */
static int feed(struct csvin *r, const unsigned char *s, size_t n, enum seg kind,
		struct shequ_err *e)
{
	struct csv_parser *p = &r->p;
	int in_field0 = p->pstate >= PS_FIELD_BEGUN;
	unsigned long cb0 = r->nfield_cb;
	size_t blk, lim = r->max_field + 3, done;

	if (p->pstate == PS_ROW_NOT_BEGUN)
		r->start_line = r->line;
	/* grow libcsv's field buffer by doubling, hardly past max_field + 3 */
	blk = p->entry_size < 256 ? 256 : p->entry_size;
	if (p->entry_size + blk > lim)
		blk = lim > p->entry_size + 64 ? lim - p->entry_size : 64;
	csv_set_blk_size(p, blk);

	done = csv_parse(p, s, n, cb_field, cb_row, r);
	note_mem(r);
	if (p->pstate >= PS_FIELD_BEGUN && (!in_field0 || r->nfield_cb != cb0))
		r->field_line = r->line;
	if (r->cb_err)
		return cb_fail(r, e);
	if (done < n) {
		if (csv_error(p) != CSV_EPARSE)
			return fail(r, e, EX_SOFTWARE, "out of memory");
		if (p->quoted)
			return fail(r, e, EX_DATAERR,
				    "line %ld: field %zu: a quote inside a quoted field must be "
				    "doubled (\"\") and the closing quote followed by '%c' or a "
				    "line end",
				    r->line, r->nf + 1, p->delim_char);
		return fail(r, e, EX_DATAERR,
			    "line %ld: field %zu: stray quote in an unquoted field (quote the "
			    "whole field and double the quote)",
			    r->line, r->nf + 1);
	}
	/* + 1: a closing quote is held until what follows it is seen */
	if (p->entry_pos > r->max_field + 1)
		return fail(r, e, EX_DATAERR, "line %ld: %sfield %zu longer than %zu bytes%s",
			    r->field_line, p->quoted ? _("quoted ") : "", r->nf + 1, r->max_field,
			    p->quoted ? _(" (unterminated quote?)") : "");
	switch (kind) {
	case SEG_PART:
		r->line_bytes |= n != 0;
		break;
	case SEG_EOL:
		if (r->line_fresh && p->pstate == PS_ROW_NOT_BEGUN)
			r->skipped++; /* a blank line */
		r->line++;
		r->line_fresh = p->pstate == PS_ROW_NOT_BEGUN;
		r->line_bytes = 0;
		break;
	case SEG_LF:
		break;
	}
	return 0;
}

/* Whether C is trimmed around unquoted fields (libcsv's default). */
static inline int is_trim(int c, int delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/*
 * The fast path: split the N bytes at S, a whole line without its line end
 * that starts between records and holds no quote, exactly as libcsv would,
 * but in one copy: the line goes into the arena and each delimiter becomes
 * a NUL.  Then do feed()'s SEG_EOL accounting.  Returns 0 or an EX_* code.
 */
static int fast_line(struct csvin *r, const unsigned char *s, size_t n, struct shequ_err *e)
{
	int delim = r->p.delim_char;
	size_t i = 0, b, t;
	char *a;

	r->start_line = r->field_line = r->line;
	while (i < n && is_trim(s[i], delim))
		i++;
	if (i == n) {
		r->skipped++; /* a blank line */
		goto eol;
	}
	if (n + 1 > r->acap) {
		size_t cap = r->acap ? r->acap : 256;

		while (cap < n + 1)
			cap *= 2;
		a = realloc(r->arena, cap);
		if (!a)
			return fail(r, e, EX_SOFTWARE, "out of memory");
		r->arena = a;
		r->acap = cap;
	}
	a = r->arena;
	memcpy(a, s, n);
	a[n] = '\0';
	for (;;) {
		/* a field starts at i (leading blanks skipped), ends at t */
		for (b = i; b < n && a[b] != delim; b++)
			;
		for (t = b; t > i && is_trim((unsigned char)a[t - 1], delim); t--)
			;
		a[t] = '\0';
		if (t - i > r->max_field) {
			r->cb_err = CB_FIELD;
			return cb_fail(r, e);
		}
		if (b + 1 + 3 * sizeof(size_t) * r->nf > r->max_row) {
			r->cb_err = CB_ROW;
			return cb_fail(r, e);
		}
		if (r->nf == r->fcap && grow_fields(r))
			return fail(r, e, EX_SOFTWARE, "out of memory");
		r->offs[r->nf] = i;
		r->lens[r->nf] = t - i;
		r->nf++;
		r->nonempty |= t != i;
		if (b == n)
			break;
		for (i = b + 1; i < n && is_trim((unsigned char)a[i], delim); i++)
			;
	}
	r->alen = n + 1;
	if (r->nonempty) {
		r->row_ready = 1;
		r->row_line = r->row_end_line = r->line;
	} else {
		r->skipped++; /* ",,," */
		r->nf = r->alen = 0;
	}
eol:
	r->line++;
	r->line_fresh = 1;
	note_mem(r);
	return 0;
}

/* The end of the input: let libcsv finish the last record. */
static int finish(struct csvin *r, struct shequ_err *e)
{
	struct csv_parser *p = &r->p;

	if (p->pstate == PS_ROW_NOT_BEGUN) {
		if (r->line_fresh && r->line_bytes)
			r->skipped++; /* a last line of spaces */
		return 0;
	}
	if (csv_fini(p, cb_field, cb_row, r) != 0)
		return fail(r, e, EX_DATAERR, "line %ld: unterminated quoted field starting here",
			    r->field_line);
	if (r->cb_err)
		return cb_fail(r, e);
	return 0;
}

/* Hand out the complete record in the arena. */
static void emit(struct csvin *r, struct csvin_row **row)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		r->fields[i] = r->arena + r->offs[i];
	r->records++;
	r->row.nfields = r->nf;
	r->row.fields = r->fields;
	r->row.lens = r->lens;
	r->row.line = r->row_line;
	r->row.end_line = r->row_end_line;
	r->row.record = r->records;
	*row = &r->row;
}

/*
 * The text is used up: decode more.  At the end of the input let libcsv
 * finish the last record and set r->done.  Returns 0 or an EX_* code.
 */
static int next_fill(struct csvin *r, struct shequ_err *e)
{
	int rc = r->dec == DEC_UTF8 ? fill_utf8(r) : fill_iconv(r);

	note_mem(r);
	if (rc < 0)
		return pend_fail(r, e);
	if (rc > 0)
		return 0;
	r->done = 1;
	return finish(r, e);
}

/*
 * After a line that ended in CR: an LF right after it (a CRLF cut between
 * reads) belongs to that line end and goes to libcsv alone.  Whether it was
 * one; *RC is then 0 or an EX_* code.
 */
static int next_lf(struct csvin *r, int *rc, struct shequ_err *e)
{
	r->after_cr = 0;
	if (r->text[r->tpos] != '\n')
		return 0;
	*rc = feed(r, r->text + r->tpos, 1, SEG_LF, e);
	if (!*rc)
		r->tpos++;
	return 1;
}

/*
 * Take the next line of the text, or as much of it as the text holds: a
 * whole line between records without quotes by the fast path, the rest
 * through libcsv.  Returns 0 or an EX_* code.
 */
static int next_line(struct csvin *r, struct shequ_err *e)
{
	const unsigned char *s = r->text + r->tpos, *end = r->text + r->tend, *q;
	size_t n, allow;
	enum seg kind;
	int rc;

	q = find_eol(s, end);
	n = (size_t)(q - s);
	if (q < end) {
		n++;
		if (*q == '\r' && q + 1 < end && q[1] == '\n')
			n++;
	}
	/* a whole line between records without quotes: no libcsv */
	if (q < end && r->p.pstate == PS_ROW_NOT_BEGUN && !r->line_bytes &&
	    !memchr(s, '"', (size_t)(q - s))) {
		r->after_cr = s[n - 1] == '\r';
		rc = fast_line(r, s, (size_t)(q - s), e);
		if (!rc)
			r->tpos += n;
		return rc;
	}
	/* so that libcsv never holds more than max_field + 2 bytes */
	allow = r->max_field + 2 - r->p.entry_pos;
	if (n > allow)
		n = allow;
	kind = q < end && s + n > q ? SEG_EOL : SEG_PART;
	r->after_cr = kind == SEG_EOL && s[n - 1] == '\r';
	rc = feed(r, s, n, kind, e);
	if (!rc)
		r->tpos += n;
	return rc;
}

int csvin_next(struct csvin *r, struct csvin_row **row, struct shequ_err *e)
{
	int rc = 0;

	*row = NULL;
	if (r->err.code) {
		if (e)
			*e = r->err;
		return r->err.code;
	}
	if (r->done)
		return 0;
	r->nf = r->alen = 0;
	r->nonempty = 0;
	r->row_ready = 0;
	for (;;) {
		if (r->tpos == r->tend) {
			if ((rc = next_fill(r, e)) || r->done)
				break;
		} else if (r->after_cr && next_lf(r, &rc, e)) {
			if (rc)
				break;
		} else if ((rc = next_line(r, e)) || r->row_ready) {
			break;
		}
	}
	if (!rc && r->row_ready)
		emit(r, row);
	return rc;
}

/* An encoding named in csvin_opts. */
enum want {
	W_AUTO,	   /* detect */
	W_UTF8,	   /* UTF-8 */
	W_GB,	   /* GB18030 */
	W_UTF16,   /* UTF-16, BOM decides, LE without */
	W_UTF16LE, /* UTF-16LE */
	W_UTF16BE, /* UTF-16BE */
};

/* Parse an encoding name; -1 when unknown. */
static int want_of(const char *s)
{
	static const struct {
		const char *name; /* as the user spells it, any case */
		int want;	  /* what it means */
	} names[] = {
	    {"auto", W_AUTO},	     {"utf-8", W_UTF8},	     {"utf8", W_UTF8},
	    {"gb18030", W_GB},	     {"gbk", W_GB},	     {"gb2312", W_GB},
	    {"cp936", W_GB},	     {"utf-16", W_UTF16},    {"utf16", W_UTF16},
	    {"utf-16le", W_UTF16LE}, {"utf16le", W_UTF16LE}, {"utf-16be", W_UTF16BE},
	    {"utf16be", W_UTF16BE},
	};
	size_t i;

	if (!s || !*s)
		return W_AUTO;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcasecmp(s, names[i].name))
			return names[i].want;
	return -1;
}

/*
 * Whether the sniffed bytes look like UTF-8 (NULs and a cut end allowed);
 * when not, *BAD is the offset of the first byte that is not.
 */
static int sniff_is_utf8(const unsigned char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	int why;

	for (;;) {
		i += utf8_prefix(s + i, n - i, &why);
		if (why != U8_NUL) {
			*bad = i;
			return why != U8_BAD;
		}
		i++;
	}
}

/* The physical line (1-based) of the byte at offset N of S. */
static long line_of(const unsigned char *s, size_t n)
{
	long line = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			line++;
	return line;
}

/* Set the reader up to decode with iconv from FROM. */
static int use_iconv(struct csvin *r, const char *from, struct shequ_err *e)
{
	r->cd = iconv_open("UTF-8", from);
	if (r->cd == (iconv_t)-1)
		return shequ_err_set(e, EX_SOFTWARE, "cannot convert from %s: %s", from,
				     strerror(errno));
	if (!strcmp(from, "GB18030") && !(r->gb = gb18030_open(r->cd)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	r->dec = DEC_ICONV;
	r->dcap = 2 * r->chunk + 64;
	r->dbuf = malloc(r->dcap);
	if (!r->dbuf)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	r->text = r->dbuf;
	return 0;
}

/* Which byte order mark the file starts with, if any. */
struct bom {
	int u8, le, be; /* EF BB BF, FF FE, FE FF */
};

/* Read the first CSVIN_SNIFF bytes into r->sniff, noting a file that ends
 * sooner, and the byte order mark they start with in *B. */
static int sniff_read(struct csvin *r, struct bom *b, struct shequ_err *e)
{
	const unsigned char *s;
	size_t n;

	r->sniff = malloc(CSVIN_SNIFF);
	if (!r->sniff)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	n = fread(r->sniff, 1, CSVIN_SNIFF, r->f);
	if (n < CSVIN_SNIFF) {
		if (ferror(r->f))
			return shequ_err_set(e, EX_IOERR, "read error: %s", strerror(errno));
		r->eof = 1;
	}
	r->sniff_len = n;
	s = r->sniff;
	b->u8 = n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
	b->le = n >= 2 && s[0] == 0xFF && s[1] == 0xFE;
	b->be = n >= 2 && s[0] == 0xFE && s[1] == 0xFF;
	return 0;
}

/* The encoding to read with: WANT, unless it leaves the choice (or the byte
 * order) open; then the BOM B decides, else the bytes themselves, and a guess
 * of GB18030 keeps where the first byte that is not UTF-8 is. */
static int sniff_want(struct csvin *r, int want, const struct bom *b)
{
	size_t bad;

	if (want == W_UTF16)
		return b->be ? W_UTF16BE : W_UTF16LE;
	if (want != W_AUTO)
		return want;
	if (b->u8)
		return W_UTF8;
	if (b->le)
		return W_UTF16LE;
	if (b->be)
		return W_UTF16BE;
	if (sniff_is_utf8(r->sniff, r->sniff_len, &bad))
		return W_UTF8;
	r->guess_off = (long long)bad;
	r->guess_line = line_of(r->sniff, bad);
	return W_GB;
}

/* Set the reader up to decode WANT, skipping the BOM B when it names WANT. */
static int sniff_use(struct csvin *r, int want, const struct bom *b, struct shequ_err *e)
{
	switch (want) {
	case W_UTF8:
		r->enc_name = b->u8 ? "UTF-8 (BOM)" : "UTF-8";
		r->enc_err = "UTF-8";
		r->dec = DEC_UTF8;
		r->text = r->rbuf;
		/* errors hint at GB18030, unless a BOM says UTF-8 for sure */
		r->enc_utf8_guess = !b->u8;
		r->sniff_pos = b->u8 ? 3 : 0;
		r->roff = (long long)r->sniff_pos;
		return 0;
	case W_GB:
		r->enc_name = r->enc_err = "GB18030";
		return use_iconv(r, "GB18030", e);
	case W_UTF16BE:
		r->enc_name = r->enc_err = "UTF-16BE";
		r->utf16 = 1;
		r->sniff_pos = b->be ? 2 : 0;
		r->roff = (long long)r->sniff_pos;
		return use_iconv(r, "UTF-16BE", e);
	default:
		r->enc_name = r->enc_err = "UTF-16LE";
		r->utf16 = 1;
		r->sniff_pos = b->le ? 2 : 0;
		r->roff = (long long)r->sniff_pos;
		return use_iconv(r, "UTF-16LE", e);
	}
}

/* Files that are not CSV, known by their first bytes and, in the ZIP
 * family, by a name inside (the names of a ZIP's first entries are stored
 * as they are): what each is, and what to do with it instead. */
static const struct not_csv {
	const char *magic;  /* the bytes the file starts with */
	size_t len;	    /* how many */
	const char *inside; /* a name the first bytes also hold, or NULL */
	const char *what;   /* "this is WHAT, not CSV" */
	const char *todo;   /* what the user can do */
} not_csv[] = {
    {"PK\3\4", 4, "xl/", N_("an Excel workbook (xlsx)"), N_("save it as CSV from Excel or WPS")},
    {"PK\3\4", 4, "opendocument.spreadsheet", N_("a spreadsheet (ods)"),
     N_("save it as CSV from LibreOffice or WPS")},
    {"PK\3\4", 4, "word/", N_("a Word document (docx)"), N_("give the table as CSV")},
    {"PK\3\4", 4, NULL, N_("a ZIP archive"), N_("unzip it and give the CSV inside")},
    {"PK\5\6", 4, NULL, N_("an empty ZIP archive"), N_("give the CSV itself")},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, NULL,
     N_("an old Excel workbook (xls) or another Office file"),
     N_("save it as CSV from Excel or WPS")},
    {"%PDF-", 5, NULL, N_("a PDF document"), N_("give the table as CSV")},
    {"\x1F\x8B", 2, NULL, N_("a gzip-compressed file"), N_("gunzip it first")},
};

/* EX_DATAERR with a message that says what the sniffed bytes are, when
 * they are no CSV: a workbook, an archive, an empty file; else 0.  The
 * caller names the file. */
static int sniff_not_csv(const struct csvin *r, struct shequ_err *e)
{
	const unsigned char *s = r->sniff;
	size_t i, n = r->sniff_len;

	if (n == 0 && r->eof)
		return shequ_err_set(e, EX_DATAERR, "no header: the file is empty (0 bytes)");
	for (i = 0; i < sizeof not_csv / sizeof not_csv[0]; i++) {
		const struct not_csv *k = &not_csv[i];

		if (n < k->len || memcmp(s, k->magic, k->len) ||
		    (k->inside && !memmem(s, n, k->inside, strlen(k->inside))))
			continue;
		return shequ_err_set(e, EX_DATAERR, "this is %s, not CSV: %s", _(k->what),
				     _(k->todo));
	}
	return 0;
}

/*
 * Read the first CSVIN_SNIFF bytes, refuse what is no CSV at all, and
 * settle the encoding from WANT, the BOM and the bytes.  Returns 0 or an
 * EX_* code.
 */
static int sniff(struct csvin *r, int want, struct shequ_err *e)
{
	struct bom b = {0, 0, 0};
	int rc;

	if ((rc = sniff_read(r, &b, e)) || (rc = sniff_not_csv(r, e)))
		return rc;
	return sniff_use(r, sniff_want(r, want, &b), &b, e);
}

struct csvin *csvin_fopen(FILE *f, const struct csvin_opts *o, struct shequ_err *e)
{
	static const struct csvin_opts defaults;
	struct csvin *r;
	int want, rc;
	char d;

	if (!o)
		o = &defaults;
	want = want_of(o->encoding);
	if (want < 0) {
		shequ_err_set(
		    e, EX_USAGE,
		    "unknown encoding '%s' (use auto, utf-8, gb18030, gbk, utf-16, utf-16le or "
		    "utf-16be)",
		    o->encoding);
		return NULL;
	}
	d = o->delim ? o->delim : ',';
	if (d == '"' || d == '\r' || d == '\n') {
		shequ_err_set(e, EX_USAGE, "a quote or a line end cannot be the delimiter");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	r->f = f;
	r->cd = (iconv_t)-1;
	r->chunk = o->chunk ? o->chunk : CSVIN_CHUNK;
	r->max_field = o->max_field ? o->max_field : CSVIN_MAX_FIELD;
	r->max_row = r->max_field > SIZE_MAX / 64 ? SIZE_MAX : r->max_field * 64;
	r->line = 1;
	r->start_line = r->field_line = 1;
	r->line_fresh = 1;
	r->first_text = 1;
	if (r->max_field > SIZE_MAX - 1024 || r->chunk > SIZE_MAX / 4 - 1024) {
		shequ_err_set(e, EX_USAGE, "max_field or chunk too large");
		goto out;
	}
	r->rcap = r->chunk + RBUF_SLACK;
	r->rbuf = malloc(r->rcap);
	if (!r->rbuf) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		goto out;
	}
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&r->p, (unsigned char)d);
	rc = sniff(r, want, e);
	if (rc)
		goto out;
	note_mem(r);
	return r;
out:
	r->own_f = 0;
	csvin_close(r);
	return NULL;
}

struct csvin *csvin_open(const char *path, const struct csvin_opts *o, struct shequ_err *e)
{
	struct csvin *r;
	struct stat st;
	FILE *f;

	if (!path || !strcmp(path, "-"))
		return csvin_fopen(stdin, o, e);
	f = fopen(path, "rb");
	if (!f) {
		shequ_err_set(e, EX_NOINPUT, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			fclose(f);
			shequ_err_set(e, EX_NOINPUT, "cannot open %s: %s", path, strerror(EISDIR));
			return NULL;
		}
		if (S_ISREG(st.st_mode))
			posix_fadvise(fileno(f), 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	r = csvin_fopen(f, o, e);
	if (!r) {
		fclose(f);
		return NULL;
	}
	r->own_f = 1;
	return r;
}

void csvin_close(struct csvin *r)
{
	if (!r)
		return;
	if (r->own_f)
		fclose(r->f);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	gb18030_free(r->gb);
	csv_free(&r->p);
	free(r->sniff);
	free(r->rbuf);
	free(r->dbuf);
	free(r->arena);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r);
}

const char *csvin_encoding(const struct csvin *r)
{
	return r->enc_name;
}

int csvin_not_utf8(const struct csvin *r, long *line, long long *off)
{
	if (!r->guess_line)
		return 0;
	*line = r->guess_line;
	*off = r->guess_off;
	return 1;
}

long csvin_skipped(const struct csvin *r)
{
	return r->skipped;
}

long long csvin_bytes(const struct csvin *r)
{
	return r->roff + (long long)(r->dec == DEC_UTF8 ? r->tpos : r->rpos);
}

size_t csvin_peak_mem(const struct csvin *r)
{
	return r->peak;
}

/*
 * Decode the UTF-8 character at S into *C; returns its length, or 0 when S
 * does not start a valid character.
 */
static size_t u8_decode(const unsigned char *s, uint32_t *c)
{
	size_t n = 0, len;
	int why;

	while (n < 4 && s[n])
		n++;
	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (n < len || utf8_prefix(s, len, &why) != len)
		return 0;
	if (len == 2)
		*c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	else if (len == 3)
		*c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	else
		*c = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		     (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	return len;
}

/* Whether C is white space or an invisible character a header drops. */
static int header_drops(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200D) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

char *csv_header_norm(const char *cell)
{
	const unsigned char *s = (const unsigned char *)(cell ? cell : "");
	char *out = malloc(strlen((const char *)s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		uint32_t c;
		size_t k = u8_decode(s, &c);

		if (!k) {
			*o++ = (char)*s++;
			continue;
		}
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0; /* full-width ASCII */
		if (!header_drops(c)) {
			if (c < 0x80) {
				*o++ = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
			} else {
				memcpy(o, s, k);
				o += k;
			}
		}
		s += k;
	}
	*o = '\0';
	return out;
}

long csv_header_find(char *const *cells, size_t n, const char *name)
{
	char *want = csv_header_norm(name);
	long found = -1;
	size_t i;

	if (!want)
		return -1;
	for (i = 0; i < n && found < 0; i++) {
		char *got = csv_header_norm(cells[i]);

		if (!got)
			break;
		if (!strcmp(got, want))
			found = (long)i;
		free(got);
	}
	free(want);
	return found;
}
