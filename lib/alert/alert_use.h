/*
 * alert_use.h - water used, from the cumulative readings of a meter, and
 * whether a window of them meets a rule.  Pure: no database.
 *
 * A meter counts up.  A reading below the one before is a reset when it is
 * marked so (the count starts again from zero: all of it was used since),
 * a rollover when the one before stood in the top tenth of a power of ten
 * of cubic metres and this one in the bottom tenth (99,995 L then 3 L is
 * 8 L used), and otherwise a reading that goes backwards: an error.
 *
 * A window (A, B] is judged only on what the readings prove: use_below
 * fires when even the most that can have been used in it, from the last
 * reading at or before A to the reading at B, is under the threshold;
 * use_above when even the least, from the first reading at or after A, is
 * over it; use_every when every step of the window holds a reading pair
 * no longer than the step showing use.  A window whose start no reading
 * reaches (a gap, or before the first reading) is not judged.
 */
#ifndef SHEQU_ALERT_USE_H
#define SHEQU_ALERT_USE_H

#include <stddef.h>

/* One reading. */
struct alert_reading {
	long long at;  /* local seconds */
	double litres; /* as the meter counted */
	int reset;     /* counted again from zero */
	long tag;      /* the caller's */
};

/* The litres used from reading PREV to CUR into *USED; -1 when CUR goes
 * backwards without being a reset or a rollover. */
int alert_use_delta(const struct alert_reading *prev, const struct alert_reading *cur,
		    double *used);

/* The litres used from R[0] up to each of the N readings R into CUM (N
 * numbers): what windows are judged on.  A pair that goes backwards adds
 * nothing (the import refuses those). */
void alert_use_cumulate(const struct alert_reading *r, size_t n, double *cum);

/* What a window showed. */
struct alert_window {
	int judged;    /* 0: the readings do not reach its start */
	int met;       /* the rule's condition holds */
	double litres; /* the bound the verdict rests on */
};

/* Where the windows of one rule over one device's readings got to: the
 * next window starts its search from there, so that judging every
 * reading costs a step or two instead of a walk through its window.
 * Zero it before the first window. */
struct alert_use_cursor {
	size_t lo;   /* the start of the last window */
	size_t seen; /* pairs (i, i + 1) below this are judged for use_every */
	size_t bad;  /* 1 + the last of them that shows no use within the step;
			0: none */
};

/* Judge the window of W seconds ending at reading R[END] of the sorted
 * readings R with their sums CUM (alert_use_cumulate) for the measure
 * (alert_conf.h: ALERT_USE_BELOW, ALERT_USE_ABOVE, ALERT_USE_EVERY) with
 * THRESHOLD litres and STEP seconds.  CUR carries what the windows before
 * found (END going down, or another rule, starts it over: correct, only
 * slower). */
void alert_use_window(const struct alert_reading *r, const double *cum, size_t end, int measure,
		      long long w, long long step, double threshold, struct alert_use_cursor *cur,
		      struct alert_window *out);

#endif
