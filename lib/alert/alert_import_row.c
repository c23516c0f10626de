/* alert_import_row.c - one row of a device, reading or event file:
 * checked, then stored; see alert_import.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert_import_impl.h"
#include "base/hashset.h"
#include "base/names.h"
#include "db/db.h"
#include "domain/mask.h"
#include "domain/period.h"
#include "domain/phone.h"
#include "request/request_store.h"
#include "request/request_time.h"

/* The statements, in the order of the AS_ names. */
static const char *const sqls[AS_NSTMTS] = {
    "SELECT id, kind FROM alert_device WHERE code = ?1",
    "SELECT id, dwelling_id FROM person WHERE id_number = ?1 AND moved_out IS NULL",
    "SELECT d.id, b.id FROM dwelling d JOIN stairwell s ON s.id = d.stairwell_id "
    "JOIN building b ON b.id = s.building_id JOIN compound c ON c.id = b.compound_id "
    "WHERE c.name = ?1 AND b.name = ?2 AND s.unit = ?3 AND d.room = ?4",
    "SELECT b.id FROM building b JOIN compound c ON c.id = b.compound_id "
    "WHERE c.name = ?1 AND b.name = ?2",
    "INSERT INTO alert_device (code, kind, dwelling_id, building_id, x, y, person_id, "
    "contact_name, contact_phone, installed, removed, changed) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (code) DO NOTHING",
    "UPDATE alert_device SET kind = ?2, dwelling_id = iif(?13 & 1, ?3, dwelling_id), "
    "building_id = iif(?13 & 1, ?4, building_id), x = iif(?13 & 2, ?5, x), "
    "y = iif(?13 & 2, ?6, y), person_id = iif(?13 & 4, ?7, person_id), "
    "contact_name = iif(?13 & 8, ?8, contact_name), "
    "contact_phone = iif(?13 & 16, ?9, contact_phone), "
    "installed = iif(?13 & 32, ?10, installed), removed = iif(?13 & 64, ?11, removed), "
    "changed = ?12 WHERE code = ?1 AND (kind IS NOT ?2 OR (?13 & 1 AND (dwelling_id IS "
    "NOT ?3 OR building_id IS NOT ?4)) OR (?13 & 2 AND (x IS NOT ?5 OR y IS NOT ?6)) OR "
    "(?13 & 4 AND person_id IS NOT ?7) OR (?13 & 8 AND contact_name IS NOT ?8) OR "
    "(?13 & 16 AND contact_phone IS NOT ?9) OR (?13 & 32 AND installed IS NOT ?10) OR "
    "(?13 & 64 AND removed IS NOT ?11))",
    "INSERT INTO alert_reading (device_id, at, litres, reset, import_id, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    "INSERT INTO alert_reading (device_id, at, litres, reset, import_id, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT litres, reset FROM alert_reading WHERE device_id = ?1 AND at = ?2",
    "INSERT INTO alert_event (device_id, at, event, value, seconds, import_id, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
    "SELECT value IS ?3, seconds IS ?4 FROM alert_event WHERE device_id = ?1 AND at = ?2 "
    "AND event = ?5",
    "SELECT at, litres FROM alert_reading WHERE device_id = ?1 ORDER BY at DESC LIMIT 1",
    "INSERT INTO alert_reading_batch (import_id, device_id, first_at, readings) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET first_at = min(first_at, "
    "excluded.first_at), readings = readings + excluded.readings",
};

int ai_prepare(struct ai_run *u, struct shequ_err *e)
{
	int i, rc;

	for (i = 0; i < AS_NSTMTS; i++)
		if ((rc = db_prepare(u->db, sqls[i], &u->s[i], e)))
			return rc;
	return 0;
}

/* Step statement K (bound) once; SQLITE_ROW, SQLITE_DONE or an error. */
static int step(struct ai_run *u, int k, struct shequ_err *e)
{
	int rc = sqlite3_step(u->s[k]);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_fail(u->db, rc, "alert import", e);
	return rc;
}

static void reset_stmt(struct ai_run *u, int k)
{
	sqlite3_reset(u->s[k]);
	sqlite3_clear_bindings(u->s[k]);
}

/* The cell of column C, "" when the file lacks it. */
static const char *cell(char **v, int c)
{
	return v[c] ? v[c] : "";
}

/* The kind named S, by code or Chinese name. */
static const struct alert_kind *kind_named(const struct alert_conf *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i].code, s) || !strcmp(c->kinds[i].name, s))
			return &c->kinds[i];
	return NULL;
}

