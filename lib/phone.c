/* phone.c - see phone.h. */
#include <string.h>

#include "pattern.h"

#include "normalize.h"
#include "phone.h"

/* The shape of a mainland mobile number once prefixes are gone. */
static struct pattern mobile_pattern = {.source = "^1[3-9][0-9]{9}$"};


/*
 * Clean RAW into BUF (CAP bytes, CAP >= 2): full-width to ASCII, spaces,
 * zero-width characters, dashes, dots and parentheses dropped; any other
 * character that is not ASCII (or byte that is not UTF-8) stored as '?'.
 * Returns the number of characters kept; BUF holds the first CAP - 1 of
 * them, NUL-terminated.
 */
static size_t phone_clean(const char *raw, char *buf, size_t cap)
{
	size_t len = strlen(raw), i = 0, k, n = 0;
	uint32_t cp;

	while (i < len) {
		k = utf8_decode(raw + i, len - i, &cp);
		if (!k) {
			cp = '?';
			k = 1;
		}
		i += k;
		cp = norm_halfwidth(cp);
		if (norm_is_space(cp) || norm_is_zero_width(cp) || norm_is_dash(cp) || cp == '.' ||
		    cp == '(' || cp == ')')
			continue;
		if (cp > 0x7F)
			cp = '?';
		if (n < cap - 1)
			buf[n] = (char)cp;
		n++;
	}
	buf[n < cap - 1 ? n : cap - 1] = '\0';
	return n;
}

/*
 * Copy RAW into OUT (N > 0 bytes) without the spaces and zero-width
 * characters at either end, cut at a character boundary to fit.
 */
static void copy_trimmed(const char *raw, char *out, size_t n)
{
	size_t len = strlen(raw), i = 0, k, start = len, end = 0, o = 0;
	uint32_t cp;

	while (i < len) {
		k = utf8_decode(raw + i, len - i, &cp);
		if (!k) {
			cp = '?';
			k = 1;
		}
		if (!norm_is_space(cp) && !norm_is_zero_width(cp)) {
			if (start == len)
				start = i;
			end = i + k;
		}
		i += k;
	}
	for (i = start; i < end; i += k) {
		k = utf8_decode(raw + i, end - i, &cp);
		if (!k)
			k = 1;
		if (o + k > n - 1)
			break;
		memcpy(out + o, raw + i, k);
		o += k;
	}
	out[o] = '\0';
}

int phone_normalize(const char *raw, char *out, size_t n, struct shequ_err *e)
{
	char buf[32];
	const char *p = buf;
	size_t len;
	int shape;

	if (!out || !n)
		return shequ_err_set(e, EX_SOFTWARE, "no room for the phone number");
	if (!raw)
		raw = "";
	len = phone_clean(raw, buf, sizeof buf);
	if (len < sizeof buf) {
		if (strncmp(p, "+86", 3) == 0)
			p += 3;
		else if (strncmp(p, "0086", 4) == 0)
			p += 4;
		else if (len == 13 && strncmp(p, "86", 2) == 0)
			p += 2;
		shape = pattern_match(&mobile_pattern, p, strlen(p));
		if (shape < 0) {
			copy_trimmed(raw, out, n);
			return shequ_err_set(e, EX_SOFTWARE, "cannot match the phone pattern");
		}
		if (shape) {
			if (n < PHONE_SIZE) {
				copy_trimmed(raw, out, n);
				return shequ_err_set(e, EX_SOFTWARE,
						     "no room for the phone number");
			}
			memcpy(out, p, PHONE_SIZE);
			return 0;
		}
	}
	copy_trimmed(raw, out, n);
	return shequ_err_set(e, EX_DATAERR, "not a mainland mobile number");
}
