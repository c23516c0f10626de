/*
 * reach_net.h - an optional walking network: true path lengths to the
 * nearest facility of each kind instead of the straight line times a
 * detour.
 *
 * Nodes are a CSV "id,x,y" (or "id,lon,lat", in the coordinates of the
 * buildings); edges a CSV "from,to,length", walked both ways, the length
 * in metres (empty: the straight line between the two nodes).  Buildings
 * and facilities snap to their nearest node, and the snap is walked too.
 * A bad row (an edge to an unknown node, a negative length, a node listed
 * twice, a bad number) is reported through REPORT and the network is
 * refused (EX_DATAERR).
 */
#ifndef SHEQU_REACH_NET_H
#define SHEQU_REACH_NET_H
#include "reach/reach.h"
#include "reach/reach_import.h"

struct reach_net;

/* Read NODES and EDGES (coordinates as the buildings: LONLAT) into *OUT.
 * 0; EX_DATAERR after bad rows, each reported; another EX_* with E filled. */
int reach_net_load(const char *nodes, const char *edges, int lonlat, reach_report_fn *report,
		   struct reach_net **out, struct shequ_err *e);
void reach_net_free(struct reach_net *n);

/* Like reach_compute(), with path lengths along N (metres stores the
 * whole walk).  A building with no path to any facility of a kind that has
 * facilities keeps near -1; *UNREACHABLE gets, per kind, how many
 * buildings with residents are so cut off (NKINDS longs). */
int reach_net_compute(const struct reach_net *n, const struct reach_world *w, size_t nkinds,
		      struct reach_result *r, long *unreachable, struct shequ_err *e);

#endif