/* The slot of CODE in the CAP slots K (free or holding it). */
static struct ai_known *known_slot_in(struct ai_known *k, size_t cap, const char *code)
{
	size_t i;

	for (i = hashset_key(code) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!k[i].code || !strcmp(k[i].code, code))
			return &k[i];
}

/* The slot of CODE in U's known devices (free or holding it); NULL when
 * there are no slots. */
static struct ai_known *known_slot(struct ai_run *u, const char *code)
{
	return u->capknown ? known_slot_in(u->known, u->capknown, code) : NULL;
}

struct ai_known *ai_known_find(struct ai_run *u, const char *code)
{
	struct ai_known *x = known_slot(u, code);

	return x && x->code ? x : NULL;
}

/* Devices remembered at most: past them, they are looked up each time. */
#define KNOWN_MAX 65536

/* Twice the slots for U's known devices, from 1,024: a table that fits
 * the devices stays in the processor's cache, one row after another. */
static int known_grow(struct ai_run *u)
{
	size_t cap = u->capknown ? 2 * u->capknown : 1024, i;
	struct ai_known *k = calloc(cap, sizeof *k);

	if (!k)
		return -1;
	for (i = 0; i < u->capknown; i++)
		if (u->known[i].code)
			*known_slot_in(k, cap, u->known[i].code) = u->known[i];
	free(u->known);
	u->known = k;
	u->capknown = cap;
	return 0;
}

/* Remember device CODE as ID of kind K; the slot, or NULL when it is not
 * remembered (too many, or out of memory: it is looked up each time). */
static struct ai_known *known_add(struct ai_run *u, const char *code, long long id,
				  const struct alert_kind *k)
{
	struct ai_known *x;

	if (u->nknown >= KNOWN_MAX || (u->nknown >= u->capknown / 2 && known_grow(u)) ||
	    !(x = known_slot(u, code)) || x->code || !(x->code = strdup(code)))
		return NULL;
	x->id = id;
	x->kind = k;
	u->nknown++;
	return x;
}

/* Device code V[AC_DEVICE] into *ID and its kind, or a rejection; *X:
 * its slot among the known devices (NULL: not remembered). */
static int device_of(struct ai_run *u, long line, char **v, long long *id,
		     const struct alert_kind **k, struct ai_known **x, struct shequ_err *e)
{
	const char *code = cell(v, AC_DEVICE);
	int rc;

	*id = 0;
	if (!*code)
		return ai_reject(u, line, AC_DEVICE, "empty");
	if ((*x = ai_known_find(u, code))) {
		*id = (*x)->id;
		*k = (*x)->kind;
		return 0;
	}
	sqlite3_bind_text(u->s[AS_DEVICE], 1, code, -1, SQLITE_STATIC);
	if ((rc = step(u, AS_DEVICE, e)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(u->s[AS_DEVICE], 0);
		*k =
		    alert_kind_find(u->conf, (const char *)sqlite3_column_text(u->s[AS_DEVICE], 1));
	}
	reset_stmt(u, AS_DEVICE);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (!*id || !*k)
		return ai_reject(u, line, AC_DEVICE, "unknown device '%s'", code);
	*x = known_add(u, code, *id, *k);
	return 0;
}

/* The moment V[AC_AT] into *AT, not after now. */
static int moment(struct ai_run *u, long line, char **v, long long *at)
{
	struct shequ_err pe = {0};
	char text[REQUEST_TIME_SIZE];

	if (request_time_parse(cell(v, AC_AT), at, &pe))
		return ai_reject(u, line, AC_AT, "%s", pe.msg);
	if (*at <= u->o->now)
		return 0;
	request_time_format(*at, text);
	return ai_reject(u, line, AC_AT, "%s is in the future", text);
}

/* A plain decimal S (digits and at most one '.', 15 digits at most) into
 * *D, as strtod() reads it: the digits are an exact integer and the power
 * of ten exact, so their quotient is the correctly rounded value.  -1 for
 * anything else.  A meter reading is one of these, millions of times. */
static int plain_decimal(const char *s, double *d)
{
	static const double tens[16] = {1e0, 1e1, 1e2,	1e3,  1e4,  1e5,  1e6,	1e7,
					1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	long long m = 0;
	int digits = 0, frac = -1;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			m = m * 10 + (*s - '0');
			digits++;
			frac += frac >= 0;
		} else if (*s == '.' && frac < 0) {
			frac = 0;
		} else {
			return -1;
		}
		if (digits > 15)
			return -1;
	}
	if (!digits)
		return -1;
	*d = (double)m / tens[frac < 0 ? 0 : frac];
	return 0;
}

