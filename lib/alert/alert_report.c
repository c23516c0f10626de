/* alert_report.c - the list of alerts, their figures, and people away;
 * see alert_report.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert_report.h"
#include "base/csvout.h"
#include "db/db.h"
#include "domain/mask.h"
#include "request/request_time.h"

/* The alerts with their device's place and grid. */
#define ALERT_FROM                                                                                 \
	"FROM alert a JOIN alert_device d ON d.id = a.device_id "                                  \
	"LEFT JOIN dwelling dw ON dw.id = d.dwelling_id "                                          \
	"LEFT JOIN stairwell s ON s.id = dw.stairwell_id "                                         \
	"LEFT JOIN building b ON b.id = coalesce(s.building_id, d.building_id) "                   \
	"LEFT JOIN compound c ON c.id = b.compound_id "                                            \
	"LEFT JOIN person p ON p.id = d.person_id "                                                \
	"LEFT JOIN request_order o ON o.id = a.order_id "

#define ALERT_PLACE                                                                                \
	"CASE WHEN dw.id IS NOT NULL THEN c.name || ' ' || b.name || '-' || s.unit || '-' || "     \
	"dw.room WHEN b.id IS NOT NULL THEN c.name || ' ' || b.name WHEN d.x IS NOT NULL THEN "    \
	"d.x || ',' || d.y ELSE '' END"

#define ALERT_GRID                                                                                 \
	"coalesce((SELECT min(g.code) FROM stairwell s2 JOIN grid_stairwell gs ON "                \
	"gs.stairwell_id = s2.id JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL WHERE "    \
	"s2.id = s.id OR (s.id IS NULL AND s2.building_id = b.id)), '')"

int alert_away(sqlite3 *db, const char *id_number, int first, int last, const char *actor,
	       struct shequ_err *e)
{
	char id[64], masked[MASK_SIZE], f[11], l[11], now[20];
	sqlite3_stmt *st;
	size_t i;
	int rc;

	snprintf(id, sizeof id, "%s", id_number);
	for (i = 0; id[i]; i++)
		id[i] = (char)toupper((unsigned char)id[i]);
	day_format(first, f);
	day_format(last, l);
	db_now(now);
	if ((rc = db_prepare(
		 db,
		 "INSERT INTO alert_away (person_id, first_day, last_day, actor, recorded) "
		 "SELECT id, ?2, ?3, ?4, ?5 FROM person WHERE id_number = ?1 AND "
		 "moved_out IS NULL",
		 &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, l, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "away", e);
	mask_id(id, masked, sizeof masked);
	if (!sqlite3_changes(db))
		return shequ_err_set(e, EX_DATAERR, "%s is not a current resident", masked);
	return 0;
}

/* The columns of the list, as alert_report.h names them. */
static const char *const list_cols[] = {"alert",    "order",   "raised", "since",  "rule",
					"severity", "device",  "kind",	 "place",  "grid",
					"person",   "contact", "detail", "told",   "status",
					"cleared",  "closed",  "real",	 "finding"};

static const char list_sql[] =
    "SELECT a.id, o.number, a.raised, a.since, a.rule, a.severity, d.code, d.kind, " ALERT_PLACE
    ", " ALERT_GRID ", p.name, d.contact_phone, a.detail, o.assignee, CASE WHEN a.closed IS NOT "
    "NULL THEN 'closed' WHEN a.cleared IS NOT NULL THEN 'cleared' ELSE 'open' END, a.cleared, "
    "a.closed, a.real, a.finding " ALERT_FROM "WHERE ?1 = 0 OR a.closed IS NULL ORDER BY a.id";

/* One row of the list from ST into W; the person and contact masked. */
static void list_row(sqlite3_stmt *st, struct csvout *w)
{
	char m[MASK_SIZE];
	int i;

	for (i = 0; i < (int)(sizeof list_cols / sizeof list_cols[0]); i++) {
		const char *t = (const char *)sqlite3_column_text(st, i);

		if (!t) {
			csvout_null(w);
		} else if (i == 10 || i == 11) {
			(i == 10 ? mask_name : mask_phone)(t, m, sizeof m);
			csvout_field(w, m);
		} else {
			csvout_field(w, t);
		}
	}
	csvout_end_row(w);
}

/* The alerts raised in [?1, ?2), by grid and in the order raised, as they
 * stood at ?2: a clearing or a close after it not seen yet. */
static const char period_sql[] =
    "SELECT a.id, o.number, a.raised, a.since, a.rule, a.severity, d.code, d.kind, " ALERT_PLACE
    ", " ALERT_GRID " AS grid, p.name, d.contact_phone, a.detail, o.assignee, CASE WHEN a.closed "
    "< ?2 THEN 'closed' WHEN a.cleared < ?2 THEN 'cleared' ELSE 'open' END, CASE WHEN a.cleared "
    "< ?2 THEN a.cleared END, CASE WHEN a.closed < ?2 THEN a.closed END, CASE WHEN a.closed < ?2 "
    "THEN a.real END, CASE WHEN a.closed < ?2 THEN a.finding END " ALERT_FROM
    "WHERE a.raised >= ?1 AND a.raised < ?2 ORDER BY grid, a.id";

/* Write the rows of ST (prepared and bound; finalized here) on OUT. */
static int list_write(sqlite3 *db, sqlite3_stmt *st, FILE *out, struct shequ_err *e)
{
	struct csvout *w;
	int rc;

	if (!(w = csvout_new(out, 0))) {
		sqlite3_finalize(st);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	csvout_row(w, list_cols, sizeof list_cols / sizeof list_cols[0]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		list_row(st, w);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		csvout_close(w);
		return db_fail(db, rc, "alerts", e);
	}
	if ((rc = csvout_close(w)))
		return shequ_err_set(e, rc, "cannot write the list");
	return 0;
}

int alert_list(sqlite3 *db, int open_only, FILE *out, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, list_sql, &st, e)))
		return rc;
	sqlite3_bind_int(st, 1, open_only);
	return list_write(db, st, out, e);
}

