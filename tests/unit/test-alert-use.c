/* test-alert-use.c - unit tests for lib/alert/alert_use.c (TAP): the
 * windows judged with a cursor, window after window, against a plain
 * reference that searches each window afresh, on random meters with gaps,
 * dry spells, resets and rollovers; and a few windows by hand. */
#include <stdio.h>
#include <stdlib.h>

#include "alert/alert_conf.h"
#include "alert/alert_use.h"
#include "tap.h"

/* The reference: every window searched back from its end, every pair of
 * a use_every window judged again. */
static void reference(const struct alert_reading *r, const double *cum, size_t end, int measure,
		      long long w, long long step, double threshold, struct alert_window *out)
{
	long long a = r[end].at - w;
	size_t lo = end, i;
	double d;

	out->judged = out->met = 0;
	out->litres = 0;
	while (lo > 0 && r[lo].at > a)
		lo--;
	if (r[lo].at > a)
		return;
	out->judged = 1;
	out->litres = cum[end] - cum[lo];
	if (measure == ALERT_USE_BELOW) {
		out->met = out->litres < threshold;
	} else if (measure == ALERT_USE_ABOVE) {
		out->litres = cum[end] - cum[r[lo].at == a ? lo : lo + 1];
		out->met = out->litres > threshold;
	} else {
		out->met = lo < end;
		for (i = lo; i < end; i++)
			if (r[i + 1].at - r[i].at > step || alert_use_delta(&r[i], &r[i + 1], &d) ||
			    d <= 0)
				out->met = 0;
	}
}

/* N random readings of one meter into R: mostly every STEP seconds, now
 * and then a gap, a reading a few seconds on, a reset or a rollover, and
 * DRY in a hundred show no use. */
static void meter(struct alert_reading *r, size_t n, long long step, int dry, unsigned *seed)
{
	long long t = 1000000;
	double l = 99900.0;
	size_t i;

	for (i = 0; i < n; i++) {
		int k = rand_r(seed) % 100;

		t += k < 5 ? step * (2 + rand_r(seed) % 30) : k < 10 ? 1 + rand_r(seed) % 60 : step;
		r[i].reset = k >= 95 && k < 97;
		l = r[i].reset ? rand_r(seed) % 5
			       : l + (k >= 10 && k < 10 + dry ? 0 : 1 + rand_r(seed) % 7);
		if (l >= 100000.0)
			l -= 100000.0; /* the count rolls over */
		r[i].at = t;
		r[i].litres = l;
		r[i].tag = (long)i;
	}
}

/* The windows of one rule over the N readings R, cursor against the
 * reference; the number that differ. */
static int compare(const struct alert_reading *r, const double *cum, size_t n, int measure,
		   long long w, long long step, double threshold, int *met)
{
	struct alert_use_cursor cur = {0};
	struct alert_window a, b;
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		if (i % 7 == 3)
			continue; /* the scan skips windows too */
		alert_use_window(r, cum, i, measure, w, step, threshold, &cur, &a);
		reference(r, cum, i, measure, w, step, threshold, &b);
		bad += a.judged != b.judged || a.met != b.met || a.litres != b.litres;
		*met += a.met;
	}
	return bad;
}

/* Random meters under each measure. */
static void test_random(void)
{
	static const int measures[] = {ALERT_USE_BELOW, ALERT_USE_ABOVE, ALERT_USE_EVERY};
	enum { N = 3000, METERS = 40 };
	struct alert_reading *r = malloc(N * sizeof *r);
	double *cum = malloc(N * sizeof *cum);
	unsigned seed = 20261205;
	int m, k, bad = 0, met[3] = {0, 0, 0};

	for (m = 0; m < METERS; m++) {
		long long step = m % 2 ? 1800 : 3600;

		meter(r, N, step, m % 4 < 2 ? 2 : 30, &seed);
		alert_use_cumulate(r, N, cum);
		for (k = 0; k < 3; k++)
			bad += compare(r, cum, N, measures[k], 12 * 3600 + (m % 3) * 6 * 3600, step,
				       k == 1 ? 40.0 : 10.0, &met[k]);
	}
	is_int(bad, 0, "%d meters, every window as the reference judges it", METERS);
	ok(met[0] > 0 && met[1] > 0 && met[2] > 0, "each measure is met somewhere (%d, %d, %d)",
	   met[0], met[1], met[2]);
	free(r);
	free(cum);
}

/* Water in every half hour, then one half hour without: the windows that
 * hold that half hour are not met, the cursor going past it. */
static void test_every_by_hand(void)
{
	struct alert_reading r[60];
	double cum[60];
	struct alert_use_cursor cur = {0};
	struct alert_window w;
	size_t i;
	int met = 0, judged = 0;

	for (i = 0; i < 60; i++) {
		r[i].at = (long long)i * 1800;
		r[i].litres = (double)(2 * i - (i > 30 ? 2 : 0));
		r[i].reset = 0;
	}
	r[31].litres = r[30].litres; /* no water from 15:00 to 15:30 */
	alert_use_cumulate(r, 60, cum);
	for (i = 0; i < 60; i++) {
		alert_use_window(r, cum, i, ALERT_USE_EVERY, 6 * 3600, 1800, 0, &cur, &w);
		judged += w.judged;
		met += w.met;
	}
	is_int(judged, 48, "windows of 6 h judged from the twelfth reading on");
	is_int(met, 36, "the 12 windows that hold the dry half hour are not met");
}

int main(void)
{
	test_every_by_hand();
	test_random();
	return tap_done();
}
