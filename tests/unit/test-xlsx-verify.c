/* test-xlsx-verify.c - a written workbook read back: whole ones pass, and
 * each way a full disk or a damaged file can break one is caught. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "tap.h"
#include "xlsx/xlsx_verify.h"

/* One part of a hand-made zip. */
struct entry {
	const char *name;
	const char *data;
};

static void put16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xff), f);
	fputc((int)(v >> 8 & 0xff), f);
}

static void put32(FILE *f, unsigned long v)
{
	put16(f, (unsigned)(v & 0xffff));
	put16(f, (unsigned)(v >> 16 & 0xffff));
}

/* Write a zip of the N stored entries E to PATH, the way APPNOTE 4.3 lays
 * one out: local headers with data, the central directory, its end. */
static void zip_write(const char *path, const struct entry *e, size_t n)
{
	FILE *f = fopen(path, "wb");
	unsigned long off[16], crc[16], dir, end;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(e[i].data), nlen = strlen(e[i].name);

		off[i] = (unsigned long)ftell(f);
		crc[i] = crc32(0L, (const Bytef *)e[i].data, (uInt)len);
		put32(f, 0x04034b50UL);
		put16(f, 20), put16(f, 0), put16(f, 0), put16(f, 0), put16(f, 0);
		put32(f, crc[i]), put32(f, len), put32(f, len);
		put16(f, (unsigned)nlen), put16(f, 0);
		fwrite(e[i].name, 1, nlen, f);
		fwrite(e[i].data, 1, len, f);
	}
	dir = (unsigned long)ftell(f);
	for (i = 0; i < n; i++) {
		size_t len = strlen(e[i].data), nlen = strlen(e[i].name);

		put32(f, 0x02014b50UL);
		put16(f, 20), put16(f, 20), put16(f, 0), put16(f, 0), put16(f, 0), put16(f, 0);
		put32(f, crc[i]), put32(f, len), put32(f, len);
		put16(f, (unsigned)nlen), put16(f, 0), put16(f, 0), put16(f, 0), put16(f, 0);
		put32(f, 0), put32(f, off[i]);
		fwrite(e[i].name, 1, nlen, f);
	}
	end = (unsigned long)ftell(f);
	put32(f, 0x06054b50UL);
	put16(f, 0), put16(f, 0), put16(f, (unsigned)n), put16(f, (unsigned)n);
	put32(f, end - dir), put32(f, dir), put16(f, 0);
	fclose(f);
}

/* Verify the file at PATH holding SHEETS sheets; the reason in WHY. */
static int verify(const char *path, size_t sheets, char *why, size_t n)
{
	int fd = open(path, O_RDONLY), rc;

	why[0] = '\0';
	if (fd < 0)
		return -2;
	rc = xlsx_verify_fd(fd, sheets, why, n);
	close(fd);
	return rc;
}

/* A real workbook of two sheets from libxlsxwriter. */
static void make_book(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *a = workbook_add_worksheet(wb, "小区"),
		      *b = workbook_add_worksheet(wb, NULL);
	int r;

	for (r = 0; r < 2000; r++) {
		worksheet_write_number(a, (lxw_row_t)r, 0, r, NULL);
		worksheet_write_string(a, (lxw_row_t)r, 1, "幸福里小区", NULL);
	}
	worksheet_write_string(b, 0, 0, "x", NULL);
	workbook_close(wb);
}

/* Copy SRC to DST, keeping its first LEN bytes (all when LEN < 0) and
 * flipping the byte at FLIP (none when FLIP < 0). */
static void copy_damaged(const char *src, const char *dst, long len, long flip)
{
	FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
	long i;
	int c;

	for (i = 0; (c = fgetc(in)) != EOF && (len < 0 || i < len); i++)
		fputc(i == flip ? c ^ 0x55 : c, out);
	fclose(in);
	fclose(out);
}

static void test_real_book(void)
{
	char why[256];
	struct stat st;

	make_book("book.xlsx");
	is_int(verify("book.xlsx", 2, why, sizeof why), 0, "a whole workbook of 2 sheets passes");
	is_int(verify("book.xlsx", 3, why, sizeof why), -1, "it fails when 3 sheets are expected");
	is_str(why, "the workbook lacks some of its parts", "for lack of a part");
	stat("book.xlsx", &st);
	copy_damaged("book.xlsx", "cut.xlsx", (long)st.st_size - 10, -1);
	is_int(verify("cut.xlsx", 2, why, sizeof why), -1, "a file cut short fails");
	is_str(why, "the zip has no end record", "as it has no end record");
	copy_damaged("book.xlsx", "flip.xlsx", -1, (long)st.st_size / 3);
	is_int(verify("flip.xlsx", 2, why, sizeof why), -1, "a changed byte inside a part fails");
	ok(strstr(why, " is damaged") || strstr(why, "does not match"), "as damaged: %s", why);
	ok(verify("/dev/null", 0, why, sizeof why) == -1, "an empty file fails");
}

/* The parts of a minimal workbook, the sheet's XML given. */
static void make_zip(const char *path, const char *types, const char *sheet)
{
	const struct entry e[] = {
	    {"[Content_Types].xml", types},
	    {"_rels/.rels", "<?xml version=\"1.0\"?>\n<Relationships xmlns=\"x\"/>\n"},
	    {"xl/workbook.xml", "<?xml version=\"1.0\"?>\n<workbook><sheets/></workbook>\n"},
	    {"xl/worksheets/sheet1.xml", sheet},
	    {"docProps/app.xml", "<Properties></Properties>"},
	};

	zip_write(path, e, sizeof e / sizeof e[0]);
}

static void test_made_zips(void)
{
	static const char types[] = "<?xml version=\"1.0\"?>\n<Types xmlns=\"t\"></Types>\n";
	static const char sheet[] = "<?xml version=\"1.0\"?>\n<worksheet><sheetData><row r=\"1\"/>"
				    "</sheetData></worksheet>";
	char why[256];

	make_zip("made.xlsx", types, sheet);
	is_int(verify("made.xlsx", 1, why, sizeof why), 0,
	       "stored parts that are whole pass, an empty root element too (%s)", why);
	make_zip("empty.xlsx", "", sheet);
	is_int(verify("empty.xlsx", 1, why, sizeof why), -1, "an empty part fails");
	is_str(why, "part [Content_Types].xml is empty", "and is named");
	make_zip("short.xlsx", types,
		 "<?xml version=\"1.0\"?>\n<worksheet><sheetData><row r=\"1\">");
	is_int(verify("short.xlsx", 1, why, sizeof why), -1, "a part cut before its end fails");
	is_str(why, "part xl/worksheets/sheet1.xml is cut short", "and is named");
	make_zip("other.xlsx", types, "<?xml version=\"1.0\"?>\n<worksheet><row></row>");
	is_int(verify("other.xlsx", 1, why, sizeof why), -1,
	       "a part ending with another element's closing tag fails");
	make_zip("noroot.xlsx", types, "<?xml version=\"1.0\"?>\n");
	is_int(verify("noroot.xlsx", 1, why, sizeof why), -1, "a part with no element fails");
}

int main(void)
{
	char dir[] = "/tmp/shequ-verify-XXXXXX", cmd[64];

	if (!mkdtemp(dir) || chdir(dir) != 0)
		return 1;
	test_real_book();
	test_made_zips();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
