/* request_measure.c - stage times and verdicts from an order's event log;
 * see request_log.h. */
#include <string.h>

#include "request/request_log.h"

/* At most this many pauses of one order are taken into account. */
#define MAX_PAUSES 32

/* A span the clock stood still: [from, to). */
struct pause {
	long long from, to;
};

/* The day of moment T (local seconds). */
static int day_of(long long t)
{
	long long d = t / WORKDAY_DAY_SECONDS;

	return (int)(t % WORKDAY_DAY_SECONDS < 0 ? d - 1 : d);
}

/* Seconds on clock C from T0 to T1. */
static long long clock_between(enum request_clock c, const struct workday_cal *cal, long long t0,
			       long long t1)
{
	if (t1 <= t0)
		return 0;
	if (c == REQUEST_CLOCK_WORK_HOURS)
		return workday_hours_between(cal, t0, t1);
	if (c == REQUEST_CLOCK_WORK_DAYS)
		return workday_days_between(cal, t0, t1);
	return t1 - t0;
}

/* The moment SECS seconds on clock C after T0. */
static long long clock_add(enum request_clock c, const struct workday_cal *cal, long long t0,
			   long long secs)
{
	if (c == REQUEST_CLOCK_WORK_HOURS)
		return workday_hours_add(cal, t0, secs);
	if (c == REQUEST_CLOCK_WORK_DAYS)
		return workday_days_add(cal, t0, secs);
	return t0 + secs;
}

/* Seconds on clock C the NP pauses P take out of [T0, T1). */
static long long paused(enum request_clock c, const struct workday_cal *cal, long long t0,
			long long t1, const struct pause *p, size_t np)
{
	long long sum = 0;
	size_t i;

	for (i = 0; i < np; i++) {
		long long a = p[i].from > t0 ? p[i].from : t0;
		long long b = p[i].to < t1 ? p[i].to : t1;

		sum += clock_between(c, cal, a, b);
	}
	return sum;
}

/* The pauses of the N events EV into P (MAX_PAUSES); a pause still going
 * on runs to NOW.  Returns how many. */
static size_t find_pauses(const struct request_event *ev, size_t n, long long now, struct pause *p)
{
	size_t i, np = 0;
	int open = 0;

	for (i = 0; i < n && np < MAX_PAUSES; i++) {
		if (ev[i].kind == REQUEST_PAUSED && !open) {
			p[np].from = ev[i].at;
			open = 1;
		} else if (open && request_ev_resumes(ev[i].kind)) {
			p[np++].to = ev[i].at;
			open = 0;
		}
	}
	if (open) {
		p[np].to = now > p[np].from ? now : p[np].from;
		np++;
	}
	return np;
}

/* The limit of stage S started at T0, in seconds on its clock: minutes, or
 * up to the end of the Nth working day after the day it started. */
static long long limit_secs(const struct request_limits *lim, int s, const struct workday_cal *cal,
			    long long t0)
{
	if (lim->clock == REQUEST_CLOCK_WORK_DAYS) {
		int last = workday_add(cal, day_of(t0), lim->limit[s]);

		return clock_between(lim->clock, cal, t0, (last + 1LL) * WORKDAY_DAY_SECONDS);
	}
	return lim->limit[s] * 60LL;
}

/* What the log says as a whole: status, first moments, call-back and rating. */
struct log_facts {
	long long first[REQUEST_NEVENTS]; /* moment of the first of each kind */
	int has[REQUEST_NEVENTS];	  /* events of each kind */
	int resolved_now, paused_now;
};

/* Read the facts of the N events EV into F and the plain fields of M. */
static void read_facts(const struct request_event *ev, size_t n, struct log_facts *f,
		       struct request_measure *m)
{
	size_t i;

