/*
 * cycle_scorecard.h - the quarterly scorecard (季考核) with every part
 * scoring.conf weighs: the tally's inspection parts, and, when their
 * weights are above 0, the care visit rate (weight_visit, shequ-care) and
 * the service score of the orders (weight_service, shequ-request) per
 * grid.  The tally knows neither feature; this joins them for the two
 * callers, shequ-tally --report quarterly and the cycle's quarter.
 *
 *	visit_rate     of the people in a category with a visit cadence on the
 *	               quarter's last day, the share visited in every window
 *	               of their cadence ending inside the quarter
 *	               (care_visit_grid_rates);
 *	service_score  the mean of the on-time rate (stage deadlines kept, of
 *	               those that came due) and the satisfaction rate
 *	               (satisfied at the last call-back, of those with a
 *	               verdict) of the orders received in the quarter as they
 *	               stood at its end (request_sla_grids); either alone when
 *	               the other has nothing to count.
 *
 * A grid with nothing to count in a part (no one to visit, no order) has
 * that part left out of its total, weight and all (scoring_conf_total).
 * Errors: those of the report, the care and request catalogues (EX_CONFIG)
 * and the database.
 */
#ifndef SHEQU_CYCLE_SCORECARD_H
#define SHEQU_CYCLE_SCORECARD_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"

/* Write the quarterly report of quarter P as CSV on OUT. */
int cycle_scorecard_write(sqlite3 *db, const struct period *p, FILE *out, struct shequ_err *e);

#endif
