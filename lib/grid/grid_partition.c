/* grid_partition.c - see grid_partition.h for the rules. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/natural.h"
#include "grid/grid_partition.h"

/* A grid while the run works on it. */
struct wgrid {
	int compound; /* host compound */
	int number;
	int old; /* input grid it continues, or -1 */
	long hh; /* households now */
	int alive;
};

/* Everything one run needs; arrays are per input stairwell unless noted. */
struct ctx {
	const struct gp_input *in;
	int *host;	/* per compound: its group, named by its largest compound */
	int *fresh;	/* per group: 1 when divided afresh in this run */
	int *next;	/* per compound: next free grid number */
	int *grp;	/* group of the stairwell */
	int *xymode;	/* per compound (as host): 1 when ordered by coordinates */
	uint64_t *hkey; /* Hilbert key of the stairwell's building */
	int *order;	/* stairwells with households, in group then spatial order */
	size_t norder;
	int *pos;	 /* position in order, or -1 */
	int *asg;	 /* working grid, or -1 */
	struct wgrid *w; /* working grids */
	size_t nw, capw;
};

const char *grid_reason_text(enum gp_reason r)
{
	switch (r) {
	case GP_OK:
		return "";
	case GP_SMALL_COMMUNITY:
		return "too few households for a grid";
	case GP_BIG_STAIRWELL:
		return "holds a stairwell larger than the maximum";
	case GP_INDIVISIBLE:
		return "the compound's households cannot be divided within the bounds";
	case GP_JOINED:
		return "crosses a compound line: a compound that cannot be divided within the "
		       "bounds on its own gives it households";
	}
	return "";
}

/* The position of (X, Y) on a Hilbert curve filling 65536 x 65536 cells:
 * cells close on the curve are close on the ground, so cutting the curve
 * into runs gives compact grids. */
static uint64_t hilbert(uint32_t x, uint32_t y)
{
	const uint32_t n = 65536;
	uint64_t d = 0;

	for (uint32_t s = n / 2; s > 0; s /= 2) {
		uint32_t rx = (x & s) > 0, ry = (y & s) > 0;

		d += (uint64_t)s * s * ((3 * rx) ^ ry);
		if (ry == 0) {
			if (rx == 1) {
				x = n - 1 - x;
				y = n - 1 - y;
			}
			uint32_t t = x;

			x = y;
			y = t;
		}
	}
	return d;
}

/* Order of stairwells: group, the host compound before joined ones, then
 * Hilbert key (0 without coordinates), building and unit numbers. */
static int order_cmp(const void *pa, const void *pb, void *arg)
{
	const struct ctx *c = arg;
	int a = *(const int *)pa, b = *(const int *)pb;
	const struct gp_stairwell *sa = &c->in->stairwells[a], *sb = &c->in->stairwells[b];
	int r;

	if (c->grp[a] != c->grp[b])
		return c->grp[a] < c->grp[b] ? -1 : 1;
	/* Compound by compound, so that a compound that joins the group
	 * comes whole into the grid at the end of its host's order. */
	if (sa->compound != sb->compound) {
		if (sa->compound == c->grp[a])
			return -1;
		if (sb->compound == c->grp[b])
			return 1;
		return sa->compound < sb->compound ? -1 : 1;
	}
	if (c->hkey[a] != c->hkey[b])
		return c->hkey[a] < c->hkey[b] ? -1 : 1;
	r = natural_strcmp(sa->building, sb->building);
	if (r)
		return r;
	r = natural_strcmp(sa->unit, sb->unit);
	if (r)
		return r;
	return a < b ? -1 : a > b;
}

/* A new working grid in COMPOUND; its index, or -1 when out of memory. */
static int wgrid_new(struct ctx *c, int compound, int number, int old)
{
	if (c->nw == c->capw) {
		size_t cap = c->capw ? 2 * c->capw : 64;
		struct wgrid *p = realloc(c->w, cap * sizeof *p);

		if (!p)
			return -1;
		c->w = p;
		c->capw = cap;
	}
	c->w[c->nw] = (struct wgrid){compound, number, old, 0, 1};
	return (int)c->nw++;
}

/* Put stairwell S into working grid G (or none, G = -1). */
static void assign(struct ctx *c, int s, int g)
{
	long h = c->in->stairwells[s].households;

	if (c->asg[s] >= 0)
		c->w[c->asg[s]].hh -= h;
	c->asg[s] = g;
	if (g >= 0)
		c->w[g].hh += h;
}

/* The number of grids for H households: the fewest the bounds allow, or,
 * when no count fits, the count whose balanced sizes miss the bounds by the
 * fewest households (the fewer grids on a tie). */
static long choose_k(long h, long min, long max)
{
	long kmin = (h + max - 1) / max, kmax = h / min;

	if (kmin < 1)
		kmin = 1;
	if (kmin <= kmax)
		return kmin;
	if (kmax < 1)
		return 1;
	long dmin = (kmin * min > h ? kmin * min - h : 0);
	long dmax = (h > kmax * max ? h - kmax * max : 0);

	return dmax <= dmin ? kmax : kmin;
}

/* 1 when a building line lies between stairwells A and B. */
static int building_line(const struct ctx *c, int a, int b)
{
	const struct gp_stairwell *sa = &c->in->stairwells[a], *sb = &c->in->stairwells[b];

	return sa->compound != sb->compound || strcmp(sa->building, sb->building) != 0;
}

/*
 * Cut the N stairwells SW (in spatial order) into runs: CHUNK[i] gets the
 * run of SW[i].  Returns the number of runs.  Each cut is the building line
 * nearest the balanced target that keeps this run and the rest within
 * bounds; a unit line only when no building line does; when nothing does,
 * the line nearest the target.  CUM is scratch of N + 1 longs.
 */
static int split_seq(const struct ctx *c, const int *sw, size_t n, int *chunk, long *cum)
{
	long min = c->in->min, max = c->in->max;
	size_t start = 0;
	long k, h;

	if (n == 0)
		return 0;
	cum[0] = 0;
	for (size_t i = 0; i < n; i++)
		cum[i + 1] = cum[i] + c->in->stairwells[sw[i]].households;
	h = cum[n];
	k = choose_k(h, min, max);
	if ((size_t)k > n)
		k = (long)n;
	for (long i = 1; i < k; i++) {
		double target = (double)h * i / k;
		long rest = k - i;
		size_t best = start;
		int best_tier = 3;
		double best_d = 0;

		for (size_t j = start; j + rest < n; j++) {
			long cc = cum[j + 1], s = cc - cum[start], r = h - cc;
			int feasible = s >= min && s <= max && r >= rest * min && r <= rest * max;
			int tier = feasible ? (building_line(c, sw[j], sw[j + 1]) ? 0 : 1) : 2;
			double d = fabs((double)cc - target);

			if (tier < best_tier || (tier == best_tier && d < best_d)) {
				best = j;
				best_tier = tier;
				best_d = d;
			}
			if (s > max && cc > target)
				break;
		}
		for (size_t j = start; j <= best; j++)
			chunk[j] = (int)(i - 1);
		start = best + 1;
	}
	for (size_t j = start; j < n; j++)
		chunk[j] = (int)(k - 1);
	return (int)k;
}

/*
 * Finding a division of a group within the bounds.  The stairwells come in
 * spatial order; each grid in turn takes a run from the front of what is
 * left, cut at the building line nearest the balanced size that leaves the
 * rest divisible, else at a unit line.  When no line will do (stairwells
 * too large for the few households the bounds leave free), the grid takes
 * the subset of the stairwells near the front whose households fit, found
 * by a dynamic programme over households (subset sum), whole buildings
 * first.  The fewest grids are tried first, then one or two more; a small
 * group with no such division gets an exhaustive search, so that a group
 * is called indivisible only when it is.
 */

/* How many more grids than the fewest are tried before giving up. */
enum { EXTRA_GRIDS = 3 };
/* Groups of at most this many stairwells get the exhaustive search ... */
enum { EXACT_STAIRWELLS = 24 };
/* ... which stops after this many steps (it then finds nothing). */
enum { EXACT_STEPS = 200000 };
/* The subset sum looks at no more stairwells than this at a time. */
enum { SUBSET_ITEMS = 512 };
/* ... and gives up on bounds so wide that its table would pass this size. */
enum { SUBSET_CELLS = 1 << 24 };

/* Households of stairwell SW[I]. */
#define HH(c, sw, i) ((long)(c)->in->stairwells[(sw)[i]].households)

/*
 * The run of LEFT[0..NL) (positions into SW) the next grid takes as a
 * whole: the building line, else the unit line, whose cut leaves LO..HI
 * households in the run, nearest TARGET households after TAKEN; the
 * stairwells that must stay for the REST grids stay.  Returns the length
 * of the run, 0 when no line will do.
 */
