/* test-care-window.c - unit tests for lib/care/care_window.c (TAP): ages
 * on a day, birthdays on 29 February, and the cadence windows of care
 * visits across the ends of months, quarters and years, every figure
 * worked out by hand from the calendar. */
#include <stdio.h>

#include "care/care_window.h"
#include "domain/period.h"
#include "tap.h"

/* The day number of S (YYYY-MM-DD); the tests only give real dates. */
static int D(const char *s)
{
	struct shequ_err e = {0};
	int day = 0;

	day_parse(s, &day, &e);
	return day;
}

/* The window of K holding S as "first..last". */
static const char *window(enum care_cadence k, const char *s)
{
	static char buf[32];
	char a[11], b[11];
	int f, l;

	care_window(k, D(s), &f, &l);
	day_format(f, a);
	day_format(l, b);
	snprintf(buf, sizeof buf, "%s..%s", a, b);
	return buf;
}

/* The status on S of a person of cadence K last visited on LAST ("" for
 * never), with the day it is due by. */
static const char *due(enum care_cadence k, const char *last, const char *s)
{
	static char buf[40];
	char b[11];
	int by;
	enum care_status st = care_due(k, *last ? D(last) : CARE_NO_DAY, D(s), &by);

	day_format(by, b);
	snprintf(buf, sizeof buf, "%s by %s", care_status_name(st), b);
	return buf;
}

static void test_ages(void)
{
	is_int(care_age(D("1946-07-31"), D("2026-07-30")), 79, "the day before the 80th birthday");
	is_int(care_age(D("1946-07-31"), D("2026-07-31")), 80, "on the 80th birthday");
	is_int(care_age(D("2024-02-29"), D("2027-02-28")), 2,
	       "born 29 February: not 3 on 28 February");
	is_int(care_age(D("2024-02-29"), D("2027-03-01")), 3, "born 29 February: 3 on 1 March");
	is_int(care_age(D("2024-02-29"), D("2028-02-29")), 4, "born 29 February: 4 on 29 February");
	is_int(care_age(D("2019-08-03"), D("2026-08-02")), 6, "6 the day before the 7th birthday");
	is_int(care_age(D("1935-01-01"), D("2026-12-31")), 91, "born before 1970");
	is_int(care_birth_of_id("110105194607310023"), D("1946-07-31"), "the birth date in an ID");
	is_int(care_birth_of_id("110105194602300023"), CARE_NO_DAY, "30 February is no birth date");
	is_int(care_birth_of_id("1101051946"), CARE_NO_DAY, "a short ID has none");
}

static void test_windows(void)
{
	is_str(window(CARE_WEEKLY, "2026-07-31"), "2026-07-27..2026-08-02",
	       "a week across July's end");
	is_str(window(CARE_WEEKLY, "2026-08-02"), "2026-07-27..2026-08-02", "Sunday ends the week");
	is_str(window(CARE_WEEKLY, "2026-08-03"), "2026-08-03..2026-08-09", "Monday starts one");
	is_str(window(CARE_WEEKLY, "2026-12-31"), "2026-12-28..2027-01-03",
	       "a week across the year");
	is_str(window(CARE_MONTHLY, "2026-02-15"), "2026-02-01..2026-02-28", "February of 2026");
	is_str(window(CARE_MONTHLY, "2028-02-15"), "2028-02-01..2028-02-29", "February of 2028");
	is_str(window(CARE_QUARTERLY, "2026-09-30"), "2026-07-01..2026-09-30", "the third quarter");
	is_str(window(CARE_QUARTERLY, "2026-10-01"), "2026-10-01..2026-12-31", "the fourth");
}

static void test_due(void)
{
	is_str(due(CARE_WEEKLY, "2026-07-28", "2026-08-02"), "ok by 2026-08-02",
	       "visited Tuesday: nothing due on Sunday, though the month changed");
	is_str(due(CARE_WEEKLY, "2026-07-28", "2026-08-03"), "due by 2026-08-09",
	       "the next Monday: due within the week");
	is_str(due(CARE_WEEKLY, "2026-07-28", "2026-08-10"), "overdue by 2026-08-16",
	       "a week without a visit: overdue");
	is_str(due(CARE_WEEKLY, "", "2026-08-03"), "overdue by 2026-08-09",
	       "never visited: overdue");
	is_str(due(CARE_MONTHLY, "2026-07-31", "2026-07-31"), "ok by 2026-07-31", "the same month");
	is_str(due(CARE_MONTHLY, "2026-07-31", "2026-08-01"), "due by 2026-08-31",
	       "the next day is the next month: due");
	is_str(due(CARE_MONTHLY, "2026-07-31", "2026-09-01"), "overdue by 2026-09-30",
	       "August passed without a visit");
	is_str(due(CARE_MONTHLY, "2026-01-31", "2026-02-28"), "due by 2026-02-28",
	       "due by the end of a short February");
	is_str(due(CARE_QUARTERLY, "2026-09-30", "2026-10-01"), "due by 2026-12-31",
	       "quarterly across the quarter's end");
	is_str(due(CARE_QUARTERLY, "2026-06-30", "2026-10-01"), "overdue by 2026-12-31",
	       "a quarter without a visit");
}

int main(void)
{
	test_ages();
	test_windows();
	test_due();
	return tap_done();
}
