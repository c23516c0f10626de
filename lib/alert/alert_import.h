/*
 * alert_import.h - the device register, meter readings and device events
 * from CSV, all or nothing.
 *
 * Three shapes, told apart by the header (aliases in alert/headers.csv,
 * Chinese or English, any order):
 *  - devices: 设备编号, 设备类型 (needed), where it is (小区, 楼号, 单元,
 *    房号: a dwelling, or 小区 and 楼号: a building; or x and y), whom it
 *    watches over (被看护人身份证号: a current resident of the roster, needed
 *    for kinds that watch), the family contact (紧急联系人, 紧急联系电话),
 *    安装日期, 拆除日期.  A later file updates a device; a column the file
 *    lacks leaves the stored value alone.
 *  - readings: 设备编号, 时间, 读数 (cumulative; m³ unless 单位 says L), 重置
 *    (a reset marker: 1, yes or 是).
 *  - events: 设备编号, 时间, 事件, 值 (a tilt: 0 to 180 degrees), 持续秒数.
 *
 * Refused, each row as FILE:LINE: column: reason through O->report, and
 * then nothing of the file is kept (EX_DATAERR): an unknown device or
 * kind, a time after NOW, a reading that goes backwards without a reset
 * marker (checked against the stored readings too, so a late reading must
 * fit between its neighbours), the same moment again with another value,
 * a device given to two people in one file, a watched person who is not a
 * current resident, a tilt outside 0 to 180 degrees, an event the kind
 * does not send.  The same file again changes nothing.
 */
#ifndef SHEQU_ALERT_IMPORT_H
#define SHEQU_ALERT_IMPORT_H

#include <sqlite3.h>

#include "alert/alert_conf.h"
#include "base/error.h"

typedef void (*alert_report_fn)(void *ctx, const char *file, long line, const char *column,
				const char *reason);

struct alert_import_opts {
	const char *encoding; /* as csvin_opts.encoding */
	char delim;	      /* 0 means ',' */
	long long now;	      /* no time may be later (local seconds) */
	int dry_run;	      /* check and report, keep nothing */
	alert_report_fn report;
	void *ctx;
};

struct alert_import_stats {
	const char *shape; /* "devices", "readings" or "events" */
	long rows;	   /* data rows read */
	long added;	   /* devices, readings or events new */
	long changed;	   /* devices changed */
	long unchanged;	   /* rows that changed nothing */
	long rejected;
	int committed;
};

/* Import PATH ("-": standard input) into DB. */
int alert_import_file(sqlite3 *db, const struct alert_conf *c, const char *path,
		      const struct alert_import_opts *o, struct alert_import_stats *st,
		      struct shequ_err *e);

#endif
