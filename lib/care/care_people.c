/* care_people.c - the people in a category on a day; see care_people.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care/care_people.h"
#include "care/care_window.h"
#include "db/db.h"
#include "domain/period.h"

struct care_people {
	sqlite3 *db;
	sqlite3_stmt *st;
	const struct care_conf *c;
	int day;
	struct care_person p;
	char **worker; /* grid code, name, grid code, name, ... sorted by code */
	size_t nworkers;
};

/* The people query: ?1 the latest birth date of the old (YYYYMMDD), ?2 the
 * latest birth date too early for the young, ?3 the day; the ORDER BY is added. */
static const char people_sql[] =
    "SELECT p.id, p.id_number, p.name, p.phone, c.name, b.name, s.unit, d.room, "
    "coalesce(g.code, ''), "
    "(SELECT sum(DISTINCT care_tag_bit(t.tag)) FROM person_tag t WHERE t.person_id = p.id) AS "
    "tags, "
    "v.day, coalesce(v.visitor, care_worker(g.code), '') AS visitor "
    "FROM person p JOIN dwelling d ON d.id = p.dwelling_id "
    "JOIN stairwell s ON s.id = d.stairwell_id JOIN building b ON b.id = s.building_id "
    "JOIN compound c ON c.id = b.compound_id "
    "LEFT JOIN grid_stairwell gs ON gs.stairwell_id = s.id "
    "LEFT JOIN grid g ON g.id = gs.grid_id AND g.retired IS NULL "
    "LEFT JOIN care_visit v ON v.id = (SELECT x.id FROM care_visit x WHERE x.person_id = p.id "
    "AND x.day <= ?3 ORDER BY x.day DESC LIMIT 1) "
    "WHERE p.moved_out IS NULL AND (substr(p.id_number, 7, 8) <= ?1 "
    "OR substr(p.id_number, 7, 8) > ?2 OR EXISTS (SELECT 1 FROM person_tag t "
    "WHERE t.person_id = p.id AND care_tag_bit(t.tag))) ";

static const char *const order_sql[] = {
    "ORDER BY g.code IS NULL, g.code, c.name, b.name COLLATE natsort, s.unit COLLATE natsort, "
    "d.room COLLATE natsort, p.id",
    "ORDER BY g.code IS NULL, g.code, visitor, c.name, b.name COLLATE natsort, "
    "s.unit COLLATE natsort, d.room COLLATE natsort, p.id",
    "ORDER BY p.id",
    "AND care_due_on(p.id_number, tags, v.day) ORDER BY g.code IS NULL, g.code, visitor, c.name, "
    "b.name COLLATE natsort, s.unit COLLATE natsort, d.room COLLATE natsort, p.id"};

/* care_tag_bit(TAG): the bit of the care tag the roster's tag TAG stands
 * for (share/care/tags.csv), 0 when none.  A function rather than a
 * table, so that a database opened read-only serves too. */
static void tag_bit_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct care_people *it = sqlite3_user_data(cx);
	const char *t = (const char *)sqlite3_value_text(argv[0]);
	size_t i;

	(void)argc;
	for (i = 0; t && i < it->c->naliases; i++)
		if (!strcmp(it->c->alias[i].alias, t)) {
			sqlite3_result_int64(cx, 1LL << it->c->alias[i].tag);
			return;
		}
	sqlite3_result_int(cx, 0);
}

/* Compare two grid codes of the worker table, for bsearch. */
static int worker_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* care_worker(GRID): the grid's first grid worker by name, or NULL. */
static void worker_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct care_people *it = sqlite3_user_data(cx);
	const char *g = (const char *)sqlite3_value_text(argv[0]);
	char **hit;

	(void)argc;
	hit = g && it->nworkers
		  ? bsearch(&g, it->worker, it->nworkers, 2 * sizeof(char *), worker_cmp)
		  : NULL;
	if (hit)
		sqlite3_result_text(cx, hit[1], -1, SQLITE_STATIC);
	else
		sqlite3_result_null(cx);
}

/* The first grid worker of every grid, into IT->worker. */
static int load_workers(struct care_people *it, struct shequ_err *e)
{
	int step = SQLITE_DONE;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc =
	    db_prepare(it->db,
		       "SELECT grid, min(name) FROM staff WHERE role = 'worker' AND grid IS NOT "
		       "NULL GROUP BY grid ORDER BY grid",
		       &st, e);

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->nworkers == cap) {
			char **w = realloc(it->worker, (cap = cap ? 2 * cap : 64) * 2 * sizeof *w);

			if (!w) {
				rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
				break;
			}
			it->worker = w;
		}
		it->worker[2 * it->nworkers] = strdup((const char *)sqlite3_column_text(st, 0));
		it->worker[2 * it->nworkers + 1] = strdup((const char *)sqlite3_column_text(st, 1));
		if (!it->worker[2 * it->nworkers++] || !it->worker[2 * it->nworkers - 1])
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(it->db, step, "staff", e);
	sqlite3_finalize(st);
	return rc;
}

/* care_due_on(ID_NUMBER, TAGS, LAST_VISIT): the care_status of the person
 * on the iterator's day (0 for CARE_OK, and when in no category with a
 * cadence), so that the due list sorts only the people it lists. */
