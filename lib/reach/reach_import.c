/* reach_import.c - the facility register; see reach_import.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "base/datadir.h"
#include "base/i18n.h"
#include "base/names.h"
#include "db/db.h"
#include "reach/reach_geo.h"
#include "reach/reach_import.h"

enum col { C_NAME, C_KIND, C_X, C_Y, C_LON, C_LAT, C_CAPACITY, C_AREA, C_HOURS, C_ADDRESS, C_N };

static const char *const col_names[C_N] = {"name", "kind",     "x",    "y",	"lon",
					   "lat",  "capacity", "area", "hours", "address"};

/* One facility as read. */
struct fac_in {
	char *name, *hours, *address;
	int kind;
	double x, y, area; /* area < 0: unknown */
	long capacity;	   /* -1: unknown */
	long line;
};

/* An import under way. */
struct imp {
	const struct reach_catalogue *c;
	const struct reach_import_opts *o;
	const char *path;
	struct reach_import_stats *st;
	long col[C_N];	  /* the file's column of each, -1 when absent */
	char *head[C_N];  /* the file's header cell of each */
	int lonlat;	  /* -1 until the first row with coordinates */
	long first_line;  /* that row */
	double ext[4];	  /* the buildings' extent: min x, min y, max x, max y */
	int has_ext;	  /* 0 when no building has coordinates */
	struct fac_in *f; /* the good rows */
	size_t n, cap;
	int bad_row; /* the current row has a reported error */
};

/* Report REASON for COLUMN (a col, or -1 for the row) of LINE. */
static void reject(struct imp *m, long line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reject(struct imp *m, long line, int column, const char *fmt, ...)
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
		m->o->report(m->o->ctx, m->path, line, column >= 0 ? m->head[column] : NULL,
			     reason);
}

/* The canonical column the header cell CELL names by share/reach/headers.csv
 * (ALIASES, read as pairs column, alias), or -1. */
static int column_of(struct csvin *aliases, const char *cell, struct shequ_err *e)
{
	struct csvin_row *row;
	char *want = csv_header_norm(cell), *have;
	int found = -1;

	while (want && found < 0 && !csvin_next(aliases, &row, e) && row) {
		if (row->nfields != 2 || !(have = csv_header_norm(row->fields[1])))
			continue;
		if (!strcmp(want, have))
			found = names_index(col_names, C_N, row->fields[0]);
		free(have);
	}
	free(want);
	return found;
}

/* Map the header ROW of the file to the canonical columns. */
static int map_header(struct imp *m, const struct csvin_row *row, struct shequ_err *e)
{
	char path[4096];
	size_t i;
	int k;

	if (datadir_path("reach/headers.csv", path, sizeof path, e))
		return EX_CONFIG;
	for (k = 0; k < C_N; k++)
		m->col[k] = -1;
	for (i = 0; i < row->nfields; i++) {
		struct csvin *a = csvin_open(path, NULL, e);

		if (!a)
			return EX_CONFIG;
		k = column_of(a, row->fields[i], e);
		csvin_close(a);
		if (k >= 0 && m->col[k] < 0) {
			m->col[k] = (long)i;
			if (!(m->head[k] = strdup(row->fields[i])))
				return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		}
	}
	return 0;
}

/* Check that the mapped header has what a register needs. */
static int header_complete(const struct imp *m, struct shequ_err *e)
{
	const char *lacks = NULL;

	if (m->col[C_NAME] < 0)
		lacks = "a name column (名称)";
	else if (m->col[C_KIND] < 0)
		lacks = "a kind column (类型)";
	else if ((m->col[C_X] < 0) != (m->col[C_Y] < 0))
		lacks = "both x and y";
	else if ((m->col[C_LON] < 0) != (m->col[C_LAT] < 0))
		lacks = "both lon and lat (经度, 纬度)";
	else if (m->col[C_X] < 0 && m->col[C_LON] < 0)
		lacks = "coordinates: x and y, or lon and lat (经度, 纬度)";
	if (lacks)
		return shequ_err_set(e, EX_DATAERR, "%s:1: the header lacks %s", m->path, lacks);
	return 0;
}

