/* reach_geo.c - distances and a grid of cells; see reach_geo.h. */
#include <math.h>
#include <stdlib.h>

#include "reach/reach_geo.h"

/* Projection error allowed for in the index (the local plane is within a
 * few parts in ten thousand of the sphere at a community's scale). */
#define REACH_SLACK 0.99

struct reach_index {
	int lonlat;
	double lon0, lat0, coslat;
	const double *xs, *ys; /* the caller's coordinates, for exact distances */
	double minx, miny, cell;
	long nx, ny;
	size_t *start; /* nx * ny + 1 offsets into idx, cell by cell */
	size_t *idx;   /* point indexes sorted by cell */
};

static double rad(double d)
{
	return d * (M_PI / 180.0);
}

double reach_distance(int lonlat, double x1, double y1, double x2, double y2)
{
	double a, dlat, dlon;

	/* The square root of the sum of squares, as the SQL a user would
	 * write gives it; hypot's care for overflow costs a city's every
	 * pair and no street is 1e154 metres long. */
	if (!lonlat)
		return sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
	dlat = rad(y2 - y1);
	dlon = rad(x2 - x1);
	a = sin(dlat / 2) * sin(dlat / 2) +
	    cos(rad(y1)) * cos(rad(y2)) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * REACH_EARTH_RADIUS * asin(fmin(1.0, sqrt(a)));
}

/* Point (X, Y) on the index's plane, in metres. */
static void project(const struct reach_index *ix, double x, double y, double *px, double *py)
{
	if (!ix->lonlat) {
		*px = x;
		*py = y;
		return;
	}
	*px = REACH_EARTH_RADIUS * rad(x - ix->lon0) * ix->coslat;
	*py = REACH_EARTH_RADIUS * rad(y - ix->lat0);
}

/* The cell size and extent: about two points a cell, cells at least 25 m. */
static void size_grid(struct reach_index *ix, const double *px, const double *py, size_t n)
{
	double maxx = px[0], maxy = py[0], w, h;
	size_t i;

	ix->minx = px[0];
	ix->miny = py[0];
	for (i = 1; i < n; i++) {
		ix->minx = fmin(ix->minx, px[i]);
		ix->miny = fmin(ix->miny, py[i]);
		maxx = fmax(maxx, px[i]);
		maxy = fmax(maxy, py[i]);
	}
	w = maxx - ix->minx;
	h = maxy - ix->miny;
	ix->cell = fmax(25.0, sqrt(fmax(w * h, 1.0) * 2.0 / (double)n));
	for (;;) {
		ix->nx = (long)(w / ix->cell) + 1;
		ix->ny = (long)(h / ix->cell) + 1;
		if ((double)ix->nx * (double)ix->ny <= 4.0 * (double)n + 64)
			break;
		ix->cell *= 1.5;
	}
}

/* The cell of projected point (PX, PY), unclipped. */
static void cell_of(const struct reach_index *ix, double px, double py, long *cx, long *cy)
{
	*cx = (long)floor((px - ix->minx) / ix->cell);
	*cy = (long)floor((py - ix->miny) / ix->cell);
}

/* Sort the points into their cells (a counting sort). */
static int fill_cells(struct reach_index *ix, const double *px, const double *py, size_t n)
{
	size_t ncell = (size_t)ix->nx * (size_t)ix->ny, i, *pos;
	long cx, cy;

	ix->start = calloc(ncell + 1, sizeof *ix->start);
	ix->idx = malloc(n * sizeof *ix->idx);
	pos = malloc(n * sizeof *pos);
	if (!ix->start || !ix->idx || !pos) {
		free(pos);
		return -1;
	}
	for (i = 0; i < n; i++) {
		cell_of(ix, px[i], py[i], &cx, &cy);
		pos[i] = (size_t)cy * (size_t)ix->nx + (size_t)cx;
		ix->start[pos[i] + 1]++;
	}
	for (i = 0; i < ncell; i++)
		ix->start[i + 1] += ix->start[i];
	for (i = 0; i < n; i++)
		ix->idx[ix->start[pos[i]]++] = i;
	for (i = ncell; i > 0; i--)
		ix->start[i] = ix->start[i - 1];
	ix->start[0] = 0;
	free(pos);
	return 0;
}

