/*
 * request_import.h - read the exports of the hotline and the 12345
 * platform into orders and their event logs.
 *
 * Two shapes, told apart by the header (aliases in request/headers.csv,
 * Chinese or English, any order):
 *  - one row per order: 工单编号, 来源, 场景/类别, 小区, 楼号, 单元, 房号,
 *    联系人, 电话, 内容, 处理人 and a time per stage: 受理时间 (needed),
 *    派单时间, 接单时间, 到场时间, 办结时间, 回访时间 with 满意度, 评分 (at
 *    评价时间, else at 回访时间);
 *  - one row per event: 工单编号, 事件, 时间 (needed), 操作人, 备注, 满意度,
 *    评分, and on the 受理 row of a new order its 场景/类别 and the other
 *    order columns.  An event needs its order: in the database already or
 *    on an earlier line.
 * Times as time_parse() reads them, never after NOW.
 *
 * All or nothing: every bad row is reported (FILE:LINE: column: reason,
 * through O->report) and then nothing of the file is kept (EX_DATAERR), so
 * no order is ever half imported; the clerk mends the file and imports it
 * again.  Importing the same file again changes nothing; a later export of
 * an order updates it (its attributes, and a stage time it corrects).  An
 * order number of an earlier import that comes back with other content or
 * another receiving time: the later wins, reported through O->report but
 * not refused (the same order changed in place; received at another time,
 * a new order, the earlier set aside as NUMBER~1 with its log).  Two
 * orders under one number in one file are refused.  Once every row is
 * stored, the log of each order the file touched is checked as a whole
 * (request_log_check), so stages out of order are found whatever the
 * order of the lines.
 *
 * Ownership: everything passed in stays the caller's.
 */
#ifndef SHEQU_REQUEST_IMPORT_H
#define SHEQU_REQUEST_IMPORT_H

#include <sqlite3.h>

#include "base/error.h"
#include "request/request_catalogue.h"

/* Called for a rejected row: the file as given, its physical line, the
 * column as the header names it (NULL: the row) and the reason. */
typedef void (*request_report_fn)(void *ctx, const char *file, long line, const char *column,
				  const char *reason);

struct request_import_opts {
	const char *encoding; /* as csvin_opts.encoding */
	char delim;	      /* 0 means ',' */
	const char *source;   /* source of orders whose file has no 来源 (NULL: hotline) */
	long long now;	      /* no time may be later (local seconds) */
	int dry_run;	      /* check and report, keep nothing */
	request_report_fn report;
	void *ctx;
};

/* What an import did. */
struct request_import_stats {
	const char *shape;   /* "orders" or "events" */
	long rows;	     /* data rows read */
	long orders_new;     /* orders made */
	long orders_changed; /* orders whose attributes changed */
	long events_new;     /* events added or moved */
	long unchanged;	     /* rows that changed nothing */
	long rejected;	     /* rows rejected */
	int committed;	     /* 1 when kept */
};

/* Import PATH ("-": standard input) into DB with catalogue C. */
int request_import_file(sqlite3 *db, const struct request_catalogue *c, const char *path,
			const struct request_import_opts *o, struct request_import_stats *st,
			struct shequ_err *e);

#endif