/* The extent of the buildings with coordinates. */
static int load_extent(sqlite3 *db, struct imp *m, struct shequ_err *e)
{
	sqlite3_stmt *s;
	int rc, k;

	if (db_prepare(db,
		       "SELECT min(x), min(y), max(x), max(y) FROM building "
		       "WHERE x IS NOT NULL AND y IS NOT NULL",
		       &s, e))
		return e->code;
	rc = sqlite3_step(s);
	m->has_ext = rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
	for (k = 0; m->has_ext && k < 4; k++)
		m->ext[k] = sqlite3_column_double(s, k);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "reading the buildings' extent", e);
	return 0;
}

/* The cell of column K in ROW, "" when the file lacks it. */
static const char *cell(const struct imp *m, const struct csvin_row *row, int k)
{
	if (m->col[k] < 0 || (size_t)m->col[k] >= row->nfields)
		return "";
	return row->fields[m->col[k]];
}

/* A number from S into *V: 1 when given, 0 when empty, -1 when bad. */
static int number(const char *s, double *v)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	return (*end || errno || !isfinite(*v)) ? -1 : 1;
}

/* Read the pair of columns KX, KY of ROW into F; 1 when given, 0 when
 * both are empty, -1 after a reported error. */
static int coord_pair(struct imp *m, const struct csvin_row *row, int kx, int ky, struct fac_in *f)
{
	int gx = number(cell(m, row, kx), &f->x), gy = number(cell(m, row, ky), &f->y);

	if (gx < 0 || gy < 0) {
		reject(m, row->line, gx < 0 ? kx : ky, "'%s' is not a number",
		       cell(m, row, gx < 0 ? kx : ky));
		return -1;
	}
	if (gx != gy) {
		reject(m, row->line, gx ? ky : kx, "%s without %s", col_names[gx ? kx : ky],
		       col_names[gx ? ky : kx]);
		return -1;
	}
	return gx;
}

/* Longitude and latitude within their ranges. */
static int lonlat_ranges(struct imp *m, long line, const struct fac_in *f)
{
	if (f->y < -90 || f->y > 90) {
		reject(m, line, C_LAT,
		       "%g is not a latitude (-90 to 90): longitude and latitude "
		       "swapped?",
		       f->y);
		return -1;
	}
	if (f->x < -180 || f->x > 180) {
		reject(m, line, C_LON, "%g is not a longitude (-180 to 180)", f->x);
		return -1;
	}
	return 0;
}

/* The coordinates of ROW into F: one system per file. */
static int coords(struct imp *m, const struct csvin_row *row, struct fac_in *f)
{
	int planar = m->col[C_X] >= 0 ? coord_pair(m, row, C_X, C_Y, f) : 0, geo = 0;
	struct fac_in g = *f;

	if (planar < 0 || (m->col[C_LON] >= 0 && (geo = coord_pair(m, row, C_LON, C_LAT, &g)) < 0))
		return -1;
	if (!planar && !geo) {
		reject(m, row->line, -1, "no coordinates: x and y, or lon and lat, are needed");
		return -1;
	}
	if (planar && geo) {
		reject(m, row->line, C_LON, "both x, y and lon, lat given: the register uses one");
		return -1;
	}
	if (geo) {
		*f = g;
		if (lonlat_ranges(m, row->line, f))
			return -1;
	}
	if (m->lonlat < 0) {
		m->lonlat = geo;
		m->first_line = row->line;
	} else if (m->lonlat != geo) {
		reject(m, row->line, geo ? C_LON : C_X,
		       "the register mixes %s and %s (line %ld): one file uses one of the two",
		       geo ? "lon, lat" : "x, y", geo ? "x, y" : "lon, lat", m->first_line);
		return -1;
	}
	return 0;
}

