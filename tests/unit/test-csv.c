/*
 * test-csv.c - unit tests of lib/csvin and lib/csvout.
 *
 * Writes small files into a fresh directory under /tmp, reads them back
 * and prints TAP.
 */
#define _GNU_SOURCE
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csvin.h"
#include "base/csvout.h"
#include "tap.h"

/* The scratch directory of this run. */
static char dir[] = "/tmp/test-csv-XXXXXX";

/* A growing string, for building files and read-back summaries. */
struct buf {
	char *s;    /* the bytes, NUL-terminated */
	size_t len; /* bytes in s */
	size_t cap; /* size of s */
};

/* Append N bytes at P to B (exit on out of memory: this is a test). */
static void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			exit(99);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append the string S to B. */
static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Write N bytes at P to the file NAME in dir; returns its path (static). */
static const char *put(const char *name, const void *p, size_t n)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(99);
	}
	return path;
}

/* Write the string S to the file NAME; returns its path (static). */
static const char *puts_file(const char *name, const char *s)
{
	return put(name, s, strlen(s));
}

/*
 * Convert the UTF-8 string S to encoding TO with iconv; returns malloc'd
 * bytes and their count in *N.
 */
static char *conv(const char *to, const char *s, size_t *n)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t inleft = strlen(s), outleft = 4 * inleft + 16;
	char *out = malloc(outleft), *o = out, *in = (char *)s;

	if (cd == (iconv_t)-1 || !out || iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		perror("iconv");
		exit(99);
	}
	iconv_close(cd);
	*n = (size_t)(o - out);
	return out;
}

/*
 * Read all of PATH with options O: the records as "f1|f2;f1|f2;" (with
 * "@line-end_line " before each when LINES), in a malloc'd string.  *RC gets
 * the result of the last csvin_next() and E its error.  NULL when the open
 * failed.
 */
static char *slurp(const char *path, const struct csvin_opts *o, int lines, int *rc,
		   struct shequ_err *e)
{
	struct csvin *r;
	struct csvin_row *row;
	struct buf b = {0};

	shequ_err_clear(e);
	r = csvin_open(path, o, e);
	if (!r) {
		*rc = e->code;
		return NULL;
	}
	buf_str(&b, "");
	while (!(*rc = csvin_next(r, &row, e)) && row) {
		size_t i;

		if (lines) {
			char tmp[64];

			snprintf(tmp, sizeof tmp, "@%ld-%ld ", row->line, row->end_line);
			buf_str(&b, tmp);
		}
		for (i = 0; i < row->nfields; i++) {
			if (i)
				buf_str(&b, "|");
			buf_str(&b, row->fields[i]);
		}
		buf_str(&b, ";");
	}
	csvin_close(r);
	return b.s;
}

/* A UTF-8 BOM and a quoted first header cell. */
static void test_bom(void)
{
	const char *p = puts_file("bom.csv", "\xEF\xBB\xBF\"姓名\",年龄\r\n张三,25\r\n");
	struct shequ_err e;
	struct csvin *r = csvin_open(p, NULL, &e);
	struct csvin_row *row;

	ok(r != NULL, "open a file with a UTF-8 BOM");
	is_str(csvin_encoding(r), "UTF-8 (BOM)", "BOM detected");
	is_int(csvin_next(r, &row, &e), 0, "read the header");
	is_str(row ? row->fields[0] : NULL, "姓名", "BOM stripped, quotes removed");
	is_int(row ? (long long)row->lens[0] : 0, 6, "length of the first cell");
	csvin_next(r, &row, &e);
	is_str(row ? row->fields[1] : NULL, "25", "no CR left in the last field");
	is_int(row ? row->record : 0, 2, "record number 2");
	csvin_next(r, &row, &e);
	ok(row == NULL, "end of file");
	is_int(csvin_bytes(r), 31, "all bytes consumed, BOM included");
	csvin_close(r);
}

