/* test-period.c - unit tests for lib/domain/period.c (TAP). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/period.h"
#include "tap.h"

/* Strict YYYY-MM-DD to a day number; -999999999 when it does not parse. */
static int D(const char *s)
{
	int day;

	if (day_parse(s, &day, NULL))
		return -999999999;
	return day;
}

/* Format DAY into a static buffer (one at a time). */
static const char *F(int day)
{
	static char buf[11];

	day_format(day, buf);
	return buf;
}

/* The text of period P, in a rotating static buffer. */
static const char *PF(struct period p)
{
	static char buf[4][PERIOD_BUFSZ];
	static int i;

	i = (i + 1) % 4;
	period_format(&p, buf[i], sizeof buf[i]);
	return buf[i];
}

/* Parse period S against TODAY and give back its text, or "ERR <code>". */
static const char *PP(const char *s, int today)
{
	static char buf[32];
	struct period p;
	int rc = period_parse(s, today, &p, NULL);

	if (rc) {
		snprintf(buf, sizeof buf, "ERR %d", rc);
		return buf;
	}
	return PF(p);
}

/* "FIRST..LAST" of period S (parsed with today = 0). */
static const char *BOUNDS(const char *s)
{
	static char buf[32];
	struct period p;
	int first, last;
	char a[11], b[11];

	if (period_parse(s, 0, &p, NULL))
		return "ERR";
	period_bounds(&p, &first, &last);
	day_format(first, a);
	day_format(last, b);
	snprintf(buf, sizeof buf, "%s..%s", a, b);
	return buf;
}

/* Loose-parse S and give back YYYY-MM-DD or "ERR <code>". */
static const char *L(const char *s)
{
	static char buf[32];
	int day;
	int rc = day_parse_loose(s, &day, NULL);

	if (rc) {
		snprintf(buf, sizeof buf, "ERR %d", rc);
		return buf;
	}
	day_format(day, buf);
	return buf;
}

/* Day of moment T in zone TZ as text, or "ERR <code>". */
static const char *TZDAY(time_t t, const char *tz)
{
	static char buf[32];
	int day;
	int rc = day_of_time_in_tz(t, tz, &day, NULL);

	if (rc) {
		snprintf(buf, sizeof buf, "ERR %d", rc);
		return buf;
	}
	day_format(day, buf);
	return buf;
}