/* How far F lies outside the buildings' extent, in metres. */
static double outside_by(const struct imp *m, const struct fac_in *f)
{
	double cx = fmin(fmax(f->x, m->ext[0]), m->ext[2]);
	double cy = fmin(fmax(f->y, m->ext[1]), m->ext[3]);

	return reach_distance(m->lonlat, f->x, f->y, cx, cy);
}

/* F lies within the community: within REACH_EXTENT_SLACK of the extent of
 * the buildings, in the buildings' own coordinates. */
static int within_extent(struct imp *m, long line, const struct fac_in *f)
{
	double d;
	int k = m->lonlat ? C_LON : C_X;

	if (!m->has_ext)
		return 0;
	if (m->lonlat &&
	    (m->ext[0] < -180 || m->ext[2] > 180 || m->ext[1] < -90 || m->ext[3] > 90)) {
		reject(m, line, k,
		       "the buildings' coordinates are planar metres, not longitude and "
		       "latitude: give x and y");
		return -1;
	}
	d = outside_by(m, f);
	if (d > REACH_EXTENT_SLACK) {
		reject(m, line, k,
		       "%.1f km outside the community's buildings (longitude and latitude "
		       "swapped, or another coordinate system?)",
		       d / 1000.0);
		return -1;
	}
	return 0;
}

/* The optional numbers of ROW into F: capacity and floor area. */
static int amounts(struct imp *m, const struct csvin_row *row, struct fac_in *f)
{
	const char *cap = cell(m, row, C_CAPACITY);
	double v;
	int g;

	f->capacity = -1;
	f->area = -1;
	if ((g = number(cap, &v)) < 0 || (g > 0 && v >= 0 && (v != floor(v) || v > 1e9))) {
		reject(m, row->line, C_CAPACITY, "'%s' is not a whole number", cap);
		return -1;
	}
	if (g && v < 0) {
		reject(m, row->line, C_CAPACITY, "negative: %s", cap);
		return -1;
	}
	if (g)
		f->capacity = (long)v;
	if ((g = number(cell(m, row, C_AREA), &f->area)) < 0 || (g && f->area < 0)) {
		reject(m, row->line, C_AREA, g < 0 ? "'%s' is not a number" : "negative: %s",
		       cell(m, row, C_AREA));
		return -1;
	}
	if (!g)
		f->area = -1;
	return 0;
}

/* Room for one more good row. */
static int grow_facilities(struct imp *m)
{
	struct fac_in *p;

	if (m->n < m->cap)
		return 0;
	m->cap = m->cap ? m->cap * 2 : 64;
	if (!(p = realloc(m->f, m->cap * sizeof *p)))
		return -1;
	m->f = p;
	return 0;
}

/* The line of an earlier good row with the kind and name of F, or 0. */
static long seen_before(const struct imp *m, const struct fac_in *f)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->f[i].kind == f->kind && !strcmp(m->f[i].name, f->name))
			return m->f[i].line;
	return 0;
}

/* Check ROW and, when good, keep it. */
static int take_row(struct imp *m, const struct csvin_row *row)
{
	struct fac_in f = {.line = row->line};
	const char *name = cell(m, row, C_NAME), *kind = cell(m, row, C_KIND);
	long twice;

	m->bad_row = 0;
	m->st->rows++;
	if (!*name)
		reject(m, row->line, C_NAME, "empty");
	if ((f.kind = reach_kind_find(m->c, kind)) < 0)
		reject(m, row->line, C_KIND,
		       *kind ? "unknown kind '%s' (shequ-reach kinds lists them)" : "empty%s",
		       kind);
	if (coords(m, row, &f) || within_extent(m, row->line, &f) || amounts(m, row, &f) ||
	    m->bad_row)
		return 0;
	f.name = (char *)name;
	if ((twice = seen_before(m, &f))) {
		reject(m, row->line, C_NAME, "%s '%s' is listed twice (line %ld)",
		       m->c->kind[f.kind].name, name, twice);
		return 0;
	}
	if (grow_facilities(m) || !(f.name = strdup(name)) ||
	    !(f.hours = strdup(cell(m, row, C_HOURS))) ||
	    !(f.address = strdup(cell(m, row, C_ADDRESS))))
		return -1;
	m->f[m->n++] = f;
	return 0;
}

