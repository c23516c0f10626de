/*
 * care_people.h - the people of the roster who are in a category of
 * shequ-care on a day, read one at a time: the current residents of 60 or
 * more, of the highest child age or less, or with a tag of share/care/,
 * with their categories, cadence, grid and last visit.
 *
 *	struct care_people *it;
 *	const struct care_person *p;
 *	if (care_people_open(db, &conf, day, CARE_ORDER_GRID, &it, &e))
 *		...;
 *	while (!(rc = care_people_next(it, &p, &e)) && p)
 *		use(p);
 *	care_people_close(it);
 *
 * Ages are whole years on DAY, from the birth date in the ID number.  Tags
 * are the roster's 人员标签 through share/care/tags.csv.  The visitor is
 * the one of the last visit on or before DAY, else the grid's first grid
 * worker (网格员) by name; "" when the grid has none.
 *
 * The connection gets three SQL functions while the iterator lives,
 * care_tag_bit(tag), care_worker(grid) and care_due_on(id_number, tags,
 * last_visit) (the status care_due() gives on the day, 0 when none is due:
 * the rule in C, registered once for the query); nothing is written, so a
 * database opened read-only serves.  The strings of a person are valid until
 * the next care_people_next().  Errors: db_fail()'s.
 */
#ifndef SHEQU_CARE_PEOPLE_H
#define SHEQU_CARE_PEOPLE_H

#include <sqlite3.h>

#include "care/care_conf.h"

/* The order people come in. */
enum care_order {
	CARE_ORDER_GRID,    /* grid code (people in no grid last), then address */
	CARE_ORDER_VISITOR, /* grid, visitor, then address */
	CARE_ORDER_ID,	    /* the person's row id */
	CARE_ORDER_DUE	    /* as CARE_ORDER_VISITOR, only those due or overdue on the
			       day (care_due): the others are never sorted */
};

struct care_person {
	long long id;
	const char *id_number, *name, *phone;
	const char *compound, *building, *unit, *room;
	const char *grid; /* "" when in no grid */
	const char *visitor;
	int birth, age; /* day number; years on the day */
	unsigned tags;	/* bit i: care_conf.tag[i] */
	unsigned cats;	/* bit k: care_conf.cat[k]; never 0 */
	enum care_cadence cadence;
	int last_visit; /* day number, CARE_NO_DAY: never (on or before the day) */
};

struct care_people;

int care_people_open(sqlite3 *db, const struct care_conf *c, int day, enum care_order order,
		     struct care_people **out, struct shequ_err *e);
/* The next person in a category into *P; *P NULL at the end. */
int care_people_next(struct care_people *it, const struct care_person **p, struct shequ_err *e);
void care_people_close(struct care_people *it);

#endif