/* GB18030 without a BOM, detected and decoded. */
static void test_gb18030(void)
{
	size_t n;
	char *gb = conv("GB18030", "姓名,年龄\n张三,25\n䶮,㐀𠀀,x\n", &n);
	const char *p = put("gb.csv", gb, n);
	struct shequ_err e;
	struct csvin *r;
	char *got;
	int rc;

	ok(!memcmp(gb + 10, "\xD5\xC5\xC8\xFD", 4), "张三 in GB18030 is D5 C5 C8 FD");
	r = csvin_open(p, NULL, &e);
	is_str(r ? csvin_encoding(r) : NULL, "GB18030", "GB18030 detected without a BOM");
	csvin_close(r);
	got = slurp(p, NULL, 0, &rc, &e);
	is_str(got, "姓名|年龄;张三|25;䶮|㐀𠀀|x;", "GB18030 decoded; 䶮 㐀 𠀀 round trip");
	is_int(rc, 0, "no error");
	free(got);
	got = slurp(p, &(struct csvin_opts){.encoding = "GBK"}, 0, &rc, &e);
	is_str(got, "姓名|年龄;张三|25;䶮|㐀𠀀|x;", "-e GBK reads as GB18030");
	free(got);
	free(gb);

	/* an invalid GB18030 sequence on line 3 */
	p = put("badgb.csv", "\xD5\xC5,1\nb,2\nc,\x81\x20\n", 14);
	got = slurp(p, NULL, 1, &rc, &e);
	is_int(rc, EX_DATAERR, "invalid GB18030 is a data error");
	is_str(e.msg, "line 3: invalid GB18030 at byte offset 11", "GB18030 error message");
	is_str(got, "@1-1 张|1;@2-2 b|2;", "records before the bad byte come first");
	free(got);
}

/* UTF-16LE with a BOM, tab-delimited. */
static void test_utf16(void)
{
	size_t n;
	char *u16 = conv("UTF-16LE", "名字\t数\r\n𠀀\t\"a\tb\"\r\n", &n);
	char *file = malloc(n + 2), *got;
	struct csvin_opts o = {.delim = '\t'};
	struct shequ_err e;
	struct csvin *r;
	const char *p;
	int rc;

	memcpy(file, "\xFF\xFE", 2);
	memcpy(file + 2, u16, n);
	p = put("u16.csv", file, n + 2);
	r = csvin_open(p, &o, &e);
	is_str(r ? csvin_encoding(r) : NULL, "UTF-16LE", "UTF-16LE detected from its BOM");
	csvin_close(r);
	got = slurp(p, &o, 1, &rc, &e);
	is_str(got, "@1-1 名字|数;@2-2 𠀀|a\tb;", "UTF-16LE tab-delimited decoded");
	free(got);
	for (o.chunk = 1; o.chunk <= 7; o.chunk++) {
		got = slurp(p, &o, 1, &rc, &e);
		if (!got || strcmp(got, "@1-1 名字|数;@2-2 𠀀|a\tb;"))
			break;
		free(got);
		got = NULL;
	}
	is_int(o.chunk, 8, "UTF-16LE split across reads of 1..7 bytes");
	free(got);
	free(u16);
	free(file);
}

