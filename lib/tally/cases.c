/* cases.c - 挂牌督办: hung-up supervision cases; see cases.h. */
#include <limits.h>
#include <string.h>

#include "db/db.h"
#include "db/sqlcsv.h"
#include "domain/period.h"
#include "tally/cases.h"

static const char *const ladder[] = {"head", "secretary", "office"};
static const char *const ladder_text[] = {"grid head", "grid party secretary", "community office"};

/* Record an event of case ID. */
static int add_event(sqlite3 *db, long long id, const char *day, const char *event,
		     const char *actor, const char *reason, struct shequ_err *e)
{
	sqlite3_stmt *st;
	char now[20];
	int rc = db_prepare(db,
			    "INSERT INTO case_event (case_id, day, event, actor, reason, recorded) "
			    "VALUES (?, ?, ?, ?, ?, ?)",
			    &st, e);

	if (rc)
		return rc;
	db_now(now);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "case history", e);
}

/* Insert a case and its 'opened' event; the new id goes into *ID. */
static int insert_case(sqlite3 *db, long long sid, const char *item, const char *source,
		       const char *desc, const char *opened, const char *deadline,
		       const char *actor, long long *id, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc =
	    db_prepare(db,
		       "INSERT INTO supervision_case (stairwell_id, item, source, description, "
		       "opened, deadline) VALUES (?, ?, ?, ?, ?, ?)",
		       &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_text(st, 2, item, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, desc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, opened, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, deadline, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "open case", e);
	*id = sqlite3_last_insert_rowid(db);
	return add_event(db, *id, opened, "opened", actor, desc, e);
}

/* Step 1 of a scan: solve open cases passed on or before DAY (what fails
 * is the view item_score's to say: share/migrations/007-scoring.sql).
 * CROSS JOIN keeps the open cases the outer loop, each looked up by the
 * inspection's key: left to itself, the planner walks every inspection day
 * up to DAY, the whole history, to find the few that follow an open case. */
static int scan_solve(sqlite3 *db, const char *day, long *n, struct shequ_err *e)
{
	sqlite3_stmt *st, *up = NULL;
	int rc =
	    db_prepare(db,
		       "SELECT c.id, c.item, i.day, i.score, i.fails FROM supervision_case c CROSS "
		       "JOIN item_score i ON i.stairwell_id = c.stairwell_id AND i.item = c.item "
		       "AND i.day > c.opened AND i.day <= ?1 "
		       "WHERE c.closed IS NULL ORDER BY c.id, i.day",
		       &st, e);
	long long last = 0;
	int step;

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	rc = db_prepare(db,
			"UPDATE supervision_case SET closed = ?2, outcome = 'solved' WHERE id = ?1",
			&up, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char on[11], why[128];
		int score = sqlite3_column_int(st, 3);

		if (id == last || sqlite3_column_int(st, 4))
			continue;
		last = id; /* the first passing inspection solves it */
		snprintf(on, sizeof on, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(why, sizeof why, "inspection of %s passed: %d", on, score);
		sqlite3_bind_int64(up, 1, id);
		sqlite3_bind_text(up, 2, on, -1, SQLITE_TRANSIENT);
		if ((step = sqlite3_step(up)) != SQLITE_DONE)
			rc = db_fail(db, step, "solve case", e);
		sqlite3_reset(up);
		if (!rc)
			rc = add_event(db, id, on, "solved", "shequ-case scan", why, e);
		(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "solve cases", e);
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	return rc;
}

/* Whether the last K inspections of stairwell SID, item ITEM up to DAY all
 * fail (and there are K of them). */
static int failed_in_a_row(sqlite3 *db, long long sid, const char *item, const char *day, int k,
			   int *yes, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db,
			    "SELECT fails FROM item_score WHERE stairwell_id = ? AND item = ? AND "
			    "day <= ? ORDER BY day DESC LIMIT ?",
			    &st, e);
	int n = 0, bad = 0, step;

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_text(st, 2, item, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, k);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		bad += sqlite3_column_int(st, 0) != 0;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_fail(db, step, "inspections", e);
	*yes = n == k && bad == k;
	return 0;
}

/* Step 2 of a scan: hang up what failed on DAY.  A case that was open on
 * DAY already covers it, even when it ended later: that is what the scan
 * found the first time, so a past day scanned again opens nothing. */
static int scan_open(sqlite3 *db, const struct scoring_conf *c, int day, long *n,
		     struct shequ_err *e)
{
	sqlite3_stmt *st;
	char d[11], dl[11];
	int rc =
	    db_prepare(db,
		       "SELECT i.stairwell_id, i.item, i.score FROM item_score i WHERE i.day = ?1 "
		       "AND i.fails "
		       "AND NOT EXISTS (SELECT 1 FROM supervision_case c WHERE c.stairwell_id = "
		       "i.stairwell_id AND c.item = i.item AND (c.closed IS NULL OR c.opened = ?1 "
		       "OR (c.opened < ?1 AND c.closed > ?1))) ORDER BY i.stairwell_id, i.item",
		       &st, e);
	int step = SQLITE_DONE;

	if (rc)
		return rc;
	day_format(day, d);
	day_format(day + c->case_deadline_days, dl);
	sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		long long sid = sqlite3_column_int64(st, 0), id;
		char item[64], desc[256];
		int score = sqlite3_column_int(st, 2), row = 0;
		const char *source = NULL;

		snprintf(item, sizeof item, "%s", (const char *)sqlite3_column_text(st, 1));
		if (score <= c->severe_mark) {
			source = "severe";
			snprintf(desc, sizeof desc, "%s scored %d (severe: %d or less)", item,
				 score, c->severe_mark);
		} else if (!(rc = failed_in_a_row(db, sid, item, d, c->case_repeat, &row, e)) &&
			   row) {
			source = "repeated";
			snprintf(desc, sizeof desc, "%s failed %d inspections in a row", item,
				 c->case_repeat);
		}
		if (rc || !source)
			continue;
		rc = insert_case(db, sid, item, source, desc, d, dl, "shequ-case scan", &id, e);
		(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "scan", e);
	sqlite3_finalize(st);
	return rc;
}

/* Step 3 of a scan: escalate open cases overdue on DAY. */
static int scan_escalate(sqlite3 *db, const struct scoring_conf *c, int day, long *n,
			 struct shequ_err *e)
{
	sqlite3_stmt *st, *up = NULL;
	char d[11];
	int rc = db_prepare(db,
			    "SELECT id, deadline, coalesce(escalated, '') FROM supervision_case "
			    "WHERE closed IS NULL AND deadline < ?1 ORDER BY id",
			    &st, e);
	int step = SQLITE_DONE;

	if (rc)
		return rc;
	day_format(day, d);
	sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
	rc = db_prepare(db, "UPDATE supervision_case SET escalated = ?2 WHERE id = ?1", &up, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *now = (const char *)sqlite3_column_text(st, 2);
		int deadline, over, cur = -1, want = -1;
		char why[160];

		if ((rc = day_parse((const char *)sqlite3_column_text(st, 1), &deadline, e)))
			break;
		over = day - deadline;
		for (int i = 0; i < 3; i++)
			if (strcmp(now, ladder[i]) == 0)
				cur = i;
		if (over >= c->escalate_office)
			want = 2;
		else if (over >= c->escalate_secretary)
			want = 1;
		else if (over >= c->escalate_head)
			want = 0;
		if (want <= cur)
			continue;
		sqlite3_bind_int64(up, 1, id);
		sqlite3_bind_text(up, 2, ladder[want], -1, SQLITE_STATIC);
		if ((step = sqlite3_step(up)) != SQLITE_DONE)
			rc = db_fail(db, step, "escalate case", e);
		sqlite3_reset(up);
		snprintf(why, sizeof why, "%d day%s overdue: to the %s", over, over == 1 ? "" : "s",
			 ladder_text[want]);
		if (!rc)
			rc = add_event(db, id, d, "escalated", "shequ-case scan", why, e);
		(*n)++;
		step = SQLITE_ROW;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, "escalate", e);
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	return rc;
}

int cases_scan_day(int today)
{
	return today - 1;
}

int cases_scan(sqlite3 *db, const struct rubric *r, const struct scoring_conf *c, int day,
	       struct cases_scan_result *res, struct shequ_err *e)
{
	int rc;

	memset(res, 0, sizeof *res);
	day_format(day, res->day);
	if ((rc = db_begin(db, e)))
		return rc;
	/* The views judge with the database's rubric: make it R first. */
	rc = rubric_sync(db, r, e);
	if (!rc)
		rc = scan_solve(db, res->day, &res->solved, e);
	if (!rc)
		rc = scan_open(db, c, day, &res->opened, e);
	if (!rc)
		rc = scan_escalate(db, c, day, &res->escalated, e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc) {
		db_rollback(db);
		res->solved = res->opened = res->escalated = 0;
	}
	return rc;
}

int cases_open(sqlite3 *db, const struct rubric *r, const struct scoring_conf *c,
	       const struct cases_new *n, long long *id, struct shequ_err *e)
{
	sqlite3_stmt *st;
	char o[11], dl[11];
	long long sid = 0, other = 0;
	int i = rubric_find(r, n->item), deadline, rc, step;

	if (i < 0)
		return shequ_err_set(e, EX_DATAERR, "item '%s' is not in the rubric", n->item);
	deadline = n->deadline == INT_MIN ? n->opened + c->case_deadline_days : n->deadline;
	if (deadline < n->opened)
		return shequ_err_set(e, EX_DATAERR, "the deadline is before the opening day");
	day_format(n->opened, o);
	day_format(deadline, dl);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_prepare(db,
			"SELECT s.id, (SELECT c.id FROM supervision_case c WHERE c.stairwell_id = "
			"s.id AND c.item = ?4 AND c.closed IS NULL) FROM stairwell s JOIN building "
			"b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id "
			"WHERE c.name = ?1 AND b.name = ?2 AND s.unit = ?3",
			&st, e);
	if (rc)
		goto out;
	sqlite3_bind_text(st, 1, n->compound, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, n->building, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, n->unit, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, r->items[i].item, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		sid = sqlite3_column_int64(st, 0);
		other = sqlite3_column_int64(st, 1);
	} else if (step != SQLITE_DONE) {
		rc = db_fail(db, step, "stairwell", e);
	}
	sqlite3_finalize(st);
	if (!rc && !sid)
		rc = shequ_err_set(e, EX_DATAERR, "no stairwell %s %s-%s", n->compound, n->building,
				   n->unit);
	if (!rc && other)
		rc = shequ_err_set(e, EX_DATAERR, "case %lld is already open for %s %s-%s %s",
				   other, n->compound, n->building, n->unit, r->items[i].item);
	if (!rc)
		rc = insert_case(db, sid, r->items[i].item, "manual", n->description, o, dl,
				 n->actor, id, e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

/* Whether case ID may be closed by hand on D: EX_DATAERR, saying why, when
 * there is no such case, it has ended (solved or closed: the message says
 * which) or it was opened after D. */
static int close_check(sqlite3 *db, long long id, const char *d, struct shequ_err *e)
{
	sqlite3_stmt *st;
	char outcome[16], on[16];
	int rc = db_prepare(db,
			    "SELECT closed IS NULL, opened <= ?2, coalesce(outcome, ''), "
			    "coalesce(closed, '') FROM supervision_case WHERE id = ?1",
			    &st, e);
	int step, open, early;

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, d, -1, SQLITE_TRANSIENT);
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return step == SQLITE_DONE ? shequ_err_set(e, EX_DATAERR, "no case %lld", id)
					   : db_fail(db, step, "case", e);
	}
	open = sqlite3_column_int(st, 0);
	early = !sqlite3_column_int(st, 1);
	snprintf(outcome, sizeof outcome, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(on, sizeof on, "%s", (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	if (!open && strcmp(outcome, "solved") == 0)
		/* Solved and closed are different outcomes: say which it was. */
		return shequ_err_set(e, EX_DATAERR, "case %lld is solved already (on %s)", id, on);
	if (!open)
		return shequ_err_set(e, EX_DATAERR, "case %lld is closed already", id);
	if (early)
		return shequ_err_set(e, EX_DATAERR, "case %lld was opened after %s", id, d);
	return 0;
}

int cases_close(sqlite3 *db, long long id, int day, const char *actor, const char *reason,
		struct shequ_err *e)
{
	sqlite3_stmt *st;
	char d[11];
	int rc, step;

	day_format(day, d);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = close_check(db, id, d, e)) ||
	    (rc = db_prepare(
		 db, "UPDATE supervision_case SET closed = ?2, outcome = 'closed' WHERE id = ?1",
		 &st, e)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, d, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		rc = db_fail(db, step, "close case", e);
	if (!rc)
		rc = add_event(db, id, d, "closed", actor, reason, e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int cases_list(sqlite3 *db, int today, unsigned flags, const char *grid, FILE *out,
	       struct shequ_err *e)
{
	sqlite3_stmt *st;
	char t[11];
	int rc = db_prepare(
	    db,
	    "SELECT k.id, c.name AS compound, b.name AS building, s.unit, g.code AS grid, "
	    "k.item, k.source, k.description, k.opened, k.deadline, "
	    "CASE WHEN k.closed IS NOT NULL THEN k.outcome WHEN k.deadline < ?1 THEN 'overdue' "
	    "ELSE 'open' END AS status, "
	    "max(0, CAST(julianday(coalesce(k.closed, ?1)) - julianday(k.deadline) AS INTEGER)) "
	    "AS days_overdue, k.escalated, k.closed, k.outcome, "
	    "(SELECT v.reason FROM case_event v WHERE v.case_id = k.id AND v.event IN "
	    "('solved', 'closed') ORDER BY v.id DESC LIMIT 1) AS close_reason "
	    "FROM supervision_case k JOIN stairwell s ON s.id = k.stairwell_id "
	    "JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id "
	    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
	    "LEFT JOIN grid g ON g.id = gs.grid_id "
	    "WHERE (?2 = 0 OR k.closed IS NULL) AND (?3 = 0 OR (k.closed IS NULL AND k.deadline "
	    "< ?1)) AND (?4 IS NULL OR g.code = ?4) ORDER BY k.id",
	    &st, e);

	if (rc)
		return rc;
	day_format(today, t);
	sqlite3_bind_text(st, 1, t, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, !!(flags & CASES_OPEN));
	sqlite3_bind_int(st, 3, !!(flags & CASES_OVERDUE));
	if (grid)
		sqlite3_bind_text(st, 4, grid, -1, SQLITE_TRANSIENT);
	return sqlcsv_write(db, st, out, e);
}

/* Whether case ID exists: EX_DATAERR when it does not. */
static int case_exists(sqlite3 *db, long long id, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, "SELECT 1 FROM supervision_case WHERE id = ?1", &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return shequ_err_set(e, EX_DATAERR, "no case %lld", id);
	return db_fail(db, rc, "case", e);
}

int cases_history(sqlite3 *db, long long id, FILE *out, struct shequ_err *e)
{
	sqlite3_stmt *st;
	int rc;

	/* An empty history of a case that never was would look like a case
	 * nothing happened to. */
	if (id && (rc = case_exists(db, id, e)))
		return rc;
	rc = db_prepare(db,
			"SELECT case_id AS \"case\", day, event, actor, reason FROM case_event "
			"WHERE ?1 = 0 OR case_id = ?1 ORDER BY case_id, id",
			&st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return sqlcsv_write(db, st, out, e);
}
