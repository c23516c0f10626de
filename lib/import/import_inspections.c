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
	sqlite3_stmt *sel, *upsert;
	int first, last; /* the dates accepted (day numbers): a date of 1800 or 2099 is a typo */
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
			     &s->sel, e)) ||
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
		 &s->upsert, e)))
		return rc;
	sqlite3_bind_int(s->upsert, 8, import_has(c, I_INSPECTOR));
	sqlite3_bind_int(s->upsert, 9, import_has(c, I_NOTE));
	return 0;
}

static void inspections_end(struct import_ctx *c)
{
	struct inspections *s = c->state;

	if (!s)
		return;
	sqlite3_finalize(s->sel);
	sqlite3_finalize(s->upsert);
	free(s);
	c->state = NULL;
}

/* Clean and check V; then insert, replace or leave the score. */
static int inspections_row(struct import_ctx *c, char *const *v, struct import_reject *r,
			   struct shequ_err *e)
{
	static const int cols[3] = {I_COMPOUND, I_BUILDING, I_UNIT};
	struct inspections *s = c->state;
	struct shequ_err why; /* cleared below, not zeroed: a kilobyte a row */
	char compound[256], building[64], unit[64], date[11], *t, *end, *inspector = NULL,
									*note = NULL;
	int day, item, rc, found, same = 0;
	int64_t sw;
	long score;

	shequ_err_clear(&why);
	if (day_parse_loose(v[I_DATE], &day, &why))
		return import_reject(r, I_DATE, "%s", why.msg);
	day_format(day, date);
	if (day < s->first || day > s->last) {
		char bound[11];

		day_format(day < s->first ? s->first : s->last, bound);
		return import_reject(r, I_DATE,
				     day < s->first ? "%s is before %s, the oldest date accepted "
						      "(--not-before)"
						    : "%s is after %s, the newest date accepted "
						      "(--not-after)",
				     date, bound);
	}
	if (!(t = norm_text(v[I_COMPOUND])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!*t || strlen(t) >= sizeof compound) {
		int empty = !*t;

		free(t);
		return import_reject(r, I_COMPOUND, empty ? "empty" : "too long");
	}
	import_copy_str(compound, sizeof compound, t);
	free(t);
	if ((rc = import_norm_place('b', v[I_BUILDING], building, sizeof building, &why)))
		return rc == EX_DATAERR ? import_reject(r, I_BUILDING, "%s", why.msg)
					: shequ_err_set(e, rc, "%s", why.msg);
	if ((rc = import_norm_place('u', v[I_UNIT], unit, sizeof unit, &why)))
		return rc == EX_DATAERR ? import_reject(r, I_UNIT, "%s", why.msg)
					: shequ_err_set(e, rc, "%s", why.msg);
	if (!(t = norm_text(v[I_ITEM])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	item = rubric_find(&s->rubric, t);
	if (item < 0) {
		rc = import_reject(r, I_ITEM, "unknown item '%s'", t);
		free(t);
		return rc;
	}
	free(t);
	if (!(t = norm_text(v[I_SCORE])))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	score = strtol(t, &end, 10);
	if (!*t || *end || score < 0 || score > s->rubric.items[item].max) {
		rc = import_reject(r, I_SCORE, "score '%s' is not a whole number from 0 to %d", t,
				   s->rubric.items[item].max);
		free(t);
		return rc;
	}
	free(t);
	if ((rc = import_stairwell(c, compound, building, unit, 0, cols, &sw, r, e)))
		return rc;
	if (!(inspector = norm_name(v[I_INSPECTOR])) || !(note = norm_text(v[I_NOTE]))) {
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
		goto out;
	}
	sqlite3_bind_int64(s->sel, 1, sw);
	sqlite3_bind_text(s->sel, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->sel, 3, s->rubric.items[item].item, -1, SQLITE_STATIC);
	found = sqlite3_step(s->sel) == SQLITE_ROW;
	if (found)
		same = sqlite3_column_int64(s->sel, 0) == score &&
		       (!import_has(c, I_INSPECTOR) || import_col_eq(s->sel, 1, inspector)) &&
		       (!import_has(c, I_NOTE) || import_col_eq(s->sel, 2, note));
	sqlite3_reset(s->sel);
	if (same) {
		c->st->unchanged++;
		goto out;
	}
	sqlite3_bind_int64(s->upsert, 1, sw);
	sqlite3_bind_text(s->upsert, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->upsert, 3, s->rubric.items[item].item, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->upsert, 4, score);
	import_bind_text(s->upsert, 5, inspector);
	import_bind_text(s->upsert, 6, note);
	sqlite3_bind_text(s->upsert, 7, c->now, -1, SQLITE_STATIC);
	if ((rc = import_step_done(c, s->upsert, "database", e)))
		goto out;
	if (found)
		c->st->updated++;
	else
		c->st->inserted++;
out:
	free(inspector);
	free(note);
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