struct reach_index *reach_index_new(int lonlat, const double *xs, const double *ys, size_t n,
				    double lon0, double lat0)
{
	struct reach_index *ix;
	double *px, *py;
	size_t i;

	if (!n || !(ix = calloc(1, sizeof *ix)))
		return NULL;
	*ix =
	    (struct reach_index){.lonlat = lonlat, .lon0 = lon0, .lat0 = lat0, .xs = xs, .ys = ys};
	ix->coslat = cos(rad(lat0));
	px = malloc(n * sizeof *px);
	py = malloc(n * sizeof *py);
	for (i = 0; px && py && i < n; i++)
		project(ix, xs[i], ys[i], &px[i], &py[i]);
	if (px && py)
		size_grid(ix, px, py, n);
	if (!px || !py || fill_cells(ix, px, py, n)) {
		free(px);
		free(py);
		reach_index_free(ix);
		return NULL;
	}
	free(px);
	free(py);
	return ix;
}

void reach_index_free(struct reach_index *ix)
{
	if (!ix)
		return;
	free(ix->start);
	free(ix->idx);
	free(ix);
}

/* Look at the points of cell (I, J) for one nearer than *BEST. */
static void scan_cell(const struct reach_index *ix, long i, long j, double x, double y, long *best,
		      double *bestd)
{
	size_t c, k;

	if (i < 0 || j < 0 || i >= ix->nx || j >= ix->ny)
		return;
	c = (size_t)j * (size_t)ix->nx + (size_t)i;
	for (k = ix->start[c]; k < ix->start[c + 1]; k++) {
		size_t p = ix->idx[k];
		double d = reach_distance(ix->lonlat, x, y, ix->xs[p], ix->ys[p]);

		if (d < *bestd || (d == *bestd && (long)p < *best)) {
			*bestd = d;
			*best = (long)p;
		}
	}
}

/* The furthest ring around (CX, CY) that still touches the grid. */
static long last_ring(const struct reach_index *ix, long cx, long cy)
{
	long r = labs(cx);

	if (labs(ix->nx - 1 - cx) > r)
		r = labs(ix->nx - 1 - cx);
	if (labs(cy) > r)
		r = labs(cy);
	if (labs(ix->ny - 1 - cy) > r)
		r = labs(ix->ny - 1 - cy);
	return r;
}

long reach_index_nearest(const struct reach_index *ix, double x, double y, double *metres)
{
	double px, py, bestd = INFINITY;
	long cx, cy, r, i, j, best = -1, last;

	if (!ix)
		return -1;
	project(ix, x, y, &px, &py);
	cell_of(ix, px, py, &cx, &cy);
	last = last_ring(ix, cx, cy);
	for (r = 0; r <= last; r++) {
		/* Every cell of ring r is at least (r - 1) cells away. */
		if (best >= 0 && bestd * REACH_SLACK <= (double)(r - 1) * ix->cell)
			break;
		for (j = cy - r; j <= cy + r; j++) {
			long step = (j == cy - r || j == cy + r) ? 1 : 2 * r;

			for (i = cx - r; i <= cx + r; i += step ? step : 1)
				scan_cell(ix, i, j, x, y, &best, &bestd);
		}
	}
	*metres = bestd;
	return best;
}

void reach_index_within(const struct reach_index *ix, double x, double y, double radius,
			void (*fn)(void *ctx, size_t i, double metres), void *ctx)
{
	double px, py;
	long cx, cy, i, j, r;
	size_t c, k;

	if (!ix)
		return;
	project(ix, x, y, &px, &py);
	cell_of(ix, px, py, &cx, &cy);
	r = (long)ceil(radius / REACH_SLACK / ix->cell);
	for (j = cy - r > 0 ? cy - r : 0; j <= cy + r && j < ix->ny; j++)
		for (i = cx - r > 0 ? cx - r : 0; i <= cx + r && i < ix->nx; i++) {
			c = (size_t)j * (size_t)ix->nx + (size_t)i;
			for (k = ix->start[c]; k < ix->start[c + 1]; k++) {
				size_t p = ix->idx[k];
				double d = reach_distance(ix->lonlat, x, y, ix->xs[p], ix->ys[p]);

				if (d <= radius)
					fn(ctx, p, d);
			}
		}
}
