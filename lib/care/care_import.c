/* care_import.c - visits logs and service records; see care_import.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/normalize.h"
#include "care/care_import.h"
#include "care/care_window.h"
#include "db/db.h"
#include "domain/header_map.h"
#include "domain/idcard.h"
#include "domain/mask.h"
#include "domain/period.h"
#include "domain/place.h"

enum col {
	C_ID,
	C_COMPOUND,
	C_BUILDING,
	C_UNIT,
	C_ROOM,
	C_NAME,
	C_DATE,
	C_VISITOR,
	C_KIND,
	C_CATEGORY,
	C_FINDING,
	C_FOLLOW_UP,
	C_SERVICE,
	C_COUNT,
	C_PROVIDER,
	C_N
};

static const char *const col_names[C_N] = {
    "id_number", "compound", "building", "unit",      "room",	 "name",  "date",    "visitor",
    "kind",	 "category", "finding",	 "follow_up", "service", "count", "provider"};

/* The statements of an import. */
enum { S_BY_ID, S_BY_PLACE, S_LOG, S_VISIT, S_SERVICE, S_N };

static const char *const stmt_sql[S_N] = {
    "SELECT id, moved_out FROM person WHERE id_number = ?1",
    "SELECT p.id, p.moved_out, p.id_number FROM person p JOIN dwelling d ON d.id = p.dwelling_id "
    "JOIN stairwell s ON s.id = d.stairwell_id JOIN building b ON b.id = s.building_id "
    "JOIN compound c ON c.id = b.compound_id WHERE c.name = ?1 AND b.name = ?2 AND s.unit = ?3 "
    "AND d.room = ?4 AND p.name = ?5 ORDER BY p.moved_out IS NOT NULL, p.id LIMIT 1",
    "INSERT INTO care_import (started, file, register, rows, inserted, unchanged) "
    "VALUES (?1, ?2, ?3, 0, 0, 0)",
    "INSERT INTO care_visit (person_id, day, visitor, kind, category, finding, follow_up, "
    "import_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (person_id, day, visitor, kind) DO UPDATE SET category = excluded.category, "
    "finding = excluded.finding, follow_up = excluded.follow_up, import_id = excluded.import_id, "
    "line = excluded.line WHERE category IS NOT excluded.category "
    "OR finding IS NOT excluded.finding OR follow_up IS NOT excluded.follow_up",
    "INSERT INTO care_service (person_id, day, service, times, provider, import_id, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (person_id, day, service) DO UPDATE SET "
    "times = excluded.times, provider = excluded.provider, import_id = excluded.import_id, "
    "line = excluded.line WHERE times IS NOT excluded.times OR provider IS NOT excluded.provider"};

/* An import under way. */
struct imp {
	sqlite3 *db;
	const struct care_conf *c;
	const struct care_import_opts *o;
	struct care_import_stats *st;
	const char *path;
	struct header_map hm;
	char *label[C_N]; /* the file's header cell of each column */
	int services;	  /* 1: a service record, 0: a visits log */
	sqlite3_stmt *s[S_N];
	long long import_id;
	long line;
	int bad_row; /* the current row has a reported error */
};

/* One row, as far as it is read. */
struct row {
	char *v[C_N];
	long long person;
	int birth, day;
};

/* Report REASON for column COL (-1: the row) of the current line. */
static void reject(struct imp *m, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reject(struct imp *m, int col, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, i18n_format(fmt), ap);
	va_end(ap);
	if (!m->bad_row)
		m->st->rejected++;
	m->bad_row = 1;
	if (m->o->report)
		m->o->report(m->o->ctx, m->path, m->line, col >= 0 ? m->label[col] : NULL, reason);
}

/* Value of column COL of R, "" when the file lacks it. */
static const char *val(const struct row *r, int col)
{
	return r->v[col] ? r->v[col] : "";
}

/* Step a lookup S and take the person it finds into R; WHO names the
 * person in messages (masked).  EX_DATAERR when reported. */
static int person_take(struct imp *m, sqlite3_stmt *s, int col, const char *who, struct row *r,
		       struct shequ_err *e)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_DONE) {
		reject(m, col, "%s is not in the roster (a visit or service never adds a person)",
		       who);
		return EX_DATAERR;
	}
	if (rc != SQLITE_ROW)
		return db_fail(m->db, rc, "care person", e);
	if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
		reject(m, col, "%s moved out (%.10s)", who,
		       (const char *)sqlite3_column_text(s, 1));
		return EX_DATAERR;
	}
	r->person = sqlite3_column_int64(s, 0);
	if (col == C_ID)
		r->birth = care_birth_of_id(val(r, C_ID));
	else
		r->birth = care_birth_of_id((const char *)sqlite3_column_text(s, 2));
	return 0;
}