int alert_list_period(sqlite3 *db, const struct period *p, FILE *out, struct shequ_err *e)
{
	char from[REQUEST_TIME_SIZE], to[REQUEST_TIME_SIZE];
	sqlite3_stmt *st;
	int first, last, rc;

	if ((rc = db_prepare(db, period_sql, &st, e)))
		return rc;
	period_bounds(p, &first, &last);
	day_format(first, from);
	day_format(last + 1, to);
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	return list_write(db, st, out, e);
}

/* The alerts of a period, by KEY: key, real, closed, raised, the order's
 * first accepted and on_site. */
#define STATS_SQL(key)                                                                             \
	"SELECT " key ", a.real, a.closed IS NOT NULL, a.raised, (SELECT min(at) FROM "            \
	"request_event WHERE order_id = a.order_id AND event = 'accepted'), (SELECT min(at) FROM " \
	"request_event WHERE order_id = a.order_id AND event = 'on_site') " ALERT_FROM             \
	"WHERE a.raised >= ?1 AND a.raised < ?2 ORDER BY 1"

/* The figures of one group as they add up. */
struct group {
	char key[128];
	long alerts, real, false_, open;
	double *mins[2]; /* minutes to first contact, to on site */
	size_t n[2], cap[2];
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Write the median of G's figure K, or an empty cell. */
static void median(struct csvout *w, struct group *g, int k)
{
	size_t n = g->n[k];

	if (!n) {
		csvout_null(w);
		return;
	}
	qsort(g->mins[k], n, sizeof *g->mins[k], cmp_double);
	csvout_num(w, n % 2 ? g->mins[k][n / 2] : (g->mins[k][n / 2 - 1] + g->mins[k][n / 2]) / 2,
		   2);
}

/* Write the row of G and empty it. */
static void group_flush(struct csvout *w, const char *period, struct group *g)
{
	if (!g->alerts)
		return;
	csvout_field(w, period);
	csvout_field(w, g->key);
	csvout_int(w, g->alerts);
	csvout_int(w, g->real);
	csvout_int(w, g->false_);
	csvout_int(w, g->open);
	median(w, g, 0);
	median(w, g, 1);
	csvout_end_row(w);
	g->alerts = g->real = g->false_ = g->open = 0;
	g->n[0] = g->n[1] = 0;
}

/* Add the minutes from RAISED to the moment text T (NULL: none) to figure K. */
static int add_minutes(struct group *g, int k, long long raised, const char *t)
{
	long long at;
	double *x;

	if (!t || request_time_read(t, &at))
		return 0;
	if (g->n[k] == g->cap[k]) {
		size_t cap = g->cap[k] ? 2 * g->cap[k] : 64;

		if (!(x = realloc(g->mins[k], cap * sizeof *x)))
			return -1;
		g->mins[k] = x;
		g->cap[k] = cap;
	}
	g->mins[k][g->n[k]++] = (double)(at - raised) / 60.0;
	return 0;
}

/* Add the alert of row ST to G. */
static int group_add(struct group *g, sqlite3_stmt *st)
{
	long long raised = 0;

	g->alerts++;
	if (sqlite3_column_int(st, 2))
		sqlite3_column_int(st, 1) ? g->real++ : g->false_++;
	else
		g->open++;
	request_time_read((const char *)sqlite3_column_text(st, 3), &raised);
	if (add_minutes(g, 0, raised, (const char *)sqlite3_column_text(st, 4)) ||
	    add_minutes(g, 1, raised, (const char *)sqlite3_column_text(st, 5)))
		return -1;
	return 0;
}

/* Step ST, writing a row per key. */
static int stats_rows(sqlite3_stmt *st, const char *period, struct csvout *w, struct group *g)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);

		if (!key)
			key = "";
		if (g->alerts && strcmp(g->key, key))
			group_flush(w, period, g);
		snprintf(g->key, sizeof g->key, "%s", key);
		if (group_add(g, st))
			return SQLITE_NOMEM;
	}
	group_flush(w, period, g);
	return rc;
}

int alert_stats(sqlite3 *db, const struct period *p, int by_grid, FILE *out, struct shequ_err *e)
{
	static const char *const head[] = {
	    "period",	     "rule", "alerts", "real", "false", "open", "first_contact_median",
	    "on_site_median"};
	const char *cols[8];
	char period[PERIOD_BUFSZ], from[11], to[11];
	struct group g;
	struct csvout *w;
	sqlite3_stmt *st;
	int first, last, rc;

	if ((rc = db_prepare(db, by_grid ? STATS_SQL(ALERT_GRID) : STATS_SQL("a.rule"), &st, e)))
		return rc;
	period_format(p, period, sizeof period);
	period_bounds(p, &first, &last);
	day_format(first, from);
	day_format(last + 1, to);
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	memset(&g, 0, sizeof g);
	memcpy(cols, head, sizeof cols);
	cols[1] = by_grid ? "grid" : "rule";
	if (!(w = csvout_new(out, 0))) {
		sqlite3_finalize(st);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	csvout_row(w, cols, 8);
	rc = stats_rows(st, period, w, &g);
	sqlite3_finalize(st);
	free(g.mins[0]);
	free(g.mins[1]);
	if (rc != SQLITE_DONE) {
		csvout_close(w);
		return db_fail(db, rc, "alert figures", e);
	}
	return (rc = csvout_close(w)) ? shequ_err_set(e, rc, "cannot write the figures") : 0;
}
