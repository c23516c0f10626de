/*
 * cases.h - 挂牌督办: problems hung up for supervision against a deadline
 * (tables supervision_case and case_event, migration 003-case.sql).
 *
 * A case is one stairwell and rubric item.  The daily scan of a day D
 * (cases_scan) does, in one transaction:
 *  1. solve (摘牌): an open case whose stairwell item has a passing
 *     inspection after the day it was opened and on or before D is closed
 *     with outcome 'solved' on the day of the first such inspection;
 *  2. open: an item inspected on D that fails and either scores at or below
 *     severe_mark ('severe') or failed the last case_repeat inspections of
 *     that stairwell item in a row ('repeated') is hung up, unless a case of
 *     that stairwell item is open, was opened on D, or was open on D (opened
 *     before it, ended after it) — so scanning a day again, even after later
 *     days were scanned, opens nothing new;
 *  3. escalate: an open case D - deadline days overdue goes to the grid head,
 *     the grid party secretary and the community office at escalate_head,
 *     escalate_secretary and escalate_office days (never back down).
 * By hand a case is opened (cases_open) or closed with a reason
 * (cases_close, outcome 'closed', distinct from 'solved').  Every change
 * writes a case_event row: what, on which day, by whom, why.
 *
 * Days are day numbers (period.h).  Memory: nothing is handed to the caller.
 */
#ifndef SHEQU_CASES_H
#define SHEQU_CASES_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/rubric.h"
#include "domain/scoring_conf.h"

/* What a scan did. */
struct cases_scan_result {
	char day[11];	/* the day scanned, YYYY-MM-DD */
	long solved;	/* cases closed because an inspection passed */
	long opened;	/* cases hung up */
	long escalated; /* cases moved up the escalation ladder */
};

/* The day a daily scan on TODAY looks at when it is given none: yesterday,
 * the last whole day of inspections. */
int cases_scan_day(int today);

/* Scan day DAY (see above); the counts go into *RES.  The database's rubric
 * is made R first (rubric_sync): what fails is the view item_score's to
 * say, as for shequ-tally. */
int cases_scan(sqlite3 *db, const struct rubric *r, const struct scoring_conf *c, int day,
	       struct cases_scan_result *res, struct shequ_err *e);

/* A case opened by hand. */
struct cases_new {
	const char *compound;	 /* compound name as stored */
	const char *building;	 /* building name as stored ('3') */
	const char *unit;	 /* unit as stored ('1') */
	const char *item;	 /* rubric mark or English name */
	const char *description; /* what is wrong */
	const char *actor;	 /* who opens it */
	int opened;		 /* day */
	int deadline;		 /* day, or INT_MIN for opened + case_deadline_days */
};

/* Open N; its id goes into *ID.  EX_DATAERR when the place or item is
 * unknown, the deadline is before the opening day, or a case of that
 * stairwell item is already open. */
int cases_open(sqlite3 *db, const struct rubric *r, const struct scoring_conf *c,
	       const struct cases_new *n, long long *id, struct shequ_err *e);

/* Close case ID by hand on DAY, by ACTOR, because of REASON (outcome
 * 'closed').  EX_DATAERR when there is no such case, it was opened after
 * DAY, or it has ended already (the message says whether it was solved or
 * closed). */
int cases_close(sqlite3 *db, long long id, int day, const char *actor, const char *reason,
		struct shequ_err *e);

/* Which cases cases_list writes. */
enum { CASES_OPEN = 1, CASES_OVERDUE = 2 };

/*
 * Write the cases as CSV on OUT: id, compound, building, unit, grid, item,
 * source, description, opened, deadline, status (open, overdue, solved,
 * closed), days_overdue (as of TODAY for open cases, at closing for closed
 * ones), escalated, closed, outcome, close_reason.  FLAGS: CASES_OPEN
 * only open cases, CASES_OVERDUE only open cases past their deadline on
 * TODAY; GRID (or NULL) only the stairwells of that grid.
 */
int cases_list(sqlite3 *db, int today, unsigned flags, const char *grid, FILE *out,
	       struct shequ_err *e);

/* Write the history of case ID (all cases when ID is 0) as CSV on OUT:
 * case, day, event, actor, reason.  EX_DATAERR, and nothing written, when
 * there is no case ID. */
int cases_history(sqlite3 *db, long long id, FILE *out, struct shequ_err *e);

#endif
