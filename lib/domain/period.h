/*
 * period.h - calendar days and reporting periods (day, ISO week, month,
 * quarter), their text forms, and "today" in a given time zone.
 *
 * Days are plain ints: the number of days since 1970-01-01 in the proleptic
 * Gregorian calendar (1969-12-31 is -1).  All day arithmetic is pure integer
 * arithmetic: no mktime(), no dependence on the host's TZ.  Only
 * today_in_tz() and day_of_time_in_tz() look at a clock or a time zone.
 *
 * Text forms (all strict, ASCII):
 *	day      2026-07-08
 *	week     2026-W28   ISO 8601: weeks start on Monday, week 1 holds the
 *	                    year's first Thursday, some years have a week 53;
 *	                    the year is the ISO week-year (2024-12-30 is 2025-W01)
 *	month    2026-07
 *	quarter  2026-Q3
 *	relative today, yesterday, this-week, last-week, this-month,
 *	         last-month, this-quarter, last-quarter, and in Chinese 今天,
 *	         昨天, 本周, 上周, 本月, 上月, 本季度, 上季度 (relative to a
 *	         reference day, normally today_in_tz())
 *	clerks'  a day as day_parse_loose() takes it (2026/7/8, 2026年7月8日,
 *	         20260708 ...), a month 2026年7月, and a week or quarter as the
 *	         reports name them: 2026年第31周, 2026年第三季度 (第3季度 too)
 * Parsing also accepts a lowercase 'w' or 'q'; formatting writes uppercase.
 * Parsed years are 0001..9999 (DAY_MIN..DAY_MAX).
 *
 * Memory: nothing here allocates memory that outlives a call.  Results go
 * into caller-supplied structs and buffers; period_kind_name() returns static
 * strings that must not be freed.
 *
 * Threads: today_in_tz() and day_of_time_in_tz() change the TZ environment
 * variable for the duration of the call, so they are not thread-safe (nor is
 * anything else calling getenv/setenv/localtime concurrently).  Everything
 * else is reentrant.
 *
 * Errors follow error.h: 0 on success, else an EX_* code with a message.
 */
#ifndef SHEQU_PERIOD_H
#define SHEQU_PERIOD_H

#include <stddef.h>
#include <time.h>

#include "base/error.h"

/* Day numbers of 0001-01-01 and 9999-12-31: the range the parsers accept. */
#define DAY_MIN (-719162)
#define DAY_MAX 2932896

/* Enough room for any period_format() or day_format() output, with the NUL. */
#define PERIOD_BUFSZ 16

/* The kinds, in the order period_cmp() uses for periods starting together. */
enum period_kind { PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER };

/*
 * A period.  year is the calendar year, except for PERIOD_WEEK where it is
 * the ISO week-year.  num is: for PERIOD_DAY the day number (and year is
 * then that day's calendar year, for information); for PERIOD_WEEK the week
 * 1-53; for PERIOD_MONTH the month 1-12; for PERIOD_QUARTER the quarter 1-4.
 * Build one with period_parse() or period_of_day(); functions taking a
 * period assume it is valid.
 */
struct period {
	enum period_kind kind;
	int year;
	int num;
};

/* ---- days ---- */

/* 1 if Y is a Gregorian leap year, else 0. */
int day_is_leap_year(int y);

/* The number of days (28-31) in month M (1-12) of year Y. */
int day_days_in_month(int y, int m);

/*
 * The day number of Y-M-D.  M must be 1-12; D is not checked (D = 0 gives
 * the last day of the month before).  Y must lie within +-5,000,000.
 */
int day_from_ymd(int y, int m, int d);

/* Split DAY into year, month (1-12) and day of month (1-31); any may be NULL. */
void day_to_ymd(int day, int *y, int *m, int *d);

/* The ISO weekday of DAY: 1 = Monday .. 7 = Sunday. */
int day_weekday(int day);

/*
 * Parse S, which must be exactly YYYY-MM-DD (a real date, year 0001-9999,
 * nothing before or after), into *DAY.  Returns 0, or EX_USAGE with a
 * message such as "bad date '2026-02-29': 2026-02 has only 28 days".
 * *DAY is untouched on failure.
 */
int day_parse(const char *s, int *day, struct shequ_err *e);

