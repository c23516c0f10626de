/* test-workday.c - unit tests for lib/domain/workday.c (TAP), on the
 * shipped calendar: across the 2026 Spring Festival with its make-up
 * Saturdays, across the National Day week, and past the calendar's end. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/period.h"
#include "domain/workday.h"
#include "tap.h"

/* YYYY-MM-DD to a day number. */
static int D(const char *s)
{
	int d = 0;

	day_parse(s, &d, NULL);
	return d;
}

/* A day number as YYYY-MM-DD, in a rotating static buffer. */
static const char *F(int day)
{
	static char buf[4][11];
	static int i;

	i = (i + 1) % 4;
	day_format(day, buf[i]);
	return buf[i];
}

/* YYYY-MM-DD at H:M as local seconds. */
static long long T(const char *day, int h, int m)
{
	return D(day) * WORKDAY_DAY_SECONDS + h * 3600 + m * 60;
}

/* Working days and their count and sum. */
static void test_days(const struct workday_cal *c)
{
	ok(workday_is_working(c, D("2026-02-14")),
	   "2026-02-14, a Saturday, is a make-up working day");
	ok(!workday_is_working(c, D("2026-02-16")), "2026-02-16, a Monday, is the Spring Festival");
	ok(!workday_is_working(c, D("2026-02-21")),
	   "2026-02-21, a Saturday in the holiday, is off");
	ok(workday_is_working(c, D("2026-02-24")), "2026-02-24 is a working day again");
	ok(!workday_is_working(c, D("2026-03-07")), "an ordinary Saturday is off");
	is_str(workday_name(c, D("2026-02-14")), "春节调休上班", "the day's name");
	is_str(F(workday_add(c, D("2026-02-13"), 1)), "2026-02-14",
	       "1 working day after Friday is the make-up Saturday");
	is_str(F(workday_add(c, D("2026-02-14"), 1)), "2026-02-24",
	       "1 working day after it jumps the holiday");
	is_str(F(workday_add(c, D("2026-02-12"), 5)), "2026-02-26",
	       "5 working days across the holiday");
	is_str(F(workday_add(c, D("2026-09-30"), 1)), "2026-10-08",
	       "1 working day across National Day");
	is_str(F(workday_add(c, D("2026-10-09"), 1)), "2026-10-10",
	       "the make-up Saturday 2026-10-10");
	is_str(F(workday_add(c, D("2026-10-09"), 0)), "2026-10-09",
	       "0 working days is the day itself");
	is_int(workday_count(c, D("2026-02-13"), D("2026-02-24")), 2,
	       "working days in (02-13, 02-24]");
	is_int(workday_count(c, D("2026-02-24"), D("2026-02-13")), 0, "an empty span counts 0");
}

/* Working hours and whole working days between moments. */
static void test_hours(struct workday_cal *c)
{
	is_int(workday_hours_between(c, T("2026-02-13", 17, 0), T("2026-02-14", 9, 0)), 3600,
	       "Friday 17:00 to make-up Saturday 09:00: one working hour");
	is_int(workday_hours_between(c, T("2026-02-14", 17, 0), T("2026-02-24", 9, 0)), 3600,
	       "across the Spring Festival: one working hour");
	is_int(workday_hours_add(c, T("2026-02-13", 17, 0), 3600), T("2026-02-14", 9, 0),
	       "an hour of work from Friday 17:00 ends on the make-up Saturday");
	is_int(workday_hours_add(c, T("2026-02-14", 20, 0), 60), T("2026-02-24", 8, 31),
	       "a minute of work from Saturday evening ends after the holiday");
	is_int(workday_days_between(c, T("2026-09-30", 12, 0), T("2026-10-08", 12, 0)), 86400,
	       "National Day week: half of 09-30 and half of 10-08");
	is_int(workday_days_add(c, T("2026-09-30", 12, 0), 86400), T("2026-10-08", 12, 0),
	       "a working day from 09-30 noon ends on 10-08 noon");
	workday_set_hours(c, 9 * 3600, 17 * 3600);
	is_int(workday_hours_between(c, T("2026-03-02", 8, 0), T("2026-03-02", 18, 0)), 8 * 3600,
	       "working hours set to 09:00-17:00");
	workday_set_hours(c, 8 * 3600 + 1800, 17 * 3600 + 1800);
}

/* The years covered, and the Monday-to-Friday rule past them. */
static void test_cover(const struct workday_cal *c)
{
	is_int(workday_first_year(c), 2025, "the calendar starts in 2025");
	is_int(workday_last_year(c), 2026, "and ends in 2026");
	ok(workday_covers(c, D("2026-12-31")), "2026-12-31 is covered");
	ok(!workday_covers(c, D("2027-01-04")), "2027 is not");
	ok(workday_is_working(c, D("2027-01-01")), "past the end, a Friday is a working day");
}

/* A malformed calendar is a configuration error naming the line. */
static void test_bad(void)
{
	char path[] = "/tmp/test-workday.XXXXXX";
	struct workday_cal *c;
	struct shequ_err e = {0};
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs("date,kind,name\n2026-01-01,holiday,元旦\n2026-01-02,day off,x\n", f);
	fclose(f);
	is_int(workday_load_file(&c, path, &e), EX_CONFIG, "a bad kind is EX_CONFIG");
	ok(strstr(e.msg, ":3: kind") != NULL, "naming line 3 (%s)", e.msg);
	ok(c == NULL, "and no calendar");
	unlink(path);
}

int main(void)
{
	struct workday_cal *c;
	struct shequ_err e = {0};

	if (workday_load(&c, &e)) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	test_days(c);
	test_hours(c);
	test_cover(c);
	test_bad();
	workday_free(c);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
