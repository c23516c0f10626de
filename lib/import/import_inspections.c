/*
 * import_inspections.c - the daily stairwell inspections: one row per
 * stairwell, date and rubric item.  The same stairwell, date and item
 * again replaces the score.  Stairwells must already exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/normalize.h"
#include "db/db.h"
#include "domain/period.h"
#include "domain/rubric.h"
#include "import/import_impl.h"

enum { I_DATE, I_COMPOUND, I_BUILDING, I_UNIT, I_ITEM, I_SCORE, I_INSPECTOR, I_NOTE };

static const char *const columns[] = {
    "date", "compound", "building", "unit", "item", "score", "inspector", "note", NULL,
};

struct inspections {
	struct rubric rubric;
	struct import_keyed keyed; /* the score by stairwell, date and item */
	int first, last; /* the dates accepted (day numbers): a date of 1800 or 2099 is a typo */
};

/* One inspection row, checked and cleaned. */
struct inspection_row {
	char date[11]; /* YYYY-MM-DD */
	char compound[256], building[64], unit[64];
	int item; /* index in the rubric */
	long score;
	char *inspector, *note; /* malloc'd, or NULL */
	int64_t sw;		/* the stairwell, once found */
};

/*
 * The dates accepted into S->first and S->last: the options, else from
 * January 1 of the year before the first import (or before today's year,
 * when that is earlier: a pinned today, a clock set back) to tomorrow.
 * Tomorrow, not today: an inspection made this evening in a time zone
 * ahead of the office's is fine.  Tomorrow by the clock when a pinned
 * today ($SHEQU_TODAY) is earlier: replaying a past morning must not
 * refuse what was inspected since.
 */
static int inspections_window(struct import_ctx *c, struct inspections *s, struct shequ_err *e)
{
	const struct import_opts *o = c->o;
	sqlite3_stmt *st;
	int year = c->today_y, rc;

	if ((rc = db_prepare(c->db,
			     "SELECT CAST(substr(min(started), 1, 4) AS INTEGER) FROM import_log",
			     &st, e)))
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    sqlite3_column_int(st, 0) < year)
		year = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(c->db, rc, "database", e);
	s->first = o->not_before ? o->not_before : day_from_ymd(year - 1, 1, 1);
	s->last = (o->clock_today > o->today ? o->clock_today : o->today) + 1;
	if (o->not_after)
		s->last = o->not_after;
	return 0;
}

/* 1 when the score SEL found is ROW's (an inspection_row). */
static int inspections_same(const struct import_ctx *c, sqlite3_stmt *sel, const void *row)
{
	const struct inspection_row *p = row;

	return sqlite3_column_int64(sel, 0) == p->score &&
	       (!import_has(c, I_INSPECTOR) || import_col_eq(sel, 1, p->inspector)) &&
	       (!import_has(c, I_NOTE) || import_col_eq(sel, 2, p->note));
}

/* Bind ROW (an inspection_row) to the upsert UP. */
static void inspections_bind(const struct import_ctx *c, sqlite3_stmt *up, const void *row)
{
	const struct inspections *s = c->state;
	const struct inspection_row *p = row;

	sqlite3_bind_int64(up, 1, p->sw);
	sqlite3_bind_text(up, 2, p->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 3, s->rubric.items[p->item].item, -1, SQLITE_STATIC);
	sqlite3_bind_int64(up, 4, p->score);
	import_bind_text(up, 5, p->inspector);
	import_bind_text(up, 6, p->note);
	sqlite3_bind_text(up, 7, c->now, -1, SQLITE_STATIC);
}

static int inspections_begin(struct import_ctx *c, struct shequ_err *e)
{
	struct inspections *s = calloc(1, sizeof *s);
	int rc;

	if (!s)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	c->state = s;
	/* The database's rubric is what the views judge scores by: the one
	 * these scores are checked against (rubric.h). */
	if ((rc = rubric_load(&s->rubric, e)) || (rc = rubric_sync(c->db, &s->rubric, e)) ||
	    (rc = inspections_window(c, s, e)))
		return rc;
	if ((rc = db_prepare(c->db,
			     "SELECT score, inspector, note FROM inspection "
			     "WHERE stairwell_id = ?1 AND day = ?2 AND item = ?3",
			     &s->keyed.sel, e)) ||
	    (rc = db_prepare(
		 c->db,
		 "INSERT INTO inspection (stairwell_id, day, item, score, inspector, note, "
		 "imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		 "ON CONFLICT (stairwell_id, day, item) DO UPDATE SET "
		 "imported = CASE WHEN score = excluded.score THEN imported "
		 "ELSE excluded.imported END, score = excluded.score, "
		 /* ?8 and ?9: whether the file has inspector and note (see
		  * import_has()): a column it lacks keeps what is stored. */
		 "inspector = CASE WHEN ?8 THEN excluded.inspector ELSE inspector END, "
		 "note = CASE WHEN ?9 THEN excluded.note ELSE note END",
		 &s->keyed.upsert, e)))
		return rc;
	sqlite3_bind_int(s->keyed.upsert, 8, import_has(c, I_INSPECTOR));
	sqlite3_bind_int(s->keyed.upsert, 9, import_has(c, I_NOTE));
	s->keyed.same = inspections_same;
	s->keyed.bind = inspections_bind;
	return 0;
}

