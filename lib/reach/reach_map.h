/*
 * reach_map.h - one self-contained SVG map per kind of facility.
 *
 * A4 landscape (297 x 210 mm): buildings as dots whose area grows with
 * their households, coloured by walking minutes to the nearest facility of
 * the kind (green inside the tier, amber up to twice the tier, red beyond,
 * grey without a facility or coordinates); each facility as a dark square
 * with the tier's straight-line radius as a dashed circle around it; each
 * grid's code at the middle of its buildings; a title, a legend and a
 * scale bar.  North is up; longitude and latitude are drawn on a local
 * plane.  Text is in a CJK-capable font family list.
 */
#ifndef SHEQU_REACH_MAP_H
#define SHEQU_REACH_MAP_H
#include <stdio.h>

#include "reach/reach_report.h"

/* Write the map of kind K (a catalogue index) to OUT; 0 or EX_IOERR. */
int reach_map_svg(const struct reach_view *v, size_t k, FILE *out, struct shequ_err *e);

#endif