static size_t cut_line(const struct ctx *c, const int *sw, const int *left, size_t nl, long lo,
		       long hi, long rest, double target, long taken)
{
	size_t best = 0;
	int best_tier = 2;
	double best_d = 0;
	long s = 0;

	for (size_t j = 0; j + rest < nl; j++) {
		s += HH(c, sw, left[j]);
		if (s > hi)
			break;
		if (s < lo)
			continue;
		int tier = building_line(c, sw[left[j]], sw[left[j + 1]]) ? 0 : 1;
		double d = fabs((double)(taken + s) - target);

		if (tier < best_tier || (tier == best_tier && d < best_d)) {
			best = j + 1;
			best_tier = tier;
			best_d = d;
		}
	}
	return best;
}

/* An item of the subset sum: the stairwells LEFT[first..first+n). */
struct item {
	size_t first, n;
	long hh, cost; /* households; cost = the sum of their positions */
};

/* The items of LEFT[0..M): whole buildings when BUILDINGS, else single
 * stairwells.  Returns how many, in IT. */
static size_t make_items(const struct ctx *c, const int *sw, const int *left, size_t m,
			 int buildings, struct item *it)
{
	size_t ni = 0;

	for (size_t j = 0; j < m;) {
		size_t e = j + 1;

		while (buildings && e < m && !building_line(c, sw[left[j]], sw[left[e]]))
			e++;
		it[ni] = (struct item){j, e - j, 0, 0};
		for (size_t t = j; t < e; t++) {
			it[ni].hh += HH(c, sw, left[t]);
			it[ni].cost += (long)t;
		}
		ni++;
		j = e;
	}
	return ni;
}

/*
 * The subset of items IT[0..NI) with LO..HI households (HI <= max) and the
 * least cost, nearest TARGET on a tie: TAKE[first..] of each chosen item
 * set to 1.  Returns 0, 1 when there is none, -1 when out of memory.
 */
static int subset_sum(const struct item *it, size_t ni, long lo, long hi, double target, char *take)
{
	int huge = (size_t)(hi + 1) * (ni + 1) > SUBSET_CELLS;
	long *cost = huge ? NULL : malloc((size_t)(hi + 1) * sizeof *cost);
	unsigned char *by = huge ? NULL : calloc(ni * (size_t)(hi + 1) + 1, 1);
	const long none = LONG_MAX / 4;
	long best = -1;

	if (huge)
		return 1;
	if (!cost || !by) {
		free(cost);
		free(by);
		return -1;
	}
	for (long s = 1; s <= hi; s++)
		cost[s] = none;
	cost[0] = 0;
	/* cost[s]: the least cost of items so far with s households; by[i][s]
	 * says item i was added to reach s. */
	for (size_t i = 0; i < ni; i++)
		for (long s = hi; s >= it[i].hh; s--)
			if (cost[s - it[i].hh] + it[i].cost < cost[s]) {
				cost[s] = cost[s - it[i].hh] + it[i].cost;
				by[i * (size_t)(hi + 1) + (size_t)s] = 1;
			}
	for (long s = lo; s <= hi; s++)
		if (cost[s] < none &&
		    (best < 0 || cost[s] < cost[best] ||
		     (cost[s] == cost[best] && fabs(s - target) < fabs(best - target))))
			best = s;
	for (size_t i = ni; best > 0 && i-- > 0;)
		if (by[i * (size_t)(hi + 1) + (size_t)best]) {
			memset(take + it[i].first, 1, it[i].n);
			best -= it[i].hh;
		}
	free(cost);
	free(by);
	return best < 0;
}

/*
 * The next grid as a subset of the front of LEFT[0..NL): LO..HI households
 * from the fewest front stairwells that can give them, whole buildings
 * first.  TAKE[j] is set for each position taken.  Returns 0, 1 when no
 * subset fits, -1 when out of memory.
 */
static int cut_subset(const struct ctx *c, const int *sw, const int *left, size_t nl, long lo,
		      long hi, double target, char *take)
{
	size_t m = 0;
	long s = 0;
	struct item *it;
	int rc = 1;

	while (m < nl && m < SUBSET_ITEMS && s < 2 * hi)
		s += HH(c, sw, left[m++]);
	if (!(it = malloc((nl ? nl : 1) * sizeof *it)))
		return -1;
	for (int wide = 0; wide < 2 && rc == 1; wide++) {
		size_t mm = wide ? (nl < SUBSET_ITEMS ? nl : SUBSET_ITEMS) : m;

		if (wide && mm == m)
			break;
		for (int whole = 1; whole >= 0 && rc == 1; whole--) {
			size_t ni = make_items(c, sw, left, mm, whole, it);

			memset(take, 0, nl);
			rc = subset_sum(it, ni, lo, hi, target, take);
		}
	}
	free(it);
	return rc;
}

/*
 * Cut SW[0..N) into K grids within the bounds, each in turn taking a run
 * from the front of what is left (cut_line), else a subset (cut_subset):
 * CHUNK[i] gets the grid of SW[i].  Returns 0, 1 when that fails, -1 when
 * out of memory.  LEFT and TAKE are scratch of N each.
 */
static int cut_k(const struct ctx *c, const int *sw, size_t n, long k, int *chunk, int *left,
		 char *take)
{
	long min = c->in->min, max = c->in->max, h = 0, taken = 0;
	size_t nl = n;

	for (size_t i = 0; i < n; i++) {
		left[i] = (int)i;
		h += HH(c, sw, i);
	}
	for (long p = 0; p < k; p++) {
		long rem = h - taken, rest = k - p - 1;
		long lo = rem - rest * max > min ? rem - rest * max : min;
		long hi = rem - rest * min < max ? rem - rest * min : max;
		size_t run, kept = 0;

		if (lo > hi || nl == 0)
			return 1;
		memset(take, 0, nl);
		if (rest == 0) {
			memset(take, 1, nl);
		} else if ((run = cut_line(c, sw, left, nl, lo, hi, rest, (double)h * (p + 1) / k,
					   taken)) > 0) {
			memset(take, 1, run);
		} else {
			int rc =
			    cut_subset(c, sw, left, nl, lo, hi, (double)rem / (rest + 1), take);

			if (rc)
				return rc;
		}
		for (size_t j = 0; j < nl; j++) {
			if (take[j]) {
				chunk[left[j]] = (int)p;
				taken += HH(c, sw, left[j]);
			} else {
				left[kept++] = left[j];
			}
		}
		nl = kept;
	}
	return nl == 0 ? 0 : 1;
}

/* The state of the exhaustive search. */
struct exact {
	const long *hh;	  /* households, largest first */
	size_t n;	  /* stairwells */
	long k, min, max; /* grids wanted, bounds */
	long load[EXACT_STAIRWELLS];
	int bin[EXACT_STAIRWELLS];
	long after[EXACT_STAIRWELLS + 1]; /* households from each stairwell on */
	long steps;
};

/* Place stairwell I and the rest into USED grids or a new one.  Returns 1
 * when every grid ends within the bounds, 0 when none can, -1 when the
 * search ran out of steps. */
static int exact_place(struct exact *x, size_t i, long used)
{
	long need = (x->k - used) * x->min, room = (x->k - used) * x->max;

	if (++x->steps > EXACT_STEPS)
		return -1;
	for (long b = 0; b < used; b++) {
		need += x->load[b] < x->min ? x->min - x->load[b] : 0;
		room += x->max - x->load[b];
	}
	if (need > x->after[i] || room < x->after[i])
		return 0;
	if (i == x->n)
		return 1;
	for (long b = 0; b <= used && b < x->k; b++) {
		int same = 0;

		for (long a = 0; a < b && b < used; a++)
			same |= x->load[a] == x->load[b];
		if (same || x->load[b] + x->hh[i] > x->max)
			continue;
		x->load[b] += x->hh[i];
		x->bin[i] = (int)b;
		int r = exact_place(x, i + 1, b == used ? used + 1 : used);

		x->load[b] -= x->hh[i];
		if (r)
			return r;
	}
	return 0;
}

/* Order of positions by households, largest first (qsort_r on HH). */
static int by_size(const void *pa, const void *pb, void *arg)
{
	const long *hh = arg;
	int a = *(const int *)pa, b = *(const int *)pb;

	if (hh[a] != hh[b])
		return hh[a] > hh[b] ? -1 : 1;
	return a - b;
}

/*
 * Exhaustive search for the fewest grids within the bounds over the N
 * (<= EXACT_STAIRWELLS) stairwells SW; CHUNK as cut_k() fills it, grids
 * numbered in spatial order.  Returns the number of grids, or 0 when there
 * is no such division (or the search gave up).
 */
