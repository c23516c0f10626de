/* phone.c - see phone.h. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <string.h>

#include "normalize.h"
#include "phone.h"

/* The shape of a mainland mobile number once prefixes are gone. */
static const char mobile_pattern[] = "^1[3-9][0-9]{9}$";
static pcre2_code *mobile_re; /* compiled on first use, kept until exit */

/*
 * 1 when the LEN bytes at S are a mobile number, 0 when not, -1 when the
 * pattern cannot be compiled or run (out of memory).
 */
static int mobile_shape(const char *s, size_t len)
{
	pcre2_match_data *md;
	PCRE2_SIZE off;
	int rc;

	if (!mobile_re) {
		mobile_re = pcre2_compile((PCRE2_SPTR)mobile_pattern, PCRE2_ZERO_TERMINATED,
					  PCRE2_DOLLAR_ENDONLY, &rc, &off, NULL);
		if (!mobile_re)
			return -1;
	}
	md = pcre2_match_data_create_from_pattern(mobile_re, NULL);
	if (!md)
		return -1;
	rc = pcre2_match(mobile_re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc >= 0 ? 1 : -1;
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
		shape = mobile_shape(p, strlen(p));
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
