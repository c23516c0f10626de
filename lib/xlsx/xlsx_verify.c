/* xlsx_verify.c - a written workbook read back whole; see xlsx_verify.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/i18n.h"
#include "xlsx/xlsx_verify.h"

/* Record signatures and fixed sizes of the zip format (APPNOTE 4.3). */
#define SIG_LOCAL 0x04034b50UL
#define SIG_CENTRAL 0x02014b50UL
#define SIG_END 0x06054b50UL
#define LOCAL_SIZE 30
#define CENTRAL_SIZE 46
#define END_SIZE 22
/* The end record is followed by a comment of at most 65535 bytes. */
#define END_SEARCH (END_SIZE + 65535)

/* Bytes read or inflated at a time. */
#define CHUNK 65536

/* Bytes kept from the start and the end of a part for the XML check. */
#define KEEP 512

/* Longest part name read. */
#define NAME_SIZE 256

/* The file being checked, and buffers for it (CHUNK bytes each). */
struct zipfile {
	int fd;
	unsigned char *in;  /* compressed bytes, or the end of the file */
	unsigned char *out; /* inflated bytes */
	char *why;	    /* where the first problem is written */
	size_t n;
};

/* One part, as the central directory describes it. */
struct part {
	char name[NAME_SIZE];
	unsigned method; /* 0 stored, 8 deflated */
	uint32_t crc;
	uint32_t csize; /* compressed bytes */
	uint32_t usize; /* bytes once inflated */
	uint32_t local; /* offset of its local header */
};

/* What reading one part saw: its first and last bytes. */
struct seen {
	unsigned char head[KEEP];
	size_t nhead;
	unsigned char tail[KEEP];
	size_t ntail; /* bytes in tail, the last ones read, in order */
	uint32_t crc;
	uint64_t size;
};

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* Write the problem into Z's WHY; returns -1. */
static int fail(struct zipfile *z, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z->why, z->n, i18n_format(fmt), ap);
	va_end(ap);
	return -1;
}

/* Read exactly N bytes at OFF; 0 or -1. */
static int read_at(int fd, void *buf, size_t n, off_t off)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t k = pread(fd, p, n, off);

		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
		off += k;
	}
	return 0;
}

/* Find the end record in the file of SIZE bytes; its offset, or -1. */
static off_t find_end(struct zipfile *z, off_t size, unsigned char *rec)
{
	unsigned char *buf = z->in;
	off_t from = size > END_SEARCH ? size - END_SEARCH : 0;
	size_t n = (size_t)(size - from), i;

	if (size < END_SIZE || read_at(z->fd, buf, n, from))
		return -1;
	for (i = n - END_SIZE + 1; i-- > 0;)
		if (le32(buf + i) == SIG_END && i + END_SIZE + le16(buf + i + 20) == n) {
			memcpy(rec, buf + i, END_SIZE);
			return from + (off_t)i;
		}
	return -1;
}

/* Keep the first and the last bytes of what a part inflates to. */
static void seen_add(struct seen *s, const unsigned char *p, size_t n)
{
	size_t k;

	s->crc = (uint32_t)crc32(s->crc, p, (uInt)n);
	s->size += n;
	if (s->nhead < KEEP) {
		k = n < KEEP - s->nhead ? n : KEEP - s->nhead;
		memcpy(s->head + s->nhead, p, k);
		s->nhead += k;
	}
	if (n >= KEEP) {
		memcpy(s->tail, p + n - KEEP, KEEP);
		s->ntail = KEEP;
		return;
	}
	k = s->ntail + n > KEEP ? s->ntail + n - KEEP : 0; /* old bytes to drop */
	memmove(s->tail, s->tail + k, s->ntail - k);
	memcpy(s->tail + s->ntail - k, p, n);
	s->ntail += n - k;
}

/* Read a stored part of N bytes at OFF into S; 0 or -1. */
static int read_stored(struct zipfile *z, off_t off, uint32_t n, struct seen *s)
{
	while (n) {
		size_t k = n < CHUNK ? n : CHUNK;

		if (read_at(z->fd, z->in, k, off))
			return -1;
		seen_add(s, z->in, k);
		off += (off_t)k;
		n -= (uint32_t)k;
	}
	return 0;
}