/* A number in S into *D; -1 when it is not one. */
static int number(const char *s, double *d)
{
	char *end;

	if (!*s)
		return -1;
	if (!plain_decimal(s, d))
		return 0;
	*d = strtod(s, &end);
	return *end ? -1 : 0;
}

/* The litres of the reading cells, into *L. */
static int litres_of(struct ai_run *u, long line, char **v, double *l)
{
	static const char *const m3[] = {"", "m3", "m³", "立方米", "方", "吨"};
	static const char *const lit[] = {"l", "L", "升"};
	const char *unit = cell(v, AC_READING_UNIT);

	if (number(cell(v, AC_READING), l) || *l < 0)
		return ai_reject(u, line, AC_READING, "expected a reading of at least 0, got '%s'",
				 cell(v, AC_READING));
	if (unit[0] == 'L' && !unit[1])
		return 0; /* what most meter platforms write */
	if (names_index(m3, NAMES_COUNT(m3), unit) >= 0)
		*l *= 1000.0;
	else if (names_index(lit, NAMES_COUNT(lit), unit) < 0)
		return ai_reject(u, line, AC_READING_UNIT, "unknown unit '%s': expected m3 or L",
				 unit);
	return 0;
}

/* The reset marker of V into *R. */
static int reset_of(struct ai_run *u, long line, char **v, int *r)
{
	static const char *const no[] = {"", "0", "no", "n", "否"};
	static const char *const yes[] = {"1", "yes", "y", "是", "reset", "重置", "换表"};
	const char *s = cell(v, AC_RESET);

	*r = 0;
	if (!*s)
		return 0; /* most rows: no marker */
	*r = names_index(yes, NAMES_COUNT(yes), s) >= 0;
	if (!*r && names_index(no, NAMES_COUNT(no), s) < 0)
		return ai_reject(u, line, AC_RESET, "expected 1 (a reset) or empty, got '%s'", s);
	return 0;
}

/* Store reading R of device DEV (slot X; NULL: not remembered); the same
 * one again changes nothing, another value at the same moment is
 * refused. */
static int reading_store(struct ai_run *u, long line, long long dev, struct ai_known *x,
			 const struct alert_reading *r, struct shequ_err *e)
{
	sqlite3_stmt *s = u->s[AS_READING];
	char at[REQUEST_TIME_SIZE];
	int rc, same = 0;

	sqlite3_bind_int64(s, 1, dev);
	sqlite3_bind_int64(s, 2, r->at);
	sqlite3_bind_double(s, 3, r->litres);
	sqlite3_bind_int(s, 4, r->reset);
	sqlite3_bind_int64(s, 5, u->import_id);
	sqlite3_bind_int64(s, 6, line);
	rc = step(u, AS_READING, e);
	reset_stmt(u, AS_READING);
	if (rc != SQLITE_DONE)
		return rc;
	if (sqlite3_changes(u->db)) {
		u->st->added++;
		return ai_batch_add(u, x, dev, r->at, e);
	}
	s = u->s[AS_READING_OLD];
	sqlite3_bind_int64(s, 1, dev);
	sqlite3_bind_int64(s, 2, r->at);
	if ((rc = step(u, AS_READING_OLD, e)) == SQLITE_ROW)
		same = sqlite3_column_double(s, 0) == r->litres &&
		       sqlite3_column_int(s, 1) == r->reset;
	reset_stmt(u, AS_READING_OLD);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? shequ_err_set(e, EX_SOFTWARE, "reading vanished") : rc;
	request_time_format(r->at, at);
	if (!same)
		return ai_reject(u, line, AC_READING, "another reading at %s is there already", at);
	u->st->unchanged++;
	return 0;
}

