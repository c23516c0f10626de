/*
 * request_time.h - the moments of an order's log as the hotline and
 * platform exports write them, on the community's own clock.
 *
 * A moment is local seconds (workday.h): day * 86400 + seconds of the day,
 * in the community's time zone (Asia/Shanghai unless --tz).  Stored as text
 * "YYYY-MM-DD HH:MM:SS", which sorts as the moments do.
 *
 * Memory: nothing allocates.
 */
#ifndef SHEQU_REQUEST_TIME_H
#define SHEQU_REQUEST_TIME_H

#include "base/error.h"

/* Bytes of "YYYY-MM-DD HH:MM:SS" with its NUL. */
#define REQUEST_TIME_SIZE 20

/*
 * Parse S into *T.  Accepted: a date as day_parse_loose() reads it
 * (2026-07-08, 2026/7/8, 2026.7.8, 2026年7月8日), one space or a 'T', then
 * H:MM or H:MM:SS (24-hour); or an Excel serial day number with a fraction
 * for the time (46211.3785), rounded to the second.  Blanks at either end
 * do not matter.  Anything else, a date alone included, is EX_DATAERR
 * "bad time 'S': expected ...".
 */
int request_time_parse(const char *s, long long *t, struct shequ_err *e);

/* Write T as "YYYY-MM-DD HH:MM:SS" into BUF. */
void request_time_format(long long t, char buf[REQUEST_TIME_SIZE]);

/* Write the clock of T ("HH:MM:SS") into BUF + 10 (" HH:MM:SS" and the
 * NUL), leaving the day in BUF alone: for a caller that has the day
 * written already. */
void request_time_format_clock(long long t, char buf[REQUEST_TIME_SIZE]);

/* Parse the stored text S ("YYYY-MM-DD HH:MM:SS") into *T; -1 when it is
 * not that. */
int request_time_read(const char *s, long long *t);

/*
 * Now on the community's clock in time zone TZ (NULL: Asia/Shanghai) into
 * *T.  When $SHEQU_TODAY is set, now is the last second of that day (tests
 * and --date pin it so).  EX_USAGE for a bad zone or a bad SHEQU_TODAY.
 */
int request_now(const char *tz, long long *t, struct shequ_err *e);

#endif
