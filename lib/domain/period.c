/* period.c - see period.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/period.h"

#define ZONEINFO "/usr/share/zoneinfo"
#define DEFAULT_TZ "Asia/Shanghai"

static const char expected_periods[] =
    "expected 2026-07-08, 2026-W28, 2026-07, 2026-Q3, 2026/7/8, 2026年7月8日, 2026年7月, "
    "2026年第28周, 2026年第三季度, "
    "today, yesterday, this-week, last-week, this-month, last-month, this-quarter or "
    "last-quarter";

/*
 * Copy S into DST (N bytes, N >= 8) for quoting in a message: at most about
 * N - 4 bytes, control characters shown as '?', a cut made on a UTF-8
 * character boundary and marked with "...".  NULL becomes "".
 */
static void quote(char *dst, size_t n, const char *s)
{
	size_t i = 0, max = n - 4;

	if (!s)
		s = "";
	for (; s[i] && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (s[i]) {
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
		memcpy(dst + i, "...", 3);
		i += 3;
	}
	dst[i] = '\0';
}

/* Floor division of A by positive B. */
static long long floordiv(long long a, long long b)
{
	if (a >= 0)
		return a / b;
	return -((-a + b - 1) / b);
}

/* 1 if Y is a Gregorian leap year. */
int day_is_leap_year(int y)
{
	if (y % 100 == 0)
		return y % 400 == 0;
	return y % 4 == 0;
}

/* Days in month M (1-12) of year Y. */
int day_days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && day_is_leap_year(y))
		return 29;
	return len[(m - 1) % 12];
}

/* Day number of Y-M-D (H. Hinnant's days_from_civil); M in 1-12. */
int day_from_ymd(int y, int m, int d)
{
	long long yy = (long long)y - (m <= 2);
	long long era = floordiv(yy, 400);
	long long yoe = yy - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int)(era * 146097 + doe - 719468);
}

/* Split DAY into Y-M-D (H. Hinnant's civil_from_days); NULLs allowed. */
void day_to_ymd(int day, int *y, int *m, int *d)
{
	long long z = (long long)day + 719468;
	long long era = floordiv(z, 146097);
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	int yy = (int)(yoe + era * 400 + (mm <= 2));

	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

/* ISO weekday of DAY, 1 = Monday; 1970-01-01 was a Thursday. */
int day_weekday(int day)
{
	long long r = ((long long)day + 3) % 7;

	return (int)(r < 0 ? r + 7 : r) + 1;
}

/*
 * Check that Y-M-D is a real date with Y in 1-9999.  Returns 1 if so; else
 * 0 with the reason written into WHY (N bytes).
 */
static int ymd_valid(int y, int m, int d, char *why, size_t n)
{
	if (y < 1 || y > 9999) {
		snprintf(why, n, "year must be 0001 to 9999");
		return 0;
	}
	if (m < 1 || m > 12) {
		snprintf(why, n, "there is no month %d", m);
		return 0;
	}
	if (d < 1) {
		snprintf(why, n, "there is no day %d", d);
		return 0;
	}
	if (d > day_days_in_month(y, m)) {
		snprintf(why, n, "%04d-%02d has only %d days", y, m, day_days_in_month(y, m));
		return 0;
	}
	return 1;
}

/* 1 if the N bytes at S are all ASCII digits. */
static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The value of the N ASCII digits at S (caller checked them). */
static int digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* 1 if S is exactly DDDD-DD-DD (shape only). */
static int ymd_shape(const char *s)
{
	return strlen(s) == 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) &&
	       s[7] == '-' && all_digits(s + 8, 2);
}

/*
 * Parse strict YYYY-MM-DD in S into *DAY.  Returns 1, or 0 with the reason
 * in WHY (N bytes).
 */
static int ymd_parse_strict(const char *s, int *day, char *why, size_t n)
{
	int y, m, d;

	if (!ymd_shape(s)) {
		snprintf(why, n, "expected YYYY-MM-DD, like 2026-07-08");
		return 0;
	}
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	d = digits_value(s + 8, 2);
	if (!ymd_valid(y, m, d, why, n))
		return 0;
	*day = day_from_ymd(y, m, d);
	return 1;
}

