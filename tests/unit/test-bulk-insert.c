/* test-bulk-insert.c - lib/db/bulk_insert.c on a real SQLite database in memory. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "db/bulk_insert.h"
#include "tap.h"

/* The single integer or text QUERY gives, as text ("" for none). */
static const char *one(sqlite3 *db, const char *query)
{
	static char buf[4096];
	sqlite3_stmt *st;

	buf[0] = 0;
	if (sqlite3_prepare_v2(db, query, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return buf;
}

int main(void)
{
	struct bulk_insert b;
	struct shequ_err e = {0};
	sqlite3 *db;
	char text[64];
	int i, rc = 0;

	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, k INTEGER)",
		     NULL, NULL, NULL);
	is_int(bulk_insert_open(&b, db, "t", "INSERT INTO t (n, s, k) VALUES ", "(?, ?, 7)", 2, &e),
	       0, "open");
	for (i = 1; i <= 70 && !rc; i++) {
		snprintf(text, sizeof text, "row %d", i);
		bulk_insert_int(&b, i);
		rc = bulk_insert_text(&b, i % 10 ? text : NULL, &e);
		if (!rc)
			rc = bulk_insert_row(&b, i, &e);
		if (i == 31)
			is_str(one(db, "SELECT count(*) FROM t"), "0", "31 rows wait in the queue");
		if (i == 32)
			is_str(one(db, "SELECT count(*) FROM t"), "32", "the 32nd sends them in");
	}
	is_int(rc, 0, "70 rows queued");
	is_str(one(db, "SELECT count(*) FROM t"), "64", "two full statements went in");
	is_int(bulk_insert_flush(&b, &e), 0, "flush");
	is_str(one(db, "SELECT count(*) || ' ' || sum(n) || ' ' || min(k) || ' ' || max(k) FROM t"),
	       "70 2485 7 7", "then all 70, with the constant of the row");
	is_str(
	    one(db, "SELECT group_concat(coalesce(s, 'NULL'), ',') FROM t WHERE id IN (9, 10, 70)"),
	    "row 9,NULL,NULL", "texts and NULLs in their places");
	is_str(one(db, "SELECT count(*) FROM t WHERE id != n"), "0", "each row the rowid foretold");
	is_int(bulk_insert_flush(&b, &e), 0, "flushing an empty queue does nothing");

	/* A wrong guess of the rowid is caught at the insert. */
	bulk_insert_int(&b, 71);
	bulk_insert_text(&b, "x", &e);
	bulk_insert_row(&b, 99, &e);
	is_int(bulk_insert_flush(&b, &e), EX_SOFTWARE, "a rowid not as foretold is an error");
	is_str(e.msg, "t: row 99 went in as 71", "that says so");

	/* An error of the database comes back with the table's name. */
	sqlite3_exec(db, "CREATE UNIQUE INDEX tn ON t (n)", NULL, NULL, NULL);
	bulk_insert_int(&b, 1);
	bulk_insert_text(&b, "again", &e);
	bulk_insert_row(&b, 0, &e);
	ok(bulk_insert_flush(&b, &e) != 0, "a constraint broken fails the flush");
	ok(strstr(e.msg, "t") == e.msg, "with the table first: %s", e.msg);
	bulk_insert_close(&b);
	sqlite3_close(db);
	return tap_done();
}
