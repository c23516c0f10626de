/* care_window.c - ages and cadence windows; see care_window.h. */
#include <stdlib.h>
#include <string.h>

#include "care/care_window.h"
#include "domain/period.h"

int care_age(int birth, int day)
{
	int by, bm, bd, y, m, d;

	day_to_ymd(birth, &by, &bm, &bd);
	day_to_ymd(day, &y, &m, &d);
	/* Comparing YYYYMMDD numbers puts 29 February's birthday on 1 March. */
	return ((y * 10000 + m * 100 + d) - (by * 10000 + bm * 100 + bd)) / 10000;
}

int care_birth_of_id(const char *id)
{
	char buf[11];
	struct shequ_err e = {0};
	int day;

	if (strlen(id) != 18)
		return CARE_NO_DAY;
	memcpy(buf, id + 6, 4);
	buf[4] = '-';
	memcpy(buf + 5, id + 10, 2);
	buf[7] = '-';
	memcpy(buf + 8, id + 12, 2);
	buf[10] = '\0';
	return day_parse(buf, &day, &e) ? CARE_NO_DAY : day;
}

/* The period kind of cadence K. */
static enum period_kind kind_of(enum care_cadence k)
{
	return k == CARE_WEEKLY ? PERIOD_WEEK : k == CARE_MONTHLY ? PERIOD_MONTH : PERIOD_QUARTER;
}

void care_window(enum care_cadence k, int day, int *first, int *last)
{
	struct period p = period_of_day(kind_of(k), day);

	period_bounds(&p, first, last);
}

enum care_status care_due(enum care_cadence k, int last, int day, int *due_by)
{
	int first, prev_first;

	care_window(k, day, &first, due_by);
	care_window(k, first - 1, &prev_first, NULL);
	if (last >= first)
		return CARE_OK;
	if (last >= prev_first)
		return CARE_DUE;
	return CARE_OVERDUE;
}

const char *care_status_name(enum care_status s)
{
	return s == CARE_OK ? "ok" : s == CARE_DUE ? "due" : "overdue";
}