/* An invalid byte on line 5000 of a UTF-8 file whose first 64 KiB are valid. */
static void test_bad_utf8_late(void)
{
	struct buf b = {0};
	struct csvin *r;
	struct csvin_row *row;
	struct shequ_err e;
	char want[128], line[64];
	long n = 0, last = 0;
	size_t off;
	int i, rc;

	for (i = 1; i < 5000; i++) {
		snprintf(line, sizeof line, "%d,张三,abcdefgh\n", i);
		buf_str(&b, line);
	}
	off = b.len + 5;
	buf_str(&b, "5000,\xFF\n5001,x\n");
	r = csvin_open(put("late.csv", b.s, b.len), NULL, &e);
	is_str(r ? csvin_encoding(r) : NULL, "UTF-8", "first 64 KiB valid: UTF-8");
	while (!(rc = csvin_next(r, &row, &e)) && row) {
		n++;
		last = row->line;
	}
	is_int(n, 4999, "4999 records before the bad byte");
	is_int(last, 4999, "the last good record is on line 4999");
	is_int(rc, EX_DATAERR, "invalid UTF-8 later is a data error");
	snprintf(want, sizeof want,
		 "line 5000: invalid UTF-8 at byte offset %zu (use -e gb18030 if the file is "
		 "GB18030)",
		 off);
	is_str(e.msg, want, "error names line 5000 and the byte offset");
	rc = csvin_next(r, &row, &e);
	is_int(rc, EX_DATAERR, "the error sticks");
	csvin_close(r);

	/* with -e utf-8 a bad first byte fails on line 1 */
	free(slurp(put("bad1.csv", "\xC3\x28,x\n", 5), &(struct csvin_opts){.encoding = "utf8"}, 0,
		   &rc, &e));
	is_str(e.msg,
	       "line 1: invalid UTF-8 at byte offset 0 (use -e gb18030 if the file is "
	       "GB18030)",
	       "invalid UTF-8 with -e utf-8");

	/* a character cut by the end of the sniffed 64 KiB is still UTF-8 */
	b.len = 0;
	while (b.len < CSVIN_SNIFF - 1)
		buf_str(&b, b.len % 64 == 63 ? "\n" : "a");
	buf_str(&b, "张,1\n");
	r = csvin_open(put("cut.csv", b.s, b.len), NULL, &e);
	is_str(r ? csvin_encoding(r) : NULL, "UTF-8", "character cut at 64 KiB: still UTF-8");
	while (!(rc = csvin_next(r, &row, &e)) && row)
		last = row->line;
	is_int(rc, 0, "and read to the end");
	csvin_close(r);
	free(b.s);
}

/* Multi-byte characters split across reads of 1..7 bytes. */
static void test_chunks(void)
{
	const char *text = "名,值\n\"张 三\",𠀀䶮\n㐀,é\n";
	const char *want = "@1-1 名|值;@2-2 张 三|𠀀䶮;@3-3 㐀|é;";
	const char *pu = puts_file("split8.csv", text);
	struct csvin_opts o = {0};
	struct shequ_err e;
	char *got = NULL, *gb;
	const char *pg;
	size_t n;
	int rc;

	for (o.chunk = 1; o.chunk <= 7; o.chunk++) {
		got = slurp(pu, &o, 1, &rc, &e);
		if (!got || strcmp(got, want))
			break;
		free(got);
		got = NULL;
	}
	is_int(o.chunk, 8, "UTF-8 split across reads of 1..7 bytes");
	if (got)
		printf("#   got %s\n", got);
	free(got);
	gb = conv("GB18030", text, &n);
	pg = put("split-gb.csv", gb, n);
	for (o.chunk = 1; o.chunk <= 7; o.chunk++) {
		got = slurp(pg, &o, 1, &rc, &e);
		if (!got || strcmp(got, want))
			break;
		free(got);
		got = NULL;
	}
	is_int(o.chunk, 8, "GB18030 split across reads of 1..7 bytes");
	if (got)
		printf("#   got %s (%s)\n", got, e.msg);
	free(got);
	free(gb);
}