/* Read the last stored reading of device X once. */
static int known_last(struct ai_run *u, struct ai_known *x, struct shequ_err *e)
{
	sqlite3_stmt *s = u->s[AS_LAST];
	int rc;

	sqlite3_bind_int64(s, 1, x->id);
	x->last_at = -1;
	if ((rc = step(u, AS_LAST, e)) == SQLITE_ROW) {
		x->last_at = sqlite3_column_int64(s, 0);
		x->last_litres = sqlite3_column_double(s, 1);
	}
	reset_stmt(u, AS_LAST);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	x->order = 1;
	return 0;
}

/* Whether reading CUR of device X (NULL: not remembered) comes after
 * every other it has, into *NEW: then it is checked against the one before
 * at once (a file in time order needs no walk at the end).  One that is
 * not after them marks the device for the walk. */
static int in_order(struct ai_run *u, long line, struct ai_known *x,
		    const struct alert_reading *cur, int *new, struct shequ_err *e)
{
	struct alert_reading prev = {0};
	double used;
	int rc;

	*new = 0;
	if (!x || x->order == 2)
		return 0;
	if (!x->order && (rc = known_last(u, x, e)))
		return rc;
	if (cur->at <= x->last_at) {
		x->order = 2;
		return 0;
	}
	*new = 1;
	prev.at = x->last_at;
	prev.litres = x->last_litres;
	if (x->last_at >= 0 && alert_use_delta(&prev, cur, &used))
		return ai_backwards(u, line, &prev, cur);
	return 0;
}

/* The cells of a reading of LINE into R, or a rejection. */
static int reading_cells(struct ai_run *u, long line, char **v, struct alert_reading *r)
{
	int rc;

	r->tag = line;
	if ((rc = moment(u, line, v, &r->at)) || (rc = litres_of(u, line, v, &r->litres)) ||
	    (rc = reset_of(u, line, v, &r->reset)))
		return rc;
	return 0;
}

static int reading_row(struct ai_run *u, long line, char **v, struct shequ_err *e)
{
	const struct alert_kind *k;
	struct alert_reading cur = {0};
	struct ai_known *x;
	long long dev;
	int rc, new;

	if ((rc = device_of(u, line, v, &dev, &k, &x, e)))
		return rc;
	if (!k->readings)
		return ai_reject(u, line, AC_DEVICE, "a %s sends no readings", k->code);
	if ((rc = reading_cells(u, line, v, &cur)) || (rc = in_order(u, line, x, &cur, &new, e)))
		return rc;
	if (new) {
		struct ai_queued q = {dev, cur.at, cur.litres, line, cur.reset};

		x->last_at = cur.at;
		x->last_litres = cur.litres;
		return (rc = ai_queue_push(u, &q, e)) ? rc : ai_batch_add(u, x, dev, cur.at, e);
	}
	/* Out of time order: it may be there already, or meet a queued one. */
	if ((rc = ai_queue_flush(u, e)))
		return rc;
	return reading_store(u, line, dev, x, &cur, e);
}

/* Bind an optional number: NULL when HAS is 0. */
static void bind_opt(sqlite3_stmt *s, int i, int has, double d)
{
	if (has)
		sqlite3_bind_double(s, i, d);
	else
		sqlite3_bind_null(s, i);
}

/* Store an event; the same again changes nothing, another value at the
 * same moment is refused. */
