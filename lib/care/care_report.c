/* care_report.c - the lists and reports of shequ-care; see care_report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/actor.h"
#include "base/csvout.h"
#include "care/care_people.h"
#include "care/care_report.h"
#include "care/care_window.h"
#include "db/db.h"
#include "domain/mask.h"

/* Write the header row H (a NULL-ended list) on a new writer for OUT. */
static struct csvout *begin(FILE *out, const char *const *h, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	size_t n = 0;

	if (!w) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	while (h[n])
		n++;
	csvout_row(w, h, n);
	return w;
}

/* Close W and give RC, or the write error. */
static int end(struct csvout *w, int rc, struct shequ_err *e)
{
	int wr = w ? csvout_close(w) : 0;

	/* A row that failed to go out left EX_IOERR without a message. */
	if ((!rc && wr) || (rc == EX_IOERR && !e->code))
		rc = shequ_err_set(e, EX_IOERR, "writing the report failed");
	return rc;
}

int care_report_categories(const struct care_conf *c, FILE *out, struct shequ_err *e)
{
	static const char *const h[] = {"code", "name",	   "min_age", "max_age",
					"tag",	"cadence", NULL};
	struct csvout *w = begin(out, h, e);
	size_t i;

	for (i = 0; w && i < c->ncats; i++) {
		const struct care_category *k = &c->cat[i];

		csvout_field(w, k->code);
		csvout_field(w, k->name);
		k->min_age >= 0 ? csvout_int(w, k->min_age) : csvout_null(w);
		k->max_age >= 0 ? csvout_int(w, k->max_age) : csvout_null(w);
		csvout_field(w, k->tag >= 0 ? c->tag[k->tag] : "");
		csvout_field(w, care_cadence_name(k->cadence));
		csvout_end_row(w);
	}
	return w ? end(w, 0, e) : EX_SOFTWARE;
}

/* The names of the categories CATS joined by 、 into BUF. */
static void cat_names(const struct care_conf *c, unsigned cats, char *buf, size_t n)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < c->ncats && at < n; i++)
		if (cats >> i & 1u)
			at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? "、" : "",
					       c->cat[i].name);
}

/* The person's name and ID, masked unless UNMASK. */
static void person_fields(struct csvout *w, const struct care_person *p, int unmask)
{
	char m[256];

	if (unmask) {
		csvout_field(w, p->name);
		csvout_field(w, p->id_number);
		return;
	}
	mask_name(p->name, m, sizeof m);
	csvout_field(w, m);
	mask_id(p->id_number, m, sizeof m);
	csvout_field(w, m);
}

/* A day number as a field, empty when CARE_NO_DAY. */
static void day_field(struct csvout *w, int day)
{
	char b[11];

	if (day == CARE_NO_DAY) {
		csvout_null(w);
		return;
	}
	day_format(day, b);
	csvout_field(w, b);
}

/* The address of P as four fields. */
static void place_fields(struct csvout *w, const struct care_person *p)
{
	csvout_field(w, p->compound);
	csvout_field(w, p->building);
	csvout_field(w, p->unit);
	csvout_field(w, p->room);
}

int care_report_who(sqlite3 *db, const struct care_conf *c, int day, int cat, int unmask, FILE *out,
		    struct shequ_err *e)
{
	static const char *const h[] = {"grid",	      "compound", "building",	"unit",
					"room",	      "name",	  "id_number",	"age",
					"categories", "cadence",  "last_visit", NULL};
	struct care_people *it;
	const struct care_person *p;
	struct csvout *w;
	char names[512];
	int rc = care_people_open(db, c, day, CARE_ORDER_GRID, &it, e);

	if (rc)
		return rc;
	if (!(w = begin(out, h, e)))
		rc = EX_SOFTWARE;
	while (!rc && !(rc = care_people_next(it, &p, e)) && p) {
		if (cat >= 0 && !(p->cats >> cat & 1u))
			continue;
		cat_names(c, p->cats, names, sizeof names);
		csvout_field(w, p->grid);
		place_fields(w, p);
		person_fields(w, p, unmask);
		csvout_int(w, p->age);
		csvout_field(w, names);
		csvout_field(w, care_cadence_name(p->cadence));
		day_field(w, p->last_visit);
		rc = csvout_end_row(w) ? EX_IOERR : 0;
	}
	care_people_close(it);
	return end(w, rc, e);
}

/* Counts of one grid (or of all): N people of each category. */
struct tally {
	char grid[64];
	long n[CARE_MAX], people, due, overdue;
};

/* Write T's rows of people per category. */
static void count_rows(struct csvout *w, const struct care_conf *c, const struct tally *t)
{
	size_t i;

	for (i = 0; i < c->ncats; i++) {
		csvout_field(w, t->grid);
		csvout_field(w, c->cat[i].code);
		csvout_field(w, c->cat[i].name);
		csvout_int(w, t->n[i]);
		csvout_end_row(w);
	}
}

/* Add P to the tally T. */
static void tally_add(struct tally *t, const struct care_conf *c, const struct care_person *p)
{
	size_t i;

	t->people++;
	for (i = 0; i < c->ncats; i++)
		if (p->cats >> i & 1u)
			t->n[i]++;
}