/* The person of R by ID number. */
static int person_by_id(struct imp *m, struct row *r, struct shequ_err *e)
{
	struct idcard id;
	struct shequ_err why = {0};
	char masked[MASK_SIZE];
	sqlite3_stmt *s = m->s[S_BY_ID];
	int rc, y, mo, d;

	day_to_ymd(m->o->today, &y, &mo, &d);
	if (idcard_parse(val(r, C_ID), y, mo, d, &id, &why)) {
		reject(m, C_ID, "%s", why.msg);
		return EX_DATAERR;
	}
	mask_id(id.id, masked, sizeof masked);
	r->v[C_ID] = NULL; /* the checked form is bound below */
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, id.id, -1, SQLITE_TRANSIENT);
	rc = person_take(m, s, C_ID, masked, r, e);
	if (!rc)
		r->birth = care_birth_of_id(id.id);
	return rc;
}

/* The person of R by address and name. */
static int person_by_place(struct imp *m, struct row *r, struct shequ_err *e)
{
	static const int kinds[4] = {'b', 'u', 'r', 0};
	char place[4][256], name[512], who[1200], mn[64];
	sqlite3_stmt *s = m->s[S_BY_PLACE];
	int i;

	if (!*val(r, C_NAME) || !*val(r, C_COMPOUND) || !*val(r, C_BUILDING) || !*val(r, C_ROOM)) {
		reject(m, -1,
		       "no 身份证号, and no whole address with a name (小区, 楼号, 单元, "
		       "房号, 姓名)");
		return EX_DATAERR;
	}
	place_norm(0, val(r, C_COMPOUND), place[3], sizeof place[3]);
	for (i = 0; i < 3; i++)
		place_norm(kinds[i], val(r, C_BUILDING + i), place[i], sizeof place[i]);
	if (!*place[1])
		snprintf(place[1], sizeof place[1], "1");
	norm_name_to(val(r, C_NAME), name, sizeof name);
	mask_name(name, mn, sizeof mn);
	snprintf(who, sizeof who, "%s (%s %s-%s-%s)", mn, place[3], place[0], place[1], place[2]);
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, place[3], -1, SQLITE_TRANSIENT);
	for (i = 0; i < 3; i++)
		sqlite3_bind_text(s, 2 + i, place[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, name, -1, SQLITE_TRANSIENT);
	return person_take(m, s, C_NAME, who, r, e);
}

/* The date of R: a date, not in the future, not before the person was
 * registered. */
static int row_date(struct imp *m, struct row *r)
{
	struct shequ_err why = {0};
	char b[11];

	if (day_parse_loose(val(r, C_DATE), &r->day, &why)) {
		reject(m, C_DATE, "%s", why.msg);
		return EX_DATAERR;
	}
	if (r->day > m->o->today) {
		reject(m, C_DATE, "%s is in the future", val(r, C_DATE));
		return EX_DATAERR;
	}
	if (r->birth != CARE_NO_DAY && r->day < r->birth) {
		day_format(r->birth, b);
		reject(m, C_DATE, "%s is before the person was registered (born %.4s)",
		       val(r, C_DATE), b);
		return EX_DATAERR;
	}
	return 0;
}

/* 1 for 是/需要/1/y/yes/true, 0 for ""/否/不需要/0/n/no/false, -1 else. */
static int yes_no(const char *s)
{
	static const char *const yes[] = {"是", "需要", "需", "1", "y", "yes", "true", "√"};
	static const char *const no[] = {"", "否", "不需要", "无", "0", "n", "no", "false"};
	char *t = norm_text(s);
	size_t i;
	int v = -1;

	for (i = 0; t && v < 0 && i < sizeof yes / sizeof *yes; i++)
		if (!strcasecmp(t, yes[i]))
			v = 1;
	for (i = 0; t && v < 0 && i < sizeof no / sizeof *no; i++)
		if (!strcasecmp(t, no[i]))
			v = 0;
	free(t);
	return v;
}