static long cut_exact(const struct ctx *c, const int *sw, size_t n, int *chunk)
{
	struct exact x = {.n = n, .min = c->in->min, .max = c->in->max};
	long hh[EXACT_STAIRWELLS], sorted[EXACT_STAIRWELLS], h = 0;
	int idx[EXACT_STAIRWELLS], rank[EXACT_STAIRWELLS];

	for (size_t i = 0; i < n; i++) {
		hh[i] = HH(c, sw, i);
		idx[i] = (int)i;
		h += hh[i];
	}
	qsort_r(idx, n, sizeof *idx, by_size, hh);
	for (size_t i = 0; i < n; i++)
		sorted[i] = hh[idx[i]];
	x.after[n] = 0;
	for (size_t i = n; i-- > 0;)
		x.after[i] = x.after[i + 1] + sorted[i];
	x.hh = sorted;
	for (x.k = (h + x.max - 1) / x.max; x.k >= 1 && x.k <= h / x.min; x.k++) {
		x.steps = 0;
		if (exact_place(&x, 0, 0) != 1)
			continue;
		/* Number the grids in the order their first stairwell comes. */
		for (long b = 0; b < x.k; b++)
			rank[b] = -1;
		for (size_t i = 0; i < n; i++)
			chunk[idx[i]] = x.bin[i];
		long next = 0;

		for (size_t i = 0; i < n; i++) {
			if (rank[chunk[i]] < 0)
				rank[chunk[i]] = (int)next++;
			chunk[i] = rank[chunk[i]];
		}
		return x.k;
	}
	return 0;
}

/*
 * Cut the N stairwells SW (in spatial order) into grids: CHUNK[i] gets the
 * grid of SW[i].  Returns the number of grids, -1 when out of memory.  The
 * fewest grids within the bounds when there is such a division; else the
 * plan closest to the bounds (split_seq).  CUM is scratch of N + 1 longs.
 */
static int cut_group(const struct ctx *c, const int *sw, size_t n, int *chunk, long *cum)
{
	long min = c->in->min, max = c->in->max, h = 0, k;
	int *left = malloc((n ? n : 1) * sizeof *left);
	char *take = malloc(n ? n : 1);
	int rc = 1;

	if (!left || !take) {
		free(left);
		free(take);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		h += HH(c, sw, i);
	k = (h + max - 1) / max;
	for (k = k < 1 ? 1 : k; rc == 1 && k <= h / min && k <= (long)n; k++) {
		if (k > (h + max - 1) / max + EXTRA_GRIDS)
			break;
		rc = cut_k(c, sw, n, k, chunk, left, take);
	}
	free(left);
	free(take);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return (int)(k - 1);
	if (n <= EXACT_STAIRWELLS && (k = cut_exact(c, sw, n, chunk)) > 0)
		return (int)k;
	return split_seq(c, sw, n, chunk, cum);
}

/* Distance between stairwells A and B of one group: metres when the group
 * is ordered by coordinates, else steps in building order. */
static double sw_dist(const struct ctx *c, int a, int b)
{
	const struct gp_stairwell *sa = &c->in->stairwells[a], *sb = &c->in->stairwells[b];

	if (c->xymode[c->grp[a]])
		return hypot(sa->x - sb->x, sa->y - sb->y);
	return fabs((double)c->pos[a] - c->pos[b]);
}

/*
 * The alive grid of group range [GS, GE) nearest the stairwells BLK[0..NB),
 * not EXCEPT, with room for ROOM more households when ROOM >= 0.  Returns
 * -1 when there is none.  DIST is scratch of one double per working grid.
 */
static int nearest_grid(struct ctx *c, size_t gs, size_t ge, const int *blk, size_t nb, int except,
			long room, double *dist)
{
	int best = -1;

	for (size_t g = 0; g < c->nw; g++)
		dist[g] = INFINITY;
	for (size_t i = gs; i < ge; i++) {
		int s = c->order[i], g = c->asg[s];

		if (g < 0 || g == except || !c->w[g].alive)
			continue;
		for (size_t j = 0; j < nb; j++) {
			double d = sw_dist(c, s, blk[j]);

			if (d < dist[g])
				dist[g] = d;
		}
	}
	for (size_t g = 0; g < c->nw; g++) {
		if (dist[g] == INFINITY || (room >= 0 && c->w[g].hh + room > c->in->max))
			continue;
		if (best < 0 || dist[g] < dist[best])
			best = (int)g;
	}
	return best;
}

/* Scratch space shared by the steps of one group. */
struct scratch {
	int *list;  /* stairwells */
	int *chunk; /* run of each */
	long *cum;
	double *dist;	   /* per working grid; regrown as grids are added */
	struct took *took; /* one per stairwell: moves of an attempt */
	size_t capdist;
};

/* Make DIST hold one double per working grid; 0 or -1 when out of memory. */
static int scratch_dist(struct ctx *c, struct scratch *sc)
{
	if (sc->capdist >= c->nw)
		return 0;
	double *p = realloc(sc->dist, (c->capw + 1) * sizeof *p);

	if (!p)
		return -1;
	sc->dist = p;
	sc->capdist = c->capw + 1;
	return 0;
}

/* The members of working grid G (or of G and H when H >= 0) in spatial
 * order, into SC->list; returns how many. */
static size_t members(struct ctx *c, size_t gs, size_t ge, int g, int h, struct scratch *sc)
{
	size_t n = 0;

	for (size_t i = gs; i < ge; i++) {
		int a = c->asg[c->order[i]];

		if (a >= 0 && (a == g || a == h))
			sc->list[n++] = c->order[i];
	}
	return n;
}

/*
 * The compound a new grid made of the stairwells LIST[i] with CHUNK[i] ==
 * RUN (of N) is numbered in: the one with most of its households, HOST on
 * a tie, else the first.
 */
static int run_home(const struct ctx *c, const int *list, const int *chunk, size_t n, int run,
		    int host)
{
	int best = -1;
	long best_h = 0;

	for (size_t i = 0; i < n; i++) {
		int k = c->in->stairwells[list[i]].compound;
		long h = 0;

		if (chunk[i] != run || k == best)
			continue;
		for (size_t j = 0; j < n; j++)
			if (chunk[j] == run && c->in->stairwells[list[j]].compound == k)
				h += c->in->stairwells[list[j]].households;
		if (best < 0 || h > best_h || (h == best_h && k == host)) {
			best = k;
			best_h = h;
		}
	}
	return best >= 0 ? best : host;
}

/* A new working grid numbered in COMPOUND's next free number; its index,
 * or -1 when out of memory. */
static int wgrid_add(struct ctx *c, int compound)
{
	return wgrid_new(c, compound, c->next[compound]++, -1);
}

/*
 * Give each of the K runs of the N stairwells in SC->list (run SC->chunk[i])
 * the old grid of OLDG[0..NO) that has most of its households in it,
 * largest overlap first: RUNTO[r] gets the grid or -1, TAKEN[o] is set for
 * each old grid given.  OV is scratch of K * NO longs, zeroed.
 */
static void match_runs(const struct ctx *c, const struct scratch *sc, size_t n, int k,
		       const int *oldg, size_t no, int *runto, int *taken, long *ov)
{
	for (int r = 0; r < k; r++)
		runto[r] = -1;
	for (size_t i = 0; i < n; i++)
		for (size_t o = 0; o < no; o++)
			if (c->asg[sc->list[i]] == oldg[o])
				ov[(size_t)sc->chunk[i] * no + o] +=
				    c->in->stairwells[sc->list[i]].households;
	for (;;) {
		long bestv = 0;
		int br = -1;
		size_t bo = 0;

		for (int r = 0; r < k; r++) {
			if (runto[r] >= 0)
				continue;
			for (size_t o = 0; o < no; o++)
				if (!taken[o] && ov[(size_t)r * no + o] > bestv) {
					bestv = ov[(size_t)r * no + o];
					br = r;
					bo = o;
				}
		}
		if (br < 0)
			break;
		runto[br] = oldg[bo];
		taken[bo] = 1;
	}
}

/*
 * Re-divide the N stairwells in SC->list (the members of grids OLDG[0..NO))
 * into runs, give each old grid the run holding most of its households and
 * the other runs new grids.  Old grids left without a run die.  Returns 0
 * or -1 when out of memory.
 */
static int redivide(struct ctx *c, int host, size_t n, const int *oldg, size_t no,
		    struct scratch *sc)
{
	int k = cut_group(c, sc->list, n, sc->chunk, sc->cum);
	int *runto = calloc(k > 0 ? k : 1, sizeof *runto);
	long *ov = calloc((size_t)(k > 0 ? k : 1) * (no ? no : 1), sizeof *ov);
	int *taken = calloc(no ? no : 1, sizeof *taken);
	int rc = -1;

	if (k < 0 || !runto || !ov || !taken)
		goto out;
	match_runs(c, sc, n, k, oldg, no, runto, taken, ov);
	for (int r = 0; r < k; r++)
		if (runto[r] < 0 &&
		    (runto[r] = wgrid_add(c, run_home(c, sc->list, sc->chunk, n, r, host))) < 0)
			goto out;
	for (size_t i = 0; i < n; i++)
		assign(c, sc->list[i], runto[sc->chunk[i]]);
	for (size_t o = 0; o < no; o++)
		if (!taken[o])
			c->w[oldg[o]].alive = 0;
	rc = 0;
out:
	free(runto);
	free(ov);
	free(taken);
	return rc;
}

/* Fresh division of group range [GS, GE): runs follow the old grids of the
 * group by overlap (only after a reset), the rest take new numbers. */
static int fresh(struct ctx *c, int host, size_t gs, size_t ge, struct scratch *sc)
{
	size_t n = ge - gs, no = 0;
	int *oldg = malloc((c->nw ? c->nw : 1) * sizeof *oldg);
	int rc;

	if (!oldg)
		return -1;
	for (size_t g = 0; g < c->nw; g++)
		if (c->w[g].alive && c->host[c->w[g].compound] == host)
			oldg[no++] = (int)g;
	memcpy(sc->list, c->order + gs, n * sizeof *sc->list);
	rc = redivide(c, host, n, oldg, no, sc);
	free(oldg);
	return rc;
}

/*
 * Bring grid G of group range [GS, GE) back under the maximum by handing
 * stairwells on its edge to neighbouring grids with room: stairwells new in
 * this run first (placing them moves nobody), then the ones nearest a
 * neighbour.  Far fewer households move than when the grid is cut in two.
 * Returns 1 when something moved.
 */
static int shed(struct ctx *c, size_t gs, size_t ge, int g)
{
	int moved = 0;

	while (c->w[g].hh > c->in->max) {
		int bs = -1, bv = -1, bold = 2;
		double bd = INFINITY;

		for (size_t i = gs; i < ge; i++) {
			int s = c->order[i];
			long h = c->in->stairwells[s].households;
			int old = c->in->stairwells[s].grid >= 0;

			if (c->asg[s] != g || old > bold)
				continue;
			for (size_t j = gs; j < ge; j++) {
				int t = c->order[j], v = c->asg[t];

				if (v < 0 || v == g || !c->w[v].alive ||
				    c->w[v].hh + h > c->in->max)
					continue;
				double d = sw_dist(c, s, t);

				if (old < bold || d < bd) {
					bs = s;
					bv = v;
					bold = old;
					bd = d;
				}
			}
		}
		if (bs < 0)
			break;
		assign(c, bs, bv);
		moved = 1;
	}
	return moved;
}

/* One stairwell taken from its grid, so that a failed attempt can be undone. */
struct took {
	int s, from;
};

/* Undo the last N - KEEP moves in TK, newest first. */
static void undo(struct ctx *c, struct took *tk, size_t n, size_t keep)
{
	while (n > keep) {
		n--;
		assign(c, tk[n].s, tk[n].from);
	}
}

/* D[i] becomes the distance from stairwell order[GS + i] to stairwell S when
 * that is nearer, so that D holds the distance to the nearest member of a
 * grid S has just joined. */
static void nearer(const struct ctx *c, size_t gs, size_t ge, int s, double *d)
{
	for (size_t i = 0; i < ge - gs; i++) {
		double x = sw_dist(c, c->order[gs + i], s);

		if (x < d[i])
			d[i] = x;
	}
}

/* The edge stairwell grid G should take (an index into order[GS..GE)), or
 * GE - GS when none may move: among those that fit, within half as far
 * again as the nearest (D as nearer() keeps it), the one from the fullest
 * neighbour, nearer on a tie. */
static size_t pick_edge(const struct ctx *c, size_t gs, size_t ge, int g, const double *d)
{
	size_t n = ge - gs, best = n;
	long min = c->in->min, max = c->in->max;
	double dmin = INFINITY;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			int s = c->order[gs + i], v = c->asg[s];
			long h = c->in->stairwells[s].households;

			if (v < 0 || v == g || !c->w[v].alive || c->w[v].hh - h < min ||
			    c->w[g].hh + h > max || d[i] == INFINITY)
				continue;
			if (pass == 0) {
				if (d[i] < dmin)
					dmin = d[i];
				continue;
			}
			if (d[i] > 1.5 * dmin + 1e-9)
				continue;
			if (best == n)
				best = i;
			else {
				int b = c->asg[c->order[gs + best]];

				if (c->w[v].hh > c->w[b].hh ||
				    (c->w[v].hh == c->w[b].hh && d[i] < d[best]))
					best = i;
			}
		}
		if (dmin == INFINITY)
			break;
	}
	return best;
}

