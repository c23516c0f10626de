/*
 * workday.h - working days and working hours by China's official holiday
 * calendar (国务院办公厅 放假安排), with its make-up working days (调休).
 *
 * The calendar is data: request/holidays.csv in the data folder (datadir.h),
 * columns date,kind,name, where kind is "holiday" (a day off, weekday or
 * not) or "workday" (a Saturday or Sunday worked to make up for one).  A day
 * the file does not name is a working day from Monday to Friday.  The years
 * the file names a day of are the years it covers; outside them the Monday
 * to Friday rule is all there is, and callers should say so
 * (workday_covers()).
 *
 *	struct workday_cal *cal;
 *	if (workday_load(&cal, &e))
 *		return e.code;
 *	last = workday_add(cal, received_day, 5);	(5 working days on)
 *	workday_free(cal);
 *
 * Days are day numbers (period.h).  Moments are seconds since 1970-01-01
 * 00:00 on the community's own clock (a local time, day * 86400 + seconds
 * of the day): China keeps no summer time, so local arithmetic is exact.
 *
 * Memory: workday_load() returns a calendar the caller frees with
 * workday_free(); nothing else allocates.  A loaded calendar is only read,
 * so threads may share it.
 */
#ifndef SHEQU_WORKDAY_H
#define SHEQU_WORKDAY_H

#include "base/error.h"

/* Seconds in a day. */
#define WORKDAY_DAY_SECONDS 86400LL

/* A loaded calendar; opaque. */
struct workday_cal;

/* Load request/holidays.csv from the data folder into *OUT (EX_CONFIG when
 * it is missing or malformed, naming the file and line). */
int workday_load(struct workday_cal **out, struct shequ_err *e);

/* Load the calendar from the CSV file PATH into *OUT. */
int workday_load_file(struct workday_cal **out, const char *path, struct shequ_err *e);

/* Free CAL (NULL is fine). */
void workday_free(struct workday_cal *cal);

/* Working hours of a working day, in seconds after midnight: from START to
 * END (START < END).  The default is 08:30 to 17:30. */
void workday_set_hours(struct workday_cal *cal, int start, int end);

/* The first and last year the file covers (0 and -1 for an empty file). */
int workday_first_year(const struct workday_cal *cal);
int workday_last_year(const struct workday_cal *cal);

/* 1 when DAY lies in a year the file covers, else 0. */
int workday_covers(const struct workday_cal *cal, int day);

/* 1 when DAY is a working day, else 0. */
int workday_is_working(const struct workday_cal *cal, int day);

/* The name the file gives DAY (春节, 春节调休上班), or NULL. */
const char *workday_name(const struct workday_cal *cal, int day);

/* The number of working days D with FROM < D <= TO (0 when TO <= FROM). */
int workday_count(const struct workday_cal *cal, int from, int to);

/* The Nth working day after DAY (DAY itself does not count; N >= 1), or
 * DAY when N <= 0.  A limit of "N working days" from a moment on DAY ends
 * at the end of that day. */
int workday_add(const struct workday_cal *cal, int day, int n);

/* Seconds of working hours of working days in [T0, T1) (0 when T1 <= T0). */
long long workday_hours_between(const struct workday_cal *cal, long long t0, long long t1);

/* Seconds of working days (whole days) in [T0, T1) (0 when T1 <= T0). */
long long workday_days_between(const struct workday_cal *cal, long long t0, long long t1);

/* The moment at which SECS seconds of working hours have passed since T0
 * (T0 itself when SECS <= 0). */
long long workday_hours_add(const struct workday_cal *cal, long long t0, long long secs);

/* The moment at which SECS seconds of working days have passed since T0. */
long long workday_days_add(const struct workday_cal *cal, long long t0, long long secs);

#endif