/* Strict YYYY-MM-DD; EX_USAGE on failure. */
int day_parse(const char *s, int *day, struct shequ_err *e)
{
	char q[80], why[128];

	quote(q, sizeof q, s);
	if (!s || !*s)
		return shequ_err_set(e, EX_USAGE, "missing date: expected YYYY-MM-DD");
	if (!ymd_parse_strict(s, day, why, sizeof why))
		return shequ_err_set(e, EX_USAGE, "bad date '%s': %s", q, why);
	return 0;
}

/* Longest clerk's date we look at, in bytes, before and after normalising. */
#define LOOSE_MAX 64

/* 1 if the N >= 3 bytes at P are U+3000, the ideographic space. */
static int is_ideographic_space(const unsigned char *p)
{
	return p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80;
}

/* Narrow [*P, *END) to leave out blanks (ASCII and U+3000) at either end. */
static void loose_trim(const unsigned char **p, const unsigned char **end)
{
	for (;;) {
		if (*p < *end && (**p == ' ' || **p == '\t'))
			*p += 1;
		else if (*end - *p >= 3 && is_ideographic_space(*p))
			*p += 3;
		else
			break;
	}
	for (;;) {
		if (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
			*end -= 1;
		else if (*end - *p >= 3 && is_ideographic_space(*end - 3))
			*end -= 3;
		else
			break;
	}
}

/*
 * The ASCII stand-in for the character at P (before END): itself for an
 * ASCII digit or - / ., the ASCII self of a full-width digit or － ／ ．,
 * 'Y' 'M' 'D' for 年 月 日; *LEN gets the bytes it takes.  0 for any other
 * character.
 */
static char loose_char(const unsigned char *p, const unsigned char *end, size_t *len)
{
	*len = 1;
	if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '/' || *p == '.')
		return (char)*p;
	*len = 3;
	if (end - p < 3)
		return 0;
	if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
		return (char)('0' + (p[2] - 0x90)); /* U+FF10..U+FF19 */
	if (p[0] == 0xef && p[1] == 0xbc && (p[2] == 0x8d || p[2] == 0x8e || p[2] == 0x8f))
		return p[2] == 0x8d ? '-' : p[2] == 0x8e ? '.' : '/'; /* U+FF0D..U+FF0F */
	if (!memcmp(p, "\xe5\xb9\xb4", 3))			      /* 年 */
		return 'Y';
	if (!memcmp(p, "\xe6\x9c\x88", 3)) /* 月 */
		return 'M';
	if (!memcmp(p, "\xe6\x97\xa5", 3)) /* 日 */
		return 'D';
	return 0;
}

/*
 * Normalise the clerk's date S into ASCII OUT (LOOSE_MAX bytes): full-width
 * digits and -/. become ASCII, 年 月 日 become 'Y' 'M' 'D', blanks (ASCII and
 * U+3000) at either end are dropped.  Returns 1, or 0 with the reason in WHY.
 */