int care_report_who_count(sqlite3 *db, const struct care_conf *c, int day, FILE *out,
			  struct shequ_err *e)
{
	static const char *const h[] = {"grid", "category", "name", "people", NULL};
	static const struct tally zero;
	struct tally g = zero, all = zero;
	struct care_people *it;
	const struct care_person *p;
	struct csvout *w;
	int rc = care_people_open(db, c, day, CARE_ORDER_GRID, &it, e), started = 0;

	if (rc)
		return rc;
	snprintf(all.grid, sizeof all.grid, "all");
	if (!(w = begin(out, h, e)))
		rc = EX_SOFTWARE;
	while (!rc && !(rc = care_people_next(it, &p, e)) && p) {
		if (started && strcmp(g.grid, p->grid)) {
			count_rows(w, c, &g);
			memset(&g, 0, sizeof g);
		}
		started = 1;
		snprintf(g.grid, sizeof g.grid, "%s", p->grid);
		tally_add(&g, c, p);
		tally_add(&all, c, p);
	}
	if (!rc && started)
		count_rows(w, c, &g);
	if (!rc)
		count_rows(w, c, &all);
	care_people_close(it);
	return end(w, rc, e);
}

/* One row of the due list: P with STATUS, due by DUE_BY on DAY. */
static int due_row(struct csvout *w, const struct care_conf *c, const struct care_person *p,
		   enum care_status status, int due_by, int day, int unmask)
{
	char names[512], m[MASK_SIZE];

	cat_names(c, p->cats, names, sizeof names);
	csvout_field(w, p->grid);
	csvout_field(w, p->visitor);
	csvout_field(w, care_status_name(status));
	person_fields(w, p, unmask);
	if (unmask) {
		csvout_field(w, p->phone);
	} else {
		mask_phone(p->phone, m, sizeof m);
		csvout_field(w, m);
	}
	csvout_int(w, p->age);
	csvout_field(w, names);
	csvout_field(w, care_cadence_name(p->cadence));
	day_field(w, p->last_visit);
	day_field(w, due_by);
	p->last_visit != CARE_NO_DAY ? csvout_int(w, day - p->last_visit) : csvout_null(w);
	place_fields(w, p);
	return csvout_end_row(w) ? EX_IOERR : 0;
}

int care_report_due(sqlite3 *db, const struct care_conf *c, int day, int unmask, FILE *out,
		    struct shequ_err *e)
{
	static const char *const h[] = {
	    "grid",	"visitor",    "status",	 "name",       "id_number", "phone",
	    "age",	"categories", "cadence", "last_visit", "due_by",    "days_since",
	    "compound", "building",   "unit",	 "room",       NULL};
	struct care_people *it;
	const struct care_person *p;
	struct csvout *w;
	int rc = care_people_open(db, c, day, CARE_ORDER_DUE, &it, e), due_by;
	enum care_status s;

	if (rc)
		return rc;
	if (!(w = begin(out, h, e)))
		rc = EX_SOFTWARE;
	while (!rc && !(rc = care_people_next(it, &p, e)) && p) {
		if (p->cadence == CARE_NONE)
			continue;
		if ((s = care_due(p->cadence, p->last_visit, day, &due_by)) != CARE_OK)
			rc = due_row(w, c, p, s, due_by, day, unmask);
	}
	care_people_close(it);
	return end(w, rc, e);
}

/* Write the due counts of T. */
static void due_grid_row(struct csvout *w, const struct tally *t)
{
	csvout_field(w, t->grid);
	csvout_int(w, t->people);
	csvout_int(w, t->due);
	csvout_int(w, t->overdue);
	csvout_end_row(w);
}

int care_report_due_grids(sqlite3 *db, const struct care_conf *c, int day, FILE *out,
			  struct shequ_err *e)
{
	static const char *const h[] = {"grid", "people", "due", "overdue", NULL};
	static const struct tally zero;
	struct tally g = zero, all = zero;
	struct care_people *it;
	const struct care_person *p;
	struct csvout *w;
	int rc = care_people_open(db, c, day, CARE_ORDER_GRID, &it, e), started = 0, due_by;
	enum care_status s;

	if (rc)
		return rc;
	snprintf(all.grid, sizeof all.grid, "all");
	if (!(w = begin(out, h, e)))
		rc = EX_SOFTWARE;
	while (!rc && !(rc = care_people_next(it, &p, e)) && p) {
		if (p->cadence == CARE_NONE)
			continue;
		if (started && strcmp(g.grid, p->grid)) {
			due_grid_row(w, &g);
			memset(&g, 0, sizeof g);
		}
		started = 1;
		snprintf(g.grid, sizeof g.grid, "%s", p->grid);
		s = care_due(p->cadence, p->last_visit, day, &due_by);
		g.people++, all.people++;
		g.due += s == CARE_DUE, all.due += s == CARE_DUE;
		g.overdue += s == CARE_OVERDUE, all.overdue += s == CARE_OVERDUE;
	}
	if (!rc && started)
		due_grid_row(w, &g);
	if (!rc)
		due_grid_row(w, &all);
	care_people_close(it);
	return end(w, rc, e);
}

int care_log_unmasked(sqlite3 *db, const char *what, const char *reason, struct shequ_err *e)
{
	char now[20];
	sqlite3_stmt *st = NULL;
	int rc;

	db_now(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_prepare(db,
			"INSERT INTO export_log (at, who, file, kind, reason) "
			"VALUES (?, ?, 'stdout', ?, ?)",
			&st, e);
	if (!rc) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, actor_name(NULL), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, what, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, sqlite3_errcode(db), "export log", e);
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}
