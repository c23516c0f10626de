/* test-gb18030.c - lib/gb18030.c converts as iconv does, byte for byte, error for error. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gb18030.h"
#include "tap.h"

/* One random piece of GB18030, right or wrong, at P; its length. */
static size_t piece(unsigned char *p)
{
	int k = rand() % 200;

	if (k < 80) { /* ASCII */
		p[0] = (unsigned char)(0x20 + rand() % 0x5f);
		return 1;
	}
	if (k < 170) { /* two bytes, now and then a trail that is not one */
		p[0] = (unsigned char)(0x81 + rand() % 0x7e);
		p[1] = (unsigned char)(rand() % 500 ? 0x40 + rand() % 0xbf : rand() % 256);
		return 2;
	}
	if (k < 199) { /* four bytes */
		p[0] = (unsigned char)(0x81 + rand() % (rand() % 2 ? 4 : 0x7e));
		p[1] = (unsigned char)('0' + rand() % 10);
		p[2] = (unsigned char)(0x81 + rand() % 0x7e);
		p[3] = (unsigned char)('0' + rand() % 10);
		return 4;
	}
	p[0] = (unsigned char)(rand() % 2 ? 0x80 : 0xff); /* never a first byte */
	return 1;
}

int main(void)
{
	iconv_t a = iconv_open("UTF-8", "GB18030"), b = iconv_open("UTF-8", "GB18030");
	struct gb18030 *g = gb18030_open(b);
	unsigned char src[64];
	char out1[256], out2[256];
	int round, differ = 0, errors = 0, cut = 0, full = 0, whole = 0;

	ok(a != (iconv_t)-1 && g != NULL, "open");
	for (round = 0; round < 200000 && g; round++) {
		size_t n = 0, room = 1 + (size_t)(rand() % 200);
		char *i1, *i2, *o1, *o2;
		size_t il1, il2, ol1, ol2, r1, r2;
		int e1, e2;

		while (n < 48)
			n += piece(src + n);
		if (rand() % 4 == 0)
			n -= 1 + (size_t)(rand() % 3); /* the input ends inside a character */
		i1 = i2 = (char *)src;
		il1 = il2 = n;
		o1 = out1;
		o2 = out2;
		ol1 = ol2 = room;
		errno = 0;
		r1 = iconv(a, &i1, &il1, &o1, &ol1);
		e1 = r1 == (size_t)-1 ? errno : 0;
		errno = 0;
		r2 = gb18030_conv(g, b, &i2, &il2, &o2, &ol2);
		e2 = r2 == (size_t)-1 ? errno : 0;
		iconv(a, NULL, NULL, NULL, NULL);
		iconv(b, NULL, NULL, NULL, NULL);
		errors += e1 == EILSEQ;
		cut += e1 == EINVAL;
		full += e1 == E2BIG;
		whole += e1 == 0;
		if ((r1 == (size_t)-1) != (r2 == (size_t)-1) || e1 != e2 || i1 != i2 ||
		    il1 != il2 || o1 - out1 != o2 - out2 ||
		    memcmp(out1, out2, (size_t)(o1 - out1))) {
			if (!differ++)
				printf("# round %d: iconv %d/%zu left, ours %d/%zu left\n", round,
				       e1, il1, e2, il2);
		}
	}
	is_int(differ, 0, "200000 random inputs: the same text, result, errno and place");
	ok(errors > 1000 && cut > 1000 && full > 1000 && whole > 10000,
	   "among them bad bytes (%d), characters cut short (%d), no room (%d), whole (%d)", errors,
	   cut, full, whole);
	{
		char text[] = "\xD5\xC5\xC8\xFD,25", *in = text, o[32], *op = o;
		size_t il = strlen(text), ol = sizeof o;

		is_int((long long)gb18030_conv(g, b, &in, &il, &op, &ol), 0, "张三,25 converts");
		*op = 0;
		is_str(o, "张三,25", "to UTF-8");
	}
	gb18030_free(g);
	iconv_close(a);
	iconv_close(b);
	return tap_done();
}