/* Bind text V at I of S, NULL when empty. */
static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Run the insert S and count what it did. */
static int store(struct imp *m, sqlite3_stmt *s, struct shequ_err *e)
{
	int rc;

	/* An update leaves the last rowid alone: 0 says nothing was inserted. */
	sqlite3_set_last_insert_rowid(m->db, 0);
	rc = sqlite3_step(s);

	if (rc != SQLITE_DONE)
		return db_fail(m->db, rc, m->services ? "care_service" : "care_visit", e);
	if (!sqlite3_changes(m->db))
		m->st->unchanged++;
	else if (sqlite3_last_insert_rowid(m->db))
		m->st->inserted++;
	else
		m->st->updated++;
	return 0;
}

/* The rest of a visits row: visitor, kind, category, finding, follow-up. */
static int visit_row(struct imp *m, struct row *r, struct shequ_err *e)
{
	char visitor[256], day[11];
	int kind = r->v[C_KIND] ? care_kind_find(m->c, val(r, C_KIND)) : 0, cat = -1;
	int fu = yes_no(val(r, C_FOLLOW_UP));
	sqlite3_stmt *s = m->s[S_VISIT];

	norm_name_to(val(r, C_VISITOR), visitor, sizeof visitor);
	if (!*visitor)
		reject(m, C_VISITOR, "empty: who visited is needed");
	if (kind < 0)
		reject(m, C_KIND, "unknown kind of visit '%s' (see share/care/visit-kinds.csv)",
		       val(r, C_KIND));
	if (*val(r, C_CATEGORY) && (cat = care_category_find(m->c, val(r, C_CATEGORY))) < 0)
		reject(m, C_CATEGORY, "unknown category '%s' (shequ-care categories lists them)",
		       val(r, C_CATEGORY));
	if (fu < 0)
		reject(m, C_FOLLOW_UP, "expected 是 or 否, got '%s'", val(r, C_FOLLOW_UP));
	if (m->bad_row)
		return EX_DATAERR;
	day_format(r->day, day);
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, r->person);
	sqlite3_bind_text(s, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, visitor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, m->c->kind[kind].code, -1, SQLITE_STATIC);
	bind_opt(s, 5, cat >= 0 ? m->c->cat[cat].code : NULL);
	bind_opt(s, 6, val(r, C_FINDING));
	sqlite3_bind_int(s, 7, fu);
	sqlite3_bind_int64(s, 8, m->import_id);
	sqlite3_bind_int64(s, 9, m->line);
	return store(m, s, e);
}

/* A count: "" is 1; else a whole number from 1 to 1000, or -1. */
static long count_of(const char *s)
{
	char *end;
	long n;

	if (!*s)
		return 1;
	errno = 0;
	n = strtol(s, &end, 10);
	return *end || errno || n < 1 || n > 1000 ? -1 : n;
}

/* The rest of a service row: service, its ages, count, provider. */
static int service_row(struct imp *m, struct row *r, struct shequ_err *e)
{
	int k = care_service_find(m->c, val(r, C_SERVICE)), age;
	long n = count_of(val(r, C_COUNT));
	sqlite3_stmt *s = m->s[S_SERVICE];
	char day[11];

	if (k < 0) {
		reject(m, C_SERVICE, "unknown service '%s' (see share/care/services.csv)",
		       val(r, C_SERVICE));
	} else if (r->birth != CARE_NO_DAY) {
		const struct care_item *it = &m->c->service[k];

		age = care_age(r->birth, r->day);
		if (it->max_age >= 0 && age > it->max_age)
			reject(m, C_SERVICE, "a child of %d is over %d for %s", age, it->max_age,
			       it->name);
		else if (it->min_age >= 0 && age < it->min_age)
			reject(m, C_SERVICE, "%s is for %d and over, the person is %d", it->name,
			       it->min_age, age);
	}
	if (n < 0)
		reject(m, C_COUNT, "expected a whole number from 1 to 1000, got '%s'",
		       val(r, C_COUNT));
	if (m->bad_row)
		return EX_DATAERR;
	day_format(r->day, day);
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, r->person);
	sqlite3_bind_text(s, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, m->c->service[k].code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, n);
	bind_opt(s, 5, val(r, C_PROVIDER));
	sqlite3_bind_int64(s, 6, m->import_id);
	sqlite3_bind_int64(s, 7, m->line);
	return store(m, s, e);
}