static int event_store(struct ai_run *u, long line, long long dev, const char *at, const char *ev,
		       const double num[2], const int has[2], struct shequ_err *e)
{
	sqlite3_stmt *s = u->s[AS_EVENT];
	int rc, same = 0;

	sqlite3_bind_int64(s, 1, dev);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ev, -1, SQLITE_STATIC);
	bind_opt(s, 4, has[0], num[0]);
	bind_opt(s, 5, has[1], num[1]);
	sqlite3_bind_int64(s, 6, u->import_id);
	sqlite3_bind_int64(s, 7, line);
	rc = step(u, AS_EVENT, e);
	reset_stmt(u, AS_EVENT);
	if (rc != SQLITE_DONE)
		return rc;
	if (sqlite3_changes(u->db)) {
		u->st->added++;
		return 0;
	}
	s = u->s[AS_EVENT_OLD];
	sqlite3_bind_int64(s, 1, dev);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	bind_opt(s, 3, has[0], num[0]);
	bind_opt(s, 4, has[1], num[1]);
	sqlite3_bind_text(s, 5, ev, -1, SQLITE_STATIC);
	if ((rc = step(u, AS_EVENT_OLD, e)) == SQLITE_ROW)
		same = sqlite3_column_int(s, 0) && sqlite3_column_int(s, 1);
	reset_stmt(u, AS_EVENT_OLD);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (!same)
		return ai_reject(u, line, AC_VALUE, "another %s at %s is there already", ev, at);
	u->st->unchanged++;
	return 0;
}

static int event_row(struct ai_run *u, long line, char **v, struct shequ_err *e)
{
	const struct alert_kind *k;
	char at[REQUEST_TIME_SIZE];
	const char *ev = cell(v, AC_EVENT);
	struct ai_known *x;
	long long dev, t;
	double num[2] = {0, 0};
	int rc, has[2];

	if ((rc = device_of(u, line, v, &dev, &k, &x, e)))
		return rc;
	if (!alert_kind_has_event(k, ev))
		return ai_reject(u, line, AC_EVENT, "a %s does not send '%s'", k->code, ev);
	if ((rc = moment(u, line, v, &t)))
		return rc;
	request_time_format(t, at);
	has[0] = *cell(v, AC_VALUE) != '\0';
	has[1] = *cell(v, AC_SECONDS) != '\0';
	if (has[0] && number(cell(v, AC_VALUE), &num[0]))
		return ai_reject(u, line, AC_VALUE, "expected a number, got '%s'", v[AC_VALUE]);
	if (has[1] && (number(cell(v, AC_SECONDS), &num[1]) || num[1] < 0))
		return ai_reject(u, line, AC_SECONDS, "expected seconds, got '%s'", v[AC_SECONDS]);
	if ((!strcmp(ev, "tilt") || !strcmp(ev, "level")) &&
	    (!has[0] || num[0] < 0 || num[0] > 180))
		return ai_reject(u, line, AC_VALUE, "a tilt is 0 to 180 degrees, got '%s'",
				 cell(v, AC_VALUE));
	return event_store(u, line, dev, at, ev, num, has, e);
}

/* A device as the row gives it. */
struct ai_device {
	const char *code;
	const struct alert_kind *kind;
	unsigned present; /* 1 place, 2 coordinates, 4 person, 8 contact name, 16 contact
			     phone, 32 installed, 64 removed */
	long long dwelling, building, person;
	double x, y;
	char phone[64], installed[11], removed[11];
};