static int loose_normalise(const char *s, char *out, char *why, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	size_t o = 0, len;

	loose_trim(&p, &end);
	if (p == end) {
		snprintf(why, n, "empty date");
		return 0;
	}
	for (; p < end; p += len) {
		char c = loose_char(p, end, &len);

		if (o + 1 >= LOOSE_MAX) {
			snprintf(why, n, "too long for a date");
			return 0;
		}
		if (!c) {
			snprintf(why, n,
				 "unexpected character; expected a date like 2026-07-05, 2026/7/5, "
				 "2026.7.5, 2026年7月5日 or 20260705");
			return 0;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return 1;
}

/* A normalised date cut into digit groups, each with the separator after it. */
struct loose_groups {
	int n;		   /* the number of groups (1-3), or -1 when S has no such shape */
	const char *at[4]; /* where each group starts */
	size_t len[4];	   /* its number of digits */
	char sep[4];	   /* the separator after it, '\0' at the end */
};

/* Cut the normalised date S into digit groups, each followed by one
 * separator (or the end): at most 3, none empty, no separator last but 日. */
static void loose_split(const char *s, struct loose_groups *g)
{
	const char *p = s;

	g->n = 0;
	while (*p) {
		const char *q = p;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q == p || g->n == 3) {
			g->n = -1;
			return;
		}
		g->at[g->n] = p;
		g->len[g->n] = (size_t)(q - p);
		g->sep[g->n] = *q;
		g->n++;
		if (!*q)
			return;
		p = q + 1;
		if (!*p && g->sep[g->n - 1] != 'D' && g->sep[g->n - 1] != 'M') {
			g->n = -1; /* trailing separator, but for 日 (or 月 of a month) */
			return;
		}
	}
}

/* Y, M and D of three groups G, separated as 2026-7-5 (one ASCII kind
 * twice) or 2026年7月5日.  Returns 1, or 0 with the reason in WHY. */
static int loose_three(const struct loose_groups *g, int *y, int *m, int *d, char *why, size_t n)
{
	const char *sep = g->sep;
	int cjk = sep[0] == 'Y' && sep[1] == 'M' && (sep[2] == 'D' || sep[2] == '\0');
	int ascii =
	    (sep[0] == '-' || sep[0] == '/' || sep[0] == '.') && sep[1] == sep[0] && sep[2] == '\0';

	if (!cjk && !ascii) {
		if (sep[0] != sep[1] && strchr("-/.", sep[0]) && strchr("-/.", sep[1]))
			snprintf(why, n, "mixed separators; write 2026-07-05");
		else
			snprintf(why, n,
				 "expected a date like 2026-07-05, 2026/7/5, "
				 "2026.7.5, 2026年7月5日 or 20260705");
		return 0;
	}
	if (g->len[0] != 4) {
		if (g->len[2] == 4)
			snprintf(why, n, "the year must come first, as in 2026-07-05");
		else
			snprintf(why, n, "the year must have 4 digits, as in 2026-07-05");
		return 0;
	}
	if (g->len[1] > 2 || g->len[2] > 2) {
		snprintf(why, n, "month and day take 1 or 2 digits, as in 2026-7-5");
		return 0;
	}
	*y = digits_value(g->at[0], g->len[0]);
	*m = digits_value(g->at[1], g->len[1]);
	*d = digits_value(g->at[2], g->len[2]);
	return 1;
}

/*
 * Parse the normalised date S (see loose_normalise) into *DAY.  Returns 1,
 * or 0 with the reason in WHY (N bytes).
 */
static int loose_parse_normal(const char *s, int *day, char *why, size_t n)
{
	struct loose_groups g;
	int y, m, d;

	loose_split(s, &g);
	if (g.n == 1 && g.len[0] == 8 && g.sep[0] == '\0') {
		y = digits_value(s, 4);
		m = digits_value(s + 4, 2);
		d = digits_value(s + 6, 2);
	} else if (g.n == 3) {
		if (!loose_three(&g, &y, &m, &d, why, n))
			return 0;
	} else {
		if (g.n == 1 && g.sep[0] == '\0')
			snprintf(why, n,
				 "a date without separators needs exactly 8 digits "
				 "(YYYYMMDD)");
		else
			snprintf(why, n,
				 "expected a date like 2026-07-05, 2026/7/5, 2026.7.5, "
				 "2026年7月5日 or 20260705");
		return 0;
	}
	if (!ymd_valid(y, m, d, why, n))
		return 0;
	*day = day_from_ymd(y, m, d);
	return 1;
}

/* Clerk's date; EX_DATAERR on failure. */
int day_parse_loose(const char *s, int *day, struct shequ_err *e)
{
	char q[80], why[160], norm[LOOSE_MAX];

	quote(q, sizeof q, s);
	if (!s)
		s = "";
	if (!loose_normalise(s, norm, why, sizeof why) ||
	    !loose_parse_normal(norm, day, why, sizeof why))
		return shequ_err_set(e, EX_DATAERR, "bad date '%s': %s", q, why);
	return 0;
}

/* YYYY-MM-DD into BUF (11 bytes), "0000-00-00" outside DAY_MIN..DAY_MAX. */
void day_format(int day, char buf[11])
{
	int y, m, d;

	if (day < DAY_MIN || day > DAY_MAX) {
		memcpy(buf, "0000-00-00", 11);
		return;
	}
	day_to_ymd(day, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

/* The Monday starting ISO week 1 of week-year Y (the week holding Jan 4). */
static int week1_monday(int y)
{
	int jan4 = day_from_ymd(y, 1, 4);

	return jan4 - (day_weekday(jan4) - 1);
}

/* 52 or 53. */
int period_weeks_in_year(int y)
{
	int first = week1_monday(y);

	return (week1_monday(y + 1) - first) / 7;
}

/* Build a valid period of kind K from YEAR and NUM (no checks). */
static struct period mkperiod(enum period_kind k, int year, int num)
{
	struct period p = {k, year, num};

	return p;
}

/* The words for a period relative to today, in English and in Chinese:
 * which kind, and how many periods back from the one holding today. */
static const struct {
	const char *word;
	enum period_kind kind;
	int back;
} relative_words[] = {
    {"today", PERIOD_DAY, 0},
    {"今天", PERIOD_DAY, 0},
    {"yesterday", PERIOD_DAY, 1},
    {"昨天", PERIOD_DAY, 1},
    {"this-week", PERIOD_WEEK, 0},
    {"本周", PERIOD_WEEK, 0},
    {"last-week", PERIOD_WEEK, 1},
    {"上周", PERIOD_WEEK, 1},
    {"this-month", PERIOD_MONTH, 0},
    {"本月", PERIOD_MONTH, 0},
    {"last-month", PERIOD_MONTH, 1},
    {"上月", PERIOD_MONTH, 1},
    {"this-quarter", PERIOD_QUARTER, 0},
    {"本季度", PERIOD_QUARTER, 0},
    {"last-quarter", PERIOD_QUARTER, 1},
    {"上季度", PERIOD_QUARTER, 1},
};

/* The period a relative word S names, from TODAY, into *P: 1, or 0 when S
 * is none of relative_words. */
static int period_relative(const char *s, int today, struct period *p)
{
	size_t i;

	for (i = 0; i < sizeof relative_words / sizeof *relative_words; i++) {
		if (!strcmp(s, relative_words[i].word)) {
			struct period cur = period_of_day(relative_words[i].kind, today);

			if (relative_words[i].back)
				cur = period_prev(&cur);
			*p = cur;
			return 1;
		}
	}
	return 0;
}

int day_word(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof relative_words / sizeof *relative_words; i++)
		if (relative_words[i].kind == PERIOD_DAY && !strcmp(s, relative_words[i].word))
			return relative_words[i].back;
	return -1;
}

/* A month as clerks write it, 2026年7月 (full-width digits too), into *P:
 * 1, or 0 when S is no such month. */
static int period_loose_month(const char *s, struct period *p)
{
	char norm[LOOSE_MAX], why[160];
	struct loose_groups g;
	int y, m;

	if (!loose_normalise(s, norm, why, sizeof why))
		return 0;
	loose_split(norm, &g);
	if (g.n != 2 || g.sep[0] != 'Y' || g.sep[1] != 'M' || g.len[0] != 4 || g.len[1] > 2)
		return 0;
	y = digits_value(g.at[0], g.len[0]);
	m = digits_value(g.at[1], g.len[1]);
	if (y < 1 || m < 1 || m > 12)
		return 0;
	*p = mkperiod(PERIOD_MONTH, y, m);
	return 1;
}

/* If S starts with the UTF-8 text W, step S past it: 1, else 0. */
static int skip_text(const char **s, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*s, w, n))
		return 0;
	*s += n;
	return 1;
}

