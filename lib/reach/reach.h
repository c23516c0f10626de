/*
 * reach.h - shequ-reach: the 15-minute life circle, the catalogue of
 * facility kinds, and the community as the reach reports see it.
 *
 * The catalogue (share/reach/kinds.csv) gives every kind of facility its
 * walking-time tier in minutes and the group of people it mainly serves.
 * reach_world_load() reads the buildings (with their coordinates), the
 * people counted per building and grid by group (ages from the ID numbers
 * on the report date) and the facility register.  reach_compute() finds
 * for every building the nearest facility of every kind through a grid of
 * cells (reach_geo.h), never all pairs.
 *
 * Ownership: the load and compute functions fill caller-owned structs
 * whose memory the matching _free() releases.  Nothing here prints.
 */
#ifndef SHEQU_REACH_H
#define SHEQU_REACH_H
#include <sqlite3.h>
#include <stddef.h>

#include "base/error.h"

/* The groups of people coverage is counted for. */
enum reach_group {
	RG_HOUSEHOLDS, /* dwellings with a current resident */
	RG_RESIDENTS,
	RG_AGE60,  /* 60 or older on the report date */
	RG_AGE80,  /* 80 or older */
	RG_ALONE,  /* tagged 独居 */
	RG_UNDER3, /* younger than 3 */
	RG_AGE3_6, /* aged 3, 4, 5 or 6 */
	RG_N
};

/* "households", "residents", "age60", "age80", "alone", "under3",
 * "age3_6", in the order of enum reach_group. */
extern const char *const reach_group_names[RG_N];

/* One kind of facility of the catalogue. */
struct reach_kind {
	char *code;	/* kindergarten */
	char *name;	/* 幼儿园 */
	char *match[2]; /* code and name made comparable (csv_header_norm) */
	int minutes;	/* the walking-time tier */
	int serves;	/* the group it mainly serves (RG_RESIDENTS for everyone) */
};

struct reach_catalogue {
	struct reach_kind *kind;
	size_t n;
};

/* Load share/reach/kinds.csv; EX_CONFIG with "kinds.csv:LINE: reason" when
 * it is bad.  Free with reach_catalogue_free (also after a failure). */
int reach_catalogue_load(struct reach_catalogue *c, struct shequ_err *e);
void reach_catalogue_free(struct reach_catalogue *c);

/* The index of the kind S names (its code or its name, quotes, spaces and
 * full-width forms aside), or -1. */
int reach_kind_find(const struct reach_catalogue *c, const char *s);

/* How walking is reckoned and on which day ages are taken. */
struct reach_params {
	double detour; /* walking length over the straight line: 1.2 */
	double speed;  /* metres a minute: 70 */
	int year, month, day;
};

#define REACH_DETOUR 1.2
#define REACH_SPEED 70.0

/* Minutes on foot for a straight-line distance of METRES. */
double reach_minutes(const struct reach_params *p, double metres);
/* The straight-line distance that a tier of MINUTES reaches. */
double reach_tier_metres(const struct reach_params *p, int minutes);

/* The people of one building in one grid, counted by group. */
struct reach_part {
	size_t building; /* index into reach_world.b */
	char grid[32];	 /* grid code, "" when the stairwell is in none */
	long cnt[RG_N];
};

struct reach_building {
	long id;
	char *compound, *name;
	double x, y;
	int has_xy;
	char grid[64]; /* the grid codes of its parts, joined by '/' */
	long cnt[RG_N];
};

struct reach_facility {
	long id;
	char *name;
	int kind; /* index into the catalogue */
	double x, y;
	long capacity; /* -1 when unknown */
};

struct reach_world {
	struct reach_building *b;
	size_t nb;
	struct reach_part *p;
	size_t np;
	struct reach_facility *f;
	size_t nf;
	int lonlat; /* 1: every coordinate is WGS-84 longitude and latitude */
	long no_xy; /* buildings with residents but no coordinates */
};

/* Load the community from DB (see above), ages on P's date. */
int reach_world_load(sqlite3 *db, const struct reach_catalogue *c, const struct reach_params *p,
		     struct reach_world *w, struct shequ_err *e);
void reach_world_free(struct reach_world *w);

/* For every building and kind: the nearest facility (index into
 * reach_world.f, -1 when there is none or the building has no
 * coordinates) and the straight-line distance to it in metres. */
struct reach_result {
	size_t nk;
	long *near;	/* nb * nk, building-major */
	double *metres; /* nb * nk */
	size_t *nfac;	/* facilities of each kind */
};

int reach_compute(const struct reach_world *w, size_t nkinds, struct reach_result *r,
		  struct shequ_err *e);
void reach_result_free(struct reach_result *r);

/* 1 when building B is inside the tier of kind K. */
int reach_inside(const struct reach_world *w, const struct reach_catalogue *c,
		 const struct reach_params *p, const struct reach_result *r, size_t b, size_t k);

#endif
