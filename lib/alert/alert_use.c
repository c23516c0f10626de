/* alert_use.c - water used from cumulative readings; see alert_use.h. */
#include "alert/alert_use.h"
#include "alert/alert_conf.h"

/* The power of ten of cubic metres (in litres) a count of L litres rolls
 * over at: the smallest above it, 1 m³ at least. */
static double rollover_cap(double l)
{
	double cap = 1000.0;

	while (cap <= l)
		cap *= 10.0;
	return cap;
}

int alert_use_delta(const struct alert_reading *prev, const struct alert_reading *cur, double *used)
{
	double cap;

	if (cur->reset) {
		*used = cur->litres;
		return 0;
	}
	if (cur->litres >= prev->litres) {
		*used = cur->litres - prev->litres;
		return 0;
	}
	cap = rollover_cap(prev->litres);
	if (prev->litres >= 0.9 * cap && cur->litres <= 0.1 * cap) {
		*used = cap - prev->litres + cur->litres;
		return 0;
	}
	return -1;
}

void alert_use_cumulate(const struct alert_reading *r, size_t n, double *cum)
{
	size_t i;
	double d;

	for (i = 0; i < n; i++)
		cum[i] = i && !alert_use_delta(&r[i - 1], &r[i], &d) ? cum[i - 1] + d
								     : (i ? cum[i - 1] : 0);
}

/* Whether the pair of readings R[I], R[I + 1] is no longer than STEP and
 * shows use. */
static int pair_uses(const struct alert_reading *r, size_t i, long long step)
{
	double d;

	return r[i + 1].at - r[i].at <= step && !alert_use_delta(&r[i], &r[i + 1], &d) && d > 0;
}

/* use_every: every STEP of the window (A, B] from reading LO (the last at
 * or before A) to END lies within a reading pair no longer than STEP that
 * shows use: there are pairs, and none of them fails.  The pairs are
 * judged once each, as END comes to them. */
static int every_step(const struct alert_reading *r, size_t lo, size_t end, long long step,
		      struct alert_use_cursor *cur)
{
	if (end < cur->seen)
		cur->seen = cur->bad = 0;
	for (; cur->seen < end; cur->seen++)
		if (!pair_uses(r, cur->seen, step))
			cur->bad = cur->seen + 1;
	return lo < end && cur->bad <= lo;
}

/* The last reading at or before moment A among R[0..END], from the start
 * of the window before (forward), or back when that lies beyond. */
static size_t window_start(const struct alert_reading *r, size_t end, long long a, size_t lo)
{
	if (lo > end)
		lo = end;
	while (lo < end && r[lo + 1].at <= a)
		lo++;
	while (lo > 0 && r[lo].at > a)
		lo--;
	return lo;
}

void alert_use_window(const struct alert_reading *r, const double *cum, size_t end, int measure,
		      long long w, long long step, double threshold, struct alert_use_cursor *cur,
		      struct alert_window *out)
{
	long long a = r[end].at - w;
	size_t lo = cur->lo = window_start(r, end, a, cur->lo), hi;

	out->judged = out->met = 0;
	out->litres = 0;
	if (r[lo].at > a)
		return; /* no reading at or before the window's start */
	out->judged = 1;
	if (measure == ALERT_USE_BELOW) {
		out->litres = cum[end] - cum[lo];
		out->met = out->litres < threshold;
	} else if (measure == ALERT_USE_ABOVE) {
		hi = r[lo].at == a ? lo : lo + 1;
		out->litres = cum[end] - cum[hi];
		out->met = out->litres > threshold;
	} else if (measure == ALERT_USE_EVERY) {
		out->litres = cum[end] - cum[lo];
		out->met = every_step(r, lo, end, step, cur);
	}
}
