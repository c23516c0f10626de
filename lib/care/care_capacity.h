/*
 * care_capacity.h - what the places can hold against the norms
 * (share/care/norms.csv): childcare places per 1,000 residents, elderly-
 * service floor area per 100 households, from the facility register of
 * shequ-reach (reach_facility: capacity, area), for the community and for
 * every grid, pass or fail.
 *
 * A facility counts in the grid of the building nearest to it (buildings
 * with coordinates, in the register's own coordinates); a facility whose
 * capacity or area the register does not give counts as 0 and is counted
 * in the column unknown.
 *
 * Errors: db_fail()'s, EX_IOERR when OUT fails, EX_SOFTWARE.
 */
#ifndef SHEQU_CARE_CAPACITY_H
#define SHEQU_CARE_CAPACITY_H

#include <sqlite3.h>
#include <stdio.h>

#include "care/care_conf.h"

/* CSV on OUT: scope (community or a grid code), norm, name, base,
 * base_count, minimum, per, required, actual, unknown, pass (yes or no);
 * the community first, then the grids in code order. */
int care_capacity_report(sqlite3 *db, const struct care_conf *c, FILE *out, struct shequ_err *e);

#endif