/*
 * Bring grid G of group range [GS, GE) up to the minimum by taking whole
 * stairwells on the edge of neighbouring grids: a stairwell nearest G (or
 * within half as far again as the nearest), from the neighbour with the most
 * households, never leaving a neighbour below the minimum nor G above the
 * maximum.  Every stairwell taken is recorded in TK (room for GE - GS) after
 * *NT.  Returns 1 when G reached the minimum, 0 when it did not (the caller
 * undoes), -1 when out of memory.  Far fewer households move than when G
 * and its neighbours are cut afresh.
 */
static int grow(struct ctx *c, size_t gs, size_t ge, int g, struct took *tk, size_t *nt)
{
	size_t n = ge - gs;
	double *d = malloc((n ? n : 1) * sizeof *d);

	if (!d)
		return -1;
	for (size_t i = 0; i < n; i++)
		d[i] = INFINITY;
	for (size_t j = gs; j < ge; j++)
		if (c->asg[c->order[j]] == g)
			nearer(c, gs, ge, c->order[j], d);
	while (c->w[g].hh < c->in->min) {
		size_t best = pick_edge(c, gs, ge, g, d);

		if (best == n)
			break;
		int s = c->order[gs + best];

		tk[(*nt)++] = (struct took){s, c->asg[s]};
		assign(c, s, g);
		nearer(c, gs, ge, s, d);
	}
	free(d);
	return c->w[g].hh >= c->in->min;
}

/*
 * Grid G of group range [GS, GE) is below the minimum: hand each of its
 * stairwells to the nearest neighbour with room.  Records moves in TK after
 * *NT.  Returns 1 when G is left empty, 0 when some stairwell found no room
 * (the caller undoes), -1 when out of memory.
 */
static int dissolve(struct ctx *c, size_t gs, size_t ge, int g, struct took *tk, size_t *nt,
		    struct scratch *sc)
{
	for (size_t i = gs; i < ge; i++) {
		int s = c->order[i];

		if (c->asg[s] != g)
			continue;
		if (scratch_dist(c, sc))
			return -1;
		long h = c->in->stairwells[s].households;
		int v = nearest_grid(c, gs, ge, &s, 1, g, h, sc->dist);

		if (v < 0)
			return 0;
		tk[(*nt)++] = (struct took){s, g};
		assign(c, s, v);
	}
	return 1;
}

/* 1 when the households of group range [GS, GE) do not fit the alive grids
 * of HOST at the maximum each, so that one grid more is needed. */
static int must_grow(const struct ctx *c, int host, size_t gs, size_t ge)
{
	long h = 0, k = 0;

	for (size_t i = gs; i < ge; i++)
		h += c->in->stairwells[c->order[i]].households;
	for (size_t g = 0; g < c->nw; g++)
		k += c->w[g].alive && c->host[c->w[g].compound] == host && c->w[g].hh > 0;
	return h > k * c->in->max;
}

/*
 * Step 1 of a rerun: new buildings (runs of new stairwells of one building)
 * join the nearest grid of group range [GS, GE) with room.  The stairwells
 * of those that find none wait in SC->list: *NP of them, *PH households.
 */
static int join_new_buildings(struct ctx *c, size_t gs, size_t ge, struct scratch *sc, size_t *np,
			      long *ph)
{
	for (size_t i = gs; i < ge;) {
		size_t j = i;
		long h = 0;

		if (c->asg[c->order[i]] >= 0) {
			i++;
			continue;
		}
		while (j < ge && c->asg[c->order[j]] < 0 &&
		       !building_line(c, c->order[i], c->order[j])) {
			h += c->in->stairwells[c->order[j]].households;
			j++;
		}
		if (scratch_dist(c, sc))
			return -1;
		int g = nearest_grid(c, gs, ge, c->order + i, j - i, -1, h, sc->dist);

		if (g >= 0) {
			for (size_t t = i; t < j; t++)
				assign(c, c->order[t], g);
		} else {
			for (size_t t = i; t < j; t++)
				sc->list[(*np)++] = c->order[t];
			*ph += h;
		}
		i = j;
	}
	return 0;
}

/*
 * Step 2 of a rerun: the NP waiting stairwells (PH households) in SC->list
 * form grids of their own when they are enough for one; when they are too
 * few and the compound needs one grid more, the new grid takes the fewest
 * edge stairwells of its neighbours.  Sets *NP to 0 when they were placed.
 */
static int form_new_grids(struct ctx *c, int host, size_t gs, size_t ge, struct scratch *sc,
			  size_t *np, long ph)
{
	if (ph >= c->in->min) {
		if (redivide(c, host, *np, NULL, 0, sc))
			return -1;
		*np = 0;
		return 0;
	}
	if (!*np || !must_grow(c, host, gs, ge))
		return 0;
	for (size_t t = 0; t < *np; t++)
		sc->chunk[t] = 0;
	int home = run_home(c, sc->list, sc->chunk, *np, 0, host);
	int g = wgrid_add(c, home);
	size_t nt = 0;

	if (g < 0)
		return -1;
	for (size_t t = 0; t < *np; t++)
		assign(c, sc->list[t], g);
	int r = grow(c, gs, ge, g, sc->took, &nt);

	if (r < 0)
		return -1;
	if (r) {
		*np = 0;
		return 0;
	}
	/* Not enough to take: the attempt is undone and the grid forgotten. */
	undo(c, sc->took, nt, 0);
	for (size_t t = 0; t < *np; t++)
		assign(c, sc->list[t], -1);
	c->w[g].alive = 0;
	c->nw--;
	c->next[home]--;
	return 0;
}

