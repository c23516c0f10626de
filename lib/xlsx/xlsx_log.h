/*
 * xlsx_log.h - the export_log table (share/migrations/004-export.sql):
 * one row for every workbook written with personal data in clear.
 *
 * The row says when (UTC), who (actor_name()), which file (absolute path
 * when it can be resolved), which kind and why.  It is written in its own
 * transaction.
 */
#ifndef SHEQU_XLSX_LOG_H
#define SHEQU_XLSX_LOG_H

#include <sqlite3.h>

#include "base/error.h"
#include "xlsx/xlsx_kinds.h"

/*
 * Record in DB that FILE (the workbook just written) of kind KIND holds
 * personal data in clear for REASON.  Returns 0, or the database's error
 * code (EX_TEMPFAIL when busy, EX_CANTCREAT when it cannot be written...)
 * with E filled.
 */
int xlsx_log_unmasked(sqlite3 *db, const char *file, enum xlsx_kind kind, const char *reason,
		      struct shequ_err *e);

#endif
