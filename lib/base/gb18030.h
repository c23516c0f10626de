/*
 * gb18030.h - GB18030 to UTF-8 as iconv(3) does it, faster: ASCII and the
 * two-byte characters (every Chinese character of a roster) through a
 * table made once with iconv; four-byte characters, bad bytes and a
 * character cut short by the end of the input go to iconv itself, so
 * errors are iconv's, at the same place.
 */
#ifndef SHEQU_GB18030_H
#define SHEQU_GB18030_H

#include <iconv.h>
#include <stddef.h>

struct gb18030;

/* The table, made with CD (from GB18030 to UTF-8); NULL when out of memory. */
struct gb18030 *gb18030_open(iconv_t cd);

/*
 * Convert as iconv(CD, IN, INLEFT, OUT, OUTLEFT) would: the same result,
 * errno and pointers left at the same place.
 */
size_t gb18030_conv(const struct gb18030 *g, iconv_t cd, char **in, size_t *inleft, char **out,
		    size_t *outleft);

void gb18030_free(struct gb18030 *g);

#endif
