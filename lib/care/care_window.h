/*
 * care_window.h - ages on a day and the cadence windows of care visits:
 * pure arithmetic on day numbers (domain/period.h), no SQL, no I/O.
 *
 * A cadence window is the calendar period of the cadence: an ISO week
 * (Monday to Sunday, across a month's end as it falls), a calendar month
 * or a calendar quarter.  A person is visited on time in a window when at
 * least one visit falls inside it.
 *
 * Rules of care_due(), in order, for a person visited at CADENCE whose
 * last visit on or before DAY was LAST (CARE_NO_DAY: never):
 *   1. LAST inside the window holding DAY: nothing is due (CARE_OK);
 *   2. LAST inside the window before it: due by the window's last day
 *      (CARE_DUE);
 *   3. otherwise the window before passed without a visit: overdue
 *      (CARE_OVERDUE), since the first day of the window holding DAY.
 */
#ifndef SHEQU_CARE_WINDOW_H
#define SHEQU_CARE_WINDOW_H

#include <limits.h>

#include "care/care_conf.h"

/* No day: a birth date not known, a visit that never was.  Not -1: day
 * numbers before 1970 are negative. */
#define CARE_NO_DAY INT_MIN

/* Whole years of a person born on the day BIRTH as of the day DAY: a
 * birthday on 29 February is reached on 1 March in other years. */
int care_age(int birth, int day);

/* The birth date of an 18-character ID number as a day number; CARE_NO_DAY
 * when the characters 7 to 14 are not a date. */
int care_birth_of_id(const char *id);

/* The window of cadence K (not CARE_NONE) holding DAY, as first and last
 * day. */
void care_window(enum care_cadence k, int day, int *first, int *last);

enum care_status { CARE_OK, CARE_DUE, CARE_OVERDUE };

/* The status on DAY of a person visited at cadence K (not CARE_NONE) whose
 * last visit on or before DAY was LAST (CARE_NO_DAY: never); *DUE_BY gets the last
 * day of the window holding DAY. */
enum care_status care_due(enum care_cadence k, int last, int day, int *due_by);

/* "ok", "due" or "overdue". */
const char *care_status_name(enum care_status s);

#endif