/* Inflate a deflated part of N bytes at OFF into S; 0, or -1 when the
 * data is not one whole deflate stream of exactly N bytes. */
static int read_deflated(struct zipfile *z, off_t off, uint32_t n, struct seen *s)
{
	z_stream zs;
	int zr = Z_ERRNO;

	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
		return -1;
	for (;;) {
		if (zs.avail_in == 0 && n) {
			size_t k = n < CHUNK ? n : CHUNK;

			if (read_at(z->fd, z->in, k, off))
				break;
			zs.next_in = z->in;
			zs.avail_in = (uInt)k;
			off += (off_t)k;
			n -= (uint32_t)k;
		}
		zs.next_out = z->out;
		zs.avail_out = CHUNK;
		zr = inflate(&zs, Z_NO_FLUSH);
		seen_add(s, z->out, CHUNK - zs.avail_out);
		/* Z_BUF_ERROR is "no progress": more input is needed, and there
		 * is none left when the part is read whole. */
		if (zr == Z_STREAM_END || (zr != Z_OK && zr != Z_BUF_ERROR) ||
		    (zr == Z_BUF_ERROR && zs.avail_in == 0 && n == 0))
			break;
	}
	inflateEnd(&zs);
	return zr == Z_STREAM_END && n == 0 && zs.avail_in == 0 ? 0 : -1;
}

/* 1 when NAME ends with SUFFIX. */
static int ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* 1 when the XML whose first and last bytes S kept ends with the closing
 * tag of its root element (or is one empty root element). */
static int xml_whole(const struct seen *s)
{
	const char *h = (const char *)s->head, *end = h + s->nhead, *name, *p;
	char close[NAME_SIZE + 3];
	size_t t = s->ntail, len;

	/* Skip the declaration, processing instructions and blanks. */
	for (p = h; p < end;) {
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
			p++;
		else if (end - p > 1 && p[0] == '<' && p[1] == '?' &&
			 (p = memchr(p, '>', (size_t)(end - p))))
			p++;
		else
			break;
	}
	if (!p || p >= end || *p != '<')
		return 0;
	name = ++p;
	while (p < end && !strchr(" \t\r\n/>", *p))
		p++;
	len = (size_t)(p - name);
	if (p >= end || len == 0 || len >= NAME_SIZE)
		return 0;
	while (t && strchr(" \t\r\n", s->tail[t - 1]))
		t--;
	snprintf(close, sizeof close, "</%.*s>", (int)len, name);
	if (t >= strlen(close) && memcmp(s->tail + t - strlen(close), close, strlen(close)) == 0)
		return 1;
	/* <root .../> and nothing after it. */
	p = memchr(p, '>', (size_t)(end - p));
	return p && p[-1] == '/' && s->size < KEEP && (size_t)(p + 1 - h) == t;
}

/* Check one part P of the file; 0, or -1 with WHY filled. */
static int check_part(struct zipfile *z, const struct part *p)
{
	unsigned char lh[LOCAL_SIZE];
	char name[NAME_SIZE];
	struct seen s;
	off_t data;
	size_t nlen;
	int rc;

	memset(&s, 0, sizeof s);
	s.crc = (uint32_t)crc32(0L, Z_NULL, 0);
	if (read_at(z->fd, lh, sizeof lh, p->local) || le32(lh) != SIG_LOCAL ||
	    le16(lh + 8) != p->method || (nlen = le16(lh + 26)) != strlen(p->name) ||
	    read_at(z->fd, name, nlen, (off_t)p->local + LOCAL_SIZE) || memcmp(name, p->name, nlen))
		return fail(z, "part %s: its local header does not match", p->name);
	data = (off_t)p->local + LOCAL_SIZE + (off_t)nlen + (off_t)le16(lh + 28);
	if (p->method == 0 && p->csize == p->usize)
		rc = read_stored(z, data, p->csize, &s);
	else if (p->method == 8)
		rc = read_deflated(z, data, p->csize, &s);
	else
		return fail(z, "part %s: unknown compression %u", p->name, p->method);
	if (rc || s.size != p->usize || s.crc != p->crc)
		return fail(z, "part %s is damaged", p->name);
	if (s.size == 0)
		return fail(z, "part %s is empty", p->name);
	if ((ends_with(p->name, ".xml") || ends_with(p->name, ".rels")) && !xml_whole(&s))
		return fail(z, "part %s is cut short", p->name);
	return 0;
}

