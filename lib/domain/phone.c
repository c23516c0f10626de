/* phone.c - see phone.h. */
#include <string.h>

#include "base/normalize.h"
#include "domain/phone.h"

/*
 * The one statement of the rule: 1 if P is a mainland mobile number once
 * prefixes are gone (11 ASCII digits, 1[3-9]\d{9}), else 0.  Plain C: a
 * regular expression costs more than the rest of the check on every row.
 */
static int is_mobile(const char *p)
{
	int i;

	if (p[0] != '1' || p[1] < '3' || p[1] > '9')
		return 0;
	for (i = 2; i < 11; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return p[11] == '\0';
}

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
	const char *p = NULL;
	size_t len;

	if (!out || !n)
		return shequ_err_set(e, EX_SOFTWARE, "no room for the phone number");
	if (!raw)
		raw = "";
	if (is_mobile(raw)) {
		/* The common case: nothing to clean or strip. */
		p = raw;
	} else if ((len = phone_clean(raw, buf, sizeof buf)) < sizeof buf) {
		p = buf;
		if (strncmp(p, "+86", 3) == 0)
			p += 3;
		else if (strncmp(p, "0086", 4) == 0)
			p += 4;
		else if (len == 13 && strncmp(p, "86", 2) == 0)
			p += 2;
	}
	if (p && is_mobile(p)) {
		if (n < PHONE_SIZE) {
			copy_trimmed(raw, out, n);
			return shequ_err_set(e, EX_SOFTWARE, "no room for the phone number");
		}
		memcpy(out, p, PHONE_SIZE);
		return 0;
	}
	copy_trimmed(raw, out, n);
	return shequ_err_set(e, EX_DATAERR, "not a mainland mobile number");
}