/* One row: its person, its date, then the rest by register. */
static int one_row(struct imp *m, struct row *r, struct shequ_err *e)
{
	int rc;

	m->bad_row = 0;
	r->birth = CARE_NO_DAY;
	rc = *val(r, C_ID) ? person_by_id(m, r, e) : person_by_place(m, r, e);
	if (rc == EX_DATAERR)
		return row_date(m, r), 0; /* a bad date is worth knowing too */
	if (rc || row_date(m, r))
		return rc;
	rc = m->services ? service_row(m, r, e) : visit_row(m, r, e);
	return rc == EX_DATAERR ? 0 : rc;
}

/* Open PATH, map its header and decide the register. */
static int open_file(struct imp *m, struct shequ_err *e)
{
	struct csvin_opts co = {.encoding = m->o->encoding, .delim = m->o->delim};
	int rc = header_map_open(&m->hm, m->path, &co, "care/headers.csv", "care", col_names, C_N,
				 m->label, e);

	if (rc)
		return rc;
	m->services = m->label[C_SERVICE] != NULL;
	if (!m->services && !m->label[C_VISITOR])
		return shequ_err_set(e, EX_DATAERR,
				     "%s:1: neither a visits log (探访人) nor a service record "
				     "(服务项目)",
				     m->path);
	if (!m->label[C_DATE])
		return shequ_err_set(e, EX_DATAERR, "%s:1: the header lacks a date (日期)",
				     m->path);
	if (!m->label[C_ID] && !m->label[C_NAME])
		return shequ_err_set(e, EX_DATAERR,
				     "%s:1: the header lacks 身份证号 or the address and 姓名",
				     m->path);
	m->st->reg = m->services ? "services" : "visits";
	return 0;
}

/* Prepare the statements and write the import's log row. */
static int start(struct imp *m, struct shequ_err *e)
{
	char now[20];
	int i, rc = 0;

	for (i = 0; i < S_N && !rc; i++)
		rc = db_prepare(m->db, stmt_sql[i], &m->s[i], e);
	if (rc)
		return rc;
	db_now(now);
	sqlite3_bind_text(m->s[S_LOG], 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(m->s[S_LOG], 2, m->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(m->s[S_LOG], 3, m->st->reg, -1, SQLITE_STATIC);
	if (sqlite3_step(m->s[S_LOG]) != SQLITE_DONE)
		return db_fail(m->db, sqlite3_errcode(m->db), "care_import", e);
	m->import_id = sqlite3_last_insert_rowid(m->db);
	return 0;
}

/* Read and store every row. */
static int read_rows(struct imp *m, struct shequ_err *e)
{
	struct csvin_row *row;
	struct row r;
	int rc;

	while (!(rc = csvin_next(m->hm.in, &row, e)) && row) {
		m->st->rows++;
		m->line = row->line;
		memset(&r, 0, sizeof r);
		if (header_map_fill(&m->hm, row, r.v, C_N)) {
			m->bad_row = 0;
			reject(m, -1, "expected %zu fields, got %zu", m->hm.nfields, row->nfields);
			continue;
		}
		if ((rc = one_row(m, &r, e)))
			return rc;
	}
	if (rc)
		header_map_err_at(e, m->path);
	return rc;
}

/* Write the counts into the log row. */
static int finish(struct imp *m, struct shequ_err *e)
{
	char sql[200];

	snprintf(
	    sql, sizeof sql,
	    "UPDATE care_import SET rows = %ld, inserted = %ld, unchanged = %ld WHERE id = %lld",
	    m->st->rows, m->st->inserted, m->st->unchanged, m->import_id);
	return db_exec(m->db, sql, e);
}

int care_import_file(sqlite3 *db, const struct care_conf *c, const char *path,
		     const struct care_import_opts *o, struct care_import_stats *st,
		     struct shequ_err *e)
{
	struct imp m = {.db = db, .c = c, .o = o, .st = st, .path = path};
	int i, rc;

	memset(st, 0, sizeof *st);
	if (!(rc = open_file(&m, e)) && !(rc = db_begin(db, e))) {
		if (!(rc = start(&m, e)) && !(rc = read_rows(&m, e)) && !st->rejected)
			rc = finish(&m, e);
		if (!rc && st->rejected)
			rc = EX_DATAERR;
		if (rc || o->dry_run)
			db_rollback(db);
		else
			rc = db_commit(db, e);
	}
	for (i = 0; i < S_N; i++)
		sqlite3_finalize(m.s[i]);
	for (i = 0; i < C_N; i++)
		free(m.label[i]);
	header_map_close(&m.hm);
	return rc;
}
