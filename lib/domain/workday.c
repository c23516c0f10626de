/* workday.c - working days by the official holiday calendar; see workday.h. */
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/datadir.h"
#include "domain/period.h"
#include "domain/workday.h"

/* One day the file names. */
struct workday_entry {
	int day;
	int working; /* 1: a make-up working day (调休上班), 0: a holiday */
	char *name;
};

struct workday_cal {
	struct workday_entry *days; /* sorted by day */
	size_t n, cap;
	int first_year, last_year; /* the years covered; 0 and -1 when none */
	int start, end;		   /* working hours, seconds after midnight */
};

/* The working hours when request.conf says nothing: 08:30 to 17:30. */
enum { WORKDAY_START = 8 * 3600 + 30 * 60, WORKDAY_END = 17 * 3600 + 30 * 60 };

/* Order entries by day, for qsort and bsearch. */
static int entry_cmp(const void *a, const void *b)
{
	const struct workday_entry *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

/* Append the day DAY of kind KIND ("holiday" or "workday") named NAME. */
static int cal_add(struct workday_cal *c, int day, const char *kind, const char *name,
		   struct shequ_err *e)
{
	int y;

	if (strcmp(kind, "holiday") && strcmp(kind, "workday"))
		return shequ_err_set(e, EX_CONFIG, "kind: expected holiday or workday, got '%s'",
				     kind);
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct workday_entry *d = realloc(c->days, cap * sizeof *d);

		if (!d)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		c->days = d;
		c->cap = cap;
	}
	if (!(c->days[c->n].name = strdup(name)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->days[c->n].day = day;
	c->days[c->n].working = !strcmp(kind, "workday");
	c->n++;
	day_to_ymd(day, &y, NULL, NULL);
	if (c->first_year > c->last_year || y < c->first_year)
		c->first_year = y;
	if (c->first_year > c->last_year || y > c->last_year)
		c->last_year = y;
	return 0;
}

/* Read the rows of R (after its header) into C; errors name the line. */
static int cal_read(struct workday_cal *c, struct csvin *r, struct shequ_err *e)
{
	struct csvin_row *row;
	int rc, day;

	while (!(rc = csvin_next(r, &row, e)) && row) {
		if (row->nfields != 3) {
			rc =
			    shequ_err_set(e, EX_CONFIG, "expected 3 fields, got %zu", row->nfields);
		} else if (day_parse(row->fields[0], &day, e)) {
			rc = EX_CONFIG;
		} else {
			rc = cal_add(c, day, row->fields[1], row->fields[2], e);
		}
		if (rc) {
			shequ_err_prefix(e, "%ld: ", row->line);
			return EX_CONFIG;
		}
	}
	return rc ? EX_CONFIG : 0;
}

/* Sort C's days and refuse a day named twice. */
static int cal_sort(struct workday_cal *c, struct shequ_err *e)
{
	size_t i;
	char d[11];

	if (c->n > 1)
		qsort(c->days, c->n, sizeof *c->days, entry_cmp);
	for (i = 1; i < c->n; i++) {
		if (c->days[i].day == c->days[i - 1].day) {
			day_format(c->days[i].day, d);
			return shequ_err_set(e, EX_CONFIG, "%s is listed twice", d);
		}
	}
	return 0;
}

int workday_load_file(struct workday_cal **out, const char *path, struct shequ_err *e)
{
	struct workday_cal *c = calloc(1, sizeof *c);
	struct csvin *r = NULL;
	struct csvin_row *row;
	int rc;

	*out = NULL;
	if (!c)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->last_year = -1;
	c->start = WORKDAY_START;
	c->end = WORKDAY_END;
	if (!(r = csvin_open(path, NULL, e))) {
		rc = EX_CONFIG;
	} else if ((rc = csvin_next(r, &row, e)) || !row || row->nfields != 3 ||
		   strcmp(row->fields[0], "date")) {
		rc = rc ? rc : shequ_err_set(e, EX_CONFIG, "expected the header date,kind,name");
	} else if (!(rc = cal_read(c, r, e))) {
		rc = cal_sort(c, e);
	}
	csvin_close(r);
	if (rc) {
		shequ_err_prefix(e, "%s:", path);
		workday_free(c);
		return EX_CONFIG;
	}
	*out = c;
	return 0;
}

int workday_load(struct workday_cal **out, struct shequ_err *e)
{
	char path[4096];

	*out = NULL;
	if (datadir_path("request/holidays.csv", path, sizeof path, e))
		return EX_CONFIG;
	return workday_load_file(out, path, e);
}

void workday_free(struct workday_cal *cal)
{
	size_t i;

	if (!cal)
		return;
	for (i = 0; i < cal->n; i++)
		free(cal->days[i].name);
	free(cal->days);
	free(cal);
}

void workday_set_hours(struct workday_cal *cal, int start, int end)
{
	cal->start = start;
	cal->end = end;
}

int workday_first_year(const struct workday_cal *cal)
{
	return cal->first_year;
}

int workday_last_year(const struct workday_cal *cal)
{
	return cal->last_year;
}

int workday_covers(const struct workday_cal *cal, int day)
{
	int y;

	day_to_ymd(day, &y, NULL, NULL);
	return y >= cal->first_year && y <= cal->last_year;
}

/* The entry of DAY, or NULL. */
static const struct workday_entry *cal_find(const struct workday_cal *cal, int day)
{
	struct workday_entry key = {.day = day};

	return cal->n ? bsearch(&key, cal->days, cal->n, sizeof key, entry_cmp) : NULL;
}

int workday_is_working(const struct workday_cal *cal, int day)
{
	const struct workday_entry *d = cal_find(cal, day);

	if (d)
		return d->working;
	return day_weekday(day) <= 5;
}

const char *workday_name(const struct workday_cal *cal, int day)
{
	const struct workday_entry *d = cal_find(cal, day);

	return d ? d->name : NULL;
}

int workday_count(const struct workday_cal *cal, int from, int to)
{
	int n = 0, d;

	for (d = from + 1; d <= to; d++)
		n += workday_is_working(cal, d);
	return n;
}

int workday_add(const struct workday_cal *cal, int day, int n)
{
	while (n > 0) {
		day++;
		n -= workday_is_working(cal, day);
	}
	return day;
}

/* The day of moment T (floor division: moments before 1970 too). */
static int day_of(long long t)
{
	long long d = t / WORKDAY_DAY_SECONDS;

	if (t % WORKDAY_DAY_SECONDS < 0)
		d--;
	return (int)d;
}

/* Seconds of [A, B) that fall inside [LO, HI). */
static long long overlap(long long a, long long b, long long lo, long long hi)
{
	long long s = a > lo ? a : lo, t = b < hi ? b : hi;

	return t > s ? t - s : 0;
}

/* Seconds of [T0, T1) inside [START, END) of each working day, where
 * START and END are seconds after midnight. */
static long long span_between(const struct workday_cal *cal, long long t0, long long t1,
			      long long start, long long end)
{
	long long sum = 0;
	int d, last;

	if (t1 <= t0)
		return 0;
	last = day_of(t1 - 1);
	for (d = day_of(t0); d <= last; d++) {
		long long base = (long long)d * WORKDAY_DAY_SECONDS;

		if (workday_is_working(cal, d))
			sum += overlap(t0, t1, base + start, base + end);
	}
	return sum;
}

long long workday_hours_between(const struct workday_cal *cal, long long t0, long long t1)
{
	return span_between(cal, t0, t1, cal->start, cal->end);
}

long long workday_days_between(const struct workday_cal *cal, long long t0, long long t1)
{
	return span_between(cal, t0, t1, 0, WORKDAY_DAY_SECONDS);
}

/* The moment at which SECS seconds inside [START, END) of working days
 * have passed since T0. */
static long long span_add(const struct workday_cal *cal, long long t0, long long secs,
			  long long start, long long end)
{
	int d = day_of(t0);

	while (secs > 0) {
		long long base = (long long)d * WORKDAY_DAY_SECONDS;
		long long from = t0 > base + start ? t0 : base + start;
		long long left = base + end - from;

		if (workday_is_working(cal, d) && left > 0) {
			if (secs <= left)
				return from + secs;
			secs -= left;
		}
		d++;
	}
	return t0;
}

long long workday_hours_add(const struct workday_cal *cal, long long t0, long long secs)
{
	return span_add(cal, t0, secs, cal->start, cal->end);
}

long long workday_days_add(const struct workday_cal *cal, long long t0, long long secs)
{
	return span_add(cal, t0, secs, 0, WORKDAY_DAY_SECONDS);
}
