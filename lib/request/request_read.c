/* request_read.c - orders with their logs from a query; see request_read.h. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "request/request_read.h"
#include "request/request_time.h"

/* The order being gathered. */
struct gather {
	struct request_read_order o;
	char *text[REQUEST_READ_TEXTS]; /* copies of the texts */
	size_t cap;			/* events allocated */
};

/* Start order ID from row ST: copy its NTEXT texts. */
static int gather_start(struct gather *g, sqlite3_stmt *st, int ntext)
{
	int i;

	g->o.id = sqlite3_column_int64(st, 0);
	g->o.n = 0;
	for (i = 0; i < ntext; i++) {
		const char *t = (const char *)sqlite3_column_text(st, i + 1);

		free(g->text[i]);
		if (!(g->text[i] = strdup(t ? t : "")))
			return -1;
		g->o.text[i] = g->text[i];
	}
	return 0;
}

/* Add the event of row ST (columns from FIRST on). */
static int gather_event(struct gather *g, sqlite3_stmt *st, int first)
{
	struct request_event *ev;

	if (g->o.n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 16;

		if (!(ev = realloc(g->o.ev, cap * sizeof *ev)))
			return -1;
		g->o.ev = ev;
		g->cap = cap;
	}
	ev = &g->o.ev[g->o.n++];
	memset(ev, 0, sizeof *ev);
	request_time_read((const char *)sqlite3_column_text(st, first), &ev->at);
	ev->kind = request_ev_find((const char *)sqlite3_column_text(st, first + 1));
	ev->satisfied = sqlite3_column_type(st, first + 2) == SQLITE_NULL
			    ? -1
			    : sqlite3_column_int(st, first + 2);
	ev->rating = sqlite3_column_int(st, first + 3);
	return 0;
}

int request_read_orders(sqlite3 *db, sqlite3_stmt *st, int ntext, request_read_fn fn, void *ctx,
			struct shequ_err *e)
{
	struct gather g;
	int step, rc = 0, i, have = 0;

	memset(&g, 0, sizeof g);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (have && sqlite3_column_int64(st, 0) != g.o.id) {
			request_log_sort(g.o.ev, g.o.n);
			rc = fn(ctx, &g.o, e);
			have = 0;
		}
		if (!rc && !have && gather_start(&g, st, ntext))
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
		have = 1;
		if (!rc && gather_event(&g, st, ntext + 1))
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "read orders", e);
	if (!rc && have) {
		request_log_sort(g.o.ev, g.o.n);
		rc = fn(ctx, &g.o, e);
	}
	sqlite3_finalize(st);
	for (i = 0; i < REQUEST_READ_TEXTS; i++)
		free(g.text[i]);
	free(g.o.ev);
	return rc;
}
