/*
 * alert_report.h - what people read of the alerts, and the one thing they
 * tell the tool about a person: that they are away.
 *
 * alert_list writes CSV, one row per alert in the order raised: alert,
 * order, raised, since, rule, severity, device, kind, place, grid, person
 * (masked), contact (the family contact's phone, masked), detail, told
 * (the rung told last), status (open, cleared or closed), cleared, closed,
 * real (1, 0, or empty while open), finding.
 *
 * alert_list_period writes the same columns for the alerts raised in a
 * period, by grid and in the order raised, as they stood at the period's
 * end (a clearing or a close after it is not seen yet).
 *
 * alert_stats writes CSV, one row per rule or grid (in its order) of the
 * alerts raised in a period: period, rule or grid, alerts, real, false,
 * open (not closed yet), and the median minutes from raising the alert to
 * the first contact (its order accepted) and to someone on site (the
 * median of an even count is the mean of the middle two; empty when no
 * alert got there).
 */
#ifndef SHEQU_ALERT_REPORT_H
#define SHEQU_ALERT_REPORT_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"

/* Person ID_NUMBER (a current resident) is away from day FIRST to LAST.
 * EX_DATAERR when they are not a current resident. */
int alert_away(sqlite3 *db, const char *id_number, int first, int last, const char *actor,
	       struct shequ_err *e);

/* Every alert, or only those not closed (OPEN_ONLY). */
int alert_list(sqlite3 *db, int open_only, FILE *out, struct shequ_err *e);

/* The alerts raised in period P. */
int alert_list_period(sqlite3 *db, const struct period *p, FILE *out, struct shequ_err *e);

/* The figures of period P by rule, or by grid (BY_GRID). */
int alert_stats(sqlite3 *db, const struct period *p, int by_grid, FILE *out, struct shequ_err *e);

#endif
