/*
 * reach_geo.h - distances and a grid of cells to find what is near.
 *
 * Planar coordinates are metres east and north; longitude and latitude
 * are WGS-84 degrees, measured along the great circle (haversine, mean
 * Earth radius).  The index projects longitude and latitude onto a local
 * plane only to sort points into cells; every distance it reports is the
 * exact one.
 */
#ifndef SHEQU_REACH_GEO_H
#define SHEQU_REACH_GEO_H
#include <stddef.h>

/* Mean Earth radius in metres (IUGG). */
#define REACH_EARTH_RADIUS 6371008.8

/* The distance in metres between (X1, Y1) and (X2, Y2). */
double reach_distance(int lonlat, double x1, double y1, double x2, double y2);

/* An index over N points; opaque. */
struct reach_index;

/* Index the N points (XS[i], YS[i]); LON0, LAT0 is the centre of the
 * local plane when LONLAT.  NULL when out of memory or N is 0. */
struct reach_index *reach_index_new(int lonlat, const double *xs, const double *ys, size_t n,
				    double lon0, double lat0);
void reach_index_free(struct reach_index *ix);

/* The point nearest (X, Y), its distance in *METRES; -1 when none. */
long reach_index_nearest(const struct reach_index *ix, double x, double y, double *metres);

/* Call FN(CTX, i, metres) for every point within RADIUS metres of (X, Y). */
void reach_index_within(const struct reach_index *ix, double x, double y, double radius,
			void (*fn)(void *ctx, size_t i, double metres), void *ctx);

#endif
