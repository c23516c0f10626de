/*
 * request_log.h - the event log of a service order or resident's request,
 * and what is read from it: whether the log makes sense, and how long each
 * stage took against its time limit.  Pure: no SQL, no I/O, no clock.
 *
 * The closed loop: received (受理) -> assigned (派单) -> accepted (接单) ->
 * on_site (到场) -> resolved (办结) -> called_back (回访) -> rated (评价);
 * an unsatisfied call-back reopens the order (reopened, 重办) and the loop
 * starts again from accepted.  An order may be paused (挂起) and resumed,
 * and ends early by closed (关闭, with a reason: never counted as resolved)
 * or cancelled (撤单, left out of every figure).
 *
 * Stages and their clocks: every stage starts when the order was received
 * except the call-back, which starts at the first resolution; each ends at
 * the first event of its kind (accept: accepted, on_site: on_site, resolve:
 * resolved, call_back: called_back), so a reopened order keeps the times of
 * its first round and shows in the reopen rate instead.  Paused time is not
 * counted.  A limit runs on the 24-hour clock (minutes), on working hours of
 * working days (minutes) or in working days (the Nth working day after the
 * day it started, to its end); see workday.h.
 *
 * Moments are local seconds as in workday.h.  Memory: nothing allocates.
 */
#ifndef SHEQU_REQUEST_LOG_H
#define SHEQU_REQUEST_LOG_H

#include <stddef.h>

#include "domain/workday.h"

/* The kinds of event, in the order they sort when they share a moment. */
enum request_ev {
	REQUEST_RECEIVED,
	REQUEST_ASSIGNED,
	REQUEST_ACCEPTED,
	REQUEST_ON_SITE,
	REQUEST_RESOLVED,
	REQUEST_CALLED_BACK,
	REQUEST_RATED,
	REQUEST_REOPENED,
	REQUEST_PAUSED,
	REQUEST_RESUMED,
	REQUEST_CLOSED,
	REQUEST_CANCELLED,
	REQUEST_NEVENTS
};

/* The English name of event K as stored ("on_site"), or "?". */
const char *request_ev_name(int k);
/* The Chinese name of event K (到场), or "?". */
const char *request_ev_label(int k);
/* The event named S, in English or Chinese (also 签收 for accepted, 完成
 * for resolved, 撤单/取消 for cancelled), or -1. */
int request_ev_find(const char *s);

/* 1 when event K ends a pause: resumed, and any step of the loop (work
 * done while paused ends the pause). */
int request_ev_resumes(int k);

/* The timed stages. */
enum request_stage {
	REQUEST_ACCEPT,
	REQUEST_ARRIVE,
	REQUEST_RESOLVE,
	REQUEST_CALL_BACK,
	REQUEST_NSTAGES
};

/* "accept", "on_site", "resolve", "call_back" (CSV column stems). */
const char *request_stage_name(int s);

/* How a time limit is counted. */
enum request_clock {
	REQUEST_CLOCK_24H,	  /* minutes around the clock */
	REQUEST_CLOCK_WORK_HOURS, /* minutes of working hours of working days */
	REQUEST_CLOCK_WORK_DAYS,  /* working days */
};

/* The time limits of one scenario or category. */
struct request_limits {
	enum request_clock clock;
	int limit[REQUEST_NSTAGES]; /* minutes or working days; 0: no limit */
};

/* One event of an order's log. */
struct request_event {
	long long at;  /* when (local seconds) */
	int kind;      /* enum request_ev */
	int satisfied; /* called_back: 1 satisfied, 0 not, -1 not said */
	int rating;    /* rated: 1-5, else 0 */
	long tag;      /* the caller's (a source line): handed back, not read */
};

/* Sort N events by moment, then kind (see enum request_ev). */
void request_log_sort(struct request_event *ev, size_t n);

/*
 * Check that the N events (sorted) tell a possible story: received first and
 * once; accepted, on_site, resolved, called_back and rated at most once a
 * round; on_site and resolved only after accepted, called_back and rated
 * only after resolved, reopened only after resolved; resumed only when
 * paused; nothing after closed or cancelled, no cancellation after a
 * resolution.  Returns -1 when it does, else the index of the first event
 * that does not fit, with the reason in WHY (N bytes), e.g. "on site before
 * accepted".
 */
long request_log_check(const struct request_event *ev, size_t n, char *why, size_t whylen);

/* Whether a stage was kept to its limit. */
enum request_verdict {
	REQUEST_NO_LIMIT, /* the stage has no limit, or never started */
	REQUEST_PENDING,  /* not reached, and its limit has not run out yet */
	REQUEST_IN_TIME,  /* reached within its limit */
	REQUEST_LATE,	  /* reached late, or not reached when the limit ran out
			     or the order ended */
};

/* The status of an order, from its log. */
enum request_status {
	REQUEST_OPEN,	   /* not resolved, not ended (also when reopened) */
	REQUEST_IS_PAUSED, /* open and paused now */
	REQUEST_IS_RESOLVED,
	REQUEST_IS_CLOSED, /* closed without being resolved */
	REQUEST_IS_CANCELLED,
};

/* "open", "paused", "resolved", "closed", "cancelled". */
const char *request_status_name(int s);

/* What an order's log says. */
struct request_measure {
	enum request_status status;
	int ever_resolved; /* a resolved event at all */
	int reopened;	   /* a reopened event at all */
	int called_back;   /* a called_back event at all */
	int satisfied;	   /* of the last call-back: 1, 0, or -1 not said */
	int rating;	   /* the last rating, 0 when none */
	struct {
		enum request_verdict verdict;
		int reached;	    /* the stage ended */
		long long secs;	    /* reached: seconds it took, paused time left out */
		long long deadline; /* started, limited: the moment its limit runs out */
	} stage[REQUEST_NSTAGES];
};

/* Read the N sorted, checked events EV of an order with limits LIM into *M,
 * as of moment NOW. */
void request_measure(const struct request_event *ev, size_t n, const struct request_limits *lim,
		     const struct workday_cal *cal, long long now, struct request_measure *m);

#endif
