/* period_words.c - periods in Chinese words; see period_words.h. */
#include <stdio.h>
#include <string.h>

#include "domain/period_words.h"

/* Write DAY as 7月8日, with its year first (2025年12月29日) when that is
 * not YEAR. */
static void day_words(int day, int year, char *buf, size_t n)
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	if (y != year)
		snprintf(buf, n, "%d年%d月%d日", y, m, d);
	else
		snprintf(buf, n, "%d月%d日", m, d);
}

/* Write week P as 2026年第31周（7月27日—8月2日）. */
static void week_words(const struct period *p, char *buf, size_t n)
{
	char from[40], to[40];
	int first, last;

	period_bounds(p, &first, &last);
	day_words(first, p->year, from, sizeof from);
	day_words(last, p->year, to, sizeof to);
	snprintf(buf, n, "%d年第%d周（%s—%s）", p->year, p->num, from, to);
}

void period_words(const struct period *p, char *buf, size_t n)
{
	static const char *const quarters[] = {"一", "二", "三", "四"};
	int y, m, d;

	switch (p->kind) {
	case PERIOD_DAY:
		day_to_ymd(p->num, &y, &m, &d);
		snprintf(buf, n, "%d年%d月%d日", y, m, d);
		break;
	case PERIOD_WEEK:
		week_words(p, buf, n);
		break;
	case PERIOD_MONTH:
		snprintf(buf, n, "%d年%d月", p->year, p->num);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "%d年第%s季度", p->year, quarters[(p->num - 1) & 3]);
		break;
	}
}

int period_words_of(const char *s, char *buf, size_t n)
{
	struct period p;

	/* Only the codes: a relative word (yesterday) is no period of a
	 * report, whatever day it is read on. */
	if (!strchr(s, '-') || period_parse(s, 0, &p, NULL)) {
		snprintf(buf, n, "%s", s);
		return -1;
	}
	period_words(&p, buf, n);
	return 0;
}