static void inspections_end(struct import_ctx *c)
{
	struct inspections *s = c->state;

	if (!s)
		return;
	sqlite3_finalize(s->keyed.sel);
	sqlite3_finalize(s->keyed.upsert);
	free(s);
	c->state = NULL;
}

/* The date of V into P: a date, and one within the window. */
static int inspections_date(const struct inspections *s, char *const *v, struct inspection_row *p,
			    struct import_reject *r)
{
	struct shequ_err why; /* cleared below, not zeroed: a kilobyte a row */
	char bound[11];
	int day;

	shequ_err_clear(&why);
	if (day_parse_loose(v[I_DATE], &day, &why))
		return import_reject(r, I_DATE, "%s", why.msg);
	day_format(day, p->date);
	if (day >= s->first && day <= s->last)
		return 0;
	day_format(day < s->first ? s->first : s->last, bound);
	return import_reject(r, I_DATE,
			     day < s->first
				 ? "%s is before %s, the oldest date accepted (--not-before)"
				 : "%s is after %s, the newest date accepted (--not-after)",
			     p->date, bound);
}

/* The rubric item and the score of V into P. */
static int inspections_score(const struct inspections *s, char *const *v, struct inspection_row *p,
			     struct import_reject *r, struct shequ_err *e)
{
	char *t, *end;
	int rc = 0;

	if (!(t = norm_text(v[I_ITEM])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	p->item = rubric_find(&s->rubric, t);
	if (p->item < 0)
		rc = import_reject(r, I_ITEM, "unknown item '%s'", t);
	free(t);
	if (rc)
		return rc;
	if (!(t = norm_text(v[I_SCORE])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	p->score = strtol(t, &end, 10);
	if (!*t || *end || p->score < 0 || p->score > s->rubric.items[p->item].max)
		rc = import_reject(r, I_SCORE, "score '%s' is not a whole number from 0 to %d", t,
				   s->rubric.items[p->item].max);
	free(t);
	return rc;
}

/*
 * Check and clean V into P; EX_DATAERR with R filled when it is bad.
 * P->inspector and P->note are the caller's to free whatever is returned.
 */
static int inspections_clean(const struct inspections *s, char *const *v, struct inspection_row *p,
			     struct import_reject *r, struct shequ_err *e)
{
	int rc;

	p->inspector = p->note = NULL;
	if ((rc = inspections_date(s, v, p, r)) ||
	    (rc = import_clean_compound(v[I_COMPOUND], p->compound, sizeof p->compound, I_COMPOUND,
					r, e)) ||
	    (rc = import_clean_place('b', v[I_BUILDING], p->building, sizeof p->building,
				     I_BUILDING, r, e)) ||
	    (rc = import_clean_place('u', v[I_UNIT], p->unit, sizeof p->unit, I_UNIT, r, e)) ||
	    (rc = inspections_score(s, v, p, r, e)))
		return rc;
	if (!(p->inspector = norm_name(v[I_INSPECTOR])) || !(p->note = norm_text(v[I_NOTE])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Insert, replace or leave the score of P (at P->sw). */
static int inspections_store(struct import_ctx *c, struct inspections *s,
			     const struct inspection_row *p, struct shequ_err *e)
{
	sqlite3_bind_int64(s->keyed.sel, 1, p->sw);
	sqlite3_bind_text(s->keyed.sel, 2, p->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->keyed.sel, 3, s->rubric.items[p->item].item, -1, SQLITE_STATIC);
	return import_store_keyed(c, &s->keyed, p, e);
}

/* Clean and check V; then insert, replace or leave the score. */
static int inspections_row(struct import_ctx *c, char *const *v, struct import_reject *r,
			   struct shequ_err *e)
{
	static const int cols[3] = {I_COMPOUND, I_BUILDING, I_UNIT};
	struct inspections *s = c->state;
	struct inspection_row p;
	int rc;

	if (!(rc = inspections_clean(s, v, &p, r, e)) &&
	    !(rc = import_stairwell(c, p.compound, p.building, p.unit, 0, cols, &p.sw, r, e)))
		rc = inspections_store(c, s, &p, e);
	free(p.inspector);
	free(p.note);
	return rc;
}

const struct import_register import_inspections = {
    .name = "inspections",
    .columns = columns,
    .required = 1u << I_DATE | 1u << I_COMPOUND | 1u << I_BUILDING | 1u << I_UNIT | 1u << I_ITEM |
		1u << I_SCORE,
    .begin = inspections_begin,
    .row = inspections_row,
    .finish = NULL,
    .end = inspections_end,
};
