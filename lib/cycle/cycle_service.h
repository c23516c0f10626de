/*
 * cycle_service.h - the service side of the cycle's workbooks: the orders
 * of shequ-request and the alerts of shequ-alert, as sheets after the
 * report's own.
 *
 *	day    超时工单   the orders that ended a stage late that day, and those
 *	                  open and past due at its end (request_late(); the
 *	                  requester and the phone masked)
 *	       预警处置   the alerts raised that day, by grid, with their
 *	                  handling as it stood at the day's end
 *	                  (alert_list_period(); the person and contact masked)
 *	week   网格工单   each grid's SLA figures (request_sla_at_end() by grid)
 *	       处理人工单 each assignee's (by assignee)
 *	       网格预警   the alerts per grid: real, false, minutes to the
 *	                  first contact and on site (alert_stats() by grid)
 *	month  场景排名   scenarios and categories ranked (request_sla_at_end()
 *	       处理人排名 by scenario, by assignee): best first, a group with
 *	                  fewer orders than request.conf's min_orders unranked
 *	                  at the end
 *
 * The order sheets come only when the database holds an order, the alert
 * sheets only when it holds an alert: a community without either gets
 * the workbooks it got before.  The orders are read as they stood at
 * the period's end (events after it left out).  Every sheet has Chinese
 * column headers and Chinese words for the CSV API's values (status open
 * is 处理中); the period column is kept so the workbook hides it and
 * titles the sheet with the period in words.
 *
 * Memory: nothing stays allocated between calls.
 */
#ifndef SHEQU_CYCLE_SERVICE_H
#define SHEQU_CYCLE_SERVICE_H

#include <sqlite3.h>
#include <stdio.h>

#include "base/error.h"
#include "domain/period.h"

/* The service sheets, in the order a workbook gets them. */
enum cycle_service_sheet {
	CYCLE_SERVICE_LATE,
	CYCLE_SERVICE_ALERTS,
	CYCLE_SERVICE_GRID,
	CYCLE_SERVICE_ASSIGNEE,
	CYCLE_SERVICE_ALERT_GRID,
	CYCLE_SERVICE_SCENARIO_RANK,
	CYCLE_SERVICE_ASSIGNEE_RANK,
	CYCLE_SERVICE_SHEETS
};

/* The service sheets of the workbook of P into LIST (CYCLE_SERVICE_SHEETS
 * of room), their number into *N (0 without orders and alerts). */
int cycle_service_sheets(sqlite3 *db, const struct period *p, int *list, int *n,
			 struct shequ_err *e);

/* The file suffix of sheet S's CSV ("late"), and its sheet name (超时工单). */
const char *cycle_service_file(int s);
const char *cycle_service_name(int s);

/* Write sheet S of the workbook of P on F as CSV. */
int cycle_service_write(sqlite3 *db, int s, const struct period *p, FILE *f, struct shequ_err *e);

#endif
