/*
 * test-grid-partition.c - lib/grid/grid_partition.c against an exhaustive
 * search: on hundreds of small random compounds (seeded), whenever some
 * division of whole stairwells puts every grid within the bounds, the
 * partitioner leaves no grid out of bounds; whenever it leaves one, no such
 * division exists.  The random compounds reach both kinds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "grid/grid_partition.h"
#include "tap.h"

/* Compounds tried, and the most stairwells one has. */
enum { ROUNDS = 600, MAXSW = 10 };

/* A small deterministic generator (Park and Miller), so that every run and
 * every machine tries the same compounds. */
static unsigned long seed = 20261205;

static long roll(long lo, long hi)
{
	seed = seed * 16807 % 2147483647;
	return lo + (long)(seed % (unsigned long)(hi - lo + 1));
}

/* 1 when the N sizes HH divide into groups of MIN..MAX each: a group is
 * tried for every subset holding the first stairwell left. */
static int feasible(const long *hh, int n, long min, long max)
{
	static char can[1 << MAXSW];
	static long sum[1 << MAXSW];
	int full = (1 << n) - 1;

	for (int m = 1; m <= full; m++) {
		int low = m & -m, b = 0;

		while (!(low >> b & 1))
			b++;
		sum[m] = sum[m & (m - 1)] + hh[b];
	}
	can[0] = 1;
	for (int m = 1; m <= full; m++) {
		int low = m & -m;

		can[m] = 0;
		for (int s = m; s && !can[m]; s = (s - 1) & m)
			if ((s & low) && sum[s] >= min && sum[s] <= max && can[m & ~s])
				can[m] = 1;
	}
	return can[full];
}

/* One random compound through grid_partition(): 1 when every grid is within
 * the bounds, 0 when not, -1 when the partition failed or lost a stairwell. */
static int partition(const long *hh, int n, long min, long max, int xy)
{
	static const char *const names[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
	struct gp_compound comp = {1};
	struct gp_stairwell sw[MAXSW];
	struct gp_input in = {&comp, 1, NULL, 0, sw, (size_t)n, (int)min, (int)max, 0};
	struct gp_output out;
	struct shequ_err e = {0};
	int b = 0, unit = 0, ok = 1;

	for (int i = 0; i < n; i++) {
		if (unit && roll(0, 2) == 0) {
			b++;
			unit = 0;
		}
		sw[i] = (struct gp_stairwell){
		    0, names[b], names[unit++], 40.0 * b, 25.0 * (b % 3), xy, (int)hh[i], -1};
	}
	if (grid_partition(&in, &out, &e))
		return -1;
	for (size_t g = 0; g < out.ngrids; g++)
		ok &= out.grids[g].households >= min && out.grids[g].households <= max;
	for (int i = 0; i < n; i++)
		if (out.grid_of[i] < 0)
			ok = -1;
	grid_partition_free(&out);
	return ok;
}

int main(void)
{
	long hh[MAXSW];
	int agree = 0, yes = 0, no = 0, failed = 0;

	for (int r = 0; r < ROUNDS; r++) {
		int n = (int)roll(1, MAXSW);
		long min = roll(20, 90), max = min + roll(0, 60), top = roll(10, 70);

		for (int i = 0; i < n; i++)
			hh[i] = roll(1, top);
		int want = feasible(hh, n, min, max), got = partition(hh, n, min, max, r % 2);

		if (got < 0) {
			failed++;
			continue;
		}
		agree += got == want;
		yes += want;
		no += !want;
		if (got != want) {
			printf("# round %d, bounds %ld..%ld:", r, min, max);
			for (int i = 0; i < n; i++)
				printf(" %ld", hh[i]);
			printf(" (exhaustive %d, partition %d)\n", want, got);
		}
	}
	is_int(failed, 0, "every compound is partitioned, every stairwell placed");
	is_int(agree, ROUNDS,
	       "out of bounds exactly when no division of whole stairwells is within");
	ok(yes >= ROUNDS / 5, "the compounds include %d that can be divided within the bounds",
	   yes);
	ok(no >= ROUNDS / 5, "the compounds include %d that cannot be divided within the bounds",
	   no);
	return tap_done();
}
