/* normalize.c - see normalize.h. */
#include <stdlib.h>
#include <string.h>

#include "base/normalize.h"

/* An inclusive range of code points. */
struct cp_range {
	uint32_t lo, hi;
};

/*
 * East Asian Wide (W) and Fullwidth (F) characters, after Unicode's
 * EastAsianWidth.txt, sorted.  Emoji are approximate; the CJK blocks are
 * what matters for names and addresses.
 */
/* clang-format off */
static const struct cp_range wide[] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
	{0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
	{0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
	{0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
	{0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
	{0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x2E99},
	{0x2E9B, 0x2EF3},   {0x2F00, 0x2FD5},   {0x2FF0, 0x2FFF},   {0x3000, 0x303F},
	{0x3041, 0x3096},   {0x3099, 0x30FF},   {0x3105, 0x312F},   {0x3131, 0x318E},
	{0x3190, 0x31E3},   {0x31EF, 0x321E},   {0x3220, 0x3247},   {0x3250, 0x4DBF},
	{0x4E00, 0xA48C},   {0xA490, 0xA4C6},   {0xA960, 0xA97C},   {0xAC00, 0xD7A3},
	{0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE52},   {0xFE54, 0xFE66},
	{0xFE68, 0xFE6B},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
	{0x16FF0, 0x16FF1}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
	{0x1B000, 0x1B122}, {0x1B150, 0x1B152}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251},
	{0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
	{0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0},
	{0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
	{0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
	{0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
	{0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC},
	{0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
	{0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/*
 * Characters that take no column: combining marks of the scripts seen in
 * China (Latin, Arabic for Uyghur, Tibetan, Mongolian, kana voicing),
 * conjoining Hangul vowels and finals, zero-width and bidi format
 * characters, variation selectors, tags.  Sorted.
 */
static const struct cp_range zero[] = {
	{0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
	{0x05C4, 0x05C5},   {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
	{0x06D6, 0x06DC},   {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0E31, 0x0E31},
	{0x0E34, 0x0E3A},   {0x0E47, 0x0E4E}, {0x0F18, 0x0F19}, {0x0F35, 0x0F35}, {0x0F37, 0x0F37},
	{0x0F39, 0x0F39},   {0x0F71, 0x0F7E}, {0x0F80, 0x0F84}, {0x0F86, 0x0F87}, {0x0F8D, 0x0F97},
	{0x0F99, 0x0FBC},   {0x0FC6, 0x0FC6}, {0x1160, 0x11FF}, {0x180B, 0x180F}, {0x1885, 0x1886},
	{0x18A9, 0x18A9},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
	{0x2060, 0x2064},   {0x20D0, 0x20F0}, {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
	{0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
	{0xE0100, 0xE01EF},
};
/* clang-format on */

/* 1 when CP lies in one of the N sorted ranges R, else 0. */
static int in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;

	if (!n || cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* 1 when CP is a C0 or C1 control character or DEL, else 0. */
static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/*
 * Write CP (a valid scalar value) as UTF-8 at OUT, which has room for 4
 * bytes; returns the number of bytes written.
 */
static size_t utf8_put(char *out, uint32_t cp)
{
	unsigned char *p = (unsigned char *)out;

	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xC0 | (cp >> 6));
		p[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xE0 | (cp >> 12));
		p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		p[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (unsigned char)(0xF0 | (cp >> 18));
	p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	p[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;
	uint32_t v, min;

	if (!n)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xC2) /* continuation byte, or C0/C1: always overlong */
		return 0;
	if (p[0] < 0xE0) {
		len = 2;
		v = p[0] & 0x1F;
		min = 0x80;
	} else if (p[0] < 0xF0) {
		len = 3;
		v = p[0] & 0x0F;
		min = 0x800;
	} else if (p[0] < 0xF5) {
		len = 4;
		v = p[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

size_t utf8_display_width(const char *s)
{
	size_t len, i = 0, k, w = 0;
	uint32_t cp;

	if (!s)
		return 0;
	len = strlen(s);
	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		if (!k) {
			w++;
			i++;
			continue;
		}
		i += k;
		if (is_control(cp) || in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
			continue;
		w += in_ranges(cp, wide, sizeof wide / sizeof wide[0]) ? 2 : 1;
	}
	return w;
}

uint32_t norm_halfwidth(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	return cp;
}

int norm_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

int norm_is_zero_width(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

int norm_is_dash(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 ||
	       cp == 0xFE63 || cp == 0xFF0D;
}

int norm_text_to(const char *in, char *out, size_t n)
{
	const unsigned char *u;
	size_t len, i = 0, o = 0, k;
	int pending = 0; /* a space is owed before the next character */
	uint32_t cp;

	if (!in)
		in = "";
	len = strlen(in);
	/* Nothing grows: full-width forms shrink, valid UTF-8 re-encodes as is. */
	if (len >= n)
		return -1;
	u = (const unsigned char *)in;
	while (i < len) {
		/*
		 * Fast ways for what rosters are made of: printable ASCII other
		 * than the space, and the CJK block U+4000..U+9FFF (lead bytes
		 * E4..E9), none of which the rules below change.  The string
		 * ends in NUL, so looking one byte past a continuation is safe.
		 */
		if (u[i] > 0x20 && u[i] < 0x7F) {
			if (pending && o)
				out[o++] = ' ';
			pending = 0;
			out[o++] = in[i++];
			continue;
		}
		if (u[i] >= 0xE4 && u[i] <= 0xE9 && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			if (pending && o)
				out[o++] = ' ';
			pending = 0;
			memcpy(out + o, in + i, 3);
			o += 3;
			i += 3;
			continue;
		}
		k = utf8_decode(in + i, len - i, &cp);
		if (!k) {
			if (pending && o)
				out[o++] = ' ';
			pending = 0;
			out[o++] = in[i++];
			continue;
		}
		i += k;
		cp = norm_halfwidth(cp);
		if (norm_is_space(cp)) {
			pending = 1;
			continue;
		}
		if (norm_is_zero_width(cp) || is_control(cp))
			continue;
		if (pending && o)
			out[o++] = ' ';
		pending = 0;
		o += utf8_put(out + o, cp);
	}
	out[o] = '\0';
	return 0;
}

char *norm_text(const char *in)
{
	size_t len = in ? strlen(in) : 0;
	char *out = malloc(len + 1);

	if (out)
		norm_text_to(in, out, len + 1);
	return out;
}

/* Marks a byte of invalid UTF-8 kept in a code point array. */
#define RAW_BYTE 0x80000000u

/* 1 when CP (never '.') separates the parts of a name, else 0. */
static int is_name_sep(uint32_t cp)
{
	switch (cp) {
	case 0x00B7: /* · middle dot */
	case 0x0387: /* · Greek ano teleia, canonically U+00B7 */
	case 0x2022: /* • bullet */
	case 0x2027: /* ‧ hyphenation point */
	case 0x2219: /* ∙ bullet operator */
	case 0x22C5: /* ⋅ dot operator */
	case 0x30FB: /* ・ katakana middle dot */
	case 0xFF65: /* ･ half-width katakana middle dot */
		return 1;
	default:
		return 0;
	}
}

/*
 * 1 when the UTF-8 text T may hold a name separator (see is_name_sep),
 * else 0: '.', or a lead byte (C2, CE, E2) or sequence (E3 83 BB, EF BD A5)
 * of one.  Most names have none and are done after norm_text.
 */
static int may_have_name_sep(const char *t)
{
	const unsigned char *p = (const unsigned char *)t;

	for (; *p; p++)
		if (*p == '.' || *p == 0xC2 || *p == 0xCE || *p == 0xE2 ||
		    (p[0] == 0xE3 && p[1] == 0x83 && p[2] == 0xBB) ||
		    (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0xA5))
			return 1;
	return 0;
}

int norm_name_to(const char *in, char *out, size_t n)
{
	char *t = NULL, *sep = NULL;
	uint32_t *u = NULL;
	size_t len = in ? strlen(in) : 0, i = 0, m = 0, o = 0, k, j;
	int rc = -1;

	/* Only '.' grows (1 byte to 2). */
	if (len > (n - 1) / 2)
		return -1;
	if (norm_text_to(in, out, n))
		return -1;
	if (!may_have_name_sep(out))
		return 0;
	len = strlen(out);
	t = strdup(out);
	u = malloc((len + 1) * sizeof *u);
	sep = malloc(len + 1);
	if (!t || !u || !sep)
		goto done;
	while (i < len) {
		k = utf8_decode(t + i, len - i, &u[m]);
		if (!k) {
			u[m] = RAW_BYTE | (unsigned char)t[i];
			k = 1;
		}
		i += k;
		m++;
	}
	/* norm_text left at most one space between two other characters. */
	for (i = 0; i < m; i++) {
		sep[i] = (char)is_name_sep(u[i]);
		if (u[i] != '.')
			continue;
		j = (i > 0 && u[i - 1] == ' ') ? i - 1 : i;
		k = (i + 1 < m && u[i + 1] == ' ') ? i + 1 : i;
		sep[i] = (char)(j > 0 && u[j - 1] > 0x7F && k + 1 < m && u[k + 1] > 0x7F);
	}
	for (i = 0; i < m; i++) {
		if (u[i] == ' ' && ((i > 0 && sep[i - 1]) || (i + 1 < m && sep[i + 1])))
			continue;
		if (sep[i])
			o += utf8_put(out + o, 0x00B7);
		else if (u[i] & RAW_BYTE)
			out[o++] = (char)(u[i] & 0xFF);
		else
			o += utf8_put(out + o, u[i]);
	}
	out[o] = '\0';
	rc = 0;
done:
	free(t);
	free(u);
	free(sep);
	return rc;
}

char *norm_name(const char *in)
{
	size_t len = in ? strlen(in) : 0;
	char *out = malloc(2 * len + 1);

	if (out && norm_name_to(in, out, 2 * len + 1)) {
		free(out);
		out = NULL;
	}
	return out;
}

int name_check(const char *name, struct shequ_err *e)
{
	size_t len, i = 0, k, chars = 0;
	uint32_t cp;

	if (!name || !*name)
		return shequ_err_set(e, EX_DATAERR, "name is empty");
	len = strlen(name);
	while (i < len) {
		k = utf8_decode(name + i, len - i, &cp);
		if (!k)
			return shequ_err_set(e, EX_DATAERR, "name is not valid UTF-8");
		if (cp >= '0' && cp <= '9')
			return shequ_err_set(e, EX_DATAERR, "name contains a digit");
		i += k;
		chars++;
	}
	if (chars > NAME_MAX_CHARS)
		return shequ_err_set(e, EX_DATAERR, "name has %zu characters, at most %d allowed",
				     chars, NAME_MAX_CHARS);
	return 0;
}

char *text_for_sheet(const char *in)
{
	size_t len, i = 0, o = 0, k;
	uint32_t cp;
	char *out;

	if (!in)
		in = "";
	len = strlen(in);
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	/* Worst case: every byte invalid, each becoming 3 bytes of U+FFFD. */
	out = malloc(3 * len + 1);
	if (!out)
		return NULL;
	while (i < len) {
		k = utf8_decode(in + i, len - i, &cp);
		if (!k) {
			o += utf8_put(out + o, 0xFFFD);
			i++;
			continue;
		}
		if (!(is_control(cp) && cp != '\t' && cp != '\n') && cp != 0xFFFE && cp != 0xFFFF) {
			memcpy(out + o, in + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}