/* CRLF, bare CR and a mix; quoted line breaks and physical lines. */
static void test_line_ends(void)
{
	struct csvin_opts o = {0};
	struct shequ_err e;
	char *got;
	int rc, bad = 0;

	got = slurp(puts_file("crlf.csv", "a,b\r\nc,d\r\n"), NULL, 1, &rc, &e);
	is_str(got, "@1-1 a|b;@2-2 c|d;", "CRLF");
	free(got);
	got = slurp(puts_file("cr.csv", "a,b\rc,d\r"), NULL, 1, &rc, &e);
	is_str(got, "@1-1 a|b;@2-2 c|d;", "bare CR");
	free(got);
	got = slurp(puts_file("mixed.csv", "a,b\r\nc,d\re,f\ng,h"), NULL, 1, &rc, &e);
	is_str(got, "@1-1 a|b;@2-2 c|d;@3-3 e|f;@4-4 g|h;", "mixed line ends, no final one");
	free(got);
	for (o.chunk = 1; o.chunk <= 5; o.chunk++) {
		got = slurp(puts_file("mixed2.csv", "a,b\r\n\r\nc,\"x\r\ny\"\r\ne,f\n"), &o, 1, &rc,
			    &e);
		bad |= !got || strcmp(got, "@1-1 a|b;@3-4 c|x\r\ny;@5-5 e|f;");
		free(got);
	}
	ok(!bad, "CRLF cut between reads, blank CRLF line, CRLF inside quotes");

	got = slurp(puts_file("nl.csv", "h1,h2\n\"multi\nline\",x\nnext,y\n"), NULL, 1, &rc, &e);
	is_str(got, "@1-1 h1|h2;@2-3 multi\nline|x;@4-4 next|y;",
	       "quoted line break: record spans lines 2-3, next starts on 4");
	free(got);
	got = slurp(puts_file("nl2.csv", "\"a\n\n\nb\",\"c\rd\"\nz\n"), NULL, 1, &rc, &e);
	is_str(got, "@1-5 a\n\n\nb|c\rd;@6-6 z;",
	       "blank lines and a CR inside quotes are data, and count as line ends");
	free(got);
}

/* Quoting errors. */
static void test_quotes(void)
{
	struct shequ_err e;
	char *got;
	int rc;

	got = slurp(puts_file("unterm.csv", "a,b\nc,\"dd\nee\nff"), NULL, 1, &rc, &e);
	is_int(rc, EX_DATAERR, "unterminated quote at EOF is a data error");
	is_str(e.msg, "line 2: unterminated quoted field starting here",
	       "unterminated quote names the line it started on");
	is_str(got, "@1-1 a|b;", "records before it come first");
	free(got);

	got = slurp(puts_file("stray.csv", "a,b\nab\"c,d\n"), NULL, 0, &rc, &e);
	is_int(rc, EX_DATAERR, "stray quote in an unquoted field");
	ok(!strncmp(e.msg, "line 2: field 1: stray quote", 28), "stray quote message: %s", e.msg);
	free(got);

	got = slurp(puts_file("after.csv", "x\n\"ab\"c,d\n"), NULL, 0, &rc, &e);
	is_int(rc, EX_DATAERR, "text after a closing quote");
	ok(!strncmp(e.msg, "line 2: field 1: a quote inside", 31), "closing quote message: %s",
	   e.msg);
	free(got);

	got = slurp(puts_file("trim.csv", " a , b ,\" c \"\n"), NULL, 0, &rc, &e);
	is_str(got, "a|b| c ;", "unquoted fields trimmed, quoted kept");
	free(got);
	got = slurp(puts_file("dq.csv", "\"say \"\"hi\"\"\",\"\"\n"), NULL, 0, &rc, &e);
	is_str(got, "say \"hi\"|;", "doubled quotes");
	free(got);
}

/* Ragged rows, empty file, blank lines, NUL. */
static void test_shapes(void)
{
	struct csvin *r;
	struct csvin_row *row;
	struct shequ_err e;
	char *got;
	int rc;

	r = csvin_open(puts_file("ragged.csv", "a,b,c\n1,2\n1,2,3,4\n,x\n"), NULL, &e);
	csvin_next(r, &row, &e);
	is_int(row ? (long long)row->nfields : 0, 3, "3 fields");
	csvin_next(r, &row, &e);
	is_int(row ? (long long)row->nfields : 0, 2, "short row: 2 fields");
	csvin_next(r, &row, &e);
	is_int(row ? (long long)row->nfields : 0, 4, "long row: 4 fields");
	csvin_next(r, &row, &e);
	is_str(row ? row->fields[0] : NULL, "", "an empty first field");
	csvin_close(r);

	r = csvin_open(puts_file("empty.csv", ""), NULL, &e);
	ok(r == NULL && e.code == EX_DATAERR, "an empty file is refused at open: EX_DATAERR");
	is_str(e.msg, "no header: the file is empty (0 bytes)", "saying it is empty");
	r = csvin_open(puts_file("bom-only.csv", "\xEF\xBB\xBF"), NULL, &e);
	ok(r != NULL, "a file of only a BOM opens");
	rc = csvin_next(r, &row, &e);
	ok(rc == 0 && row == NULL, "and holds no row");
	is_str(csvin_encoding(r), "UTF-8 (BOM)", "read as UTF-8");
	csvin_close(r);

	r = csvin_open(puts_file("blank.csv", "a,b\n\n   \n,,,,\n\"\",\"\"\n \t\nc,d\n\r\n"), NULL,
		       &e);
	csvin_next(r, &row, &e);
	csvin_next(r, &row, &e);
	is_str(row ? row->fields[0] : NULL, "c", "blank and all-empty rows skipped");
	is_int(row ? row->line : 0, 7, "physical line after skipped lines");
	is_int(row ? row->record : 0, 2, "skipped rows get no record number");
	rc = csvin_next(r, &row, &e);
	ok(rc == 0 && row == NULL, "then the end");
	is_int(csvin_skipped(r), 6, "6 lines skipped");
	csvin_close(r);

	got = slurp(put("nul.csv", "a,b\nc,\0d\n", 9), NULL, 0, &rc, &e);
	is_int(rc, EX_DATAERR, "NUL byte is a data error");
	is_str(e.msg, "line 2: NUL byte at byte offset 6", "NUL message");
	free(got);
}

