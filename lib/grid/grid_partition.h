/*
 * grid_partition.h - divide a community's stairwells into grids of
 * MIN..MAX households (网格划分), keeping an earlier division where it is
 * still within bounds.
 *
 * Pure: no SQL, no I/O.  The caller describes compounds, the grids that
 * exist now and every stairwell (with its household count and current
 * grid); grid_partition() returns which grid each stairwell belongs to.
 *
 * Rules, in the order they win:
 *  - a stairwell is never split; a grid holds stairwells of one compound,
 *    except that a compound with fewer than MIN households joins the grids
 *    of its nearest neighbour (by building coordinates, else by order), and
 *    that a compound whose households cannot be divided within the bounds
 *    on its own gives its remainder to one of the nearest grids of another
 *    compound that has room for it (such a grid's reason is GP_JOINED);
 *  - fresh division (first run or reset): the fewest grids within the
 *    bounds whenever whole stairwells allow it (a subset sum over
 *    households where no cut line will do, an exhaustive search for small
 *    compounds), balanced, cut along building lines where the bounds allow
 *    and along unit lines only where they must, in spatial order (a Hilbert
 *    curve over building coordinates when every building of the compound
 *    has them, building numbers otherwise);
 *  - rerun: every stairwell keeps its grid, also across a compound line;
 *    new stairwells join the nearest grid with room, whole buildings at a
 *    time, or form new grids; when they are too few for a grid of their own
 *    and the compound needs one grid more, the new grid takes the fewest
 *    edge stairwells of its neighbours (the fullest first, none left below
 *    MIN); a grid fallen below MIN takes edge stairwells of its neighbours
 *    or gives its own to neighbours with room, whichever moves fewer
 *    households; only when these fail are grids out of bounds split or
 *    merged, and the part holding most of a grid's households keeps its
 *    number;
 *  - where the bounds cannot be met the plan closest to them is used and the
 *    grid carries a reason.
 * Grid numbers count per compound from 1 in spatial order; a new grid takes
 * the next free number of the compound holding most of its households
 * (numbers are never reused).
 *
 * Memory: grid_partition() fills OUT with arrays it allocates;
 * grid_partition_free() frees them.  Input strings are borrowed for the
 * duration of the call only.
 */
#ifndef SHEQU_GRID_PARTITION_H
#define SHEQU_GRID_PARTITION_H

#include <stddef.h>

#include "base/error.h"

/* A compound, in the caller's order (used as "nearness" without coordinates). */
struct gp_compound {
	int next_number; /* the first grid number never used in this compound (>= 1) */
};

/* A grid that exists before the run. */
struct gp_grid_in {
	int compound; /* index into the compounds */
	int number;   /* its number inside the compound (XFL-02: 2) */
};

/* A stairwell (building + unit). */
struct gp_stairwell {
	int compound;	      /* index into the compounds */
	const char *building; /* building name ('3', '12A'), for order without coordinates */
	const char *unit;     /* unit name ('1') */
	double x, y;	      /* building coordinates in metres, when has_xy */
	int has_xy;
	int households; /* current households (0: empty, left out of grids) */
	int grid;	/* index into grids_in, or -1 when in none */
};

/* What to divide. */
struct gp_input {
	const struct gp_compound *compounds;
	size_t ncompounds;
	const struct gp_grid_in *grids;
	size_t ngrids;
	const struct gp_stairwell *stairwells;
	size_t nstairwells;
	int min, max; /* bounds, 1 <= min <= max */
	int reset;    /* 1: divide afresh (numbers still follow the old grids by overlap) */
};

/* Why a grid is out of bounds. */
enum gp_reason {
	GP_OK = 0,
	GP_SMALL_COMMUNITY, /* all its compounds together have fewer than min households */
	GP_BIG_STAIRWELL,   /* it holds one stairwell larger than max */
	GP_INDIVISIBLE,	    /* the compound's households cannot be divided within bounds */
	GP_JOINED,	    /* within bounds, across a compound line: a compound that cannot be
			       divided within the bounds on its own gives it households */
};

/* A grid after the run. */
struct gp_grid_out {
	int compound; /* the compound it is numbered in */
	int number;   /* unique in the compound */
	int old;      /* index of the grid in the input it continues, or -1 when new */
	long households;
	long stairwells;
	enum gp_reason reason; /* GP_OK or GP_JOINED when min <= households <= max */
	int crosses;	       /* 1 when it holds stairwells of another compound */
};

/* The result; free with grid_partition_free(). */
struct gp_output {
	struct gp_grid_out *grids; /* ordered by compound, then number */
	size_t ngrids;
	int *grid_of;	  /* per input stairwell: index into grids, or -1 */
	int *retired;	  /* per input grid: 1 when it does not go on */
	long households;  /* all current households */
	long moved;	  /* households that were in a grid and are now in another */
	long placed;	  /* households that were in no grid and now are */
	long crossing;	  /* grids that hold stairwells of more than one compound */
	long lower_bound; /* the fewest grids possible: per compound, households / max
			     rounded up, summed */
};

/* Divide IN into OUT.  Returns 0, EX_USAGE for bad bounds, or EX_SOFTWARE
 * when out of memory (OUT is then empty). */
int grid_partition(const struct gp_input *in, struct gp_output *out, struct shequ_err *e);

/* Free what grid_partition() put in OUT (OUT itself is the caller's). */
void grid_partition_free(struct gp_output *out);

/* A short English reason for R ("" for GP_OK); static, do not free. */
const char *grid_reason_text(enum gp_reason r);

#endif
