/*
 * reach_report.h - the reports of shequ-reach, as CSV on a stream.
 *
 * Every row begins with the period: the report's day (ages are taken on
 * it), as the tally's reports begin with theirs.  Every report covers the
 * kind V->kind, or (V->kind -1) every kind with at least one facility in
 * the register, in the order of the catalogue.
 * Minutes are walking minutes (straight line x detour / speed), one
 * decimal; a building without coordinates, or a kind without a facility,
 * has no minutes and is outside.  Each returns 0 or EX_IOERR with E
 * filled.
 */
#ifndef SHEQU_REACH_REPORT_H
#define SHEQU_REACH_REPORT_H
#include <stdio.h>

#include "reach/reach.h"

/* What a report looks at. */
struct reach_view {
	const struct reach_world *w;
	const struct reach_catalogue *c;
	const struct reach_params *p;
	const struct reach_result *r;
	int kind; /* a catalogue index, or -1 */
};

/* 1 when V reports on kind K. */
int reach_view_has(const struct reach_view *v, size_t k);

/* code,name,minutes,serves: the catalogue. */
int reach_report_kinds(const struct reach_catalogue *c, FILE *out, struct shequ_err *e);

/* period,compound,building,grid,households,residents,kind,facility,metres,
 * minutes,tier,inside: per building with residents and kind, the nearest facility;
 * metres is the walking length. */
int reach_report_buildings(const struct reach_view *v, FILE *out, struct shequ_err *e);

/* period,kind,grid,group,inside,counted,percent: per kind, per grid (grid codes in
 * order, then "" for people in no grid) and then the community (grid
 * "all"), per group of reach_group_names. */
int reach_report_coverage(const struct reach_view *v, FILE *out, struct shequ_err *e);

/* period,kind,serves,compound,building,grid,minutes,tier,affected,
 * households,residents,age60,age80,alone,under3,age3_6: the buildings
 * outside each kind's tier, most people of the kind's group (affected)
 * first. */
int reach_report_gaps(const struct reach_view *v, FILE *out, struct shequ_err *e);

/* period,kind,rank,compound,building,grid,gained,building_count,
 * households: the TOP buildings where a new facility would bring the most
 * people of the kind's group, now outside, inside its tier (gained, in
 * building_count buildings). */
int reach_report_site(const struct reach_view *v, int top, FILE *out, struct shequ_err *e);

/* period,kind,facility,capacity,building_count,households,residents,
 * catchment_people,catchment_inside,load_percent: each facility's
 * catchment (the buildings it is the nearest of its kind to) against its
 * capacity; catchment_people counts the kind's group there,
 * catchment_inside those of them inside the tier; load_percent is
 * catchment_people / capacity, empty when the capacity is unknown. */
int reach_report_load(const struct reach_view *v, FILE *out, struct shequ_err *e);

#endif