/* A 10 MB field against max_field = 1 MiB; memory must stay bounded. */
static void test_big_field(void)
{
	size_t n = 10 * 1024 * 1024;
	char *big = malloc(n + 16);
	struct csvin_opts o = {.max_field = 1024 * 1024};
	struct csvin *r;
	struct csvin_row *row;
	struct shequ_err e;
	char *got;
	int rc;

	memcpy(big, "a,b\nc,", 6);
	memset(big + 6, 'x', n);
	memcpy(big + 6 + n, "\n", 1);
	r = csvin_open(put("big.csv", big, n + 7), &o, &e);
	csvin_next(r, &row, &e);
	rc = csvin_next(r, &row, &e);
	is_int(rc, EX_DATAERR, "10 MB field rejected");
	is_str(e.msg, "line 2: field 2 longer than 1048576 bytes", "too long message");
	ok(csvin_peak_mem(r) < 3 * 1024 * 1024, "memory stayed bounded (%zu bytes)",
	   csvin_peak_mem(r));
	ok(csvin_bytes(r) < 2 * 1024 * 1024, "stopped early (%lld bytes read)", csvin_bytes(r));
	csvin_close(r);

	/* an unterminated quote swallowing the rest of a big file */
	big[4] = '"';
	r = csvin_open(put("bigq.csv", big, n + 7), &o, &e);
	csvin_next(r, &row, &e);
	rc = csvin_next(r, &row, &e);
	is_str(e.msg, "line 2: quoted field 1 longer than 1048576 bytes (unterminated quote?)",
	       "runaway quote message");
	ok(csvin_peak_mem(r) < 3 * 1024 * 1024, "memory stayed bounded (%zu bytes)",
	   csvin_peak_mem(r));
	csvin_close(r);
	free(big);

	/* exactly max_field bytes is fine, quoted or not */
	o.max_field = 8;
	got = slurp(puts_file("edge.csv", "12345678,\"abcdefgh\"\n\"12345678\"\n"), &o, 0, &rc, &e);
	is_str(got, "12345678|abcdefgh;12345678;", "fields of exactly max_field bytes pass");
	free(got);
	got = slurp(puts_file("edge2.csv", "123456789\n"), &o, 0, &rc, &e);
	is_int(rc, EX_DATAERR, "max_field + 1 bytes fail");
	free(got);
}