static void test_days(void)
{
	struct shequ_err e = {0};
	int y, m, d, day, bad = 0;

	is_int(day_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(day_from_ymd(1969, 12, 31), -1, "1969-12-31 is day -1");
	is_int(day_from_ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	is_int(day_from_ymd(1, 1, 1), DAY_MIN, "DAY_MIN is 0001-01-01");
	is_int(day_from_ymd(9999, 12, 31), DAY_MAX, "DAY_MAX is 9999-12-31");
	is_int(day_weekday(0), 4, "1970-01-01 was a Thursday");
	is_int(day_weekday(D("2026-07-06")), 1, "2026-07-06 is a Monday");
	is_int(day_weekday(D("2026-07-12")), 7, "2026-07-12 is a Sunday");
	is_int(day_weekday(-1), 3, "1969-12-31 was a Wednesday");

	/* Round trip over a wide range, every day. */
	for (day = -800000; day <= 3000000 && !bad; day++) {
		day_to_ymd(day, &y, &m, &d);
		if (day_from_ymd(y, m, d) != day || m < 1 || m > 12 || d < 1 ||
		    d > day_days_in_month(y, m) ||
		    (day > -800000 && day_weekday(day) != day_weekday(day - 1) % 7 + 1))
			bad = day;
	}
	is_int(bad, 0, "day_to_ymd/day_from_ymd/day_weekday agree from year -220 to 10183");
	for (day = DAY_MIN, bad = 0; day <= DAY_MAX && !bad; day += 97)
		if (D(F(day)) != day)
			bad = day;
	is_int(bad, 0, "day_format/day_parse round trip over 0001..9999");
	is_str(F(DAY_MAX + 1), "0000-00-00", "day_format outside 0001..9999");

	/* Leap years. */
	is_str(F(D("2024-02-29")), "2024-02-29", "2024-02-29 exists");
	is_int(day_parse("2026-02-29", &day, &e), EX_USAGE, "2026-02-29 rejected");
	is_str(e.msg, "bad date '2026-02-29': 2026-02 has only 28 days", "... with the reason");
	is_int(D("1900-02-29"), -999999999, "1900-02-29 rejected (century)");
	is_str(F(D("2000-02-29")), "2000-02-29", "2000-02-29 exists (400 years)");
	is_int(D("2026-04-31"), -999999999, "2026-04-31 rejected");
	is_int(D("2026-13-01"), -999999999, "month 13 rejected");
	is_int(D("2026-00-10"), -999999999, "month 0 rejected");
	is_int(D("2026-07-00"), -999999999, "day 0 rejected");
	is_int(D("0000-01-01"), -999999999, "year 0000 rejected");
	is_int(D("2026-7-5"), -999999999, "strict parse refuses 2026-7-5");
	is_int(D("2026-07-05 "), -999999999, "strict parse refuses trailing blank");
	is_int(D(""), -999999999, "strict parse refuses empty text");
	is_int(D("2026/07/05"), -999999999, "strict parse refuses slashes");
}

static void test_loose(void)
{
	struct shequ_err e = {0};
	int day = 12345;

	is_str(L("2026-07-05"), "2026-07-05", "loose 2026-07-05");
	is_str(L("2026-7-5"), "2026-07-05", "loose 2026-7-5");
	is_str(L("2026/7/5"), "2026-07-05", "loose 2026/7/5");
	is_str(L("2026/07/05"), "2026-07-05", "loose 2026/07/05");
	is_str(L("2026.7.5"), "2026-07-05", "loose 2026.7.5");
	is_str(L("2026年7月5日"), "2026-07-05", "loose 2026年7月5日");
	is_str(L("2026年07月05"), "2026-07-05", "loose 2026年07月05 (no 日)");
	is_str(L("２０２６年７月５日"), "2026-07-05", "loose full-width digits");
	is_str(L("２０２６－０７－０５"), "2026-07-05", "loose full-width digits and hyphens");
	is_str(L("20260705"), "2026-07-05", "loose 20260705");
	is_str(L("  2026-7-5\t"), "2026-07-05", "loose trims ASCII blanks");
	is_str(L("　2026-7-5　"), "2026-07-05", "loose trims U+3000");
	is_str(L("2024/2/29"), "2024-02-29", "loose leap day");

	is_int(day_parse_loose("7/5/2026", &day, &e), EX_DATAERR, "loose refuses 7/5/2026");
	is_str(e.msg, "bad date '7/5/2026': the year must come first, as in 2026-07-05",
	       "... saying the year comes first");
	is_int(day, 12345, "... leaving *day alone");
	is_int(day_parse_loose("2026-02-30", &day, &e), EX_DATAERR, "loose refuses 2026-02-30");
	is_str(e.msg, "bad date '2026-02-30': 2026-02 has only 28 days", "... with the reason");
	is_int(day_parse_loose("2026-7/5", &day, &e), EX_DATAERR, "loose refuses 2026-7/5");
	is_str(e.msg, "bad date '2026-7/5': mixed separators; write 2026-07-05",
	       "... mixed separators");
	is_str(L("26-7-5"), "ERR 65", "loose refuses a 2-digit year");
	is_str(L("2026-13-1"), "ERR 65", "loose refuses month 13");
	is_str(L("2026-7-5-"), "ERR 65", "loose refuses a trailing separator");
	is_str(L("2026-7"), "ERR 65", "loose refuses a month");
	is_str(L("2026-007-5"), "ERR 65", "loose refuses a 3-digit month");
	is_str(L("2026070"), "ERR 65", "loose refuses 7 digits");
	is_str(L("202607051"), "ERR 65", "loose refuses 9 digits");
	is_str(L("2026-07-05T10:00"), "ERR 65", "loose refuses a time");
	is_str(L(""), "ERR 65", "loose refuses empty text");
	is_str(L("   "), "ERR 65", "loose refuses blanks");
	is_int(day_parse_loose("2026-07-05\nx", &day, &e), EX_DATAERR, "loose refuses newline");
	ok(!strchr(e.msg, '\n'), "... and the message stays on one line");
}

static void test_weeks(void)
{
	struct period p;

	is_str(PF(period_of_day(PERIOD_WEEK, D("2024-12-30"))), "2025-W01",
	       "2024-12-30 is 2025-W01");
	is_str(PF(period_of_day(PERIOD_WEEK, D("2026-12-31"))), "2026-W53",
	       "2026-12-31 is 2026-W53");
	is_str(PF(period_of_day(PERIOD_WEEK, D("2027-01-03"))), "2026-W53",
	       "2027-01-03 is 2026-W53");
	is_str(PF(period_of_day(PERIOD_WEEK, D("2027-01-04"))), "2027-W01",
	       "2027-01-04 is 2027-W01");
	is_str(PF(period_of_day(PERIOD_WEEK, D("2026-07-08"))), "2026-W28",
	       "2026-07-08 is 2026-W28");
	is_str(PF(period_of_day(PERIOD_WEEK, D("2021-01-03"))), "2020-W53",
	       "2021-01-03 is 2020-W53");
	is_str(BOUNDS("2026-W53"), "2026-12-28..2027-01-03", "2026-W53 bounds");
	is_str(BOUNDS("2025-W01"), "2024-12-30..2025-01-05", "2025-W01 bounds");
	is_int(period_weeks_in_year(2026), 53, "2026 has 53 ISO weeks");
	is_int(period_weeks_in_year(2025), 52, "2025 has 52 ISO weeks");
	is_int(period_weeks_in_year(2020), 53, "2020 (leap, starts Wed) has 53 ISO weeks");
	is_str(PP("2025-W53", 0), "ERR 64", "2025-W53 rejected");
	is_str(PP("2026-W00", 0), "ERR 64", "W00 rejected");
	is_str(PP("2026-W54", 0), "ERR 64", "W54 rejected");
	is_str(PP("2026-W5", 0), "ERR 64", "one-digit week rejected");
	is_str(PP("2026-w28", 0), "2026-W28", "lowercase w accepted");
	p = period_of_day(PERIOD_WEEK, D("2026-12-31"));
	is_str(PF(period_next(&p)), "2027-W01", "next of 2026-W53");
	p = period_of_day(PERIOD_WEEK, D("2027-01-04"));
	is_str(PF(period_prev(&p)), "2026-W53", "prev of 2027-W01");
}

static void test_months_quarters(void)
{
	struct period p;

	is_str(BOUNDS("2026-Q3"), "2026-07-01..2026-09-30", "2026-Q3 bounds");
	is_str(BOUNDS("2026-Q1"), "2026-01-01..2026-03-31", "2026-Q1 bounds");
	is_str(BOUNDS("2024-02"), "2024-02-01..2024-02-29", "2024-02 bounds");
	is_str(BOUNDS("2026-12"), "2026-12-01..2026-12-31", "2026-12 bounds");
	is_str(BOUNDS("2026-07-08"), "2026-07-08..2026-07-08", "day bounds");
	is_str(PP("2026-Q4", 0), "2026-Q4", "2026-Q4 parses");
	period_parse("2026-Q4", 0, &p, NULL);
	is_str(PF(period_next(&p)), "2027-Q1", "next of 2026-Q4 is 2027-Q1");
	period_parse("2026-Q1", 0, &p, NULL);
	is_str(PF(period_prev(&p)), "2025-Q4", "prev of 2026-Q1 is 2025-Q4");
	period_parse("2026-01", 0, &p, NULL);
	is_str(PF(period_prev(&p)), "2025-12", "prev of 2026-01 is 2025-12");
	period_parse("2026-12-31", 0, &p, NULL);
	is_str(PF(period_next(&p)), "2027-01-01", "next of 2026-12-31");
	is_str(PF(period_of_day(PERIOD_QUARTER, D("2026-09-30"))), "2026-Q3", "2026-09-30 in Q3");
	is_str(PF(period_of_day(PERIOD_QUARTER, D("2026-10-01"))), "2026-Q4", "2026-10-01 in Q4");
	is_str(PF(period_of_day(PERIOD_MONTH, D("2026-07-08"))), "2026-07", "month of a day");
	is_str(PP("2026-Q5", 0), "ERR 64", "Q5 rejected");
	is_str(PP("2026-Q0", 0), "ERR 64", "Q0 rejected");
	is_str(PP("2026-00", 0), "ERR 64", "month 00 rejected");
}

static void test_parse(void)
{
	struct shequ_err e = {0};
	struct period p = {PERIOD_DAY, 0, 0}, a, b;
	int today = D("2027-01-01");
	enum period_kind k = PERIOD_DAY;

	is_str(PP("yesterday", today), "2026-12-31", "yesterday from 2027-01-01");
	is_str(PP("last-week", today), "2026-W52", "last-week from 2027-01-01");
	is_str(PP("last-month", today), "2026-12", "last-month from 2027-01-01");
	is_str(PP("last-quarter", today), "2026-Q4", "last-quarter from 2027-01-01");
	is_str(PP("last-week", D("2027-01-04")), "2026-W53", "last-week from 2027-01-04");
	is_str(PP("last-quarter", D("2026-08-15")), "2026-Q2", "last-quarter from 2026-08-15");
	is_str(PP("2026-07-08", 0), "2026-07-08", "day round trip");
	is_str(PP("2026-07", 0), "2026-07", "month round trip");
	is_str(PP("today", today), "2027-01-01", "today");
	is_str(PP("this-week", today), "2026-W53",
	       "this-week from 2027-01-01 (a Friday of 2026-W53)");
	is_str(PP("this-month", today), "2027-01", "this-month");
	is_str(PP("this-quarter", D("2026-08-15")), "2026-Q3", "this-quarter");
	is_str(PP("昨天", today), "2026-12-31", "昨天 is yesterday");
	is_str(PP("上月", today), "2026-12", "上月 is last-month");
	is_str(PP("本季度", D("2026-08-15")), "2026-Q3", "本季度 is this-quarter");
	is_str(PP("2026/07/08", 0), "2026-07-08", "a day as 2026/07/08");
	is_str(PP("2026-7-8", 0), "2026-07-08", "a day as 2026-7-8");
	is_str(PP("2026年7月8日", 0), "2026-07-08", "a day as 2026年7月8日");
	is_str(PP("2026年7月", 0), "2026-07", "a month as 2026年7月");
	is_str(PP("２０２６年７月", 0), "2026-07", "in full-width digits");
	is_str(PP("2026年13月", 0), "ERR 64", "2026年13月 rejected");
	is_str(PP("2026年第三季度", 0), "2026-Q3",
	       "a quarter as the reports name it, 2026年第三季度");
	is_str(PP("2026年第3季度", 0), "2026-Q3", "a quarter as 2026年第3季度");
	is_str(PP("2026年四季度", 0), "2026-Q4", "a quarter as 2026年四季度, without 第");
	is_str(PP("2026年第31周", 0), "2026-W31", "a week as the reports name it, 2026年第31周");
	is_str(PP("2026年第1周", 0), "2026-W01", "a week as 2026年第1周");
	is_str(PP("2026年第53周", 0), "2026-W53", "2026 has an ISO week 53");
	is_str(PP("2025年第53周", 0), "ERR 64", "2025年第53周 rejected: 2025 has 52 ISO weeks");
	is_str(PP("2026年第五季度", 0), "ERR 64", "2026年第五季度 rejected");
	is_str(PP("2026年第0周", 0), "ERR 64", "2026年第0周 rejected");
	is_str(PP("2026年第31周x", 0), "ERR 64", "2026年第31周 with trailing junk rejected");
	is_str(PP("2026/07", 0), "ERR 64", "2026/07 is no form (a month is 2026-07 or 2026年7月)");
	is_int(day_word("today"), 0, "day_word: today is 0 days back");
	is_int(day_word("昨天"), 1, "day_word: 昨天 is 1 day back");
	is_int(day_word("last-week"), -1, "day_word: last-week is no day");

	is_int(period_parse("2026-13", today, &p, &e), EX_USAGE, "2026-13 rejected");
	is_str(
	    e.msg,
	    "bad period '2026-13': expected 2026-07-08, 2026-W28, 2026-07, 2026-Q3, 2026/7/8, "
	    "2026年7月8日, 2026年7月, 2026年第28周, 2026年第三季度, today, yesterday, this-week, "
	    "last-week, this-month, "
	    "last-month, this-quarter or last-quarter",
	    "... with the list of forms");
	is_int(p.num, 0, "... leaving *p alone");
	is_int(period_parse("2025-W53", today, &p, &e), EX_USAGE, "2025-W53 rejected");
	is_str(e.msg, "bad period '2025-W53': 2025 has only 52 ISO weeks", "... saying why");
	is_int(period_parse("2026-02-29", today, &p, &e), EX_USAGE, "2026-02-29 period rejected");
	is_str(e.msg, "bad period '2026-02-29': 2026-02 has only 28 days", "... saying why");
	is_str(PP("Yesterday", today), "ERR 64", "relative words are lowercase");
	is_str(PP("", today), "ERR 64", "empty period rejected");
	is_str(PP("2026-07-08x", today), "ERR 64", "trailing junk rejected");
	is_str(PP("2026", today), "ERR 64", "a bare year is rejected");

	period_parse("2026-07-01", 0, &a, NULL);
	period_parse("2026-07", 0, &b, NULL);
	ok(period_cmp(&a, &b) < 0, "a day sorts before the month starting with it");
	period_parse("2026-Q3", 0, &a, NULL);
	ok(period_cmp(&b, &a) < 0, "a month sorts before the quarter starting with it");
	period_parse("2026-06", 0, &b, NULL);
	ok(period_cmp(&a, &b) > 0, "2026-Q3 after 2026-06");
	ok(period_cmp(&a, &a) == 0, "a period equals itself");

	is_int(period_kind_parse("weekly", &k, NULL), 0, "kind weekly");
	is_int(k, PERIOD_WEEK, "... is PERIOD_WEEK");
	is_int(period_kind_parse("quarter", &k, NULL), 0, "kind quarter");
	is_int(k, PERIOD_QUARTER, "... is PERIOD_QUARTER");
	is_int(period_kind_parse("yearly", &k, &e), EX_USAGE, "kind yearly rejected");
	is_str(e.msg, "unknown period kind 'yearly': expected daily, weekly, monthly or quarterly",
	       "... with the choices");
	is_str(period_kind_name(PERIOD_DAY), "daily", "name of PERIOD_DAY");
	is_str(period_kind_name(PERIOD_MONTH), "monthly", "name of PERIOD_MONTH");
}

/* Iterate the months whose last day is <= 2026-03-10, from 2025-11-15. */
static void test_iterate(void)
{
	char got[128] = "";
	struct period p = period_of_day(PERIOD_MONTH, D("2025-11-15"));
	int last;

	for (;;) {
		period_bounds(&p, NULL, &last);
		if (last > D("2026-03-10"))
			break;
		strcat(got, PF(p));
		strcat(got, " ");
		p = period_next(&p);
	}
	is_str(got, "2025-11 2025-12 2026-01 2026-02 ", "iterating months");
}

static void test_tz(void)
{
	const time_t t = 1798732800; /* 2026-12-31T16:00:00Z */
	struct shequ_err e = {0};
	const char *envs[] = {"UTC", "America/New_York"};
	int day = 0;

	for (size_t i = 0; i < 2; i++) {
		setenv("TZ", envs[i], 1);
		tzset();
		is_str(TZDAY(t, "Asia/Shanghai"), "2027-01-01", "Shanghai day, process TZ=%s",
		       envs[i]);
		is_str(TZDAY(t, NULL), "2027-01-01", "default zone is Shanghai, process TZ=%s",
		       envs[i]);
		is_str(TZDAY(t, "UTC"), "2026-12-31", "UTC day, process TZ=%s", envs[i]);
		is_str(getenv("TZ"), envs[i], "process TZ=%s restored", envs[i]);
	}
	unsetenv("TZ");
	tzset();
	is_str(TZDAY(t - 1, "Asia/Shanghai"), "2026-12-31", "one second earlier in Shanghai");
	ok(getenv("TZ") == NULL, "unset TZ stays unset");

	is_int(day_of_time_in_tz(t, "Mars/Olympus", &day, &e), EX_USAGE, "unknown zone rejected");
	is_str(e.msg, "unknown time zone 'Mars/Olympus'", "... with its name");
	is_str(TZDAY(t, "Asia"), "ERR 64", "a zoneinfo directory is not a zone");
	is_str(TZDAY(t, "../../../etc/passwd"), "ERR 64", "no path games");
	is_str(TZDAY(t, "zone.tab"), "ERR 64", "a zoneinfo file that is not TZif");
	is_str(TZDAY(t, ""), "ERR 64", "empty zone name rejected");

	setenv("SHEQU_TODAY", "2027-01-01", 1);
	is_int(today_in_tz(NULL, &day, &e), 0, "today_in_tz with SHEQU_TODAY");
	is_str(F(day), "2027-01-01", "... is SHEQU_TODAY");
	is_int(today_in_tz("Nowhere/Land", &day, &e), EX_USAGE, "... still checks the zone");
	setenv("SHEQU_TODAY", "2027-1-1", 1);
	is_int(today_in_tz(NULL, &day, &e), EX_USAGE, "bad SHEQU_TODAY rejected");
	is_str(e.msg, "bad SHEQU_TODAY '2027-1-1': expected YYYY-MM-DD, like 2026-07-08",
	       "... with the reason");
	unsetenv("SHEQU_TODAY");
	is_int(today_in_tz("UTC", &day, &e), 0, "today_in_tz from the clock");
	ok(day >= D("2025-01-01") && day <= D("2100-01-01"), "... is a plausible day (%s)", F(day));
}

int main(void)
{
	test_days();
	test_loose();
	test_weeks();
	test_months_quarters();
	test_parse();
	test_iterate();
	test_tz();
	return tap_done();
}