/*
 * A week or quarter as the reports name them on paper (period_words.h):
 * 2026年第31周, 2026年第三季度 (also 第3季度, and without 第) into *P: 1, or
 * 0 when S is no such period.  An ISO week the year does not have is none.
 */
static int period_chinese(const char *s, struct period *p)
{
	static const char *const numerals[] = {"一", "二", "三", "四"};
	int y, v = 0, digits = 0;

	if (strlen(s) < 7 || !all_digits(s, 4) || (y = digits_value(s, 4)) < 1)
		return 0;
	s += 4;
	if (!skip_text(&s, "年"))
		return 0;
	skip_text(&s, "第");
	while (*s >= '0' && *s <= '9' && digits < 2)
		v = v * 10 + (*s++ - '0'), digits++;
	for (int i = 0; !digits && i < 4; i++)
		if (skip_text(&s, numerals[i])) {
			v = i + 1;
			break;
		}
	if (v >= 1 && v <= 4 && !strcmp(s, "季度")) {
		*p = mkperiod(PERIOD_QUARTER, y, v);
		return 1;
	}
	if (digits && v >= 1 && v <= period_weeks_in_year(y) && !strcmp(s, "周")) {
		*p = mkperiod(PERIOD_WEEK, y, v);
		return 1;
	}
	return 0;
}