/* Open errors, options, FILE input. */
static void test_open(void)
{
	struct csvin_opts o = {.encoding = "latin1"};
	struct csvin *r;
	struct csvin_row *row;
	struct shequ_err e;
	char path[600];
	FILE *f;

	snprintf(path, sizeof path, "%s/missing.csv", dir);
	r = csvin_open(path, NULL, &e);
	ok(r == NULL && e.code == EX_NOINPUT, "missing file: EX_NOINPUT");
	ok(strstr(e.msg, "cannot open ") && strstr(e.msg, "No such file"), "message: %s", e.msg);
	r = csvin_open(dir, NULL, &e);
	ok(r == NULL && e.code == EX_NOINPUT, "a directory: EX_NOINPUT");
	r = csvin_open(puts_file("x.csv", "a\n"), &o, &e);
	ok(r == NULL && e.code == EX_USAGE, "unknown encoding: EX_USAGE");
	ok(strstr(e.msg, "use auto, utf-8, gb18030, gbk, utf-16, utf-16le or utf-16be") != NULL,
	   "every encoding named: %s", e.msg);
	csvin_close(NULL);

	f = fmemopen("k;v\n1;2\n", 8, "r");
	r = csvin_fopen(f, &(struct csvin_opts){.delim = ';'}, &e);
	csvin_next(r, &row, &e);
	csvin_next(r, &row, &e);
	is_str(row ? row->fields[1] : NULL, "2", "read a FILE, ';' delimiter");
	csvin_close(r);
	fclose(f);
}

/* Header normalisation. */
static void test_header(void)
{
	char *s = csv_header_norm("  Ｎａｍｅ\u3000_ID ");
	char *cells[] = {"序号", "姓 名\u200B", "\357\273\277Age"};

	is_str(s, "name_id", "full-width to half-width, spaces removed, lower case");
	free(s);
	s = csv_header_norm("\xC2\xA0身份证\xE2\x80\x8B号\xEF\xBB\xBF\t");
	is_str(s, "身份证号", "NBSP, zero-width space and BOM removed");
	free(s);
	s = csv_header_norm("a\377B");
	is_str(s, "a\377b", "invalid bytes kept");
	free(s);
	is_int(csv_header_find(cells, 3, "姓名"), 1, "find 姓名");
	is_int(csv_header_find(cells, 3, "ＡＧＥ"), 2, "find AGE");
	is_int(csv_header_find(cells, 3, "x"), -1, "not found");
}

/* csvout: quoting, numbers, round trip through csvin. */
static void test_csvout(void)
{
	const char *fields[] = {"plain",   "a,b", "say \"hi\"", "two\nlines", " lead",
				"trail\t", "",	  "cr\rlf",	"张三"};
	char path[600], *got, text[512];
	struct shequ_err e;
	struct csvout *w;
	size_t n;
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "%s/out.csv", dir);
	f = fopen(path, "wb");
	w = csvout_new(f, 1);
	is_int(csvout_row(w, fields, 9), 0, "write a row");
	csvout_int(w, LLONG_MIN);
	csvout_num(w, -0.001, 2);
	csvout_num(w, 0.1, -1);
	csvout_num(w, 2.5, 0);
	csvout_fieldf(w, "%s-%d", "x", 7);
	csvout_null(w);
	is_int(csvout_end_row(w), 0, "end a row");
	csvout_field(w, "");
	csvout_end_row(w);
	csvout_field(w, "last");
	is_int(csvout_close(w), 0, "close");
	fclose(f);
	f = fopen(path, "rb");
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	is_str(text,
	       "\xEF\xBB\xBF"
	       "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","
	       "\" lead\",\"trail\t\",,\"cr\rlf\",张三\n"
	       "-9223372036854775808,0.00,0.1,2,x-7,\n"
	       "\"\"\n"
	       "last\n",
	       "csvout output");
	got = slurp(path, NULL, 0, &rc, &e);
	is_str(got,
	       "plain|a,b|say \"hi\"|two\nlines| lead|trail\t||cr\rlf|张三;"
	       "-9223372036854775808|0.00|0.1|2|x-7|;last;",
	       "round trip through csvin");
	free(got);

	/* CRLF and a tab delimiter */
	f = fopen(path, "wb");
	w = csvout_new(f, 0);
	csvout_set_crlf(w, 1);
	csvout_set_delim(w, '\t');
	csvout_field(w, "a,b");
	csvout_field(w, "c\td");
	csvout_end_row(w);
	csvout_close(w);
	fclose(f);
	f = fopen(path, "rb");
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	is_str(text, "a,b\t\"c\td\"\r\n", "CRLF and tab delimiter");

	/* a write error */
	f = fopen("/dev/full", "w");
	if (f) {
		setvbuf(f, NULL, _IONBF, 0);
		w = csvout_new(f, 0);
		rc = csvout_field(w, "x");
		rc = csvout_end_row(w);
		is_int(rc, EX_IOERR, "write error: EX_IOERR");
		is_int(csvout_errno(w), ENOSPC, "write error: ENOSPC");
		is_int(csvout_close(w), EX_IOERR, "close reports it too");
		fclose(f);
	}
}