/* Bind text S to parameter I of ST, NULL when empty. */
static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (*s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Insert facility F through ST. */
static int insert_one(sqlite3_stmt *st, const struct imp *m, const struct fac_in *f)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->c->kind[f->kind].code, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, f->x);
	sqlite3_bind_double(st, 4, f->y);
	sqlite3_bind_int(st, 5, m->lonlat > 0);
	if (f->capacity >= 0)
		sqlite3_bind_int64(st, 6, f->capacity);
	else
		sqlite3_bind_null(st, 6);
	if (f->area >= 0)
		sqlite3_bind_double(st, 7, f->area);
	else
		sqlite3_bind_null(st, 7);
	bind_text(st, 8, f->hours);
	bind_text(st, 9, f->address);
	sqlite3_bind_int64(st, 10, f->line);
	return sqlite3_step(st);
}

/* Replace the register with the good rows, and log the import. */
static int store(sqlite3 *db, const struct imp *m, struct shequ_err *e)
{
	sqlite3_stmt *st;
	char now[20], sql[256];
	size_t i;
	int rc = SQLITE_DONE;

	if (db_begin(db, e) || db_exec(db, "DELETE FROM reach_facility", e))
		return db_rollback(db), e->code;
	if (db_prepare(db,
		       "INSERT INTO reach_facility (name, kind, x, y, lonlat, capacity, area, "
		       "hours, address, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       &st, e))
		return db_rollback(db), e->code;
	for (i = 0; i < m->n && rc == SQLITE_DONE; i++)
		rc = insert_one(st, m, &m->f[i]);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_rollback(db), db_fail(db, rc, "storing the facilities", e);
	db_now(now);
	snprintf(sql, sizeof sql,
		 "INSERT INTO reach_import (started, file, facilities, lonlat) "
		 "VALUES ('%s', ?, %zu, %d)",
		 now, m->n, m->lonlat > 0);
	if (db_prepare(db, sql, &st, e))
		return db_rollback(db), e->code;
	sqlite3_bind_text(st, 1, m->path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_rollback(db), db_fail(db, rc, "logging the import", e);
	return db_commit(db, e);
}

/* Read every row of R after the header. */
static int read_rows(struct imp *m, struct csvin *r, struct shequ_err *e)
{
	struct csvin_row *row;
	int rc;

	while (!(rc = csvin_next(r, &row, e)) && row)
		if (take_row(m, row))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (rc)
		shequ_err_prefix(e, "%s: ", m->path);
	return rc;
}

/* Free what M holds. */
static void imp_free(struct imp *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->f[i].name);
		free(m->f[i].hours);
		free(m->f[i].address);
	}
	for (i = 0; i < C_N; i++)
		free(m->head[i]);
	free(m->f);
}

int reach_import_file(sqlite3 *db, const struct reach_catalogue *c, const char *path,
		      const struct reach_import_opts *o, struct reach_import_stats *st,
		      struct shequ_err *e)
{
	struct csvin_opts co = {.encoding = o->encoding, .delim = o->delim};
	struct imp m = {.c = c, .o = o, .path = path, .st = st, .lonlat = -1};
	struct csvin_row *row;
	struct csvin *r;
	int rc;

	memset(st, 0, sizeof *st);
	if (!(r = csvin_open(path, &co, e)))
		return e->code;
	if (!(rc = csvin_next(r, &row, e)) && !row)
		rc = shequ_err_set(e, EX_DATAERR, "%s: empty file: a header is needed", path);
	if (!rc && !(rc = map_header(&m, row, e)) && !(rc = header_complete(&m, e)) &&
	    !(rc = load_extent(db, &m, e)))
		rc = read_rows(&m, r, e);
	csvin_close(r);
	st->lonlat = m.lonlat > 0;
	if (!rc && st->rejected)
		rc = EX_DATAERR;
	else if (!rc && !o->dry_run)
		rc = store(db, &m, e);
	imp_free(&m);
	return rc;
}