/* A day or month in a clerk's form (day_parse_loose(): 2026/7/8,
 * 2026年7月8日, 20260708 ...; 2026年7月) into *P: 1, or 0 when S is none. */
static int period_loose(const char *s, struct period *p)
{
	int day;

	if (!day_parse_loose(s, &day, NULL)) {
		*p = period_of_day(PERIOD_DAY, day);
		return 1;
	}
	return period_loose_month(s, p);
}

/*
 * Parse the rest of S, which starts with the 4-digit year Y (1-9999) and a
 * '-' and is LEN bytes long: -MM-DD, -Www, -MM or -Qq.  Returns 0; 1 when
 * S is none of them (the caller says what is expected); or EX_USAGE with a
 * precise reason in E (Q is S quoted).
 */
static int period_after_year(const char *s, size_t len, int y, const char *q, struct period *p,
			     struct shequ_err *e)
{
	char why[128];
	int v, day;

	if (ymd_shape(s)) {
		if (!ymd_parse_strict(s, &day, why, sizeof why))
			return shequ_err_set(e, EX_USAGE, "bad period '%s': %s", q, why);
		*p = period_of_day(PERIOD_DAY, day);
		return 0;
	}
	if (len == 8 && (s[5] == 'W' || s[5] == 'w') && all_digits(s + 6, 2)) {
		v = digits_value(s + 6, 2);
		if (v < 1 || v > 53)
			return 1;
		if (v > period_weeks_in_year(y))
			return shequ_err_set(e, EX_USAGE,
					     "bad period '%s': %04d has only %d ISO weeks", q, y,
					     period_weeks_in_year(y));
		*p = mkperiod(PERIOD_WEEK, y, v);
		return 0;
	}
	if (len == 7 && all_digits(s + 5, 2)) {
		v = digits_value(s + 5, 2);
		if (v < 1 || v > 12)
			return 1;
		*p = mkperiod(PERIOD_MONTH, y, v);
		return 0;
	}
	if (len == 7 && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {
		*p = mkperiod(PERIOD_QUARTER, y, s[6] - '0');
		return 0;
	}
	return 1;
}

/* See period.h. */
int period_parse(const char *s, int today, struct period *p, struct shequ_err *e)
{
	struct shequ_err strict = {0};
	char q[80];
	int rc = 1;

	quote(q, sizeof q, s);
	if (!s || !*s)
		return shequ_err_set(e, EX_USAGE, "missing period: %s", expected_periods);
	if (period_relative(s, today, p))
		return 0;
	if (strlen(s) >= 7 && all_digits(s, 4) && s[4] == '-') {
		if (digits_value(s, 4) < 1)
			return shequ_err_set(e, EX_USAGE,
					     "bad period '%s': year must be 0001 to 9999", q);
		if (!(rc = period_after_year(s, strlen(s), digits_value(s, 4), q, p, &strict)))
			return 0;
	}
	/* Clerks' forms (2026-7-8 too); when S has the shape of a code, the
	 * code's own message says best what is wrong (2026-02-30, 2025-W53). */
	if (period_loose(s, p) || period_chinese(s, p))
		return 0;
	if (rc != 1) {
		if (e)
			*e = strict;
		return rc;
	}
	return shequ_err_set(e, EX_USAGE, "bad period '%s': %s", q, expected_periods);
}

/* Canonical text of P into BUF (N bytes). */
void period_format(const struct period *p, char *buf, size_t n)
{
	char day[11];

	if (!n)
		return;
	switch (p->kind) {
	case PERIOD_DAY:
		day_format(p->num, day);
		snprintf(buf, n, "%s", day);
		break;
	case PERIOD_WEEK:
		snprintf(buf, n, "%04d-W%02d", p->year, p->num);
		break;
	case PERIOD_MONTH:
		snprintf(buf, n, "%04d-%02d", p->year, p->num);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "%04d-Q%d", p->year, p->num);
		break;
	default:
		snprintf(buf, n, "?");
		break;
	}
}