/*
 * Parse a date as clerks type it, into *DAY.  Accepted, year always first
 * with 4 digits, month and day with 1 or 2 digits:
 *	2026-07-05  2026-7-5  2026/7/5  2026.7.5  (one separator kind, used twice)
 *	2026年7月5日  (the final 日 may be left out)
 *	20260705    (exactly 8 digits: YYYYMMDD)
 * Full-width digits ０-９ and full-width －／． count as their ASCII
 * selves; ASCII blanks and U+3000 at either end are ignored.  Anything else
 * (7/5/2026, 26-7-5, 2026-7/5, 2026-02-30, ...) is refused, never guessed:
 * returns EX_DATAERR with "bad date 'TEXT': REASON".  *DAY is untouched on
 * failure.
 */
int day_parse_loose(const char *s, int *day, struct shequ_err *e);

/*
 * How many days before today the word S names: 0 for "today" or 今天, 1
 * for "yesterday" or 昨天; -1 for anything else.  Every tool that takes a
 * day takes these too (cli_day_or_exit).
 */
int day_word(const char *s);

/*
 * Write DAY as YYYY-MM-DD with a NUL into BUF (11 bytes).  Days outside
 * DAY_MIN..DAY_MAX are written as "0000-00-00" (not a date).
 */
void day_format(int day, char buf[11]);

/* ---- periods ---- */

/* The number of ISO weeks (52 or 53) in ISO week-year Y. */
int period_weeks_in_year(int y);

/*
 * Parse S (see the text forms above) into *P.  TODAY is the reference day
 * for the relative words: yesterday = the day TODAY-1, last-week = the ISO
 * week before the one holding TODAY, last-month and last-quarter likewise.
 * Returns 0, or EX_USAGE with a message like "bad period '2026-13':
 * expected 2026-07-08, 2026-W28, ..." (or a precise reason, e.g. "2025 has
 * only 52 ISO weeks").  *P is untouched on failure.
 */
int period_parse(const char *s, int today, struct period *p, struct shequ_err *e);

/*
 * Write P in its canonical text form (2026-07-08, 2026-W28, 2026-07,
 * 2026-Q3) into BUF of N bytes, truncating as snprintf does; PERIOD_BUFSZ
 * bytes always suffice.
 */
void period_format(const struct period *p, char *buf, size_t n);

/* The first and last day (inclusive) of P; either pointer may be NULL. */
void period_bounds(const struct period *p, int *first_day, int *last_day);

/* The period of kind K that contains DAY (weeks: by ISO week-year). */
struct period period_of_day(enum period_kind k, int day);

/* The period of the same kind just before / just after P. */
struct period period_prev(const struct period *p);
struct period period_next(const struct period *p);

/*
 * Order A and B by first day, then by kind (day < week < month < quarter):
 * returns <0, 0 or >0.  0 means the same period.
 */
int period_cmp(const struct period *a, const struct period *b);

/*
 * Parse a kind name: "daily" or "day", "weekly" or "week", "monthly" or
 * "month", "quarterly" or "quarter" (exact, lowercase).  Returns 0, or
 * EX_USAGE with "unknown period kind 'X': expected daily, weekly, monthly or
 * quarterly".  *K is untouched on failure.
 */
int period_kind_parse(const char *s, enum period_kind *k, struct shequ_err *e);

/*
 * "daily", "weekly", "monthly" or "quarterly" (static, do not free);
 * "?" for a value outside the enum.
 */
const char *period_kind_name(enum period_kind k);

/* ---- time zones ---- */

/*
 * Set *DAY to the calendar day that moment T falls on in time zone TZ, an
 * IANA name such as "Asia/Shanghai" (NULL means "Asia/Shanghai"), whatever
 * the process's own TZ.  TZ must be "UTC" or name a time zone file under
 * /usr/share/zoneinfo, else EX_USAGE "unknown time zone 'X'".  Works by
 * setting the TZ environment variable around localtime_r() and restoring it
 * (or unsetting it, if it was unset) before returning; not thread-safe.
 * Other failures: EX_SOFTWARE (out of memory, setenv failed) or EX_DATAERR
 * (T out of range).  *DAY is untouched on failure.
 */
int day_of_time_in_tz(time_t t, const char *tz, int *day, struct shequ_err *e);

/*
 * Set *DAY to today in time zone TZ (NULL means "Asia/Shanghai"): like
 * day_of_time_in_tz(time(NULL), TZ, ...).
 *
 * If the environment variable SHEQU_TODAY is set and not empty, its value,
 * which must be exactly YYYY-MM-DD, is today instead and the clock is not
 * read (TZ is still checked).  Tests and the cron tool's --date use this.
 * A malformed SHEQU_TODAY gives EX_USAGE "bad SHEQU_TODAY '...': ...".
 */
int today_in_tz(const char *tz, int *day, struct shequ_err *e);

#endif
