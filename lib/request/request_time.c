/* request_time.c - moments as the exports write them; see request_time.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/period.h"
#include "request/request_time.h"

/* Excel's serial day number of 1970-01-01 (it counts 1900-02-29, which
 * never was, so serials after February 1900 are one day ahead). */
#define EXCEL_1970 25569
/* Serials of 1900-03-01 and 9999-12-31: the range taken as dates. */
#define EXCEL_FIRST 61
#define EXCEL_LAST 2958465

static int bad_time(const char *s, struct shequ_err *e)
{
	return shequ_err_set(e, EX_DATAERR,
			     "bad time '%s': expected 2026-07-08 09:05, 2026/7/8 9:05:33 or an "
			     "Excel serial",
			     s);
}

/* An Excel serial with an optional fraction: digits, at most one '.'. */
static int parse_serial(const char *s, long long *t)
{
	size_t digits = strspn(s, "0123456789");
	char *end;
	double v;

	if (!digits || (s[digits] &&
			(s[digits] != '.' || s[digits + 1 + strspn(s + digits + 1, "0123456789")])))
		return -1;
	if (!s[digits] && digits > 7)
		return -1; /* 20260708 is a date without a time */
	v = strtod(s, &end);
	if (*end || v < EXCEL_FIRST || v >= EXCEL_LAST + 1)
		return -1;
	*t = llround((v - EXCEL_1970) * 86400.0);
	return 0;
}

/* H:MM or H:MM:SS (minutes and seconds with two digits) into seconds of
 * the day. */
static int parse_clock(const char *s, long long *secs)
{
	int v[3] = {0, 0, 0}, part = 0, digits = 0;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (++digits > 2)
				return -1;
			v[part] = v[part] * 10 + (*s - '0');
		} else if (*s == ':' && digits && part < 2 && (part == 0 || digits == 2)) {
			part++;
			digits = 0;
		} else {
			return -1;
		}
	}
	if (part < 1 || digits != 2 || v[0] > 23 || v[1] > 59 || v[2] > 59)
		return -1;
	*secs = v[0] * 3600LL + v[1] * 60 + v[2];
	return 0;
}

/* Digits of S at [I, I + N) as a number, or -1 when one is not a digit. */
static int digits_at(const char *s, int i, int n)
{
	int v = 0;

	for (; n > 0; n--, i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* S as the stored shape "YYYY-MM-DD HH:MM" with ":SS" or not (what
 * exports mostly write, and every reading of a meter platform) into *T:
 * read by hand, since an import of a year of readings parses millions;
 * -1 when S has another shape (the general parser then decides). */
static int parse_fixed(const char *s, long long *t)
{
	size_t len = strlen(s);
	int y, mo, d, h, mi, sec = 0;

	if ((len != 16 && len != 19) || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
	    s[13] != ':' || (len == 19 && s[16] != ':'))
		return -1;
	y = digits_at(s, 0, 4);
	mo = digits_at(s, 5, 2);
	d = digits_at(s, 8, 2);
	h = digits_at(s, 11, 2);
	mi = digits_at(s, 14, 2);
	if (len == 19)
		sec = digits_at(s, 17, 2);
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > day_days_in_month(y, mo) || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	*t = day_from_ymd(y, mo, d) * 86400LL + h * 3600 + mi * 60 + sec;
	return 0;
}

int request_time_parse(const char *s, long long *t, struct shequ_err *e)
{
	char buf[64], *p, *sep;
	long long secs;
	size_t len;
	int day;

	if (!parse_fixed(s, t))
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= sizeof buf)
		return bad_time(s, e);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!parse_serial(buf, t))
		return 0;
	sep = strchr(buf, ' ');
	if (!sep && (p = strchr(buf, 'T')))
		sep = p;
	if (!sep)
		return bad_time(buf, e);
	*sep = '\0';
	for (p = sep + 1; *p == ' '; p++)
		;
	if (day_parse_loose(buf, &day, NULL) || parse_clock(p, &secs)) {
		*sep = s[sep - buf];
		return bad_time(buf, e);
	}
	if (day < day_from_ymd(1900, 1, 1))
		return bad_time(s, e);
	*t = day * 86400LL + secs;
	return 0;
}

/* Write V as N digits at P. */
static void put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void request_time_format_clock(long long t, char buf[REQUEST_TIME_SIZE])
{
	long long r = t % 86400;

	if (r < 0)
		r += 86400;
	buf[10] = ' ';
	put_digits(buf + 11, (int)(r / 3600), 2);
	buf[13] = ':';
	put_digits(buf + 14, (int)(r / 60 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (int)(r % 60), 2);
	buf[19] = '\0';
}

void request_time_format(long long t, char buf[REQUEST_TIME_SIZE])
{
	long long d = t / 86400;

	if (t % 86400 < 0)
		d--;
	/* By hand rather than snprintf: an import writes one per reading. */
	day_format((int)d, buf);
	request_time_format_clock(t, buf);
}

int request_time_read(const char *s, long long *t)
{
	/* Exactly the stored shape, seconds included: a rescan reads a year of
	 * readings through here. */
	if (!s || strlen(s) != 19 || parse_fixed(s, t))
		return -1;
	return 0;
}

/* The offset of zone TZ from UTC at T, in seconds, by localtime_r with TZ
 * set for the call (and put back after it). */
static int zone_offset(const char *tz, time_t t, long *off, struct shequ_err *e)
{
	char val[300], *saved = NULL;
	const char *old = getenv("TZ");
	struct tm tm;
	int ok;

	snprintf(val, sizeof val, ":%s", tz ? tz : "Asia/Shanghai");
	if (old && !(saved = strdup(old)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	setenv("TZ", val, 1);
	tzset();
	ok = localtime_r(&t, &tm) != NULL;
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	if (!ok)
		return shequ_err_set(e, EX_SOFTWARE, "cannot read the clock");
	*off = tm.tm_gmtoff;
	return 0;
}

int request_now(const char *tz, long long *t, struct shequ_err *e)
{
	const char *pinned = getenv("SHEQU_TODAY");
	time_t now = time(NULL);
	long off;
	int day, rc;

	if ((rc = today_in_tz(tz, &day, e)))
		return rc;
	if (pinned && *pinned) {
		*t = day * 86400LL + 86399;
		return 0;
	}
	if ((rc = zone_offset(tz, now, &off, e)))
		return rc;
	*t = (long long)now + off;
	return 0;
}