/* Inclusive first and last day of P. */
void period_bounds(const struct period *p, int *first_day, int *last_day)
{
	int first = 0, last = 0, m;

	switch (p->kind) {
	case PERIOD_DAY:
		first = last = p->num;
		break;
	case PERIOD_WEEK:
		first = week1_monday(p->year) + (p->num - 1) * 7;
		last = first + 6;
		break;
	case PERIOD_MONTH:
		first = day_from_ymd(p->year, p->num, 1);
		last = first + day_days_in_month(p->year, p->num) - 1;
		break;
	case PERIOD_QUARTER:
		m = (p->num - 1) * 3 + 1;
		first = day_from_ymd(p->year, m, 1);
		last = day_from_ymd(p->year, m + 2, day_days_in_month(p->year, m + 2));
		break;
	}
	if (first_day)
		*first_day = first;
	if (last_day)
		*last_day = last;
}

/* The period of kind K holding DAY. */
struct period period_of_day(enum period_kind k, int day)
{
	int y, m, thu;

	switch (k) {
	case PERIOD_WEEK:
		thu = day - day_weekday(day) + 4; /* the week's Thursday fixes its year */
		day_to_ymd(thu, &y, NULL, NULL);
		return mkperiod(PERIOD_WEEK, y, (thu - day_from_ymd(y, 1, 1)) / 7 + 1);
	case PERIOD_MONTH:
		day_to_ymd(day, &y, &m, NULL);
		return mkperiod(PERIOD_MONTH, y, m);
	case PERIOD_QUARTER:
		day_to_ymd(day, &y, &m, NULL);
		return mkperiod(PERIOD_QUARTER, y, (m - 1) / 3 + 1);
	case PERIOD_DAY:
	default:
		day_to_ymd(day, &y, NULL, NULL);
		return mkperiod(PERIOD_DAY, y, day);
	}
}

/* The period before P: the one holding the day before P's first day. */
struct period period_prev(const struct period *p)
{
	int first;

	period_bounds(p, &first, NULL);
	return period_of_day(p->kind, first - 1);
}

/* The period after P: the one holding the day after P's last day. */
struct period period_next(const struct period *p)
{
	int last;

	period_bounds(p, NULL, &last);
	return period_of_day(p->kind, last + 1);
}

/* By first day, then kind. */
int period_cmp(const struct period *a, const struct period *b)
{
	int fa, fb;

	period_bounds(a, &fa, NULL);
	period_bounds(b, &fb, NULL);
	if (fa != fb)
		return fa < fb ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return 0;
}

static const struct {
	const char *name, *alias;
	enum period_kind kind;
} kinds[] = {
    {"daily", "day", PERIOD_DAY},
    {"weekly", "week", PERIOD_WEEK},
    {"monthly", "month", PERIOD_MONTH},
    {"quarterly", "quarter", PERIOD_QUARTER},
};