/* Step 3 of a rerun: each of the NP stairwells still waiting in SC->list
 * joins the nearest grid, room or not (step 4 mends the bounds), or a new
 * grid when the group has none. */
static int place_waiting(struct ctx *c, size_t gs, size_t ge, struct scratch *sc, size_t np)
{
	int *wait;

	if (!np)
		return 0;
	if (scratch_dist(c, sc) || !(wait = malloc(np * sizeof *wait)))
		return -1;
	memcpy(wait, sc->list, np * sizeof *wait);
	for (size_t t = 0; t < np; t++) {
		int g = nearest_grid(c, gs, ge, wait + t, 1, -1, -1, sc->dist);

		if (g < 0) {
			g = wgrid_add(c, c->in->stairwells[wait[t]].compound);
			if (g < 0 || scratch_dist(c, sc)) {
				free(wait);
				return -1;
			}
		}
		assign(c, wait[t], g);
	}
	free(wait);
	return 0;
}

/* Grid G of HOST above the maximum: hand edge stairwells to neighbours with
 * room, else cut it in two or more.  Sets *CHANGED when something moved. */
static int split_big(struct ctx *c, int host, size_t gs, size_t ge, int g, struct scratch *sc,
		     int *changed)
{
	*changed |= shed(c, gs, ge, g);
	if (c->w[g].hh <= c->in->max)
		return 0;
	size_t n = members(c, gs, ge, g, -1, sc);

	if (n > 1 && choose_k(c->w[g].hh, c->in->min, c->in->max) > 1) {
		size_t before = c->nw;

		if (redivide(c, host, n, &g, 1, sc))
			return -1;
		*changed |= c->nw != before;
	}
	return 0;
}

/* Grid G below the minimum: move the fewer households, by taking edge
 * stairwells of the neighbours or giving this grid's away.  Returns 1 when
 * that worked, 0 when neither did (both undone), -1 when out of memory. */
static int take_or_give(struct ctx *c, size_t gs, size_t ge, int g, struct scratch *sc)
{
	int r = 0;

	for (int step = 0; step < 2 && r == 0; step++) {
		int take = (step == 0) == (c->in->min - c->w[g].hh < c->w[g].hh);
		size_t nt = 0;

		r = take ? grow(c, gs, ge, g, sc->took, &nt)
			 : dissolve(c, gs, ge, g, sc->took, &nt, sc);
		if (r < 0)
			return -1;
		if (r == 0)
			undo(c, sc->took, nt, 0);
	}
	if (r && c->w[g].hh == 0)
		c->w[g].alive = 0;
	return r;
}

/* Grid G below the minimum, where no edge stairwell could move: merge it
 * with its nearest neighbour when both fit one grid (the larger keeps its
 * number), else cut the two afresh.  Sets *CHANGED when that helped. */
static int merge_small(struct ctx *c, int host, size_t gs, size_t ge, int g, struct scratch *sc,
		       int *changed)
{
	if (scratch_dist(c, sc))
		return -1;
	size_t n = members(c, gs, ge, g, -1, sc);
	int v = nearest_grid(c, gs, ge, sc->list, n, g, -1, sc->dist);

	if (v < 0)
		return 0;
	int pair[2] = {g, v};
	long lo = c->w[g].hh < c->w[v].hh ? c->w[g].hh : c->w[v].hh;

	if (c->w[g].hh + c->w[v].hh <= c->in->max) {
		int keep = c->w[v].hh >= c->w[g].hh ? v : g;
		int gone = keep == v ? g : v;

		n = members(c, gs, ge, gone, -1, sc);
		for (size_t t = 0; t < n; t++)
			assign(c, sc->list[t], keep);
		c->w[gone].alive = 0;
		*changed = 1;
		return 0;
	}
	n = members(c, gs, ge, pair[0], pair[1], sc);
	if (redivide(c, host, n, pair, 2, sc))
		return -1;
	long nlo = c->w[g].alive ? c->w[g].hh : 0;

	if (c->w[v].alive && (!c->w[g].alive || c->w[v].hh < nlo))
		nlo = c->w[v].hh;
	*changed |= nlo > lo;
	return 0;
}

/* One round of step 4: split the grids of HOST above the maximum, then mend
 * those below the minimum.  Sets *CHANGED when anything moved. */
static int mend_round(struct ctx *c, int host, size_t gs, size_t ge, struct scratch *sc,
		      int *changed)
{
	for (size_t g = 0; g < c->nw; g++) {
		struct wgrid *w = &c->w[g];

		if (!w->alive || c->host[w->compound] != host)
			continue;
		if (w->hh == 0)
			w->alive = 0;
		else if (w->hh > c->in->max && split_big(c, host, gs, ge, (int)g, sc, changed))
			return -1;
	}
	for (size_t g = 0; g < c->nw; g++) {
		if (!c->w[g].alive || c->host[c->w[g].compound] != host || c->w[g].hh >= c->in->min)
			continue;
		int r = take_or_give(c, gs, ge, (int)g, sc);

		if (r < 0)
			return -1;
		if (r)
			*changed = 1;
		else if (merge_small(c, host, gs, ge, (int)g, sc, changed))
			return -1;
	}
	return 0;
}

/* Rerun on group range [GS, GE): place new stairwells (steps 1 to 3), then
 * split grids above the maximum and merge those below the minimum until
 * nothing changes (step 4; the round limit only guards against cycling). */
static int incremental(struct ctx *c, int host, size_t gs, size_t ge, struct scratch *sc)
{
	enum { MEND_ROUNDS = 64 };
	size_t np = 0;
	long ph = 0;

	if (join_new_buildings(c, gs, ge, sc, &np, &ph) ||
	    form_new_grids(c, host, gs, ge, sc, &np, ph) || place_waiting(c, gs, ge, sc, np))
		return -1;
	for (int round = 0; round < MEND_ROUNDS; round++) {
		int changed = 0;

		if (mend_round(c, host, gs, ge, sc, &changed))
			return -1;
		if (!changed)
			break;
	}
	return 0;
}

/*
 * Across compound lines.  A grid worker's round does not stop at a
 * compound's fence: where a group cannot be divided within the bounds on
 * its own, its remainder joins a grid of the nearest other group that has
 * room, or a grid of it below the minimum takes the remainder in, so that a
 * grid out of bounds remains only where no such move helps.
 */

/* How many of the nearest grids of other groups are tried. */
enum { NEAR_GRIDS = 12 };
/* How many times a group is mended across compound lines at most. */
enum { CROSS_TRIES = 8 };

/* Where a working grid is: the mean of its stairwells' coordinates, when
 * they all have them. */
struct spot {
	double x, y;
	long n;	 /* stairwells */
	int xy;	 /* 1 when every stairwell has coordinates */
	int big; /* 1 when it holds a stairwell larger than the maximum */
};

/* The spots of the working grids, into SP (one per working grid). */
static void grid_spots(const struct ctx *c, struct spot *sp)
{
	for (size_t g = 0; g < c->nw; g++)
		sp[g] = (struct spot){0, 0, 0, 1, 0};
	for (size_t i = 0; i < c->norder; i++) {
		int s = c->order[i], g = c->asg[s];
		const struct gp_stairwell *st = &c->in->stairwells[s];

		if (g < 0)
			continue;
		sp[g].n++;
		sp[g].big |= st->households > c->in->max;
		if (!c->xymode[c->grp[s]] || !st->has_xy)
			sp[g].xy = 0;
		sp[g].x += st->x;
		sp[g].y += st->y;
	}
	for (size_t g = 0; g < c->nw; g++)
		if (sp[g].n) {
			sp[g].x /= (double)sp[g].n;
			sp[g].y /= (double)sp[g].n;
		}
}

/* How far a place A of compound KA is from grid spot B: metres when both
 * have coordinates, else a distance in compound order beyond any metres. */
static double spot_dist(const struct ctx *c, const struct spot *a, int ka, const struct spot *b,
			int kb)
{
	(void)c;
	if (a->xy && b->xy)
		return hypot(a->x - b->x, a->y - b->y);
	return 1e12 + fabs((double)ka - (double)kb);
}

/* The stairwells about to move across a compound line, and where from. */
struct remainder {
	const int *list; /* stairwells, in spatial order */
	size_t n;
	long hh;	/* their households */
	struct spot at; /* where they are */
	int host;	/* their group */
};

/* The grids of other groups nearest R that could take households in,
 * nearest first, into NEAR (up to NEAR_GRIDS).  Returns how many. */