/* Read the central directory entry at *OFF (below LIMIT) into P and move
 * *OFF past it; 0 or -1. */
static int read_central(struct zipfile *z, off_t *off, off_t limit, struct part *p)
{
	unsigned char ch[CENTRAL_SIZE];
	size_t nlen;

	if (*off + CENTRAL_SIZE > limit || read_at(z->fd, ch, sizeof ch, *off) ||
	    le32(ch) != SIG_CENTRAL)
		return -1;
	nlen = le16(ch + 28);
	p->method = le16(ch + 10);
	p->crc = le32(ch + 16);
	p->csize = le32(ch + 20);
	p->usize = le32(ch + 24);
	p->local = le32(ch + 42);
	if (nlen == 0 || nlen >= sizeof p->name ||
	    read_at(z->fd, p->name, nlen, *off + CENTRAL_SIZE))
		return -1;
	p->name[nlen] = '\0';
	*off += CENTRAL_SIZE + (off_t)nlen + le16(ch + 30) + le16(ch + 32);
	return *off <= limit && (off_t)p->local + LOCAL_SIZE <= limit ? 0 : -1;
}

/* Count the part P among those a workbook must have. */
static void count_needed(const struct part *p, size_t sheets, size_t *found)
{
	static const char *const needed[] = {"[Content_Types].xml", "_rels/.rels",
					     "xl/workbook.xml"};
	static const char sheet[] = "xl/worksheets/sheet";
	unsigned long k;
	char *rest;
	size_t i;

	for (i = 0; i < sizeof needed / sizeof needed[0]; i++)
		if (strcmp(p->name, needed[i]) == 0)
			(*found)++;
	if (strncmp(p->name, sheet, sizeof sheet - 1) != 0 ||
	    !strchr("123456789", p->name[sizeof sheet - 1]))
		return;
	k = strtoul(p->name + sizeof sheet - 1, &rest, 10);
	if (strcmp(rest, ".xml") == 0 && k <= sheets)
		(*found)++;
}

/* Check every part the central directory of Z lists. */
static int check_parts(struct zipfile *z, size_t sheets)
{
	unsigned char end[END_SIZE];
	struct stat st;
	off_t at, dir, last;
	size_t i, entries, found = 0;
	struct part p;

	if (fstat(z->fd, &st) != 0 || (at = find_end(z, st.st_size, end)) < 0)
		return fail(z, "the zip has no end record");
	entries = le16(end + 10);
	dir = (off_t)le32(end + 16);
	last = dir + (off_t)le32(end + 12);
	if (le16(end + 4) != 0 || le16(end + 6) != 0 || entries != le16(end + 8) || last != at)
		return fail(z, "the zip's directory is damaged");
	for (i = 0; i < entries; i++) {
		if (read_central(z, &dir, at, &p))
			return fail(z, "the zip's directory is damaged");
		if (check_part(z, &p))
			return -1;
		count_needed(&p, sheets, &found);
	}
	if (found != 3 + sheets)
		return fail(z, "the workbook lacks some of its parts");
	return 0;
}

int xlsx_verify_fd(int fd, size_t sheets, char *why, size_t n)
{
	struct zipfile z = {fd, malloc(END_SEARCH > CHUNK ? END_SEARCH : CHUNK), malloc(CHUNK), why,
			    n};
	int rc = z.in && z.out ? check_parts(&z, sheets) : fail(&z, "out of memory");

	free(z.in);
	free(z.out);
	return rc;
}