/* "daily"/"day" etc. into *K. */
int period_kind_parse(const char *s, enum period_kind *k, struct shequ_err *e)
{
	char q[80];

	for (size_t i = 0; s && i < sizeof kinds / sizeof kinds[0]; i++) {
		if (!strcmp(s, kinds[i].name) || !strcmp(s, kinds[i].alias)) {
			*k = kinds[i].kind;
			return 0;
		}
	}
	quote(q, sizeof q, s);
	return shequ_err_set(
	    e, EX_USAGE, "unknown period kind '%s': expected daily, weekly, monthly or quarterly",
	    q);
}

/* Static name of K. */
const char *period_kind_name(enum period_kind k)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "?";
}

/*
 * Check zone name TZ and write the TZ environment value that selects it
 * into VAL (N bytes).  "UTC" is always known; other names must be a TZif
 * file under ZONEINFO (no absolute paths, no "..").  Returns 0 or EX_USAGE.
 */
static int tz_value(const char *tz, char *val, size_t n, struct shequ_err *e)
{
	char q[80], path[512], magic[4];
	struct stat st;
	FILE *f;
	int good;

	quote(q, sizeof q, tz);
	if (!strcmp(tz, "UTC")) {
		snprintf(val, n, "UTC0");
		return 0;
	}
	if (!*tz || tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 200)
		return shequ_err_set(e, EX_USAGE, "unknown time zone '%s'", q);
	snprintf(path, sizeof path, "%s/%s", ZONEINFO, tz);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return shequ_err_set(e, EX_USAGE, "unknown time zone '%s'", q);
	f = fopen(path, "rb");
	good = f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
	if (f)
		fclose(f);
	if (!good)
		return shequ_err_set(e, EX_USAGE, "unknown time zone '%s'", q);
	snprintf(val, n, ":%s", path);
	return 0;
}

/* Calendar day of T in zone TZ, restoring the process's TZ afterwards. */
int day_of_time_in_tz(time_t t, const char *tz, int *day, struct shequ_err *e)
{
	char val[520];
	const char *old;
	char *saved = NULL;
	struct tm tm, *got;
	int rc;

	if (!tz)
		tz = DEFAULT_TZ;
	rc = tz_value(tz, val, sizeof val, e);
	if (rc)
		return rc;

	old = getenv("TZ");
	if (old) {
		saved = strdup(old);
		if (!saved)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	if (setenv("TZ", val, 1) != 0) {
		free(saved);
		return shequ_err_set(e, EX_SOFTWARE, "cannot set TZ");
	}
	tzset();
	got = localtime_r(&t, &tm);

	if (saved)
		rc = setenv("TZ", saved, 1);
	else
		rc = unsetenv("TZ");
	tzset();
	free(saved);

	if (rc != 0)
		return shequ_err_set(e, EX_SOFTWARE, "cannot restore TZ");
	if (!got || tm.tm_year > 5000000 || tm.tm_year < -5000000)
		return shequ_err_set(e, EX_DATAERR, "time %lld out of range", (long long)t);
	*day = day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

/* Today in TZ, or SHEQU_TODAY if set. */
int today_in_tz(const char *tz, int *day, struct shequ_err *e)
{
	char val[520], q[80], why[128];
	const char *fake = getenv("SHEQU_TODAY");
	int rc, d;

	if (!tz)
		tz = DEFAULT_TZ;
	rc = tz_value(tz, val, sizeof val, e);
	if (rc)
		return rc;
	if (fake && *fake) {
		if (!ymd_parse_strict(fake, &d, why, sizeof why)) {
			quote(q, sizeof q, fake);
			return shequ_err_set(e, EX_USAGE, "bad SHEQU_TODAY '%s': %s", q, why);
		}
		*day = d;
		return 0;
	}
	return day_of_time_in_tz(time(NULL), tz, day, e);
}