/* What the direct libcsv run of test_fuzz() builds. */
struct direct {
	struct buf all; /* records so far, as slurp() writes them */
	struct buf row; /* the record being built */
	int nonempty;	/* some field of it is not empty */
	int nfields;	/* fields in it */
};

/* libcsv field callback of the direct run. */
static void direct_field(void *s, size_t len, void *data)
{
	struct direct *d = data;

	if (d->nfields++)
		buf_str(&d->row, "|");
	buf_add(&d->row, s, len);
	d->nonempty |= len != 0;
}

/* libcsv record callback of the direct run: keep it unless all empty. */
static void direct_row(int c, void *data)
{
	struct direct *d = data;

	(void)c;
	if (d->nonempty) {
		buf_add(&d->all, d->row.s, d->row.len);
		buf_str(&d->all, ";");
	}
	d->row.len = 0;
	d->nonempty = d->nfields = 0;
}

/*
 * Read the N bytes at IN with delimiter DELIM and reads of CHUNK bytes:
 * the records as slurp() writes them, with their lines when LINES, then
 * the skipped count and the error when LINES.  *RC gets the result.
 */
static char *summary(const char *in, size_t n, char delim, size_t chunk, int lines, int *rc)
{
	struct csvin_opts o = {.delim = delim, .chunk = chunk};
	FILE *f = fmemopen((void *)in, n, "r");
	struct csvin *r = csvin_fopen(f, &o, NULL);
	struct csvin_row *row;
	struct shequ_err e = {0};
	struct buf got = {0};
	char tmp[64];
	size_t k;

	buf_str(&got, "");
	while (!(*rc = csvin_next(r, &row, &e)) && row) {
		if (lines) {
			snprintf(tmp, sizeof tmp, "@%ld-%ld ", row->line, row->end_line);
			buf_str(&got, tmp);
		}
		for (k = 0; k < row->nfields; k++) {
			if (k)
				buf_str(&got, "|");
			buf_str(&got, row->fields[k]);
		}
		buf_str(&got, ";");
	}
	if (lines) {
		snprintf(tmp, sizeof tmp, " skipped %ld ", csvin_skipped(r));
		buf_str(&got, tmp);
		buf_str(&got, *rc ? e.msg : "ok");
	}
	csvin_close(r);
	fclose(f);
	return got.s;
}

/* Print the N bytes at IN as a TAP comment, escaping control bytes. */
static void show(const char *what, const char *in, size_t n)
{
	size_t k;

	printf("#   %s: ", what);
	for (k = 0; k < n; k++)
		printf(isprint((unsigned char)in[k]) ? "%c" : "\\x%02x", (unsigned char)in[k]);
	printf("\n");
}

/*
 * Random short inputs.  Read by csvin (fast path for lines without quotes,
 * random read sizes) and by libcsv alone: same records, same success.
 * Read with 1-byte reads (nearly all through libcsv) and with the default
 * (fast path): same records, lines, skipped count and error message.
 */
