/* gb18030.c - GB18030 to UTF-8 through a table of the two-byte characters; see gb18030.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/gb18030.h"

/* Two-byte characters: a first byte 0x81..0xFE, a second 0x40..0xFE. */
#define LEAD0 0x81
#define NLEAD (0xFE - LEAD0 + 1)
#define TRAIL0 0x40
#define NTRAIL (0xFE - TRAIL0 + 1)

/* The UTF-8 of one two-byte character; LEN 0: not one (iconv decides). */
struct gbchar {
	unsigned char len, b[3];
};

struct gb18030 {
	struct gbchar c[NLEAD * NTRAIL];
};

struct gb18030 *gb18030_open(iconv_t cd)
{
	struct gb18030 *g = calloc(1, sizeof *g);
	int lead, trail;

	if (!g)
		return NULL;
	for (lead = 0; lead < NLEAD; lead++)
		for (trail = 0; trail < NTRAIL; trail++) {
			char src[2] = {(char)(LEAD0 + lead), (char)(TRAIL0 + trail)}, dst[8];
			char *in = src, *out = dst;
			size_t inleft = 2, outleft = sizeof dst;
			struct gbchar *c = &g->c[lead * NTRAIL + trail];

			if (iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1 && !inleft &&
			    sizeof dst - outleft <= sizeof c->b) {
				c->len = (unsigned char)(sizeof dst - outleft);
				memcpy(c->b, dst, c->len);
			}
		}
	iconv(cd, NULL, NULL, NULL, NULL);
	return g;
}

size_t gb18030_conv(const struct gb18030 *g, iconv_t cd, char **in, size_t *inleft, char **out,
		    size_t *outleft)
{
	const unsigned char *p = (const unsigned char *)*in, *end = p + *inleft;
	unsigned char *o = (unsigned char *)*out, *oend = o + *outleft;
	size_t res = 0;

	while (p < end) {
		const struct gbchar *c = NULL;
		char *ii, *oo;
		size_t il, ol, n;

		if (*p < 0x80) {
			if (o == oend) {
				errno = E2BIG;
				res = (size_t)-1;
				break;
			}
			*o++ = *p++;
			continue;
		}
		if (end - p >= 2 && p[0] >= LEAD0 && p[0] <= 0xFE && p[1] >= TRAIL0 && p[1] <= 0xFE)
			c = &g->c[(p[0] - LEAD0) * NTRAIL + (p[1] - TRAIL0)];
		if (c && c->len && (size_t)(oend - o) >= c->len) {
			memcpy(o, c->b, c->len);
			o += c->len;
			p += 2;
			continue;
		}
		/* One character's worth for iconv: four bytes when the second is
		 * a digit, else two; what is left when the input ends first. */
		n = end - p >= 2 && p[1] >= '0' && p[1] <= '9' ? 4 : 2;
		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		ii = (char *)p;
		il = n;
		oo = (char *)o;
		ol = (size_t)(oend - o);
		res = iconv(cd, &ii, &il, &oo, &ol);
		p = (const unsigned char *)ii;
		o = (unsigned char *)oo;
		if (res == (size_t)-1)
			break;
	}
	*inleft -= (size_t)((const char *)p - *in);
	*in = (char *)p;
	*outleft -= (size_t)((char *)o - *out);
	*out = (char *)o;
	return res;
}

void gb18030_free(struct gb18030 *g)
{
	free(g);
}