	memset(f, 0, sizeof *f);
	m->satisfied = -1;
	m->rating = 0;
	for (i = 0; i < n; i++) {
		int k = ev[i].kind;

		if (!f->has[k]++)
			f->first[k] = ev[i].at;
		if (k == REQUEST_RESOLVED || k == REQUEST_REOPENED)
			f->resolved_now = k == REQUEST_RESOLVED;
		f->paused_now = k == REQUEST_PAUSED || (f->paused_now && !request_ev_resumes(k));
		if (k == REQUEST_CALLED_BACK)
			m->satisfied = ev[i].satisfied;
		if (k == REQUEST_RATED)
			m->rating = ev[i].rating;
	}
	m->ever_resolved = f->has[REQUEST_RESOLVED] > 0;
	m->reopened = f->has[REQUEST_REOPENED] > 0;
	m->called_back = f->has[REQUEST_CALLED_BACK] > 0;
	if (f->has[REQUEST_CANCELLED])
		m->status = REQUEST_IS_CANCELLED;
	else if (f->resolved_now)
		m->status = REQUEST_IS_RESOLVED;
	else if (f->has[REQUEST_CLOSED])
		m->status = REQUEST_IS_CLOSED;
	else
		m->status = f->paused_now ? REQUEST_IS_PAUSED : REQUEST_OPEN;
}

/* The event that starts and the one that ends stage S. */
static const int stage_start[] = {REQUEST_RECEIVED, REQUEST_RECEIVED, REQUEST_RECEIVED,
				  REQUEST_RESOLVED};
static const int stage_end[] = {REQUEST_ACCEPTED, REQUEST_ON_SITE, REQUEST_RESOLVED,
				REQUEST_CALLED_BACK};

/* The verdict on a stage that was not reached: an order that ended, or a
 * limit run out by NOW, makes it late; going on site is moot once the order
 * was resolved without it. */
static enum request_verdict unreached(int s, const struct request_measure *m, long long used,
				      long long limit)
{
	if (m->status == REQUEST_IS_CANCELLED || (s == REQUEST_ARRIVE && m->ever_resolved))
		return REQUEST_NO_LIMIT;
	if (m->status == REQUEST_IS_CLOSED || used > limit)
		return REQUEST_LATE;
	return REQUEST_PENDING;
}

/* Measure stage S of an order into M. */
static void measure_stage(int s, const struct log_facts *f, const struct request_limits *lim,
			  const struct workday_cal *cal, long long now, const struct pause *p,
			  size_t np, struct request_measure *m)
{
	enum request_clock c = lim->clock;
	long long t0 = f->first[stage_start[s]], end, used, limit;

	memset(&m->stage[s], 0, sizeof m->stage[s]);
	if (!f->has[stage_start[s]])
		return;
	m->stage[s].reached = f->has[stage_end[s]] > 0;
	end = m->stage[s].reached ? f->first[stage_end[s]] : now;
	if (m->stage[s].reached)
		m->stage[s].secs =
		    (end > t0 ? end - t0 : 0) - paused(REQUEST_CLOCK_24H, cal, t0, end, p, np);
	if (!lim->limit[s])
		return;
	used = clock_between(c, cal, t0, end) - paused(c, cal, t0, end, p, np);
	limit = limit_secs(lim, s, cal, t0);
	m->stage[s].deadline = clock_add(c, cal, t0, limit + paused(c, cal, t0, end, p, np));
	if (m->stage[s].reached)
		m->stage[s].verdict = used <= limit ? REQUEST_IN_TIME : REQUEST_LATE;
	else
		m->stage[s].verdict = unreached(s, m, used, limit);
}

void request_measure(const struct request_event *ev, size_t n, const struct request_limits *lim,
		     const struct workday_cal *cal, long long now, struct request_measure *m)
{
	struct log_facts f;
	struct pause p[MAX_PAUSES];
	size_t np;
	int s;

	read_facts(ev, n, &f, m);
	np = find_pauses(ev, n, now, p);
	for (s = 0; s < REQUEST_NSTAGES; s++)
		measure_stage(s, &f, lim, cal, now, p, np, m);
}