static void test_fuzz(void)
{
	static const char alphabet[] = "ab  \t\t,,;;\n\n\rx\"";
	static const char delims[] = ",\t ;";
	unsigned long seed = 12345;
	int i, bad = 0, bad2 = 0;

	for (i = 0; i < 3000 && bad + bad2 < 3; i++) {
		char in[40], delim = delims[i % 4];
		size_t n = 1 + (size_t)(i % 37), k;
		struct direct d = {0};
		struct csv_parser p;
		int quotes = i % 3 == 0, ok_direct, rc, rc2;
		char *got, *one;

		for (k = 0; k < n; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			in[k] = alphabet[(seed >> 33) % (sizeof alphabet - (quotes ? 1 : 2))];
		}
		in[n] = '\0';
		buf_str(&d.all, "");
		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_delim(&p, (unsigned char)delim);
		ok_direct = csv_parse(&p, in, n, direct_field, direct_row, &d) == n &&
			    csv_fini(&p, direct_field, direct_row, &d) == 0;
		csv_free(&p);

		got = summary(in, n, delim, 1 + (size_t)(seed >> 40) % 9, 0, &rc);
		if (ok_direct != !rc || (ok_direct && strcmp(got, d.all.s))) {
			bad++;
			show("input", in, n);
			printf("#   delim '%c': libcsv %s: %s\n#   csvin: %s\n", delim,
			       ok_direct ? "ok" : "fails", d.all.s, got);
		}
		free(got);
		got = summary(in, n, delim, 0, 1, &rc);
		one = summary(in, n, delim, 1, 1, &rc2);
		if (strcmp(got, one)) {
			bad2++;
			show("input", in, n);
			printf("#   delim '%c'\n", delim);
			show("chunk 64 KiB", got, strlen(got));
			show("chunk 1", one, strlen(one));
		}
		free(got);
		free(one);
		free(d.all.s);
		free(d.row.s);
	}
	ok(!bad, "3000 random inputs: csvin and libcsv alone agree on the records");
	ok(!bad2, "and the fast path and libcsv agree on lines, skipped rows and errors");
}

/* Remove the scratch directory and its files. */
static void cleanup(void)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
}

/* Files that are no CSV at all, known by their first bytes. */
#define BYTES(s) s, sizeof(s) - 1 /* a literal with NULs, and its length */
static void test_not_csv(void)
{
	static const struct {
		const char *name, *bytes;
		size_t n;
		const char *msg;
	} cases[] = {
	    {"book.csv", BYTES("PK\3\4\24\0\0\0\b\0[Content_Types].xml....xl/workbook.xml"),
	     "this is an Excel workbook (xlsx), not CSV: save it as CSV from Excel or WPS"},
	    {"calc.csv",
	     BYTES("PK\3\4\24\0\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
	     "this is a spreadsheet (ods), not CSV: save it as CSV from LibreOffice or WPS"},
	    {"a.zip", BYTES("PK\3\4\24\0\0\0\b\0residents.csv"),
	     "this is a ZIP archive, not CSV: unzip it and give the CSV inside"},
	    {"old.xls", BYTES("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"),
	     "this is an old Excel workbook (xls) or another Office file, not CSV: save it as CSV "
	     "from Excel or WPS"},
	    {"a.pdf", BYTES("%PDF-1.7\n"),
	     "this is a PDF document, not CSV: give the table as CSV"},
	    {"a.csv.gz", BYTES("\x1F\x8B\b\0\0\0\0\0"),
	     "this is a gzip-compressed file, not CSV: gunzip it first"},
	};
	struct csvin *r;
	struct shequ_err e;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = csvin_open(put(cases[i].name, cases[i].bytes, cases[i].n), NULL, &e);
		ok(r == NULL && e.code == EX_DATAERR, "%s: refused at open, EX_DATAERR",
		   cases[i].name);
		is_str(r ? "" : e.msg, cases[i].msg, "%s: named for what it is", cases[i].name);
		csvin_close(r);
	}
	/* "PK" or "%PDF" as the start of a real first field is no archive. */
	r = csvin_open(puts_file("pk.csv", "PK,name\n1,x\n"), NULL, &e);
	ok(r != NULL, "a CSV whose first field starts with PK opens");
	csvin_close(r);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_bom();
	test_gb18030();
	test_utf16();
	test_bad_utf8_late();
	test_chunks();
	test_line_ends();
	test_quotes();
	test_shapes();
	test_not_csv();
	test_big_field();
	test_open();
	test_header();
	test_csvout();
	test_fuzz();
	cleanup();
	return tap_done();
}