static size_t near_grids(const struct ctx *c, const struct remainder *r, const struct spot *sp,
			 int *near)
{
	double d[NEAR_GRIDS];
	size_t nn = 0;

	for (size_t g = 0; g < c->nw; g++) {
		const struct wgrid *w = &c->w[g];

		if (!w->alive || w->hh <= 0 || w->hh >= c->in->max || sp[g].big ||
		    c->host[w->compound] == r->host)
			continue;
		double x = spot_dist(c, &r->at, r->host, &sp[g], w->compound);
		size_t j = nn < NEAR_GRIDS ? nn++ : NEAR_GRIDS;

		if (j == NEAR_GRIDS && x >= d[NEAR_GRIDS - 1])
			continue;
		if (j == NEAR_GRIDS)
			j--;
		for (; j > 0 && d[j - 1] > x; j--) {
			d[j] = d[j - 1];
			near[j] = near[j - 1];
		}
		d[j] = x;
		near[j] = (int)g;
	}
	return nn;
}

/* Order of a remainder's stairwells by distance to a grid (qsort_r). */
struct by_near_arg {
	const struct ctx *c;
	const struct spot *to;
	const int *list;
};

static int by_near(const void *pa, const void *pb, void *arg)
{
	const struct by_near_arg *a = arg;
	int i = *(const int *)pa, j = *(const int *)pb;
	const struct gp_stairwell *si = &a->c->in->stairwells[a->list[i]];
	const struct gp_stairwell *sj = &a->c->in->stairwells[a->list[j]];

	if (a->to->xy && si->has_xy && sj->has_xy) {
		double di = hypot(si->x - a->to->x, si->y - a->to->y);
		double dj = hypot(sj->x - a->to->x, sj->y - a->to->y);

		if (di != dj)
			return di < dj ? -1 : 1;
	}
	return i - j;
}

/*
 * Of remainder R, the stairwells nearest grid spot TO with LO..HI
 * households, whole buildings first: GIVE[i] set for each R->list[i] that
 * goes.  Returns 0, 1 when none fit, -1 when out of memory.
 */
static int pick_nearest(const struct ctx *c, const struct remainder *r, const struct spot *to,
			long lo, long hi, char *give)
{
	size_t n = r->n < SUBSET_ITEMS ? r->n : SUBSET_ITEMS;
	int *pos = malloc((r->n ? r->n : 1) * sizeof *pos);
	struct item *it = malloc((r->n ? r->n : 1) * sizeof *it);
	char *take = calloc(r->n ? r->n : 1, 1);
	struct by_near_arg arg = {c, to, r->list};
	int rc = 1;

	if (!pos || !it || !take) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < r->n; i++)
		pos[i] = (int)i;
	qsort_r(pos, r->n, sizeof *pos, by_near, &arg);
	for (int whole = 1; whole >= 0 && rc == 1; whole--) {
		size_t ni = make_items(c, r->list, pos, n, whole, it);

		memset(take, 0, r->n);
		rc = subset_sum(it, ni, lo, hi, (double)lo, take);
	}
	memset(give, 0, r->n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		give[pos[i]] = take[i];
out:
	free(pos);
	free(it);
	free(take);
	return rc;
}

/* 1 when the N stairwells of LIST divide into grids all within the bounds
 * (cut_group; CHUNK and CUM scratch), 0 when not, -1 when out of memory. */
static int divides(const struct ctx *c, const int *list, size_t n, int *chunk, long *cum)
{
	int k = cut_group(c, list, n, chunk, cum);
	long *sum;
	int ok = 1;

	if (k <= 0)
		return k < 0 ? -1 : n == 0;
	if (!(sum = calloc((size_t)k, sizeof *sum)))
		return -1;
	for (size_t i = 0; i < n; i++)
		sum[chunk[i]] += c->in->stairwells[list[i]].households;
	for (int g = 0; g < k; g++)
		ok &= sum[g] >= c->in->min && sum[g] <= c->in->max;
	free(sum);
	return ok;
}

/*
 * Try to give part of remainder R to grid V so that V and the rest (cut
 * afresh into K grids) are all within the bounds.  On success the rest is
 * left in SC->list (*NREST of them) for the caller to re-divide, the part
 * has joined V, and 1 is returned; 0 when no part fits, -1 when out of
 * memory.
 */
static int give_to(struct ctx *c, const struct remainder *r, int v, const struct spot *sp,
		   struct scratch *sc, size_t *nrest)
{
	long min = c->in->min, max = c->in->max, h = r->hh;
	long vlo = min - c->w[v].hh > 1 ? min - c->w[v].hh : 1, vhi = max - c->w[v].hh;
	char *give = malloc(r->n ? r->n : 1);
	int rc = 0;

	if (!give)
		return -1;
	for (long k = 0; rc == 0 && k <= h / min; k++) {
		long lo = k ? h - k * max : h, hi = k ? h - k * min : h;

		lo = lo > vlo ? lo : vlo;
		hi = hi < vhi ? hi : vhi;
		if (lo > hi || pick_nearest(c, r, &sp[v], lo, hi, give) != 0)
			continue;
		*nrest = 0;
		for (size_t i = 0; i < r->n; i++)
			if (!give[i])
				sc->list[(*nrest)++] = r->list[i];
		rc = divides(c, sc->list, *nrest, sc->chunk, sc->cum);
	}
	for (size_t i = 0; rc == 1 && i < r->n; i++)
		if (give[i])
			assign(c, r->list[i], v);
	free(give);
	return rc;
}

/*
 * Remainder R (the members of grids OLDG[0..NO) of its group) gives what
 * the bounds leave over to the nearest grid of another group that can take
 * it, and the rest is re-divided.  Returns 1 when that was done, 0 when no
 * grid could take it, -1 when out of memory.
 */
static int cross_one(struct ctx *c, const struct remainder *r, const int *oldg, size_t no,
		     const struct spot *sp, struct scratch *sc)
{
	int near[NEAR_GRIDS];
	size_t nn = near_grids(c, r, sp, near), nrest = 0;

	for (size_t i = 0; i < nn; i++) {
		int rc = give_to(c, r, near[i], sp, sc, &nrest);

		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		if (redivide(c, r->host, nrest, oldg, no, sc))
			return -1;
		for (size_t o = 0; o < no; o++)
			if (c->w[oldg[o]].hh == 0)
				c->w[oldg[o]].alive = 0;
		return 1;
	}
	return 0;
}

/* The remainder made of LIST[0..N) of group HOST, where it is. */
static struct remainder remainder_of(const struct ctx *c, int host, const int *list, size_t n)
{
	struct remainder r = {list, n, 0, {0, 0, (long)n, c->xymode[host], 0}, host};

	for (size_t i = 0; i < n; i++) {
		const struct gp_stairwell *s = &c->in->stairwells[list[i]];

		r.hh += s->households;
		r.at.x += s->x / (double)n;
		r.at.y += s->y / (double)n;
		r.at.xy &= s->has_xy;
	}
	return r;
}

/* 1 when working grid G is alive and out of bounds for a reason a move
 * across compound lines could mend (not a stairwell larger than max). */
static int mendable(const struct ctx *c, const struct spot *sp, size_t g)
{
	const struct wgrid *w = &c->w[g];

	return w->alive && w->hh > 0 && !sp[g].big && (w->hh < c->in->min || w->hh > c->in->max);
}

/* The members of the NG grids GRIDS of group range [GS, GE) of HOST as
 * one remainder, across a compound line (cross_one()). */
static int cross_grids(struct ctx *c, int host, size_t gs, size_t ge, const int *grids, size_t ng,
		       const struct spot *sp, struct scratch *sc)
{
	int *list = malloc((ge - gs) * sizeof *list);
	size_t n = 0;
	int rc;

	if (!list)
		return -1;
	for (size_t i = gs; i < ge; i++)
		for (size_t o = 0; o < ng; o++)
			if (c->asg[c->order[i]] == grids[o]) {
				list[n++] = c->order[i];
				break;
			}
	struct remainder r = remainder_of(c, host, list, n);

	rc = cross_one(c, &r, grids, ng, sp, sc);
	free(list);
	return rc;
}

/*
 * Group range [GS, GE) of HOST, when a grid of it is out of bounds: when
 * it was divided afresh, the whole group as one remainder (its grids are
 * cut again around what leaves); else its grids out of bounds together,
 * then each alone, so that grids within bounds keep their households.  SP
 * as grid_spots() made it; OLDG is scratch of one int per working grid.
 * Returns 1 when something moved, 0 when not, -1 when out of memory.
 */
static int cross_group(struct ctx *c, int host, size_t gs, size_t ge, struct spot *sp, int *oldg,
		       struct scratch *sc)
{
	size_t no = 0, bad = 0, big = 0;
	int rc = 0;

	for (size_t g = 0; g < c->nw; g++)
		if (c->w[g].alive && c->w[g].hh > 0 && c->host[c->w[g].compound] == host) {
			oldg[no++] = (int)g;
			bad += mendable(c, sp, g);
			big += sp[g].big;
		}
	if (!bad)
		return 0;
	if (c->fresh[host] && !big)
		rc = cross_grids(c, host, gs, ge, oldg, no, sp, sc);
	/* The grids out of bounds to the front of OLDG. */
	for (size_t o = 0, j = 0; o < no; o++)
		if (mendable(c, sp, (size_t)oldg[o])) {
			int t = oldg[j];

			oldg[j++] = oldg[o];
			oldg[o] = t;
		}
	if (rc == 0 && bad > 1)
		rc = cross_grids(c, host, gs, ge, oldg, bad, sp, sc);
	for (size_t o = 0; rc == 0 && o < bad; o++)
		rc = cross_grids(c, host, gs, ge, &oldg[o], 1, sp, sc);
	return rc;
}