/* The dwelling or building the place cells name, into D. */
static int place_of(struct ai_run *u, long line, char **v, struct ai_device *d, struct shequ_err *e)
{
	static const int cols[4] = {AC_COMPOUND, AC_BUILDING, AC_UNIT, AC_ROOM};
	static const char kinds[4] = {'c', 'b', 'u', 'r'};
	char p[4][256];
	int i, rc, dwell = *cell(v, AC_ROOM) != '\0';
	int k = dwell ? AS_DWELLING : AS_BUILDING;

	if (!*cell(v, AC_COMPOUND) && !*cell(v, AC_BUILDING) && !dwell)
		return 0;
	for (i = 0; i < (dwell ? 4 : 2); i++) {
		if (request_norm_place(kinds[i], cell(v, cols[i]), p[i], sizeof p[i]) || !*p[i])
			return ai_reject(u, line, cols[i], "the place needs this");
		sqlite3_bind_text(u->s[k], i + 1, p[i], -1, SQLITE_TRANSIENT);
	}
	d->present |= 1;
	if ((rc = step(u, k, e)) == SQLITE_ROW) {
		d->dwelling = dwell ? sqlite3_column_int64(u->s[k], 0) : 0;
		d->building = sqlite3_column_int64(u->s[k], dwell ? 1 : 0);
	}
	reset_stmt(u, k);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (rc == SQLITE_DONE)
		return ai_reject(u, line, dwell ? AC_ROOM : AC_BUILDING,
				 "no such %s in the registry", dwell ? "dwelling" : "building");
	return 0;
}

/* The watched person of V into D: a current resident. */
static int person_of(struct ai_run *u, long line, char **v, struct ai_device *d,
		     struct shequ_err *e)
{
	char id[64], masked[MASK_SIZE];
	size_t i;
	int rc;

	snprintf(id, sizeof id, "%s", cell(v, AC_ID_NUMBER));
	for (i = 0; id[i]; i++)
		id[i] = (char)toupper((unsigned char)id[i]);
	if (!v[AC_ID_NUMBER] || (!*id && !d->kind->watches))
		return 0;
	if (!*id)
		return ai_reject(u, line, AC_ID_NUMBER, "a %s watches over a resident: needed",
				 d->kind->code);
	if (!d->kind->watches)
		return ai_reject(u, line, AC_ID_NUMBER, "a %s watches over nobody", d->kind->code);
	sqlite3_bind_text(u->s[AS_PERSON], 1, id, -1, SQLITE_TRANSIENT);
	if ((rc = step(u, AS_PERSON, e)) == SQLITE_ROW) {
		d->person = sqlite3_column_int64(u->s[AS_PERSON], 0);
		if (!(d->present & 1))
			d->dwelling = sqlite3_column_int64(u->s[AS_PERSON], 1);
	}
	reset_stmt(u, AS_PERSON);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	mask_id(id, masked, sizeof masked);
	if (rc == SQLITE_DONE)
		return ai_reject(u, line, AC_ID_NUMBER, "%s is not a current resident", masked);
	d->present |= 4 | (d->present & 1 ? 0 : 1);
	return 0;
}

/* A day cell of column C (empty: none) into OUT, flagging BIT. */
static int day_of(struct ai_run *u, long line, char **v, int c, char out[11], unsigned bit,
		  struct ai_device *d)
{
	int day;

	if (!v[c])
		return 0;
	d->present |= bit;
	out[0] = '\0';
	if (!*v[c])
		return 0;
	if (day_parse_loose(v[c], &day, NULL))
		return ai_reject(u, line, c, "bad date '%s'", v[c]);
	day_format(day, out);
	return 0;
}

/* Coordinates, contact and dates of V into D. */
static int device_rest(struct ai_run *u, long line, char **v, struct ai_device *d)
{
	int rc;

	if (*cell(v, AC_X) || *cell(v, AC_Y)) {
		if (number(cell(v, AC_X), &d->x))
			return ai_reject(u, line, AC_X, "expected metres, got '%s'", cell(v, AC_X));
		if (number(cell(v, AC_Y), &d->y))
			return ai_reject(u, line, AC_Y, "expected metres, got '%s'", cell(v, AC_Y));
		d->present |= 2;
	}
	if (v[AC_CONTACT_NAME])
		d->present |= 8;
	if (v[AC_CONTACT_PHONE]) {
		d->present |= 16;
		phone_normalize(v[AC_CONTACT_PHONE], d->phone, sizeof d->phone, NULL);
	}
	if ((rc = day_of(u, line, v, AC_INSTALLED, d->installed, 32, d)) ||
	    (rc = day_of(u, line, v, AC_REMOVED, d->removed, 64, d)))
		return rc;
	return 0;
}