static void due_on_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct care_people *it = sqlite3_user_data(cx);
	const char *id = (const char *)sqlite3_value_text(argv[0]);
	const char *last = (const char *)sqlite3_value_text(argv[2]);
	struct shequ_err e = {0};
	int birth = id ? care_birth_of_id(id) : CARE_NO_DAY, lv = CARE_NO_DAY, by;
	enum care_cadence k = CARE_NONE;

	(void)argc;
	if (birth != CARE_NO_DAY && care_age(birth, it->day) >= 0)
		k = care_cadence_of(it->c,
				    care_categories_of(it->c, care_age(birth, it->day),
						       (unsigned)sqlite3_value_int64(argv[1])));
	if (last && day_parse(last, &lv, &e))
		lv = CARE_NO_DAY;
	sqlite3_result_int(cx, k == CARE_NONE ? 0 : (int)care_due(k, lv, it->day, &by));
}

/* Register the functions the query uses, on IT. */
static int functions(struct care_people *it, struct shequ_err *e)
{
	int rc = load_workers(it, e);

	if (rc)
		return rc;
	if (sqlite3_create_function(it->db, "care_tag_bit", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				    it, tag_bit_fn, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(it->db, "care_worker", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				    it, worker_fn, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(it->db, "care_due_on", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				    it, due_on_fn, NULL, NULL) != SQLITE_OK)
		return db_fail(it->db, sqlite3_errcode(it->db), "care functions", e);
	return 0;
}

/* DAY as the number YYYYMMDD. */
static long ymd_number(int day)
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	return y * 10000L + m * 100 + d;
}

int care_people_open(sqlite3 *db, const struct care_conf *c, int day, enum care_order order,
		     struct care_people **out, struct shequ_err *e)
{
	struct care_people *it = calloc(1, sizeof *it);
	char sql[sizeof people_sql + 600], old[16], young[16], dbuf[11];
	int o, yg, rc;

	*out = NULL;
	if (!it)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	it->db = db, it->c = c, it->day = day;
	care_age_bounds(c, &o, &yg);
	/* The age is the difference of YYYYMMDD numbers over 10000
	 * (care_age), so the bounds on the birth date are differences too,
	 * compared as 8-digit text the way the ID holds them. */
	snprintf(old, sizeof old, o >= 0 ? "%08ld" : "0", ymd_number(day) - o * 10000L);
	snprintf(young, sizeof young, yg >= 0 ? "%08ld" : "A", ymd_number(day) - (yg + 1) * 10000L);
	day_format(day, dbuf);
	snprintf(sql, sizeof sql, "%s%s", people_sql, order_sql[order]);
	if ((rc = functions(it, e)) || (rc = db_prepare(db, sql, &it->st, e))) {
		care_people_close(it);
		return rc;
	}
	sqlite3_bind_text(it->st, 1, old, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(it->st, 2, young, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(it->st, 3, dbuf, -1, SQLITE_TRANSIENT);
	*out = it;
	return 0;
}

/* Text of column I, "" for NULL. */
static const char *text_at(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

/* Fill the person from the current row; 0 when in no category. */
static int person_from_row(struct care_people *it)
{
	struct care_person *p = &it->p;
	sqlite3_stmt *st = it->st;
	struct shequ_err e = {0};

	p->id_number = text_at(st, 1);
	if ((p->birth = care_birth_of_id(p->id_number)) == CARE_NO_DAY)
		return 0;
	if ((p->age = care_age(p->birth, it->day)) < 0)
		return 0;
	p->tags = (unsigned)sqlite3_column_int64(st, 9);
	if (!(p->cats = care_categories_of(it->c, p->age, p->tags)))
		return 0;
	p->cadence = care_cadence_of(it->c, p->cats);
	p->id = sqlite3_column_int64(st, 0);
	p->name = text_at(st, 2), p->phone = text_at(st, 3);
	p->compound = text_at(st, 4), p->building = text_at(st, 5);
	p->unit = text_at(st, 6), p->room = text_at(st, 7), p->grid = text_at(st, 8);
	p->visitor = text_at(st, 11);
	if (sqlite3_column_type(st, 10) == SQLITE_NULL ||
	    day_parse(text_at(st, 10), &p->last_visit, &e))
		p->last_visit = CARE_NO_DAY;
	return 1;
}

int care_people_next(struct care_people *it, const struct care_person **p, struct shequ_err *e)
{
	int rc;

	*p = NULL;
	while ((rc = sqlite3_step(it->st)) == SQLITE_ROW)
		if (person_from_row(it)) {
			*p = &it->p;
			return 0;
		}
	return rc == SQLITE_DONE ? 0 : db_fail(it->db, rc, "care people", e);
}

void care_people_close(struct care_people *it)
{
	size_t i;

	if (!it)
		return;
	sqlite3_finalize(it->st);
	/* The functions point at IT: take them away with it. */
	sqlite3_create_function(it->db, "care_tag_bit", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	sqlite3_create_function(it->db, "care_worker", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	sqlite3_create_function(it->db, "care_due_on", 3, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	for (i = 0; i < 2 * it->nworkers; i++)
		free(it->worker[i]);
	free(it->worker);
	free(it);
}