/* Every group in turn, across compound lines where that mends its bounds.
 * The spots are made again after each change, as grids come and go. */
static int cross_lines(struct ctx *c, struct scratch *sc)
{
	struct spot *sp = NULL;
	int *oldg = NULL;
	int rc = 0, stale = 1, tries = 0;

	for (size_t gs = 0, ge; gs < c->norder && rc >= 0; gs = ge) {
		int host = c->grp[c->order[gs]];

		for (ge = gs; ge < c->norder && c->grp[c->order[ge]] == host; ge++)
			;
		if (stale) {
			free(sp);
			free(oldg);
			sp = malloc((c->nw + 1) * sizeof *sp);
			oldg = malloc((c->nw + 1) * sizeof *oldg);
			if (!sp || !oldg || scratch_dist(c, sc)) {
				rc = -1;
				break;
			}
			grid_spots(c, sp);
		}
		rc = cross_group(c, host, gs, ge, sp, oldg, sc);
		stale = rc > 0;
		/* Something moved: the group again, while that helps. */
		if (rc > 0 && ++tries < CROSS_TRIES)
			ge = gs;
		else
			tries = 0;
	}
	free(sp);
	free(oldg);
	return rc < 0 ? -1 : 0;
}

/* Which compound each compound's grids live in: itself, or for one with
 * fewer than MIN households the nearest compound with enough (by the mean
 * of building coordinates, else by order); when none has enough, the
 * largest.  TOTAL is per compound. */
static int find_hosts(struct ctx *c, const long *total)
{
	size_t nc = c->in->ncompounds;
	double *cx = calloc(nc ? nc : 1, sizeof *cx), *cy = calloc(nc ? nc : 1, sizeof *cy);
	long *cn = calloc(nc ? nc : 1, sizeof *cn);
	int big = -1;

	if (!cx || !cy || !cn) {
		free(cx);
		free(cy);
		free(cn);
		return -1;
	}
	for (size_t i = 0; i < c->in->nstairwells; i++) {
		const struct gp_stairwell *s = &c->in->stairwells[i];

		if (s->has_xy && s->households > 0) {
			cx[s->compound] += s->x;
			cy[s->compound] += s->y;
			cn[s->compound]++;
		}
	}
	for (size_t i = 0; i < nc; i++) {
		if (cn[i]) {
			cx[i] /= cn[i];
			cy[i] /= cn[i];
		}
		if (big < 0 || total[i] > total[big])
			big = (int)i;
	}
	for (size_t i = 0; i < nc; i++) {
		int best = -1;
		double bd = 0;

		c->host[i] = (int)i;
		if (total[i] >= c->in->min || total[i] == 0)
			continue;
		for (size_t j = 0; j < nc; j++) {
			if (j == i || total[j] < c->in->min)
				continue;
			double d = (cn[i] && cn[j]) ? hypot(cx[i] - cx[j], cy[i] - cy[j])
						    : 1e12 + fabs((double)i - (double)j);

			if (best < 0 || d < bd) {
				best = (int)j;
				bd = d;
			}
		}
		c->host[i] = best >= 0 ? best : big;
	}
	free(cx);
	free(cy);
	free(cn);
	return 0;
}