/* Refuse a device given to two people in this file; remember it. */
static int seen_once(struct ai_run *u, long line, const struct ai_device *d)
{
	struct ai_seen *s;
	size_t i;

	for (i = 0; i < u->nseen; i++) {
		if (strcmp(u->seen[i].code, d->code))
			continue;
		if (u->seen[i].person != d->person)
			return ai_reject(
			    u, line, AC_ID_NUMBER,
			    "device %s would watch over two people: another on line %ld", d->code,
			    u->seen[i].line);
		return 0;
	}
	if (u->nseen == u->capseen) {
		size_t cap = u->capseen ? 2 * u->capseen : 64;

		if (!(s = realloc(u->seen, cap * sizeof *s)))
			return EX_SOFTWARE;
		u->seen = s;
		u->capseen = cap;
	}
	if (!(u->seen[u->nseen].code = strdup(d->code)))
		return EX_SOFTWARE;
	u->seen[u->nseen].person = d->person;
	u->seen[u->nseen++].line = line;
	return 0;
}

/* Bind an id, NULL when 0. */
static void bind_id(sqlite3_stmt *s, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

/* Bind a text, NULL when empty. */
static void bind_str(sqlite3_stmt *s, int i, const char *t)
{
	if (t && *t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Insert or update device D (statement K). */
static int device_bind_step(struct ai_run *u, int k, char **v, const struct ai_device *d,
			    struct shequ_err *e)
{
	sqlite3_stmt *s = u->s[k];
	int rc;

	sqlite3_bind_text(s, 1, d->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->kind->code, -1, SQLITE_STATIC);
	bind_id(s, 3, d->dwelling);
	bind_id(s, 4, d->building);
	bind_opt(s, 5, d->present & 2, d->x);
	bind_opt(s, 6, d->present & 2, d->y);
	bind_id(s, 7, d->person);
	bind_str(s, 8, v[AC_CONTACT_NAME]);
	bind_str(s, 9, d->phone);
	bind_str(s, 10, d->installed);
	bind_str(s, 11, d->removed);
	sqlite3_bind_text(s, 12, u->now, -1, SQLITE_STATIC);
	if (k == AS_DEV_UPDATE)
		sqlite3_bind_int(s, 13, (int)d->present);
	rc = step(u, k, e);
	reset_stmt(u, k);
	return rc == SQLITE_DONE ? 0 : rc;
}

static int device_row(struct ai_run *u, long line, char **v, struct shequ_err *e)
{
	struct ai_device d = {0};
	int rc;

	d.code = cell(v, AC_DEVICE);
	if (!*d.code)
		return ai_reject(u, line, AC_DEVICE, "empty");
	if (!(d.kind = kind_named(u->conf, cell(v, AC_KIND))))
		return ai_reject(u, line, AC_KIND, "unknown kind '%s'", cell(v, AC_KIND));
	if ((rc = place_of(u, line, v, &d, e)) || (rc = person_of(u, line, v, &d, e)) ||
	    (rc = device_rest(u, line, v, &d)) || (rc = seen_once(u, line, &d)))
		return rc == EX_SOFTWARE ? shequ_err_set(e, rc, "out of memory") : rc;
	if ((rc = device_bind_step(u, AS_DEV_INSERT, v, &d, e)))
		return rc;
	if (sqlite3_changes(u->db)) {
		u->st->added++;
		return 0;
	}
	if ((rc = device_bind_step(u, AS_DEV_UPDATE, v, &d, e)))
		return rc;
	if (sqlite3_changes(u->db))
		u->st->changed++;
	else
		u->st->unchanged++;
	return 0;
}

int ai_row(struct ai_run *u, long line, char **v, struct shequ_err *e)
{
	if (u->shape == AI_DEVICES)
		return device_row(u, line, v, e);
	if (u->shape == AI_READINGS)
		return reading_row(u, line, v, e);
	return event_row(u, line, v, e);
}
