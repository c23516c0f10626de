/* idcard.c - see idcard.h. */
#include <string.h>

#include "base/pattern.h"

#include "base/normalize.h"
#include "domain/idcard.h"

#define EXCEL_ROUNDED                                                                              \
	"looks like a number Excel rounded; format the column as text and export again"

/* How Excel shows a long number it has turned into a float: 1.10105E+17. */
static struct pattern sci_pattern = {.source = "^[0-9]+(?:\\.[0-9]*)?[eE]\\+?[0-9]+$"};

/*
 * Clean RAW into BUF (CAP bytes, CAP >= 2) as idcard.h describes: spaces,
 * zero-width characters and dashes dropped, full-width mapped to ASCII,
 * x made X, a leading ' and a leading ="..." stripped.  A character that
 * is not ASCII (or a byte that is not UTF-8) is stored as '?'.  Returns
 * the number of characters after cleaning; BUF holds the first CAP - 1 of
 * them, NUL-terminated.
 */
static size_t id_clean(const char *raw, char *buf, size_t cap)
{
	size_t len = strlen(raw), i = 0, k, n = 0, have;
	uint32_t cp, last = 0;

	while (i < len) {
		/* An ASCII digit or letter is kept as it is (x made X): the
		 * usual ID needs none of the look-ups below. */
		if ((raw[i] >= '0' && raw[i] <= '9') || (raw[i] >= 'A' && raw[i] <= 'Z') ||
		    (raw[i] >= 'a' && raw[i] <= 'z')) {
			cp = raw[i] == 'x' ? 'X' : (unsigned char)raw[i];
			i++;
			if (n < cap - 1)
				buf[n] = (char)cp;
			n++;
			last = cp;
			continue;
		}
		k = utf8_decode(raw + i, len - i, &cp);
		if (!k) {
			cp = '?';
			k = 1;
		}
		i += k;
		cp = norm_halfwidth(cp);
		if (norm_is_space(cp) || norm_is_zero_width(cp) || norm_is_dash(cp))
			continue;
		if (cp == 'x')
			cp = 'X';
		if (cp > 0x7F)
			cp = '?';
		if (n < cap - 1)
			buf[n] = (char)cp;
		n++;
		last = cp;
	}
	have = n < cap - 1 ? n : cap - 1;
	buf[have] = '\0';

	if (n && buf[0] == '\'') {
		memmove(buf, buf + 1, have--);
		n--;
	}
	if (n && buf[0] == '=') {
		memmove(buf, buf + 1, have--);
		n--;
		if (n && buf[0] == '"') {
			memmove(buf, buf + 1, have--);
			n--;
			if (n && last == '"') {
				if (have == n)
					buf[--have] = '\0';
				n--;
			}
		}
	}
	return n;
}

/* 1 when Y-M-D is a date of the Gregorian calendar (any year > 0). */
static int date_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y <= 0 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* The number made of the N decimal digits at S. */
static int digits_value(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* 1 when the N bytes at S are all ASCII digits. */
static int all_digits(const char *s, size_t n)
{
	while (n--) {
		if (*s < '0' || *s > '9')
			return 0;
		s++;
	}
	return 1;
}

char idcard_check_char(const char *first17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return '\0';
		sum += (first17[i] - '0') * w[i];
	}
	return "10X98765432"[sum % 11];
}

/* The kind of the 18-character ID. */
static enum id_kind kind_of(const char *id)
{
	if (id[0] == '9')
		return ID_FOREIGNER;
	if (id[0] == '8' && (id[1] == '1' || id[1] == '2'))
		return ID_HKMO_PERMIT;
	if (id[0] == '8' && id[1] == '3')
		return ID_TW_PERMIT;
	return ID_RESIDENT;
}

int idcard_parse(const char *raw, int today_y, int today_m, int today_d, struct idcard *out,
		 struct shequ_err *e)
{
	struct idcard r;
	char buf[64], check;
	size_t n;
	int sci;

	memset(&r, 0, sizeof r);
	if (out)
		memset(out, 0, sizeof *out);
	n = id_clean(raw ? raw : "", buf, sizeof buf);

	/* Only a cell with an exponent can be Excel's rounding: most IDs skip
	 * the pattern. */
	if (n < sizeof buf && (memchr(buf, 'e', n) || memchr(buf, 'E', n))) {
		sci = pattern_match(&sci_pattern, buf, n);
		if (sci < 0)
			return shequ_err_set(e, EX_SOFTWARE, "cannot match the ID pattern");
		if (sci)
			return shequ_err_set(e, EX_DATAERR, EXCEL_ROUNDED);
	}
	if (n != 18 && n != 15)
		return shequ_err_set(e, EX_DATAERR, "expected 18 characters (or 15), got %zu", n);
	if (n == 15) {
		if (!all_digits(buf, 15))
			return shequ_err_set(e, EX_DATAERR, "a 15-character ID must be all digits");
		memcpy(r.id, buf, 6);
		memcpy(r.id + 6, "19", 2);
		memcpy(r.id + 8, buf + 6, 9);
		r.id[17] = idcard_check_char(r.id);
		r.upgraded = 1;
	} else {
		if (!all_digits(buf, 17) || !(all_digits(buf + 17, 1) || buf[17] == 'X'))
			return shequ_err_set(e, EX_DATAERR,
					     "must be 17 digits and a check character");
		memcpy(r.id, buf, 18);
	}
	r.id[18] = '\0';

	r.birth_year = digits_value(r.id + 6, 4);
	r.birth_month = digits_value(r.id + 10, 2);
	r.birth_day = digits_value(r.id + 12, 2);
	/* The birth date is what a masked ID hides: the reason never shows it. */
	if (r.birth_year < 1900 || !date_valid(r.birth_year, r.birth_month, r.birth_day))
		return shequ_err_set(e, EX_DATAERR, "the birth date in it is not a date");
	if (r.birth_year * 10000 + r.birth_month * 100 + r.birth_day >
	    today_y * 10000 + today_m * 100 + today_d)
		return shequ_err_set(e, EX_DATAERR, "the birth date in it is in the future");

	check = idcard_check_char(r.id);
	if (r.id[17] != check) {
		if (memcmp(r.id + 15, "000", 3) == 0)
			return shequ_err_set(e, EX_DATAERR, EXCEL_ROUNDED);
		return shequ_err_set(e, EX_DATAERR, "check character should be %c", check);
	}

	r.kind = kind_of(r.id);
	r.gender = (r.id[16] - '0') % 2 ? 'M' : 'F';
	if (out)
		*out = r;
	return 0;
}