/* The group of compound I in PARENT, halving the path on the way. */
static int group_root(int *parent, int i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/*
 * Which compounds are divided together: a compound with its host
 * (find_hosts()), and on a rerun every two compounds that share a grid,
 * so that a grid across a compound line is kept whole.  Each group is
 * named by its compound with the most households (the first on a tie);
 * c->host[i] becomes that name.  TOTAL is per compound.
 */
static int join_groups(struct ctx *c, const long *total)
{
	const struct gp_input *in = c->in;
	size_t nc = in->ncompounds;
	int *parent = malloc((nc + 1) * sizeof *parent), *name = malloc((nc + 1) * sizeof *name);

	if (!parent || !name) {
		free(parent);
		free(name);
		return -1;
	}
	for (size_t i = 0; i < nc; i++)
		parent[i] = (int)i;
	for (size_t i = 0; i < nc; i++)
		parent[group_root(parent, (int)i)] = group_root(parent, c->host[i]);
	for (size_t i = 0; i < in->nstairwells && !in->reset; i++) {
		const struct gp_stairwell *s = &in->stairwells[i];

		if (s->households > 0 && s->grid >= 0 && (size_t)s->grid < in->ngrids)
			parent[group_root(parent, s->compound)] =
			    group_root(parent, in->grids[s->grid].compound);
	}
	for (size_t i = 0; i < nc; i++)
		name[i] = -1;
	for (size_t i = 0; i < nc; i++) {
		int r = group_root(parent, (int)i);

		if (name[r] < 0 || total[i] > total[name[r]])
			name[r] = (int)i;
	}
	for (size_t i = 0; i < nc; i++)
		c->host[i] = name[group_root(parent, (int)i)];
	free(parent);
	free(name);
	return 0;
}

/* Order the stairwells with households: group by host, Hilbert keys where
 * every building of the group has coordinates. */
static int make_order(struct ctx *c)
{
	const struct gp_input *in = c->in;
	size_t nc = in->ncompounds;
	double *x0 = malloc(nc * sizeof *x0 + 1), *y0 = malloc(nc * sizeof *y0 + 1);
	double *x1 = malloc(nc * sizeof *x1 + 1), *y1 = malloc(nc * sizeof *y1 + 1);

	if (!x0 || !y0 || !x1 || !y1) {
		free(x0);
		free(y0);
		free(x1);
		free(y1);
		return -1;
	}
	for (size_t i = 0; i < nc; i++) {
		c->xymode[i] = 1;
		x0[i] = y0[i] = INFINITY;
		x1[i] = y1[i] = -INFINITY;
	}
	for (size_t i = 0; i < in->nstairwells; i++) {
		const struct gp_stairwell *s = &in->stairwells[i];
		int g = c->host[s->compound];

		c->grp[i] = g;
		c->pos[i] = -1;
		c->hkey[i] = 0;
		if (s->households <= 0)
			continue;
		c->order[c->norder++] = (int)i;
		if (!s->has_xy || !isfinite(s->x) || !isfinite(s->y)) {
			c->xymode[g] = 0;
			continue;
		}
		x0[g] = fmin(x0[g], s->x);
		x1[g] = fmax(x1[g], s->x);
		y0[g] = fmin(y0[g], s->y);
		y1[g] = fmax(y1[g], s->y);
	}
	for (size_t i = 0; i < in->nstairwells; i++) {
		const struct gp_stairwell *s = &in->stairwells[i];
		int g = c->grp[i];

		if (s->households <= 0 || !c->xymode[g])
			continue;
		double span = fmax(x1[g] - x0[g], y1[g] - y0[g]);
		double f = span > 0 ? 65535.0 / span : 0;

		c->hkey[i] =
		    hilbert((uint32_t)((s->x - x0[g]) * f), (uint32_t)((s->y - y0[g]) * f));
	}
	qsort_r(c->order, c->norder, sizeof *c->order, order_cmp, c);
	for (size_t i = 0; i < c->norder; i++)
		c->pos[c->order[i]] = (int)i;
	free(x0);
	free(y0);
	free(x1);
	free(y1);
	return 0;
}

/* Order of output grids: compound, then number. */
static int wg_cmp(const void *pa, const void *pb)
{
	const struct gp_grid_out *a = pa, *b = pb;

	if (a->compound != b->compound)
		return a->compound < b->compound ? -1 : 1;
	return (a->number > b->number) - (a->number < b->number);
}

/* Copy the alive working grids with households into OUT->grids, ordered by
 * compound and number, and fill MAP: working grid -> output index or -1. */
static void out_grids(const struct ctx *c, struct gp_output *out, int *map)
{
	size_t n = 0;

	for (size_t g = 0; g < c->nw; g++)
		if (c->w[g].alive && c->w[g].hh > 0)
			out->grids[n++] = (struct gp_grid_out){
			    c->w[g].compound, c->w[g].number, c->w[g].old, c->w[g].hh, 0, GP_OK, 0};
	qsort(out->grids, n, sizeof *out->grids, wg_cmp);
	out->ngrids = n;
	for (size_t g = 0; g < c->nw; g++) {
		map[g] = -1;
		if (!c->w[g].alive || c->w[g].hh == 0)
			continue;
		struct gp_grid_out key = {.compound = c->w[g].compound, .number = c->w[g].number};
		struct gp_grid_out *f = bsearch(&key, out->grids, n, sizeof key, wg_cmp);

		map[g] = f ? (int)(f - out->grids) : -1;
	}
}

/* Each stairwell's output grid, the counts of households placed and moved,
 * and which input grids are retired.  An empty stairwell stays with its
 * grid while that grid goes on. */
static void out_stairwells(const struct ctx *c, const int *map, struct gp_output *out)
{
	const struct gp_input *in = c->in;

	/* retired[] first holds, per input grid, 1 + the output grid going on. */
	for (size_t i = 0; i < in->ngrids; i++)
		out->retired[i] = 0;
	for (size_t i = 0; i < out->ngrids; i++)
		if (out->grids[i].old >= 0)
			out->retired[out->grids[i].old] = (int)i + 1;
	for (size_t i = 0; i < in->nstairwells; i++) {
		const struct gp_stairwell *s = &in->stairwells[i];
		int g = c->asg[i] >= 0 ? map[c->asg[i]] : -1;

		if (s->households <= 0) {
			g = -1;
			if (s->grid >= 0 && (size_t)s->grid < in->ngrids)
				g = out->retired[s->grid] - 1;
			out->grid_of[i] = g;
			continue;
		}
		out->grid_of[i] = g;
		out->households += s->households;
		if (g >= 0) {
			out->grids[g].stairwells++;
			out->grids[g].crosses |= s->compound != out->grids[g].compound;
			if (s->households > in->max)
				out->grids[g].reason = GP_BIG_STAIRWELL;
		}
		if (s->grid >= 0 && (g < 0 || out->grids[g].old != s->grid))
			out->moved += s->households;
		else if (s->grid < 0 && g >= 0)
			out->placed += s->households;
	}
	for (size_t i = 0; i < in->ngrids; i++)
		out->retired[i] = out->retired[i] == 0;
}

/* Why each output grid is out of bounds, and the lower bound on the number
 * of grids: per compound, its households / max rounded up.  TOTAL is per
 * compound. */
static int out_reasons(const struct ctx *c, const long *total, struct gp_output *out)
{
	const struct gp_input *in = c->in;
	long *grptotal = calloc(in->ncompounds + 1, sizeof *grptotal);

	if (!grptotal)
		return -1;
	for (size_t i = 0; i < in->ncompounds; i++) {
		grptotal[c->host[i]] += total[i];
		out->lower_bound += (total[i] + in->max - 1) / in->max;
	}
	for (size_t i = 0; i < out->ngrids; i++) {
		struct gp_grid_out *g = &out->grids[i];

		out->crossing += g->crosses;
		if (g->households >= in->min && g->households <= in->max)
			g->reason = g->crosses ? GP_JOINED : GP_OK;
		else if (g->households < in->min && grptotal[g->compound] < in->min)
			g->reason = GP_SMALL_COMMUNITY;
		else if (g->reason != GP_BIG_STAIRWELL || g->households < in->min)
			g->reason = GP_INDIVISIBLE;
	}
	free(grptotal);
	return 0;
}

/* Fill OUT from the working grids: grids, stairwells, reasons. */
static int finish(struct ctx *c, const long *total, struct gp_output *out)
{
	const struct gp_input *in = c->in;
	int *map = malloc((c->nw ? c->nw : 1) * sizeof *map);

	out->grids = calloc(c->nw ? c->nw : 1, sizeof *out->grids);
	out->grid_of = malloc((in->nstairwells ? in->nstairwells : 1) * sizeof *out->grid_of);
	out->retired = malloc((in->ngrids ? in->ngrids : 1) * sizeof *out->retired);
	if (!map || !out->grids || !out->grid_of || !out->retired) {
		free(map);
		return -1;
	}
	out_grids(c, out, map);
	out_stairwells(c, map, out);
	free(map);
	return out_reasons(c, total, out);
}

/* Allocate the arrays of C and SC for NS stairwells and NC compounds;
 * -1 when out of memory (ctx_free() frees what was allocated). */
static int ctx_alloc(struct ctx *c, struct scratch *sc, size_t ns, size_t nc)
{
	c->host = malloc((nc + 1) * sizeof *c->host);
	c->fresh = calloc(nc + 1, sizeof *c->fresh);
	c->next = malloc((nc + 1) * sizeof *c->next);
	c->xymode = malloc((nc + 1) * sizeof *c->xymode);
	c->grp = malloc((ns + 1) * sizeof *c->grp);
	c->hkey = malloc((ns + 1) * sizeof *c->hkey);
	c->order = malloc((ns + 1) * sizeof *c->order);
	c->pos = malloc((ns + 1) * sizeof *c->pos);
	c->asg = malloc((ns + 1) * sizeof *c->asg);
	sc->list = malloc((ns + 1) * sizeof *sc->list);
	sc->chunk = malloc((ns + 1) * sizeof *sc->chunk);
	sc->cum = malloc((ns + 2) * sizeof *sc->cum);
	sc->took = malloc((ns + 1) * sizeof *sc->took);
	if (!c->host || !c->fresh || !c->next || !c->xymode || !c->grp || !c->hkey || !c->order ||
	    !c->pos || !c->asg || !sc->list || !sc->chunk || !sc->cum || !sc->took)
		return -1;
	return 0;
}

/* Free what ctx_alloc() and the run allocated in C and SC. */
static void ctx_free(struct ctx *c, struct scratch *sc)
{
	free(c->host);
	free(c->fresh);
	free(c->next);
	free(c->xymode);
	free(c->grp);
	free(c->hkey);
	free(c->order);
	free(c->pos);
	free(c->asg);
	free(c->w);
	free(sc->list);
	free(sc->chunk);
	free(sc->cum);
	free(sc->took);
	free(sc->dist);
}

/* The grids that exist now become the first working grids, and each
 * stairwell with households goes back into its grid, unless the run
 * starts afresh or the grid lives in another group. */
static int seed(struct ctx *c)
{
	const struct gp_input *in = c->in;

	for (size_t i = 0; i < in->ngrids; i++)
		if (wgrid_new(c, in->grids[i].compound, in->grids[i].number, (int)i) < 0)
			return -1;
	for (size_t i = 0; i < in->nstairwells; i++) {
		int g = in->stairwells[i].grid;

		c->asg[i] = -1;
		if (g >= 0 && (size_t)g < in->ngrids && !in->reset &&
		    in->stairwells[i].households > 0 && c->host[in->grids[g].compound] == c->grp[i])
			assign(c, (int)i, g);
	}
	return 0;
}

/* Divide group range [GS, GE) of HOST: afresh after a reset (old numbers
 * follow the households they had) or when none of its stairwells is in a
 * grid, else as a rerun. */
static int divide_group(struct ctx *c, int host, size_t gs, size_t ge, struct scratch *sc)
{
	const struct gp_input *in = c->in;
	size_t kept = 0;

	for (size_t i = gs; i < ge; i++)
		kept += c->asg[c->order[i]] >= 0;
	if (in->reset) {
		for (size_t i = gs; i < ge; i++) {
			int s = c->order[i], g = in->stairwells[s].grid;

			if (g >= 0 && (size_t)g < in->ngrids &&
			    c->host[in->grids[g].compound] == host)
				assign(c, s, g);
		}
	}
	c->fresh[host] = in->reset || kept == 0;
	return c->fresh[host] ? fresh(c, host, gs, ge, sc) : incremental(c, host, gs, ge, sc);
}

int grid_partition(const struct gp_input *in, struct gp_output *out, struct shequ_err *e)
{
	struct ctx c = {.in = in};
	struct scratch sc = {0};
	size_t ns = in->nstairwells, nc = in->ncompounds;
	long *total = calloc(nc + 1, sizeof *total);
	int rc = EX_SOFTWARE;

	memset(out, 0, sizeof *out);
	if (in->min < 1 || in->max < in->min) {
		free(total);
		return shequ_err_set(e, EX_USAGE, "bad bounds %d..%d: need 1 <= min <= max",
				     in->min, in->max);
	}
	if (!total || ctx_alloc(&c, &sc, ns, nc))
		goto out;
	for (size_t i = 0; i < nc; i++)
		c.next[i] = in->compounds[i].next_number > 0 ? in->compounds[i].next_number : 1;
	for (size_t i = 0; i < ns; i++)
		if (in->stairwells[i].households > 0)
			total[in->stairwells[i].compound] += in->stairwells[i].households;
	if (find_hosts(&c, total) || join_groups(&c, total) || make_order(&c) || seed(&c))
		goto out;
	for (size_t gs = 0, ge; gs < c.norder; gs = ge) {
		int host = c.grp[c.order[gs]];

		for (ge = gs; ge < c.norder && c.grp[c.order[ge]] == host; ge++)
			;
		if (divide_group(&c, host, gs, ge, &sc))
			goto out;
	}
	if (cross_lines(&c, &sc))
		goto out;
	if (finish(&c, total, out))
		goto out;
	rc = 0;
out:
	if (rc) {
		grid_partition_free(out);
		shequ_err_set(e, rc, "out of memory dividing %zu stairwells into grids", ns);
	}
	free(total);
	ctx_free(&c, &sc);
	return rc;
}

void grid_partition_free(struct gp_output *out)
{
	if (!out)
		return;
	free(out->grids);
	free(out->grid_of);
	free(out->retired);
	memset(out, 0, sizeof *out);
}
